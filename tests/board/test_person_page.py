"""The person profile: purpose first, numbers match the store, cohort scope, C items, risk level."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import neo4j
import pytest

from cseboard.access.audit import AuditLog
from cseboard.analysis.projection import person_graph, person_location_graph
from cseboard.board.components.cached import CACHE
from cseboard.models.casework import md_escape
from cseboard.models.users import AuditAction, Role
from cseboard.store.projection import read_evidence
from support.board import page, user

LEAD = user("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
SCHOOL = user("ops.school", Role.OPERATIONAL, agency="education", operations=("OP-FERN",))


def one(driver: neo4j.Driver, cypher: str, **params: object) -> dict[str, object]:
    return driver.execute_query(cypher, params).records[0].data()


@pytest.fixture(scope="module")
def cases(town: Path, driver: neo4j.Driver) -> dict[str, str]:
    """A cohort member with a police-only C report; someone outside the demo cohort's scope."""
    restricted = one(
        driver,
        "MATCH (:Operation {operation_id: 'OP-FERN'})<-[:IN_COHORT]-(p:YoungPerson)"
        "<-[:MENTIONS]-(i:Intelligence {handling_code: 'C'}) "
        "WHERE i.agency <> 'education' AND NOT toLower(i.handling_conditions) CONTAINS 'education' "
        "RETURN p.person_id AS person_id, i.intel_id AS intel_id, i.summary AS summary "
        "ORDER BY p.person_id, i.intel_id LIMIT 1",
    )
    outside = one(
        driver,
        "MATCH (p:YoungPerson) WHERE NOT (p)-[:IN_COHORT]->() AND p.display_name IS NOT NULL "
        "AND NOT EXISTS { MATCH (p)<-[:MENTIONS|OF|MISSING_WITH]-()-[:MENTIONS|OF|MISSING_WITH]->"
        "(:Person)-[:IN_COHORT]->() } RETURN p.person_id AS person_id LIMIT 1",
    )
    return {
        "cohort": str(restricted["person_id"]),
        "c_item": str(restricted["intel_id"]),
        "c_summary": str(restricted["summary"]),
        "outside": str(outside["person_id"]),
    }


def purposes(person_id: str) -> dict[str, dict[str, str]]:
    return {"cseboard_purposes": {person_id: "Preparing for the operational group meeting"}}


def consultations(driver: neo4j.Driver, username: str, person_id: str) -> list[object]:
    """Views of the person's record (listing and search events are consultations too)."""
    events = AuditLog(driver).events(
        username=username, action=AuditAction.CONSULTATION.value, record=person_id
    )
    return [e for e in events if e.what == "viewed person record"]


def all_text(at: object) -> str:
    parts: list[str] = []
    for kind in ("text", "markdown", "caption", "warning", "info", "error", "success", "metric"):
        for element in getattr(at, kind):
            parts.append(str(element.value))
    for frame in at.dataframe:  # type: ignore[attr-defined]
        parts.append(frame.value.to_csv())
    return "\n".join(parts)


def test_purpose_is_asked_before_the_profile_shows(
    cases: dict[str, str], driver: neo4j.Driver
) -> None:
    pid = cases["cohort"]
    at = page("person_page.py", LEAD, profile_person_id=pid)
    assert not at.exception
    assert not at.tabs and not at.metric
    assert not consultations(driver, "lead", pid)
    at.selectbox(key="profile_purpose_choice").select("Reviewing the young person's risk level")
    at.text_input(key="profile_purpose_detail").input("strategy meeting on Monday")
    next(b for b in at.button if b.label == "View record").click().run()
    assert not at.exception
    assert len(at.tabs) == 7  # identity … risk level, connections
    [event] = consultations(driver, "lead", pid)
    assert event.justification == (  # type: ignore[attr-defined]
        "Reviewing the young person's risk level: strategy meeting on Monday"
    )
    # A rerun of the page is not another consultation.
    at.run()
    assert len(consultations(driver, "lead", pid)) == 1
    # Signing in again (purposes reset) asks again, and the new view is audited again.
    at.session_state["cseboard_purposes"] = {}
    at.run()
    assert not at.tabs
    next(b for b in at.button if b.label == "View record").click().run()
    assert len(at.tabs) == 7  # identity … risk level, connections
    assert len(consultations(driver, "lead", pid)) == 2


def test_numbers_match_the_store(cases: dict[str, str], driver: neo4j.Driver) -> None:
    pid = cases["cohort"]
    at = page("person_page.py", LEAD, profile_person_id=pid, **purposes(pid))
    assert not at.exception
    store = one(
        driver,
        "MATCH (p:Person {person_id: $p}) RETURN p.display_name AS name, "
        "COUNT { (p)<-[:MENTIONS]-(:Intelligence) } "
        "+ COUNT { (p)<-[:OF|MISSING_WITH]-(:MissingEpisode) } AS timeline, "
        "COUNT { (:AgencyRecord)-[:REFERS_TO]->(p) } AS records",
        p=pid,
    )
    labels = [t.label for t in at.tabs]
    assert f"Timeline ({store['timeline']})" in labels
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Young person"] == md_escape(str(store["name"]))
    assert metrics["Agency records"] == str(store["records"])
    associates = int(next(t for t in labels if t.startswith("Associates")).split("(")[1][:-1])
    assert associates > 0
    evidence = [f for f in at.dataframe if "Evidence" in f.value.columns]
    assert len(evidence) == associates
    assert all(len(f.value) > 0 for f in evidence)
    indicators = next(f.value for f in at.dataframe if "Indicator" in f.value.columns)
    assert "Sources" in indicators.columns
    assert not any("score" in str(c).lower() for c in indicators.columns)


def test_links_and_places_match_the_whole_store_graph(
    cases: dict[str, str], driver: neo4j.Driver
) -> None:
    """The profile reads only the records around the person; its links, their weights and the
    places must be exactly those of the person graph of the whole store."""
    pid = cases["cohort"]
    at = page("person_page.py", LEAD, profile_person_id=pid, **purposes(pid))
    assert not at.exception
    profile = at.session_state[CACHE].entries["profile"][pid][1]
    end = profile.as_of
    evidence = read_evidence(
        driver, window_start=end - timedelta(days=profile.window_days), window_end=end
    )
    G = person_graph(evidence, window_end=end, window_days=profile.window_days)
    B = person_location_graph(evidence, window_end=end, window_days=profile.window_days)
    assert {a.person.person_id: round(a.weight, 6) for a in profile.associates} == {
        n: round(G[pid][n]["weight"], 6) for n in G[pid]
    }
    assert {p.place for p in profile.places} == set(B[pid])
    labels = [t.label for t in at.tabs]
    assert f"Associates ({G.degree(pid)})" in labels
    assert f"Places ({B.degree(pid)})" in labels


def test_operational_user_sees_a_notice_for_a_c_item(
    cases: dict[str, str], driver: neo4j.Driver
) -> None:
    pid = cases["cohort"]
    at = page("person_page.py", SCHOOL, profile_person_id=pid, **purposes(pid))
    assert not at.exception
    assert any("holds restricted information" in w.value for w in at.warning)
    assert cases["c_summary"] not in all_text(at)
    assert not any(b.label == "Set risk level" for b in at.button)  # no risk form


def test_operational_user_outside_the_cohort_is_refused_and_audited(
    cases: dict[str, str], driver: neo4j.Driver
) -> None:
    pid = cases["outside"]
    at = page("person_page.py", SCHOOL, profile_person_id=pid, **purposes(pid))
    assert not at.exception
    assert at.error and "outside your operation" in at.error[0].value
    assert not at.tabs
    refusals = AuditLog(driver).events(
        username="ops.school", action=AuditAction.REFUSAL.value, record=pid
    )
    assert refusals


def test_strategic_user_is_refused(cases: dict[str, str]) -> None:
    at = page("person_page.py", user("board", Role.STRATEGIC), profile_person_id=cases["cohort"])
    assert not at.exception
    assert at.error and "view person" in at.error[0].value
    assert not at.tabs and not at.text_input


def test_search_is_audited(cases: dict[str, str], driver: neo4j.Driver) -> None:
    name = str(
        one(
            driver, "MATCH (p:Person {person_id: $p}) RETURN p.display_name AS n", p=cases["cohort"]
        )["n"]
    )
    at = page("person_page.py", LEAD)
    at.text_input(key="profile_search_text").input(name.split()[0])
    next(b for b in at.button if b.label == "Search").click().run()
    assert not at.exception
    found = at.selectbox(key="profile_found")
    assert any(name in o for o in found.options)
    event = AuditLog(driver).events(username="lead", action=AuditAction.CONSULTATION.value)[-1]
    assert event.what.startswith("searched people") and cases["cohort"] in event.records
    assert name.split()[0].lower() not in event.what.lower()


def test_risk_level_form_requires_a_rationale_and_keeps_history(
    cases: dict[str, str], driver: neo4j.Driver
) -> None:
    pid = cases["cohort"]
    before = one(driver, "MATCH (p:Person {person_id: $p}) RETURN p.risk_level AS l", p=pid)["l"]
    new = "low" if before != "low" else "medium"
    at = page("person_page.py", LEAD, profile_person_id=pid, **purposes(pid))
    at.selectbox(key="profile_risk_level").select(new)
    at.text_area(key="profile_risk_rationale").input("too short")
    next(b for b in at.button if b.label == "Set risk level").click().run()
    assert not at.exception
    assert any("rationale" in e.value for e in at.error)
    assert (
        one(driver, "MATCH (p:Person {person_id: $p}) RETURN p.risk_level AS l", p=pid)["l"]
        == before
    )

    at.text_area(key="profile_risk_rationale").input(
        "Strategy discussion: seen with adults of concern at two hotels this month."
    )
    next(b for b in at.button if b.label == "Set risk level").click().run()
    assert not at.exception
    assert (
        one(driver, "MATCH (p:Person {person_id: $p}) RETURN p.risk_level AS l", p=pid)["l"] == new
    )
    history = next(f.value for f in at.dataframe if "Rationale" in f.value.columns)
    assert history.iloc[0]["Source"] == "assessment" and history.iloc[0]["By"] == "lead"
    assert history.iloc[0]["Rationale"].startswith("Strategy discussion")
    if before is not None:
        assert len(history) >= 2 and history.iloc[-1]["Source"] == "partner record"
    stored = one(
        driver,
        "MATCH (a:RiskAssessment)-[:ASSESSES]->(:Person {person_id: $p}) "
        "RETURN a.level AS level, a.previous_level AS previous, a.by AS by",
        p=pid,
    )
    assert stored == {"level": new, "previous": before, "by": "lead"}
    changes = AuditLog(driver).events(
        username="lead", action=AuditAction.ALTERATION.value, record=pid
    )
    assert changes and f"to {new}" in changes[-1].what


def test_a_dropped_field_is_a_data_quality_note_on_the_profile(
    town: Path, driver: neo4j.Driver
) -> None:
    """The generator planted a wrong NHS number on a real health or council record: the child is
    on the board, without it, and the profile says what was sent and why it was left out."""
    found = one(
        driver,
        "MATCH (r:AgencyRecord)-[:REFERS_TO]->(p:Person) "
        "WHERE r.data_quality CONTAINS '\"column\":\"nhs_number\"' "
        "RETURN p.person_id AS person_id, r.source_ref AS ref, r.nhs_number AS nhs "
        "ORDER BY p.person_id LIMIT 1",
    )
    assert found["nhs"] is None
    at = page("person_page.py", LEAD, profile_person_id=found["person_id"],
              **purposes(str(found["person_id"])))
    assert not at.exception
    notes = [w.value for w in at.warning if "was left empty" in w.value]
    assert notes and any(str(found["ref"]) in n and "NHS number" in n for n in notes)
