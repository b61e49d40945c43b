"""How are these two connected? The path service on a hand-made partner world, as each role.

The police file below links eight people; the chains expected for each question were worked
out by hand from the gradings (weights: 1A 1.0, 1B 0.8, 2A 0.6, 2B 0.48, 2C 0.36):

    Amy -1A- Ben -2B- Cara          Amy -1B- Dan -2A- Cara (Dan-Cara 200 days ago)
    Amy -2C- Eli -1A- Finn -1A- Gus -2A- Cara
    Amy -1A(C, police only)- Hana -1A- Finn
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import neo4j
import pytest
from typer.testing import CliRunner

from cseboard.config import Settings
from cseboard.errors import AccessDenied, NotFound, ValidationFailed
from cseboard.ingest.importer import Importer
from cseboard.models.ids import person_id_for
from cseboard.models.users import AuditAction, Role, User
from cseboard.services.context import ServiceContext
from cseboard.services.paths import find_chains
from cseboard.store.operations import OperationStore
from support.partner_files import write_csv

NOW = datetime.now(UTC).replace(microsecond=0)
POLICE = "police"
CONTACT = "DS Example on the CSE desk (0100 000 000)"
NAMES = {
    "PN-A": "Amy",
    "PN-B": "Ben",
    "PN-C": "Cara",
    "PN-D": "Dan",
    "PN-E": "Eli",
    "PN-F": "Finn",
    "PN-G": "Gus",
    "PN-H": "Hana",
}
P = {ref[-1]: person_id_for(POLICE, ref) for ref in NAMES}


def _report(ref: str, days: float, people: str, grading: str, **kw: str) -> dict[str, str]:
    row = {
        "agency": POLICE,
        "source_ref": ref,
        "reported_at": (NOW - timedelta(days=days)).isoformat(),
        "category": "sighting",
        "summary": f"Report {ref}",
        "source_evaluation": grading[0],
        "intelligence_assessment": grading[1],
        "handling_code": "P",
        "handling_conditions": "",
        "people": people,
        "locations": "",
        "vehicles": "",
        "phones": "",
        "online_accounts": "",
    }
    row.update(kw)
    return row


@pytest.fixture(scope="module")
def world(driver: neo4j.Driver, tmp_path_factory: pytest.TempPathFactory) -> neo4j.Driver:
    police = tmp_path_factory.mktemp("paths") / POLICE
    write_csv(
        police / "people.csv",
        [
            {
                "agency": POLICE,
                "source_ref": ref,
                "role": "young_person" if name in ("Amy", "Cara", "Hana") else "associate",
                "first_name": name,
                "last_name": "Example",
                "date_of_birth": "2010-05-06" if name in ("Amy", "Cara", "Hana") else "1990-01-02",
                "gender": "F",
            }
            for ref, name in NAMES.items()
        ],
    )
    write_csv(
        police / "intelligence.csv",
        [
            _report("I-1", 20, "PN-A;PN-B", "1A"),
            _report("I-2", 19, "PN-B;PN-C", "2B", category="online_contact"),
            _report("I-3", 18, "PN-A;PN-D", "1B"),
            _report("I-4", 200, "PN-D;PN-C", "2A"),
            _report("I-5", 17, "PN-A;PN-E", "2C"),
            _report("I-6", 16, "PN-E;PN-F", "1A"),
            _report("I-7", 15, "PN-F;PN-G", "1A"),
            _report("I-8", 14, "PN-G;PN-C", "2A"),
            _report(
                "I-9",
                13,
                "PN-A;PN-H",
                "1A",
                handling_code="C",
                handling_conditions="share_with: police",
            ),
            _report("I-10", 12, "PN-H;PN-F", "1A"),
        ],
    )
    Importer(driver, agency=POLICE).run(sorted(police.iterdir()))
    ops = OperationStore(driver)
    for op, members in (("OP-ONE", "AC"), ("OP-TWO", "AH")):
        ops.upsert(op, f"Operation {op}", by="test")
        for m in members:
            ops.nominate(op, P[m], by="test", rationale="test cohort")
    return driver


@pytest.fixture(scope="module")
def ctx(world: neo4j.Driver, neo4j_settings: Settings) -> ServiceContext:
    settings = neo4j_settings.model_copy(update={"agency_contacts": {POLICE: CONTACT}})
    return ServiceContext(world, settings)


def _user(name: str, role: Role, agency: str | None = None, ops: tuple[str, ...] = ()) -> User:
    return User(
        username=name,
        display_name=name,
        roles=frozenset({role}),
        agency=agency,
        operations=frozenset(ops),
    )


LEAD = _user("p.lead", Role.PRACTICE_LEAD, "childrens_social_care")
SCHOOL_ONE = _user("p.school1", Role.OPERATIONAL, "education", ("OP-ONE",))
SCHOOL_TWO = _user("p.school2", Role.OPERATIONAL, "education", ("OP-TWO",))
POLICE_TWO = _user("p.police2", Role.OPERATIONAL, POLICE, ("OP-TWO",))
BOARD = _user("p.board", Role.STRATEGIC)
WHY = "Strategy meeting: how is Amy linked to Cara?"


def people(answer: object) -> list[list[str | None]]:
    return [c.people for c in answer.chains]  # type: ignore[attr-defined]


def ids(*letters: str) -> list[str]:
    return [P[x] for x in letters]


def test_the_lead_gets_the_k_shortest_chains_with_the_weakest_hop_named(
    ctx: ServiceContext,
) -> None:
    answer = find_chains(ctx, LEAD, P["A"], P["C"], purpose=WHY, now=NOW)
    # Two 2-link chains, the one whose weakest link is stronger first (0.6 > 0.48); then the
    # 4-link chain through Hana (weakest 0.6) before the one through Eli (weakest 0.36).
    assert people(answer) == [ids("A", "D", "C"), ids("A", "B", "C"), ids("A", "H", "F", "G", "C")]
    first, second, third = answer.chains
    assert [h.weakest for h in first.hops] == [False, True]
    assert first.weakest is not None and first.weakest.weight == pytest.approx(0.6)
    assert [h.weakest for h in third.hops] == [False, False, False, True]
    assert first.labels == ["Amy Example", "Dan Example", "Cara Example"]
    # Each hop carries the records that make it, with agency, grading, category and time.
    [record] = first.hops[0].evidence
    assert (record.record_id, record.agency, record.grading, record.category) == (
        "police/I-3",
        POLICE,
        "1BP",
        "sighting",
    )
    assert record.reported_at == NOW - timedelta(days=18)
    assert [r.record_id for r in second.hops[1].evidence] == ["police/I-2"]
    assert second.hops[1].evidence[0].category == "online_contact"
    assert answer.restricted_shorter is None and answer.unnamed == 0
    # Viewing the chains is audited like a profile view, with the purpose.
    [event] = ctx.audit.events(
        username=LEAD.username, action=AuditAction.CONSULTATION.value, record="police/I-3"
    )
    assert event.justification == WHY
    assert event.what.startswith(f"viewed the chains of links between {P['A']} and {P['C']}")
    assert {P["A"], P["C"], P["D"], P["B"], P["H"]} <= set(event.records)


def test_k_max_hops_window_and_grading_narrow_the_answer(ctx: ServiceContext) -> None:
    one = find_chains(ctx, LEAD, P["A"], P["C"], purpose=WHY, k=1, now=NOW)
    assert people(one) == [ids("A", "D", "C")]
    short = find_chains(ctx, LEAD, P["A"], P["C"], purpose=WHY, max_hops=3, now=NOW)
    assert people(short) == [ids("A", "D", "C"), ids("A", "B", "C")]
    # Dan-Cara was reported 200 days ago: outside a 90-day window.
    recent = find_chains(ctx, LEAD, P["A"], P["C"], purpose=WHY, window_days=90, now=NOW)
    assert people(recent) == [
        ids("A", "B", "C"),
        ids("A", "H", "F", "G", "C"),
        ids("A", "E", "F", "G", "C"),
    ]
    # 1B or better keeps Amy-Ben, Amy-Dan and the Hana-Finn-Gus links, but no link into Cara.
    assert (
        find_chains(ctx, LEAD, P["A"], P["C"], purpose=WHY, min_grading="1B", now=NOW).chains == []
    )
    # Agency record keys work as well as person ids.
    by_ref = find_chains(ctx, LEAD, "police/PN-A", "police/PN-C", purpose=WHY, k=1, now=NOW)
    assert by_ref.source == P["A"] and by_ref.target == P["C"]


def test_an_operational_user_never_learns_a_name_outside_scope_through_a_chain(
    ctx: ServiceContext,
) -> None:
    answer = find_chains(ctx, SCHOOL_ONE, P["A"], P["C"], purpose=WHY, now=NOW)
    # Without the police-only report there is no Hana-Amy link: the third chain goes via Eli,
    # and Finn (linked to nobody in the cohort) is on it without a name or id.
    assert people(answer) == [
        ids("A", "D", "C"),
        ids("A", "B", "C"),
        [P["A"], P["E"], None, P["G"], P["C"]],
    ]
    third = answer.chains[2]
    assert third.labels[2] == "Person outside your scope (1)"
    assert third.hops[1].target is None and third.hops[2].source is None
    assert answer.unnamed == 1
    text = answer.model_dump_json() + json.dumps(answer.to_json())
    assert P["F"] not in text and "Finn" not in text
    for chain in answer.chains:
        assert "police/I-9" not in {r.record_id for h in chain.hops for r in h.evidence}
    event = ctx.audit.events(username=SCHOOL_ONE.username, action="consultation")[-1]
    assert P["F"] not in event.records
    # Finn himself cannot be an end of a chain: refused and audited.
    with pytest.raises(AccessDenied):
        find_chains(ctx, SCHOOL_ONE, P["A"], P["F"], purpose=WHY, now=NOW)
    assert ctx.audit.events(username=SCHOOL_ONE.username, action="refusal", record=P["F"])


def test_a_shorter_chain_through_restricted_records_names_the_holder_not_the_people(
    ctx: ServiceContext,
) -> None:
    answer = find_chains(ctx, SCHOOL_TWO, P["A"], P["H"], purpose=WHY, now=NOW)
    assert people(answer) == [ids("A", "E", "F", "H")]
    assert answer.restricted_shorter is not None
    assert (answer.restricted_shorter.agency, answer.restricted_shorter.contact) == (
        POLICE,
        CONTACT,
    )
    assert answer.restricted_shorter.hops == 1
    assert answer.to_json()["restricted_shorter"] == {"agency": POLICE, "contact": CONTACT}
    assert any("exists only through records that police holds" in n for n in answer.notes)
    # The police officer of the same operation may read the report: the direct link shows.
    police = find_chains(ctx, POLICE_TWO, P["A"], P["H"], purpose=WHY, now=NOW)
    assert people(police)[0] == ids("A", "H")
    assert police.restricted_shorter is None
    assert [r.record_id for r in police.chains[0].hops[0].evidence] == ["police/I-9"]
    # The lead sees everything: no restricted note.
    lead = find_chains(ctx, LEAD, P["A"], P["H"], purpose=WHY, now=NOW)
    assert people(lead) == [ids("A", "H"), ids("A", "E", "F", "H")]
    assert lead.restricted_shorter is None


def test_purpose_roles_and_unknown_people(ctx: ServiceContext) -> None:
    with pytest.raises(ValidationFailed):
        find_chains(ctx, LEAD, P["A"], P["C"], purpose="  ", now=NOW)
    with pytest.raises(ValidationFailed):
        find_chains(ctx, LEAD, P["A"], "police/PN-A", purpose=WHY, now=NOW)
    with pytest.raises(AccessDenied):
        find_chains(ctx, BOARD, P["A"], P["C"], purpose=WHY, now=NOW)
    with pytest.raises(NotFound):
        find_chains(ctx, LEAD, P["A"], "police/NOBODY", purpose=WHY, now=NOW)
    with pytest.raises(NotFound):
        find_chains(ctx, LEAD, "P-does-not-exist", P["C"], purpose=WHY, now=NOW)


def test_the_json_shape_is_exactly_the_documented_one(ctx: ServiceContext) -> None:
    data = find_chains(ctx, LEAD, P["A"], P["C"], purpose=WHY, k=1, now=NOW).to_json()
    assert set(data) == {"from", "to", "chains", "restricted_shorter"}
    [chain] = data["chains"]
    assert set(chain) == {"people", "hops"}
    hop = chain["hops"][0]
    assert set(hop) == {"from", "to", "weight", "weakest", "evidence"}
    assert set(hop["evidence"][0]) == {"record_id", "agency", "grading", "category", "reported_at"}
    assert hop == {
        "from": P["A"],
        "to": P["D"],
        "weight": 0.8,
        "weakest": False,
        "evidence": [
            {
                "record_id": "police/I-3",
                "agency": POLICE,
                "grading": "1BP",
                "category": "sighting",
                "reported_at": (NOW - timedelta(days=18)).isoformat(),
            }
        ],
    }


def test_the_command_line_prints_the_json_object_and_refuses_without_a_purpose(
    ctx: ServiceContext,
    neo4j_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: object,
) -> None:
    from cseboard.access.accounts import add_user
    from cseboard.cli import app
    from cseboard.store.connection import resolve_target

    target = resolve_target(neo4j_settings)
    monkeypatch.setenv("NEO4J_URI", target.uri)
    monkeypatch.setenv("NEO4J_USER", target.user)
    monkeypatch.setenv("NEO4J_PASSWORD", target.password)
    monkeypatch.setenv("AGENCY_CONTACTS", json.dumps({POLICE: CONTACT}))
    monkeypatch.chdir(str(tmp_path))
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["path", "police/PN-A", "police/PN-C", "--k", "2", "--purpose", WHY, "--json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert [c["people"] for c in data["chains"]] == [ids("A", "D", "C"), ids("A", "B", "C")]
    assert data["restricted_shorter"] is None
    refused = runner.invoke(app, ["path", P["A"], P["C"]])
    assert refused.exit_code == 1 and "purpose" in refused.output
    add_user(
        ctx.driver,
        audit=ctx.audit,
        username="p.school2.cli",
        password="a long enough password 1",  # noqa: S106 (a test account)
        roles=[Role.OPERATIONAL],
        agency="education",
        operations=["OP-TWO"],
        added_by="test",
    )
    as_school = runner.invoke(
        app,
        ["path", P["A"], P["H"], "--purpose", WHY, "--as", "p.school2.cli", "--json"],
    )
    assert as_school.exit_code == 0, as_school.output
    school = json.loads(as_school.stdout.strip().splitlines()[-1])
    assert [c["people"] for c in school["chains"]] == [ids("A", "E", "F", "H")]
    assert school["restricted_shorter"] == {"agency": POLICE, "contact": CONTACT}
    table = runner.invoke(app, ["path", P["A"], P["C"], "--purpose", WHY, "--max-hops", "2"])
    assert (
        table.exit_code == 0 and "Chain 1: Amy Example → Dan Example → Cara Example" in table.stdout
    )
    assert "(weakest)" in table.stdout
