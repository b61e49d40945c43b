"""Exchange-format rows validate field by field and name the column that failed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from cseboard.models.exchange import (
    IntelligenceRow,
    LocationRow,
    MissingEpisodeRow,
    PersonRow,
    SsdMissingRow,
    SsdPersonRow,
    validate_row,
)

PERSON = {
    "agency": "Police",
    "source_ref": "PN-1",
    "role": "young_person",
    "first_name": "Kayleigh",
    "last_name": "Smith",
    "aliases": "Kay; K",
    "date_of_birth": "03/04/2011",
    "gender": "F",
    "nhs_number": "943 476 5919",
    "postcode": "s1 2ab",
    "looked_after": "yes",
    "cp_plan": "0",
    "risk_level": "Medium",
}
INTEL = {
    "agency": "police",
    "source_ref": "I-1",
    "reported_at": "01/02/2025 10:00",
    "category": "sighting",
    "summary": "Seen with an adult male",
    "source_evaluation": "1",
    "intelligence_assessment": "B",
    "handling_code": "P",
    "handling_conditions": "",
    "people": "PN-1;PN-2",
    "locations": "L1",
    "vehicles": "ab12 cde",
    "phones": "07700 900123",
    "online_accounts": "snapchat:@kay",
}


def _columns(error: ValidationError) -> set[str]:
    return {str(e["loc"][0]) if e["loc"] else "" for e in error.errors()}


def test_person_row_normalises_every_field() -> None:
    row = PersonRow.model_validate(PERSON)
    assert (row.agency, row.role, row.gender) == ("police", "young_person", "female")
    assert row.aliases == ["Kay", "K"]
    assert row.nhs_number == "9434765919" and row.postcode == "S1 2AB"
    assert row.looked_after is True and row.cp_plan is False and row.risk_level == "medium"


def test_risk_levels_are_configurable() -> None:
    other = PersonRow.model_validate(
        {**PERSON, "risk_level": "medium"}, context={"risk_levels": ["green", "red"]}
    )
    assert other.risk_level is None
    [note] = other.data_quality
    assert (note.column, note.value, note.outcome) == ("risk_level", "medium", "not_recorded")
    assert (
        PersonRow.model_validate(
            {**PERSON, "risk_level": "red"}, context={"risk_levels": ["green", "red"]}
        ).risk_level
        == "red"
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("nhs_number", "1234567890"),
        ("date_of_birth", "2999-01-01"),
        ("postcode", "nowhere"),
        ("source_ref", ""),
        ("agency", "po lice!"),
    ],
)
def test_bad_person_values_name_their_column(column: str, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        PersonRow.model_validate({**PERSON, column: value})
    assert column in _columns(caught.value)


@pytest.mark.parametrize(
    ("column", "value", "landed"),
    [("role", "victim", None), ("looked_after", "maybe", None), ("gender", "X", "unknown")],
)
def test_a_word_outside_a_vocabulary_without_other_is_not_recorded(
    column: str, value: str, landed: object
) -> None:
    row = PersonRow.model_validate({**PERSON, column: value})
    assert getattr(row, column) == landed
    [note] = row.data_quality
    assert (note.column, note.value, note.outcome) == (column, value, "not_recorded")


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("nhs_number", "1234567890", "NHS number check digit is wrong (modulus 11)"),
        ("date_of_birth", "2999-01-01", "date is in the future"),
        ("postcode", "nowhere", "'nowhere' is not a UK postcode"),
    ],
)
def test_an_invalid_optional_field_is_dropped_not_the_row(
    column: str, value: str, reason: str
) -> None:
    row = validate_row(PersonRow, {**PERSON, column: value})
    assert getattr(row, column) is None and row.first_name == "Kayleigh"
    [note] = row.data_quality
    assert (note.column, note.value, note.reason, note.outcome) == (
        column,
        value,
        reason,
        "field_dropped",
    )
    assert row.write_params()["nhs_number" if column != "nhs_number" else "postcode"]


def test_one_bad_list_item_is_dropped_and_the_others_kept() -> None:
    row = validate_row(IntelligenceRow, {**INTEL, "phones": "07700 900123;12;07700 900456"})
    assert row.phones == ["+447700900123", "+447700900456"]
    [note] = row.data_quality
    assert (note.column, note.value, note.outcome) == ("phones", "12", "field_dropped")


def test_broken_records_are_still_rejected() -> None:
    for changes in ({"source_ref": ""}, {"reported_at": ""}, {"source_evaluation": "9"}):
        with pytest.raises(ValidationError):
            validate_row(IntelligenceRow, {**INTEL, **changes})


def test_a_person_needs_some_name() -> None:
    with pytest.raises(ValidationError, match="first name, a last name or an alias"):
        PersonRow.model_validate({**PERSON, "first_name": "", "last_name": " ", "aliases": ""})


def test_intelligence_row_parses_lists_objects_and_grading() -> None:
    row = IntelligenceRow.model_validate(INTEL)
    params = row.write_params()
    assert params["grading"] == "1BP" and params["builds_links"] is True
    assert row.people == ["PN-1", "PN-2"] and row.vehicles == ["AB12CDE"]
    assert row.phones == ["+447700900123"]
    assert params["online_accounts"] == [{"platform": "snapchat", "handle": "kay"}]


def test_legacy_grading_is_kept_beside_its_equivalent() -> None:
    params = IntelligenceRow.model_validate(
        {**INTEL, "source_evaluation": "B", "intelligence_assessment": "2", "handling_code": "1"}
    ).write_params()
    assert (params["grading"], params["legacy_grading"]) == ("1AP", "B21")


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"summary": ""}, "summary"),
        ({"reported_at": ""}, "reported_at"),
        ({"phones": "12"}, "phones"),
        ({"reported_at": "01/01/2999"}, "reported_at"),
    ],
)
def test_bad_intelligence_values_name_their_column(changes: dict[str, str], column: str) -> None:
    with pytest.raises(ValidationError) as caught:
        IntelligenceRow.model_validate({**INTEL, **changes})
    assert column in _columns(caught.value)


def test_an_unknown_category_lands_as_other_with_the_partners_word() -> None:
    row = IntelligenceRow.model_validate({**INTEL, "category": "Gossip"})
    assert row.category == "other"
    [note] = row.data_quality
    assert (note.column, note.value, note.outcome) == ("category", "Gossip", "kept_as_other")
    assert '"value":"Gossip"' in row.write_params()["data_quality"]


def test_same_row_same_hash_changed_row_new_hash() -> None:
    first = IntelligenceRow.model_validate(INTEL).write_params()["row_hash"]
    again = IntelligenceRow.model_validate(dict(INTEL)).write_params()["row_hash"]
    changed = IntelligenceRow.model_validate({**INTEL, "summary": "Updated"}).write_params()[
        "row_hash"
    ]
    assert first == again != changed


def test_location_needs_both_coordinates_in_uk_bounds() -> None:
    base = {"agency": "police", "source_ref": "L1", "name": "Star Hotel", "kind": "hotel"}
    assert LocationRow.model_validate({**base, "latitude": "53.4", "longitude": "-1.9"})
    half = LocationRow.model_validate({**base, "latitude": "53.4"})
    assert half.latitude is None and half.longitude is None
    assert "both latitude and longitude" in half.data_quality[0].reason
    with pytest.raises(ValidationError):
        LocationRow.model_validate({**base, "latitude": "10", "longitude": "-1.9"})
    outside = validate_row(LocationRow, {**base, "latitude": "10", "longitude": "-1.9"})
    assert (outside.latitude, outside.longitude) == (None, None)
    assert outside.data_quality[0].outcome == "field_dropped"


def test_missing_episode_checks_order_of_times() -> None:
    base = {
        "agency": "police",
        "source_ref": "M1",
        "person_ref": "PN-1",
        "reported_missing_at": "02/02/2025 20:00",
        "returned_at": "01/02/2025 08:00",
    }
    with pytest.raises(ValidationError, match="before reported_missing_at"):
        MissingEpisodeRow.model_validate(base)
    ok = MissingEpisodeRow.model_validate({**base, "returned_at": "", "rhi_offered_at": ""})
    assert ok.returned_at is None


def test_ssd_rows_map_to_exchange_rows() -> None:
    person = SsdPersonRow.model_validate(
        {
            "pers_person_id": "100234",
            "pers_sex": "f",
            "pers_dob": "2010-05-06",
            "pers_common_child_id": "9434765919",
            "pers_ethnicity": "WBRI",
        }
    ).to_person("childrens_social_care")
    assert (person.source_ref, person.gender, person.nhs_number) == (
        "100234",
        "female",
        "9434765919",
    )
    episode = SsdMissingRow.model_validate(
        {
            "miss_table_id": "9",
            "miss_la_person_id": "100234",
            "miss_mis_epi_start": "01/03/2025",
            "miss_mis_epi_type": "A",
            "miss_mis_epi_end": "",
            "miss_mis_epi_rhi_offered": "Yes",
            "miss_mis_epi_rhi_accepted": "No",
        }
    ).to_episode("childrens_social_care")
    assert episode.absence_type == "away_without_authorisation"
    assert episode.returned_at is None and episode.rhi_declined is True


@given(st.text(max_size=200))
def test_any_summary_text_is_kept_as_text(text: str) -> None:
    try:
        row = IntelligenceRow.model_validate({**INTEL, "summary": text})
    except ValidationError as e:
        assert _columns(e) == {"summary"}
        return
    assert isinstance(row.summary, str)


def test_blank_coordinates_are_simply_absent() -> None:
    row = LocationRow.model_validate(
        {"agency": "police", "source_ref": "L1", "name": "Park", "kind": "park", "latitude": "", "longitude": " "}
    )
    assert (row.latitude, row.longitude) == (None, None)


def test_ssd_episode_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError, match="before miss_mis_epi_start"):
        SsdMissingRow.model_validate(
            {"miss_table_id": "1", "miss_la_person_id": "2", "miss_mis_epi_start": "02/03/2025",
             "miss_mis_epi_type": "M", "miss_mis_epi_end": "01/03/2025"}
        )
