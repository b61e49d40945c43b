"""Timeline page per role: an operation's cohort, a person (purpose first), a cluster, records."""

from __future__ import annotations

import neo4j
import pytest

from cseboard.access.audit import AuditLog
from cseboard.board.components.cached import CACHE
from cseboard.config import Settings
from cseboard.models.timeline import Timeline
from cseboard.models.users import AuditAction, Role, User
from cseboard.store.analysis_runs import AnalysisRunStore
from cseboard.store.operations import OperationStore
from e2e.shared_town import TownRun, load_town_run
from support.board import page, user

LEAD = user("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
SCHOOL = user("ops.school", Role.OPERATIONAL, agency="education", operations=("OP-FERN",))


@pytest.fixture(scope="module")
def town_run(
    session_driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> TownRun:
    return load_town_run(session_driver, neo4j_settings, tmp_path_factory.mktemp("timeline"))


def timeline_of(at: object, username: str) -> Timeline:
    store = at.session_state[CACHE]  # type: ignore[attr-defined]
    assert User.model_validate_json(store.owner).username == username
    [(_, found)] = list(store.entries["timelines"].values())[-1:]
    assert isinstance(found, Timeline)
    return found


def test_an_operational_user_sees_their_cohort_and_opens_a_record(
    town_run: TownRun, session_driver: neo4j.Driver
) -> None:
    at = page("timeline_page.py", SCHOOL)
    assert not at.exception and not at.error
    timeline = timeline_of(at, "ops.school")
    cohort = OperationStore(session_driver).cohort(["OP-FERN"])
    assert (timeline.subject, timeline.subject_id) == ("operation", "OP-FERN")
    assert {o.person_id for o in timeline.lanes} == cohort
    assert timeline.events and timeline.restricted > 0
    assert at.radio(key="timeline_subject").options == ["An operation's cohort", "A person"]
    event = next(e for e in reversed(timeline.events) if e.record_id and e.kind != "risk")
    at.selectbox(key="timeline_pick_event").select(event.record_id).run()
    next(b for b in at.button if b.label == "Open record").click().run()
    assert not at.exception
    records = next(f.value for f in at.dataframe if "People named" in f.value.columns)
    assert list(records["Record"]) == [event.record_id]
    consulted = AuditLog(session_driver).events(
        username="ops.school", action=AuditAction.CONSULTATION.value
    )
    assert any(e.what.startswith("viewed the timeline of the cohort of") for e in consulted)


def test_a_person_asks_the_purpose_and_a_window_narrows(town_run: TownRun) -> None:
    pid = town_run.xss_person_id
    at = page(
        "timeline_page.py", LEAD, timeline_preset={"subject": "person", "subject_id": pid}
    )
    assert not at.exception
    assert any(b.label == "Show the timeline" for b in at.button)  # the purpose form
    at.selectbox(key="timeline_purpose_choice").select("Triage of new intelligence")
    next(b for b in at.button if b.label == "Show the timeline").click().run()
    assert not at.exception
    year = timeline_of(at, "lead")
    assert year.subject_id == pid and [o.person_id for o in year.lanes] == [pid]
    at.selectbox(key="timeline_window").select(30).run()
    month = timeline_of(at, "lead")
    assert {e.record_id for e in month.events} <= {e.record_id for e in year.events}
    assert all(e.at >= month.window_start or e.until for e in month.events)


def test_the_lead_sees_a_cluster(town_run: TownRun, session_driver: neo4j.Driver) -> None:
    latest = AnalysisRunStore(session_driver).latest()
    assert latest is not None
    top = AnalysisRunStore(session_driver).clusters(latest.run_id)[0]
    at = page("timeline_page.py", LEAD)
    at.radio(key="timeline_subject").set_value("cluster").run()
    at.selectbox(key="timeline_id_cluster").select(top.cluster_id).run()
    assert not at.exception
    timeline = timeline_of(at, "lead")
    assert timeline.subject == "cluster" and timeline.subject_id == top.cluster_id
    assert {o.person_id for o in timeline.lanes} <= set(top.members)


@pytest.mark.parametrize("role", [Role.STRATEGIC, Role.ADMIN])
def test_strategic_and_admin_see_no_timeline(town_run: TownRun, role: Role) -> None:
    at = page("timeline_page.py", user(f"u-{role.value}", role))
    assert not at.exception
    assert at.error
