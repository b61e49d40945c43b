"""The ingest benchmark's bare-write baseline writes back exactly the reports an import landed,
with the same properties, agency and everything they mention (people, places, vehicles, phones,
online accounts), so its rate is a fair ceiling for the import."""

from __future__ import annotations

from pathlib import Path

import neo4j

from cseboard.ingest.importer import Importer
from cseboard.store.admin import wipe_database
from cseboard.store.raw_writes import prepare_raw_ends, read_landed_reports, write_raw_reports
from cseboard.store.schema import apply_schema
from support.partner_files import write_csv

PEOPLE = [
    {"agency": "police", "source_ref": ref, "role": role, "first_name": ref}
    for ref, role in (("PC-1", "young_person"), ("PC-2", "young_person"), ("PA-1", "associate"))
]
LOCATIONS = [
    {"agency": "police", "source_ref": "L-1", "name": "Bus station", "kind": "transport_hub"},
    {"agency": "police", "source_ref": "L-2", "name": "Chicken shop", "kind": "takeaway"},
]
REPORTS = [
    # Two people, a place, a car and a phone; one person, a place and a snapchat account; nothing.
    ("I-1", "PC-1;PA-1", "L-1", "AB12 CDE", "07700 900123", ""),
    ("I-2", "PC-2", "L-2", "", "", "snapchat:jay_x"),
    ("I-3", "", "", "", "", ""),
]

_SHAPE = """
MATCH (i:Intelligence)
OPTIONAL MATCH (i)-[:SUBMITTED_BY]->(a:Agency)
OPTIONAL MATCH (i)-[:MENTIONS]->(n)
WITH i, a, collect(coalesce(n.person_id, n.location_id, n.vrm, n.e164, n.account_key)) AS ends
RETURN i.intel_id AS id, i.summary AS summary, i.reported_at AS at, i.grading AS grading,
       a.name AS agency, ends
ORDER BY id
"""


def _shape(driver: neo4j.Driver) -> list[tuple[object, ...]]:
    records, _, _ = driver.execute_query(_SHAPE)
    return [
        (r["id"], r["summary"], r["at"], r["grading"], r["agency"], sorted(r["ends"]))
        for r in records
    ]


def test_the_bare_write_lands_the_same_reports_agency_and_everything_they_mention(
    clean_driver: neo4j.Driver, tmp_path: Path
) -> None:
    write_csv(tmp_path / "people.csv", PEOPLE)
    write_csv(tmp_path / "locations.csv", LOCATIONS)
    write_csv(
        tmp_path / "intelligence.csv",
        [
            {
                "agency": "police",
                "source_ref": ref,
                "reported_at": "03/03/2026 21:15",
                "category": "association",
                "summary": f"{ref}: seen with an older male at the bus station",
                "source_evaluation": "1",
                "intelligence_assessment": "B",
                "handling_code": "P",
                "people": people,
                "locations": places,
                "vehicles": vrm,
                "phones": phone,
                "online_accounts": account,
            }
            for ref, people, places, vrm, phone, account in REPORTS
        ],
    )
    Importer(clean_driver, agency="police").run(sorted(tmp_path.glob("*.csv")))
    landed = _shape(clean_driver)
    assert [row[0] for row in landed] == ["police/I-1", "police/I-2", "police/I-3"]
    assert [len(row[5]) for row in landed] == [5, 3, 0]

    reports, person_ids = read_landed_reports(clean_driver, slice_size=2)
    assert len(reports) == 3 and len(person_ids) == 3

    wipe_database(clean_driver)
    apply_schema(clean_driver)
    prepare_raw_ends(clean_driver, person_ids, reports)
    write_raw_reports(clean_driver, reports, batch=1, writers=2)

    assert _shape(clean_driver) == landed
