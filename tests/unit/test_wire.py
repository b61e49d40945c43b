"""Dates and date-times leave a property map as ISO text; everything else stays as it was."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from cseboard.store.wire import wire_row, wired


def test_temporal_values_go_as_text_and_the_rest_stays() -> None:
    props = {
        "summary": "seen at the bus station",
        "reported_at": datetime(2026, 3, 3, 21, 15, tzinfo=UTC),
        "returned_at": None,
        "date_of_birth": date(2011, 2, 28),
        "aliases": ["Jay"],
        "legacy": datetime(2020, 1, 1, 9, 30),  # no offset: the driver's local date-time
    }
    assert wired(props) == {
        "props": {
            "summary": "seen at the bus station",
            "returned_at": None,  # a blank still removes the stored value
            "aliases": ["Jay"],
            "legacy": datetime(2020, 1, 1, 9, 30),
        },
        "props_dates": {"date_of_birth": "2011-02-28"},
        "props_datetimes": {"reported_at": "2026-03-03T21:15:00+00:00"},
    }


def test_an_offset_and_microseconds_are_kept_in_the_text() -> None:
    moment = datetime(2024, 7, 1, 18, 30, 5, 120, tzinfo=timezone(timedelta(hours=1)))
    assert wired({"at": moment})["props_datetimes"] == {"at": "2024-07-01T18:30:05.000120+01:00"}


def test_a_row_keeps_its_other_keys_and_is_not_changed_in_place() -> None:
    row = {
        "key": "police/P-1",
        "props": {"date_of_birth": date(2010, 5, 1)},
        "person_props": {"date_of_birth": date(2010, 5, 1), "display_name": "A B"},
    }
    sent = wire_row(row, "props", "person_props")
    assert sent["key"] == "police/P-1"
    assert sent["props"] == {} and sent["props_dates"] == {"date_of_birth": "2010-05-01"}
    assert sent["person_props"] == {"display_name": "A B"}
    assert sent["person_props_dates"] == {"date_of_birth": "2010-05-01"}
    assert row["props"] == {"date_of_birth": date(2010, 5, 1)}
