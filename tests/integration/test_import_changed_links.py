"""A changed report or episode has its links rebuilt from its new row, in the same batch as
unchanged rows and rows naming records not sent yet; its review is cleared and it is stamped.

Worked out by hand: the police send two people, an adult and a park; a first file of reports
(I-1 names the child, the adult, the park, a phone and a car; I-2 names the second child and
PN-9, whom the police have not sent) and an episode (the child, missing with the adult, found at
the park). The second files change I-1 to name only the second child, and the episode to have
no companion and no place; I-2 is sent again unchanged and a new report I-3 names PN-9 again.
"""

from __future__ import annotations

from pathlib import Path

import neo4j

from cseboard.ingest.importer import Importer, ImportSummary
from support.partner_files import write_csv

PEOPLE = [
    {"agency": "police", "source_ref": ref, "role": role, "first_name": ref}
    for ref, role in (("PC-1", "young_person"), ("PC-2", "young_person"), ("PA-1", "associate"))
]
PLACES = [{"agency": "police", "source_ref": "L-1", "name": "Hollow Park", "kind": "park"}]


def _report(ref: str, people: str, **kw: str) -> dict[str, str]:
    row = {
        "agency": "police",
        "source_ref": ref,
        "reported_at": "02/03/2026 21:00",
        "category": "sighting",
        "summary": f"{ref}: seen at the park",
        "source_evaluation": "2",
        "intelligence_assessment": "B",
        "handling_code": "P",
        "people": people,
        "locations": "",
        "vehicles": "",
        "phones": "",
    }
    row.update(kw)
    return row


def _episode(missing_with: str, found: str) -> dict[str, str]:
    return {
        "agency": "police",
        "source_ref": "M-1",
        "person_ref": "PC-1",
        "missing_from": "home",
        "reported_missing_at": "03/03/2026 22:00",
        "returned_at": "04/03/2026 09:00",
        "found_location_ref": found,
        "missing_with": missing_with,
    }


def _run(driver: neo4j.Driver, folder: Path) -> ImportSummary:
    paths = sorted(p for p in folder.glob("*.csv") if not p.name.endswith(".rejects.csv"))
    summary = Importer(driver, agency="police", batch_size=2).run(paths)
    assert summary.ok
    return summary


def _ends(driver: neo4j.Driver, match: str) -> list[tuple[str, str]]:
    records, _, _ = driver.execute_query(
        match + " RETURN type(r) AS rel, coalesce(m.first_name, m.name, m.e164, m.vrm, "
        "m.person_id) AS end, r.via AS via ORDER BY rel, end"
    )
    return [(r["rel"], f"{r['end']}|{r['via'] or ''}") for r in records]


def _changed(summary: ImportSummary, kind: str) -> int:
    return sum(f.changed for f in summary.files if f.record_type == kind)


def test_changed_rows_rebuild_their_links_beside_unchanged_and_pending_ones(
    clean_driver: neo4j.Driver, tmp_path: Path
) -> None:
    first = tmp_path / "first"
    write_csv(first / "people.csv", PEOPLE)
    write_csv(first / "locations.csv", PLACES)
    write_csv(
        first / "intelligence.csv",
        [
            _report(
                "I-1", "PC-1;PA-1", locations="L-1", phones="07700 900123", vehicles="AB12 CDE"
            ),
            _report("I-2", "PC-2;PN-9"),
        ],
    )
    write_csv(first / "missing_episodes.csv", [_episode("PA-1", "L-1")])
    summary = _run(clean_driver, first)
    assert summary.files[-2].pending_refs == 1  # PN-9, in the reports file
    i1 = "MATCH (:Intelligence {source_ref: 'I-1'})-[r]->(m)"
    assert _ends(clean_driver, i1) == [
        ("MENTIONS", "+447700900123|"),
        ("MENTIONS", "AB12CDE|"),
        ("MENTIONS", "Hollow Park|"),
        ("MENTIONS", "PA-1|police/PA-1"),
        ("MENTIONS", "PC-1|police/PC-1"),
        ("SUBMITTED_BY", "police|"),
    ]
    clean_driver.execute_query(
        "MATCH (i:Intelligence) SET i.reviewed_at = datetime(), i.reviewed_by = 'lead'"
    )

    second = tmp_path / "second"
    write_csv(
        second / "intelligence.csv",
        [
            _report("I-1", "PC-2", summary="I-1: seen again, alone"),
            _report("I-2", "PC-2;PN-9"),
            _report("I-3", "PN-9"),
        ],
    )
    write_csv(second / "missing_episodes.csv", [_episode("", "")])
    summary = _run(clean_driver, second)
    assert _changed(summary, "intelligence") == 2  # I-1 changed, I-3 new
    assert _changed(summary, "missing_episodes") == 1

    assert _ends(clean_driver, i1) == [
        ("MENTIONS", "PC-2|police/PC-2"),
        ("SUBMITTED_BY", "police|"),
    ]
    records, _, _ = clean_driver.execute_query(
        "MATCH (i:Intelligence) RETURN i.source_ref AS ref, i.changed_at IS NOT NULL AS stamped, "
        "i.reviewed_at IS NOT NULL AS reviewed ORDER BY ref"
    )
    assert [(r["ref"], r["stamped"], r["reviewed"]) for r in records] == [
        ("I-1", True, False),  # changed: back to the practice lead's inbox
        ("I-2", False, True),  # unchanged: its review stands
        ("I-3", False, False),  # new
    ]
    # PN-9 is one pending person, named by I-2 (kept) and I-3 (new)
    records, _, _ = clean_driver.execute_query(
        "MATCH (i:Intelligence)-[r:MENTIONS]->(p:Person {pending: true}) "
        "RETURN p.person_id AS person, collect(i.source_ref + ' ' + r.via) AS by"
    )
    assert [sorted(r["by"]) for r in records] == [["I-2 police/PN-9", "I-3 police/PN-9"]]
    assert _ends(clean_driver, "MATCH (:MissingEpisode {source_ref: 'M-1'})-[r]->(m)") == [
        ("OF", "PC-1|police/PC-1"),
        ("REPORTED_BY", "police|"),
    ]
    assert _scalar(clean_driver, "MATCH (e:MissingEpisode) RETURN e.changed_at IS NOT NULL")

    again = _run(clean_driver, second)
    assert _changed(again, "intelligence") == _changed(again, "missing_episodes") == 0


def _scalar(driver: neo4j.Driver, cypher: str) -> object:
    records, _, _ = driver.execute_query(cypher)
    return records[0][0]
