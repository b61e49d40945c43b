"""Reporting periods and tables of the oversight figures: UK calendar months, quarters and
financial years (April to March), and monthly tables read from one suppressed grid."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from cseboard.access.suppression import Grid
from cseboard.models.oversight import Cell, MonthlyTable, ReportingPeriod, Series, Share
from cseboard.models.values import LONDON

__all__ = [
    "TOTAL",
    "Column",
    "add_additive_family",
    "add_months",
    "financial_year_of",
    "month_columns",
    "month_keys",
    "month_of",
    "monthly_table",
    "offered_periods",
    "period_columns",
    "share_of",
    "uk_midnight",
]

TOTAL = "total"
"""The column of a free range of months (the practice lead's view): the range as a whole."""


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_keys(last: date, count: int) -> list[str]:
    """``count`` months ending with the month of ``last``, oldest first.

    Examples
    --------
    >>> month_keys(date(2026, 2, 14), 3)
    ['2025-12', '2026-01', '2026-02']
    """
    first = add_months(last.replace(day=1), -(count - 1))
    return [add_months(first, i).strftime("%Y-%m") for i in range(count)]


def uk_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=LONDON).astimezone(UTC)


def month_of(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m")


def _first(month: str) -> date:
    return date.fromisoformat(f"{month}-01")


def financial_year_of(day: date) -> int:
    """The year in which the financial year holding ``day`` starts (April to March).

    Examples
    --------
    >>> financial_year_of(date(2025, 3, 31)), financial_year_of(date(2025, 4, 1))
    (2024, 2025)
    """
    return day.year if day.month >= 4 else day.year - 1


def _fy_key(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


@dataclass(frozen=True)
class Column:
    """One column of the figures: a month, a quarter, a financial year or a free range.

    Attributes
    ----------
    key: ``2025-01``, ``2024-25 Q4``, ``2024-25`` or ``total``.
    months: the months it covers, oldest first.
    parts: the columns it is the sum of, for figures that add up (episodes, not children).
    """

    key: str
    months: tuple[str, ...]
    parts: tuple[str, ...] = ()

    @property
    def start(self) -> datetime:
        return uk_midnight(_first(self.months[0]))

    @property
    def end(self) -> datetime:
        return uk_midnight(add_months(_first(self.months[-1]), 1))


def month_columns(months: Iterable[str]) -> list[Column]:
    """One column per month and the ``total`` column of the range (the practice lead's view)."""
    listed = list(months)
    return [*(Column(m, (m,)) for m in listed), Column(TOTAL, tuple(listed), tuple(listed))]


def offered_periods(today: date, *, years: int = 3) -> list[ReportingPeriod]:
    """The fixed reporting periods a strategic user may choose, newest first: the last
    ``years`` financial years (the current one to date) and each of their quarters begun by
    ``today``. Nothing else is offered, so no two views differ by a small count that the
    suppression of one grid has not seen.

    Examples
    --------
    >>> [p.key for p in offered_periods(date(2025, 8, 2), years=1)]
    ['2025-26', '2025-26 Q2', '2025-26 Q1']
    """
    current = financial_year_of(today)
    last_month = today.strftime("%Y-%m")
    periods: list[ReportingPeriod] = []
    for year in range(current, current - years, -1):
        fy = _fy_key(year)
        months = [m for m in month_keys(date(year + 1, 3, 1), 12) if m <= last_month]
        if not months:
            continue
        periods.append(
            ReportingPeriod(
                key=fy,
                kind="financial_year",
                label=f"Financial year {fy} (April {year} to March {year + 1})",
                months=months,
            )
        )
        year_months = month_keys(date(year + 1, 3, 1), 12)
        quarters = []
        for q in range(4):
            full = year_months[3 * q : 3 * q + 3]
            q_months = [m for m in full if m <= last_month]
            if not q_months:
                continue
            first, last = _first(full[0]), _first(full[-1])
            quarters.append(
                ReportingPeriod(
                    key=f"{fy} Q{q + 1}",
                    kind="quarter",
                    label=f"Q{q + 1} {fy} ({first:%B} to {last:%B %Y})",
                    months=q_months,
                )
            )
        periods.extend(reversed(quarters))
    return periods


def period_columns(periods: Iterable[ReportingPeriod]) -> list[Column]:
    """Every month, quarter and financial year of the offered periods, as one set of columns:
    a quarter is the sum of its months, a financial year the sum of its quarters."""
    listed = list(periods)
    months = sorted({m for p in listed for m in p.months})
    columns = [Column(m, (m,)) for m in months]
    quarters = {p.key: p for p in listed if p.kind == "quarter"}
    for p in sorted(quarters.values(), key=lambda p: p.months[0]):
        columns.append(Column(p.key, tuple(p.months), tuple(p.months)))
    for p in sorted((p for p in listed if p.kind == "financial_year"), key=lambda p: p.key):
        parts = tuple(q.key for q in quarters.values() if q.key.startswith(p.key + " "))
        columns.append(Column(p.key, tuple(p.months), tuple(sorted(parts))))
    return columns


def share_of(label: str, part: Cell, whole: Cell) -> Share:
    percent = None
    if part.value is not None and whole.value:
        percent = round(100.0 * part.value / whole.value, 1)
    return Share(label=label, part=part, whole=whole, percent=percent)


def monthly_table(
    grid: Grid,
    key: str,
    title: str,
    unit: str,
    months: list[str],
    rows: Iterable[tuple[str, str, bool]],
    *,
    total: str | None = TOTAL,
    prefix: str = "",
    note: str = "",
) -> MonthlyTable:
    """Rows are (series key, label, has a period total); the grid key of a series is
    ``prefix + key`` and its period total is the cell of column ``total``."""
    series = [
        Series(
            key=skey,
            label=label,
            cells=[grid.cell((prefix + skey, m)) for m in months],
            total=grid.cell((prefix + skey, total)) if has_total and total else None,
        )
        for skey, label, has_total in rows
    ]
    return MonthlyTable(key=key, title=title, unit=unit, months=months, series=series, note=note)


def add_additive_family(
    grid: Grid,
    prefix: str,
    rows: Iterable[tuple[str, str, int]],
    columns: list[Column],
    kinds: Mapping[str, str],
) -> dict[str, str]:
    """Counts per kind and month that add up over columns, with ``all`` kinds together.

    Returns the kinds (known ones first) with their labels. Every cell is displayed.
    """
    counts: dict[tuple[str, str], int] = {}
    for kind, month, n in rows:
        counts[(kind, month)] = counts.get((kind, month), 0) + n
    labels = dict(kinds)
    for kind in sorted({k for k, _ in counts}):
        labels.setdefault(kind, kind.replace("_", " ").capitalize())
    for column in columns:
        for kind in labels:
            if column.parts:
                value = sum(grid.values[(prefix + kind, p)] for p in column.parts)
            else:
                value = sum(counts.get((kind, m), 0) for m in column.months)
            grid.add((prefix + kind, column.key), value)
            if column.parts:
                grid.relate((prefix + kind, column.key), [(prefix + kind, p) for p in column.parts])
        everything = (prefix + "all", column.key)
        grid.add(everything, sum(grid.values[(prefix + k, column.key)] for k in labels))
        grid.relate(everything, [(prefix + k, column.key) for k in labels])
        if column.parts:
            grid.relate(everything, [(prefix + "all", p) for p in column.parts])
    return labels
