"""Alert services through Neo4j: listing with names and evidence, review with a note, audit."""

from __future__ import annotations

from datetime import UTC, datetime

import neo4j
import pytest

from cseboard.access.audit import AuditLog
from cseboard.config import Settings
from cseboard.errors import AccessDenied, NotFound, ValidationFailed
from cseboard.models.users import Role
from cseboard.services.alerts import MIN_NOTE, alert_page, review_alert
from cseboard.services.analysis import analysis_params, run_network_analysis
from cseboard.services.context import ServiceContext
from cseboard.store.analysis_runs import AnalysisRunStore
from e2e.shared_town import load_town_run
from support.board import user

LEAD = user("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
SCHOOL = user("ops.school", Role.OPERATIONAL, agency="education", operations=("OP-FERN",))


@pytest.fixture(scope="module")
def ctx(
    session_driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> ServiceContext:
    load_town_run(session_driver, neo4j_settings, tmp_path_factory.mktemp("alert-svc"))
    return ServiceContext(session_driver, neo4j_settings)


def counts(driver: neo4j.Driver, run_id: str) -> dict[tuple[str, str], int]:
    rows = driver.execute_query(
        "MATCH (al:Alert)-[:RAISED_IN]->(:AnalysisRun {run_id: $r}) "
        "RETURN al.kind AS kind, al.status AS status, count(*) AS n",
        r=run_id,
    ).records
    return {(r["kind"], r["status"]): r["n"] for r in rows}


def test_page_counts_match_the_store_and_people_are_named(ctx: ServiceContext) -> None:
    latest = AnalysisRunStore(ctx.driver).latest()
    assert latest is not None
    stored = counts(ctx.driver, latest.run_id)
    page = alert_page(ctx, LEAD, page_size=10)
    assert page.total == sum(n for (_, status), n in stored.items() if status == "open")
    assert len(page.items) == min(10, page.total)
    for item in page.items:
        for subject in item.subjects:
            if subject.kind == "person" and subject.label != subject.subject_id:
                assert subject.subject_id not in item.summary
                assert subject.label in item.summary or item.kind == "new_cluster"
        assert item.evidence_total >= len(item.evidence)
        assert all(e.grading for e in item.evidence if e.type != "unknown")
    everything = alert_page(ctx, LEAD, statuses=None, latest_run_only=False, page_size=1)
    assert everything.total >= page.total
    event = AuditLog(ctx.driver).events(username="lead", action="consultation")[-1]
    assert event.what.startswith("listed 1 analysis alerts")


def test_review_requires_a_note_and_persists_across_runs(ctx: ServiceContext) -> None:
    kinds = ["adult_new_young_people", "object_with_missing_children", "new_link"]
    item = alert_page(ctx, LEAD, kinds=kinds, page_size=1).items[0]
    with pytest.raises(ValidationFailed):
        review_alert(ctx, LEAD, item.alert_id, decision="confirmed", note="x" * (MIN_NOTE - 1))
    with pytest.raises(ValidationFailed):
        review_alert(ctx, LEAD, item.alert_id, decision="escalated", note="x" * 20)  # type: ignore[arg-type]
    levels = ctx.driver.execute_query(
        "MATCH (p:Person) WHERE p.person_id IN $ids RETURN collect([p.person_id, p.risk_level]) AS l",
        ids=[s.subject_id for s in item.subjects],
    ).records[0]["l"]
    note = "Confirmed: matches the strategy discussion, referral made to the MACE panel."
    review = review_alert(
        ctx, LEAD, item.alert_id, decision="confirmed", note=note, now=datetime.now(UTC)
    )
    assert (review.status, review.owner, review.note) == ("confirmed", "lead", note)
    with pytest.raises(ValidationFailed, match="already confirmed by lead"):
        review_alert(ctx, LEAD, item.alert_id, decision="dismissed", note=note)
    with pytest.raises(NotFound):
        review_alert(ctx, LEAD, "no-such-alert", decision="dismissed", note=note)
    event = AuditLog(ctx.driver).events(username="lead", action="alteration", record=item.alert_id)[
        -1
    ]
    assert event.justification == note
    assert {s.subject_id for s in item.subjects} <= set(event.records)
    # A new run that detects the alert again keeps the review; no risk level moved.
    run_network_analysis(ctx, LEAD, analysis_params(ctx, broker_k=10))
    row = ctx.driver.execute_query(
        "MATCH (al:Alert {alert_id: $a}) RETURN al.status AS s, al.owner AS o, al.note AS n",
        a=item.alert_id,
    ).records[0]
    assert (row["s"], row["o"], row["n"]) == ("confirmed", "lead", note)
    after = ctx.driver.execute_query(
        "MATCH (p:Person) WHERE p.person_id IN $ids RETURN collect([p.person_id, p.risk_level]) AS l",
        ids=[s.subject_id for s in item.subjects],
    ).records[0]["l"]
    assert after == levels


@pytest.mark.parametrize("who", [SCHOOL, user("board", Role.STRATEGIC), user("admin", Role.ADMIN)])
def test_only_the_practice_lead_reviews_alerts(ctx: ServiceContext, who: object) -> None:
    with pytest.raises(AccessDenied):
        alert_page(ctx, who)  # type: ignore[arg-type]
    with pytest.raises(AccessDenied):
        review_alert(ctx, who, "any", decision="dismissed", note="a long enough note")  # type: ignore[arg-type]
