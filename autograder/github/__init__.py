"""Grading pull requests on GitHub: what the grading workflows run,
`python -m autograder.github COMMAND` (`cli`, `__main__`).

Both deployments (autograder/DEPLOYMENTS.md) grade in the same three steps, each with only the
privilege it needs:

1. Gather (`fork`, `classroom`; holds a token, runs nothing from a student): decide what to
   grade and put each submission in a work folder (`work`): `WORK/<key>/plan.json` and
   `WORK/<key>/submission/`.
   - `prepare-artifact` (fork deployment, in the trusted `workflow_run` job): the pull request
     is found from the event (never from the artifact, which the student's run made), the
     artifact must be exactly the files of the pull request's commit (compared with the
     commit's git tree through the API), and a commit that already has a grade is skipped.
   - `find-heads` then `fetch-heads` (classroom deployment, in the staff's grading repository):
     open pull requests across the class's repositories whose head commit has no grade yet,
     split over several runners; each runner downloads its share as tarballs (data, not a
     checkout).
2. `grade` (`grading`; holds no token; runs as root so that the sandbox can drop to an
   unprivileged uid): grades every prepared submission with `autograder.grading.grade.grade`,
   in the sandbox, and writes `result.json`. It re-executes itself without any variable that
   looks like a credential, and refuses to run without bubblewrap unless told
   `--allow-unsandboxed`.
3. `report` (`report`; holds a token, runs nothing from a student): one comment per pull
   request, found by a hidden marker and by its author (`comments`) and updated in place on
   each push; a commit status; and the job's step summary. The marker records the graded
   commit, which is how an unchanged head is recognised and not graded again.

What students can see (comment, status, summary, this program's output) is built only from the
`GradeResult`, whose messages never quote test code (see `autograder.live.messages`).

The workflows themselves, which `course export` writes into a student repository or the
staff's grading repository, are in `templates/`. The GitHub API (`client`) is reached at
`GITHUB_API_URL` with the token in `GITHUB_TOKEN`; the other inputs are the variables GitHub
Actions sets (`GITHUB_REPOSITORY`, `GITHUB_EVENT_PATH`, `GITHUB_OUTPUT`,
`GITHUB_STEP_SUMMARY`).
"""

from pathlib import Path

# The workflows (and their companion files) of the fork and classroom deployments.
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
