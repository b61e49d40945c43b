"""When things happen and how partners write the time, always strictly before the as-of date.

Times are UK wall-clock (naive, as partners export them). The latest possible moment is one minute
before midnight at the start of ``as_of``, so a file generated today still validates today.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from cseboard.models.values import LONDON

__all__ = ["DATETIME_STYLES", "DATE_STYLES", "Timeline", "fmt_date", "fmt_datetime"]

# Evenings and late nights dominate what partners report; mornings are school/clinic hours.
_HOUR_WEIGHTS = (
    2, 1, 1, 1, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3, 3, 4, 5, 6, 7, 8, 8, 7, 5, 3,
)
_HOURS = tuple(range(24))
_CUM_HOURS = tuple(accumulate(_HOUR_WEIGHTS))

DATETIME_STYLES = (
    "iso_t", "iso_space", "iso_offset", "iso_short", "uk", "uk_seconds", "us", "sql",
)
DATE_STYLES = ("iso", "uk", "us", "sql")


class Timeline:
    """Samples moments before ``as_of``: mostly the last two years, heavier in the last 90 days."""

    def __init__(self, as_of: date) -> None:
        self.as_of = as_of
        self.end = datetime.combine(as_of, time()) - timedelta(minutes=1)

    def days_ago(self, days: float, rng: random.Random) -> datetime:
        """A moment on the day ``days`` before as_of (at least one day back), at a likely hour."""
        day = self.as_of - timedelta(days=max(1, int(days) + 1))
        hour = rng.choices(_HOURS, cum_weights=_CUM_HOURS)[0]
        return datetime.combine(day, time(hour, rng.randrange(60)))

    def background(self, rng: random.Random) -> datetime:
        """A background report: 12% in the last 30 days, 30% in 90, 92% within two years."""
        r = rng.random()
        if r < 0.12:
            days = rng.uniform(0, 30)
        elif r < 0.30:
            days = rng.uniform(30, 90)
        elif r < 0.92:
            days = rng.uniform(90, 730)
        else:
            days = rng.uniform(730, 1460)
        return self.days_ago(days, rng)

    def between(self, start: datetime, stop: datetime, rng: random.Random) -> datetime:
        """A moment in [start, stop], clipped so it is never on or after as_of."""
        stop = min(stop, self.end)
        if stop <= start:
            return min(start, self.end)
        span = (stop - start).total_seconds()
        moment = start + timedelta(seconds=rng.uniform(0, span))
        return moment.replace(second=0, microsecond=0)

    def clip(self, moment: datetime) -> datetime | None:
        """``None`` when a moment would fall on or after as_of (it has not happened yet)."""
        return moment if moment <= self.end else None


def fmt_datetime(moment: datetime, style: str) -> str:
    """One of the ways partner systems export a UK wall-clock time."""
    if style == "iso_t":
        return moment.strftime("%Y-%m-%dT%H:%M:%S")
    if style == "iso_space":
        return moment.strftime("%Y-%m-%d %H:%M")
    if style == "iso_offset":
        return moment.replace(tzinfo=LONDON).isoformat()
    if style == "iso_short":
        return moment.strftime("%Y-%m-%dT%H:%M")
    if style == "uk":
        return moment.strftime("%d/%m/%Y %H:%M")
    if style == "uk_seconds":
        return moment.strftime("%d/%m/%Y %H:%M:%S")
    if style == "us":  # a US-configured case system: month first (its profile says mdy)
        return moment.strftime("%m/%d/%Y %H:%M")
    if style == "sql":
        return moment.strftime("%Y-%m-%d %H:%M:%S.000")
    raise ValueError(f"unknown date-time style {style!r}")


def fmt_date(day: date, style: str) -> str:
    if style == "iso":
        return day.isoformat()
    if style == "uk":
        return day.strftime("%d/%m/%Y")
    if style == "us":
        return day.strftime("%m/%d/%Y")
    if style == "sql":
        return day.isoformat() + " 00:00:00.000"
    raise ValueError(f"unknown date style {style!r}")
