"""The meeting page per role, on town-scale demo data: cohort numbers, actions, snapshots."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import neo4j
import pytest

from cseboard.config import Settings
from cseboard.models.users import Role
from cseboard.services.context import ServiceContext
from cseboard.services.meeting_actions import create_action
from cseboard.services.meeting_snapshots import take_snapshot
from cseboard.store.operations import OperationStore
from support.board import page, user

PAGE = "meeting_page.py"
POLICE = user("ops.police", Role.OPERATIONAL, agency="police", operations=("OP-FERN",))
OTHER = user("ops.other", Role.OPERATIONAL, agency="health", operations=("OP-OTHER",))
LEAD = user("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
BOARD = user("board", Role.STRATEGIC)


def scalar(driver: neo4j.Driver, cypher: str, **params: object) -> object:
    return driver.execute_query(cypher, params).records[0][0]


@pytest.fixture(scope="module")
def other_operation(town: Path, driver: neo4j.Driver) -> str:
    """A second operation whose one member is outside the demo cohort."""
    person = scalar(
        driver,
        "MATCH (p:YoungPerson) WHERE NOT (p)-[:IN_COHORT]->() RETURN p.person_id ORDER BY p.person_id LIMIT 1",
    )
    operations = OperationStore(driver)
    operations.upsert("OP-OTHER", "Operation Other", by="test")
    operations.nominate("OP-OTHER", str(person), by="test", rationale="test")
    return "OP-OTHER"


def test_operational_user_sees_their_cohort(town: Path, driver: neo4j.Driver) -> None:
    at = page(PAGE, POLICE)
    assert not at.exception
    assert at.selectbox(key="meeting_operation").value == "OP-FERN"
    metrics = {m.label: m.value for m in at.metric}
    cohort = scalar(
        driver, "MATCH (:Operation {operation_id: 'OP-FERN'})<-[:IN_COHORT]-(p) RETURN count(p)"
    )
    assert metrics["Cohort"] == str(cohort)
    high = scalar(
        driver,
        "MATCH (:Operation {operation_id: 'OP-FERN'})<-[:IN_COHORT]-(p) WHERE p.risk_level = 'high' RETURN count(p)",
    )
    assert metrics["Red (high)"] == str(high)
    names = scalar(
        driver,
        "MATCH (:Operation {operation_id: 'OP-FERN'})<-[:IN_COHORT]-(p) RETURN collect(p.display_name)",
    )
    table = at.dataframe[0].value
    assert sorted(table["Name"]) == sorted(names)  # type: ignore[arg-type]
    assert all(rag.split(" - ")[0] in {"RED", "AMBER", "GREEN", "GREY"} for rag in table["RAG"])
    consulted = scalar(
        driver,
        "MATCH (e:AuditEvent {username: 'ops.police', action: 'consultation'}) RETURN count(e)",
    )
    assert consulted >= 1  # type: ignore[operator]


def test_operational_user_only_gets_their_own_operation(town: Path, other_operation: str) -> None:
    at = page(PAGE, OTHER)
    assert not at.exception
    box = at.selectbox(key="meeting_operation")
    assert box.value == other_operation and len(box.options) == 1
    assert {m.label: m.value for m in at.metric}["Cohort"] == "1"


def test_user_without_an_operation_is_told_so(town: Path) -> None:
    at = page(PAGE, user("ops.none", Role.OPERATIONAL, agency="police", operations=("OP-NONE",)))
    assert not at.exception
    assert at.info and "not bound to an operation" in at.info[0].value
    assert not at.metric


def test_strategic_user_is_refused(town: Path) -> None:
    at = page(PAGE, BOARD)
    assert not at.exception
    assert at.error and "may not run meeting" in at.error[0].value
    assert not at.dataframe and not at.metric


def test_practice_lead_opens_any_operation(town: Path, other_operation: str) -> None:
    at = page(PAGE, LEAD)
    assert not at.exception
    box = at.selectbox(key="meeting_operation")
    assert any("(OP-FERN)" in o for o in box.options)
    assert any(f"({other_operation})" in o for o in box.options)
    at = box.set_value(other_operation).run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Cohort"] == "1"


def test_actions_persist_and_overdue_is_highlighted(
    town: Path, driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    at = page(PAGE, POLICE)
    at.text_area(key="new_action_text").input("Speak to the takeaway manager about CCTV")
    at = at.button(key="new_action_add").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Action added."]
    stored = driver.execute_query(
        "MATCH (a:Action)-[:FOR_OPERATION]->(:Operation {operation_id: 'OP-FERN'}) "
        "WHERE a.text STARTS WITH 'Speak to the takeaway' RETURN a.owner_agency, a.status, a.created_by"
    ).records
    assert [tuple(r) for r in stored] == [("police", "open", "ops.police")]
    assert {m.label: m.value for m in at.metric}["Open actions"] == "1"

    past = datetime.now(UTC) - timedelta(days=20)
    late = create_action(
        ServiceContext(driver, neo4j_settings),
        POLICE,
        "OP-FERN",
        text="Chase the strategy minutes",
        owner_agency="police",
        due_date=(past + timedelta(days=1)).date(),
        now=past,
    )
    at = page(PAGE, POLICE)
    assert not at.exception
    assert any("1 action(s) overdue" in e.value for e in at.error)
    statuses = [
        s for frame in at.dataframe if "Status" in frame.value for s in frame.value["Status"]
    ]
    assert "OVERDUE" in statuses
    assert {m.label: m.value for m in at.metric}["Overdue actions"] == "1"

    at.selectbox(key="edit_action_choice").set_value(late.action_id)
    at = at.run()
    at = at.button(key="edit_action_done").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Action completed."]
    status = scalar(driver, "MATCH (a:Action {action_id: $id}) RETURN a.status", id=late.action_id)
    assert status == "done"
    assert {m.label: m.value for m in at.metric}["Overdue actions"] == "0"


def test_new_action_form_validates(town: Path) -> None:
    at = page(PAGE, POLICE)
    at.text_area(key="new_action_text").input("   ")
    at = at.button(key="new_action_add").click().run()
    assert not at.exception
    assert any("say what is to be done" in e.value for e in at.error)
    at.text_area(key="new_action_text").input("Too late")
    at.date_input(key="new_action_due").set_value(date.today() - timedelta(days=2))
    at = at.button(key="new_action_add").click().run()
    assert any("cannot be due in the past" in e.value for e in at.error)


def test_snapshot_is_taken_and_listed(town: Path, driver: neo4j.Driver) -> None:
    at = page(PAGE, POLICE)
    assert "take_snapshot" not in [b.key for b in at.button]  # read only when the tab is open
    at = page(PAGE, POLICE, meeting_tabs="Snapshot")
    at = at.button(key="take_snapshot").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Meeting snapshot taken."]
    meetings = scalar(driver, "MATCH (m:Meeting {operation_id: 'OP-FERN'}) RETURN count(m)")
    assert meetings == 1
    cohort_then = next(m.value for m in at.metric if m.label == "Cohort then")
    assert cohort_then == next(m.value for m in at.metric if m.label == "Cohort")
    assert "last meeting snapshot" in at.caption[0].value


def test_network_tab_shows_today_beside_a_past_meeting(
    town: Path, driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    take_snapshot(ServiceContext(driver, neo4j_settings), POLICE, "OP-FERN")
    at = page(PAGE, POLICE, meeting_tabs="Network")
    assert not at.exception
    box = next(s for s in at.selectbox if s.label.startswith("Show beside today's network"))
    assert box.options[0] == "(today only)" and len(box.options) >= 2
    at = box.select_index(1).run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "new since that meeting" in captions
    people = scalar(
        driver,
        "MATCH (:Operation {operation_id: 'OP-FERN'})<-[:IN_COHORT]-(p) RETURN count(p)",
    )
    assert f"{people} people" in captions
