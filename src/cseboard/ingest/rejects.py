"""The rejects report: one CSV line per problem, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import ValidationError

from cseboard.models.values import neutralise_formula

__all__ = ["Outcome", "Problem", "problems_from_validation", "write_report"]

REPORT_COLUMNS = ("file", "line", "column", "value", "reason", "outcome")


class Outcome(StrEnum):
    """What happened to the row: only ``rejected`` keeps it out of the store
    (``landed_without_value``: the row landed without the optional value reported)."""

    REJECTED = "rejected"
    PENDING_REFERENCE = "pending_reference"
    IGNORED_COLUMN = "ignored_column"
    LANDED_WITHOUT_VALUE = "landed_without_value"


@dataclass(frozen=True)
class Problem:
    """One line of the rejects report."""

    file: str
    line: int
    column: str
    value: str
    reason: str
    outcome: Outcome = Outcome.REJECTED


_GRADING_WORDS = ("grading", "3x5x2", "5x5x5", "handling code")


def _column_of(loc: tuple[int | str, ...], message: str) -> str:
    if loc:
        return str(loc[0])
    lowered = message.lower()
    if any(word in lowered for word in _GRADING_WORDS):
        if "handling" in lowered and "condition" in lowered:
            return "handling_conditions"
        return "source_evaluation/intelligence_assessment/handling_code"
    for column in ("returned_at", "latitude", "rhi_completed_at", "first_name", "absence_type"):
        if column.split("_")[0] in lowered:
            return column
    return "(row)"


def problems_from_validation(
    error: ValidationError, *, file: str, line: int, values: dict[str, str | None]
) -> list[Problem]:
    """Turn a pydantic error into report lines naming the column and the value given."""
    problems = []
    for item in error.errors(include_url=False):
        message = str(item["msg"]).removeprefix("Value error, ")
        column = _column_of(tuple(item["loc"]), message)
        if item["type"] == "missing":
            message = "required value is missing"
        value = values.get(column.split("/")[0]) or ""
        problems.append(Problem(file, line, column, value, message))
    return problems


def write_report(path: Path, problems: list[Problem]) -> None:
    """Write the report; values that look like formulas are neutralised for spreadsheets."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REPORT_COLUMNS)
        for p in problems:
            writer.writerow(
                [
                    neutralise_formula(p.file),
                    p.line,
                    neutralise_formula(p.column),
                    neutralise_formula(p.value[:200]),
                    neutralise_formula(p.reason),
                    p.outcome.value,
                ]
            )
