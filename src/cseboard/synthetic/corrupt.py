"""Planted bad rows: the mistakes partners really send, one per row, each caught by validation.

A bad row is an extra copy of a good row with its own ref and one field broken, so the known
answers (groups, same-person sets) never depend on whether the import rejected it.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from cseboard.synthetic.identifiers import nhs_check_digit
from cseboard.synthetic.styles import AgencyStyle
from cseboard.synthetic.timeline import fmt_date, fmt_datetime

__all__ = ["REASONS", "corrupt", "reasons_for"]

REASONS: tuple[str, ...] = (
    "bad_nhs_number", "bad_grading", "future_date", "missing_required", "bad_postcode",
    "returned_before_missing", "unknown_category",
)
_NHS_AGENCIES = frozenset({"health", "childrens_social_care"})
_REQUIRED: dict[str, tuple[str, ...]] = {
    "people": ("source_ref", "role"),
    "locations": ("source_ref", "name", "kind"),
    "intelligence": ("source_ref", "summary", "reported_at"),
    "missing_episodes": ("source_ref", "person_ref", "reported_missing_at"),
    "ssd_person": ("pers_person_id",),
    "ssd_missing": ("miss_table_id", "miss_la_person_id", "miss_mis_epi_start"),
}
_UNKNOWN: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "people": (("role", ("parent", "professional", "suspect")),),
    "locations": (("kind", ("car_park", "garage", "flat above shop")),),
    "intelligence": (("category", ("general_concern", "csa", "intel_log")),),
    "missing_episodes": (
        ("missing_from", ("friends_house", "hospital")),
        ("police_risk_level", ("absent", "critical")),
    ),
    "ssd_person": (("pers_sex", ("X", "I")),),
    "ssd_missing": (("miss_mis_epi_type", ("U", "R")),),
}
_BAD_POSTCODES = ("N/A", "XF3 4A", "XF34 4CI", "3XF 4AB", "XF3-4AB", "unknown")
_DATE_COLUMN = {
    "people": "date_of_birth",
    "intelligence": "reported_at",
    "missing_episodes": "reported_missing_at",
    "ssd_person": "pers_dob",
    "ssd_missing": "miss_mis_epi_start",
}
_DATE_ONLY = frozenset({"date_of_birth", "pers_dob"})


def reasons_for(record_type: str, agency: str) -> tuple[str, ...]:
    """The mistakes that can happen in a file of this type from this agency."""
    reasons = ["missing_required", "unknown_category"]
    if record_type in _DATE_COLUMN:
        reasons.append("future_date")
    if record_type in {"people", "locations"}:
        reasons.append("bad_postcode")
    if record_type == "ssd_person" or (record_type == "people" and agency in _NHS_AGENCIES):
        reasons.append("bad_nhs_number")
    if record_type == "intelligence":
        reasons.append("bad_grading")
    if record_type == "missing_episodes":
        reasons.append("returned_before_missing")
    return tuple(reasons)


def _bad_nhs(rng: random.Random) -> str:
    nine = f"999{rng.randrange(1_000_000):06d}"
    check = nhs_check_digit(nine)
    wrong = rng.randrange(10) if check is None else (check + rng.randint(1, 9)) % 10
    return nine + str(wrong)


def _bad_grading(rng: random.Random, row: dict[str, str]) -> str:
    if row["source_evaluation"] in {"1", "2", "3"}:
        choice = rng.randrange(4)
        if choice == 0:
            row["source_evaluation"] = "4"
            return "source_evaluation"
        if choice == 1:
            row["intelligence_assessment"] = "F"
            return "intelligence_assessment"
        if choice == 2:
            row["handling_code"], row["handling_conditions"] = "C", ""
            return "handling_conditions"
    row["handling_code"] = "X"
    return "handling_code"


def corrupt(
    record_type: str, reason: str, row: dict[str, str], rng: random.Random, *,
    as_of: date, when: datetime | None, style: AgencyStyle,
) -> str:
    """Break one field of ``row`` in place for ``reason``; returns the column broken."""
    if reason == "missing_required":
        column = rng.choice(_REQUIRED[record_type])
        row[column] = ""
        return column
    if reason == "unknown_category":
        column, values = rng.choice(_UNKNOWN[record_type])
        row[column] = rng.choice(values)
        return column
    if reason == "bad_postcode":
        row["postcode"] = rng.choice(_BAD_POSTCODES)
        return "postcode"
    if reason == "bad_nhs_number":
        column = "pers_common_child_id" if record_type == "ssd_person" else "nhs_number"
        row[column] = _bad_nhs(rng)
        return column
    if reason == "bad_grading":
        return _bad_grading(rng, row)
    if reason == "future_date":
        column = _DATE_COLUMN[record_type]
        # the classic typo: the right day, a century out
        day = date(as_of.year + 100, rng.randint(1, 12), rng.randint(1, 28))
        if column in _DATE_ONLY:
            row[column] = fmt_date(day, style.date_style)
        else:
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
