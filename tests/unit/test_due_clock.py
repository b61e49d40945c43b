"""The return-home-interview clock at its edges: elapsed real time, shown in UK time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cseboard.models.values import LONDON
from cseboard.services.due import rhi_item


def item(returned: datetime, elapsed_hours: float):  # type: ignore[no-untyped-def]
    return rhi_item(
        returned=returned.astimezone(UTC),
        now=returned.astimezone(UTC) + timedelta(hours=elapsed_hours),
        hours=72,
        person_id="P-1",
        display_name="Child",
        operations=["OP-A"],
        record_id=None,
    )


def local(moment: datetime | None) -> str:
    assert moment is not None
    return moment.astimezone(LONDON).strftime("%a %d/%m/%Y %H:%M")


# Friday 5 June 2026, 23:30 BST: no clock change within the 72 hours.
FRIDAY = datetime(2026, 6, 5, 23, 30, tzinfo=LONDON)


def test_71_hours_after_return_one_hour_is_left() -> None:
    due = item(FRIDAY, 71)
    assert (due.state, due.hours_left) == ("running", 1.0)
    assert local(due.due_at) == "Mon 08/06/2026 23:30"
    assert "1 hours left" in due.detail


def test_at_72_hours_an_offer_is_still_in_time() -> None:
    due = item(FRIDAY, 72)
    assert (due.state, due.hours_left) == ("running", 0.0)


def test_73_hours_after_return_the_time_has_ended() -> None:
    due = item(FRIDAY, 73)
    assert (due.state, due.hours_left) == ("overdue", -1.0)
    assert "ended Mon 08/06/2026 23:30 (1 hours ago)" in due.detail


def test_returned_2330_friday_the_weekend_does_not_pause_the_clock() -> None:
    due = item(FRIDAY, 0)
    assert due.hours_left == 72.0
    assert due.due_day.isoformat() == "2026-06-08"
    assert "Returned Fri 05/06/2026 23:30" in due.detail


def test_clocks_go_forward_in_march_the_deadline_reads_an_hour_later() -> None:
    # Friday 27 March 2026 23:30 GMT; BST starts on Sunday 29 March at 01:00 GMT.
    returned = datetime(2026, 3, 27, 23, 30, tzinfo=LONDON)
    assert returned.utcoffset() == timedelta(0)
    due = item(returned, 71)
    assert (due.state, due.hours_left) == ("running", 1.0)
    # 72 hours of real time later is 23:30 GMT on Monday = 00:30 BST on Tuesday.
    assert local(due.due_at) == "Tue 31/03/2026 00:30"
    assert due.due_day.isoformat() == "2026-03-31"
    assert item(returned, 72).state == "running"
    assert item(returned, 73).state == "overdue"


def test_clocks_go_back_in_october_the_deadline_reads_an_hour_earlier() -> None:
    # Friday 23 October 2026 23:30 BST; GMT returns on Sunday 25 October at 01:00 GMT.
    returned = datetime(2026, 10, 23, 23, 30, tzinfo=LONDON)
    assert returned.utcoffset() == timedelta(hours=1)
    due = item(returned, 0)
    assert local(due.due_at) == "Mon 26/10/2026 22:30"
    # Monday 22:00 GMT is 71.5 hours of real time after the return, though the wall clocks
    # (and Python's subtraction of two London times) say 70.5: the clock counts real time.
    now = datetime(2026, 10, 26, 22, 0, tzinfo=LONDON)
    assert (now - returned).total_seconds() / 3600 == 70.5
    elapsed = (now.astimezone(UTC) - returned.astimezone(UTC)).total_seconds() / 3600
    assert elapsed == 71.5
    assert item(returned, elapsed).hours_left == 0.5
    assert item(returned, 73).state == "overdue"


@given(
    st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
    ),
    st.integers(min_value=0, max_value=24 * 14 * 60),
)
def test_hours_left_is_72_minus_elapsed_real_time(returned: datetime, minutes: int) -> None:
    due = item(returned, minutes / 60)
    assert due.hours_left == round(72 - minutes / 60, 2)
    assert due.state == ("running" if minutes <= 72 * 60 else "overdue")
    assert due.due_at == returned + timedelta(hours=72)
