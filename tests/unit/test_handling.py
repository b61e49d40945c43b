"""Handling conditions: one parser; no wording grants an agency that is not explicitly listed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cseboard.access.scope import may_see_item
from cseboard.models.exchange import IntelligenceRow
from cseboard.models.handling import allowed_agencies, format_conditions, parse_conditions
from cseboard.models.users import Role, User

AGENCIES = ("police", "education", "health", "childrens_social_care", "youth_offending")
WORDS = (
    "share_with",
    "share with",
    "SHARE_WITH",
    ":",
    ";",
    ",",
    " ",
    "  ",
    "only",
    "not",
    "NOT to be shared with",
    "schools",
    "school",
    "mental health",
    "nhs",
    "csc",
    "children's social care",
    "police only",
    "–",
    "-",
    "\n",
    "and",
    "except",
    *AGENCIES,
)


def _explicitly_listed(text: str) -> set[str]:
    """What a reader sees as listed: the ';' items after a leading ``share_with:``."""
    lowered = text.lower().lstrip()
    if not lowered.startswith("share_with") or ":" not in lowered:
        return set()
    head, _, rest = lowered.partition(":")
    if head.strip() != "share_with":
        return set()
    return {item.strip() for item in rest.split(";")}


wording = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(WORDS), max_size=12).map("".join),
    st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join),
)


@given(wording)
def test_no_wording_grants_an_agency_that_is_not_explicitly_listed(text: str) -> None:
    granted = parse_conditions(text).share_with
    assert granted <= _explicitly_listed(text)
    for agency in AGENCIES:
        user = User(
            username="u",
            display_name="u",
            roles=frozenset({Role.OPERATIONAL}),
            agency=agency,
            operations=frozenset({"OP"}),
        )
        if agency in _explicitly_listed(text) or agency == "police":
            continue
        assert not may_see_item(user, holder="police", handling_code="C", conditions=text)


@given(
    st.lists(st.sampled_from(AGENCIES), max_size=5),
    st.sampled_from(["share_with:", "Share_With :", "  share_with:  "]),
    st.sampled_from(["; ", ";", " ;  "]),
)
def test_a_share_with_list_grants_exactly_its_agencies(
    codes: list[str], keyword: str, separator: str
) -> None:
    read = parse_conditions(keyword + separator.join(codes))
    assert read.readable and read.share_with == set(codes)
    assert read.text == format_conditions(codes)
    assert parse_conditions(read.text) == read


@pytest.mark.parametrize(
    "text",
    [
        "Police only – NOT to be shared with schools",
        "mental health",
        "police; childrens_social_care only",
        "share_with: children's social care",
        "share_with: health, police",
        "share with: health",
        "not share_with: health",
        "share_with: health\nand schools",
    ],
)
def test_wording_that_is_not_a_list_is_read_as_the_holder_only(text: str) -> None:
    read = parse_conditions(text)
    assert not read.readable and read.share_with == frozenset()
    assert allowed_agencies("police", text) == {"police"}


def test_an_import_row_lands_unreadable_conditions_with_a_warning() -> None:
    row = IntelligenceRow.model_validate(
        {
            "agency": "police",
            "source_ref": "I-1",
            "reported_at": "01/02/2025 10:00",
            "category": "sighting",
            "summary": "Seen at the park",
            "source_evaluation": "1",
            "intelligence_assessment": "A",
            "handling_code": "C",
            "handling_conditions": "Police only – NOT to be shared with schools",
        }
    )
    assert row.grading.handling_conditions == "Police only – NOT to be shared with schools"
    [(column, value, reason)] = row.warnings()
    assert column == "handling_conditions" and "originating agency only" in reason
    assert value == "Police only – NOT to be shared with schools"
