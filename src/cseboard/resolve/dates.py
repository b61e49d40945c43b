"""Date-of-birth comparison levels: exact, day and month swapped, one digit off, same year only."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

__all__ = ["DateLevel", "compare_dates", "swap_key"]


class DateLevel(StrEnum):
    """How well two dates of birth agree, best first."""

    EXACT = "exact"
    SWAPPED = "day_month_swapped"
    ONE_DIGIT = "one_digit_off"
    YEAR = "year_only"
    DIFFERENT = "different"


def swap_key(day: date) -> str:
    """The same text for a date and for the date with day and month swapped (for blocking).

    Examples
    --------
    >>> swap_key(date(2010, 3, 7)) == swap_key(date(2010, 7, 3))
    True
    """
    low, high = sorted((day.day, day.month))
    return f"{day.year:04d}-{low:02d}-{high:02d}"


def compare_dates(a: date, b: date) -> DateLevel:
    """Level of agreement of two dates of birth.

    Examples
    --------
    >>> compare_dates(date(2010, 3, 7), date(2010, 7, 3)).value
    'day_month_swapped'
    >>> compare_dates(date(2010, 3, 7), date(2010, 3, 17)).value
    'one_digit_off'
    >>> compare_dates(date(2010, 3, 7), date(2010, 3, 8)).value
    'one_digit_off'
    >>> compare_dates(date(2010, 3, 7), date(2010, 11, 23)).value
    'year_only'
    >>> compare_dates(date(2010, 3, 7), date(2012, 11, 23)).value
    'different'
    """
    if a == b:
        return DateLevel.EXACT
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return DateLevel.SWAPPED
    digits_a, digits_b = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    if sum(x != y for x, y in zip(digits_a, digits_b, strict=True)) == 1:
        return DateLevel.ONE_DIGIT
    if abs((a - b).days) == 1:
        return DateLevel.ONE_DIGIT
    if a.year == b.year:
        return DateLevel.YEAR
    return DateLevel.DIFFERENT
