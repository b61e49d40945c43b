"""The action plan page per role: the lead maintains, the board decides, others are refused."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
import streamlit as st

from cseboard.config import Settings
from cseboard.models.users import Role
from cseboard.services.context import ServiceContext
from cseboard.services.plan import plan_view
from cseboard.services.plan_import import import_plan
from integration.test_plan import CAWN, PLAN_V1, RHI
from support.board import page, point_board_at, user

PAGE = "plan_page.py"
LEAD = user("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
BOARD = user("board", Role.STRATEGIC)
POLICE = user("ops.police", Role.OPERATIONAL, agency="police", operations=("OP-A",))


@pytest.fixture(scope="module")
def plan(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServiceContext]:
    path = tmp_path_factory.mktemp("plan") / "plan.csv"
    path.write_text(PLAN_V1, encoding="utf-8")
    ctx = ServiceContext(driver, neo4j_settings)
    import_plan(ctx, LEAD, path)
    point_board_at(neo4j_settings)
    st.cache_resource.clear()
    yield ctx
    st.cache_resource.clear()


def texts(at: object) -> str:
    return "\n".join(t.value for t in at.text)  # type: ignore[attr-defined]


def test_strategic_member_reads_the_plan_and_records_a_decision(plan: ServiceContext) -> None:
    at = page(PAGE, BOARD)
    assert not at.exception and not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["On track"] == "1" and metrics["Overdue"] == "1"
    assert metrics["Return home interviews offered within 72 hours"] == "0"
    assert "Offer every return home interview within 72 hours" in texts(at)
    assert not at.get("file_uploader"), "only the practice lead imports"
    assert [b for b in at.button if b.key == f"plan_save_{RHI}"] == []
    at.text_area(key=f"plan_dec_{CAWN}").input("Escalate to the chair")
    at.button(key=f"plan_decide_{CAWN}").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["The board's decision is recorded."]
    assert "Escalate to the chair" in texts(at)
    cawn = next(a for a in plan_view(plan, BOARD).actions if a.action_id == CAWN)
    assert cawn.last_decision is not None and cawn.last_decision.by == "board"


def test_practice_lead_records_progress(plan: ServiceContext) -> None:
    at = page(PAGE, LEAD)
    assert not at.exception and not at.error
    assert at.get("file_uploader")
    assert [b for b in at.button if b.key == f"plan_decide_{RHI}"] == []
    at.selectbox(key=f"plan_status_{RHI}").select("complete")
    at.text_input(key=f"plan_note_{RHI}").input("Every offer now within 72 hours")
    at.button(key=f"plan_save_{RHI}").click().run()
    assert [s.value for s in at.success] == ["Progress recorded."]
    assert {m.label: m.value for m in at.metric}["Complete"] == "1"


def test_only_overdue(plan: ServiceContext) -> None:
    at = page(PAGE, BOARD)
    at.toggle(key="plan_overdue").set_value(True).run()
    assert not at.exception
    assert [s.value for s in at.subheader] == []  # the overdue action was completed above
    assert at.info[0].value == "No actions to show."


def test_operational_user_is_refused(plan: ServiceContext) -> None:
    at = page(PAGE, POLICE)
    assert not at.exception
    assert "may not view plan" in at.error[0].value
