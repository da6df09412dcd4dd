"""nbgrader's configuration for the CourseHub worksheets (this folder is the course directory).

nbgrader reads this file from the folder it runs in: run every `nbgrader` command from here
(`cd worksheets`), as README.md shows.
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 (nbgrader defines get_config when it loads this file)

c.CourseDirectory.course_id = "coursehub"
# The folder of this file, wherever the repository is cloned (or copied, as the tests do).
c.CourseDirectory.root = str(Path(__file__).resolve().parent)

# Where `nbgrader release_assignment`, `fetch_assignment`, `submit` and `collect` meet on a
# shared JupyterHub. nbgrader's default, unless NBGRADER_EXCHANGE names another folder.
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", "/srv/nbgrader/exchange")

# A worksheet cell may start the CourseHub app and send it requests: give it time on a slow
# machine, but stop a submission that loops forever.
c.Execute.timeout = 120

# `nbgrader zip_collect` (no hub: submissions downloaded from the learning platform as
# downloaded/<assignment>/archive/*.zip or *.ipynb) reads the student id from the file name:
# <student id>_<notebook>.ipynb, such as ada_sql-worksheet.ipynb. Adapt it to the names your
# platform gives downloads; nbgrader matches it against the file's whole path.
c.FileNameCollectorPlugin.named_regexp = (
    r".*/(?P<student_id>[A-Za-z0-9.@-]+)_(?P<file_id>[A-Za-z0-9-]+\.ipynb)$"
)

# A test cell a student deleted comes back before grading, so deleting a failing test cannot
# raise a score.
c.OverwriteCells.add_missing_cells = True
