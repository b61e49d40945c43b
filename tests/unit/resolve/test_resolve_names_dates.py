"""Name and date-of-birth comparison levels (pure functions, no store)."""

from __future__ import annotations

from datetime import date

import pytest

from cseboard.resolve.dates import DateLevel, compare_dates, swap_key
from cseboard.resolve.names import (
    NameLevel,
    compact,
    compare_first_names,
    compare_surnames,
    normalise_name,
)
from cseboard.resolve.nicknames import NAME_GROUPS, SURNAME_GROUPS


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("Kayleigh", "KAYLEIGH", NameLevel.EXACT),
        ("Kayleigh", "Kayleigh-Ann", NameLevel.PART),
        ("Kayleigh", "Kayley", NameLevel.VARIANT),
        ("Rebecca", "Becky", NameLevel.VARIANT),
        ("Mohammed", "Muhammad", NameLevel.VARIANT),
        ("Mohammed", "Mo", NameLevel.VARIANT),
        ("Niamh", "Neve", NameLevel.VARIANT),
        ("Chloë", "Chloe", NameLevel.EXACT),
        ("Shanelle", "Chanelle", NameLevel.SIMILAR),
        ("K.", "Kayleigh", NameLevel.INITIAL),
        ("C", "Kourtney", NameLevel.INITIAL),
        ("J", "Kayleigh", NameLevel.INITIAL_DIFFERENT),
        ("Amy", "Holly", NameLevel.DIFFERENT),
        ("Ellie", "Ella", NameLevel.SIMILAR),  # a reviewer decides: typo or twin
        ("Jade", "Jane", NameLevel.DIFFERENT),
    ],
)
def test_first_name_levels(a: str, b: str, level: NameLevel) -> None:
    assert compare_first_names(a, b) is level
    assert compare_first_names(b, a) is level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("Smith", "SMITH", NameLevel.EXACT),
        ("O'Brien", "O Brien", NameLevel.EXACT),
        ("Smith", "Smyth", NameLevel.VARIANT),
        ("Haigh", "Hague", NameLevel.VARIANT),
        ("Sutton-Kelly", "Kelly", NameLevel.PART),
        ("Sutton-Kelly", "Sutton Kelly", NameLevel.EXACT),
        ("Smyth-Jones", "Smith", NameLevel.PART),
        ("Husain", "Hussein", NameLevel.VARIANT),
        ("Kowalski", "Kowalsky", NameLevel.SIMILAR),
        ("Jones", "James", NameLevel.DIFFERENT),
        ("Wood", "Ward", NameLevel.DIFFERENT),
    ],
)
def test_surname_levels(a: str, b: str, level: NameLevel) -> None:
    assert compare_surnames(a, b) is level
    assert compare_surnames(b, a) is level


def test_normalisation_keeps_only_letters_spaces_and_hyphens() -> None:
    assert normalise_name(" Mc'Donald -  Smith ") == "mcdonald-smith"
    assert compact("mcdonald-smith") == "mcdonaldsmith"
    assert normalise_name("Zoë") == "zoe"


def test_name_tables_are_normalised_forms() -> None:
    for group in (*NAME_GROUPS, *SURNAME_GROUPS):
        for form in group:
            assert form == normalise_name(form), form


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        (date(2010, 3, 7), date(2010, 3, 7), DateLevel.EXACT),
        (date(2010, 3, 7), date(2010, 7, 3), DateLevel.SWAPPED),
        (date(2010, 3, 7), date(2010, 3, 17), DateLevel.ONE_DIGIT),
        (date(2010, 3, 7), date(2011, 3, 7), DateLevel.ONE_DIGIT),
        (date(2010, 3, 31), date(2010, 4, 1), DateLevel.ONE_DIGIT),
        (date(2010, 3, 7), date(2010, 9, 20), DateLevel.YEAR),
        (date(2010, 3, 7), date(2013, 9, 20), DateLevel.DIFFERENT),
    ],
)
def test_date_levels(a: date, b: date, level: DateLevel) -> None:
    assert compare_dates(a, b) is level
    assert compare_dates(b, a) is level


def test_swap_key_joins_swapped_dates_only() -> None:
    assert swap_key(date(2010, 3, 7)) == swap_key(date(2010, 7, 3))
    assert swap_key(date(2010, 3, 7)) != swap_key(date(2011, 7, 3))
