"""The lower floor that the `course` tools and the autograder share.

It holds the facts of the term and of the repository (paths, weeks, homework, the calendar),
the week markers and the renderer that turns `solutions/` into any week's code, the pinned
versions of `uv.lock`, and small file helpers. It imports neither `course` nor `autograder`:
both stand on it, and the autograder's Gradescope bundle ships it whole.
"""
