"""Retention review under configurable rules, and erasure that keeps reports and analysis runs
consistent while the audit event names ids only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from cseboard.cli import app
from cseboard.config import Settings
from cseboard.errors import AccessDenied, NotFound, ValidationFailed
from cseboard.ingest.importer import Importer
from cseboard.models.ids import person_id_for
from cseboard.models.users import Role, User
from cseboard.services.audit_trail import anchor_audit, verify_audit
from cseboard.services.context import ServiceContext
from cseboard.services.erasure import erase_person
from cseboard.services.retention import retention_review, retention_rules
from cseboard.store.connection import resolve_target
from support.partner_files import write_csv

ADMIN = User(username="dpo", display_name="DPO", roles=frozenset({Role.ADMIN}))
BOARD = User(username="board", display_name="Board", roles=frozenset({Role.STRATEGIC}))
AMY = person_id_for("police", "PN-1")
BEA = person_id_for("police", "PN-2")
runner = CliRunner()


def _person(ref: str, first: str, last: str, dob: str) -> dict[str, str]:
    return {
        "agency": "police",
        "source_ref": ref,
        "role": "young_person",
        "first_name": first,
        "last_name": last,
        "date_of_birth": dob,
        "postcode": "S1 2AB",
    }


def _intel(ref: str, when: str, people: str, summary: str) -> dict[str, str]:
    return {
        "agency": "police",
        "source_ref": ref,
        "reported_at": when,
        "category": "sighting",
        "summary": summary,
        "source_evaluation": "1",
        "intelligence_assessment": "B",
        "handling_code": "P",
        "people": people,
    }


def _episode(ref: str, when: str, back: str, child: str, with_: str = "") -> dict[str, str]:
    return {
        "agency": "police",
        "source_ref": ref,
        "person_ref": child,
        "missing_from": "home",
        "reported_missing_at": when,
        "returned_at": back,
        "missing_with": with_,
    }


@pytest.fixture
def ctx(clean_driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path) -> ServiceContext:
    files = [
        write_csv(
            tmp_path / "people.csv",
            [
                _person("PN-1", "Amyrose", "Quintrell", "03/04/2011"),
                _person("PN-2", "Beatrix", "Oldcastle", "05/06/2010"),
            ],
        ),
        write_csv(
            tmp_path / "intelligence.csv",
            [
                _intel("IR-OLD", "01/02/2018 10:00", "PN-1;PN-2", "Two girls seen together"),
                _intel("IR-NEW", "01/02/2025 10:00", "PN-1", "Seen near the station"),
            ],
        ),
        write_csv(
            tmp_path / "missing_episodes.csv",
            [
                _episode("MP-OLD", "01/03/2018 20:00", "02/03/2018 08:00", "PN-1", "PN-2"),
                _episode("MP-BEA", "01/03/2018 20:00", "02/03/2018 08:00", "PN-2", "PN-1"),
                _episode("MP-NEW", "01/03/2025 20:00", "02/03/2025 08:00", "PN-1"),
            ],
        ),
    ]
    summary = Importer(clean_driver, agency="police").run(files)
    assert summary.ok
    return ServiceContext(clean_driver, neo4j_settings)


@pytest.fixture
def as_external(neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    target = resolve_target(neo4j_settings)
    monkeypatch.setenv("NEO4J_URI", target.uri)
    monkeypatch.setenv("NEO4J_USER", target.user)
    monkeypatch.setenv("NEO4J_PASSWORD", target.password)
    yield


def test_review_lists_what_is_due_under_the_rules(
    ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    review = retention_review(ctx, ADMIN, as_of=date(2026, 6, 1))
    due = {(i.record_type, i.record_id): i for i in review.items}
    old = due[("intelligence", "police/IR-OLD")]
    assert old.due == date(2024, 2, 1) and old.rule == "police/intelligence: 6 years"
    assert old.basis == "reported_at" and sorted(old.person_ids) == sorted([AMY, BEA])
    assert ("intelligence", "police/IR-NEW") not in due
    assert {k for k in due if k[0] == "missing_episode"} == {
        ("missing_episode", "police/MP-OLD"),
        ("missing_episode", "police/MP-BEA"),
    }
    # Person records count from their last activity: Bea's last record is from 2018.
    assert {k[1] for k in due if k[0] == "person_record"} == {"police/PN-2"}
    assert review.rules["police/intelligence"] == 6

    monkeypatch.setenv("RETENTION_RULES", json.dumps({"police/intelligence": 10}))
    later = retention_review(ctx, ADMIN, as_of=date(2026, 6, 1))
    assert ("intelligence", "police/IR-OLD") not in {
        (i.record_type, i.record_id) for i in later.items
    }
    monkeypatch.setenv("RETENTION_RULES", json.dumps({"health/intelligence": 0}))
    with pytest.raises(ValidationFailed):
        retention_rules()
    monkeypatch.delenv("RETENTION_RULES")

    ctx.driver.execute_query(
        "MATCH (i:Intelligence {intel_id: 'police/IR-NEW'}) SET i.review_date = date('2026-01-01')"
    )
    review_dated = retention_review(ctx, ADMIN, as_of=date(2026, 6, 1))
    new = next(i for i in review_dated.items if i.record_id == "police/IR-NEW")
    assert new.basis == "review_date" and new.due == date(2026, 1, 1)
    with pytest.raises(AccessDenied):
        retention_review(ctx, BOARD)
    assert ctx.audit.events(action="consultation")[-1].what.startswith("retention review")


def _analysis_run(driver: neo4j.Driver) -> None:
    """A stored run naming Amy in every place the analysis keeps ids."""
    summary = json.dumps(
        {
            "cluster_id": "C-0001",
            "size": 2,
            "members": [AMY, BEA],
            "young_people": [AMY, BEA],
            "risk_levels": {"unset": 2},
        }
    )
    driver.execute_query(
        """
        CREATE (run:AnalysisRun {run_id: 'RUN-1', run_at: datetime(), cluster_count: 1,
                roles_json: $roles, hotspots_json: $hotspots})
        CREATE (c:Cluster {cluster_key: 'RUN-1/C-0001', cluster_id: 'C-0001', run_id: 'RUN-1',
                size: 2, members: [$amy, $bea], young_people: [$amy, $bea], associates: [],
                summary_json: $summary})-[:IN_RUN]->(run)
        CREATE (a:Alert {alert_id: 'A-1', kind: 'new_link', subject_ids: [$amy, $bea],
                summary: 'New link between ' + $amy + ' and ' + $bea, status: 'open'})
        WITH c MATCH (p:Person) WHERE p.person_id IN [$amy, $bea] CREATE (p)-[:MEMBER_OF]->(c)
        """,
        amy=AMY,
        bea=BEA,
        summary=summary,
        roles=json.dumps([{"kind": "hub", "person_id": AMY, "rank": 1}]),
        hotspots=json.dumps([{"place": "X", "young_people": [AMY, BEA]}]),
    )
    snapshot = {
        "cohort": [
            {"person_id": AMY, "display_name": "Amyrose Quintrell", "risk_level": "high"},
            {"person_id": BEA, "display_name": "Beatrix Oldcastle", "risk_level": "low"},
        ],
        "changes": [f"{AMY} went missing"],
    }
    driver.execute_query(
        "CREATE (:Meeting {meeting_id: 'M-1', operation_id: 'OP-A', snapshot_json: $s}) "
        "CREATE (:ResolveCandidate {candidate_id: 'RC-1', person_a: $amy, person_b: $bea, "
        "status: 'open'})",
        s=json.dumps(snapshot),
        amy=AMY,
        bea=BEA,
    )


def _one(driver: neo4j.Driver, cypher: str, **params: object) -> object:
    return driver.execute_query(cypher, params).records[0][0]


def test_erasure_removes_the_person_and_keeps_everything_else_consistent(
    ctx: ServiceContext,
) -> None:
    _analysis_run(ctx.driver)
    with pytest.raises(ValidationFailed):
        erase_person(ctx, ADMIN, AMY, reason="")
    with pytest.raises(NotFound):
        erase_person(ctx, ADMIN, "P-nobody", reason="Erasure request ER-9")
    with pytest.raises(AccessDenied):
        erase_person(ctx, BOARD, AMY, reason="Erasure request ER-9")

    result = erase_person(ctx, ADMIN, AMY, reason="Erasure request ER-7")
    assert (result.agency_records, result.missing_episodes, result.mentions_dropped) == (1, 2, 2)
    assert (result.clusters_amended, result.runs_amended, result.alerts_amended) == (1, 1, 1)
    d = ctx.driver
    assert _one(d, "MATCH (p:Person {person_id: $p}) RETURN count(p)", p=AMY) == 0
    assert _one(d, "MATCH (r:AgencyRecord {record_key: 'police/PN-1'}) RETURN count(r)") == 0
    # Reports stay, without their mention of the erased person; Bea keeps hers.
    assert _one(d, "MATCH (i:Intelligence) RETURN count(i)") == 2
    assert _one(d, "MATCH (:Intelligence)-[:MENTIONS]->(p:Person) RETURN collect(p.person_id)") == [
        BEA
    ]
    # Amy's episodes are gone; Bea's episode no longer names Amy as a companion.
    assert _one(d, "MATCH (e:MissingEpisode) RETURN collect(e.episode_id)") == ["police/MP-BEA"]
    bea_episode = _one(d, "MATCH (e:MissingEpisode {episode_id: 'police/MP-BEA'}) RETURN e {.*}")
    assert isinstance(bea_episode, dict) and bea_episode["missing_with_refs"] == []
    assert _one(d, "MATCH ()-[r:MISSING_WITH]->() RETURN count(r)") == 0
    # Analysis runs: member lists and sizes follow, links gone, ids masked in stored results.
    cluster = _one(d, "MATCH (c:Cluster) RETURN c {.*}")
    assert isinstance(cluster, dict)
    assert cluster["members"] == [BEA] and cluster["size"] == 1
    assert json.loads(cluster["summary_json"])["members"] == [BEA]
    assert json.loads(cluster["summary_json"])["size"] == 1
    assert _one(d, "MATCH ()-[m:MEMBER_OF]->() RETURN count(m)") == 1
    run = _one(d, "MATCH (r:AnalysisRun) RETURN r {.*}")
    assert isinstance(run, dict) and AMY not in run["roles_json"] + run["hotspots_json"]
    assert json.loads(run["hotspots_json"])[0]["young_people"] == [BEA]
    meeting = _one(d, "MATCH (m:Meeting) RETURN m.snapshot_json")
    assert isinstance(meeting, str) and AMY not in meeting and "Amyrose" not in meeting
    assert [p["person_id"] for p in json.loads(meeting)["cohort"]] == [BEA]
    assert result.meetings_amended == 1
    assert _one(d, "MATCH (c:ResolveCandidate) RETURN count(c)") == 0
    alert = _one(d, "MATCH (a:Alert) RETURN a {.*}")
    assert isinstance(alert, dict) and alert["subject_ids"] == [BEA]
    assert alert["summary"] == f"New link between [erased] and {BEA}"
    # The audit event names ids and counts, never the erased content.
    event = ctx.audit.events(action="erasure")[-1]
    assert event.records == [AMY] and event.justification == "Erasure request ER-7"
    blob = event.model_dump_json()
    for content in (
        "Amyrose",
        "Quintrell",
        "2011-04-03",
        "03/04/2011",
        "S1 2AB",
        "PN-1",
        "station",
    ):
        assert content not in blob
    anchor_audit(ctx, ADMIN)
    assert verify_audit(ctx, ADMIN).ok


def test_retention_commands(ctx: ServiceContext, as_external: None) -> None:
    result = runner.invoke(app, ["retention", "review", "--as-of", "2026-06-01", "--json"])
    assert result.exit_code == 0, result.output
    items = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert {"police/IR-OLD", "police/MP-OLD"} <= {i["record_id"] for i in items}
    result = runner.invoke(
        app, ["retention", "erase", "--person", BEA, "--reason", "Erasure request ER-8"]
    )
    assert result.exit_code != 0  # --as is required
    ctx.driver.execute_query(
        "CREATE (:User {username: 'dpo', display_name: 'DPO', roles: ['admin'], disabled: false})"
    )
    result = runner.invoke(
        app,
        [
            "retention",
            "erase",
            "--person",
            BEA,
            "--reason",
            "Erasure request ER-8",
            "--as",
            "dpo",
            "--yes",
        ],
    )
    assert result.exit_code == 0, result.output
    assert _one(ctx.driver, "MATCH (p:Person {person_id: $p}) RETURN count(p)", p=BEA) == 0
    assert ctx.audit.events(action="erasure")[-1].username == "dpo"
