"""The command line against the real test server: external-server detection, import, analyse."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from cseboard.cli import app
from cseboard.config import Settings
from cseboard.store.connection import resolve_target
from support.partner_files import write_csv

runner = CliRunner()


@pytest.fixture
def as_external(
    neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Point the CLI's own settings at the test server, as NEO4J_URI would in production."""
    target = resolve_target(neo4j_settings)
    monkeypatch.setenv("NEO4J_URI", target.uri)
    monkeypatch.setenv("NEO4J_USER", target.user)
    monkeypatch.setenv("NEO4J_PASSWORD", target.password)
    monkeypatch.chdir(tmp_path_factory.mktemp("cli"))
    yield


def test_status_and_start_use_the_external_server(clean_driver: neo4j.Driver, as_external: None) -> None:
    status = runner.invoke(app, ["neo4j", "status"])
    assert status.exit_code == 0 and "reachable" in status.output
    start = runner.invoke(app, ["neo4j", "start"])
    assert start.exit_code == 0 and "not starting one" in start.output


def test_unreachable_external_server_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    result = runner.invoke(app, ["neo4j", "status"])
    assert result.exit_code == 1 and "NOT reachable" in result.output


def test_import_command_prints_a_summary_and_writes_the_report(
    clean_driver: neo4j.Driver, as_external: None, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "people.csv", [
        {"agency": "police", "source_ref": "PN-1", "role": "young_person", "first_name": "Amy"},
        {"agency": "police", "source_ref": "PN-2", "role": "young_person", "first_name": "Bo",
         "nhs_number": "1234567890"},
    ])
    result = runner.invoke(app, ["import", "--agency", "police", "--rejects", str(tmp_path / "out"), str(path)])
    assert result.exit_code == 0, result.output
    assert "Import summary" in result.output
    [report] = (tmp_path / "out").glob("police-people-IMP-*.rejects.csv")
    # header and the NHS number left empty (the row landed)
    lines = report.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and lines[1].endswith(",field_dropped")


def test_db_init_and_analyse(clean_driver: neo4j.Driver, as_external: None, tmp_path: Path) -> None:
    init = runner.invoke(app, ["db", "init"])
    assert init.exit_code == 0 and "holds 0 nodes and 0 relationships" in " ".join(init.output.split())
    people = write_csv(tmp_path / "people.csv", [
        {"agency": "police", "source_ref": f"PN-{n}", "role": "young_person" if n else "associate",
         "first_name": f"P{n}"} for n in range(4)
    ])
    intel = write_csv(tmp_path / "intelligence.csv", [
        {"agency": "police", "source_ref": f"I-{n}", "reported_at": "2025-06-01 10:00", "category": "sighting",
         "summary": "Seen together", "source_evaluation": "1", "intelligence_assessment": "A",
         "handling_code": "P", "people": f"PN-0;PN-{n}"} for n in (1, 2, 3)
    ])
    assert runner.invoke(app, ["import", "--agency", "police", str(people), str(intel)]).exit_code == 0
    result = runner.invoke(app, ["analyse", "--window-days", "3650", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output[result.output.index("{"):])
    assert summary["graph_nodes"] >= 4 and summary["clusters"][0]["size"] == 4


def test_import_check_writes_nothing_and_a_starting_profile_then_imports_with_it(
    clean_driver: neo4j.Driver, as_external: None, tmp_path: Path
) -> None:
    """A youth offending team's export: its own words for two categories."""
    intel = write_csv(tmp_path / "intelligence.csv", [
        {"source_ref": "Y-1", "reported_at": "2025-06-01 10:00", "category": "money or drugs",
         "summary": "Given cash by an older male", "source_evaluation": "2",
         "intelligence_assessment": "B", "handling_code": "P"},
        {"source_ref": "Y-2", "reported_at": "2025-06-02 10:00", "category": "car",
         "summary": "Collected in a car", "source_evaluation": "2",
         "intelligence_assessment": "B", "handling_code": "P"},
    ])
    draft = tmp_path / "draft.toml"
    check = runner.invoke(app, ["import", "--agency", "youth_offending", "--check",
                                "--write-profile", str(draft), str(intel)])
    assert check.exit_code == 0, check.output
    output = " ".join(check.output.split())
    assert "money or drugs" in output and "gifts_money_substances" in output
    assert clean_driver.execute_query("MATCH (n:Intelligence) RETURN count(n) AS n").records[0]["n"] == 0
    text = draft.read_text(encoding="utf-8")
    assert '\n"money or drugs" = "gifts_money_substances"' in text
    assert '\n# "car" = ' in text  # a weak suggestion is left for the analyst to decide
    profiles = tmp_path / "partners"
    profiles.mkdir()
    # the analyst decides: a car is the vehicle category
    edited = "\n".join(
        '"car" = "vehicle"' if line.startswith('# "car"') else line for line in text.splitlines()
    )
    (profiles / "youth_offending.toml").write_text(edited, encoding="utf-8")
    done = runner.invoke(app, ["import", "--agency", "youth_offending", "--profiles", str(profiles),
                               "--rejects", str(tmp_path / "reports"), str(intel)])
    assert done.exit_code == 0, done.output
    categories = clean_driver.execute_query(
        "MATCH (i:Intelligence) RETURN i.source_ref AS r, i.category AS c ORDER BY r"
    ).records
    assert [(r["r"], r["c"]) for r in categories] == [("Y-1", "gifts_money_substances"), ("Y-2", "vehicle")]
    assert not (tmp_path / "reports").exists()  # nothing to report


def test_places_commands(clean_driver: neo4j.Driver, as_external: None, tmp_path: Path) -> None:
    for agency, name in (("police", "Star Hotel"), ("health", "STAR HOTEL")):
        path = write_csv(tmp_path / agency / "locations.csv", [
            {"source_ref": "L-1", "name": name, "kind": "hotel", "postcode": "XF1 2AB",
             "latitude": "53.4", "longitude": "-1.9"},
        ])
        result = runner.invoke(app, ["import", "--agency", agency, "--rejects", str(tmp_path), str(path)])
        assert result.exit_code == 0, result.output
    assert "1 merged with the same place" in " ".join(result.output.split())
    merges = runner.invoke(app, ["places", "merges", "--json"])
    assert merges.exit_code == 0
    [merge] = [json.loads(line) for line in merges.stdout.splitlines() if line.startswith("{")]
    assert merge["automatic"] is True
    undone = runner.invoke(app, ["places", "unmerge", merge["merge_id"], "--reason", "two hotels"])
    assert undone.exit_code == 0, undone.output
    again = runner.invoke(app, ["places", "resolve"])
    assert again.exit_code == 0 and "0 automatic merges" in " ".join(again.output.split())
