"""Hidden-suite strength as a number: the homework's part of the reference mutated by
cosmic-ray's operators, every mutant graded black-box, the committed scores current."""

import pytest

from autograder.grading.mutation import (
    TARGET,
    answer_lines,
    committed_score,
    equivalents,
    grade_mutants,
    mutants_of,
    mutation_score,
    score_report,
)
from autograder.spec import assignment_ids, load_assignment
from tests.support.commands import run_course
from tests.support.markers import needs_bubblewrap

# Every contract homework: a new one is held to the target the day its folder lands.
CONTRACT_HOMEWORK = [a for a in assignment_ids() if load_assignment(a).kind == "contract"]


def test_mutants_come_only_from_the_lines_the_starter_lacks():
    assignment = load_assignment("hw04")
    lines = answer_lines(assignment)
    mutants = mutants_of(assignment)
    assert mutants and all(m.line in lines[m.file] for m in mutants)
    # hw05's size limit is not in week 5, and list_groups is given in the starter.
    assert not any("max_members" in m.diff or "def list_groups" in m.diff for m in mutants)
    assert {m.file for m in mutants} <= set(lines)
    # Type annotations are never mutated: `int | None` -> `int + None` only breaks the import.
    assert not any(m.operator.startswith("ReplaceBinaryOperator_BitOr") for m in mutants)


@pytest.mark.parametrize("assignment_id", CONTRACT_HOMEWORK)
def test_the_committed_mutation_score_is_current_and_reaches_the_target(assignment_id):
    assignment = load_assignment(assignment_id)
    committed = committed_score(assignment)
    rerun = f"run `uv run course calibrate {assignment_id} --mutation` and commit mutation.json"
    assert committed is not None, f"{assignment_id} has no mutation score: {rerun}"
    current = {m.id for m in mutants_of(assignment)}
    assert set(committed["outcomes"]) == current, (
        f"the reference's {assignment_id} part or the operators changed since the score: {rerun}"
    )
    assert committed["score"] >= TARGET, [s["diff"] for s in committed["survivors"]]
    marked = equivalents(assignment)
    assert set(marked) <= current, "equivalent-mutants.toml names a mutant that no longer exists"
    assert all(committed["outcomes"][mutant] == "equivalent" for mutant in marked)
    judged = committed["killed"] + committed["survived"]
    assert committed["score"] == round(committed["killed"] / judged, 4)


@needs_bubblewrap
def test_a_mutant_is_graded_like_a_submission_and_counted_by_what_the_grade_caught():
    """Two hw03 mutants: one the hidden suite catches (a course's delete refused because of
    another course's group), one no client can tell apart (marked equivalent, with reason)."""
    assignment = load_assignment("hw03")
    by_id = {m.id: m for m in mutants_of(assignment)}
    caught, harmless = by_id["0acd211a33"], by_id["bb93565c90"]
    assert ">=" in caught.diff and "limit( 2)" in harmless.diff
    outcomes = grade_mutants(assignment, [caught, harmless], jobs=2, seed=11)
    status = {outcome.mutant.id: outcome for outcome in outcomes}
    assert status[caught.id].status == "killed"
    assert any("deleted" in name for name in status[caught.id].failed)
    assert status[harmless.id].status == "survived"
    score = mutation_score(assignment, outcomes)
    assert score.outcomes == {caught.id: "killed", harmless.id: "equivalent"}
    assert score.score == 1.0 and score.survivors == []
    assert "killed 1, survived 0, equivalent 1" in "\n".join(score_report(score))


def test_bad_mutation_requests_are_explained():
    not_contract = run_course("calibrate", "hw01", "--mutation")
    assert not_contract.returncode == 2 and "contract assignment" in not_contract.stderr
    unknown = run_course("calibrate", "hw04", "--mutation", "--mutant", "0000000000")
    assert unknown.returncode == 2 and "hw04 has no mutant 0000000000" in unknown.stderr
    stray = run_course("calibrate", "hw04", "--mutant", "0000000000")
    assert stray.returncode == 2 and "--mutant goes with --mutation" in stray.stderr
