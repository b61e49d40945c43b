"""Network explorer page: bounded chart per role, link evidence, profile, purpose, audit, export."""

from __future__ import annotations

import neo4j
import pytest

from cseboard.access.audit import AuditLog
from cseboard.board.components.cached import CACHE
from cseboard.config import Settings
from cseboard.models.casework import md_escape
from cseboard.models.network import NetworkView
from cseboard.models.users import AuditAction, Role, User
from cseboard.services.context import ServiceContext
from cseboard.services.scope import person_scope
from cseboard.store.analysis_runs import AnalysisRunStore
from e2e.shared_town import TownRun, load_town_run
from support.board import page, user

LEAD = user("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
SCHOOL = user("ops.school", Role.OPERATIONAL, agency="education", operations=("OP-FERN",))


@pytest.fixture(scope="module")
def town_run(
    session_driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> TownRun:
    return load_town_run(session_driver, neo4j_settings, tmp_path_factory.mktemp("network"))


def view_of(at: object, username: str) -> NetworkView:
    """The chart the page drew last, from the page cache of the signed-in user."""
    store = at.session_state[CACHE]  # type: ignore[attr-defined]
    assert User.model_validate_json(store.owner).username == username
    [(_, view)] = list(store.entries["network_views"].values())[-1:]
    assert isinstance(view, NetworkView)
    return view


def events(driver: neo4j.Driver, username: str, action: AuditAction, what: str) -> list[object]:
    return [
        e for e in AuditLog(driver).events(username=username, action=action.value) if what in e.what
    ]


def test_lead_sees_the_largest_cluster_with_counts_from_the_store(
    town_run: TownRun, session_driver: neo4j.Driver
) -> None:
    runs = AnalysisRunStore(session_driver)
    latest = runs.latest()
    assert latest is not None
    largest = runs.clusters(latest.run_id)[0]
    before = len(events(session_driver, "lead", AuditAction.CONSULTATION, "network chart"))
    at = page("network_page.py", LEAD)
    assert not at.exception
    assert not at.error
    view = view_of(at, "lead")
    assert view.filters.cluster_id == largest.cluster_id
    assert view.people_total == largest.size
    assert {n.node_id for n in view.people()} <= set(largest.members)
    assert len(view.nodes) <= 300
    assert any(c.value.startswith(f"{view.people_shown} people") for c in at.caption)
    assert at.get("component_instance") or at.get("unknown")  # the chart
    # Grading on every link; a rerun is not a second consultation.
    assert all(lk.label for lk in view.links)
    at.run()
    after = events(session_driver, "lead", AuditAction.CONSULTATION, "network chart")
    assert len(after) == before + 1
    assert set(after[-1].records) == {n.node_id for n in view.people()}  # type: ignore[attr-defined]


def test_link_evidence_lists_the_records_with_gradings(
    town_run: TownRun, session_driver: neo4j.Driver
) -> None:
    at = page("network_page.py", LEAD)
    view = view_of(at, "lead")
    link = next(lk for lk in view.links if lk.kind == "association")
    at.selectbox(key="network_pick_link").select(link.link_id).run()
    next(b for b in at.button if b.label == "Show evidence").click().run()
    assert not at.exception
    records = next(f.value for f in at.dataframe if "People named" in f.value.columns)
    ids = {i for e in link.evidence for i in e.ids}
    assert set(records["Record"]) == ids
    stored = session_driver.execute_query(
        "UNWIND $ids AS id OPTIONAL MATCH (i:Intelligence {intel_id: id}) "
        "RETURN id, coalesce(i.grading, 'record') AS grading",
        ids=sorted(ids),
    ).records
    assert dict(zip(records["Record"], records["Grading"], strict=True)) == {
        r["id"]: r["grading"] for r in stored
    }
    assert events(session_driver, "lead", AuditAction.CONSULTATION, "records behind a network")


def test_open_profile_from_the_chart_controls(town_run: TownRun) -> None:
    at = page("network_page.py", LEAD)
    person = view_of(at, "lead").people()[0]
    at.selectbox(key="network_open_person").select(person.node_id).run()
    next(b for b in at.button if b.label == "Open profile").click().run()
    assert not at.exception
    assert at.session_state["profile_person_id"] == person.node_id


def test_a_person_neighbourhood_asks_the_purpose_and_is_audited(
    town_run: TownRun, session_driver: neo4j.Driver
) -> None:
    pid = town_run.xss_person_id
    at = page("network_page.py", LEAD, network_preset={"focus": "person", "person_id": pid})
    assert not at.exception
    assert not at.get("component_instance")
    at.selectbox(key="network_purpose_choice").select("Reviewing the network around a young person")
    next(b for b in at.button if b.label == "Show the network").click().run()
    assert not at.exception
    view = view_of(at, "lead")
    focus = next(n for n in view.nodes if n.focus)
    assert focus.node_id == pid
    consulted = AuditLog(session_driver).events(
        username="lead", action=AuditAction.CONSULTATION.value, record=pid
    )
    whats = [e.what for e in consulted]
    assert "viewed person record" in whats
    assert any(
        w.startswith(f"viewed the network chart of the neighbourhood of {pid}") for w in whats
    )
    assert consulted[-1].justification == "Reviewing the network around a young person"


def test_operational_user_sees_only_their_scope_and_cannot_export(
    town_run: TownRun, session_driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    at = page("network_page.py", SCHOOL)
    assert not at.exception
    assert not at.error
    view = view_of(at, "ops.school")
    assert view.filters.focus == "cohort"
    scope = person_scope(ServiceContext(session_driver, neo4j_settings), SCHOOL)
    assert scope.people is not None
    assert {n.node_id for n in view.people()} <= scope.people
    assert view.people_shown == len(scope.cohort)
    assert view.restricted_reports > 0
    assert not any(e.label.startswith("Export") for e in at.expander)


def test_operational_user_is_refused_a_person_outside_the_scope(
    town_run: TownRun, session_driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    scope = person_scope(ServiceContext(session_driver, neo4j_settings), SCHOOL).people
    assert scope is not None
    outside = session_driver.execute_query(
        "MATCH (p:YoungPerson) WHERE NOT p.person_id IN $scope RETURN p.person_id AS p LIMIT 1",
        scope=sorted(scope),
    ).records[0]["p"]
    at = page(
        "network_page.py",
        SCHOOL,
        network_preset={"focus": "person", "person_id": outside},
        cseboard_purposes={outside: "Preparing for the operational group meeting"},
    )
    assert not at.exception
    assert at.error and "outside your operation" in at.error[0].value
    assert AuditLog(session_driver).events(
        username="ops.school", action=AuditAction.REFUSAL.value, record=outside
    )


@pytest.mark.parametrize("role", [Role.STRATEGIC, Role.ADMIN])
def test_strategic_and_admin_are_refused(town_run: TownRun, role: Role) -> None:
    at = page("network_page.py", user(f"u-{role.value}", role))
    assert not at.exception
    assert at.error and "may not view network" in at.error[0].value
    assert not at.get("component_instance")


def test_lead_export_is_a_disclosure_with_recipients(
    town_run: TownRun, session_driver: neo4j.Driver
) -> None:
    at = page("network_page.py", LEAD)
    at.radio(key="network_export_format").set_value("svg")
    at.text_input(key="network_export_recipients").input("Police CSE team, DS Smith")
    at.text_input(key="network_export_reason").input("Strategy meeting on Monday")
    next(b for b in at.button if b.label == "Prepare the export").click().run()
    assert not at.exception
    assert at.success and ".svg is ready" in at.success[0].value
    [event] = events(session_driver, "lead", AuditAction.DISCLOSURE, "exported a network chart")[
        -1:
    ]
    assert event.recipients == ["Police CSE team", "DS Smith"]  # type: ignore[attr-defined]
    assert event.justification == "Strategy meeting on Monday"  # type: ignore[attr-defined]


def test_signed_out_sees_nothing(town_run: TownRun) -> None:
    at = page("network_page.py", None)
    assert not at.exception
    assert not at.title


def test_a_hairball_offers_to_fold_and_a_person_grows_the_chart(town_run: TownRun) -> None:
    at = page("network_page.py", LEAD)
    view = view_of(at, "lead")
    assert view.elements > 150  # the town's largest cluster with its places and objects
    assert any("too many to read at once" in w.value for w in at.warning)
    next(b for b in at.button if b.label == "Draw people only (no places or objects)").click().run()
    assert not at.exception
    people_only = view_of(at, "lead")
    assert not people_only.filters.show_places and not people_only.filters.show_objects
    assert all(n.person_id is not None for n in people_only.nodes)
    # A person drawn, chosen without the mouse: their links are drawn and nobody moves.
    person = people_only.people()[-1]
    at.selectbox(key="network_open_person").select(person.node_id).run()
    next(b for b in at.button if b.label == "Draw their links").click().run()
    assert not at.exception
    grown = view_of(at, "lead")
    assert grown.filters.expanded == (person.node_id,)
    before = {n.node_id: (n.x, n.y) for n in people_only.nodes}
    assert {n.node_id: (n.x, n.y) for n in grown.nodes if n.node_id in before} == before


def test_a_cluster_of_the_cohort_folds_into_one_node_and_back(town_run: TownRun) -> None:
    at = page("network_page.py", SCHOOL)
    view = view_of(at, "ops.school")
    person = next(n for n in view.people() if n.cluster_id in view.clusters)
    at.selectbox(key="network_open_person").select(person.node_id).run()
    next(b for b in at.button if b.label == "Fold their cluster").click().run()
    assert not at.exception
    folded = view_of(at, "ops.school")
    assert folded.filters.collapsed == (person.cluster_id,)
    [node] = [n for n in folded.nodes if n.kind == "cluster"]
    assert node.members == view.clusters[str(person.cluster_id)]
    assert person.node_id not in {n.node_id for n in folded.nodes}
    next(b for b in at.button if b.label == "Expand every cluster").click().run()
    assert not at.exception
    assert at.session_state["network_filters"] == view.filters  # the chart drawn before


def test_how_are_two_people_connected_from_the_explorer(
    town_run: TownRun, session_driver: neo4j.Driver
) -> None:
    at = page("network_page.py", LEAD)
    view = view_of(at, "lead")
    first, last = view.people()[0], view.people()[-1]
    at.selectbox(key="network_chains_from").select(first.node_id)
    at.selectbox(key="network_chains_to").select(last.node_id)
    at.text_input(key="network_chains_purpose").input("Strategy meeting: how are they linked")
    next(b for b in at.button if b.label == "Find the connection").click().run()
    assert not at.exception
    assert any(m.value.startswith(f"**{first.label} to {last.label}") for m in at.markdown)
    assert any(e.label.startswith(md_escape("Chain 1 (")) for e in at.expander)
    [event] = AuditLog(session_driver).events(username="lead", action="consultation")[-1:]
    assert event.what.startswith(f"viewed the chains of links between {first.node_id}")
    assert event.justification == "Strategy meeting: how are they linked"
