"""The timeline against the real Neo4j: a hand-made police and school world, each role.

Amy (cohort of OP-TL) is named in a police sighting (1B), a school report (2C) and a police
report restricted to the police; she went missing twice from her placement (once returned
after 20 hours, once not yet returned) and was away without authorisation once with Beth; the
practice lead set her risk level to medium. Dan (an adult, not in the cohort) is only in the
sighting.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta

import neo4j
import pytest

from cseboard.access.accounts import add_user
from cseboard.config import Settings
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.ingest.importer import Importer
from cseboard.models.ids import person_id_for
from cseboard.models.users import AuditAction, Role, User
from cseboard.reports.documents import (
    Cell,
    Document,
    Heading,
    Image,
    Table,
    render_docx,
    render_pdf,
)
from cseboard.reports.meeting_pack import meeting_pack_document
from cseboard.reports.timeline_chart import SELECTION, timeline_chart, timeline_png
from cseboard.services.context import ServiceContext
from cseboard.services.leads import set_lead_practitioner, set_lead_professional
from cseboard.services.meeting_pack import build_meeting_pack, export_meeting_pack
from cseboard.services.risk import set_risk_level
from cseboard.services.timeline import cluster_timeline, operation_timeline, person_timeline
from cseboard.store.operations import OperationStore
from support.partner_files import write_csv

NOW = datetime.now(UTC).replace(microsecond=0)
AMY = person_id_for("police", "PN-1")
BETH = person_id_for("police", "PN-2")
DAN = person_id_for("police", "PN-3")
SCHOOL_AMY = person_id_for("education", "ED-1")
CONTACT = "DS Example on the CSE desk (0100 000 000)"


def at(days: float) -> str:
    return (NOW - timedelta(days=days)).isoformat()


def _report(agency: str, ref: str, days: float, people: str, grading: str, **kw: str) -> dict[str, str]:
    row = {
        "agency": agency,
        "source_ref": ref,
        "reported_at": at(days),
        "category": "association",
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


def _episode(ref: str, person: str, missing: float, returned: float | None, **kw: str) -> dict[str, str]:
    row = {
        "agency": "police",
        "source_ref": ref,
        "person_ref": person,
        "missing_from": "care_placement",
        "reported_missing_at": at(missing),
        "returned_at": at(returned) if returned is not None else "",
        "found_location_ref": "",
        "missing_with": "",
        "police_risk_level": "medium",
        "rhi_offered_at": "",
        "rhi_completed_at": "",
        "rhi_declined": "",
    }
    row.update(kw)
    return row


@pytest.fixture(scope="module")
def world(driver: neo4j.Driver, tmp_path_factory: pytest.TempPathFactory) -> neo4j.Driver:
    root = tmp_path_factory.mktemp("timeline")
    people = [
        ("PN-1", "Amy", "young_person"),
        ("PN-2", "Beth", "young_person"),
        ("PN-3", "Dan", "associate"),
    ]
    write_csv(
        root / "police" / "people.csv",
        [
            {
                "agency": "police",
                "source_ref": ref,
                "role": role,
                "first_name": name,
                "last_name": "Example",
                "date_of_birth": "2010-04-05" if role == "young_person" else "1988-02-03",
                "gender": "F",
            }
            for ref, name, role in people
        ],
    )
    write_csv(
        root / "police" / "intelligence.csv",
        [
            _report("police", "I-1", 40, "PN-1;PN-3", "1B", category="sighting"),
            _report(
                "police",
                "I-2",
                30,
                "PN-1",
                "1A",
                handling_code="C",
                handling_conditions="share_with: police",
            ),
            _report("police", "I-OLD", 500, "PN-1", "1A"),
        ],
    )
    write_csv(
        root / "police" / "missing_episodes.csv",
        [
            _episode("M-1", "PN-1", 20, 20 - 20 / 24),
            _episode("M-2", "PN-1", 2, None),
            _episode("M-3", "PN-2", 10, 9, absence_type="away_without_authorisation", missing_with="PN-1"),
        ],
    )
    write_csv(
        root / "education" / "people.csv",
        [
            {
                "agency": "education",
                "source_ref": "ED-1",
                "role": "young_person",
                "first_name": "Amy",
                "last_name": "Example",
                "date_of_birth": "2010-04-05",
                "gender": "F",
            }
        ],
    )
    write_csv(
        root / "education" / "intelligence.csv",
        [_report("education", "S-1", 25, "ED-1", "2C", category="online_contact")],
    )
    for agency in ("police", "education"):
        Importer(driver, agency=agency).run(sorted((root / agency).iterdir()))
    ops = OperationStore(driver)
    ops.upsert("OP-TL", "Operation Timeline", by="test")
    for person in (AMY, BETH):
        ops.nominate("OP-TL", person, by="test", rationale="test cohort")
    return driver


@pytest.fixture(scope="module")
def ctx(world: neo4j.Driver, neo4j_settings: Settings) -> ServiceContext:
    settings = neo4j_settings.model_copy(update={"agency_contacts": {"police": CONTACT}})
    return ServiceContext(world, settings)


def _user(name: str, role: Role, agency: str | None = None, ops: tuple[str, ...] = ()) -> User:
    return User(
        username=name,
        display_name=name,
        roles=frozenset({role}),
        agency=agency,
        operations=frozenset(ops),
    )


LEAD = _user("t.lead", Role.PRACTICE_LEAD, "childrens_social_care")
SCHOOL = _user("t.school", Role.OPERATIONAL, "education", ("OP-TL",))
OTHER_GROUP = _user("t.other", Role.OPERATIONAL, "education", ("OP-ELSEWHERE",))
BOARD = _user("t.board", Role.STRATEGIC)


def test_a_persons_timeline_has_every_event_with_agency_grading_and_bars(
    ctx: ServiceContext,
) -> None:
    set_risk_level(ctx, LEAD, AMY, level="medium", rationale="Seen with an adult of concern twice")
    timeline = person_timeline(ctx, LEAD, AMY, purpose="Reviewing Amy's risk")
    assert [o.person_id for o in timeline.lanes] == [AMY]
    events = {e.record_id: e for e in timeline.events if e.kind != "risk"}
    assert set(events) == {"police/I-1", "police/I-2", "police/M-1", "police/M-2", "police/M-3"}
    sighting = events["police/I-1"]
    assert (sighting.kind, sighting.agency, sighting.grading) == ("sighting", "police", "1BP")
    assert sighting.at == NOW - timedelta(days=40)
    returned = events["police/M-1"]
    assert returned.kind == "missing" and not returned.still_missing
    assert returned.until is not None
    assert returned.until - returned.at == timedelta(hours=20)
    assert returned.text == "Missing from care placement"
    still = events["police/M-2"]
    assert still.still_missing and still.until == timeline.window_end  # drawn to the end
    away = events["police/M-3"]
    assert away.kind == "away" and away.with_other  # Beth's absence, Amy recorded with her
    [risk] = [e for e in timeline.events if e.kind == "risk"]
    assert risk.text == "Risk level set: medium (suspected)"
    assert risk.record_id and risk.at >= NOW - timedelta(minutes=5)
    # The practice lead reads the police-only report; the old report is outside the window.
    assert events["police/I-2"].kind == "report" and events["police/I-2"].grading == "1AC"
    assert "police/I-OLD" not in events
    assert [e.at for e in timeline.events] == sorted(e.at for e in timeline.events)
    [event] = ctx.audit.events(username=LEAD.username, action="consultation", record=AMY)[-1:]
    assert event.what.startswith("viewed the timeline of Amy Example")
    assert event.justification == "Reviewing Amy's risk"


def test_a_window_narrows_the_timeline(ctx: ServiceContext) -> None:
    timeline = person_timeline(ctx, LEAD, AMY, purpose="x", window_days=15, now=NOW)
    assert {e.record_id for e in timeline.events if e.kind != "risk"} == {"police/M-2", "police/M-3"}


def test_an_operational_user_sees_restricted_reports_only_as_such(ctx: ServiceContext) -> None:
    timeline = operation_timeline(ctx, SCHOOL, "OP-TL", now=NOW)
    assert [o.person_id for o in timeline.lanes] == [AMY, BETH]
    [hidden] = [e for e in timeline.events if e.kind == "restricted"]
    assert hidden.record_id is None and hidden.grading is None and hidden.category is None
    assert hidden.agency == "police" and hidden.notice and CONTACT in hidden.notice
    assert timeline.restricted == 1
    assert any("restricted" in n for n in timeline.notes)
    assert "police/I-2" not in timeline.model_dump_json()
    # Beth's lane has her absence; the school's own report about its Amy record is not Amy's
    # (the two records are not merged): the police Amy's lane never shows it.
    assert {e.record_id for e in timeline.events if e.person_id == BETH} == {"police/M-3"}
    assert "education/S-1" not in {e.record_id for e in timeline.events}
    event = ctx.audit.events(username=SCHOOL.username, action="consultation")[-1]
    assert set(event.records) == {AMY, BETH}


def test_access_is_checked_and_refusals_audited(ctx: ServiceContext) -> None:
    with pytest.raises(AccessDenied):
        operation_timeline(ctx, OTHER_GROUP, "OP-TL", now=NOW)
    assert ctx.audit.events(username=OTHER_GROUP.username, action="refusal", record="OP-TL")
    with pytest.raises(AccessDenied):
        person_timeline(ctx, SCHOOL, SCHOOL_AMY, purpose="x", now=NOW)  # linked to nobody
    with pytest.raises(ValidationFailed):
        person_timeline(ctx, LEAD, AMY, purpose=None, now=NOW)
    with pytest.raises(AccessDenied):
        cluster_timeline(ctx, SCHOOL, "C-0001", now=NOW)
    for call in (
        lambda: person_timeline(ctx, BOARD, AMY, purpose="x", now=NOW),
        lambda: operation_timeline(ctx, BOARD, "OP-TL", now=NOW),
    ):
        with pytest.raises(AccessDenied):
            call()
    with pytest.raises(ValidationFailed):
        person_timeline(ctx, LEAD, AMY, purpose="x", window_days=0, now=NOW)


def test_the_chart_selects_events_by_record_and_draws_a_picture(ctx: ServiceContext) -> None:
    timeline = person_timeline(ctx, LEAD, AMY, purpose="x", now=NOW)
    spec = timeline_chart(timeline).to_dict()
    [param] = spec["params"]  # altair lifts the layers' selection to the top, per view
    assert param["name"] == SELECTION and param["select"]["fields"] == ["record_id"]
    assert len(param["views"]) == 1  # every event's mark (an absence: the start of its bar)
    png = timeline_png(timeline)
    assert png.startswith(b"\x89PNG")
    doc = Document(title="t", marking="OFFICIAL-SENSITIVE", blocks=(Image(png, caption="c"),))
    with zipfile.ZipFile(io.BytesIO(render_docx(doc))) as docx:
        assert any(n.startswith("word/media/") for n in docx.namelist())
    assert b"/Subtype /Image" in render_pdf(doc)


def test_the_meeting_pack_carries_the_cohort_timeline_for_its_audience(
    ctx: ServiceContext,
) -> None:
    pack = build_meeting_pack(ctx, LEAD, "OP-TL", recipients=["police", "education"], now=NOW)
    assert pack.timeline is not None
    assert [o.person_id for o in pack.timeline.lanes] == [AMY, BETH]
    # The lead may read the police-only report, but the education recipient may not.
    month_ago = [e for e in pack.timeline.events if e.at == NOW - timedelta(days=30)]
    assert [(e.kind, e.agency, e.record_id) for e in month_ago] == [("restricted", "police", None)]
    police_only = build_meeting_pack(ctx, LEAD, "OP-TL", recipients=["police"], now=NOW)
    assert police_only.timeline is not None
    assert "police/I-2" in {e.record_id for e in police_only.timeline.events}
    for fmt in ("docx", "pdf"):
        export = export_meeting_pack(ctx, LEAD, "OP-TL", fmt=fmt, recipients=["police"], now=NOW)
        if fmt == "docx":
            with zipfile.ZipFile(io.BytesIO(export.content)) as docx:
                assert any(n.startswith("word/media/") for n in docx.namelist())
                assert "Timeline of the cohort" in docx.read("word/document.xml").decode()
        else:
            assert b"/Subtype /Image" in export.content
    assert ctx.audit.events(username=LEAD.username, action=AuditAction.DISCLOSURE.value)


def test_the_meeting_pack_carries_the_leads_and_the_timeline_together(ctx: ServiceContext) -> None:
    """Issue 13's lead practitioner and lead professionals and issue 15's timeline picture are
    both in one pack: the leads in its subtitle and cohort table, the timeline as an image."""
    add_user(
        ctx.driver,
        audit=ctx.audit,
        username="t.lp",
        password="a long enough password 1",  # noqa: S106 (a test account)
        roles=[Role.OPERATIONAL],
        agency="police",
        operations=["OP-TL"],
        added_by="test",
    )
    set_lead_practitioner(ctx, LEAD, "OP-TL", "t.lp", now=NOW)
    set_lead_professional(
        ctx, LEAD, "OP-TL", AMY, name="Jo Patel", agency="childrens_social_care",
        contact="jo.patel@example.org", now=NOW,
    )
    pack = build_meeting_pack(ctx, LEAD, "OP-TL", recipients=["police"], now=NOW)
    assert pack.board.lead_practitioner is not None
    assert pack.board.lead_practitioner.username == "t.lp"
    assert pack.timeline is not None and pack.timeline.events
    document = meeting_pack_document(pack)
    assert "Lead practitioner: t.lp (since" in " ".join(document.subtitle)
    cohort = next(
        b for b in document.blocks if isinstance(b, Table) and "Lead professional" in b.columns
    )
    column = cohort.columns.index("Lead professional")
    cells = {row[0]: row[column] for row in cohort.rows}
    assert cells["Amy Example"] == "Jo Patel (childrens social care), jo.patel@example.org"
    assert isinstance(cells["Beth Example"], Cell) and cells["Beth Example"].text == "NONE NAMED"
    [picture] = [b for b in document.blocks if isinstance(b, Image)]
    assert picture.png.startswith(b"\x89PNG") and "one lane each" in picture.caption
    assert any(isinstance(b, Heading) and b.text == "Timeline of the cohort" for b in document.blocks)
    export = export_meeting_pack(ctx, LEAD, "OP-TL", fmt="docx", recipients=["police"], now=NOW)
    with zipfile.ZipFile(io.BytesIO(export.content)) as docx:
        body = docx.read("word/document.xml").decode()
        assert any(n.startswith("word/media/") for n in docx.namelist())
    assert "Jo Patel" in body and "Lead practitioner: t.lp" in body
