"""Alerts page: counts match the store, evidence with names, review needs a note and persists."""

from __future__ import annotations

import neo4j
import pytest

from cseboard.access.audit import AuditLog
from cseboard.config import Settings
from cseboard.models.network import ALERT_KIND_LABELS
from cseboard.models.users import AuditAction, Role
from cseboard.store.analysis_runs import AnalysisRunStore
from e2e.shared_town import TownRun, load_town_run
from support.board import page, user

LEAD = user("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
SCHOOL = user("ops.school", Role.OPERATIONAL, agency="education", operations=("OP-FERN",))


@pytest.fixture(scope="module")
def town_run(
    session_driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> TownRun:
    return load_town_run(session_driver, neo4j_settings, tmp_path_factory.mktemp("alerts"))


def open_in_latest(driver: neo4j.Driver) -> int:
    latest = AnalysisRunStore(driver).latest()
    assert latest is not None
    return int(
        driver.execute_query(
            "MATCH (al:Alert {status: 'open'})-[:RAISED_IN]->(:AnalysisRun {run_id: $r}) "
            "RETURN count(al) AS n",
            r=latest.run_id,
        ).records[0]["n"]
    )


def test_lead_sees_open_alerts_with_evidence_and_names(
    town_run: TownRun, session_driver: neo4j.Driver
) -> None:
    at = page("alerts_page.py", LEAD)
    assert not at.exception
    assert not at.error
    assert any("never changes a risk level" in i.value for i in at.info)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Alerts matching"] == str(open_in_latest(session_driver))
    assert len([f for f in at.get("form")]) == min(20, open_in_latest(session_driver))
    texts = [t.value for t in at.text]
    people_lines = [t for t in texts if t.startswith("People: ")]
    assert people_lines
    # Subjects with a recorded name are named: their ids are replaced in every line.
    named = dict(
        session_driver.execute_query(
            "MATCH (p:Person) WHERE p.display_name IS NOT NULL "
            "RETURN collect([p.person_id, p.display_name]) AS n"
        ).records[0]["n"]
    )
    leaked = [t for t in texts for pid in named if pid in t]
    assert not leaked, leaked[:3]
    assert any(name in " ".join(people_lines) for name in named.values())
    evidence = next(f.value for f in at.dataframe if "Grading" in f.value.columns)
    assert set(evidence.columns) >= {"Record", "Date", "Grading", "People named"}
    assert (evidence["Grading"] != "").all()


def test_review_needs_a_note_then_persists_with_owner_and_audit(
    town_run: TownRun, session_driver: neo4j.Driver
) -> None:
    at = page("alerts_page.py", LEAD)
    form = at.get("form")[0]
    alert_id = form.proto.form.form_id.removeprefix("alert_review_")
    subjects = session_driver.execute_query(
        "MATCH (al:Alert {alert_id: $a}) UNWIND al.subject_ids AS s "
        "MATCH (p:Person {person_id: s}) RETURN collect([s, p.risk_level]) AS levels",
        a=alert_id,
    ).records[0]["levels"]
    at.radio(key=f"alert_decision_{alert_id}").set_value("dismissed")
    at.text_area(key=f"alert_note_{alert_id}").input("no")
    next(b for b in at.button if b.label == "Record the review").click().run()
    assert not at.exception
    assert at.error and "write a note" in at.error[0].value
    stored = session_driver.execute_query(
        "MATCH (al:Alert {alert_id: $a}) RETURN al.status AS s", a=alert_id
    ).records[0]
    assert stored["s"] == "open"

    note = "Known association, already discussed at the strategy meeting on 3 March."
    at.text_area(key=f"alert_note_{alert_id}").input(note)
    next(b for b in at.button if b.label == "Record the review").click().run()
    assert not at.exception
    assert at.success and "no risk level was changed" in at.success[0].value
    row = session_driver.execute_query(
        "MATCH (al:Alert {alert_id: $a}) RETURN al.status AS s, al.owner AS o, al.note AS n, "
        "al.reviewed_at IS NOT NULL AS r",
        a=alert_id,
    ).records[0]
    assert (row["s"], row["o"], row["n"], row["r"]) == ("dismissed", "lead", note, True)
    event = AuditLog(session_driver).events(
        username="lead", action=AuditAction.ALTERATION.value, record=alert_id
    )[-1]
    assert event.justification == note and "dismissed" in event.what
    after = session_driver.execute_query(
        "MATCH (al:Alert {alert_id: $a}) UNWIND al.subject_ids AS s "
        "MATCH (p:Person {person_id: s}) RETURN collect([s, p.risk_level]) AS levels",
        a=alert_id,
    ).records[0]["levels"]
    assert after == subjects  # reviewing an alert never changes a risk level

    reviewed = page("alerts_page.py", LEAD, alerts_statuses=["dismissed"])
    assert not reviewed.exception
    assert any(t.value.startswith("Dismissed by lead") and note in t.value for t in reviewed.text)


def test_filter_by_kind(town_run: TownRun, session_driver: neo4j.Driver) -> None:
    latest = AnalysisRunStore(session_driver).latest()
    assert latest is not None
    kind, expected = session_driver.execute_query(
        "MATCH (al:Alert {status: 'open'})-[:RAISED_IN]->(:AnalysisRun {run_id: $r}) "
        "RETURN al.kind AS kind, count(al) AS n ORDER BY n DESC, kind LIMIT 1",
        r=latest.run_id,
    ).records[0]
    at = page("alerts_page.py", LEAD, alerts_kinds=[kind])
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Alerts matching"] == str(expected)
    heads = [t.value for t in at.text if " · Open" in t.value]
    assert heads and all(h.startswith(ALERT_KIND_LABELS[kind]) for h in heads)


@pytest.mark.parametrize(
    "who",
    [SCHOOL, user("board", Role.STRATEGIC), user("admin", Role.ADMIN)],
    ids=["operational", "strategic", "admin"],
)
def test_other_roles_are_refused(town_run: TownRun, who: object) -> None:
    at = page("alerts_page.py", who)  # type: ignore[arg-type]
    assert not at.exception
    assert at.error and "may not review alerts" in at.error[0].value
    assert not at.get("form")
