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
