"""Monthly tables and periods of the oversight figures: UK calendar months, suppressed cells."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time

from cseboard.access.suppression import Grid
from cseboard.models.oversight import Cell, MonthlyTable, Series, Share
from cseboard.models.values import LONDON

__all__ = [
    "add_months",
    "add_summed_series",
    "month_keys",
    "month_of",
    "monthly_table",
    "share_of",
    "uk_midnight",
    "with_total",
]


def _month_start(day: date) -> date:
    return day.replace(day=1)


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
    first = add_months(_month_start(last), -(count - 1))
    return [add_months(first, i).strftime("%Y-%m") for i in range(count)]


def uk_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=LONDON).astimezone(UTC)


def month_of(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m")


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
    note: str = "",
) -> MonthlyTable:
    """Rows are (series key, label, has a period total)."""
    series = [
        Series(
            key=skey,
            label=label,
            cells=[grid.cell((skey, m)) for m in months],
            total=grid.cell((skey, "total")) if has_total else None,
        )
        for skey, label, has_total in rows
    ]
    return MonthlyTable(key=key, title=title, unit=unit, months=months, series=series, note=note)


def add_summed_series(grid: Grid, skey: str, months: list[str], counts: Mapping[str, int]) -> None:
    """A displayed monthly series with its displayed period total."""
    for m in months:
        grid.add((skey, m), counts.get(m, 0))
    grid.add((skey, "total"), sum(counts.get(m, 0) for m in months))
    grid.relate((skey, "total"), [(skey, m) for m in months])


def with_total(table: MonthlyTable, skey: str, total: Cell) -> MonthlyTable:
    series = [s.model_copy(update={"total": total}) if s.key == skey else s for s in table.series]
    return table.model_copy(update={"series": series})
