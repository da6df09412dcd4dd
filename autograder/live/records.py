"""What the grader's own pytest process tells the grader: one JSON line per event, in a file.

The plugin (`autograder.live.plugin`) writes a line as each thing happens, so a run that is cut
short (the total time limit, a crash of the grader's pytest) keeps every verdict it reached;
the grader (`autograder.grading.live_suite`) reads them back as these types. The lines are

    {"type": "collected", "tests": [[id, name, file], ...]}    every test, before any runs
    {"type": "test", "id": ..., "outcome": "passed", ...}       one per test, as it finishes
    {"type": "session", "notes": [...], "startup_error": ...}   at the end of the session
"""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from courseware.errors import CourseError

# (method, path, status) of a request the test made
Request = tuple[str, str, int]


@dataclass(frozen=True)
class CollectedTest:
    id: str  # pytest's node id
    name: str  # the test function's name, with parameters
    file: str  # the test file's name


@dataclass
class TestRecord:
    """One test's verdict, and what the student is told about it."""

    __test__ = False  # not a pytest test class

    id: str
    file: str
    name: str
    doc: str  # the first line of the test's docstring: the contract in one sentence
    # passed | failed | skipped (the suite skips a test that starts an app of its own: it has
    # nothing to say about the live app, and gets no row where it is not scored)
    outcome: str
    message: str  # the author's words on what went wrong ("" when passed)
    step: str = ""  # the visible test's line that failed: "line 73: assert ..."
    requests: list[Request] = field(default_factory=list)  # the last few, newest last
    points: float = 1.0
    visibility: str | None = None  # from @pytest.mark.visibility; None: decided by the file
    given: bool = False
    timed_out: bool = False  # it failed on a time limit
    retried: bool = False  # it ran out of time, and this is its second run, alone
    waited: float = 0.0  # seconds a thread it needed waited for a processor (timed out only)
    starved: bool = False  # it timed out while the machine kept its threads from a processor
    # The id of @pytest.mark.homework("...") on the test: the capstone's visible tests of a
    # milestone live beside the given ones, marked one by one (CourseHub's: test_hwNN_ files).
    homework: str | None = None

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"

    @property
    def skipped(self) -> bool:
        return self.outcome == "skipped"

    @classmethod
    def not_run(cls, test: CollectedTest) -> "TestRecord":
        return cls(
            id=test.id,
            file=test.file,
            name=test.name,
            doc="",
            outcome="failed",
            message="Not run: grading stopped before this check (time limit).",
        )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "TestRecord":
        fields = {k: v for k, v in data.items() if k != "type"}
        fields["requests"] = [tuple(request) for request in fields.get("requests", [])]
        return cls(**fields)


@dataclass
class SessionRecord:
    notes: list[str] = field(default_factory=list)
    startup_error: str | None = None  # why the app never started, in words for the student
    # The checks after which the app was restarted, because it no longer answered.
    restarted_after: list[str] = field(default_factory=list)


@dataclass
class RunRecords:
    """Everything one run of the grader's pytest left in its results file."""

    tests: list[TestRecord]
    session: SessionRecord
    collected: list[CollectedTest]


class ResultsFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def _append(self, entry: dict[str, Any]) -> None:
        with open(self.path, "a", encoding="utf-8") as results:
            results.write(json.dumps(entry) + "\n")

    def write_collected(self, tests: list[CollectedTest]) -> None:
        self._append({"type": "collected", "tests": [[t.id, t.name, t.file] for t in tests]})

    def write_test(self, record: TestRecord) -> None:
        self._append({"type": "test", **asdict(record)})

    def write_session(self, session: SessionRecord) -> None:
        self._append({"type": "session", **asdict(session)})

    def read(self) -> RunRecords:
        tests: list[TestRecord] = []
        session = SessionRecord()
        collected: list[CollectedTest] = []
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                entry = json.loads(line)
                if entry["type"] == "session":
                    session = SessionRecord(
                        entry.get("notes", []),
                        entry.get("startup_error"),
                        entry.get("restarted_after", []),
                    )
                elif entry["type"] == "collected":
                    collected = [CollectedTest(*test) for test in entry["tests"]]
                else:
                    tests.append(TestRecord.from_json(entry))
        if not collected and not tests:
            raise CourseError(
                f"the grader's suite ran no tests (see {self.path.parent}); is it broken?"
            )
        return RunRecords(tests, session, collected)
