"""The rejects report: one CSV line per problem, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import ValidationError

from cseboard.models.values import neutralise_formula
from cseboard.private_files import private_writer

__all__ = [
    "REPORT_COLUMNS",
    "Outcome",
    "Problem",
    "problems_from_validation",
    "redact_report",
    "write_report",
]

REPORT_COLUMNS = ("file", "line", "column", "value", "reason", "outcome")


class Outcome(StrEnum):
    """What happened to the row: only ``rejected`` keeps it out of the store
    (``landed_without_value``: the row landed without the optional value reported)."""

    REJECTED = "rejected"
    PENDING_REFERENCE = "pending_reference"
    IGNORED_COLUMN = "ignored_column"
    RESTRICTED_READING = "restricted_reading"
    """The row landed, but a value was read in its most restrictive sense (handling
    conditions that are not a ``share_with:`` list: the originating agency only)."""
    ERASED = "erased"
    """The row (or a person it names) belongs to a person erased from the board: skipped."""
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
    """Write the report; values that look like formulas are neutralised for spreadsheets.

    A report quotes partner values (names, NHS numbers): it is readable by its owner only
    (0600 from creation) and replaces an earlier one atomically.
    """
    with private_writer(path) as handle:
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


def redact_report(path: Path, names_person: Callable[[dict[str, str]], bool]) -> int:
    """Remove the lines of a rejects report that ``names_person`` says name an erased person.

    The report is rewritten in place (0600, atomically) only when a line goes; it keeps any
    columns it has (reports of other versions may carry more). Returns the lines removed.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    kept = [row for row in rows if not names_person(row)]
    if len(kept) == len(rows):
        return 0
    with private_writer(path) as handle:
        writer = csv.DictWriter(handle, header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(kept)
    return len(rows) - len(kept)
