"""Partner import against the real Neo4j: rows land, bad rows are reported, re-runs change nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import neo4j
import pytest

from cseboard.ingest.importer import Importer, ImportSummary
from cseboard.models.ids import place_id_for
from cseboard.store.reads import graph_counts, overview
from support.partner_files import write_csv

INJECTION = "x'}) DETACH DELETE n //"


def person(ref: str, **kw: str) -> dict[str, str]:
    row = {
        "agency": "police",
        "source_ref": ref,
        "role": "young_person",
        "first_name": "Amy",
        "last_name": "Example",
        "aliases": "",
        "date_of_birth": "01/02/2011",
        "gender": "F",
        "nhs_number": "",
        "postcode": "S1 2AB",
        "looked_after": "",
        "cp_plan": "",
        "risk_level": "",
    }
    row.update(kw)
    return row


def intel(ref: str, **kw: str) -> dict[str, str]:
    row = {
        "agency": "police",
        "source_ref": ref,
        "reported_at": "01/02/2025 10:00",
        "category": "sighting",
        "summary": "Seen with an adult male at the park",
        "source_evaluation": "1",
        "intelligence_assessment": "B",
        "handling_code": "P",
        "handling_conditions": "",
        "people": "PN-1;PN-2",
        "locations": "LOC-1",
        "vehicles": "AB12 CDE",
        "phones": "07700 900123",
        "online_accounts": "snapchat:@amy",
    }
    row.update(kw)
    return row


def run(
    driver: neo4j.Driver,
    *paths: Path,
    agency: str = "police",
    fmt: str = "exchange",
    batch_size: int = 500,
) -> ImportSummary:
    return Importer(driver, agency=agency, fmt=fmt, batch_size=batch_size).run(list(paths))


def report(path: Path | None) -> list[dict[str, str]]:
    assert path is not None
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def report_of(summary: ImportSummary, name: str) -> list[dict[str, str]]:
    """The rejects report of one file of an import (named by agency and import run)."""
    [found] = [f for f in summary.files if f.path.name == name]
    return report(found.report_path)


def scalar(driver: neo4j.Driver, cypher: str, **params: object) -> object:
    records, _, _ = driver.execute_query(cypher, params)
    return records[0][0]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "locations": write_csv(
            tmp_path / "locations.csv",
            [
                {
                    "agency": "police",
                    "source_ref": "LOC-1",
                    "name": "The Star Hotel",
                    "kind": "hotel",
                    "postcode": "s1 2ab",
                    "latitude": "53.40",
                    "longitude": "-1.90",
                },
            ],
        ),
        "people": write_csv(
            tmp_path / "people.csv",
            [
                person("PN-1", nhs_number="943 476 5919"),
                person(
                    "PN-2",
                    role="associate",
                    first_name="Adult",
                    date_of_birth="1985-03-04",
                    gender="M",
                ),
            ],
            bom=True,
            crlf=True,
        ),
        "intelligence": write_csv(
            tmp_path / "intelligence.csv", [intel("I-1"), intel("I-2", people="PN-1")]
        ),
        "missing": write_csv(
            tmp_path / "missing_episodes.csv",
            [
                {
                    "agency": "police",
                    "source_ref": "M-1",
                    "person_ref": "PN-1",
                    "missing_from": "care_placement",
                    "reported_missing_at": "03/02/2025 22:00",
                    "returned_at": "04/02/2025 09:00",
                    "police_risk_level": "medium",
                    "found_location_ref": "LOC-1",
                    "missing_with": "PN-2",
                    "rhi_offered_at": "05/02/2025 10:00",
                    "rhi_completed_at": "",
                    "rhi_declined": "no",
                },
            ],
        ),
    }


def test_each_file_type_lands_with_its_links(
    clean_driver: neo4j.Driver, files: dict[str, Path]
) -> None:
    summary = run(clean_driver, *files.values())
    assert summary.ok
    assert [f.record_type for f in summary.files] == [
        "locations",
        "people",
        "intelligence",
        "missing_episodes",
    ]
    assert all(f.rejected == 0 and f.pending_refs == 0 for f in summary.files)
    assert (
        scalar(
            clean_driver,
            "MATCH (:Intelligence {source_ref:'I-1'})-[:MENTIONS]->(p:Person) RETURN count(p)",
        )
        == 2
    )
    assert (
        scalar(
            clean_driver,
            "MATCH (:Intelligence {source_ref:'I-1'})-[:MENTIONS]->(:Location {name:'The Star Hotel'}) RETURN count(*)",
        )
        == 1
    )
    assert scalar(
        clean_driver,
        "MATCH (:Intelligence)-[:MENTIONS]->(v:Vehicle) RETURN collect(DISTINCT v.vrm)",
    ) == ["AB12CDE"]
    assert scalar(clean_driver, "MATCH (p:Phone) RETURN p.e164") == "+447700900123"
    assert (
        scalar(
            clean_driver,
            "MATCH (e:MissingEpisode)-[:OF]->(p:YoungPerson)<-[:REFERS_TO]-(r:AgencyRecord) RETURN r.record_key",
        )
        == "police/PN-1"
    )
    assert scalar(
        clean_driver,
        "MATCH (:MissingEpisode)-[:FOUND_AT]->(l:Location)-[:AT_PLACE]->(p:Place) "
        "RETURN l.postcode + '|' + p.place_id",
    ) == "S1 2AB|" + place_id_for("police", "LOC-1")
    assert (
        scalar(
            clean_driver, "MATCH (e:MissingEpisode)-[:MISSING_WITH]->(p:Associate) RETURN count(p)"
        )
        == 1
    )
    assert (
        scalar(clean_driver, "MATCH (p:Person {nhs_number:'9434765919'}) RETURN p.display_name")
        == "Amy Example"
    )
    assert scalar(
        clean_driver,
        "MATCH (i:Intelligence)-[m:MENTIONS]->(:Phone) WITH m, i ORDER BY i.intel_id RETURN collect(i.intel_id)",
    ) == ["police/I-1", "police/I-2"]
    counts = overview(clean_driver).counts
    assert (
        counts["young_people"],
        counts["associates"],
        counts["intelligence"],
        counts["missing_episodes"],
    ) == (1, 1, 2, 1)


def test_reimporting_the_same_files_changes_nothing(
    clean_driver: neo4j.Driver, files: dict[str, Path]
) -> None:
    run(clean_driver, *files.values())
    before = graph_counts(clean_driver)
    again = run(clean_driver, *files.values())
    # only the new import runs (one ImportRun node and its FROM_AGENCY link per file)
    runs = len(again.files)
    assert graph_counts(clean_driver) == (before[0] + runs, before[1] + runs)
    assert sum(f.changed for f in again.files) == 0
    assert scalar(clean_driver, "MATCH (n) WHERE n.changed_at IS NOT NULL RETURN count(n)") == 0


def test_a_changed_row_updates_the_record_and_keeps_when(
    clean_driver: neo4j.Driver, files: dict[str, Path], tmp_path: Path
) -> None:
    run(clean_driver, *files.values())
    before = graph_counts(clean_driver)
    changed = write_csv(
        tmp_path / "v2" / "intelligence.csv",
        [intel("I-1", people="PN-1", summary="Updated"), intel("I-2", people="PN-1")],
    )
    summary = run(clean_driver, changed)
    assert summary.files[0].changed == 1
    nodes, rels = graph_counts(clean_driver)
    # one more ImportRun node (and its FROM_AGENCY link) for the new file; the PN-2 mention is gone
    assert (nodes, rels) == (before[0] + 1, before[1] - 1 + 1)
    record = clean_driver.execute_query(
        "MATCH (i:Intelligence {source_ref:'I-1'}) RETURN i"
    ).records[0]["i"]
    assert record["summary"] == "Updated" and record["changed_at"] is not None
    assert record["imported_at"] < record["changed_at"]


def test_rejects_report_names_file_line_column_and_reason(
    clean_driver: neo4j.Driver, tmp_path: Path, files: dict[str, Path]
) -> None:
    run(clean_driver, files["locations"], files["people"])
    people = write_csv(
        tmp_path / "bad" / "people.csv",
        [
            person("PN-3"),
            person("PN-4", nhs_number="1234567890"),
            person("", first_name="Nobody"),
        ],
    )
    intelligence = write_csv(
        tmp_path / "bad" / "intelligence.csv",
        [
            intel("I-10"),
            intel("I-11", source_evaluation="4"),
            intel("I-12", reported_at="01/01/2999"),
            intel("I-13", summary=""),
            intel("I-14", people="PN-1;PN-404"),
        ],
    )
    summary = run(clean_driver, people, intelligence)
    by_type = summary.by_type()
    people_counts = {k: by_type["people"][k] for k in ("read", "landed", "dropped", "rejected")}
    # a bad NHS number loses the field, not the child
    assert people_counts == {"read": 3, "landed": 2, "dropped": 1, "rejected": 1}
    assert by_type["intelligence"]["landed"] == 2 and by_type["intelligence"]["rejected"] == 3
    lines = report_of(summary, "people.csv") + report_of(summary, "intelligence.csv")
    got = {(r["file"], r["line"], r["column"], r["outcome"]): r for r in lines}
    dropped = got[("people.csv", "3", "nhs_number", "field_dropped")]
    assert dropped["reason"] == "NHS number check digit is wrong (modulus 11)"
    assert dropped["value"] == "1234567890"
    assert scalar(clean_driver, "MATCH (r:AgencyRecord {source_ref: 'PN-4'}) RETURN r.nhs_number") is None
    assert ("people.csv", "4", "source_ref", "rejected") in got
    assert (
        "neither 3x5x2"
        in got[
            (
                "intelligence.csv",
                "3",
                "source_evaluation/intelligence_assessment/handling_code",
                "rejected",
            )
        ]["reason"]
    )
    assert (
        got[("intelligence.csv", "4", "reported_at", "rejected")]["reason"]
        == "date-time is in the future"
    )
    assert (
        got[("intelligence.csv", "5", "summary", "rejected")]["reason"]
        == "required value is missing"
        or "summary" in got[("intelligence.csv", "5", "summary", "rejected")]["reason"]
    )
    pending = got[("intelligence.csv", "6", "people", "pending_reference")]
    assert pending["value"] == "PN-404" and "unknown reference" in pending["reason"]
    assert scalar(clean_driver, "MATCH (i:Intelligence) RETURN count(i)") == 2


def test_a_reference_before_its_record_is_completed_when_the_record_arrives(
    clean_driver: neo4j.Driver, tmp_path: Path
) -> None:
    early = write_csv(
        tmp_path / "a" / "intelligence.csv",
        [intel("I-1", people="PN-7", locations="", vehicles="", phones="", online_accounts="")],
    )
    first = run(clean_driver, early)
    assert first.files[0].pending_refs == 1
    assert (
        scalar(
            clean_driver,
            "MATCH (p:Person {pending:true})<-[:MENTIONS]-(:Intelligence) RETURN count(p)",
        )
        == 1
    )
    later = write_csv(tmp_path / "b" / "people.csv", [person("PN-7", first_name="Late")])
    run(clean_driver, later)
    assert scalar(clean_driver, "MATCH (p:Person) RETURN count(p)") == 1
    assert (
        scalar(
            clean_driver,
            "MATCH (:Intelligence)-[:MENTIONS]->(p:YoungPerson) WHERE p.pending IS NULL RETURN p.first_name",
        )
        == "Late"
    )
    assert (
        scalar(clean_driver, "MATCH (r:AgencyRecord) WHERE r.pending = true RETURN count(r)") == 0
    )


def test_injection_and_formula_values_land_as_plain_text(
    clean_driver: neo4j.Driver, tmp_path: Path
) -> None:
    formula = '=HYPERLINK("http://example.invalid","x")'
    path = write_csv(
        tmp_path / "people.csv", [person(INJECTION, first_name=INJECTION, last_name=formula)]
    )
    text = write_csv(
        tmp_path / "intelligence.csv",
        [
            intel(
                "I-1",
                summary=INJECTION,
                people=INJECTION,
                locations="",
                handling_code="C",
                handling_conditions=INJECTION,
            )
        ],
    )
    summary = run(clean_driver, path, text)
    assert summary.ok and all(f.rejected == 0 for f in summary.files)
    assert (
        scalar(clean_driver, "MATCH (p:Person) RETURN p.first_name + '|' + p.last_name")
        == f"{INJECTION}|{formula}"
    )
    assert (
        scalar(clean_driver, "MATCH (i:Intelligence)-[:MENTIONS]->(p:Person) RETURN i.summary")
        == INJECTION
    )
    assert scalar(clean_driver, "MATCH (n:Person) RETURN count(n)") == 1


def test_rows_of_another_agency_are_refused(clean_driver: neo4j.Driver, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "people.csv", [person("PN-1"), person("PN-2", agency="health")])
    summary = run(clean_driver, path)
    assert (summary.files[0].landed, summary.files[0].rejected) == (1, 1)
    (line,) = [r for r in report_of(summary, "people.csv") if r["outcome"] == "rejected"]
    assert (line["line"], line["column"]) == ("3", "agency")


def test_json_lines_and_ssd_extracts(clean_driver: neo4j.Driver, tmp_path: Path) -> None:
    jsonl = tmp_path / "third" / "people.jsonl"
    jsonl.parent.mkdir()
    jsonl.write_text(
        '{"agency": "third_sector", "source_ref": "TS-1", "role": "young_person", "first_name": "Bea"}\n',
        encoding="utf-8",
    )
    assert run(clean_driver, jsonl, agency="third_sector").files[0].landed == 1
    ssd_person = write_csv(
        tmp_path / "csc" / "ssd_person.csv",
        [
            {
                "pers_person_id": "100234",
                "pers_sex": "F",
                "pers_dob": "2010-05-06",
                "pers_common_child_id": "9434765919",
                "pers_ethnicity": "WBRI",
                "pers_upn": "A123",
            },
        ],
    )
    ssd_missing = write_csv(
        tmp_path / "csc" / "ssd_missing.csv",
        [
            {
                "miss_table_id": "1",
                "miss_la_person_id": "100234",
                "miss_mis_epi_start": "2025-03-01 22:00",
                "miss_mis_epi_type": "M",
                "miss_mis_epi_end": "2025-03-02 08:00",
                "miss_mis_epi_rhi_offered": "Yes",
                "miss_mis_epi_rhi_accepted": "No",
            },
            {
                "miss_table_id": "2",
                "miss_la_person_id": "100234",
                "miss_mis_epi_start": "2025-03-05",
                "miss_mis_epi_type": "X",
                "miss_mis_epi_end": "",
                "miss_mis_epi_rhi_offered": "",
                "miss_mis_epi_rhi_accepted": "",
            },
        ],
    )
    summary = run(clean_driver, ssd_missing, ssd_person, agency="childrens_social_care", fmt="ssd")
    assert [(f.record_type, f.landed, f.rejected) for f in summary.files] == [
        ("ssd_person", 1, 0),
        ("ssd_missing", 1, 1),
    ]
    assert (
        scalar(
            clean_driver,
            "MATCH (e:MissingEpisode)-[:OF]->(p:YoungPerson {nhs_number:'9434765919'}) RETURN e.rhi_declined",
        )
        is True
    )


def test_a_file_without_required_columns_is_refused_whole(
    clean_driver: neo4j.Driver, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "intelligence.csv",
        [{"agency": "police", "source_ref": "I-1", "summary": "x", "category": "sighting"}],
    )
    summary = run(clean_driver, path)
    assert not summary.ok and "reported_at" in (summary.files[0].error or "")


def test_ssd_extract_fills_in_a_council_record_without_blanking_it(clean_driver: neo4j.Driver, tmp_path: Path) -> None:
    people = write_csv(tmp_path / "people.csv", [person("100234", agency="childrens_social_care", first_name="Cara", nhs_number="")])
    run(clean_driver, people, agency="childrens_social_care")
    ssd = write_csv(tmp_path / "ssd_person.csv", [
        {"pers_person_id": "100234", "pers_sex": "F", "pers_dob": "2011-02-01", "pers_common_child_id": "9434765919", "pers_ethnicity": ""},
    ])
    assert run(clean_driver, ssd, agency="childrens_social_care", fmt="ssd").files[0].changed == 1
    assert scalar(clean_driver, "MATCH (p:Person) RETURN p.first_name + '/' + p.nhs_number") == "Cara/9434765919"
    again = run(clean_driver, people, ssd, agency="childrens_social_care")
    assert sum(f.changed for f in again.files) == 0
    assert run(clean_driver, ssd, agency="childrens_social_care", fmt="ssd").files[0].changed == 0
