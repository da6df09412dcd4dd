"""Grading one submission, one module per kind of assignment.

`grade.grade` copies the submission and hands it to `contract` (a hidden contract suite against
the live app), `student_tests` (the student's tests against the reference and its `mutants`) or
`setup` (the environment check); `live_suite` runs a suite against the live app for the first
and the last; `calibrate` proves an assignment before it is released.
"""
