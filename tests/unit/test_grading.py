"""3x5x2 grading, and legacy 5x5x5 kept as given and mapped where a mapping exists."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cseboard.models.grading import parse_grading


@given(st.sampled_from("123"), st.sampled_from("ABCDE"), st.sampled_from("PC"))
def test_every_3x5x2_grading_parses(source: str, assessment: str, handling: str) -> None:
    conditions = "police only" if handling == "C" else None
    grading = parse_grading(source, assessment.lower(), handling, conditions)
    assert grading.code == f"{source}{assessment}{handling}"
    assert grading.legacy is None
    assert grading.builds_links is (assessment != "E")


def test_handling_code_c_needs_conditions() -> None:
    with pytest.raises(ValueError, match="handling_conditions"):
        parse_grading("1", "A", "C", "")


@given(st.sampled_from("ABCDE"), st.sampled_from("12345"), st.sampled_from("12345"))
def test_legacy_5x5x5_is_kept_and_mapped(source: str, intel: str, handling: str) -> None:
    grading = parse_grading(source, intel, handling, None)
    assert grading.legacy is not None
    assert str(grading.legacy) == f"{source}{intel}{handling}"
    assert (grading.source_evaluation is None) is (source == "C")
    assert (grading.intelligence_assessment is None) is (intel == "4")
    assert grading.handling_code.value == ("P" if handling in "12" else "C")
    if grading.handling_code.value == "C":
        assert grading.handling_conditions


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (("4", "A", "P"), "neither"),
        (("1", "F", "P"), "neither"),
        (("1", "A", "X"), "P or C"),
        (("A", "1", "9"), "1-5"),
        (("", "A", "P"), "needs"),
    ],
)
def test_bad_gradings_are_rejected(values: tuple[str, str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_grading(*values, None)
