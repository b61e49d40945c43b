"""Validators of partner values: good values normalise, bad ones raise with a clear message."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cseboard.models.values import (
    neutralise_formula,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_list,
    parse_nhs_number,
    parse_online_account,
    parse_phone,
    parse_postcode,
    parse_text,
    parse_vrm,
)


def _with_check_digit(nine: str) -> str | None:
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return None if check == 10 else nine + str(check)


nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@given(nine_digits)
def test_valid_nhs_numbers_are_accepted_with_spaces(nine: str) -> None:
    number = _with_check_digit(nine)
    if number is None:
        with pytest.raises(ValueError, match="check digit"):
            parse_nhs_number(nine + "0")
        return
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    assert parse_nhs_number(spaced) == number


@given(nine_digits, st.integers(min_value=1, max_value=9))
def test_nhs_number_with_wrong_check_digit_is_rejected(nine: str, shift: int) -> None:
    number = _with_check_digit(nine)
    if number is None:
        return
    wrong = number[:9] + str((int(number[9]) + shift) % 10)
    with pytest.raises(ValueError, match="check digit"):
        parse_nhs_number(wrong)


@pytest.mark.parametrize("bad", ["", "123", "12345678901", "94347659l9", "abcdefghij"])
def test_nhs_number_must_be_ten_digits(bad: str) -> None:
    with pytest.raises(ValueError, match="10 digits"):
        parse_nhs_number(bad)


postcodes = st.builds(
    lambda area, district, sector, unit: f"{area}{district} {sector}{unit}",
    st.sampled_from(["S", "SW", "M", "LS", "B", "EC", "NE"]),
    st.integers(min_value=1, max_value=29).map(str),
    st.integers(min_value=0, max_value=9).map(str),
    st.text(alphabet="ABDEFGHJLNPQRSTUWXYZ", min_size=2, max_size=2),
)


@given(postcodes, st.booleans(), st.booleans())
def test_postcode_normalises_case_and_spacing(code: str, lower: bool, squash: bool) -> None:
    given_text = code.lower() if lower else code
    if squash:
        given_text = given_text.replace(" ", "")
    assert parse_postcode(given_text) == code


@pytest.mark.parametrize("bad", ["", "12345", "SW1A", "QQ1 1QQ1", "S1 1CI"])
def test_bad_postcodes_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError, match="postcode"):
        parse_postcode(bad)


past_days = st.dates(min_value=date(1900, 1, 1), max_value=date.today() - timedelta(days=1))


@given(past_days)
def test_uk_and_iso_dates_agree(day: date) -> None:
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d/%m/%Y") + " 10:30") == day


_TODAY = date(2026, 6, 1)  # fixed, so a run that crosses midnight cannot flip the answer


@given(st.dates(min_value=_TODAY + timedelta(days=1), max_value=date(2200, 1, 1)))
def test_future_dates_are_rejected(day: date) -> None:
    with pytest.raises(ValueError, match="future"):
        parse_date(day.isoformat(), today=_TODAY)


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(1899, 12, 31)))
def test_dates_before_1900_are_rejected(day: date) -> None:
    with pytest.raises(ValueError, match="before 1900"):
        parse_date(day.strftime("%d/%m/%Y"))


@pytest.mark.parametrize("bad", ["31/02/2020", "2020-13-01", "yesterday", "12-03-2020", "1/1/20"])
def test_impossible_or_unknown_date_formats_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_date(bad)


def test_uk_local_times_become_utc_across_summer_time() -> None:
    assert parse_datetime("01/07/2024 18:30") == datetime(2024, 7, 1, 17, 30, tzinfo=UTC)
    assert parse_datetime("01/01/2024 18:30") == datetime(2024, 1, 1, 18, 30, tzinfo=UTC)
    assert parse_datetime("2024-07-01T18:30:00+01:00") == datetime(2024, 7, 1, 17, 30, tzinfo=UTC)
    assert parse_datetime("2024-07-01T17:30:00Z") == datetime(2024, 7, 1, 17, 30, tzinfo=UTC)


@given(st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2024, 1, 1)))
def test_iso_datetimes_round_trip(moment: datetime) -> None:
    aware = moment.replace(tzinfo=UTC, microsecond=0)
    assert parse_datetime(aware.isoformat()) == aware


def test_future_datetimes_are_rejected() -> None:
    with pytest.raises(ValueError, match="future"):
        parse_datetime((datetime.now(UTC) + timedelta(days=2)).isoformat())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", True),
        ("Y", True),
        ("TRUE", True),
        ("1", True),
        ("no", False),
        ("n", False),
        ("False", False),
        ("0", False),
    ],
)
def test_booleans(text: str, expected: bool) -> None:
    assert parse_bool(text) is expected


@given(
    st.text(min_size=1).filter(
        lambda s: (
            s.strip().lower() not in {"yes", "y", "true", "t", "1", "no", "n", "false", "f", "0"}
        )
    )
)
def test_anything_else_is_not_a_boolean(text: str) -> None:
    with pytest.raises(ValueError, match="yes/no"):
        parse_bool(text)


@pytest.mark.parametrize(
    ("text", "vrm"), [("ab12 cde", "AB12CDE"), ("A123 BCD", "A123BCD"), ("y-123-abc", "Y123ABC")]
)
def test_vrm_normalised(text: str, vrm: str) -> None:
    assert parse_vrm(text) == vrm


@pytest.mark.parametrize("bad", ["", "ABCDEFG", "AB12CDEFGH", "AB!2"])
def test_bad_vrm_rejected(bad: str) -> None:
    with pytest.raises(ValueError, match="registration"):
        parse_vrm(bad)


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("07700 900123", "+447700900123"),
        ("+44 7700 900123", "+447700900123"),
        ("0114 496 0123", "+441144960123"),
        ("+1 202 555 0101", "+12025550101"),
    ],
)
def test_phone_numbers_to_e164(text: str, e164: str) -> None:
    assert parse_phone(text) == e164


@pytest.mark.parametrize("bad", ["abc", "12", "077009001234567890"])
def test_bad_phone_numbers_rejected(bad: str) -> None:
    with pytest.raises(ValueError, match="phone"):
        parse_phone(bad)


def test_online_accounts() -> None:
    assert parse_online_account("Snapchat:@Kay_99") == ("snapchat", "kay_99")
    with pytest.raises(ValueError, match="platform:handle"):
        parse_online_account("kay_99")
    with pytest.raises(ValueError, match="unknown platform"):
        parse_online_account("myspace:kay")


@given(
    st.lists(st.text(alphabet="ABCXYZ0123-", min_size=1, max_size=8), max_size=6),
    st.sampled_from([";", ","]),
)
def test_lists_split_on_semicolon_or_comma(items: list[str], sep: str) -> None:
    assert parse_list(sep.join(items)) == items


def test_formula_text_is_kept_verbatim_and_neutralised_only_for_export() -> None:
    text = '=HYPERLINK("http://example.invalid","click")'
    assert parse_text(text) == text
    assert neutralise_formula(text) == "'" + text
    assert neutralise_formula("plain") == "plain"
    assert parse_text("a\x00b\x07c") == "abc"
