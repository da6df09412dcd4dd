"""`course export WEEK --out DIR [--deployment fork|classroom]`: a student repository, ready to
push (as the class repository, or as a template for GitHub Classroom).

What the repository gets, and why:

- the week's starter and its visible tests, rendered from `solutions/` (never a hidden test);
- `README.md` for that week's homework: due date, how to start, how to hand it in with this
  deployment, the homework page with its behavior contracts, then the app's own README. Links
  to course pages go to the course website when its address is given, and otherwise name
  the page and where the site's navigation shows it (never a dead link);
- `PLAN.md` written for students: the term week by week, where things are, how to run and
  test (the starter's PLAN.md is the instructors' map, and stays in `solutions/`);
- `pyproject.toml` pinned to this repository's `uv.lock`: the direct dependencies (as in every
  starter) and, as uv constraints, everything they pull in; and a `uv.lock` that uv writes
  for it, refused unless it holds exactly this repository's versions, so that a student's
  `uv sync` installs what the course was tested with instead of resolving afresh;
- `.devcontainer/devcontainer.json`, so that a codespace opens ready to run the tests;
- the workflows of the chosen deployment (see `autograder/DEPLOYMENTS.md`): `fork` (one class
  repository that students fork, graded by a trusted `workflow_run` job in it) or `classroom`
  (one repository per student, graded from the staff's private grading repository, which the
  export writes too, beside the student repository).

The student repository's own templates are `templates/student/` here, the deployments'
workflows `autograder/github/templates/` (see `values`); `@@NAME@@` placeholders are filled
with `courseware.templates.fill`, and a template that names a placeholder nobody fills is an
error, not a silent hole. `readme` writes the README (`site_links` its links), `plan` the
student PLAN.md, `pins` the constraints, `lockfile` the lock, `repository` the whole tree and
`report` what the command says it wrote.
"""
