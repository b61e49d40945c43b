"""Network explorer: a bounded, scoped link chart of people, places and objects, with evidence.

The chart is built from the same projection as the analysis (so a link on the chart is a link
the analysis used, with the same evidence and gradings), restricted to what the user may see:
an operational user's cohort scope, and only the handling-code C reports their agency may read.
Positions come from the seeded layout, so the same filters always draw the same picture.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Literal, cast

from cseboard.access.policy import Permission, require
from cseboard.access.scope import PersonScope
from cseboard.analysis.explain import explain_link
from cseboard.analysis.layout import seeded_layout
from cseboard.analysis.neighbourhood import link_strength, neighbourhood, object_mentions
from cseboard.errors import NotFound, ValidationFailed
from cseboard.models.analysis import LinkEvidence
from cseboard.models.network import (
    ClusterOption,
    NetworkFilters,
    NetworkLink,
    NetworkNode,
    NetworkOptions,
    NetworkView,
    NodeKind,
)
from cseboard.models.users import AuditAction, User
from cseboard.services.analysis import analysis_params
from cseboard.services.analysis_runs import latest_run, run_memberships
from cseboard.services.context import ServiceContext
from cseboard.services.projection import user_projection
from cseboard.services.records import person_label
from cseboard.services.scope import all_cohorts, person_scope, require_person
from cseboard.store.network import NetworkStore

__all__ = ["network_options", "network_view"]

_UNIT = 70.0
"""Chart units between neighbouring nodes: the unit-disc layout is scaled by this × sqrt(n)."""


def _store(ctx: ServiceContext) -> NetworkStore:
    return NetworkStore(ctx.driver, database=ctx.database)


def network_options(ctx: ServiceContext, user: User) -> NetworkOptions:
    """Agencies and the latest run's clusters the filters can offer (no names: no audit).

    For an operational user a cluster is offered only when people of their scope are in it,
    and it is counted within their scope, so the list reveals nobody outside it.
    """
    require(user, Permission.VIEW_NETWORK)
    scope = person_scope(ctx, user)
    run = latest_run(ctx)
    members = run_memberships(ctx, run)
    roles = {
        str(r["person_id"]): r.get("role")
        for r in _store(ctx).people(sorted({p for m in members.values() for p in m})).values()
    }
    clusters = []
    for cid, people in members.items():
        seen = {p for p in people if scope.covers(p)}
        if seen:
            young = sum(1 for p in seen if roles.get(p) == "young_person")
            clusters.append(ClusterOption(cluster_id=cid, size=len(seen), young_people=young))
    clusters.sort(key=lambda c: (-c.size, c.cluster_id))
    return NetworkOptions(
        run_id=run.run_id if run else None,
        run_at=run.props.get("run_at") if run else None,
        agencies=_store(ctx).agencies(),
        clusters=clusters,
        scoped=scope.people is not None,
        may_export=scope.people is None,
    )


def _cohort(ctx: ServiceContext, scope: PersonScope) -> set[str]:
    if scope.people is not None:
        return set(scope.cohort)
    return all_cohorts(ctx)


def _evidence_of(items: Iterable[Any]) -> list[LinkEvidence]:
    return [
        LinkEvidence(
            kind=e.kind,
            ids=list(e.ids),
            grading=e.grading,
            weight=e.weight,
            when=e.when,
            last=e.last,
            detail=e.detail,
        )
        for e in items
    ]


def _link(
    source: str,
    target: str,
    kind: Literal["association", "place", "object"],
    evidence: list[LinkEvidence],
) -> NetworkLink:
    evidence = sorted(evidence, key=lambda e: (e.when, e.kind, e.ids))
    strongest = max(evidence, key=lambda e: (e.weight, e.grading))
    records = len({i for e in evidence for i in e.ids})
    grading = strongest.grading
    shown = "episode" if grading == "record" else grading
    return NetworkLink(
        link_id=f"L:{source}|{target}",
        source=source,
        target=target,
        kind=kind,
        kinds=sorted({e.kind for e in evidence}),
        weight=round(sum(e.weight for e in evidence), 6),
        grading=grading,
        label=shown if records == 1 else f"{shown} ×{records}",
        records=records,
        first_seen=evidence[0].when,
        last_seen=max(e.last for e in evidence),
        evidence=evidence,
    )


def _positions(nodes: list[str], links: list[NetworkLink]) -> dict[str, tuple[float, float]]:
    """The seeded layout in chart units (wider for more nodes)."""
    scale = _UNIT * math.sqrt(max(len(nodes), 1))
    return {
        node: (round(x * scale, 1), round(y * scale, 1))
        for node, (x, y) in seeded_layout(
            nodes, ((lk.source, lk.target, lk.weight) for lk in links)
        ).items()
    }


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
    user's cohort. People outside an operational user's scope are never drawn, nor walked
    through; reports whose handling conditions exclude the user's agency make no link. At most
    ``filters.max_nodes`` nodes are drawn, the strongest-linked first, and the view says what
    was left out. Viewing the chart is a CONSULTATION of every person drawn; a person's
    neighbourhood first goes through ``require_person`` (purpose, cohort check, audit).

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
    run = latest_run(ctx)
    memberships = run_memberships(ctx, run)
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
    seen = user_projection(ctx, user, params)
    start, restricted = seen.window_start, seen.restricted_reports
    G, B, sel = seen.projection.graph, seen.projection.places, seen.projection.selection

    # -- who the focus covers, within the user's scope -----------------------------------------
    if filters.focus == "person":
        assert filters.person_id is not None
        wanted = neighbourhood(G, filters.person_id, filters.hops, allowed)
        hidden = (
            sum(1 for n in G[filters.person_id] if allowed is not None and n not in allowed)
            if filters.person_id in G
            else 0
        )
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
        wanted = sorted(visible, key=lambda p: (-link_strength(G, p, visible), p))
    people_total = len(wanted)
    others_wanted = filters.show_places or filters.show_objects
    cap = filters.max_nodes - (filters.max_nodes // 5 if others_wanted else 0)
    people = wanted[:cap]
    shown = set(people)
    notes: list[str] = []
    truncated = len(people) < people_total
    if truncated:
        notes.append(
            f"Only {len(people)} of {people_total} people are drawn (the most strongly linked "
            "first). Choose a person's neighbourhood or a stricter filter to see the rest."
        )
    if hidden:
        notes.append(f"{hidden} linked person(s) outside your operation's scope are not shown.")
    if restricted:
        notes.append(
            f"{restricted} report(s) with handling conditions that exclude your agency make no "
            "link here; ask the holding agency if you need them."
        )

    # -- links between the people drawn ---------------------------------------------------------
    links: list[NetworkLink] = []
    for a, b in G.subgraph(shown).edges:
        x, y = sorted((a, b))
        links.append(_link(x, y, "association", explain_link(G, x, y)))

    # -- places and objects that tie the people drawn together ---------------------------------
    focus_person = filters.person_id if filters.focus == "person" else None
    extra: dict[str, tuple[NodeKind, str, dict[str, list[LinkEvidence]]]] = {}
    if filters.show_places:
        for person in people:
            if person not in B:
                continue
            for place in B[person]:
                if B.nodes[place].get("bipartite") != 1:
                    continue
                name = B.nodes[place].get("name") or place
                entry = extra.setdefault(f"place:{place}", ("location", str(name), {}))
                entry[2][person] = _evidence_of(B[person][place].get("evidence", ()))
    if filters.show_objects:
        for (person, node), (kind, value, items) in object_mentions(sel, shown).items():
            entry = extra.setdefault(node, (cast(NodeKind, kind), value, {}))
            entry[2][person] = _evidence_of(items)
    candidates = [
        (node, data)
        for node, data in extra.items()
        if len(data[2]) >= 2 or (focus_person is not None and focus_person in data[2])
    ]
    candidates.sort(
        key=lambda c: (
            -len(c[1][2]),
            -len({i for items in c[1][2].values() for e in items for i in e.ids}),
            c[0],
        )
    )
    room = max(filters.max_nodes - len(people), 0)
    kept = candidates[:room]
    if len(candidates) > room:
        truncated = True
        notes.append(
            f"{len(candidates) - room} place(s) or object(s) linking the people drawn are left "
            f"out to keep the chart to {filters.max_nodes} nodes."
        )
    for node, (_, _, per_person) in kept:
        for person, person_evidence in sorted(per_person.items()):
            links.append(
                _link(
                    person,
                    node,
                    "place" if node.startswith("place:") else "object",
                    person_evidence,
                )
            )

    # -- nodes, positions, audit ------------------------------------------------------------------
    order = [*people, *(node for node, _ in kept)]
    positions = _positions(order, links)
    degree: dict[str, int] = defaultdict(int)
    for lk in links:
        degree[lk.source] += 1
        degree[lk.target] += 1
    cluster_of = {p: cid for cid, ms in memberships.items() for p in ms}
    nodes: list[NetworkNode] = []
    for pid in people:
        data = G.nodes[pid] if pid in G else {}
        role = data.get("role") or sel.role_of(pid)
        nodes.append(
            NetworkNode(
                node_id=pid,
                kind="young_person"
                if role == "young_person"
                else ("associate" if role == "associate" else "person"),
                label=person_label(
                    pid, {"label": sel.persons[pid].label} if pid in sel.persons else None
                ),
                person_id=pid,
                risk_level=data.get("risk_level"),
                cluster_id=cluster_of.get(pid),
                focus=pid == focus_person,
                links=degree[pid],
                x=positions[pid][0],
                y=positions[pid][1],
            )
        )
    for node, (kind, value, _) in kept:
        nodes.append(
            NetworkNode(
                node_id=node,
                kind=kind,
                label=value,
                links=degree[node],
                x=positions[node][0],
                y=positions[node][1],
            )
        )
    links.sort(key=lambda lk: lk.link_id)
    view = NetworkView(
        filters=filters,
        as_of=moment,
        window_start=start,
        window_end=moment,
        run_id=run.run_id if run else None,
        nodes=nodes,
        links=links,
        people_total=people_total,
        people_shown=len(people),
        truncated=truncated,
        hidden_people=hidden,
        restricted_reports=restricted,
        notes=notes,
    )
    focus_text = {
        "cluster": f"cluster {filters.cluster_id}",
        "person": f"the neighbourhood of {filters.person_id}",
        "cohort": "the operations' cohorts",
    }[filters.focus]
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"viewed the network chart of {focus_text}: {len(people)} people, {len(links)} links",
        records=people,
        justification=purpose.strip() if purpose and purpose.strip() else None,
    )
    return view
