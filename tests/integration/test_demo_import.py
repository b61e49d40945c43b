"""The synthetic town imported as partners would send it: exactly the planted bad rows are refused."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import neo4j
import pytest

from cseboard.config import Settings
from cseboard.services.demo_data import import_partner_folders
from cseboard.store.reads import overview
from cseboard.synthetic import generate


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("town")
    generate("town", 3, root)
    return root


@pytest.fixture(scope="module")
def loaded(driver: neo4j.Driver, neo4j_settings: Settings, town: Path) -> Path:
    import_partner_folders(driver, town, neo4j_settings, rejects_dir=town / "rejects")
    return town


def _report_lines(root: Path, outcome: str) -> dict[tuple[str, int], dict[str, str]]:
    lines = {}
    for report in (root / "rejects").rglob("*.rejects.csv"):
        with report.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["outcome"] == outcome:
                    lines[(f"{report.parent.name}/{row['file']}", int(row["line"]))] = row
    return lines


def test_exactly_the_planted_invalid_rows_are_rejected_with_their_column(loaded: Path) -> None:
    truth = json.loads((loaded / "truth.json").read_text(encoding="utf-8"))
    planted = {(r["file"], int(r["line"])): r for r in truth["invalid_rows"]}
    rejected = _report_lines(loaded, "rejected")
    assert planted and set(rejected) == set(planted)
    for key, row in planted.items():
        assert row["column"] in rejected[key]["column"] or rejected[key]["column"] == "(row)", (key, row, rejected[key])


def test_unresolved_references_are_reported_pending_not_dropped(loaded: Path, driver: neo4j.Driver) -> None:
    truth = json.loads((loaded / "truth.json").read_text(encoding="utf-8"))
    pending = _report_lines(loaded, "pending_reference")
    assert {(r["file"], int(r["line"])) for r in truth["unresolved_refs"]} == set(pending)
    awaiting = overview(driver).counts["people_awaiting_record"]
    assert awaiting == len({(r["agency"], r["ref"]) for r in truth["unresolved_refs"]})


def test_loaded_counts_match_the_generator(loaded: Path, driver: neo4j.Driver) -> None:
    truth = json.loads((loaded / "truth.json").read_text(encoding="utf-8"))
    rows = truth["counts"]["rows"]
    counts = overview(driver).counts
    exchange_intel = sum(types.get("intelligence", 0) for types in rows.values())
    assert counts["intelligence"] == exchange_intel


def _data_counts(driver: neo4j.Driver) -> tuple[int, int]:
    """Nodes and relationships other than the audit trail and the import runs, which grow with
    every import (each import is a run, with its own rejects report)."""
    nodes = driver.execute_query(
        "MATCH (n) WHERE NOT n:AuditEvent AND NOT n:AuditChain AND NOT n:ImportRun RETURN count(n) AS c"
    ).records[0]["c"]
    rels = driver.execute_query(
        "MATCH (a)-[r]->() WHERE NOT a:ImportRun RETURN count(r) AS c"
    ).records[0]["c"]
    return int(nodes), int(rels)


def test_loading_the_town_twice_changes_nothing(loaded: Path, driver: neo4j.Driver, neo4j_settings: Settings) -> None:
    before = _data_counts(driver)
    events = driver.execute_query("MATCH (e:AuditEvent) RETURN count(e) AS c").records[0]["c"]
    again = import_partner_folders(driver, loaded, neo4j_settings, rejects_dir=loaded / "rejects-again")
    assert sum(f.changed for s in again.summaries.values() for f in s.files) == 0
    assert _data_counts(driver) == before
    after = driver.execute_query("MATCH (e:AuditEvent) RETURN count(e) AS c").records[0]["c"]
    assert after > events, "each import is recorded as collection, even when nothing changed"
