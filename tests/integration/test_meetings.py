"""Operational meeting services against the real Neo4j: scope, content, actions, snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import neo4j
import pytest

from cseboard.config import Settings
from cseboard.errors import AccessDenied, NotFound, ValidationFailed
from cseboard.ingest.importer import Importer
from cseboard.models.ids import person_id_for
from cseboard.models.users import AuditAction, Role, User
from cseboard.models.values import LONDON
from cseboard.services.cohort_network import network_comparison
from cseboard.services.context import ServiceContext
from cseboard.services.meeting_actions import complete_action, create_action, update_action
from cseboard.services.meeting_board import DEFAULT_PERIOD_DAYS, meeting_board
from cseboard.services.meeting_snapshots import meeting_snapshot, meetings, take_snapshot
from cseboard.services.operations import meeting_operations
from cseboard.store.operations import OperationStore
from support.partner_files import write_csv

NOW = datetime.now(UTC)


def uk(days_ago: float) -> str:
    return (NOW - timedelta(days=days_ago)).astimezone(LONDON).strftime("%d/%m/%Y %H:%M")


def pid(ref: str) -> str:
    return person_id_for("police", ref)


def account(name: str, *roles: Role, agency: str | None = None, ops: tuple[str, ...] = ()) -> User:
    return User(
        username=name,
        display_name=name,
        roles=frozenset(roles),
        agency=agency,
        operations=frozenset(ops),
    )


POLICE = account("ops.police", Role.OPERATIONAL, agency="police", ops=("OP-T",))
SCHOOL = account("ops.school", Role.OPERATIONAL, agency="education", ops=("OP-T",))
OTHER = account("ops.other", Role.OPERATIONAL, agency="health", ops=("OP-OTHER",))
LEAD = account("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
BOARD = account("board", Role.STRATEGIC)
ADMIN = account("admin", Role.ADMIN)


def write_partner_files(folder: Path) -> list[Path]:
    """A small police extract: three cohort members, one outsider, reports and episodes."""

    def person(ref: str, first: str, role: str, risk: str) -> dict[str, str]:
        return {
            "agency": "police",
            "source_ref": ref,
            "role": role,
            "first_name": first,
            "last_name": "Example",
            "date_of_birth": "01/02/2010",
            "gender": "F",
            "postcode": "S1 2AB",
            "risk_level": risk,
        }

    def report(ref: str, days: float, people: str, summary: str, **kw: str) -> dict[str, str]:
        row = {
            "agency": "police",
            "source_ref": ref,
            "reported_at": uk(days),
            "category": "sighting",
            "summary": summary,
            "source_evaluation": "1",
            "intelligence_assessment": "B",
            "handling_code": "P",
            "handling_conditions": "",
            "people": people,
            "locations": "LOC-1",
        }
        row.update(kw)
        return row

    return [
        write_csv(
            folder / "people.csv",
            [
                person("YP-1", "Amy", "young_person", "high"),
                person("YP-2", "Beth", "young_person", "medium"),
                person("AD-1", "Carl", "associate", ""),
                person("OUT-1", "Dana", "young_person", "low"),
            ],
        ),
        write_csv(
            folder / "locations.csv",
            [
                {
                    "agency": "police",
                    "source_ref": "LOC-1",
                    "name": "Chicken Shop",
                    "kind": "takeaway",
                    "postcode": "S1 2AB",
                },
            ],
        ),
        write_csv(
            folder / "intelligence.csv",
            [
                report("I-1", 5, "YP-1;YP-2", "Both seen at the chicken shop late at night"),
                report(
                    "I-2",
                    3,
                    "YP-1;AD-1",
                    "SECRET-DETAIL adult collected Amy",
                    handling_code="C",
                    handling_conditions="police only",
                ),
                report("I-3", 60, "YP-2;OUT-1", "Older report"),
                report("I-4", 2, "YP-1;YP-2", "Anonymous claim", intelligence_assessment="E"),
                report("I-5", 10, "OUT-1", "Not about the cohort"),
                report("I-6", 9, "YP-2", '<script>alert(1)</script> =HYPERLINK("x") **bold**'),
            ],
        ),
        write_csv(
            folder / "missing_episodes.csv",
            [
                {
                    "agency": "police",
                    "source_ref": "ME-1",
                    "person_ref": "YP-1",
                    "missing_from": "home",
                    "reported_missing_at": uk(4),
                    "returned_at": uk(3.5),
                    "police_risk_level": "medium",
                    "found_location_ref": "LOC-1",
                    "missing_with": "YP-2",
                    "rhi_offered_at": uk(3),
                },
                {
                    "agency": "police",
                    "source_ref": "ME-2",
                    "person_ref": "YP-2",
                    "missing_from": "home",
                    "reported_missing_at": uk(200),
                    "returned_at": uk(199.9),
                },
            ],
        ),
    ]


@dataclass(frozen=True)
class Data:
    ctx: ServiceContext
    driver: neo4j.Driver


def load_operation(driver: neo4j.Driver, folder: Path) -> None:
    summary = Importer(driver, agency="police", fmt="exchange", batch_size=500).run(
        write_partner_files(folder)
    )
    assert summary.ok, summary
    operations = OperationStore(driver)
    operations.upsert("OP-T", "Operation Test", by="test")
    operations.upsert("OP-OTHER", "Operation Other", by="test")
    for ref in ("YP-1", "YP-2", "AD-1"):
        assert operations.nominate("OP-T", pid(ref), by="test", rationale=f"nominated {ref}")
    operations.nominate("OP-OTHER", pid("OUT-1"), by="test", rationale="other group")


@pytest.fixture(scope="module")
def data(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Data:
    load_operation(driver, tmp_path_factory.mktemp("meeting-data"))
    return Data(ServiceContext(driver, neo4j_settings), driver)


def events(data: Data, user: User, action: AuditAction) -> list[object]:
    return list(data.ctx.audit.events(username=user.username, action=action.value))


def test_operations_listed_by_role(data: Data) -> None:
    assert [o.operation_id for o in meeting_operations(data.ctx, POLICE)] == ["OP-T"]
    assert {o.operation_id for o in meeting_operations(data.ctx, LEAD)} == {"OP-T", "OP-OTHER"}
    for user in (BOARD, ADMIN):
        with pytest.raises(AccessDenied):
            meeting_operations(data.ctx, user)


def test_another_groups_operation_is_refused_and_audited(data: Data) -> None:
    with pytest.raises(AccessDenied):
        meeting_board(data.ctx, OTHER, "OP-T", purpose="curious")
    refusals = data.ctx.audit.events(username=OTHER.username, action="refusal")
    assert refusals and refusals[-1].records == ["OP-T"]
    with pytest.raises(AccessDenied):
        meeting_board(data.ctx, BOARD, "OP-T", purpose="oversight")
    assert data.ctx.audit.events(username=BOARD.username, action="refusal")
    with pytest.raises(NotFound):
        meeting_board(data.ctx, LEAD, "OP-NONE", purpose="x")
    with pytest.raises(ValidationFailed):
        meeting_board(data.ctx, POLICE, "OP-T", purpose="  ")


def test_board_shows_cohort_changes_and_episodes(data: Data) -> None:
    board = meeting_board(data.ctx, POLICE, "OP-T", purpose="fortnightly meeting")
    cohort = {m.person_id: m for m in board.cohort}
    assert set(cohort) == {pid("YP-1"), pid("YP-2"), pid("AD-1")}
    assert board.counts.cohort == 3 and board.counts.young_people == 2
    assert cohort[pid("YP-1")].rag == "red" and cohort[pid("YP-1")].rag_text == "RED - high"
    assert cohort[pid("YP-2")].rag_text == "AMBER - medium"
    assert cohort[pid("AD-1")].rag == "grey"
    assert cohort[pid("YP-1")].rationale == "nominated YP-1"
    assert cohort[pid("YP-1")].display_name == "Amy Example"
    # Reports in the last 28 days naming cohort members; I-3 is older, I-5 names nobody in it.
    items = {i.intel_id: i for i in board.changes.new_intelligence}
    assert set(items) == {"police/I-1", "police/I-2", "police/I-4", "police/I-6"}
    assert items["police/I-2"].summary == "SECRET-DETAIL adult collected Amy"  # police holds it
    assert [p.display_name for p in items["police/I-1"].people] == ["Amy Example", "Beth Example"]
    assert [e.episode_id for e in board.missing_episodes] == ["police/ME-1"]
    assert board.missing_episodes[0].found_at == "Chicken Shop"
    assert board.counts.children_missing == 1
    assert board.last_meeting is None
    # NOW is fixed when the module loads; a slow machine may take a while to get here.
    assert abs((NOW - board.period_start) - timedelta(days=DEFAULT_PERIOD_DAYS)) < timedelta(
        hours=2
    )
    consulted = data.ctx.audit.events(username=POLICE.username, action="consultation")
    assert consulted[-1].justification == "fortnightly meeting"
    assert set(consulted[-1].records) == {"OP-T", *cohort}


def test_handling_code_c_is_a_notice_for_other_agencies(data: Data) -> None:
    board = meeting_board(data.ctx, SCHOOL, "OP-T", purpose="meeting")
    item = next(i for i in board.changes.new_intelligence if i.intel_id == "police/I-2")
    assert item.restricted and item.summary is None and item.people == []
    assert item.notice and "Police holds restricted information" in item.notice
    assert board.counts.restricted_intelligence == 1
    assert "SECRET-DETAIL" not in board.model_dump_json()


def test_actions_create_update_complete_and_overdue(data: Data) -> None:
    ctx = data.ctx
    with pytest.raises(ValidationFailed):
        create_action(
            ctx,
            POLICE,
            "OP-T",
            text=" ",
            owner_agency="police",
            due_date=date.today() + timedelta(days=1),
        )
    with pytest.raises(ValidationFailed):
        create_action(
            ctx,
            POLICE,
            "OP-T",
            text="Visit",
            owner_agency="police",
            due_date=date.today() - timedelta(days=3),
        )
    with pytest.raises(ValidationFailed):
        create_action(
            ctx,
            POLICE,
            "OP-T",
            text="Visit",
            owner_agency="police",
            due_date=date.today() + timedelta(days=1),
            person_id=pid("OUT-1"),
        )
    with pytest.raises(AccessDenied):
        create_action(
            ctx,
            OTHER,
            "OP-T",
            text="Visit",
            owner_agency="health",
            due_date=date.today() + timedelta(days=1),
        )
    made = create_action(
        ctx,
        POLICE,
        "OP-T",
        text="=Check phone', MATCH (n) DETACH DELETE n //",
        owner_agency="Police",
        due_date=date.today() + timedelta(days=7),
        person_id=pid("YP-1"),
    )
    assert made.owner_agency == "police" and made.person_name == "Amy Example"
    assert made.text.startswith("=Check phone'")  # stored as text, not run
    last_month = NOW - timedelta(days=30)
    late = create_action(
        ctx,
        SCHOOL,
        "OP-T",
        text="Return home interview follow-up",
        owner_agency="education",
        due_date=(last_month + timedelta(days=2)).date(),
        now=last_month,
    )
    board = meeting_board(ctx, POLICE, "OP-T", purpose="meeting")
    actions = {a.action_id: a for a in board.actions}
    assert actions[late.action_id].overdue and not actions[made.action_id].overdue
    assert board.counts.open_actions == 2 and board.counts.overdue_actions == 1
    assert board.actions[0].action_id == late.action_id  # overdue first
    assert "education" in board.agencies and "police" in board.agencies

    moved = update_action(
        ctx,
        POLICE,
        "OP-T",
        made.action_id,
        owner_agency="health",
        due_date=date.today() + timedelta(days=10),
        clear_person=True,
    )
    assert moved.owner_agency == "health" and moved.person_id is None and moved.status == "open"
    done = complete_action(ctx, SCHOOL, "OP-T", late.action_id)
    assert done.status == "done" and done.completed_at is not None and not done.overdue
    assert done.completed_by == SCHOOL.username
    again = meeting_board(ctx, POLICE, "OP-T", purpose="meeting")
    assert again.counts.overdue_actions == 0 and again.counts.open_actions == 1
    altered = ctx.audit.events(username=SCHOOL.username, action="alteration")
    assert [e.what for e in altered][-1] == "action completed for operation OP-T"
    with pytest.raises(NotFound):
        complete_action(ctx, POLICE, "OP-T", "A-missing")


def test_snapshot_round_trip_and_changes_since(data: Data) -> None:
    ctx, driver = data.ctx, data.driver
    before = meeting_board(ctx, LEAD, "OP-T", purpose="meeting")
    record = take_snapshot(ctx, POLICE, "OP-T")
    assert record.taken_by == POLICE.username
    snap = meeting_snapshot(ctx, POLICE, "OP-T", record.meeting_id, purpose="minutes")
    assert snap.meeting_id == record.meeting_id and snap.held_at == record.held_at
    assert {m.person_id: m.risk_level for m in snap.cohort} == {
        m.person_id: m.risk_level for m in before.cohort
    }
    assert snap.counts.cohort == 3 and snap.counts.missing_episodes == 1
    assert {a.action_id for a in snap.actions} == {a.action_id for a in before.actions}
    # The analysis' links among the cohort, worked out by hand from the files above: I-1 names
    # Amy and Beth, ME-1 records Beth missing with Amy, and within 7 days at the chicken shop
    # Amy is placed by I-1, I-2 and ME-1, Beth by I-1 and I-6, Carl by I-2 (co-location).
    # I-4 is assessed E and never links; I-3 names Beth with someone outside the cohort.
    edges = {(e.a, e.b): e for e in snap.network.edges}
    pair = tuple(sorted((pid("YP-1"), pid("YP-2"))))
    adult = tuple(sorted((pid("YP-1"), pid("AD-1"))))
    beth_carl = tuple(sorted((pid("YP-2"), pid("AD-1"))))
    assert set(edges) == {pair, adult, beth_carl}
    assert set(edges[pair].kinds) == {"same_report", "missing_with", "colocation"}
    assert set(edges[pair].records) == {"police/I-1", "police/I-2", "police/I-6", "police/ME-1"}
    assert ["police/I-1"] in edges[pair].evidence and ["police/ME-1"] in edges[pair].evidence
    assert set(edges[adult].kinds) == {"same_report", "colocation"}
    assert set(edges[adult].records) == {"police/I-1", "police/I-2", "police/ME-1"}
    assert edges[beth_carl].kinds == ["colocation"]
    assert set(edges[beth_carl].records) == {"police/I-1", "police/I-2", "police/I-6"}
    raw = driver.execute_query(
        "MATCH (m:Meeting {meeting_id: $id}) RETURN m.snapshot_json AS j", id=record.meeting_id
    ).records[0]["j"]
    assert "Amy" not in raw and "SECRET-DETAIL" not in raw  # ids, levels and counts only

    # The school may not see I-2: every piece of evidence resting on it goes from its view, so
    # Carl's links disappear and Amy and Beth keep only the report and the episode naming both.
    school_snap = meeting_snapshot(ctx, SCHOOL, "OP-T", record.meeting_id, purpose="minutes")
    school_edges = {(e.a, e.b): e for e in school_snap.network.edges}
    assert set(school_edges) == {pair}
    assert sorted(school_edges[pair].evidence) == [["police/I-1"], ["police/ME-1"]]

    # After the snapshot, changes start from it; a level changed since shows as a change.
    driver.execute_query(
        "MATCH (p:Person {person_id: $p}) SET p.risk_level = 'high'", p=pid("YP-2")
    )
    driver.execute_query(
        "MATCH (p:Person {person_id: $p}) "
        "CREATE (:RiskAssessment {assessment_id: 'RA-1', assessed_at: $at, level: 'low', "
        "rationale: 'Engaging with the project', by: 'lead', agency: 'childrens_social_care'})"
        "-[:ASSESSES]->(p)",
        p=pid("AD-1"),
        at=datetime.now(UTC),
    )
    after = meeting_board(ctx, POLICE, "OP-T", purpose="next meeting")
    assert after.last_meeting is not None and after.last_meeting.meeting_id == record.meeting_id
    assert after.period_start == record.held_at
    assert after.changes.new_intelligence == []
    changes = {c.person_id: c for c in after.changes.risk_changes}
    assert changes[pid("YP-2")].previous_level == "medium"
    assert (
        changes[pid("YP-2")].level == "high" and changes[pid("YP-2")].source == "since last meeting"
    )
    assert changes[pid("AD-1")].source == "assessment" and changes[pid("AD-1")].level == "low"
    member = next(m for m in after.cohort if m.person_id == pid("AD-1"))
    assert member.rationale == "Engaging with the project"
    assert member.rationale_source == "risk assessment"
    assert (
        next(m for m in after.cohort if m.person_id == pid("YP-2")).level_at_last_meeting
        == "medium"
    )
    assert [r.meeting_id for r in meetings(ctx, SCHOOL, "OP-T")] == [record.meeting_id]
    with pytest.raises(AccessDenied):
        meeting_snapshot(ctx, OTHER, "OP-T", record.meeting_id, purpose="x")


def test_network_comparison_keeps_positions_and_hides_restricted_links(data: Data) -> None:
    ctx = data.ctx
    record = meetings(ctx, POLICE, "OP-T")[0]
    police = network_comparison(
        ctx, POLICE, "OP-T", purpose="meeting", meeting_id=record.meeting_id
    )
    assert police.past is not None
    today = {n.person_id: (n.x, n.y) for n in police.current.nodes}
    then = {n.person_id: (n.x, n.y) for n in police.past.nodes}
    assert today == then  # one layout for both charts
    assert len(police.current.edges) == 3 and police.current.hidden_links == 0
    again = network_comparison(ctx, POLICE, "OP-T", purpose="meeting", meeting_id=record.meeting_id)
    assert again.current.nodes == police.current.nodes  # fixed seed: the chart does not jump
    school = network_comparison(ctx, SCHOOL, "OP-T", purpose="meeting")
    assert len(school.current.edges) == 1 and school.current.hidden_links == 2
    assert school.current.notices and "Police" in school.current.notices[0]
    labels = {n.label for n in school.current.nodes}
    assert "Amy Example" in labels
    assert ctx.audit.events(username=SCHOOL.username, action="consultation")[-1].what.startswith(
        "cohort network"
    )
