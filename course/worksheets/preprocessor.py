"""The step of `nbgrader autograde` that runs a submission, replaced for the worksheets.

nbgrader's own `Execute` runs the whole notebook, test cells included, in the student's
kernel and scores each test cell by its outputs: an error is 0, a number printed last is
partial credit. `ChecksApartFromStudentCode` takes its place in
`Autograde.autograde_preprocessors` (`kernel_environment` writes that configuration): it runs
the student's cells, and only those, in the student's sandboxed kernel, exports the answers as
plain data, runs the checks apart from the student's code (`course.worksheets.checks`), and
gives each test cell an output of its own making, which nbgrader's `SaveAutoGrades` then
scores and writes to the gradebook once the kernel is gone. Nothing the student's kernel
prints lands in a test cell, so nothing there can pass for a score.
"""

import copy
import os
from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_output
from nbgrader.preprocessors import Execute

from course.worksheets.answers import answer_names, export_source, exported_answers
from course.worksheets.catalogue import WORKSHEETS_BY_ID
from course.worksheets.checks import CheckResult, run_checks
from course.worksheets.notebooks import read_notebook
from courseware.errors import CourseError

PASSED = "Passed (checked in a fresh interpreter, apart from your notebook's code)."


def is_test_cell(cell: NotebookNode) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def student_message(result: CheckResult) -> str:
    """What the student may read of a failed check: an assertion's message is the author's
    words; another error's message only where the failing line is one the student can see
    (a hidden line's error could quote hidden data)."""
    if result.assertion:
        return result.message or "a check failed"
    if result.hidden_line:
        return f"a hidden check stopped with {result.error}"
    return f"{result.error}: {result.message}" if result.message else result.error


def outputs_for(result: CheckResult | None, note: str) -> list[NotebookNode]:
    """The outputs nbgrader scores a test cell by: a line for a pass, an error for a fail.

    The error's value is what a student may read; its traceback line, for the TA, adds the
    raw error and why the answers could not be read, when they could not.
    """
    if result is None:
        result = CheckResult("", False, "UnknownTest", "this cell is not a test of the worksheet")
    if result.passed:
        return [new_output("stream", name="stdout", text=PASSED + "\n")]
    detail = f"{result.error}: {result.message}"
    if result.hidden_line:
        detail += " (on a hidden line)"
    if note:
        detail += f" [{note}]"
    shown = student_message(result)
    return [new_output("error", ename=result.error, evalue=shown, traceback=[detail])]


class ChecksApartFromStudentCode(Execute):
    """nbgrader's Execute for the student's cells; the checks apart, on the answers as data."""

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        assignment = resources["nbgrader"]["assignment"]
        sheet = WORKSHEETS_BY_ID.get(assignment)
        if sheet is None:
            raise CourseError(f"{assignment!r} is not one of the course's worksheets")
        root = Path(self.config.CourseDirectory.get("root") or os.getcwd())
        source = read_notebook(sheet.source(root))

        tests = {index for index, cell in enumerate(nb.cells) if is_test_cell(cell)}
        student = copy.deepcopy(nb)
        student.cells = [cell for index, cell in enumerate(nb.cells) if index not in tests]
        student.cells.append(new_code_cell(export_source(answer_names(source))))
        student, resources = super().preprocess(student, resources)
        export = student.cells.pop()
        ran = iter(student.cells)
        nb.cells = [cell if index in tests else next(ran) for index, cell in enumerate(nb.cells)]
        nb.metadata = student.metadata

        printed = "".join(
            output.get("text", "")
            for output in export.get("outputs", [])
            if output.get("output_type") == "stream" and output.get("name") == "stdout"
        )
        note = ""
        try:
            answers = exported_answers(printed)
        except ValueError as problem:
            answers, note = {}, str(problem)
        results = run_checks(sheet, source, answers, dict(os.environ))
        for index in tests:
            cell = nb.cells[index]
            grade_id = cell.metadata.nbgrader.get("grade_id", "")
            cell.outputs = outputs_for(results.get(grade_id), note)
            cell.execution_count = None
        return nb, resources
