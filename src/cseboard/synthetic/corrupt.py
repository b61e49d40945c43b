"""Planted mistakes: the ones partners really send, each with its known outcome.

Two kinds, as the import treats them:

- a **broken record** (no reference, no or impossible event date, no summary or name, a grading
  that is neither 3x5x2 nor 5x5x5) is rejected. It is planted as an extra copy of a good row with
  its own ref and that one field broken, so the known answers never depend on it;
- an **optional-field problem** (an invalid NHS number, postcode, date of birth, coordinates or
  phone; a word outside a vocabulary and outside the agency's profile) lands without the field
  or with ``other``, the raw value kept. It is planted on a real record, and truth lists it, so
  that resolution and analysis are scored on what the import really keeps.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from cseboard.synthetic.identifiers import nhs_check_digit
from cseboard.synthetic.styles import AgencyStyle
from cseboard.synthetic.timeline import fmt_date, fmt_datetime

__all__ = [
    "FIELD_REASONS",
    "REASONS",
    "corrupt",
    "field_reasons_for",
    "plant_field_problem",
    "reasons_for",
]

REASONS: tuple[str, ...] = (
    "bad_grading", "future_date", "missing_required", "returned_before_missing",
)
FIELD_REASONS: tuple[str, ...] = (
    "bad_nhs_number", "bad_postcode", "future_dob", "bad_coordinates", "bad_phone",
    "unknown_category", "unknown_word",
)
_NHS_AGENCIES = frozenset({"health", "childrens_social_care"})
_REQUIRED: dict[str, tuple[str, ...]] = {
    "people": ("source_ref", "name"),
    "locations": ("source_ref", "name"),
    "intelligence": ("source_ref", "summary", "reported_at"),
    "missing_episodes": ("source_ref", "person_ref", "reported_missing_at"),
    "ssd_person": ("pers_person_id",),
    "ssd_missing": ("miss_table_id", "miss_la_person_id", "miss_mis_epi_start"),
}
# words no agency's profile maps: (column, words, outcome)
_UNKNOWN_WORDS: dict[str, tuple[tuple[str, tuple[str, ...], str], ...]] = {
    "people": (("gender", ("X", "Not stated"), "not_recorded"),),
    "locations": (("kind", ("car park", "garage", "flat above shop"), "kept_as_other"),),
    "intelligence": (("category", ("general concern", "csa", "intel log"), "kept_as_other"),),
    "missing_episodes": (("missing_from", ("friends house", "hospital"), "not_recorded"),),
    "ssd_person": (("pers_sex", ("X", "I"), "not_recorded"),),
    "ssd_missing": (("miss_mis_epi_rhi_offered", ("Unknown", "N/K"), "not_recorded"),),
}
_BAD_POSTCODES = ("N/A", "XF3 4A", "XF34 4CI", "3XF 4AB", "XF3-4AB", "unknown")
_EVENT_DATE = {
    "intelligence": "reported_at",
    "missing_episodes": "reported_missing_at",
    "ssd_missing": "miss_mis_epi_start",
}
_DOB = {"people": "date_of_birth", "ssd_person": "pers_dob"}


def reasons_for(record_type: str, agency: str) -> tuple[str, ...]:
    """The record-breaking mistakes (rejected rows) a file of this type can carry."""
    reasons = ["missing_required"]
    if record_type in _EVENT_DATE:
        reasons.append("future_date")
    if record_type == "intelligence":
        reasons.append("bad_grading")
    if record_type == "missing_episodes":
        reasons.append("returned_before_missing")
    return tuple(reasons)


def field_reasons_for(record_type: str, agency: str, row: dict[str, str]) -> tuple[str, ...]:
    """The optional-field problems that can be planted on this real row."""
    reasons = []
    if record_type in _UNKNOWN_WORDS:
        reasons.append("unknown_category" if record_type == "intelligence" else "unknown_word")
    if record_type in {"people", "locations"}:
        reasons.append("bad_postcode")
    if record_type == "ssd_person" or (record_type == "people" and agency in _NHS_AGENCIES):
        reasons.append("bad_nhs_number")
    if record_type in _DOB:
        reasons.append("future_dob")
    if record_type == "locations" and row.get("latitude"):
        reasons.append("bad_coordinates")
    if record_type == "intelligence" and row.get("phones"):
        reasons.append("bad_phone")
    return tuple(reasons)


def _bad_nhs(rng: random.Random) -> str:
    nine = f"999{rng.randrange(1_000_000):06d}"
    check = nhs_check_digit(nine)
    wrong = rng.randrange(10) if check is None else (check + rng.randint(1, 9)) % 10
    return nine + str(wrong)


def _bad_grading(rng: random.Random, row: dict[str, str]) -> str:
    if row["source_evaluation"] in {"1", "2", "3"}:
        choice = rng.randrange(3)
        if choice == 0:
            row["source_evaluation"] = "4"
            return "source_evaluation"
        if choice == 1:
            row["intelligence_assessment"] = "F"
            return "intelligence_assessment"
    row["handling_code"] = "X"
    return "handling_code"


def _future(as_of: date, rng: random.Random) -> date:
    """The classic typo: the right day, a century out."""
    return date(as_of.year + 100, rng.randint(1, 12), rng.randint(1, 28))


def corrupt(
    record_type: str, reason: str, row: dict[str, str], rng: random.Random, *,
    as_of: date, when: datetime | None, style: AgencyStyle,
) -> str:
    """Break what makes the record in ``row`` (a copy) for ``reason``; returns the column."""
    if reason == "missing_required":
        column = rng.choice(_REQUIRED[record_type])
        if column == "name" and record_type == "people":
            row["first_name"] = row["last_name"] = row["aliases"] = ""
            return "first_name"
        row[column] = ""
        return column
    if reason == "bad_grading":
        return _bad_grading(rng, row)
    if reason == "future_date":
        column = _EVENT_DATE[record_type]
        day = _future(as_of, rng)
        row[column] = fmt_datetime(datetime(day.year, day.month, day.day, 21, 30),
                                   style.datetime_style)
        for later in ("returned_at", "miss_mis_epi_end"):
            if later in row:
                row[later] = ""
        return column
    if reason == "returned_before_missing":
        start = when or datetime(as_of.year - 1, 6, 1, 20, 0)
        row["reported_missing_at"] = fmt_datetime(start, style.datetime_style)
        row["returned_at"] = fmt_datetime(
            start - timedelta(hours=rng.randint(1, 48)), style.datetime_style
        )
        return "returned_at"
    raise ValueError(f"unknown reason {reason!r}")


def _append(cell: str, item: str) -> str:
    """One more list item, with the separator the cell already uses."""
    if not cell:
        return item
    separator = "," if "," in cell and ";" not in cell else ";"
    return f"{cell}{separator}{item}"


def plant_field_problem(
    record_type: str, reason: str, row: dict[str, str], rng: random.Random, *,
    as_of: date, style: AgencyStyle,
) -> tuple[str, str]:
    """Break one optional field of the real ``row`` in place; returns (column, outcome)."""
    if reason in {"unknown_category", "unknown_word"}:
        column, words, outcome = rng.choice(_UNKNOWN_WORDS[record_type])
        row[column] = rng.choice(words)
        return column, outcome
    if reason == "bad_postcode":
        row["postcode"] = rng.choice(_BAD_POSTCODES)
        return "postcode", "field_dropped"
    if reason == "bad_nhs_number":
        column = "pers_common_child_id" if record_type == "ssd_person" else "nhs_number"
        row[column] = _bad_nhs(rng)
        return column, "field_dropped"
    if reason == "future_dob":
        column = _DOB[record_type]
        row[column] = fmt_date(_future(as_of, rng), style.date_style)
        return column, "field_dropped"
    if reason == "bad_coordinates":
        row["latitude"] = rng.choice(("0", "91.5", "5.3"))
        return "latitude", "field_dropped"
    if reason == "bad_phone":
        row["phones"] = _append(row["phones"], rng.choice(("n/a", "unknown", "withheld")))
        return "phones", "field_dropped"
    raise ValueError(f"unknown reason {reason!r}")
