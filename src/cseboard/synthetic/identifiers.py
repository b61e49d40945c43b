"""Identifiers that look real but can belong to nobody: NHS numbers, phones, VRMs, handles, refs.

NHS numbers use the 999 prefix (never issued to patients) and phones the Ofcom drama ranges, so a
synthetic record can never point at a real person. Sequences are permuted counters rather than
random draws checked against a set, so uniqueness costs no memory at national scale.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import lru_cache

import phonenumbers

__all__ = [
    "AGENCIES",
    "NhsNumbers",
    "Phones",
    "RefBook",
    "format_nhs",
    "format_phone",
    "format_vrm",
    "handle",
    "invalid_nhs",
    "nhs_check_digit",
    "vrm",
]

AGENCIES: tuple[str, ...] = (
    "police", "health", "education", "youth_offending", "childrens_social_care", "third_sector",
)


def nhs_check_digit(nine: str) -> int | None:
    """Modulus-11 check digit of the first nine digits; ``None`` when no valid number exists."""
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def invalid_nhs(valid: str) -> str:
    """The same number with a wrong check digit: the typo a bad row carries."""
    last = int(valid[9])
    return valid[:9] + str((last + 1 + int(valid[8]) % 8) % 10)


class NhsNumbers:
    """Unique test-range NHS numbers in a shuffled but repeatable order."""

    _MULT = 390_617

    def __init__(self, rng: random.Random) -> None:
        self._offset = rng.randrange(1_000_000)
        self._index = 0

    def next(self) -> str:
        while True:
            value = (self._MULT * self._index + self._offset) % 1_000_000
            self._index += 1
            nine = f"999{value:06d}"
            check = nhs_check_digit(nine)
            if check is not None:
                return nine + str(check)


def format_nhs(number: str, spaced: bool) -> str:
    return f"{number[:3]} {number[3:6]} {number[6:]}" if spaced else number


# E.164 prefixes of Ofcom's drama ranges; each prefix is followed by three more digits.
_DRAMA_PREFIXES: tuple[str, ...] = (
    "+447700900", "+441134960", "+441144960", "+441154960", "+441164960", "+441174960",
    "+441184960", "+441214960", "+441314960", "+441414960", "+441514960", "+441614960",
    "+441914980", "+442079460", "+442896496", "+442920180", "+441632960",
)


class Phones:
    """Unique drama-range numbers, mobiles first (most numbers in intelligence are mobiles)."""

    def __init__(self, rng: random.Random) -> None:
        self._offsets = [rng.randrange(1000) for _ in _DRAMA_PREFIXES]
        self._index = 0

    def next(self) -> str:
        block, position = divmod(self._index, 1000)
        if block >= len(_DRAMA_PREFIXES):
            raise RuntimeError("drama-range phone numbers exhausted")
        self._index += 1
        value = (379 * position + self._offsets[block]) % 1000
        return f"{_DRAMA_PREFIXES[block]}{value:03d}"


@lru_cache(maxsize=65_536)
def _national(e164: str) -> str:
    number = phonenumbers.parse(e164, None)
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))


def format_phone(e164: str, style: int) -> str:
    """Partners write numbers every way: national spaced, national compact, +44 spaced, E.164."""
    if style == 0:
        return _national(e164)
    if style == 1:
        return _national(e164).replace(" ", "")
    if style == 2:
        return "+44 " + _national(e164)[1:]
    return e164


_TAG_FIRST = "ABCDEFGHKLMNOPRSVWY"
_TAG_SECOND = "ABCDEFGHJKLMNOPRSTUVWXY"
_RANDOM = "ABCDEFGHJKLMNOPRSTUVWXY"
_AGES = tuple(f"{n:02d}" for n in (*range(2, 25), *range(52, 75)))


def vrm(rng: random.Random) -> str:
    """A current-format registration (``AB12CDE``), normalised: no spaces, upper case."""
    return (
        rng.choice(_TAG_FIRST) + rng.choice(_TAG_SECOND) + rng.choice(_AGES)
        + "".join(rng.choice(_RANDOM) for _ in range(3))
    )


def format_vrm(mark: str, style: int) -> str:
    if style == 0:
        return f"{mark[:4]} {mark[4:]}"
    if style == 1:
        return mark.lower()
    return mark


_HANDLE_WORDS = (
    "kash", "bigman", "boss", "real", "its", "official", "vibes", "smoke", "zone", "money",
    "king", "lil", "drip", "top", "ghost", "moon", "star", "wavy", "chill", "blaze",
)
PLATFORMS_USED: tuple[str, ...] = (
    "snapchat", "snapchat", "snapchat", "instagram", "instagram", "tiktok", "whatsapp",
    "telegram", "facebook", "wizz", "yubo",
)


def handle(rng: random.Random) -> str:
    """``platform:handle`` as partners would type it (lower case, no ``@``)."""
    word = rng.choice(_HANDLE_WORDS)
    other = rng.choice(_HANDLE_WORDS)
    sep = rng.choice(("_", ".", ""))
    return f"{rng.choice(PLATFORMS_USED)}:{word}{sep}{other}{rng.randint(1, 999)}"


_Scheme = Callable[[int, int], str]
_SCHEMES: dict[tuple[str, str], _Scheme] = {
    ("police", "people"): lambda n, y: f"PN-{n:06d}",
    ("police", "locations"): lambda n, y: f"PL-{n:05d}",
    ("police", "intelligence"): lambda n, y: f"IR/{y}/{n:06d}",
    ("police", "missing_episodes"): lambda n, y: f"MP/{y}/{n:05d}",
    ("health", "people"): lambda n, y: f"H{n:06d}",
    ("health", "locations"): lambda n, y: f"HL{n:04d}",
    ("health", "intelligence"): lambda n, y: f"HSR-{y}-{n:05d}",
    ("health", "missing_episodes"): lambda n, y: f"HME-{n:05d}",
    ("education", "people"): lambda n, y: f"EDU/{y}/{n:04d}",
    ("education", "locations"): lambda n, y: f"EDL-{n:04d}",
    ("education", "intelligence"): lambda n, y: f"EDC/{n:06d}",
    ("education", "missing_episodes"): lambda n, y: f"EDM/{n:05d}",
    ("youth_offending", "people"): lambda n, y: f"YJ{n:05d}",
    ("youth_offending", "locations"): lambda n, y: f"YJL{n:04d}",
    ("youth_offending", "intelligence"): lambda n, y: f"YJI-{n:05d}",
    ("youth_offending", "missing_episodes"): lambda n, y: f"YJM-{n:05d}",
    ("childrens_social_care", "people"): lambda n, y: f"{1_000_000 + n}",
    ("childrens_social_care", "locations"): lambda n, y: f"CSC-L-{n:05d}",
    ("childrens_social_care", "intelligence"): lambda n, y: f"CSC-INT-{n:06d}",
    ("childrens_social_care", "missing_episodes"): lambda n, y: f"{600_000 + n}",
    ("third_sector", "people"): lambda n, y: f"TSP-{n:05d}",
    ("third_sector", "locations"): lambda n, y: f"TSL-{n:04d}",
    ("third_sector", "intelligence"): lambda n, y: f"TSI-{n:06d}",
    ("third_sector", "missing_episodes"): lambda n, y: f"TSM-{n:05d}",
}


class RefBook:
    """Each agency's own reference scheme; numbers rise with small gaps, like a real system."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._counters = {key: rng.randint(10, 400) for key in sorted(_SCHEMES)}

    def next(self, agency: str, record_type: str, year: int = 2024) -> str:
        key = (agency, record_type)
        number = self._counters[key] + self._rng.randint(1, 3)
        self._counters[key] = number
        return _SCHEMES[key](number, year)
