"""Clusters and cluster detail pages: numbers match the store, new since last run, reasons, roles."""

from __future__ import annotations

import neo4j
import pytest

from cseboard.access.audit import AuditLog
from cseboard.config import Settings
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
    return load_town_run(session_driver, neo4j_settings, tmp_path_factory.mktemp("clusters"))


def test_cluster_list_matches_the_store_and_marks_what_is_new(
    town_run: TownRun, session_driver: neo4j.Driver
) -> None:
    # The second stored run, compared with the one 30 days earlier (later tests add runs).
    clusters = AnalysisRunStore(session_driver).clusters(town_run.run_id)
    at = page("clusters_page.py", LEAD)
    at.selectbox(key="clusters_run").select(town_run.run_id).run()
    assert not at.exception
    assert not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Clusters"] == str(len(clusters))
    assert metrics["People in clusters"] == str(sum(c.size for c in clusters))
    table = at.dataframe[0].value
    assert list(table["Cluster"]) == [c.cluster_id for c in clusters]
    assert list(table["People"]) == [c.size for c in clusters]
    assert list(table["Young people"]) == [len(c.young_people) for c in clusters]
    assert list(table["Missing episodes"]) == [len(c.missing_episodes) for c in clusters]
    new = {c.cluster_id for c in clusters if c.previous_size is None or c.new_members}
    assert {
        r for r, t in zip(table["Cluster"], table["New since last run"], strict=True) if t
    } == new
    assert new, "the later run has new members or clusters compared with the earlier one"
    comparison = at.dataframe[1].value
    assert set(comparison["Status"]) <= {"new", "no longer found", "continuing"}
    assert set(comparison["Cluster"]) >= {c.cluster_id for c in clusters}


def test_an_earlier_run_can_be_chosen(town_run: TownRun, session_driver: neo4j.Driver) -> None:
    at = page("clusters_page.py", LEAD)
    at.selectbox(key="clusters_run").select(town_run.earlier_run_id).run()
    assert not at.exception
    earlier = AnalysisRunStore(session_driver).clusters(town_run.earlier_run_id)
    assert {m.label: m.value for m in at.metric}["Clusters"] == str(len(earlier))


def test_open_a_cluster_and_see_why_each_member_is_in_it(
    town_run: TownRun, session_driver: neo4j.Driver
) -> None:
    at = page("clusters_page.py", LEAD)
    cid = at.selectbox(key="clusters_open_choice").value
    next(b for b in at.button if b.label == "Open cluster detail").click().run()
    assert not at.exception
    assert at.session_state["cluster_detail_id"] == cid

    latest = AnalysisRunStore(session_driver).latest()
    assert latest is not None
    summary = next(
        c for c in AnalysisRunStore(session_driver).clusters(latest.run_id) if c.cluster_id == cid
    )
    detail = page(
        "cluster_detail_page.py",
        LEAD,
        cluster_detail_id=cid,
        cluster_detail_run=latest.run_id,
        timeout=120,
    )
    assert not detail.exception
    assert not detail.error
    members = detail.dataframe[0].value
    assert len(members) == summary.size
    names = session_driver.execute_query(
        "MATCH (p:Person) WHERE p.person_id IN $ids RETURN collect(p.display_name) AS n",
        ids=summary.members,
    ).records[0]["n"]
    assert set(members["Name"]) <= {*names, *summary.members}
    reasons = detail.dataframe[1].value
    assert len(reasons) > 0 and "Records (grading)" in reasons.columns
    assert all("(" in r for r in reasons["Records (grading)"])
    places = detail.dataframe[2].value
    assert len(places) == len(summary.locations)
    event = AuditLog(session_driver).events(username="lead", action=AuditAction.CONSULTATION.value)[
        -1
    ]
    assert event.what.startswith(f"viewed cluster {cid}")
    assert set(event.records) == set(summary.members)


@pytest.mark.parametrize(
    ("who", "message"),
    [
        (SCHOOL, "for the CSE practice lead"),
        (user("board", Role.STRATEGIC), "may not view network"),
        (user("admin", Role.ADMIN), "may not view network"),
    ],
)
@pytest.mark.parametrize("name", ["clusters_page.py", "cluster_detail_page.py"])
def test_other_roles_are_refused(town_run: TownRun, who: object, message: str, name: str) -> None:
    at = page(name, who, cluster_detail_id="C-0001")  # type: ignore[arg-type]
    assert not at.exception
    assert at.error and message in at.error[0].value
    assert not at.dataframe


def test_run_analysis_now_stores_a_new_run(town_run: TownRun, session_driver: neo4j.Driver) -> None:
    before = len(AnalysisRunStore(session_driver).runs(limit=50))
    at = page("clusters_page.py", LEAD, timeout=300)
    next(b for b in at.button if b.label == "Run analysis now").click().run(timeout=300)
    assert not at.exception
    assert len(AnalysisRunStore(session_driver).runs(limit=50)) == before + 1
    assert at.success and "No risk level was changed" in at.success[0].value
