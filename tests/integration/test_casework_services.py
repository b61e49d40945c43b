"""Casework services against the real Neo4j: inbox, profile, risk levels, intake and imports.

A small partner world is imported once per module; every rule is checked through the services
(roles, cohort scope, handling code C, purpose, audit), not only through the pages.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import neo4j
import pytest

from cseboard.config import Settings
from cseboard.errors import AccessDenied, NotFound, ValidationFailed
from cseboard.ingest.importer import Importer
from cseboard.models.casework import UploadedPartnerFile
from cseboard.models.ids import person_id_for
from cseboard.models.users import AuditAction, Role, User
from cseboard.services.context import ServiceContext
from cseboard.services.inbox import inbox, intel_item, mark_reviewed
from cseboard.services.intake import (
    FormRejected,
    add_intelligence,
    import_partner_files,
    intake_options,
)
from cseboard.services.profile import cohort_people, person_profile, search_people
from cseboard.services.risk import set_risk_level
from cseboard.store.operations import OperationStore
from support.partner_files import write_csv

NOW = datetime.now(UTC).replace(microsecond=0)
SCRIPT = '<script>alert(\'x\')</script> =HYPERLINK("http://evil","click") **bold**'


def when(days: float) -> str:
    """A time ``days`` ago, in the exchange format's ISO form."""
    return (NOW - timedelta(days=days)).isoformat()


def person(
    agency: str, ref: str, first: str, role: str = "young_person", **kw: str
) -> dict[str, str]:
    row = {
        "agency": agency,
        "source_ref": ref,
        "role": role,
        "first_name": first,
        "last_name": "Example",
        "date_of_birth": "2011-02-01" if role == "young_person" else "1985-03-04",
        "gender": "F",
        "risk_level": "",
    }
    row.update(kw)
    return row


def intel(agency: str, ref: str, days: float, people: str, **kw: str) -> dict[str, str]:
    row = {
        "agency": agency,
        "source_ref": ref,
        "reported_at": when(days),
        "category": "sighting",
        "summary": f"Report {ref}: seen with an adult at the hotel",
        "source_evaluation": "1",
        "intelligence_assessment": "B",
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


POLICE = "police"
PN = {ref: person_id_for(POLICE, ref) for ref in ("PN-1", "PN-2", "PN-3", "PN-4")}


@pytest.fixture(scope="module")
def world(driver: neo4j.Driver, tmp_path_factory: pytest.TempPathFactory) -> neo4j.Driver:
    """Amy (PN-1, cohort) seen with an adult (PN-2) at a hotel; Beth (PN-3) there days later
    and missing with Amy; Cara (PN-4) named with Amy only in an E-graded report."""
    root = tmp_path_factory.mktemp("casework")
    police = root / "police"
    write_csv(
        police / "locations.csv",
        [
            {
                "agency": POLICE,
                "source_ref": "LOC-1",
                "name": "The Star Hotel",
                "kind": "hotel",
                "postcode": "S1 2AB",
                "latitude": "",
                "longitude": "",
            }
        ],
    )
    write_csv(
        police / "people.csv",
        [
            person(POLICE, "PN-1", "Amy", risk_level="medium"),
            person(POLICE, "PN-2", "Adult", role="associate"),
            person(POLICE, "PN-3", "Beth"),
            person(POLICE, "PN-4", "Cara"),
        ],
    )
    write_csv(
        police / "intelligence.csv",
        [
            intel(POLICE, "I-1", 10, "PN-1;PN-2", locations="LOC-1", phones="07700 900123"),
            intel(
                POLICE,
                "I-2",
                9,
                "PN-1",
                handling_code="C",
                handling_conditions="police only",
                summary="Restricted detail only police may read",
            ),
            intel(
                POLICE,
                "I-3",
                8,
                "PN-3",
                locations="LOC-1",
                source_evaluation="2",
                intelligence_assessment="C",
            ),
            intel(POLICE, "I-4", 7, "PN-4", category="online_contact"),
            intel(
                POLICE,
                "I-5",
                6,
                "PN-1",
                source_evaluation="B",
                intelligence_assessment="3",
                handling_code="2",
            ),
            intel(POLICE, "I-6", 5, "PN-1;PN-4", intelligence_assessment="E"),
            intel(POLICE, "I-7", 4, "PN-1", summary=SCRIPT),
        ],
    )
    write_csv(
        police / "missing_episodes.csv",
        [
            {
                "agency": POLICE,
                "source_ref": "M-1",
                "person_ref": "PN-1",
                "missing_from": "home",
                "reported_missing_at": when(3),
                "returned_at": when(2.5),
                "found_location_ref": "LOC-1",
                "missing_with": "PN-3",
                "police_risk_level": "medium",
                "rhi_offered_at": "",
                "rhi_completed_at": "",
                "rhi_declined": "",
            },
        ],
    )
    csc = root / "childrens_social_care"
    write_csv(csc / "people.csv", [person("childrens_social_care", "CS-1", "Dana")])
    for folder in (police, csc):
        Importer(driver, agency=folder.name).run(sorted(folder.iterdir()))
    ops = OperationStore(driver)
    ops.upsert("OP-T", "Operation Test", by="test")
    ops.nominate("OP-T", PN["PN-1"], by="test", rationale="test cohort")
    return driver


@pytest.fixture(scope="module")
def ctx(world: neo4j.Driver, neo4j_settings: Settings) -> ServiceContext:
    settings = neo4j_settings.model_copy(
        update={"agency_contacts": {"police": "DS Example on the CSE desk (0100 000 000)"}}
    )
    return ServiceContext(world, settings)


def a_user(
    name: str, role: Role, agency: str | None = None, operations: tuple[str, ...] = ()
) -> User:
    return User(
        username=name,
        display_name=name,
        roles=frozenset({role}),
        agency=agency,
        operations=frozenset(operations),
    )


LEAD = a_user("t.lead", Role.PRACTICE_LEAD, "childrens_social_care")
OPS_SCHOOL = a_user("t.school", Role.OPERATIONAL, "education", ("OP-T",))
OPS_POLICE = a_user("t.police", Role.OPERATIONAL, "police", ("OP-T",))
BOARD = a_user("t.board", Role.STRATEGIC)


def events(ctx: ServiceContext, user: User, action: AuditAction, record: str | None = None) -> list:
    return ctx.audit.events(username=user.username, action=action.value, record=record)


# -- inbox -------------------------------------------------------------------------------------


def test_inbox_lists_unreviewed_newest_first_with_filters(ctx: ServiceContext) -> None:
    page = inbox(ctx, LEAD)
    assert page.total == 7
    assert [i.source_ref for i in page.items] == ["I-7", "I-6", "I-5", "I-4", "I-3", "I-2", "I-1"]
    legacy = next(i for i in page.items if i.source_ref == "I-5")
    assert legacy.legacy_grading == "B32" and legacy.grading == "1BP"
    first = next(i for i in page.items if i.source_ref == "I-1")
    assert {p.display_name for p in first.people} == {"Amy Example", "Adult Example"}
    assert [p.name for p in first.places] == ["The Star Hotel"] and first.phones == [
        "+447700900123"
    ]
    assert not next(i for i in page.items if i.source_ref == "I-6").builds_links
    assert inbox(ctx, LEAD, categories=["online_contact"]).total == 1
    assert inbox(ctx, LEAD, agencies=["education"]).total == 0
    # 1B or better: I-1 (1B), I-2 (1B), I-4 (1B), I-7 (1B); I-3 is 2C, I-6 is E, and the
    # legacy grade maps to 1B too (B -> 1, 3 -> B).
    assert {i.source_ref for i in inbox(ctx, LEAD, min_grading="1b").items} == {
        "I-1",
        "I-2",
        "I-4",
        "I-5",
        "I-7",
    }
    two = inbox(ctx, LEAD, page_size=2, page=2)
    assert two.pages == 4 and [i.source_ref for i in two.items] == ["I-5", "I-4"]
    with pytest.raises(ValidationFailed, match="not like 2C"):
        inbox(ctx, LEAD, min_grading="9Z")


@pytest.mark.parametrize("who", [OPS_POLICE, BOARD])
def test_inbox_refuses_other_roles(ctx: ServiceContext, who: User) -> None:
    with pytest.raises(AccessDenied, match="review intelligence"):
        inbox(ctx, who)
    with pytest.raises(AccessDenied):
        mark_reviewed(ctx, who, ["police/I-1"])


def test_summary_with_script_and_formula_comes_back_as_text(ctx: ServiceContext) -> None:
    item = next(i for i in inbox(ctx, LEAD).items if i.source_ref == "I-7")
    assert item.summary == SCRIPT


def test_c_item_is_restricted_for_an_agency_not_named(ctx: ServiceContext) -> None:
    row = {
        "intel_id": "police/I-2",
        "agency": "police",
        "source_ref": "I-2",
        "reported_at": NOW,
        "handling_code": "C",
        "handling_conditions": "share_with: police",
        "summary": "secret",
        "people": [{"person_id": PN["PN-1"]}],
        "places": [],
    }
    contacts = ctx.settings.agency_contacts
    hidden = intel_item(row, OPS_SCHOOL, contacts=contacts)
    assert hidden.restricted and hidden.summary is None and not hidden.people
    assert hidden.notice is not None and "Police holds restricted information" in hidden.notice
    assert "DS Example on the CSE desk" in hidden.notice
    shown = intel_item(row, OPS_POLICE, contacts=contacts)
    assert not shown.restricted and shown.summary == "secret"


# -- profile -----------------------------------------------------------------------------------


def test_profile_needs_a_purpose_and_audits_the_view(ctx: ServiceContext) -> None:
    amy = PN["PN-1"]
    before = len(events(ctx, LEAD, AuditAction.CONSULTATION, amy))
    with pytest.raises(ValidationFailed, match="purpose"):
        person_profile(ctx, LEAD, amy, purpose=None)
    assert len(events(ctx, LEAD, AuditAction.CONSULTATION, amy)) == before
    person_profile(ctx, LEAD, amy, purpose="Risk review")
    [event] = events(ctx, LEAD, AuditAction.CONSULTATION, amy)[before:]
    assert event.justification == "Risk review" and event.records == [amy]
    assert "Amy" not in event.what


def test_profile_of_the_lead_shows_links_with_their_evidence(
    ctx: ServiceContext, world: neo4j.Driver
) -> None:
    amy = PN["PN-1"]
    profile = person_profile(ctx, LEAD, amy, purpose="Risk review")
    assert profile.identity.label == "Amy Example"
    assert [r.record_key for r in profile.identity.records] == ["police/PN-1"]
    store_count = world.execute_query(
        "MATCH (p:Person {person_id: $p}) RETURN COUNT { (p)<-[:MENTIONS]-(:Intelligence) } "
        "+ COUNT { (p)<-[:OF|MISSING_WITH]-(:MissingEpisode) } AS n",
        p=amy,
    ).records[0]["n"]
    assert len(profile.timeline) == store_count == 6
    links = {a.person.person_id: a for a in profile.associates}
    assert set(links) == {PN["PN-2"], PN["PN-3"]}  # E-graded I-6 never links Cara
    assert links[PN["PN-2"]].kinds == ["same_report"]
    assert links[PN["PN-2"]].evidence[0].ids == ["police/I-1"]
    beth = links[PN["PN-3"]]
    assert {"colocation", "missing_with"} <= set(beth.kinds)
    assert any("police/M-1" in e.ids for e in beth.evidence)
    assert [p.name for p in profile.places] == ["The Star Hotel"]
    indicators = {i.name: i for i in profile.indicators}
    assert indicators["missing_30_days"].value == 1
    assert indicators["missing_30_days"].source_ids == ["police/M-1"]
    assert indicators["associates_linked"].value == 1
    assert profile.restricted_items == 0


def test_operational_user_sees_the_cohort_without_restricted_content(ctx: ServiceContext) -> None:
    amy = PN["PN-1"]
    profile = person_profile(ctx, OPS_SCHOOL, amy, purpose="Operational meeting")
    restricted = [
        t.intelligence
        for t in profile.timeline
        if t.intelligence is not None and t.intelligence.restricted
    ]
    assert [r.intel_id for r in restricted] == ["police/I-2"]
    assert restricted[0].summary is None and "DS Example" in (restricted[0].notice or "")
    assert "Restricted detail" not in profile.model_dump_json()
    e_item = next(
        t.intelligence
        for t in profile.timeline
        if t.intelligence is not None and t.intelligence.source_ref == "I-6"
    )
    assert e_item.hidden_people == 1  # Cara is outside the operation's scope
    assert PN["PN-4"] not in profile.model_dump_json()
    police = person_profile(ctx, OPS_POLICE, amy, purpose="Operational meeting")
    assert police.restricted_items == 0


def test_operational_user_is_refused_outside_the_cohort_and_it_is_audited(
    ctx: ServiceContext,
) -> None:
    cara = PN["PN-4"]
    with pytest.raises(AccessDenied, match="outside your operation"):
        person_profile(ctx, OPS_SCHOOL, cara, purpose="curious")
    assert events(ctx, OPS_SCHOOL, AuditAction.REFUSAL, cara)
    with pytest.raises(AccessDenied):
        person_profile(ctx, BOARD, PN["PN-1"], purpose="oversight")


def test_search_is_audited_and_scoped(ctx: ServiceContext) -> None:
    found = search_people(ctx, LEAD, "cara")
    assert [m.person.person_id for m in found] == [PN["PN-4"]]
    [event] = events(ctx, LEAD, AuditAction.CONSULTATION, PN["PN-4"])[-1:]
    assert event.what.startswith("searched people") and "cara" not in event.what.lower()
    assert search_people(ctx, OPS_SCHOOL, "cara") == []
    assert [m.person.person_id for m in search_people(ctx, OPS_SCHOOL, "police/pn-1")] == [
        PN["PN-1"]
    ]
    with pytest.raises(ValidationFailed):
        search_people(ctx, LEAD, "a")
    with pytest.raises(AccessDenied):
        search_people(ctx, BOARD, "amy")


def test_cohort_lists(ctx: ServiceContext) -> None:
    assert [m.person.person_id for m in cohort_people(ctx, LEAD)] == [PN["PN-1"]]
    listed = cohort_people(ctx, OPS_SCHOOL)
    assert listed[0].person.person_id == PN["PN-1"] and listed[0].in_cohort
    assert {m.person.person_id for m in listed} == {PN["PN-1"], PN["PN-2"], PN["PN-3"]}


def test_missing_person_is_not_found(ctx: ServiceContext) -> None:
    with pytest.raises(NotFound):
        person_profile(ctx, LEAD, "P-0000000000000000", purpose="check")


# -- risk levels -------------------------------------------------------------------------------


def test_risk_level_needs_a_rationale_and_keeps_history(
    ctx: ServiceContext, world: neo4j.Driver
) -> None:
    amy = PN["PN-1"]
    with pytest.raises(ValidationFailed, match="rationale"):
        set_risk_level(ctx, LEAD, amy, level="high", rationale="too short")
    with pytest.raises(ValidationFailed, match="one of"):
        set_risk_level(ctx, LEAD, amy, level="extreme", rationale="x" * 40)
    with pytest.raises(AccessDenied):
        set_risk_level(ctx, OPS_POLICE, amy, level="high", rationale="x" * 40)
    with pytest.raises(NotFound):
        set_risk_level(ctx, LEAD, "P-0000000000000000", level="high", rationale="x" * 40)
    with pytest.raises(ValidationFailed, match="young people"):
        set_risk_level(ctx, LEAD, PN["PN-2"], level="high", rationale="x" * 40)
    entry = set_risk_level(
        ctx,
        LEAD,
        amy,
        level="high",
        rationale="Seen with an adult at a hotel and missing with a peer.",
    )
    assert entry.previous_level == "medium"
    stored = world.execute_query(
        "MATCH (p:Person {person_id: $p}) RETURN p.risk_level AS level", p=amy
    ).records[0]
    assert stored["level"] == "high"
    history = person_profile(ctx, LEAD, amy, purpose="Risk review").risk_history
    assert [(h.level, h.source) for h in history] == [
        ("high", "assessment"),
        ("medium", "partner_record"),
    ]
    assert history[0].by == LEAD.username and history[0].rationale.startswith("Seen with")
    [event] = events(ctx, LEAD, AuditAction.ALTERATION, entry.assessment_id)
    assert event.records == sorted([amy, entry.assessment_id])
    assert "medium" in event.what and "high" in event.what
    # A second assessment keeps both earlier levels.
    set_risk_level(ctx, LEAD, amy, level="low", rationale="Strategy meeting: disruption worked.")
    levels = [h.level for h in person_profile(ctx, LEAD, amy, purpose="Risk review").risk_history]
    assert levels == ["low", "high", "medium"]


# -- mark reviewed (after the inbox tests, which expect everything unreviewed) ------------------


def test_mark_reviewed_persists_and_is_audited(ctx: ServiceContext, world: neo4j.Driver) -> None:
    result = mark_reviewed(ctx, LEAD, ["police/I-1", "police/I-3"])
    assert result.reviewed == ["police/I-1", "police/I-3"] and result.unchanged == []
    again = mark_reviewed(ctx, LEAD, ["police/I-1"])
    assert again.reviewed == [] and again.unchanged == ["police/I-1"]
    stored = world.execute_query(
        "MATCH (i:Intelligence {intel_id: 'police/I-1'}) RETURN i.reviewed_at AS at, "
        "i.reviewed_by AS by"
    ).records[0]
    assert stored["at"] is not None and stored["by"] == LEAD.username
    assert inbox(ctx, LEAD).total == 5
    assert inbox(ctx, LEAD, include_reviewed=True).total == 7
    [event] = events(ctx, LEAD, AuditAction.ALTERATION, "police/I-3")
    assert event.records == ["police/I-1", "police/I-3"]
    with pytest.raises(ValidationFailed):
        mark_reviewed(ctx, LEAD, [])


# -- add intelligence --------------------------------------------------------------------------


def form(**kw: str) -> dict[str, str]:
    values = {
        "reported_at": (NOW - timedelta(hours=1)).astimezone(UTC).strftime("%d/%m/%Y %H:%M"),
        "category": "gifts_money_substances",
        "summary": "Young person given a new phone by an adult.",
        "source_evaluation": "2",
        "intelligence_assessment": "B",
        "handling_code": "P",
        "handling_conditions": "",
        "people": "CS-1;CS-NEW",
        "locations": "",
        "vehicles": "",
        "phones": "",
        "online_accounts": "",
    }
    values.update(kw)
    return values


def import_message(tmp_path: Path, values: dict[str, str]) -> list[tuple[str, str]]:
    """What the partner import says about the same values (dry run, no store)."""
    path = write_csv(
        tmp_path / "intelligence.csv",
        [{"agency": "childrens_social_care", "source_ref": "X-1", **values}],
    )
    summary = Importer(None, agency="childrens_social_care", dry_run=True).run(
        [path], rejects_dir=tmp_path
    )
    report = summary.files[0].report_path
    assert report is not None
    with report.open(encoding="utf-8") as handle:
        return [(r["column"], r["reason"]) for r in csv.DictReader(handle)]


def test_form_adds_intelligence_as_the_users_agency(
    ctx: ServiceContext, world: neo4j.Driver
) -> None:
    options = intake_options(ctx, LEAD)
    assert options.agency == "childrens_social_care"
    assert [o.source_ref for o in options.people] == ["CS-1"]
    result = add_intelligence(ctx, LEAD, form())
    assert result.intel_id.startswith("childrens_social_care/FORM-")
    assert result.pending_refs == ["people: CS-NEW"]
    row = world.execute_query(
        "MATCH (i:Intelligence {intel_id: $id}) RETURN i.agency AS agency, i.grading AS grading, "
        "COUNT { (i)-[:MENTIONS]->(:Person) } AS people",
        id=result.intel_id,
    ).records[0]
    assert (row["agency"], row["grading"], row["people"]) == ("childrens_social_care", "2BP", 2)
    [event] = events(ctx, LEAD, AuditAction.COLLECTION, result.intel_id)
    assert event.records == [result.intel_id]


@pytest.mark.parametrize(
    "bad",
    [
        {"source_evaluation": ""},
        {"handling_code": "C", "handling_conditions": ""},
        {"reported_at": "31/02/2024 10:00"},
        {"summary": "", "category": "rumour"},
        {"phones": "not a phone"},
    ],
)
def test_form_errors_are_the_imports_errors(
    ctx: ServiceContext, tmp_path: Path, bad: dict[str, str]
) -> None:
    values = form(**bad)
    with pytest.raises(FormRejected) as caught:
        add_intelligence(ctx, LEAD, values)
    expected = import_message(tmp_path, values)
    got = [
        (field, message) for field, messages in caught.value.errors.items() for message in messages
    ]
    assert sorted(got) == sorted(expected)


def test_form_lists_every_fields_problem_at_once(ctx: ServiceContext, tmp_path: Path) -> None:
    """The import stops at a bad grading; the form also reports the other fields, with the
    messages the import gives them once the grading is fixed."""
    values = form(source_evaluation="", summary="", phones="not a phone")
    with pytest.raises(FormRejected) as caught:
        add_intelligence(ctx, LEAD, values)
    errors = caught.value.errors
    assert errors["source_evaluation/intelligence_assessment/handling_code"] == [
        "grading needs source_evaluation, intelligence_assessment and handling_code"
    ]
    later = import_message(tmp_path, form(summary="", phones="not a phone"))
    assert sorted(
        (f, m) for f, ms in errors.items() for m in ms if not f.startswith("source")
    ) == sorted(later)
    assert {"summary", "phones"} <= set(errors)


def test_form_takes_3x5x2_only_and_refuses_other_roles(ctx: ServiceContext) -> None:
    with pytest.raises(FormRejected, match="check source_evaluation"):
        add_intelligence(
            ctx, LEAD, form(source_evaluation="B", intelligence_assessment="3", handling_code="2")
        )
    with pytest.raises(AccessDenied):
        add_intelligence(ctx, OPS_POLICE, form())
    with pytest.raises(ValidationFailed, match="no agency"):
        add_intelligence(ctx, a_user("t.noagency", Role.PRACTICE_LEAD), form())


# -- imports -----------------------------------------------------------------------------------

PEOPLE_CSV = (
    b"agency,source_ref,role,first_name,last_name,date_of_birth\n"
    b"third_sector,TS-1,young_person,Erin,Example,2010-01-01\n"
    b'third_sector,TS-2,young_person,=HYPERLINK("http://evil"),Example,not-a-date\n'
)


def test_upload_imports_and_reports_rejects(ctx: ServiceContext, world: neo4j.Driver) -> None:
    seen: list[tuple[str, int, int]] = []
    report = import_partner_files(
        ctx,
        LEAD,
        [UploadedPartnerFile(name="../../etc/people.csv", data=PEOPLE_CSV)],
        agency="Third Sector",
        progress=lambda label, done, total: seen.append((label, done, total)),
    )
    assert report.agency == "third_sector"
    [row] = report.files
    assert (row.file, row.read, row.landed, row.rejected) == ("people.csv", 2, 1, 1)
    assert seen and seen[-1][1] == seen[-1][2]
    assert (
        world.execute_query(
            "MATCH (r:AgencyRecord {agency: 'third_sector'}) RETURN count(r) AS n"
        ).records[0]["n"]
        == 1
    )
    [reject] = report.rejects
    assert reject.column == "date_of_birth" and reject.line == 3
    assert "'=HYPERLINK" not in reject.value  # the bad cell is the date, not the name
    events_ = events(ctx, LEAD, AuditAction.COLLECTION, "third_sector/people.csv")
    assert events_ and "people.csv" in events_[-1].what


def test_rejects_report_neutralises_formulas(ctx: ServiceContext) -> None:
    data = (
        b'agency,source_ref,name,kind,=HYPERLINK("http://evil")\n'
        b"third_sector,L-1,Corner shop,=cmd|' /C calc'!A0,x\n"
    )
    report = import_partner_files(
        ctx, LEAD, [UploadedPartnerFile(name="locations.csv", data=data)], agency="third_sector"
    )
    kinds = [r for r in report.rejects if r.column == "kind"]
    assert [r.value for r in kinds] == ["'=cmd|' /C calc'!A0"]
    cells = [cell for row in csv.reader(report.rejects_csv.splitlines()[1:]) for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_upload_checks_type_size_and_role(ctx: ServiceContext) -> None:
    with pytest.raises(ValidationFailed, match=r"only \.csv and \.jsonl"):
        import_partner_files(
            ctx, LEAD, [UploadedPartnerFile(name="people.xlsx", data=b"x")], agency="police"
        )
    small = ServiceContext(ctx.driver, ctx.settings.model_copy(update={"upload_max_mb": 0}))
    with pytest.raises(ValidationFailed, match="upload limit"):
        import_partner_files(
            small, LEAD, [UploadedPartnerFile(name="people.csv", data=b"x")], agency="police"
        )
    with pytest.raises(ValidationFailed):
        import_partner_files(ctx, LEAD, [], agency="police")
    with pytest.raises(ValidationFailed, match="choose the agency"):
        import_partner_files(
            ctx, LEAD, [UploadedPartnerFile(name="people.csv", data=b"x")], agency=" "
        )
    with pytest.raises(AccessDenied):
        import_partner_files(
            ctx, OPS_POLICE, [UploadedPartnerFile(name="people.csv", data=b"x")], agency="police"
        )
