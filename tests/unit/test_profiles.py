"""Import profiles: read and checked once, applied to raw cells before validation."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cseboard.errors import ImportFileError
from cseboard.ingest.profiles import RowMapper
from cseboard.models.profile import ImportProfile
from cseboard.models.values import LONDON, parse_date, parse_datetime
from cseboard.models.vocabularies import VOCABULARIES, value_key

PROFILE = ImportProfile.from_toml(
    """
    agency = "police"
    date_order = "mdy"
    [columns]
    URN = "source_ref"
    [columns.intelligence]
    "Intel Type" = "category"
    [values.category]
    Phone = "phone_or_device"
    [values.gender]
    girl = "Female"
    [values.yes_no]
    ticked = "yes"
    """,
    source="police.toml",
)


def test_columns_are_renamed_and_words_mapped_case_insensitively() -> None:
    mapper = RowMapper.for_type(PROFILE, "intelligence")
    assert mapper.header(["urn", "intel type", "summary"]) == ["source_ref", "category", "summary"]
    row = mapper.apply({"urn": "I-1", "intel type": "  PHONE ", "reported_at": "03/04/2025 10:00"})
    assert row == {"source_ref": "I-1", "category": "phone_or_device",
                   "reported_at": "04/03/2025 10:00"}
    assert mapper.mapped == 1


def test_each_vocabulary_maps_its_own_columns() -> None:
    people = RowMapper.for_type(PROFILE, "people")
    row = people.apply({"gender": "Girl", "looked_after": "Ticked", "cp_plan": "ticked"})
    assert row == {"gender": "female", "looked_after": "yes", "cp_plan": "yes"}
    assert RowMapper.for_type(PROFILE, "locations").apply({"kind": "phone"}) == {"kind": "phone"}


def test_two_columns_mapped_to_one_is_a_file_error() -> None:
    with pytest.raises(ImportFileError, match="source_ref"):
        RowMapper.for_type(PROFILE, "people").header(["urn", "source_ref"])


def test_without_a_profile_nothing_changes() -> None:
    mapper = RowMapper.for_type(None, "people")
    assert not mapper.active and mapper.header(["a"]) == ["a"]


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2024, 12, 31)))
def test_month_first_dates_read_as_the_partner_meant(day: date) -> None:
    mapper = RowMapper.for_type(PROFILE, "people")
    row = mapper.apply({"date_of_birth": day.strftime("%m/%d/%Y")})
    assert parse_date(row["date_of_birth"] or "") == day
    intel = RowMapper.for_type(PROFILE, "intelligence")
    moment = intel.apply({"reported_at": day.strftime("%m/%d/%Y 21:15")})["reported_at"]
    assert parse_datetime(moment or "").astimezone(LONDON).date() == day


@given(st.text(max_size=40))
def test_any_cell_passes_through_or_maps_to_a_known_code(text: str) -> None:
    mapper = RowMapper.for_type(PROFILE, "intelligence")
    out = mapper.apply({"category": text})["category"]
    assert out == text or out in VOCABULARIES["category"].codes


@given(st.text(alphabet=st.characters(codec="ascii"), max_size=40))
def test_value_keys_ignore_case_and_spacing(text: str) -> None:
    assert value_key(text) == value_key(f"  {text.upper()}  ".lower())


def test_the_shipped_example_profile_is_valid() -> None:
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "partners" / "police.toml.example"
    profile = ImportProfile.from_toml(example.read_text(encoding="utf-8"), source=str(example))
    assert profile.values["category"]["phone"] == "phone_or_device"
    assert profile.column_map("intelligence")["intel category"] == "category"
