"""The audit trail: each action writes its event, the hash chain detects tampering, exports
neutralise formulas and are themselves disclosures."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from cseboard.cli import app
from cseboard.config import Settings
from cseboard.errors import AccessDenied
from cseboard.models.oversight import AuditFilter
from cseboard.models.users import AuditAction, Role, User
from cseboard.services.accounts import add_account, log_in
from cseboard.services.audit_trail import anchor_audit, audit_events, export_audit, verify_audit
from cseboard.services.context import ServiceContext
from cseboard.services.erasure import erase_person
from cseboard.services.oversight_figures import oversight_report
from cseboard.services.scope import require_person
from cseboard.store.connection import resolve_target
from cseboard.store.operations import OperationStore

ADMIN = User(username="dpo", display_name="DPO", roles=frozenset({Role.ADMIN}))
LEAD = User(username="lead", display_name="Lead", roles=frozenset({Role.PRACTICE_LEAD}))
POLICE = User(
    username="ops.police",
    display_name="PC",
    roles=frozenset({Role.OPERATIONAL}),
    agency="police",
    operations=frozenset({"OP-A"}),
)
runner = CliRunner()


@pytest.fixture
def ctx(clean_driver: neo4j.Driver, neo4j_settings: Settings) -> ServiceContext:
    clean_driver.execute_query(
        "CREATE (:Person:YoungPerson {person_id: 'P-in'}), (:Person:YoungPerson {person_id: 'P-out'})"
    )
    operations = OperationStore(clean_driver)
    operations.upsert("OP-A", "Operation A", by="test")
    operations.nominate("OP-A", "P-in", by="test", rationale="test cohort")
    return ServiceContext(clean_driver, neo4j_settings)


@pytest.fixture
def as_external(neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    target = resolve_target(neo4j_settings)
    monkeypatch.setenv("NEO4J_URI", target.uri)
    monkeypatch.setenv("NEO4J_USER", target.user)
    monkeypatch.setenv("NEO4J_PASSWORD", target.password)
    yield


def test_each_action_writes_its_event_with_the_right_fields(ctx: ServiceContext) -> None:
    audit = ctx.audit
    started = datetime.now(UTC) - timedelta(seconds=1)
    add_account(ctx, ADMIN, username="board", password="a long password", roles=["strategic"])  # noqa: S106
    log_in(ctx, "board", "a long password")
    require_person(ctx, POLICE, "P-in", purpose="meeting preparation")
    with pytest.raises(AccessDenied):
        require_person(ctx, POLICE, "P-out", purpose="curious")
    oversight_report(ctx, LEAD, months=3)
    export_audit(ctx, ADMIN, fmt="jsonl", recipients=["Information Commissioner's Office"])
    audit.record(LEAD, AuditAction.COLLECTION, "added intelligence", records=["police/IR-1"])
    audit.record(
        LEAD,
        AuditAction.COMBINATION,
        "merged two people",
        records=["P-a", "P-b"],
        justification="same NHS number",
    )
    erase_person(ctx, ADMIN, "P-out", reason="Erasure request ER-1")

    events = audit.events(since=started)
    by_action = {e.action: e for e in events}
    assert set(by_action) == set(AuditAction)
    expected = {
        AuditAction.ALTERATION: ("dpo", ["user/board"], None, []),
        AuditAction.LOGIN: ("board", [], None, []),
        AuditAction.CONSULTATION: ("ops.police", ["P-in"], "meeting preparation", []),
        AuditAction.REFUSAL: ("ops.police", ["P-out"], "curious", []),
        AuditAction.DISCLOSURE: ("dpo", [], None, ["Information Commissioner's Office"]),
        AuditAction.COLLECTION: ("lead", ["police/IR-1"], None, []),
        AuditAction.COMBINATION: ("lead", ["P-a", "P-b"], "same NHS number", []),
        AuditAction.ERASURE: ("dpo", ["P-out"], "Erasure request ER-1", []),
    }
    for action, (who, records, why, recipients) in expected.items():
        event = next(e for e in events if e.action == action)
        assert (event.username, event.records, event.justification, event.recipients) == (
            who,
            records,
            why,
            recipients,
        ), action
        assert event.at >= started and event.what
    assert [e.seq for e in events] == list(range(events[0].seq, events[0].seq + len(events)))
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    oversight = [e for e in events if e.username == "lead" and e.action == AuditAction.CONSULTATION]
    assert oversight and oversight[0].records == []
    anchor_audit(ctx, ADMIN)
    assert verify_audit(ctx, ADMIN).ok


def test_verify_passes_untouched_and_fails_after_an_edit(
    ctx: ServiceContext, as_external: None
) -> None:
    log = ctx.audit
    for i in range(5):
        log.record(LEAD, AuditAction.CONSULTATION, f"viewed {i}", records=[f"P-{i}"])
    result = runner.invoke(app, ["audit", "anchor"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 0 and "OK: 5 events" in result.output
    ctx.driver.execute_query("MATCH (e:AuditEvent {seq: 3}) SET e.what = 'viewed nothing'")
    report = verify_audit(ctx, ADMIN)
    assert not report.ok and report.problem == "event 3 was altered after it was written"
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1 and "BROKEN" in result.output and "event 3" in result.output


def test_verify_fails_after_a_deletion(ctx: ServiceContext, as_external: None) -> None:
    log = ctx.audit
    for i in range(5):
        log.record(LEAD, AuditAction.CONSULTATION, f"viewed {i}", records=[f"P-{i}"])
    ctx.driver.execute_query("MATCH (e:AuditEvent {seq: 2}) DETACH DELETE e")
    report = verify_audit(ctx, ADMIN)
    assert not report.ok and "event 2 is missing" in (report.problem or "")
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1 and "event 2 is missing" in result.output


def test_verify_catches_a_deleted_last_event(ctx: ServiceContext) -> None:
    log = ctx.audit
    for i in range(3):
        log.record(LEAD, AuditAction.CONSULTATION, f"viewed {i}")
    ctx.driver.execute_query("MATCH (e:AuditEvent {seq: 3}) DETACH DELETE e")
    report = verify_audit(ctx, ADMIN)
    assert not report.ok and "head says 3 events but 2 remain" in (report.problem or "")


def test_exports_neutralise_formulas_filter_and_are_disclosures(
    ctx: ServiceContext, as_external: None, tmp_path: Path
) -> None:
    log = ctx.audit
    log.record(
        LEAD,
        AuditAction.CONSULTATION,
        "viewed",
        records=["P-in"],
        justification='=HYPERLINK("http://x")',
    )
    log.record("board", AuditAction.CONSULTATION, "viewed", records=["P-out"], justification="+1+1")
    data = export_audit(ctx, ADMIN, AuditFilter(username="lead"), recipients=["DPO"])
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["username"] for r in rows] == ["lead"]
    assert rows[0]["justification"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["records"] == "P-in"
    everything = export_audit(ctx, ADMIN, fmt="jsonl")
    lines = [json.loads(line) for line in everything.decode().splitlines()]
    assert [line["justification"] for line in lines[:2]] == ['=HYPERLINK("http://x")', "+1+1"]
    disclosures = ctx.audit.events(action="disclosure")
    assert disclosures[0].recipients == ["DPO"] and "username=lead" in disclosures[0].what
    out = tmp_path / "audit.csv"
    result = runner.invoke(app, ["audit", "export", "--out", str(out), "--user", "board"])
    assert result.exit_code == 0, result.output
    exported = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r["justification"] for r in exported] == ["'+1+1"]
    viewed = audit_events(ctx, ADMIN, AuditFilter(record="P-in"))
    assert [e.records for e in viewed] == [["P-in"]]
    assert ctx.audit.events(action="consultation")[-1].username == "dpo"
    with pytest.raises(AccessDenied):
        audit_events(ctx, LEAD)
