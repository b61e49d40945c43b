"""`cseboard demo load` makes only the sure merges: the same valid NHS number from two partners.

Without them the demo's figures count a child known to police and health twice (issue 12); a
child who only looks alike waits for the practice lead."""

from __future__ import annotations

import json
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from cseboard.cli import app
from cseboard.config import Settings
from cseboard.store.connection import resolve_target
from support.partner_files import write_csv

NHS = "9991000003"  # a valid check digit


def _child(agency: str, ref: str, first: str, nhs: str) -> dict[str, str]:
    return {
        "agency": agency,
        "source_ref": ref,
        "role": "young_person",
        "first_name": first,
        "last_name": "Jones",
        "date_of_birth": "2011-05-05",
        "gender": "F",
        "nhs_number": nhs,
    }


def test_demo_load_merges_the_same_nhs_number_and_leaves_lookalikes_for_review(
    clean_driver: neo4j.Driver,
    neo4j_settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = resolve_target(neo4j_settings)
    for key, value in {
        "NEO4J_URI": target.uri,
        "NEO4J_USER": target.user,
        "NEO4J_PASSWORD": target.password,
        "SECRETS_DIR": str(tmp_path / "secrets"),
    }.items():
        monkeypatch.setenv(key, value)
    data = tmp_path / "demo"
    # Police and health know Amy by the same NHS number; health's Amie has none: alike, not sure.
    write_csv(data / "police" / "people.csv", [_child("police", "PC-1", "Amy", NHS)])
    write_csv(
        data / "health" / "people.csv",
        [_child("health", "H-1", "Amy", NHS.replace(" ", "")), _child("health", "H-2", "Amie", "")],
    )
    (data / "truth.json").write_text(
        json.dumps(
            {
                "groups": [{"young_people": ["T1"], "organisers": []}],
                "people": {"T1": {"records": [{"agency": "police", "source_ref": "PC-1"}]}},
            }
        ),
        encoding="utf-8",
    )

    result = CliRunner().invoke(app, ["demo", "load", "--data-dir", str(data)])

    assert result.exit_code == 0, result.output
    assert "1 merged on the same NHS number" in " ".join(result.output.split())
    with clean_driver.session(database=neo4j_settings.neo4j_database) as session:
        people = session.run("MATCH (p:Person) RETURN count(p) AS n").single(strict=True)["n"]
        absorbed = session.run("MATCH (m:MergedPerson) RETURN count(m) AS n").single(strict=True)[
            "n"
        ]
    assert (people, absorbed) == (2, 1)
