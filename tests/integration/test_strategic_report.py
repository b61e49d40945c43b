"""``cseboard report strategic``: a marked PDF with small numbers suppressed, as a named user,
recorded as a disclosure to its recipients; refused to roles without oversight."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import neo4j
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from cseboard.cli import app
from cseboard.config import Settings
from cseboard.ingest.importer import Importer
from cseboard.models.users import Role, User
from cseboard.models.values import LONDON
from cseboard.services.context import ServiceContext
from cseboard.services.disruption import record_disruption
from cseboard.store.connection import resolve_target
from support.partner_files import write_csv

LEAD = User(username="lead", display_name="Lead", roles=frozenset({Role.PRACTICE_LEAD}))
runner = CliRunner()


@pytest.fixture(scope="module")
def data(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> ServiceContext:
    """Three episodes of two children this month and three disruption records: all "<5"."""
    folder = tmp_path_factory.mktemp("strategic")
    now = datetime.now(LONDON).replace(second=0, microsecond=0)
    day = now - timedelta(hours=2)
    if day.month != now.month:
        day = now.replace(day=1, hour=0, minute=0)

    def uk(moment: datetime) -> str:
        return min(moment, now).strftime("%d/%m/%Y %H:%M")

    people = (("PN-1", "Ottoline", "01/02/2011"), ("PN-2", "Philippa", "03/04/2012"))
    episodes = (("MP-1", "PN-1"), ("MP-2", "PN-1"), ("MP-3", "PN-2"))
    files = [
        write_csv(
            folder / "people.csv",
            [
                {
                    "agency": "police",
                    "source_ref": ref,
                    "role": "young_person",
                    "first_name": first,
                    "last_name": "Zebedee-Small",
                    "date_of_birth": dob,
                }
                for ref, first, dob in people
            ],
        ),
        write_csv(
            folder / "missing_episodes.csv",
            [
                {
                    "agency": "police",
                    "source_ref": ref,
                    "person_ref": child,
                    "missing_from": "home",
                    "reported_missing_at": uk(day + timedelta(minutes=i)),
                    "returned_at": uk(day + timedelta(minutes=30 + i)),
                }
                for i, (ref, child) in enumerate(episodes)
            ],
        ),
    ]
    assert Importer(driver, agency="police").run(files).ok
    ctx = ServiceContext(driver, neo4j_settings)
    for kind in ("cawn", "cawn", "nrm_referral"):
        record_disruption(ctx, LEAD, kind=kind, on=day.date())
    driver.execute_query(
        "UNWIND $users AS u CREATE (:User {username: u[0], display_name: u[1], roles: [u[2]], "
        "agency: u[3], operations: [], disabled: false})",
        users=[
            ["board", "Board member", "strategic", None],
            ["ops", "Officer", "operational", "police"],
        ],
    )
    return ctx


@pytest.fixture
def as_external(neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    target = resolve_target(neo4j_settings)
    monkeypatch.setenv("NEO4J_URI", target.uri)
    monkeypatch.setenv("NEO4J_USER", target.user)
    monkeypatch.setenv("NEO4J_PASSWORD", target.password)
    monkeypatch.setenv("PSEUDONYM_KEY", "strategic-report-test")
    yield


def test_report_is_marked_suppressed_and_a_recorded_disclosure(
    data: ServiceContext, as_external: None, tmp_path: Path
) -> None:
    out = tmp_path / "strategic.pdf"
    result = runner.invoke(
        app,
        [
            "report",
            "strategic",
            "--out",
            str(out),
            "--as",
            "board",
            "--recipient",
            "Strategic board",
            "--recipient",
            "Director of Children's Services",
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == 0o600
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    pages = [p.extract_text() for p in reader.pages]
    assert all(p.count("OFFICIAL-SENSITIVE") >= 2 for p in pages), "header and footer"
    text = "\n".join(pages)
    month = datetime.now(LONDON).strftime("%Y-%m")
    rows = [line for line in text.splitlines() if line.startswith(month)]
    assert rows, "the current month has a table row"
    for line in rows:
        numbers = re.findall(r"(?<![\d-])\d+(?![\d-])", line.removeprefix(month))
        assert not {"1", "2", "3", "4"} & set(numbers), line
    assert "<5" in text
    for name in ("Ottoline", "Philippa", "Zebedee", "PN-1", "MP-1", "2011", "03/04/2012"):
        assert name not in text
    event = data.audit.events(action="disclosure")[-1]
    assert event.username == "board" and event.records == []
    assert event.recipients == ["Strategic board", "Director of Children's Services"]


def test_report_is_refused_without_oversight_and_defaults_its_recipient(
    data: ServiceContext, as_external: None, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["report", "strategic", "--out", str(tmp_path / "x.pdf"), "--as", "ops"]
    )
    assert result.exit_code == 1 and "may not export strategic report" in result.output
    assert not (tmp_path / "x.pdf").exists()
    result = runner.invoke(app, ["report", "strategic", "--out", str(tmp_path / "y.pdf")])
    assert result.exit_code == 0, result.output
    event = data.audit.events(action="disclosure")[-1]
    assert event.username.startswith("cli:") and event.recipients == ["Strategic board"]
