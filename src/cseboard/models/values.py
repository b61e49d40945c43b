"""Parsers for the values partners send: each returns a normalised value or raises ValueError.

The messages are read by practitioners in the rejects report, so they say what was expected.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import phonenumbers

__all__ = [
    "LONDON",
    "blank_to_none",
    "day_start",
    "has_time",
    "neutralise_formula",
    "parse_bool",
    "parse_date",
    "parse_datetime",
    "parse_list",
    "parse_nhs_number",
    "parse_online_account",
    "parse_phone",
    "parse_postcode",
    "parse_text",
    "parse_vrm",
]

LONDON = ZoneInfo("Europe/London")
EARLIEST = date(1900, 1, 1)
_FUTURE_TOLERANCE = timedelta(minutes=10)

_TRUE = {"yes", "y", "true", "t", "1"}
_FALSE = {"no", "n", "false", "f", "0"}
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][ABD-HJLNP-UW-Z]{2})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_VRM = re.compile(r"^[A-Z0-9]{2,8}$")
_HANDLE = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PLATFORMS = frozenset(
    {
        "snapchat",
        "instagram",
        "tiktok",
        "whatsapp",
        "facebook",
        "x",
        "telegram",
        "discord",
        "kik",
        "wizz",
        "yubo",
        "other",
    }
)


def blank_to_none(value: object) -> object:
    """Treat empty cells and whitespace as missing."""
    if value is None:
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def parse_text(value: str, *, max_length: int = 10_000) -> str:
    """Free text kept as given, minus control characters.

    Text that looks like a spreadsheet formula (``=``, ``+``, ``-``, ``@``) is kept verbatim: it is
    only ever stored and shown as text; exports neutralise it.
    """
    cleaned = _CONTROL.sub("", value).strip()
    if len(cleaned) > max_length:
        raise ValueError(f"text longer than {max_length} characters")
    return cleaned


def parse_bool(value: str | bool | int) -> bool:
    """yes/no/true/false/y/n/1/0, any case."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{value!r} is not a yes/no value (yes, no, true, false, y, n, 1, 0)")


def parse_nhs_number(value: str) -> str:
    """Ten digits with a valid modulus-11 check digit; spaces and hyphens are ignored.

    Examples
    --------
    >>> parse_nhs_number("943 476 5919")
    '9434765919'
    """
    digits = re.sub(r"[\s-]", "", str(value))
    if not re.fullmatch(r"\d{10}", digits):
        raise ValueError("NHS number must be 10 digits")
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        raise ValueError("NHS number check digit is wrong (modulus 11)")
    return digits


def parse_postcode(value: str) -> str:
    """A UK postcode, upper case with one space before the inward code.

    Examples
    --------
    >>> parse_postcode("sw1a1aa")
    'SW1A 1AA'
    """
    compact = re.sub(r"\s+", "", str(value)).upper()
    if compact == "GIR0AA":
        return "GIR 0AA"
    match = _POSTCODE.match(compact)
    if not match:
        raise ValueError(f"{value!r} is not a UK postcode")
    return f"{match.group(1)} {match.group(2)}"


def _check_range(day: date, *, today: date | None = None) -> None:
    if day < EARLIEST:
        raise ValueError("date is before 1900")
    if day > (today or datetime.now(LONDON).date()):
        raise ValueError("date is in the future")


def parse_date(value: str | date, *, today: date | None = None) -> date:
    """ISO ``yyyy-mm-dd`` or UK ``dd/mm/yyyy``; a time part is allowed and dropped.

    Raises
    ------
    ValueError
        If the text is neither format, is not a real day, is before 1900 or in the future.

    Examples
    --------
    >>> parse_date("03/04/2011")
    datetime.date(2011, 4, 3)
    """
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        text = str(value).strip()
        match = _UK_DATE.match(text)
        try:
            if match:
                day = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
            elif re.match(r"^\d{4}-\d{2}-\d{2}", text):
                day = date.fromisoformat(text[:10])
                if len(text) > 10:
                    datetime.fromisoformat(text)
            else:
                raise ValueError
        except ValueError:
            raise ValueError(f"{value!r} is not a date (use yyyy-mm-dd or dd/mm/yyyy)") from None
    _check_range(day, today=today)
    return day


def parse_datetime(value: str | datetime, *, now: datetime | None = None) -> datetime:
    """ISO 8601 or UK ``dd/mm/yyyy [HH:MM[:SS]]``, returned in UTC.

    A time without an offset is UK local time (GMT or BST); a date without a time is midnight.

    Examples
    --------
    >>> parse_datetime("01/07/2024 18:30").isoformat()
    '2024-07-01T17:30:00+00:00'
    """
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        match = _UK_DATE.match(text)
        try:
            if match:
                d, m, y, hh, mm, ss = match.groups()
                moment = datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
            elif re.match(r"^\d{4}-\d{2}-\d{2}", text):
                moment = datetime.fromisoformat(text.replace("z", "Z"))
            else:
                raise ValueError
        except ValueError:
            raise ValueError(
                f"{value!r} is not a date-time (use ISO 8601 or dd/mm/yyyy hh:mm)"
            ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    moment = moment.astimezone(UTC)
    current = now or datetime.now(UTC)
    if moment > current + _FUTURE_TOLERANCE:
        raise ValueError("date-time is in the future")
    if moment.date() < EARLIEST:
        raise ValueError("date is before 1900")
    return moment


def parse_vrm(value: str) -> str:
    """A vehicle registration mark, upper case without spaces (``ab12 cde`` → ``AB12CDE``)."""
    compact = re.sub(r"[\s\-]", "", str(value)).upper()
    if not _VRM.match(compact) or not any(c.isdigit() for c in compact):
        raise ValueError(f"{value!r} is not a vehicle registration mark")
    return compact


@lru_cache(maxsize=65_536)
def parse_phone(value: str) -> str:
    """A phone number in E.164; numbers without a country code are read as UK.

    Examples
    --------
    >>> parse_phone("07700 900123")
    '+447700900123'
    """
    try:
        number = phonenumbers.parse(str(value), "GB")
    except phonenumbers.NumberParseException:
        raise ValueError(f"{value!r} is not a phone number") from None
    if not phonenumbers.is_possible_number(number):
        raise ValueError(f"{value!r} is not a possible phone number")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def parse_online_account(value: str) -> tuple[str, str]:
    """``platform:handle`` → (platform, handle), lower case, without a leading ``@``."""
    platform, sep, handle = str(value).partition(":")
    platform = platform.strip().lower()
    handle = handle.strip().lstrip("@").lower()
    if not sep or not platform or not handle:
        raise ValueError(f"{value!r} is not platform:handle")
    if platform not in PLATFORMS:
        raise ValueError(f"unknown platform {platform!r} (one of {', '.join(sorted(PLATFORMS))})")
    if not _HANDLE.match(handle):
        raise ValueError(f"{handle!r} is not a valid handle")
    return platform, handle


def parse_list(value: str | list[str] | None) -> list[str]:
    """A ``;``-separated list (``,`` accepted when no ``;`` is present); blanks dropped."""
    if value is None:
        return []
    if isinstance(value, list):
        items = [str(v) for v in value]
    else:
        separator = ";" if ";" in value else ","
        items = value.split(separator)
    return [item.strip() for item in items if item.strip()]


def has_time(value: object) -> bool:
    """Whether a partner's date-time value carries a time of day.

    A value without one is a day, and stands for the whole day (UK time), never for midnight.

    Examples
    --------
    >>> has_time("04/03/2025"), has_time("2025-03-04"), has_time("04/03/2025 21:30")
    (False, False, True)
    """
    if isinstance(value, datetime):
        return True
    if isinstance(value, date):
        return False
    text = str(value).strip()
    match = _UK_DATE.match(text)
    if match:
        return match.group(4) is not None
    return len(text) > 10


def day_start(day: date) -> datetime:
    """Midnight UK time of a day, in UTC."""
    return datetime.combine(day, time(), tzinfo=LONDON).astimezone(UTC)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: str) -> str:
    """Prefix text a spreadsheet would run as a formula with ``'`` so it stays text on export.

    Examples
    --------
    >>> neutralise_formula("=HYPERLINK(\\"x\\")")
    '\\'=HYPERLINK("x")'
    """
    return "'" + value if value.startswith(_FORMULA_START) else value
