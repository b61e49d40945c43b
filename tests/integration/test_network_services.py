"""Network, cluster and place services through Neo4j: scope, bounds, evidence, audit, export."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import neo4j
import pytest

from cseboard.access.audit import AuditLog
from cseboard.config import Settings
from cseboard.errors import AccessDenied, NotFound, ValidationFailed
from cseboard.models.handling import allowed_agencies
from cseboard.models.network import NetworkFilters, NetworkNode, NetworkView
from cseboard.models.users import Role, User
from cseboard.reports.network_svg import network_svg
from cseboard.services.analysis import analysis_params, run_network_analysis
from cseboard.services.clusters import cluster_detail, cluster_list, compare_runs
from cseboard.services.context import ServiceContext
from cseboard.services.network_export import export_network
from cseboard.services.network_view import network_options, network_view
from cseboard.services.places import place_detail, places_overview
from cseboard.services.profile import person_profile
from cseboard.services.projection import user_projection
from cseboard.services.records import record_details
from cseboard.services.scope import person_scope
from cseboard.store.analysis_runs import AnalysisRunStore
from e2e.shared_town import TownRun, load_town_run
from support.board import user

LEAD = user("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
SCHOOL = user("ops.school", Role.OPERATIONAL, agency="education", operations=("OP-FERN",))
BOARD = user("board", Role.STRATEGIC)
ADMIN = user("admin", Role.ADMIN)


@pytest.fixture(scope="module")
def town(
    session_driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> TownRun:
    return load_town_run(session_driver, neo4j_settings, tmp_path_factory.mktemp("net-svc"))


@pytest.fixture(scope="module")
def ctx(session_driver: neo4j.Driver, neo4j_settings: Settings, town: TownRun) -> ServiceContext:
    return ServiceContext(session_driver, neo4j_settings)


def largest_cluster(ctx: ServiceContext) -> tuple[str, set[str]]:
    runs = AnalysisRunStore(ctx.driver)
    latest = runs.latest()
    assert latest is not None
    top = runs.clusters(latest.run_id)[0]
    return top.cluster_id, set(top.members)


def test_cluster_chart_is_the_cluster_with_its_evidence_and_a_stable_layout(
    ctx: ServiceContext,
) -> None:
    cid, members = largest_cluster(ctx)
    now = datetime.now(UTC)
    filters = NetworkFilters(focus="cluster", cluster_id=cid)
    view = network_view(ctx, LEAD, filters, now=now)
    assert view.people_total == len(members)
    assert {n.node_id for n in view.people()} <= members
    assert len(view.nodes) <= filters.max_nodes
    kinds = {n.kind for n in view.nodes}
    assert {"young_person", "location"} <= kinds
    # Every link's records exist and carry the grading the link shows.
    ids = sorted({i for lk in view.links for e in lk.evidence for i in e.ids})
    found = ctx.driver.execute_query(
        "UNWIND $ids AS id OPTIONAL MATCH (i:Intelligence {intel_id: id}) "
        "OPTIONAL MATCH (e:MissingEpisode {episode_id: id}) "
        "RETURN count(i) + count(e) AS n",
        ids=ids,
    ).records[0]["n"]
    assert found == len(ids)
    for lk in view.links:
        assert lk.grading in {e.grading for e in lk.evidence}
        assert lk.label.split(" ")[0] in {lk.grading, "episode"}
    # The same filters give the same picture (positions do not jump).
    again = network_view(ctx, LEAD, filters, now=now)
    assert [(n.node_id, n.x, n.y) for n in again.nodes] == [
        (n.node_id, n.x, n.y) for n in view.nodes
    ]


def test_the_chart_is_bounded_and_says_so(ctx: ServiceContext) -> None:
    cid, members = largest_cluster(ctx)
    view = network_view(ctx, LEAD, NetworkFilters(focus="cluster", cluster_id=cid, max_nodes=20))
    assert len(view.nodes) <= 20
    assert view.truncated and view.people_shown < len(members)
    assert any(
        n.startswith(f"Only {view.people_shown} of {len(members)} people") for n in view.notes
    )


def test_minimum_grading_and_agency_filters_narrow_the_evidence(ctx: ServiceContext) -> None:
    cid, _ = largest_cluster(ctx)
    strict = network_view(
        ctx,
        LEAD,
        NetworkFilters(focus="cluster", cluster_id=cid, min_grading="1B", agencies=("police",)),
    )
    ids = {i for lk in strict.links for e in lk.evidence for i in e.ids}
    assert ids and all(i.startswith("police/") for i in ids)
    gradings = {e.grading for lk in strict.links for e in lk.evidence} - {"record"}
    assert all(g[0] == "1" and g[1] in "AB" for g in gradings)


def test_person_neighbourhood_needs_a_purpose_and_is_consulted(ctx: ServiceContext) -> None:
    _, members = largest_cluster(ctx)
    pid = sorted(members)[0]
    with pytest.raises(ValidationFailed):
        network_view(ctx, LEAD, NetworkFilters(focus="person", person_id=pid), purpose=None)
    view = network_view(
        ctx, LEAD, NetworkFilters(focus="person", person_id=pid, hops=1), purpose="Strategy meeting"
    )
    [focus] = [n for n in view.nodes if n.focus]
    assert focus.node_id == pid
    # The person and everyone they are linked to (some through a place or object they share,
    # drawn as lines to it rather than to each other).
    params = analysis_params(ctx, window_end=view.as_of)
    G = user_projection(ctx, LEAD, params, around=[pid]).projection.graph
    assert {n.node_id for n in view.people()} == {pid, *G[pid]}
    event = AuditLog(ctx.driver).events(username="lead", action="consultation", record=pid)[-1]
    assert event.what.startswith(f"viewed the network chart of the neighbourhood of {pid}")
    assert event.justification == "Strategy meeting"


def test_operational_user_stays_in_scope_without_restricted_reports(ctx: ServiceContext) -> None:
    scope = person_scope(ctx, SCHOOL).people
    assert scope is not None
    options = network_options(ctx, SCHOOL)
    assert options.scoped and not options.may_export
    view = network_view(ctx, SCHOOL, NetworkFilters(focus="cohort"))
    assert {n.node_id for n in view.people()} <= set(scope)
    assert view.restricted_reports > 0
    used = sorted({i for lk in view.links for e in lk.evidence for i in e.ids})
    rows = ctx.driver.execute_query(
        "UNWIND $ids AS id MATCH (i:Intelligence {intel_id: id}) "
        "RETURN i.agency AS agency, i.handling_code AS code, i.handling_conditions AS cond",
        ids=used,
    ).records
    for r in rows:
        if r["code"] == "C":
            assert "education" in allowed_agencies(r["agency"], r["cond"])
    # A cluster focus for them counts only their scope.
    for option in options.clusters:
        assert option.size <= len(scope)


def test_operational_user_outside_scope_and_other_roles_are_refused(ctx: ServiceContext) -> None:
    scope = person_scope(ctx, SCHOOL).people
    assert scope is not None
    outside = ctx.driver.execute_query(
        "MATCH (p:YoungPerson) WHERE NOT p.person_id IN $s RETURN p.person_id AS p LIMIT 1",
        s=sorted(scope),
    ).records[0]["p"]
    with pytest.raises(AccessDenied):
        network_view(
            ctx, SCHOOL, NetworkFilters(focus="person", person_id=outside), purpose="meeting"
        )
    assert AuditLog(ctx.driver).events(username="ops.school", action="refusal", record=outside)
    for who in (BOARD, ADMIN):
        with pytest.raises(AccessDenied):
            network_view(ctx, who, NetworkFilters(focus="cohort"))
        with pytest.raises(AccessDenied):
            network_options(ctx, who)


def test_drawing_links_on_demand_never_draws_anyone_outside_an_operational_scope(
    ctx: ServiceContext,
) -> None:
    """Attack: ask the chart to draw the links of everyone on it, and of someone outside the
    scope (the filters are the user's to send); nobody outside the scope may be drawn."""
    scope = person_scope(ctx, SCHOOL).people
    assert scope is not None
    outside = ctx.driver.execute_query(
        "MATCH (p:Person)<-[:MENTIONS]-(:Intelligence) WHERE NOT p.person_id IN $s "
        "RETURN p.person_id AS p ORDER BY p LIMIT 1",
        s=sorted(scope),
    ).records[0]["p"]
    base = NetworkFilters(focus="cohort", show_places=False, show_objects=False)
    first = network_view(ctx, SCHOOL, base)
    asked = (*(n.node_id for n in first.people()), outside)
    grown = network_view(ctx, SCHOOL, base.model_copy(update={"expanded": asked}))
    drawn = {n.node_id for n in grown.nodes}
    assert {n.node_id for n in grown.people()} <= set(scope)
    assert outside not in drawn  # the filters echo what was asked; nothing else names them
    assert outside not in grown.model_dump_json(exclude={"filters"})
    assert not [n for n in grown.nodes if n.person_id is not None and n.kind == "unnamed"]


def test_record_details_hide_restricted_reports_from_other_agencies(ctx: ServiceContext) -> None:
    row = ctx.driver.execute_query(
        "MATCH (i:Intelligence {handling_code: 'C'}) WHERE i.agency <> 'education' "
        "AND NOT toLower(coalesce(i.handling_conditions, '')) CONTAINS 'education' "
        "RETURN i.intel_id AS id, i.agency AS agency LIMIT 1"
    ).records[0]
    [hidden] = record_details(ctx, SCHOOL, [row["id"]])
    assert hidden.restricted and hidden.notice and not hidden.people and hidden.grading is None
    [shown] = record_details(ctx, LEAD, [row["id"]])
    assert not shown.restricted and shown.grading


def test_export_is_the_leads_and_a_disclosure(ctx: ServiceContext) -> None:
    cid, _ = largest_cluster(ctx)
    view = network_view(ctx, LEAD, NetworkFilters(focus="cluster", cluster_id=cid, max_nodes=40))
    with pytest.raises(ValidationFailed):
        export_network(ctx, LEAD, view, fmt="json", recipients=[], justification="x")
    export = export_network(
        ctx, LEAD, view, fmt="json", recipients=["Police CSE team"], justification="Strategy"
    )
    data = json.loads(export.content)
    assert data["classification"] == "OFFICIAL-SENSITIVE"
    assert len(data["nodes"]) == len(view.nodes) and len(data["links"]) == len(view.links)
    event = AuditLog(ctx.driver).events(username="lead", action="disclosure")[-1]
    assert event.recipients == ["Police CSE team"]
    assert set(event.records) == {n.node_id for n in view.people()}
    svg = export_network(ctx, LEAD, view, fmt="svg", recipients=["DS Smith"], justification="x")
    assert svg.content.startswith(b"<svg") and b"OFFICIAL-SENSITIVE" in svg.content
    with pytest.raises(AccessDenied):
        export_network(ctx, SCHOOL, view, fmt="svg", recipients=["anyone"], justification="meeting")


def test_svg_escapes_names() -> None:
    now = datetime.now(UTC)
    node = NetworkNode(
        node_id="P-1",
        kind="young_person",
        label="<script>alert(1)</script>",
        person_id="P-1",
        x=0,
        y=0,
    )
    view = NetworkView(
        filters=NetworkFilters(focus="cohort"),
        as_of=now,
        window_start=now,
        window_end=now,
        run_id=None,
        nodes=[node],
        links=[],
        people_total=1,
        people_shown=1,
        truncated=False,
    )
    svg = network_svg(view, exported_by="lead", exported_at=now)
    assert "<script>" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg


def test_clusters_compare_and_explain(ctx: ServiceContext, town: TownRun) -> None:
    listing = cluster_list(ctx, LEAD, town.run_id)
    assert listing.run is not None and listing.run.run_id == town.run_id
    assert listing.previous_run is not None and listing.previous_run.run_id == town.earlier_run_id
    stored = AnalysisRunStore(ctx.driver).clusters(town.run_id)
    assert [r.cluster_id for r in listing.clusters] == [c.cluster_id for c in stored]
    comparison = compare_runs(ctx, LEAD, town.run_id, town.earlier_run_id)
    now_ids = {c.cluster_id for c in stored}
    assert {c.cluster_id for c in comparison.changes if c.status != "gone"} == now_ids
    small = min(stored, key=lambda c: c.size)
    detail = cluster_detail(ctx, LEAD, small.cluster_id, run_id=town.run_id)
    assert {m.person.person_id for m in detail.members} == set(small.members)
    explained = [m for m in detail.members if m.explained]
    assert explained and all(
        link.other.person_id in set(small.members) for m in explained for link in m.links
    )
    assert any(m.links for m in explained)
    with pytest.raises(NotFound):
        cluster_detail(ctx, LEAD, "C-9999", run_id=town.run_id)
    for who in (SCHOOL, BOARD, ADMIN):
        with pytest.raises(AccessDenied):
            cluster_list(ctx, who)


def test_places_are_the_runs_hotspots(ctx: ServiceContext, town: TownRun) -> None:
    latest = AnalysisRunStore(ctx.driver).latest()
    assert latest is not None
    view = places_overview(ctx, LEAD)
    assert [p.place for p in view.places] == [h.place for h in latest.hotspots()]
    first = latest.hotspots()[0]
    detail = place_detail(ctx, LEAD, first.place)
    assert detail.day_hour == first.day_hour and sum(detail.records_by_month.values()) == len(
        first.record_ids
    )
    with pytest.raises(NotFound):
        place_detail(ctx, LEAD, "nowhere")
    with pytest.raises(AccessDenied):
        places_overview(ctx, SCHOOL)


def _links_of(pairs: dict[str, tuple[float, list[str]]]) -> dict[str, tuple[float, list[str]]]:
    return {k: (round(w, 6), sorted(kinds)) for k, (w, kinds) in pairs.items()}


@pytest.mark.parametrize("who", [LEAD, SCHOOL], ids=["practice_lead", "operational"])
def test_profile_explorer_and_analysis_agree_on_a_persons_links(
    ctx: ServiceContext, who: User
) -> None:
    """One definition of a link: the same neighbours, weights and kinds on every page."""
    now = datetime.now(UTC)
    params = analysis_params(ctx, window_end=now)
    outcome = run_network_analysis(ctx, LEAD, params, store_run=False)
    G = user_projection(ctx, LEAD, params).projection.graph  # what the run projected
    assert outcome.result.graph_edges == G.number_of_edges()
    scope = person_scope(ctx, who)
    candidates = [p for p in G if scope.covers(p) and G.degree(p) >= 3]
    assert candidates, "the town world has people with several links"
    person = max(candidates, key=lambda p: (G.degree(p), p))

    profile = person_profile(ctx, who, person, purpose="checking links", as_of=now, window_days=365)
    from_profile = {a.person.person_id: (a.weight, list(a.kinds)) for a in profile.associates}
    view = network_view(
        ctx,
        who,
        NetworkFilters(
            focus="person",
            person_id=person,
            hops=1,
            show_places=False,
            show_objects=False,
        ),
        purpose="checking links",
        now=now,
    )
    from_chart = {
        (lk.target if lk.source == person else lk.source): (lk.weight, list(lk.kinds))
        for lk in view.links
        if person in (lk.source, lk.target)
    }
    assert _links_of(from_profile) == _links_of(from_chart)
    if who is LEAD:
        from_analysis = {
            other: (float(G[person][other]["weight"]), list(G[person][other]["kinds"]))
            for other in G[person]
        }
        assert _links_of(from_profile) == _links_of(from_analysis)
        assert profile.hidden_associates == 0
    else:
        # Outside their scope a neighbour is counted, never named, on both pages alike.
        assert profile.hidden_associates == view.hidden_people
        assert set(from_profile) <= set(scope.people or ())


def _person_with_new_neighbours(ctx: ServiceContext, view: NetworkView) -> str:
    """A person drawn whose links reach people not drawn yet."""
    params = analysis_params(ctx, window_end=view.as_of, window_days=view.filters.window_days)
    drawn = {n.node_id for n in view.people()}
    for node in view.people():
        if node.focus:
            continue
        G = user_projection(ctx, LEAD, params, around=[node.node_id]).projection.graph
        if node.node_id in G and set(G[node.node_id]) - drawn:
            return node.node_id
    raise AssertionError("nobody on the chart has links beyond it")


def test_drawing_a_persons_links_on_demand_keeps_the_picture(ctx: ServiceContext) -> None:
    _, members = largest_cluster(ctx)
    focus = sorted(members)[0]
    now = datetime.now(UTC)
    base = NetworkFilters(focus="person", person_id=focus, show_places=False, show_objects=False)
    first = network_view(ctx, LEAD, base, purpose="Strategy meeting", now=now)
    other = _person_with_new_neighbours(ctx, first)
    grown = network_view(
        ctx, LEAD, base.model_copy(update={"expanded": (other,)}), purpose="x", now=now
    )
    before = {n.node_id: (n.x, n.y) for n in first.nodes}
    after = {n.node_id: (n.x, n.y) for n in grown.nodes}
    assert set(before) < set(after)
    assert {k: after[k] for k in before} == before  # nothing drawn before moved
    params = analysis_params(ctx, window_end=now)
    G = user_projection(ctx, LEAD, params, around=[other]).projection.graph
    assert set(after) - set(before) <= set(G[other])
    assert next(n for n in grown.nodes if n.node_id == other).expanded
    # Links among everyone drawn are the whole window's (read around all of them).
    H = user_projection(ctx, LEAD, params).projection.graph
    drawn = set(after)
    assert {tuple(sorted((lk.source, lk.target))) for lk in grown.links} == {
        tuple(sorted(e)) for e in H.subgraph(drawn).edges
    }


def test_a_cluster_folds_into_one_node_and_back(ctx: ServiceContext) -> None:
    now = datetime.now(UTC)
    cohort = network_view(ctx, LEAD, NetworkFilters(focus="cohort"), now=now)
    cid, count = max(cohort.clusters.items(), key=lambda x: (x[1], x[0]))
    assert count >= 2
    folded = network_view(
        ctx, LEAD, NetworkFilters(focus="cohort", collapsed=(cid,)), now=now
    )
    [node] = [n for n in folded.nodes if n.kind == "cluster"]
    assert (node.node_id, node.members, node.cluster_id) == (f"cluster:{cid}", count, cid)
    inside = {n.node_id for n in cohort.people() if n.cluster_id == cid}
    assert not inside & {n.node_id for n in folded.nodes}
    assert node.records == sum(n.records for n in cohort.people() if n.cluster_id == cid)
    assert all(lk.source != lk.target for lk in folded.links)
    assert any(node.node_id in (lk.source, lk.target) for lk in folded.links)
    # Its place sits at the centre of where its people were drawn.
    xs = [n.x for n in cohort.people() if n.cluster_id == cid]
    assert node.x == pytest.approx(sum(xs) / len(xs), abs=0.2)
    # The audit names only the people drawn by name.
    event = AuditLog(ctx.driver).events(username="lead", action="consultation")[-1]
    assert set(event.records) == {n.node_id for n in folded.people()}


def test_people_carry_their_record_counts_and_shared_objects_are_drawn_as_hubs(
    ctx: ServiceContext,
) -> None:
    cid, _ = largest_cluster(ctx)
    now = datetime.now(UTC)
    view = network_view(ctx, LEAD, NetworkFilters(focus="cluster", cluster_id=cid), now=now)
    person = max(view.people(), key=lambda n: n.records)
    counted = ctx.driver.execute_query(
        "MATCH (p:Person {person_id: $p}) "
        "RETURN COUNT { MATCH (p)<-[:MENTIONS]-(i:Intelligence) "
        "  WHERE i.reported_at > $start AND i.reported_at <= $end } "
        "+ COUNT { MATCH (p)<-[:OF|MISSING_WITH]-(e:MissingEpisode) "
        "  WHERE e.reported_missing_at <= $end AND coalesce(e.returned_at, $end) >= $start } AS n",
        p=person.node_id,
        start=view.window_start,
        end=now,
    ).records[0]["n"]
    assert person.records == counted > 0
    hubs = {n.node_id for n in view.nodes if n.person_id is None}
    prefix = {"shared_vehicle": "vehicle:", "shared_phone": "phone:", "shared_account": "account:",
              "colocation": "place:"}
    for lk in view.links:
        if lk.kind == "association":
            assert not all(
                e.kind in prefix and f"{prefix[e.kind]}{e.detail}" in hubs for e in lk.evidence
            ), "a link resting only on a drawn place or object is drawn through it"
    assert any("drawn through it" in n for n in view.notes)
