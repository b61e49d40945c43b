"""Smaller leaks, each played as an attack: exact small counts for strategic users, cluster sizes
beyond an operational user's scope, restricted summaries read without an audit event, demo
accounts printed to a log, secrets written world-readable, a password on a command line."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from cseboard.cli import app
from cseboard.config import Settings
from cseboard.ingest.importer import Importer
from cseboard.ingest.rejects import Problem, write_report
from cseboard.models.ids import person_id_for
from cseboard.models.network import NetworkFilters
from cseboard.models.users import AuditAction, Role, User
from cseboard.services.analysis import analysis_params, run_network_analysis
from cseboard.services.context import ServiceContext
from cseboard.services.inbox import inbox
from cseboard.services.network_view import network_options, network_view
from cseboard.services.overview import loaded_data_overview
from cseboard.store.connection import resolve_target
from cseboard.store.local_server import LocalNeo4j
from cseboard.store.operations import OperationStore
from support.board import ROOT
from support.partner_files import write_csv

LEAD = User(username="lead", display_name="Lead", roles=frozenset({Role.PRACTICE_LEAD}))
BOARD = User(username="board", display_name="Board", roles=frozenset({Role.STRATEGIC}))
ADMIN = User(username="dpo", display_name="DPO", roles=frozenset({Role.ADMIN}))
SCHOOL = User(
    username="ops.school",
    display_name="School DSL",
    roles=frozenset({Role.OPERATIONAL}),
    agency="education",
    operations=frozenset({"OP-L"}),
)
NOW = datetime.now(UTC).replace(microsecond=0)
CHILD = person_id_for("police", "PC-1")


def _intel(agency: str, ref: str, people: str, code: str = "P", days: int = 5) -> dict[str, str]:
    return {
        "agency": agency,
        "source_ref": ref,
        "reported_at": (NOW - timedelta(days=days)).isoformat(),
        "category": "association",
        "summary": f"{ref}: seen together at the arcade",
        "source_evaluation": "1",
        "intelligence_assessment": "A",
        "handling_code": code,
        "handling_conditions": "share_with: police" if code == "C" else "",
        "people": people,
    }


def _person(agency: str, ref: str, role: str = "young_person") -> dict[str, str]:
    return {"agency": agency, "source_ref": ref, "role": role, "first_name": ref}


@pytest.fixture(scope="module")
def world(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> ServiceContext:
    """Police: a cohort child and three adults tied to her by police-only reports only; health:
    ten reports of its own."""
    folder = tmp_path_factory.mktemp("leaks")
    adults = [_person("police", f"PA-{i}", "associate") for i in (1, 2, 3)]
    write_csv(folder / "police" / "people.csv", [_person("police", "PC-1"), *adults])
    write_csv(
        folder / "police" / "intelligence.csv",
        [_intel("police", f"I-{i}", "PC-1;PA-1;PA-2;PA-3", "C", days=i) for i in (1, 2, 3)],
    )
    write_csv(folder / "health" / "people.csv", [_person("health", f"H-{i}") for i in range(10)])
    write_csv(
        folder / "health" / "intelligence.csv",
        [_intel("health", f"HI-{i}", f"H-{i}") for i in range(10)],
    )
    for agency in ("police", "health"):
        Importer(driver, agency=agency).run(sorted((folder / agency).glob("*.csv")))
    write_csv(folder / "education" / "people.csv", [_person("education", "E-1")])
    Importer(driver, agency="education").run([folder / "education" / "people.csv"])
    operations = OperationStore(driver)
    operations.upsert("OP-L", "Operation L", by="test")
    operations.nominate("OP-L", CHILD, by="test", rationale="test cohort")
    ctx = ServiceContext(driver, neo4j_settings)
    run_network_analysis(ctx, LEAD, analysis_params(ctx, min_cluster_size=2))
    return ctx


def test_strategic_users_get_no_exact_small_counts(world: ServiceContext) -> None:
    """Attack: read the loaded-data page as a board member to learn that the police sent
    three reports (small numbers identify children in a small partnership)."""
    for who in (BOARD, ADMIN):
        view = loaded_data_overview(world, who)
        cells = {(c.agency, c.kind): c.count for c in view.by_agency}
        assert cells[("police", "intelligence")].text == "<5"
        assert cells[("police", "intelligence")].value is None
        # Health's ten would give the police figure away (13 - 10): hidden too.
        assert cells[("health", "intelligence")].text == "[c]"
        assert view.counts["intelligence"].text == "13"
        assert view.counts["associates"].text == "<5"
        assert view.recent_imports == []
    lead = loaded_data_overview(world, LEAD)
    assert not lead.suppressed and lead.counts["associates"].value == 3 and lead.recent_imports


def test_a_cluster_view_does_not_count_people_outside_the_users_scope(
    world: ServiceContext,
) -> None:
    """Attack: focus the chart on the child's cluster to learn how many people the police's
    restricted reports tie to her."""
    options = network_options(world, SCHOOL)
    [cluster] = options.clusters
    assert cluster.size == 1
    view = network_view(world, SCHOOL, NetworkFilters(focus="cluster", cluster_id=cluster.cluster_id))
    assert [n.node_id for n in view.people()] == [CHILD]
    assert view.hidden_people == 0
    assert not [n for n in view.notes if "outside" in n or "scope" in n]
    lead_view = network_view(world, LEAD, NetworkFilters(focus="cluster", cluster_id=cluster.cluster_id))
    assert len(lead_view.people()) == 4


def test_the_leads_inbox_audits_the_restricted_reports_it_shows(world: ServiceContext) -> None:
    """Attack (insider): read police-only summaries in the inbox, where no profile is opened."""
    page = inbox(world, LEAD, agencies=["police"])
    shown = {i.intel_id for i in page.items if i.handling_code == "C" and not i.restricted}
    assert shown == {"police/I-1", "police/I-2", "police/I-3"}
    event = world.audit.events(username="lead", action=AuditAction.CONSULTATION.value)[-1]
    assert "restricted" in event.what
    assert shown <= set(event.records) and CHILD in event.records


def test_docker_compose_loads_no_demo_accounts_unless_asked() -> None:
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    start = compose.index("command: >")
    command = " ".join(
        line.strip() for line in compose[start:].splitlines()[1:6] if line.startswith("      ")
    )
    script = shlex.split(command.replace("$$", "$"))[2]
    steps = [s.strip() for s in script.split("&&")]
    demo = [s for s in steps if "demo load" in s]
    assert demo == ['if [ "$CSEBOARD_DEMO" = 1 ]; then cseboard demo load --scale town --if-empty; fi']
    assert "--print-passwords" not in compose
    assert "-p " not in compose.split("healthcheck:")[1].split("interval")[0]


def test_demo_load_keeps_passwords_out_of_its_output(
    clean_driver: neo4j.Driver,
    neo4j_settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Attack: read the container log for the demo accounts' passwords."""
    target = resolve_target(neo4j_settings)
    for key, value in {
        "NEO4J_URI": target.uri,
        "NEO4J_USER": target.user,
        "NEO4J_PASSWORD": target.password,
        "SECRETS_DIR": str(tmp_path / "secrets"),
    }.items():
        monkeypatch.setenv(key, value)
    data = tmp_path / "demo"
    write_csv(data / "police" / "people.csv", [_person("police", "PC-1")])
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
    credentials = tmp_path / "secrets" / "demo-credentials.txt"
    passwords = [line.split("\t")[1] for line in credentials.read_text().splitlines()]
    assert len(passwords) == 5
    assert not [p for p in passwords if p in result.output]
    assert (credentials.stat().st_mode & 0o777) == 0o600


@pytest.fixture
def no_chmod_after_the_fact(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Writing a file world-readable and chmod-ing it after leaves a window: forbid the pattern."""

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a secret file was written with default permissions")

    monkeypatch.setattr(Path, "write_text", refuse)
    monkeypatch.setattr(Path, "write_bytes", refuse)
    monkeypatch.setattr(Path, "chmod", refuse)
    old = os.umask(0)  # the worst case: whatever is created with default mode is world-writable
    yield
    os.umask(old)


def test_secret_files_are_private_from_their_first_byte(
    neo4j_settings: Settings, tmp_path: Path, no_chmod_after_the_fact: None
) -> None:
    from cseboard.access.keys import audit_key, pseudonym_key, tombstone_key

    settings = neo4j_settings.model_copy(
        update={
            "secrets_dir": tmp_path / "secrets",
            "pseudonym_key": neo4j_settings.audit_key,  # empty: generated
        }
    )
    for make in (pseudonym_key, audit_key, tombstone_key):
        assert make(settings)
    server = LocalNeo4j(home=tmp_path / "neo4j", version="5.26.16", bolt_port=1, heap="1g",
                        pagecache="1g")
    assert server.password()
    report = tmp_path / "rejects" / "people.rejects.csv"
    write_report(report, [Problem("people.csv", 2, "nhs_number", "943 476 5910", "bad check")])
    for path in [*(tmp_path / "secrets").iterdir(), tmp_path / "neo4j" / "password", report]:
        assert (path.stat().st_mode & 0o777) == 0o600, path


def test_rejects_reports_naming_children_are_private(
    clean_driver: neo4j.Driver, tmp_path: Path
) -> None:
    """Attack (another local account): read a rejects report quoting children's NHS numbers."""
    old = os.umask(0o022)
    try:
        write_csv(
            tmp_path / "people.csv",
            [{**_person("health", "H-1"), "nhs_number": "943 476 5910"}],
        )
        summary = Importer(clean_driver, agency="health").run([tmp_path / "people.csv"])
    finally:
        os.umask(old)
    report = summary.files[0].report_path
    assert report is not None and "943 476 5910" in report.read_text(encoding="utf-8")
    assert (report.stat().st_mode & 0o777) == 0o600


@pytest.mark.slow
def test_the_local_servers_first_password_is_not_on_a_command_line(
    neo4j_settings: Settings, tmp_path: Path
) -> None:
    """Attack (another local account): watch the process list while the server is set up."""
    if neo4j_settings.neo4j_uri:
        pytest.skip("the tests use an external server, not the project's local one")
    lib = LocalNeo4j.from_settings(neo4j_settings).lib
    home = tmp_path / "neo4j"
    home.mkdir()
    (home / "lib").symlink_to(lib)
    server = LocalNeo4j(home=home, version=neo4j_settings.local_neo4j_version,
                        bolt_port=neo4j_settings.local_neo4j_bolt_port + 97, heap="512m",
                        pagecache="256m")
    password = server.password()
    seen: list[str] = []
    watching = True

    def watch() -> None:
        while watching:
            out = subprocess.run(["ps", "-ww", "-eo", "args"], capture_output=True, text=True).stdout
            seen.extend(line for line in out.splitlines() if str(home) in line)
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        server.start(password, deadline_s=240)
    finally:
        watching = False
        watcher.join()
        server.stop()
    assert any("set-initial-password" in line for line in seen), seen[:3]
    assert not [line for line in seen if password in line]
    assert not (home / "run" / "initial-password.arg").exists()
