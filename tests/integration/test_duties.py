"""Lead practitioners, lead professionals and what is due, against the real Neo4j.

Partner files are written by hand: police people and missing episodes for two operations' cohorts
and one child in no cohort, and a council record of one absence the police also recorded.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import neo4j
import pytest

from cseboard.access.accounts import add_user
from cseboard.config import Settings
from cseboard.errors import AccessDenied, NotFound, ValidationFailed
from cseboard.ingest.importer import Importer
from cseboard.models.ids import person_id_for
from cseboard.models.users import Role, User
from cseboard.models.values import LONDON
from cseboard.reports.documents import Cell, Table
from cseboard.reports.meeting_pack import meeting_pack_document
from cseboard.services.context import ServiceContext
from cseboard.services.due import due_list
from cseboard.services.leads import operation_leads, set_lead_practitioner, set_lead_professional
from cseboard.services.meeting_actions import create_action
from cseboard.services.meeting_board import meeting_board
from cseboard.services.meeting_pack import build_meeting_pack
from cseboard.services.risk import set_risk_level
from cseboard.store.operations import OperationStore
from cseboard.store.resolve import ResolveStore
from support.partner_files import write_csv

NOW = datetime.now(UTC).replace(second=0, microsecond=0)


def uk(hours_ago: float) -> str:
    return (NOW - timedelta(hours=hours_ago)).astimezone(LONDON).strftime("%d/%m/%Y %H:%M")


def pid(ref: str, agency: str = "police") -> str:
    return person_id_for(agency, ref)


def account(name: str, *roles: Role, agency: str | None = None, ops: tuple[str, ...] = ()) -> User:
    return User(
        username=name,
        display_name=name,
        roles=frozenset(roles),
        agency=agency,
        operations=frozenset(ops),
    )


LEAD = account("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
LP_A = account("lp.a", Role.OPERATIONAL, agency="police", ops=("OP-A",))
LP_B = account("lp.b", Role.OPERATIONAL, agency="health", ops=("OP-B",))
MEMBER_A = account("member.a", Role.OPERATIONAL, agency="education", ops=("OP-A",))
BOARD = account("board", Role.STRATEGIC)
ADMIN = account("admin", Role.ADMIN)

A1, A2, ADULT, B1, X = pid("YP-A1"), pid("YP-A2"), pid("AD-A"), pid("YP-B1"), pid("YP-X")


def person(
    agency: str, ref: str, first: str, role: str, dob: str, risk: str = ""
) -> dict[str, str]:
    return {
        "agency": agency,
        "source_ref": ref,
        "role": role,
        "first_name": first,
        "last_name": "Example",
        "date_of_birth": dob,
        "gender": "F",
        "risk_level": risk,
    }


def episode(
    agency: str, ref: str, who: str, missing_h: float, back_h: float | None, **kw: str
) -> dict[str, str]:
    row = {
        "agency": agency,
        "source_ref": ref,
        "person_ref": who,
        "missing_from": "home",
        "reported_missing_at": uk(missing_h),
        "returned_at": uk(back_h) if back_h is not None else "",
    }
    row.update(kw)
    return row


@dataclass(frozen=True)
class Data:
    ctx: ServiceContext
    driver: neo4j.Driver


@pytest.fixture(scope="module")
def data(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Data:
    folder = tmp_path_factory.mktemp("duties")
    police = [
        write_csv(
            folder / "police" / "people.csv",
            [
                person("police", "YP-A1", "Amy", "young_person", "03/04/2010", "high"),
                person("police", "YP-A2", "Beth", "young_person", "05/06/2011"),
                person("police", "AD-A", "Carl", "associate", "07/08/1990"),
                person("police", "YP-B1", "Dina", "young_person", "09/10/2010"),
                person("police", "YP-X", "Ella", "young_person", "11/12/2009"),
            ],
        ),
        write_csv(
            folder / "police" / "missing_episodes.csv",
            [
                # Returned 10 hours ago, no interview offered: 62 hours left.
                episode("police", "ME-A1", "YP-A1", 20, 10),
                # Returned 80 hours ago, no offer: the 72 hours ended 8 hours ago.
                episode("police", "ME-A2", "YP-A2", 90, 80),
                # 40 days ago, interview offered and completed: contact, nothing due.
                episode(
                    "police",
                    "ME-A3",
                    "YP-A1",
                    960,
                    950,
                    rhi_offered_at=uk(940),
                    rhi_completed_at=uk(930),
                ),
                # Returned 30 hours ago; the council recorded the same absence with the offer.
                episode("police", "ME-A4", "YP-A2", 40, 30),
                episode("police", "ME-B1", "YP-B1", 9, 5),
                episode("police", "ME-X", "YP-X", 3, 2),
            ],
        ),
        write_csv(
            folder / "police" / "intelligence.csv",
            [
                {
                    "agency": "police",
                    "source_ref": "I-1",
                    "reported_at": uk(72),
                    "category": "disclosure",
                    "summary": "Spoke to her officer",
                    "source_evaluation": "1",
                    "intelligence_assessment": "A",
                    "handling_code": "P",
                    "people": "YP-A2",
                },
            ],
        ),
    ]
    council = [
        write_csv(
            folder / "csc" / "people.csv",
            [
                person("childrens_social_care", "C-9", "Beth", "young_person", "05/06/2011"),
            ],
        ),
        write_csv(
            folder / "csc" / "missing_episodes.csv",
            [
                episode("childrens_social_care", "CME-1", "C-9", 40, 30, rhi_offered_at=uk(20)),
            ],
        ),
    ]
    for agency, files in (("police", police), ("childrens_social_care", council)):
        summary = Importer(driver, agency=agency, risk_levels=neo4j_settings.risk_levels).run(files)
        assert all(f.rejected == 0 for f in summary.files), summary
    # The practice lead confirmed that the council's Beth is the police's YP-A2: only then are
    # their records of the same absence one episode.
    ResolveStore(driver).merge(
        A2, person_id_for("childrens_social_care", "C-9"), by="lead", reason="same child"
    )
    operations = OperationStore(driver)
    operations.upsert("OP-A", "Operation A", by="test")
    operations.upsert("OP-B", "Operation B", by="test")
    for op, people in (("OP-A", (A1, A2, ADULT)), ("OP-B", (B1,))):
        for p in people:
            assert operations.nominate(op, p, by="test", rationale="test")
    ctx = ServiceContext(driver, neo4j_settings)
    for u in (LEAD, LP_A, LP_B, MEMBER_A, BOARD):
        add_user(
            driver,
            audit=ctx.audit,
            username=u.username,
            password=secrets.token_urlsafe(16),
            roles=list(u.roles),
            agency=u.agency,
            operations=sorted(u.operations),
        )
    create_action(
        ctx,
        LP_A,
        "OP-A",
        text="Strategy discussion for Amy",
        owner_agency="police",
        due_date=(NOW.astimezone(LONDON) + timedelta(days=3)).date(),
        person_id=A1,
    )
    create_action(
        ctx,
        LP_B,
        "OP-B",
        text="Later action",
        owner_agency="health",
        due_date=(NOW.astimezone(LONDON) + timedelta(days=20)).date(),
    )
    return Data(ctx, driver)


def refusals(driver: neo4j.Driver, username: str) -> list[str]:
    rows = driver.execute_query(
        "MATCH (e:AuditEvent {username: $u, action: 'refusal'}) RETURN e.what AS what ORDER BY e.seq",
        u=username,
    ).records
    return [r["what"] for r in rows]


def test_practice_lead_names_the_lead_practitioner(data: Data) -> None:
    leads = set_lead_practitioner(data.ctx, LEAD, "OP-A", "LP.A")
    assert leads.lead_practitioner is not None and leads.lead_practitioner.username == "lp.a"
    set_lead_practitioner(data.ctx, LEAD, "OP-B", "lp.b")
    with pytest.raises(ValidationFailed, match="not a member"):
        set_lead_practitioner(data.ctx, LEAD, "OP-A", "lp.b")
    with pytest.raises(ValidationFailed, match="no active user"):
        set_lead_practitioner(data.ctx, LEAD, "OP-A", "nobody")


@pytest.mark.parametrize("attacker", [LP_A, MEMBER_A, BOARD, ADMIN])
def test_only_the_practice_lead_names_a_lead_practitioner(data: Data, attacker: User) -> None:
    with pytest.raises(AccessDenied):
        set_lead_practitioner(data.ctx, attacker, "OP-A", attacker.username)
    assert refusals(data.driver, attacker.username)[-1].startswith("operation refused")
    assert operation_leads(data.ctx, LEAD, "OP-A").lead_practitioner.username == "lp.a"  # type: ignore[union-attr]


def test_the_group_names_lead_professionals_dated_with_history(data: Data) -> None:
    set_lead_professional(
        data.ctx,
        MEMBER_A,
        "OP-A",
        A1,
        name="Sam Carter",
        agency="Children's Social Care",
        contact="0114 000 0000",
    )
    leads = set_lead_professional(
        data.ctx,
        LP_A,
        "OP-A",
        A1,
        name="Jo Patel",
        agency="childrens_social_care",
        contact="jo.patel@example.org",
    )
    assert leads.professionals[A1].name == "Jo Patel"
    history = [a for a in leads.history if a.person_id == A1]
    assert [(a.who, a.until is None) for a in history] == [
        ("Jo Patel", True),
        ("Sam Carter", False),
    ]
    assert history[1].ended_by == "lp.a"
    with pytest.raises(ValidationFailed, match="young person"):
        set_lead_professional(data.ctx, LP_A, "OP-A", ADULT, name="x", agency="police", contact="y")
    with pytest.raises(NotFound):
        set_lead_professional(data.ctx, LP_A, "OP-A", X, name="x", agency="police", contact="y")
    with pytest.raises(ValidationFailed, match="contact"):
        set_lead_professional(data.ctx, LP_A, "OP-A", A2, name="x", agency="police", contact=" ")


@pytest.mark.parametrize("attacker", [LP_B, BOARD, ADMIN])
def test_another_operations_user_cannot_name_a_lead_professional(
    data: Data, attacker: User
) -> None:
    with pytest.raises(AccessDenied):
        set_lead_professional(
            data.ctx, attacker, "OP-A", A2, name="Mallory", agency="police", contact="x"
        )
    assert A2 not in operation_leads(data.ctx, LEAD, "OP-A").professionals


def test_meeting_board_and_pack_show_the_leads_and_flag_a_child_without_one(data: Data) -> None:
    board = meeting_board(data.ctx, LP_A, "OP-A", purpose="test")
    assert board.lead_practitioner is not None and board.lead_practitioner.username == "lp.a"
    members = {m.person_id: m for m in board.cohort}
    assert members[A1].lead_professional is not None
    assert members[A1].lead_professional.contact == "jo.patel@example.org"
    assert members[A2].needs_lead and not members[ADULT].needs_lead
    assert board.counts.without_lead_professional == 1
    pack = build_meeting_pack(data.ctx, LP_A, "OP-A", recipients=["police"])
    document = meeting_pack_document(pack)
    assert "Lead practitioner: lp.a (since" in " ".join(document.subtitle)
    cohort = next(
        b for b in document.blocks if isinstance(b, Table) and "Lead professional" in b.columns
    )
    column = cohort.columns.index("Lead professional")
    cells = {row[0]: row[column] for row in cohort.rows}
    assert cells["Amy Example"] == "Jo Patel (childrens social care), jo.patel@example.org"
    assert isinstance(cells["Beth Example"], Cell) and cells["Beth Example"].text == "NONE NAMED"
    assert cells["Carl Example"] == ""


def _keys(items: list) -> list[tuple[str | None, str]]:  # type: ignore[type-arg]
    return [(i.person_id, i.state) for i in items]


def test_lead_practitioner_sees_only_their_operations_duties(data: Data) -> None:
    due = due_list(data.ctx, LP_A, now=NOW)
    assert due.operations == ["OP-A"] and not due.everyone
    # One episode per absence: the council's record of ME-A4 carries the offer.
    assert _keys(due.rhi) == [(A2, "overdue"), (A1, "running")]
    assert [i.hours_left for i in due.rhi] == [-8.0, 62.0]
    assert [i.detail for i in due.meeting_actions] == [
        "Strategy discussion for Amy (police; Operation A)"
    ]
    assert due.meeting_actions[0].state == "due_soon"
    # Amy's last contact is the interview completed 38 days ago; Beth spoke to an officer 3 days
    # ago (a disclosure report); Carl is an adult.
    assert _keys(due.no_contact) == [(A1, "overdue")]
    assert "return home interview" in due.no_contact[0].detail
    assert due.risk_reviews == []
    everyone = {i.person_id for i in due.items}
    assert B1 not in everyone and X not in everyone


def test_the_other_lead_practitioner_sees_theirs(data: Data) -> None:
    due = due_list(data.ctx, LP_B, now=NOW)
    assert due.operations == ["OP-B"]
    assert _keys(due.rhi) == [(B1, "running")] and due.meeting_actions == []


def test_a_group_member_who_leads_nothing_has_no_list(data: Data) -> None:
    due = due_list(data.ctx, MEMBER_A, now=NOW)
    assert due.operations == [] and due.items == []


def test_practice_lead_sees_everyone_in_clock_order(data: Data) -> None:
    due = due_list(data.ctx, LEAD, now=NOW)
    assert due.everyone
    assert _keys(due.rhi) == [(A2, "overdue"), (A1, "running"), (B1, "running"), (X, "running")]
    assert [i.due_at for i in due.rhi] == sorted(i.due_at for i in due.rhi)  # type: ignore[type-var]
    assert (
        due_list(data.ctx, LEAD, for_user="lp.a", now=NOW).rhi
        == due_list(data.ctx, LP_A, now=NOW).rhi
    )


@pytest.mark.parametrize("attacker", [LP_A, MEMBER_A])
def test_nobody_else_reads_another_users_duties(data: Data, attacker: User) -> None:
    with pytest.raises(AccessDenied):
        due_list(data.ctx, attacker, for_user="lp.b", now=NOW)
    assert refusals(data.driver, attacker.username)[-1] == "due list refused: another user's"


@pytest.mark.parametrize("attacker", [BOARD, ADMIN])
def test_strategic_and_admin_have_no_duties_list(data: Data, attacker: User) -> None:
    with pytest.raises(AccessDenied):
        due_list(data.ctx, attacker, now=NOW)


def test_risk_reviews_fall_due_after_the_interval(data: Data) -> None:
    set_risk_level(data.ctx, LEAD, A2, level="medium", rationale="Agreed at strategy meeting")
    soon = due_list(data.ctx, LP_A, now=NOW + timedelta(days=85))
    assert _keys(soon.risk_reviews) == [(A1, "due_soon"), (A2, "due_soon")]
    assert "Risk level high recorded by a partner" in soon.risk_reviews[0].detail
    late = due_list(data.ctx, LP_A, now=NOW + timedelta(days=100))
    assert {i.state for i in late.risk_reviews} == {"overdue"}
    assert due_list(data.ctx, LP_A, now=NOW + timedelta(days=10)).risk_reviews == []
    assert isinstance(late.risk_reviews[0].due_day, date)


def test_the_list_is_audited_as_a_consultation_of_the_children_on_it(data: Data) -> None:
    due_list(data.ctx, LP_A, now=NOW)
    row = data.driver.execute_query(
        "MATCH (e:AuditEvent {username: 'lp.a', action: 'consultation'}) "
        "RETURN e.what AS what, e.records AS records ORDER BY e.seq DESC LIMIT 1"
    ).records[0]
    assert row["what"] == "what is due viewed for lp.a (OP-A)"
    assert set(row["records"]) == {A1, A2}


def test_a_lead_practitioner_moved_off_the_operation_loses_its_duties(data: Data) -> None:
    moved = account("lp.a", Role.OPERATIONAL, agency="police", ops=("OP-B",))
    due = due_list(data.ctx, moved, now=NOW)
    assert due.operations == [] and due.items == []
