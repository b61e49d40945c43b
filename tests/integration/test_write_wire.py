"""A date or date-time sent as ISO text and turned back by a write statement is stored exactly as
the driver would have stored the value itself: same type, same instant, same offset."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import neo4j
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cseboard.ingest.importer import Importer
from cseboard.store.wire import wired
from support.partner_files import write_csv

# The pattern every write statement uses (store/wire.py), beside a plain parameter.
_BOTH = """
CREATE (wired:WireCheck), (plain:WireCheck)
SET wired += $sent.props
FOREACH (k IN keys($sent.props_dates) | SET wired[k] = date($sent.props_dates[k]))
FOREACH (k IN keys($sent.props_datetimes) | SET wired[k] = datetime($sent.props_datetimes[k]))
SET plain += $props
WITH wired, plain
RETURN [k IN keys(plain) | [k, toString(wired[k]), toString(plain[k]), wired[k] = plain[k]]] AS ks,
       size(keys(wired)) AS n_wired
"""

_offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)
_moments = st.datetimes(
    min_value=datetime(1900, 1, 2),
    max_value=datetime(2100, 1, 1),
    timezones=_offsets | st.just(UTC),
)
_days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(moment=_moments, day=_days)
def test_text_turned_back_is_the_value_the_driver_stores(
    driver: neo4j.Driver, moment: datetime, day: date
) -> None:
    props = {"at": moment, "born": day, "note": "x"}
    records, _, _ = driver.execute_query(_BOTH, sent=wired(props), props=props)
    driver.execute_query("MATCH (n:WireCheck) DELETE n")
    assert records[0]["n_wired"] == 3
    for key, as_wired, as_plain, same in records[0]["ks"]:
        assert as_wired == as_plain, key
        assert same, key


def test_an_import_stores_dates_and_date_times_with_their_types(
    clean_driver: neo4j.Driver, tmp_path: Path
) -> None:
    # A police export: UK dates and a BST evening, a date of birth, an episode still open.
    write_csv(
        tmp_path / "people.csv",
        [
            {
                "source_ref": "P-1",
                "role": "young_person",
                "first_name": "Kai",
                "date_of_birth": "28/02/2011",
            },
        ],
    )
    write_csv(
        tmp_path / "intelligence.csv",
        [
            {
                "source_ref": "I-1",
                "reported_at": "01/07/2024 18:30",
                "category": "association",
                "summary": "seen with an older male at the bus station",
                "people": "P-1",
                "source_evaluation": "1",
                "intelligence_assessment": "B",
                "handling_code": "P",
            },
        ],
    )
    write_csv(
        tmp_path / "missing_episodes.csv",
        [
            {
                "source_ref": "M-1",
                "person_ref": "P-1",
                "reported_missing_at": "2024-07-02T22:05:00Z",
                "returned_at": "",
            },
        ],
    )
    summary = Importer(clean_driver, agency="police").run(
        sorted(tmp_path.glob("*.csv")), rejects_dir=tmp_path
    )
    assert summary.ok and all(f.rejected == 0 for f in summary.files)
    records, _, _ = clean_driver.execute_query(
        """
        MATCH (r:AgencyRecord {record_key: 'police/P-1'})-[:REFERS_TO]->(p:Person)
        MATCH (i:Intelligence {intel_id: 'police/I-1'})
        MATCH (e:MissingEpisode {episode_id: 'police/M-1'})
        RETURN r.date_of_birth AS record_dob, p.date_of_birth AS person_dob,
               i.reported_at AS reported_at, e.reported_missing_at AS missing_at,
               e.returned_at AS returned_at
        """
    )
    got = records[0]
    assert got["record_dob"].to_native() == date(2011, 2, 28)
    assert got["person_dob"].to_native() == date(2011, 2, 28)
    # 18:30 in July is British Summer Time: 17:30 UTC.
    assert got["reported_at"].to_native() == datetime(2024, 7, 1, 17, 30, tzinfo=UTC)
    assert got["missing_at"].to_native() == datetime(2024, 7, 2, 22, 5, tzinfo=UTC)
    assert got["returned_at"] is None
