"""The autograder: a pipeline with one place per stage (see README.md here).

`spec` reads an assignment, `submission` copies what was handed in, `uids` and `sandbox`
contain it, `live` runs its app and the grader's pytest plugin, `grading` turns what was
observed into a `results` object; `batch`, `gradescope` and `github` run that pipeline for a
class, in Gradescope and on pull requests. It stands on `courseware` and never imports `course`.
"""
