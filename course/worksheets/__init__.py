"""The worksheets: nbgrader assignments in `worksheets/`, and what the course tools do with them.

`catalogue` lists them; `notebooks` reads a notebook and its nbgrader regions; `nbgrader` runs
nbgrader's own commands; `steps` are the instructor's steps (generate, release, autograde,
export); `leaks` proves that no student version carries an answer or a hidden test.
"""
