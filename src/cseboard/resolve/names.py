"""Name normalisation and comparison levels: exact, variant, part of a double name, initial.

Spelling similarity is Jaro-Winkler and Damerau-Levenshtein from ``rapidfuzz``; sound codes are
Metaphone, NYSIIS and Soundex from ``jellyfish``. Results are cached per pair of normalised names:
a region has a few thousand distinct names but millions of compared pairs.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import lru_cache

import jellyfish
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from cseboard.resolve.nicknames import (
    NAME_GROUPS,
    name_groups,
    same_name_group,
    same_surname_group,
)

__all__ = [
    "NameLevel",
    "Phonetic",
    "compact",
    "compare_first_names",
    "compare_surnames",
    "normalise_name",
    "phonetic",
    "tokens",
]

_SEPARATORS = re.compile(r"[\s\-_/.,]+")
_DROP = re.compile(r"[^a-z\s\-]")


class NameLevel(StrEnum):
    """How well two names agree, best first."""

    EXACT = "exact"
    VARIANT = "variant"
    PART = "part"
    SIMILAR = "similar"
    INITIAL = "initial"
    INITIAL_DIFFERENT = "initial_different"
    DIFFERENT = "different"


@lru_cache(maxsize=131_072)
def normalise_name(text: str) -> str:
    """Lower case ASCII letters, single spaces and hyphens; accents and apostrophes dropped.

    Examples
    --------
    >>> normalise_name("  O'Brien ")
    'obrien'
    >>> normalise_name("Chloë  Kayleigh-Ann")
    'chloe kayleigh-ann'
    """
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    cleaned = _DROP.sub("", ascii_text.replace(".", " "))
    cleaned = re.sub(r"\s*-\s*", "-", cleaned)
    return re.sub(r"\s+", " ", cleaned).strip(" -")


def tokens(name: str) -> tuple[str, ...]:
    """The parts of a normalised name (double-barrelled and hyphenated names have several).

    Examples
    --------
    >>> tokens("sutton-kelly")
    ('sutton', 'kelly')
    """
    return tuple(t for t in _SEPARATORS.split(name) if t)


def compact(name: str) -> str:
    """A normalised name without separators, so ``O Brien`` equals ``OBrien``.

    Examples
    --------
    >>> compact("o brien") == compact("obrien")
    True
    """
    return "".join(tokens(name))


Phonetic = tuple[str, str, str]
"""(Metaphone, NYSIIS, Soundex) of a compact name."""


@lru_cache(maxsize=131_072)
def phonetic(name: str) -> Phonetic:
    """Sound codes of a compact name, used for blocking and for the "similar" level.

    Examples
    --------
    >>> phonetic("smyth")[0] == phonetic("smith")[0]
    True
    """
    if not name:
        return ("", "", "")
    return (jellyfish.metaphone(name), jellyfish.nysiis(name), jellyfish.soundex(name))


def _similar(a: str, b: str) -> bool:
    """Spelling or sound alike: Jaro-Winkler high, or close in sound and spelling."""
    if a[0] != b[0] and phonetic(a)[0] != phonetic(b)[0]:
        # different first letters only when they sound the same (Kourtney, Courtney)
        return False
    jw = JaroWinkler.similarity(a, b)
    if jw >= 0.92:
        return True
    if jw >= 0.84 and phonetic(a)[0] == phonetic(b)[0]:
        return True
    return min(len(a), len(b)) >= 6 and DamerauLevenshtein.distance(a, b) <= 2 and jw >= 0.85


@lru_cache(maxsize=65_536)
def _initials(name: str) -> frozenset[str]:
    """First letters of a name and of the forms of its name groups (``Kourtney``: K and C)."""
    whole = compact(name)
    letters = {whole[0]} if whole else set()
    for part in {whole, *tokens(name)}:
        for group in name_groups(part):
            letters.update(form[0] for form in NAME_GROUPS[group])
    return frozenset(letters)


@lru_cache(maxsize=262_144)
def compare_first_names(a: str, b: str) -> NameLevel:
    """Level of agreement of two normalised first names (or aliases).

    Examples
    --------
    >>> compare_first_names("ellie", "ellie-rose").value
    'part'
    >>> compare_first_names("becky", "rebecca").value
    'variant'
    >>> compare_first_names("k", "kayleigh").value
    'initial'
    >>> compare_first_names("c", "kourtney").value
    'initial'
    >>> compare_first_names("amy", "holly").value
    'different'
    """
    a, b = normalise_name(a), normalise_name(b)
    ca, cb = compact(a), compact(b)
    if not ca or not cb:
        return NameLevel.DIFFERENT
    if len(ca) == 1 or len(cb) == 1:
        return NameLevel.INITIAL if _initials(a) & _initials(b) else NameLevel.INITIAL_DIFFERENT
    if ca == cb:
        return NameLevel.EXACT
    ta, tb = tokens(a), tokens(b)
    if set(ta) & set(tb):
        return NameLevel.PART
    if same_name_group(ca, cb) or any(same_name_group(x, y) for x in ta for y in tb):
        return NameLevel.VARIANT
    if _similar(ca, cb) or any(_similar(x, y) for x in ta for y in tb if len(x) > 2 and len(y) > 2):
        return NameLevel.SIMILAR
    return NameLevel.DIFFERENT


@lru_cache(maxsize=262_144)
def compare_surnames(a: str, b: str) -> NameLevel:
    """Level of agreement of two normalised surnames, double-barrelled ones included.

    Examples
    --------
    >>> compare_surnames("o'brien", "o brien").value
    'exact'
    >>> compare_surnames("smith-jones", "jones").value
    'part'
    >>> compare_surnames("smith", "smyth").value
    'variant'
    >>> compare_surnames("hussain", "husain").value
    'variant'
    >>> compare_surnames("jones", "james").value
    'different'
    """
    a, b = normalise_name(a), normalise_name(b)
    ca, cb = compact(a), compact(b)
    if not ca or not cb:
        return NameLevel.DIFFERENT
    if len(ca) == 1 or len(cb) == 1:
        return NameLevel.INITIAL if ca[0] == cb[0] else NameLevel.INITIAL_DIFFERENT
    if ca == cb:
        return NameLevel.EXACT
    if same_surname_group(ca, cb):
        return NameLevel.VARIANT
    ta, tb = tokens(a), tokens(b)
    if len(ta) > 1 or len(tb) > 1:
        if set(ta) & set(tb):
            return NameLevel.PART
        if any(same_surname_group(x, y) or _similar(x, y) for x in ta for y in tb):
            return NameLevel.PART
    if _similar(ca, cb):
        return NameLevel.SIMILAR
    return NameLevel.DIFFERENT
