"""`course export WEEK --out DIR [--deployment fork|classroom]`: a student repository, ready to
push as a template.

What the repository gets, and why:

- the week's starter and its visible tests, rendered from `solutions/` (never a hidden test);
- `README.md` for that week's homework: due date, how to start, how to hand it in with this
  deployment, the homework page with its behavior contracts, then the app's own README;
- `pyproject.toml` pinned to this repository's `uv.lock`: the direct dependencies (as in every
  starter) and, as uv constraints, everything they pull in, so a student's `uv sync` installs
  exactly the versions the course was tested with;
- `.devcontainer/devcontainer.json`, so that a codespace opens ready to run the tests;
- the workflows of the chosen deployment (see `autograder/DEPLOYMENTS.md`): `fork` (one class
  repository that students fork, graded by a trusted `workflow_run` job in it) or `classroom`
  (one repository per student, graded from the staff's private grading repository, which the
  export writes too, beside the student repository).

The student repository's own templates are `templates/student/` here, the deployments'
workflows `autograder/github/templates/` (see `values`); `@@NAME@@` placeholders are filled
with `courseware.templates.fill`, and a template that names a placeholder nobody fills is an
error, not a silent hole. `readme` writes the README, `pins` the constraints, `repository`
the whole tree.
"""
