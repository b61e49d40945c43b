"""Validation of action-plan rows as partnerships write them (statuses, agencies, dates)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from cseboard.models.plan import PLAN_STATUSES, PlanRow, parse_status


@given(
    st.sampled_from(PLAN_STATUSES),
    st.lists(st.booleans(), min_size=20, max_size=20),
    st.sampled_from([" ", "-", "_", "  ", " - "]),
    st.text(alphabet=" \t", max_size=3),
)
def test_any_case_and_separator_reads_as_the_status(
    status: str, upper: list[bool], separator: str, padding: str
) -> None:
    words = status.replace("_", separator)
    written = "".join(c.upper() if u else c for c, u in zip(words, upper * 3, strict=False))
    assert parse_status(f"{padding}{written}{padding}") == status


@given(st.text(max_size=20))
def test_anything_else_is_refused_or_a_status(text: str) -> None:
    try:
        status = parse_status(text)
    except ValueError as e:
        assert "is not a plan status" in str(e)
    else:
        assert status in PLAN_STATUSES


def row(**changes: object) -> PlanRow:
    values: dict[str, object] = {
        "objective": "Reduce repeat missing",
        "action": "Offer interviews",
        "owner_agency": "Children's Social Care",
        "owner_role": "Head of Service",
        "due_date": date(2099, 1, 31),
        "status": "On track",
        "update": "  ",
    }
    values.update(changes)
    return PlanRow(**values)  # type: ignore[arg-type]


def test_agency_words_become_a_code_and_a_blank_update_is_none() -> None:
    r = row()
    assert (r.owner_agency, r.status, r.update) == ("childrens_social_care", "on_track", None)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("objective", " "),
        ("action", ""),
        ("owner_role", None),
        ("status", "Amber"),
        ("owner_agency", "Police / CID"),
        ("action", "x" * 2001),
    ],
)
def test_broken_rows_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        row(**{field: value})
