"""Network explorer: a bounded, scoped link chart of people, places and objects, with evidence.

The chart is built from the same projection as the analysis (so a link on the chart is a link
the analysis used, with the same evidence and gradings), restricted to what the user may see:
an operational user's cohort scope, and only the handling-code C reports their agency may read.
It reads only the neighbourhood of the people drawn (``user_projection(around=...)``: their
links are exactly the whole window's), so a chart costs the same at town or region scale.
Positions come from the seeded layout and grow with the chart, so the same filters always
draw the same picture and a person's neighbours drawn on demand move nobody already there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from datetime import UTC, datetime

import networkx as nx

from cseboard.access.policy import Permission, require
from cseboard.access.scope import PersonScope
from cseboard.analysis.neighbourhood import link_strength
from cseboard.errors import NotFound, ValidationFailed
from cseboard.models.analysis import AnalysisParams
from cseboard.models.network import (
    ClusterOption,
    NetworkFilters,
    NetworkOptions,
    NetworkView,
)
from cseboard.models.users import AuditAction, User
from cseboard.services.analysis import analysis_params
from cseboard.services.analysis_runs import latest_run, run_memberships
from cseboard.services.context import ServiceContext
from cseboard.services.kept import kept
from cseboard.services.network_chart import build_chart, collapse_clusters
from cseboard.services.projection import user_projection
from cseboard.services.scope import all_cohorts, person_scope, require_person
from cseboard.store.network import NetworkStore

__all__ = ["network_options", "network_view"]


def _store(ctx: ServiceContext) -> NetworkStore:
    return NetworkStore(ctx.driver, database=ctx.database)


def _latest_clusters(
    ctx: ServiceContext, user: User
) -> tuple[str | None, datetime | None, dict[str, set[str]]]:
    """The latest run's id, time and cluster memberships (kept while the graph is unchanged)."""

    def load() -> tuple[str | None, datetime | None, dict[str, set[str]]]:
        run = latest_run(ctx)
        if run is None:
            return None, None, {}
        return run.run_id, run.props.get("run_at"), run_memberships(ctx, run)

    found, _ = kept(ctx, user, "latest_clusters", None, load)
    return found


def network_options(ctx: ServiceContext, user: User) -> NetworkOptions:
    """Agencies and the latest run's clusters the filters can offer (no names: no audit).

    For an operational user a cluster is offered only when people of their scope are in it,
    and it is counted within their scope, so the list reveals nobody outside it.
    """
    require(user, Permission.VIEW_NETWORK)
    scope = person_scope(ctx, user)

    def load() -> NetworkOptions:
        run_id, run_at, members = _latest_clusters(ctx, user)
        seen_by_cluster = {
            cid: {p for p in people if scope.covers(p)} for cid, people in members.items()
        }
        roles = {
            str(r["person_id"]): r.get("role")
            for r in _store(ctx)
            .people(sorted({p for m in seen_by_cluster.values() for p in m}))
            .values()
        }
        clusters = [
            ClusterOption(
                cluster_id=cid,
                size=len(seen),
                young_people=sum(1 for p in seen if roles.get(p) == "young_person"),
            )
            for cid, seen in seen_by_cluster.items()
            if seen
        ]
        clusters.sort(key=lambda c: (-c.size, c.cluster_id))
        return NetworkOptions(
            run_id=run_id,
            run_at=run_at,
            agencies=_store(ctx).agencies(),
            clusters=clusters,
            scoped=scope.people is not None,
            may_export=scope.people is None,
        )

    options, _ = kept(ctx, user, "network_options", scope.people, load)
    return options


def _cohort(ctx: ServiceContext, scope: PersonScope) -> set[str]:
    if scope.people is not None:
        return set(scope.cohort)
    return all_cohorts(ctx)


def _neighbours(
    ctx: ServiceContext,
    user: User,
    params: AnalysisParams,
    people: Collection[str],
    allowed: Collection[str] | None,
) -> tuple[nx.Graph, dict[str, list[str]], set[str]]:
    """Each person's neighbours (strongest link first) within ``allowed``, and those outside.

    One read around the people gives them exactly the whole window's links.
    """
    G = user_projection(ctx, user, params, around=sorted(set(people))).projection.graph
    found: dict[str, list[str]] = {}
    outside: set[str] = set()
    for person in people:
        if person not in G:
            found[person] = []
            continue
        ranked = sorted(G[person], key=lambda v: (-G[person][v].get("weight", 0.0), v))
        found[person] = [v for v in ranked if allowed is None or v in allowed]
        outside.update(v for v in ranked if allowed is not None and v not in allowed)
    return G, found, outside


def network_view(
    ctx: ServiceContext,
    user: User,
    filters: NetworkFilters,
    *,
    purpose: str | None = None,
    now: datetime | None = None,
) -> NetworkView:
    """A bounded chart of people (and the places and objects linking them) for this user.

    The focus is a cluster of the latest run, a person's neighbourhood (``hops`` links) or the
    user's cohort; the neighbours of each person in ``filters.expanded`` are added, in order,
    and each cluster in ``filters.collapsed`` is drawn as one node. People outside an
    operational user's scope are never drawn, nor walked through; reports whose handling
    conditions exclude the user's agency make no link. At most ``filters.max_nodes`` nodes are
    drawn, the focus and the strongest-linked first, and the view says what was left out.
    Viewing the chart is a CONSULTATION of every person drawn; a person's neighbourhood first
    goes through ``require_person`` (purpose, cohort check, audit).

    Raises
    ------
    AccessDenied
        Without the network permission, or for a person outside the user's scope.
    ValidationFailed
        A person focus without a person or purpose; a cluster focus without a cluster.
    NotFound
        An unknown cluster.
    """
    require(user, Permission.VIEW_NETWORK)
    if filters.focus == "person":
        if not filters.person_id:
            raise ValidationFailed("choose the person whose network to show")
        scope = require_person(ctx, user, filters.person_id, purpose=purpose)
    else:
        scope = person_scope(ctx, user)
    allowed = scope.people
    moment = now or datetime.now(UTC)
    run_id, _, memberships = _latest_clusters(ctx, user)
    if filters.focus == "cluster":
        if not filters.cluster_id:
            raise ValidationFailed("choose a cluster")
        if filters.cluster_id not in memberships:
            raise NotFound(f"no cluster {filters.cluster_id} in the latest analysis run")

    params = analysis_params(
        ctx,
        window_end=moment,
        window_days=filters.window_days,
        agencies=filters.agencies,
        min_grading=filters.min_grading,
    )

    # -- who the focus covers, within the user's scope -----------------------------------------
    outside: set[str] = set()
    if filters.focus == "person":
        assert filters.person_id is not None
        base = [filters.person_id]
        frontier = [filters.person_id]
        for _ in range(filters.hops):
            _, found, beyond = _neighbours(ctx, user, params, frontier, allowed)
            if frontier == [filters.person_id]:
                outside |= beyond
            following = [v for f in frontier for v in found[f] if v not in base]
            following = list(dict.fromkeys(following))
            base.extend(following)
            frontier = following
        hidden = len(outside)
        visible = set(base)
    else:
        members = (
            memberships[str(filters.cluster_id)]
            if filters.focus == "cluster"
            else _cohort(ctx, scope)
        )
        visible = {p for p in members if allowed is None or p in allowed}
        # A cluster was found over every report, restricted ones included: how many of its
        # members lie outside the user's scope is itself restricted information, so it is not
        # counted (a cohort lies wholly inside the scope).
        hidden = 0
        base = sorted(visible)

    # -- people drawn on demand around a clicked person (in the order asked) -------------------
    grown: list[list[str]] = []
    asked = [p for p in dict.fromkeys(filters.expanded) if allowed is None or p in allowed]
    if asked:
        _, found, beyond = _neighbours(ctx, user, params, asked, allowed)
        drawn = set(base)
        for person in asked:
            if person not in drawn:
                continue  # only a person on the chart can be expanded
            new = [v for v in found[person] if v not in drawn]
            drawn.update(new)
            grown.append(new)
        hidden += len(beyond - drawn - outside)

    everyone = [*base, *(p for step in grown for p in step)]
    seen = user_projection(ctx, user, params, around=everyone)
    start, restricted = seen.window_start, seen.restricted_reports
    G, B, sel = seen.projection.graph, seen.projection.places, seen.projection.selection
    if filters.focus != "person":
        base.sort(key=lambda p: (-link_strength(G, p, visible), p))
    people_total = len(base) + sum(len(step) for step in grown)
    others_wanted = filters.show_places or filters.show_objects
    cap = filters.max_nodes - (filters.max_nodes // 5 if others_wanted else 0)
    stages = [base[:cap]]
    for step in grown:
        room = cap - len(stages[-1])
        if room <= 0:
            break
        stages.append([*stages[-1], *step[:room]])
    notes: list[str] = []
    shown_count = len(stages[-1])
    truncated = shown_count < people_total
    if truncated:
        notes.append(
            f"Only {shown_count} of {people_total} people are drawn (the most strongly linked "
            "first). Choose a person's neighbourhood or a stricter filter to see the rest."
        )
    if hidden:
        notes.append(f"{hidden} linked person(s) outside your operation's scope are not shown.")
    if restricted:
        notes.append(
            f"{restricted} report(s) with handling conditions that exclude your agency make no "
            "link here; ask the holding agency if you need them."
        )

    focus_person = filters.person_id if filters.focus == "person" else None
    cluster_of = {p: cid for cid, ms in memberships.items() for p in ms}
    chart, nodes = build_chart(
        stages, G, B, sel, filters, focus=focus_person, cluster_of=cluster_of
    )
    if chart.through:
        notes.append(
            f"{chart.through} link(s) between people who share a place, vehicle, phone or "
            "account are drawn through it, as lines from each of them to it."
        )
    if chart.left_out:
        truncated = True
        notes.append(
            f"{chart.left_out} place(s) or object(s) linking the people drawn are left "
            f"out to keep the chart to {filters.max_nodes} nodes."
        )
    people = chart.people
    drawn_clusters = Counter(cluster_of[p] for p in people if p in cluster_of)
    nodes, links, folded = collapse_clusters(nodes, chart.links, filters.collapsed)
    if folded:
        notes.append(
            f"{folded} link(s) inside the clusters drawn as one node are folded into them; "
            "expand a cluster to see them."
        )
    links.sort(key=lambda lk: lk.link_id)
    named = [n.node_id for n in nodes if n.person_id is not None]
    view = NetworkView(
        filters=filters,
        as_of=moment,
        window_start=start,
        window_end=moment,
        run_id=run_id,
        nodes=nodes,
        links=links,
        people_total=people_total,
        people_shown=len(people),
        truncated=truncated,
        hidden_people=hidden,
        restricted_reports=restricted,
        notes=notes,
        clusters={cid: n for cid, n in sorted(drawn_clusters.items()) if n >= 2},
    )
    focus_text = {
        "cluster": f"cluster {filters.cluster_id}",
        "person": f"the neighbourhood of {filters.person_id}",
        "cohort": "the operations' cohorts",
    }[filters.focus]
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"viewed the network chart of {focus_text}: {len(named)} people, {len(links)} links",
        records=named,
        justification=purpose.strip() if purpose and purpose.strip() else None,
    )
    return view
