"""Attacks on the audit trail by an insider with the database password (but not the audit key
or the anchor file), and floods of failed sign-ins, played against the real Neo4j."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

import cseboard.access.audit as audit_module
from cseboard.access.audit import event_hash
from cseboard.cli import app
from cseboard.config import Settings
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.models.users import AuditAction, Role, User
from cseboard.services.accounts import add_account, log_in
from cseboard.services.audit_trail import anchor_audit, verify_audit
from cseboard.services.context import ServiceContext
from cseboard.store.connection import resolve_target

ADMIN = User(username="dpo", display_name="DPO", roles=frozenset({Role.ADMIN}))
LEAD = User(username="lead", display_name="Lead", roles=frozenset({Role.PRACTICE_LEAD}))
PASSWORD = "correct horse battery"  # noqa: S105 (a test account)


@pytest.fixture
def ctx(clean_driver: neo4j.Driver, neo4j_settings: Settings) -> ServiceContext:
    return ServiceContext(clean_driver, neo4j_settings)


def record(ctx: ServiceContext, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        ctx.audit.record(LEAD, AuditAction.CONSULTATION, f"viewed {i}", records=[f"P-{i}"])


def rehash_from(driver: neo4j.Driver, first: int) -> None:
    """What an insider does after editing events: recompute every hash from ``first`` on with
    the published (unkeyed) algorithm, and move the chain head to the new last hash."""
    rows = driver.execute_query(
        "MATCH (e:AuditEvent) RETURN e {.*} AS e ORDER BY e.seq"
    ).records
    events = [dict(r["e"]) for r in rows]
    previous = "genesis"
    for event in events:
        if event["seq"] >= first:
            event["at"] = event["at"].to_native()
            event["prev_hash"] = previous
            event["hash"] = event_hash(event)
            driver.execute_query(
                "MATCH (e:AuditEvent {seq: $seq}) SET e.prev_hash = $prev, e.hash = $hash",
                seq=event["seq"],
                prev=event["prev_hash"],
                hash=event["hash"],
            )
        previous = event["hash"]
    driver.execute_query(
        "MATCH (c:AuditChain {chain_id: 'main'}) SET c.seq = $seq, c.head = $head",
        seq=events[-1]["seq"],
        head=previous,
    )


def test_deleting_the_last_events_and_resetting_the_head_is_caught(ctx: ServiceContext) -> None:
    """Attack: delete the newest events (say, the views of one child) and move the head back."""
    record(ctx, 6)
    anchor_audit(ctx, ADMIN)
    ctx.driver.execute_query("MATCH (e:AuditEvent) WHERE e.seq > 3 DETACH DELETE e")
    rehash_from(ctx.driver, 99)  # only moves the head to event 3
    report = verify_audit(ctx, ADMIN)
    assert not report.ok
    assert report.problem is not None and "truncated" in report.problem
    assert "records 6 events, 3 remain" in report.problem


def test_rewriting_and_rehashing_an_event_is_caught(ctx: ServiceContext) -> None:
    """Attack: change what an event says and recompute the chain with the published hash."""
    record(ctx, 5)
    anchor_audit(ctx, ADMIN)
    record(ctx, 2, start=5)
    ctx.driver.execute_query("MATCH (e:AuditEvent {seq: 6}) SET e.what = 'viewed nothing'")
    rehash_from(ctx.driver, 6)
    report = verify_audit(ctx, ADMIN)
    assert not report.ok and report.problem == "event 6 was altered after it was written"


def test_passing_a_rewritten_event_off_as_unkeyed_is_caught(ctx: ServiceContext) -> None:
    """Attack: drop the ``alg`` so the event looks older than the keying, and rehash it."""
    record(ctx, 4)
    anchor_audit(ctx, ADMIN)
    record(ctx, 2, start=4)
    ctx.driver.execute_query(
        "MATCH (e:AuditEvent) WHERE e.seq >= 5 SET e.what = 'nothing', e.alg = null"
    )
    rehash_from(ctx.driver, 5)
    report = verify_audit(ctx, ADMIN)
    assert not report.ok and report.problem == "event 5 is not keyed: it was rewritten"


def test_rewriting_events_before_the_anchor_is_caught_even_when_keyed_hashes_stay(
    ctx: ServiceContext,
) -> None:
    """Attack: delete an anchored event in the middle and renumber the rest."""
    record(ctx, 5)
    anchor_audit(ctx, ADMIN)
    ctx.driver.execute_query("MATCH (e:AuditEvent {seq: 2}) DETACH DELETE e")
    ctx.driver.execute_query("MATCH (e:AuditEvent) WHERE e.seq > 2 SET e.seq = e.seq - 1")
    report = verify_audit(ctx, ADMIN)
    assert not report.ok and report.problem is not None


def test_a_chain_without_an_anchor_is_reported(ctx: ServiceContext) -> None:
    record(ctx, 2)
    report = verify_audit(ctx, ADMIN)
    assert not report.ok and report.problem == "no anchor: run `cseboard audit anchor`"


def test_an_altered_anchor_line_is_caught(ctx: ServiceContext, neo4j_settings: Settings) -> None:
    """Attack (someone who can write the anchor file but has no key): move the anchor back."""
    record(ctx, 4)
    anchor_audit(ctx, ADMIN)
    path = neo4j_settings.audit_anchor_file
    line = json.loads(path.read_text(encoding="utf-8"))
    line["seq"] = 2
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    report = verify_audit(ctx, ADMIN)
    assert not report.ok and report.problem == "anchor line 1 was altered (its signature fails)"
    with pytest.raises(ValidationFailed):
        anchor_audit(ctx, ADMIN)


def test_an_unkeyed_chain_is_verified_once_and_sealed_by_the_first_anchor(
    ctx: ServiceContext,
) -> None:
    """Events written before the chain was keyed verify with the old hash; the first anchor
    seals them, and rewriting one afterwards (and rehashing) is caught."""
    previous = "genesis"
    for seq in (1, 2, 3):
        event = {
            "event_id": f"old-{seq}",
            "seq": seq,
            "at": f"2024-01-0{seq}T10:00:00+00:00",
            "username": "lead",
            "action": "consultation",
            "what": f"viewed {seq}",
            "records": [],
            "justification": None,
            "recipients": [],
            "prev_hash": previous,
        }
        event["hash"] = event_hash(event)
        ctx.driver.execute_query(
            "CREATE (e:AuditEvent) SET e = $e, e.at = datetime($e.at) "
            "MERGE (c:AuditChain {chain_id: 'main'}) SET c.seq = $e.seq, c.head = $e.hash",
            e=event,
        )
        previous = event["hash"]
    record(ctx, 2, start=3)
    first = anchor_audit(ctx, ADMIN)
    assert (first.seq, first.legacy_until) == (5, 3)
    report = verify_audit(ctx, ADMIN)
    assert report.ok and report.legacy == 3 and report.events == 5
    ctx.driver.execute_query("MATCH (e:AuditEvent {seq: 2}) SET e.what = 'viewed nothing'")
    rehash_from(ctx.driver, 2)
    report = verify_audit(ctx, ADMIN)
    assert not report.ok and report.problem is not None


def test_verification_reads_the_chain_in_pages(
    ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No cap on how many events are verified: they are read a page at a time."""
    monkeypatch.setattr(audit_module, "_PAGE", 3)
    record(ctx, 10)
    anchor_audit(ctx, ADMIN)
    record(ctx, 4, start=10)
    anchor_audit(ctx, ADMIN)
    report = verify_audit(ctx, ADMIN)
    assert report.ok and report.events == 14 and report.anchored == 14


def test_anchor_command_appends_and_prints_the_signed_head(
    ctx: ServiceContext, neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = resolve_target(neo4j_settings)
    monkeypatch.setenv("NEO4J_URI", target.uri)
    monkeypatch.setenv("NEO4J_USER", target.user)
    monkeypatch.setenv("NEO4J_PASSWORD", target.password)
    record(ctx, 3)
    runner = CliRunner()
    first = runner.invoke(app, ["audit", "anchor"])
    record(ctx, 1, start=3)
    second = runner.invoke(app, ["audit", "anchor"])
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    printed = [json.loads(r.stdout.strip().splitlines()[-1]) for r in (first, second)]
    assert [p["seq"] for p in printed] == [3, 4]
    lines = neo4j_settings.audit_anchor_file.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == printed
    assert (neo4j_settings.audit_anchor_file.stat().st_mode & 0o777) == 0o600
    ctx.driver.execute_query("MATCH (e:AuditEvent {seq: 4}) DETACH DELETE e")
    rehash_from(ctx.driver, 99)  # the head back to event 3
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1 and "truncated" in result.output


def _failures(ctx: ServiceContext) -> list[str]:
    return [e.what for e in ctx.audit.events(action="login")]


def test_a_flood_of_failed_sign_ins_does_not_fill_the_trail(ctx: ServiceContext) -> None:
    """Attack: 200 sign-ins with made-up names from one client, to bury the trail."""
    limit = ctx.settings.login_max_failures
    for i in range(200):
        with pytest.raises(AccessDenied):
            log_in(ctx, f"nobody{i}", "guess-guess-guess", client="203.0.113.7")
    events = _failures(ctx)
    assert len(events) == limit + 1
    assert sum("too many failed sign-ins" in e for e in events) == 1
    # Another client is not held up by the first one's flood.
    add_account(ctx, ADMIN, username="board", password=PASSWORD, roles=["strategic"])
    assert log_in(ctx, "board", PASSWORD, client="198.51.100.2").username == "board"


def test_one_account_name_is_throttled_across_clients(ctx: ServiceContext) -> None:
    """Attack: guess at one account name from many clients (after its lock-out, the refusals
    of a locked account would otherwise be recorded one by one)."""
    add_account(ctx, ADMIN, username="board", password=PASSWORD, roles=["strategic"])
    limit = ctx.settings.login_max_failures
    for i in range(limit * 3):
        with pytest.raises(AccessDenied):
            log_in(ctx, "board", "guess-guess-guess", client=f"192.0.2.{i}")
    events = [e for e in ctx.audit.events(action="login", username="board")]
    assert len(events) == limit + 1


def test_concurrent_guesses_cannot_pass_the_lock_out(ctx: ServiceContext) -> None:
    """Attack: 16 guesses at once, so that each reads the account before any failure counts."""
    add_account(ctx, ADMIN, username="board", password=PASSWORD, roles=["strategic"])
    barrier = threading.Barrier(16)
    outcomes: list[str] = []

    def guess(i: int) -> None:
        barrier.wait()
        try:
            log_in(ctx, "board", f"guess-number-{i:04d}", client=f"192.0.2.{i}")
        except AccessDenied as e:
            outcomes.append(str(e))

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    checked = [w for w in _failures(ctx) if w.startswith("login refused: wrong password")]
    assert len(checked) == 5  # MAX_FAILED_LOGINS: the others were refused as locked
    assert sum("locked" in o for o in outcomes) == 11
    count = ctx.driver.execute_query(
        "MATCH (u:User {username: 'board'}) RETURN u.failed_logins AS n"
    ).records[0]["n"]
    assert count == 5


def test_an_account_without_a_password_never_signs_in_locally(ctx: ServiceContext) -> None:
    """Attack: an identity-provider account has no password hash; the dummy hash that evens
    out timing must not let its fixed password in."""
    ctx.driver.execute_query(
        "CREATE (:User {username: 'sso.user', roles: ['practice_lead'], source: 'oidc', "
        "disabled: false, version: 1, failed_logins: 0})"
    )
    with pytest.raises(AccessDenied):
        log_in(ctx, "sso.user", "not-a-real-password-0000", client="192.0.2.1")


def test_key_files_are_private_from_their_first_byte(
    neo4j_settings: Settings, tmp_path: Path
) -> None:
    from cseboard.access.keys import audit_key, private_file

    settings = neo4j_settings.model_copy(update={"secrets_dir": tmp_path / "s"})
    key = audit_key(settings)
    path = tmp_path / "s" / "audit.key"
    assert (path.stat().st_mode & 0o777) == 0o600 and path.read_bytes().strip() == key
    assert audit_key(settings) == key
    assert private_file(path, b"other") == path.read_bytes()  # the first key wins
