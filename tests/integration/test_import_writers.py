"""Two writer transactions on disjoint batches land the same graph as one writer.

The batches of one file share people, a phone and a car, so the two writers contend for the same
nodes and index entries (a deadlock between them is retried by the driver); the graph must come
out the same, and importing the file again must change nothing."""

from __future__ import annotations

from pathlib import Path

import neo4j

from cseboard.ingest.importer import Importer
from support.partner_files import write_csv

PEOPLE = [
    {"agency": "police", "source_ref": ref, "role": role, "first_name": ref}
    for ref, role in (
        ("PC-1", "young_person"),
        ("PC-2", "young_person"),
        ("PC-3", "young_person"),
        ("PA-1", "associate"),
    )
]


def _reports() -> list[dict[str, str]]:
    # Every report names the adult; all share one phone and one car; 24 reports in batches of 2.
    return [
        {
            "agency": "police",
            "source_ref": f"I-{i}",
            "reported_at": f"{1 + i % 28:02d}/03/2026 21:{i % 60:02d}",
            "category": "phone_or_device",
            "summary": f"I-{i}: picked up from the park by the adult",
            "source_evaluation": "2",
            "intelligence_assessment": "B",
            "handling_code": "P",
            "people": f"PC-{1 + i % 3};PA-1",
            "phones": "07700 900123",
            "vehicles": "AB12 CDE",
        }
        for i in range(24)
    ]


_GRAPH = """
MATCH (n) WHERE NOT n:ImportRun AND NOT n:AuditEvent AND NOT n:AuditChain
OPTIONAL MATCH (n)-[r]->(m) WHERE NOT m:ImportRun
RETURN labels(n) AS labels, coalesce(n.intel_id, n.person_id, n.record_key, n.name,
       n.e164, n.vrm, n.key, '') AS key, type(r) AS rel,
       coalesce(m.intel_id, m.person_id, m.record_key, m.name, m.e164, m.vrm, m.key, '') AS end
"""


def _graph(driver: neo4j.Driver) -> list[tuple[str, ...]]:
    records, _, _ = driver.execute_query(_GRAPH)
    return sorted(
        (",".join(sorted(r["labels"])), str(r["key"]), str(r["rel"]), str(r["end"]))
        for r in records
    )


def _import(driver: neo4j.Driver, folder: Path, writers: int) -> None:
    importer = Importer(driver, agency="police", batch_size=2, writers=writers)
    summary = importer.run([folder / "people.csv", folder / "intelligence.csv"])
    assert summary.ok


def test_two_writers_land_the_same_graph_as_one_and_a_rerun_changes_nothing(
    clean_driver: neo4j.Driver, tmp_path: Path
) -> None:
    write_csv(tmp_path / "people.csv", PEOPLE)
    write_csv(tmp_path / "intelligence.csv", _reports())

    _import(clean_driver, tmp_path, writers=1)
    one_writer = _graph(clean_driver)
    clean_driver.execute_query("MATCH (n) DETACH DELETE n")

    _import(clean_driver, tmp_path, writers=2)
    two_writers = _graph(clean_driver)
    assert two_writers == one_writer
    mentions = [row for row in two_writers if row[2] == "MENTIONS" and row[0] == "Intelligence"]
    assert len({row[1] for row in mentions}) == 24

    _import(clean_driver, tmp_path, writers=2)
    assert _graph(clean_driver) == two_writers
