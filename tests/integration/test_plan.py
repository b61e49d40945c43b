"""The CSE strategy's action plan: import by hand-written spreadsheet, history, access, report."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import neo4j
import pytest
from openpyxl import Workbook
from pypdf import PdfReader

from cseboard.config import Settings
from cseboard.errors import AccessDenied, ImportFileError, ValidationFailed
from cseboard.models.users import Role, User
from cseboard.services.context import ServiceContext
from cseboard.services.oversight_figures import oversight_report
from cseboard.services.plan import (
    action_id_for,
    plan_view,
    record_decision,
    set_action_figures,
    update_plan_action,
)
from cseboard.services.plan_figures import FIGURES, figure_values
from cseboard.services.plan_import import import_plan
from cseboard.services.strategic_report import strategic_report_pdf


def account(name: str, *roles: Role, agency: str | None = None, ops: tuple[str, ...] = ()) -> User:
    return User(
        username=name,
        display_name=name,
        roles=frozenset(roles),
        agency=agency,
        operations=frozenset(ops),
    )


LEAD = account("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
BOARD = account("board", Role.STRATEGIC)
OPS = account("ops.police", Role.OPERATIONAL, agency="police", ops=("OP-A",))
ADMIN = account("admin", Role.ADMIN)

# As a partnership's Excel "Save as CSV UTF-8" writes it: BOM, CRLF, a spare column, UK dates.
PLAN_V1 = (
    "\ufeffObjective,Action,Owner_Agency,Owner_Role,Due_Date,Status,Update,Figures,RAG colour\r\n"
    "Reduce repeat missing,Offer every return home interview within 72 hours,"
    "Children's Social Care,Head of Service,30/06/2020,On track,Rota agreed with the "
    "commissioned service,rhi_offered_within_72h;no_such_figure,green\r\n"
    "Reduce repeat missing,Joint review of the 20 most-missing children,Police,"
    "Missing persons coordinator,2099-09-30,Not started,,top20_share,grey\r\n"
    "Disrupt exploitation,Serve CAWNs where the threshold is met,Police,"
    "Detective Inspector,31/12/2099,At risk,Two notices drafted,cawns,amber\r\n"
    "Disrupt exploitation,Train hotel staff,Community Safety,Partnership officer,"
    "31/02/2099,Amber,,,\r\n"
)
# The same sheet a month later: one status changed (with a new note), the bad row fixed.
PLAN_V2 = PLAN_V1.replace(
    "Detective Inspector,31/12/2099,At risk,Two notices drafted",
    "Detective Inspector,31/12/2099,Off track,Court date moved to January",
).replace("31/02/2099,Amber", "28/02/2099,Not started")

RHI = action_id_for("Reduce repeat missing", "Offer every return home interview within 72 hours")
TOP20 = action_id_for("Reduce repeat missing", "Joint review of the 20 most-missing children")
CAWN = action_id_for("Disrupt exploitation", "Serve CAWNs where the threshold is met")
HOTEL = action_id_for("Disrupt exploitation", "Train hotel staff")


@pytest.fixture(scope="module")
def ctx(driver: neo4j.Driver, neo4j_settings: Settings) -> ServiceContext:
    return ServiceContext(driver, neo4j_settings)


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_bytes(text.encode("utf-8"))
    return path


def audit(driver: neo4j.Driver, username: str, action: str) -> list[str]:
    rows = driver.execute_query(
        "MATCH (e:AuditEvent {username: $u, action: $a}) RETURN e.what AS what ORDER BY e.seq",
        u=username,
        a=action,
    ).records
    return [r["what"] for r in rows]


def test_import_reports_the_bad_row_and_lands_the_others(
    ctx: ServiceContext, driver: neo4j.Driver, tmp_path: Path
) -> None:
    path = write(tmp_path, "cse-plan.csv", PLAN_V1)
    result = import_plan(ctx, LEAD, path)
    assert sorted(result.created) == sorted([RHI, TOP20, CAWN])
    assert result.rejected == 1 and result.read == 4
    problems = {(p[0], p[1], p[4]) for p in result.problems}
    assert (5, "due_date", "rejected") in problems  # 31 February
    assert (5, "status", "rejected") in problems  # "Amber" is not a plan status
    assert (2, "figures", "landed_without_value") in problems  # no_such_figure
    assert (1, "rag colour", "ignored_column") in problems
    report = Path(str(result.report)).read_text(encoding="utf-8").splitlines()
    assert report[0] == "file,line,column,value,reason,outcome"
    assert any(line.startswith("cse-plan.csv,5,due_date,31/02/2099,") for line in report)

    view = plan_view(ctx, LEAD, now=datetime(2026, 5, 1, tzinfo=UTC))
    actions = {a.action_id: a for a in view.actions}
    rhi = actions[RHI]
    assert rhi.owner_agency == "childrens_social_care" and rhi.owner_role == "Head of Service"
    assert rhi.due_date == date(2020, 6, 30) and rhi.status == "on_track" and rhi.overdue
    assert rhi.figures == ["rhi_offered_within_72h"]
    assert rhi.updates[0].kind == "created"
    assert rhi.updates[0].note == "Rota agreed with the commissioned service"
    assert view.by_status == {
        "not_started": 1,
        "on_track": 1,
        "at_risk": 1,
        "off_track": 0,
        "complete": 0,
    }
    assert view.overdue == 1
    assert [o.title for o in view.objectives] == ["Disrupt exploitation", "Reduce repeat missing"]
    assert audit(driver, "lead", "alteration")[-1] == (
        "action plan imported from cse-plan.csv: 3 created, 0 updated, 0 unchanged, "
        "1 row(s) rejected"
    )


def test_reimport_updates_a_status_and_keeps_the_history(
    ctx: ServiceContext, tmp_path: Path
) -> None:
    same = import_plan(ctx, LEAD, write(tmp_path, "cse-plan.csv", PLAN_V1))
    assert same.created == [] and same.updated == [] and len(same.unchanged) == 3

    later = import_plan(ctx, LEAD, write(tmp_path, "cse-plan.csv", PLAN_V2))
    assert later.created == [HOTEL] and later.updated == [CAWN] and later.rejected == 0
    cawn = next(a for a in plan_view(ctx, LEAD).actions if a.action_id == CAWN)
    assert cawn.status == "off_track"
    assert [(u.kind, u.previous_status, u.status) for u in cawn.updates] == [
        ("progress", "at_risk", "off_track"),
        ("created", None, "at_risk"),
    ]
    assert cawn.updates[0].note == "Court date moved to January"
    assert cawn.updates[0].source == "import:cse-plan.csv"


def test_xlsx_rows_are_numbered_as_in_the_sheet(ctx: ServiceContext, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["objective", "action", "owner_agency", "owner_role", "due_date", "status", "update"])
    sheet.append(["Listen to children", "Publish the voice report", "health", "Designated nurse",
                  datetime(2099, 3, 31), "Complete", "Published"])
    sheet.append([None] * 7)
    sheet.append(["Listen to children", "", "health", "Designated nurse", datetime(2099, 3, 31),
                  "on track", None])
    path = tmp_path / "plan.xlsx"
    book.save(path)
    result = import_plan(ctx, LEAD, path)
    voice = action_id_for("Listen to children", "Publish the voice report")
    assert result.created == [voice]
    assert [(p[0], p[1]) for p in result.problems] == [(4, "action")]
    action = next(a for a in plan_view(ctx, LEAD).actions if a.action_id == voice)
    assert action.due_date == date(2099, 3, 31) and action.status == "complete"


def test_a_file_without_the_columns_is_refused_whole(ctx: ServiceContext, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="no column owner_role"):
        import_plan(ctx, LEAD, write(tmp_path, "x.csv", "objective,action,owner_agency\r\na,b,c\r\n"))
    with pytest.raises(ImportFileError, match=r"only \.csv and \.xlsx"):
        import_plan(ctx, LEAD, write(tmp_path, "x.txt", "objective"))


def test_progress_and_the_boards_decision_are_dated_and_audited(
    ctx: ServiceContext, driver: neo4j.Driver
) -> None:
    before = datetime.now(UTC)
    action = update_plan_action(ctx, LEAD, TOP20, status="on_track", note="First review held")
    assert (action.status, action.updates[0].note) == ("on_track", "First review held")
    assert before <= action.updates[0].at <= datetime.now(UTC)
    assert action.updates[0].by == "lead" and action.updates[0].previous_status == "not_started"
    decided = record_decision(ctx, BOARD, TOP20, decision="Agreed; report back in July")
    assert decided.last_decision is not None
    assert decided.last_decision.note == "Agreed; report back in July"
    assert decided.status == "on_track"
    assert audit(driver, "board", "alteration") == [
        f"action plan: the board's decision recorded on {TOP20}"
    ]
    with pytest.raises(ValidationFailed, match="note"):
        update_plan_action(ctx, LEAD, TOP20, status="on_track", note="  ")
    with pytest.raises(ValidationFailed, match="status"):
        update_plan_action(ctx, LEAD, TOP20, status="amber", note="x")
    with pytest.raises(ValidationFailed, match="no figure"):
        set_action_figures(ctx, LEAD, TOP20, ["made_up"])
    linked = set_action_figures(ctx, LEAD, TOP20, ["top20_share", "missing_episodes"])
    assert linked.figures == ["missing_episodes", "top20_share"]


@pytest.mark.parametrize(
    ("who", "act"),
    [
        (BOARD, lambda c: update_plan_action(c, BOARD, RHI, status="complete", note="done")),
        (BOARD, lambda c: set_action_figures(c, BOARD, RHI, ["cawns"])),
        (BOARD, lambda c: import_plan(c, BOARD, Path("/nonexistent.csv"))),
        (LEAD, lambda c: record_decision(c, LEAD, RHI, decision="the lead is not the board")),
        (OPS, lambda c: plan_view(c, OPS)),
        (OPS, lambda c: update_plan_action(c, OPS, RHI, status="complete", note="x")),
        (ADMIN, lambda c: plan_view(c, ADMIN)),
        (ADMIN, lambda c: record_decision(c, ADMIN, RHI, decision="x")),
    ],
)
def test_attackers_are_refused(ctx: ServiceContext, who: User, act: object) -> None:
    before = next(a for a in plan_view(ctx, LEAD).actions if a.action_id == RHI)
    with pytest.raises(AccessDenied):
        act(ctx)  # type: ignore[operator]
    after = next(a for a in plan_view(ctx, LEAD).actions if a.action_id == RHI)
    assert after == before


def test_every_figure_key_resolves_on_the_oversight_report(ctx: ServiceContext) -> None:
    report = oversight_report(ctx, BOARD)
    values = figure_values(report, FIGURES)
    assert set(values) == set(FIGURES)
    unavailable = [k for k, v in values.items() if not v.available]
    assert unavailable == []
    # No missing episode is loaded: zero is shown as it is, never suppressed.
    assert values["missing_episodes"].text == "0"
    assert values["missing_episodes"].recent[-1] == (report.months[-1], "0")


def test_strategic_board_sees_linked_figures_suppressed(ctx: ServiceContext) -> None:
    view = plan_view(ctx, BOARD, with_figures=True)
    assert set(view.figures) == {"cawns", "missing_episodes", "rhi_offered_within_72h", "top20_share"}
    assert view.figures["rhi_offered_within_72h"].text == "0"


def test_the_strategic_pdf_carries_the_plan_and_what_changed(ctx: ServiceContext) -> None:
    pdf = strategic_report_pdf(ctx, BOARD, recipients=["Strategic board"])
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "The CSE strategy's action plan" in text
    assert "Overdue actions" in text and "Offer every return home interview" in text
    assert "this is the first report that carries it" in text
    assert "At risk to Off track: Court date moved to January" in text
    again = strategic_report_pdf(ctx, BOARD, recipients=["Strategic board"])
    second = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(again)).pages)
    assert "Nothing has changed since the last report." in second
    update_plan_action(ctx, LEAD, CAWN, status="at_risk", note="New court date set")
    third = strategic_report_pdf(ctx, BOARD, recipients=["Strategic board"])
    changed = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(third)).pages)
    assert "Off track to At risk: New court date set" in changed
    assert "Court date moved to January" not in changed.split("What changed")[1].split("Not started")[0]
