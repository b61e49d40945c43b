"""Network explorer: a bounded, scoped link chart of people, places and objects, with evidence.

The chart is built from the same projection as the analysis (so a link on the chart is a link
the analysis used, with the same evidence and gradings), restricted to what the user may see:
an operational user's cohort scope, and only the handling-code C reports their agency may read.
Positions are computed here with a fixed seed, so the same filters always draw the same picture.
"""

from __future__ import annotations

import html
import json
import math
from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import networkx as nx

from cseboard.access.policy import Permission, require
from cseboard.access.scope import (
    PersonScope,
    may_see_item,
    person_scope,
    require_person,
    restricted_notice,
)
from cseboard.analysis.backend import NetworkxBackend
from cseboard.analysis.explain import explain_link
from cseboard.analysis.selection import Selection, grading_weight
from cseboard.errors import AccessDenied, NotFound, ValidationFailed
from cseboard.models.analysis import LinkEvidence
from cseboard.models.evidence import EvidenceSet
from cseboard.models.network import (
    NODE_COLOURS,
    NODE_KIND_LABELS,
    NODE_SHAPES,
    ClusterOption,
    NetworkExport,
    NetworkFilters,
    NetworkLink,
    NetworkNode,
    NetworkOptions,
    NetworkView,
    NodeKind,
    PersonOption,
    RecordDetail,
    RunInfo,
)
from cseboard.models.users import AuditAction, Role, User
from cseboard.models.values import LONDON
from cseboard.services.analysis import analysis_params
from cseboard.services.context import ServiceContext
from cseboard.store.analysis_runs import AnalysisRunStore, StoredRun
from cseboard.store.network import NetworkStore
from cseboard.store.operations import OperationStore
from cseboard.store.projection import read_evidence

__all__ = [
    "LAYOUT_SEED",
    "export_network",
    "legend_svg",
    "network_json",
    "network_options",
    "network_svg",
    "network_view",
    "person_label",
    "record_details",
    "require_partnership_view",
    "run_info",
    "visible_records",
]

LAYOUT_SEED = 7
"""Seed of the force-directed layout: the same filters always give the same positions."""
_UNIT = 70.0
_OBJECT_KINDS: tuple[tuple[str, NodeKind], ...] = (
    ("vehicles", "vehicle"),
    ("phones", "phone"),
    ("accounts", "account"),
)


def _store(ctx: ServiceContext) -> NetworkStore:
    return NetworkStore(ctx.driver, database=ctx.database)


def require_partnership_view(ctx: ServiceContext, user: User) -> None:
    """Refuse whole-partnership analysis results (clusters, places) to anyone but the lead.

    Clusters and hotspots are computed over every partner's records; an operational user's
    view is limited to their operations' cohorts, so they get the scoped network instead.
    The refusal of an operational user is audited, as any refusal of a scoped user is.
    """
    require(user, Permission.VIEW_NETWORK)
    scope = person_scope(ctx.driver, user, database=ctx.database)
    if scope.people is not None:
        ctx.audit.record(
            user, AuditAction.REFUSAL, "partnership analysis results refused: cohort scope"
        )
        raise AccessDenied(
            "clusters, hotspots and alerts cover every partner's records, so they are for the "
            "CSE practice lead; the network explorer shows your operation's cohort"
        )


def run_info(props: dict[str, Any]) -> RunInfo:
    """A run header from the stored run's properties."""
    return RunInfo(
        run_id=str(props["run_id"]),
        run_at=props["run_at"],
        window_start=props.get("window_start"),
        window_end=props.get("window_end"),
        backend=props.get("backend"),
        graph_nodes=props.get("graph_nodes"),
        graph_edges=props.get("graph_edges"),
        cluster_count=props.get("cluster_count"),
        alert_count=props.get("alert_count"),
    )


def person_label(person_id: str, row: dict[str, Any] | None) -> str:
    """A person's display name, or their id when none is recorded."""
    name = (row or {}).get("display_name") or (row or {}).get("label")
    return str(name) if name else person_id


def _latest(ctx: ServiceContext) -> StoredRun | None:
    return AnalysisRunStore(ctx.driver, database=ctx.database).latest()


def _memberships(ctx: ServiceContext, run: StoredRun | None) -> dict[str, set[str]]:
    if run is None:
        return {}
    return AnalysisRunStore(ctx.driver, database=ctx.database).cluster_members(run.run_id)


def network_options(ctx: ServiceContext, user: User) -> NetworkOptions:
    """Agencies and the latest run's clusters the filters can offer (no names: no audit).

    For an operational user a cluster is offered only when people of their scope are in it,
    and it is counted within their scope, so the list reveals nobody outside it.
    """
    require(user, Permission.VIEW_NETWORK)
    scope = person_scope(ctx.driver, user, database=ctx.database)
    run = _latest(ctx)
    members = _memberships(ctx, run)
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


def _visible_evidence(
    ctx: ServiceContext, user: User, evidence: EvidenceSet, start: datetime, end: datetime
) -> tuple[EvidenceSet, int]:
    """The evidence without the C reports the user's agency may not read, and how many."""
    if user.has(Role.PRACTICE_LEAD):
        return evidence, 0
    store = _store(ctx)
    known = set(store.agencies())
    hidden = {
        str(r["intel_id"])
        for r in store.restricted_intelligence(window_start=start, window_end=end)
        if not may_see_item(
            user,
            holder=str(r["agency"]),
            handling_code="C",
            conditions=r.get("handling_conditions"),
            known_agencies=known,
        )
    }
    kept = [i for i in evidence.intelligence if i.intel_id not in hidden]
    if len(kept) == len(evidence.intelligence):
        return evidence, 0
    return (
        EvidenceSet(
            persons=evidence.persons,
            locations=evidence.locations,
            intelligence=kept,
            episodes=evidence.episodes,
        ),
        len(evidence.intelligence) - len(kept),
    )


def _strength(G: nx.Graph, node: str, within: Collection[str]) -> float:
    return float(sum(G[node][n].get("weight", 0.0) for n in G[node] if n in within))


def _neighbourhood(G: nx.Graph, start: str, hops: int, allowed: frozenset[str] | None) -> list[str]:
    """People within ``hops`` links of ``start``: nearest first, strongest links first.

    With ``allowed``, the walk never passes through anyone outside it, so a chart never shows
    that two visible people are connected through someone the user may not see.
    """
    order = [start]
    if start not in G:
        return order
    seen = {start}
    frontier = [start]
    for _ in range(hops):
        following: list[str] = []
        for node in frontier:
            for other in sorted(G[node], key=lambda v: (-G[node][v].get("weight", 0.0), v)):
                if other in seen or (allowed is not None and other not in allowed):
                    continue
                seen.add(other)
                following.append(other)
        order.extend(following)
        frontier = following
    return order


def _cohort(ctx: ServiceContext, scope: PersonScope) -> set[str]:
    if scope.people is not None:
        return set(scope.cohort)
    operations = OperationStore(ctx.driver, database=ctx.database)
    ids = [str(o["operation_id"]) for o in operations.all()]
    return {p for p, member in operations.scope(ids).items() if member}


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


def _object_links(
    sel: Selection, people: Collection[str]
) -> dict[tuple[str, str], tuple[NodeKind, str, list[LinkEvidence]]]:
    """(person, object node) → (kind, value, evidence) from the reports naming both."""
    found: dict[tuple[str, str], tuple[NodeKind, str, list[LinkEvidence]]] = {}
    for r in sel.linking:
        named = [p for p in dict.fromkeys(r.person_ids) if p in people]
        if not named:
            continue
        weight = grading_weight(r.source_evaluation, r.intelligence_assessment)
        for field, kind in _OBJECT_KINDS:
            for value in dict.fromkeys(getattr(r, field)):
                node = f"{kind}:{value}"
                item = LinkEvidence(
                    kind="mentioned_with",
                    ids=[r.intel_id],
                    grading=r.grading,
                    weight=weight,
                    when=r.reported_at,
                    last=r.reported_at,
                    detail=value,
                )
                for person in named:
                    entry = found.setdefault((person, node), (kind, value, []))
                    entry[2].append(item)
    return found


def _layout(nodes: list[str], links: list[NetworkLink]) -> dict[str, tuple[float, float]]:
    """Force-directed positions with a fixed seed, in chart units (deterministic).

    A force layout of a dense cluster draws its core as a ball and flings loosely linked
    people far out; distances from the centre are then square-rooted (directions and order
    kept), which spreads the core and pulls the outliers in, roughly doubling the spacing
    between neighbouring nodes.
    """
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    H = nx.Graph()
    H.add_nodes_from(nodes)
    H.add_weighted_edges_from((lk.source, lk.target, min(lk.weight, 1.5)) for lk in links)
    pos = nx.spring_layout(H, seed=LAYOUT_SEED, weight="weight", iterations=150)
    xs = sorted(float(p[0]) for p in pos.values())
    ys = sorted(float(p[1]) for p in pos.values())
    cx, cy = xs[len(xs) // 2], ys[len(ys) // 2]
    far = max(math.hypot(float(x) - cx, float(y) - cy) for x, y in pos.values()) or 1.0
    scale = _UNIT * math.sqrt(len(nodes))
    placed: dict[str, tuple[float, float]] = {}
    for node, (x, y) in pos.items():
        dx, dy = float(x) - cx, float(y) - cy
        r = math.hypot(dx, dy)
        factor = math.sqrt(r / far) / (r / far) if r > 0 else 0.0
        placed[node] = (round(dx * factor * scale, 1), round(dy * factor * scale, 1))
    return placed


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
        scope = require_person(
            ctx.driver, user, filters.person_id, purpose=purpose, database=ctx.database
        )
    else:
        scope = person_scope(ctx.driver, user, database=ctx.database)
    allowed = scope.people
    moment = now or datetime.now(UTC)
    run = _latest(ctx)
    memberships = _memberships(ctx, run)
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
    start = moment - timedelta(days=filters.window_days)
    evidence = read_evidence(
        ctx.driver,
        window_start=start,
        window_end=moment,
        agencies=params.agencies,
        database=ctx.database,
    )
    evidence, restricted = _visible_evidence(ctx, user, evidence, start, moment)
    projection = NetworkxBackend().projection(evidence, params)
    G, B, sel = projection.graph, projection.places, projection.selection

    # -- who the focus covers, within the user's scope -----------------------------------------
    if filters.focus == "person":
        assert filters.person_id is not None
        wanted = _neighbourhood(G, filters.person_id, filters.hops, allowed)
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
        hidden = len(members) - len(visible)
        wanted = sorted(visible, key=lambda p: (-_strength(G, p, visible) if p in G else 0.0, p))
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
        for (person, node), (kind, value, items) in _object_links(sel, shown).items():
            entry = extra.setdefault(node, (kind, value, {}))
            entry[2][person] = items
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
        for person, items in sorted(per_person.items()):
            links.append(
                _link(person, node, "place" if node.startswith("place:") else "object", items)
            )

    # -- nodes, positions, audit ------------------------------------------------------------------
    order = [*people, *(node for node, _ in kept)]
    positions = _layout(order, links)
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
                    pid, sel.persons[pid].model_dump() if pid in sel.persons else None
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


def visible_records(
    ctx: ServiceContext, user: User, scope: PersonScope, record_ids: list[str]
) -> list[RecordDetail]:
    """The records, in the order given, as this user may see them (no audit: callers do).

    A handling-code C report the user's agency may not read shows only its holder and whom to
    ask; people named outside an operational user's scope are counted, not named.
    """
    store = _store(ctx)
    rows = store.records(record_ids)
    known = set(store.agencies())
    names = store.people(sorted({p for r in rows.values() for p in r.get("person_ids") or []}))
    details: list[RecordDetail] = []
    for rid in dict.fromkeys(record_ids):
        row = rows.get(rid)
        if row is None:
            details.append(RecordDetail(record_id=rid, type="unknown"))
            continue
        holder = str(row.get("agency") or "")
        if row["type"] == "intelligence" and not may_see_item(
            user,
            holder=holder,
            handling_code=row.get("handling_code"),
            conditions=row.get("handling_conditions"),
            known_agencies=known,
        ):
            details.append(
                RecordDetail(
                    record_id=rid,
                    type="intelligence",
                    agency=holder,
                    restricted=True,
                    notice=restricted_notice(holder, ctx.settings.agency_contacts.get(holder)),
                )
            )
            continue
        named = list(dict.fromkeys(row.get("person_ids") or []))
        people = [
            PersonOption(
                person_id=p,
                label=person_label(p, names.get(p)),
                role=(names.get(p) or {}).get("role"),
                risk_level=(names.get(p) or {}).get("risk_level"),
            )
            for p in named
            if scope.covers(p)
        ]
        details.append(
            RecordDetail(
                record_id=rid,
                type=row["type"],
                agency=holder or None,
                at=row.get("at"),
                returned_at=row.get("returned_at"),
                grading=row.get("grading"),
                category=row.get("category"),
                people=sorted(people, key=lambda p: p.label.lower()),
                hidden_people=len(named) - len(people),
            )
        )
    return details


def record_details(
    ctx: ServiceContext, user: User, record_ids: list[str], *, limit: int = 200
) -> list[RecordDetail]:
    """The reports and episodes behind a link, with gradings and dates; a CONSULTATION.

    The event names the records and the people they name (ids only).
    """
    require(user, Permission.VIEW_NETWORK)
    scope = person_scope(ctx.driver, user, database=ctx.database)
    ids = list(dict.fromkeys(record_ids))[: max(1, min(limit, 1000))]
    details = visible_records(ctx, user, scope, ids)
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"viewed the {len(details)} records behind a network link",
        records=[*ids, *(p.person_id for d in details for p in d.people)],
    )
    return details


# -- export --------------------------------------------------------------------------------------
def _uk(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%d/%m/%Y %H:%M")


def network_json(view: NetworkView, *, exported_by: str, exported_at: datetime) -> str:
    """The chart's data (nodes, links, every piece of evidence) as JSON."""
    return json.dumps(
        {
            "classification": "OFFICIAL-SENSITIVE",
            "exported_by": exported_by,
            "exported_at": exported_at.isoformat(),
            "note": "Links are advisory and come from the records listed with each; "
            "no score is computed for any person.",
            **view.model_dump(mode="json"),
        },
        indent=2,
        ensure_ascii=False,
    )


def _shape(kind: str, x: float, y: float, r: float, fill: str) -> str:
    shape = NODE_SHAPES.get(kind, "ellipse")
    style = f'fill="{fill}" stroke="#333" stroke-width="0.8"'
    if shape == "ellipse":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {style}/>'
    if shape == "round-rectangle":
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" '
            f'rx="{r / 3:.1f}" {style}/>'
        )
    corners = {"diamond": 4, "triangle": 3, "hexagon": 6, "octagon": 8}.get(shape, 4)
    offset = -math.pi / 2
    points = " ".join(
        f"{x + r * math.cos(offset + 2 * math.pi * i / corners):.1f},"
        f"{y + r * math.sin(offset + 2 * math.pi * i / corners):.1f}"
        for i in range(corners)
    )
    return f'<polygon points="{points}" {style}/>'


def legend_svg() -> str:
    """The legend of node kinds (shape and colour), as a small SVG with no data in it."""
    kinds = list(NODE_KIND_LABELS)
    width, row = 250, 22
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{row * len(kinds) + 8}"'
        ' font-family="sans-serif" font-size="12">'
    ]
    for i, kind in enumerate(kinds):
        y = 14 + i * row
        parts.append(_shape(kind, 12, y, 7, NODE_COLOURS[kind]))
        parts.append(f'<text x="28" y="{y + 4}">{html.escape(NODE_KIND_LABELS[kind])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def network_svg(view: NetworkView, *, exported_by: str, exported_at: datetime) -> str:
    """The chart drawn server-side as SVG, with its legend and the OFFICIAL-SENSITIVE marking.

    Every text from the records is XML-escaped, so a name can never become markup.
    """
    margin, header = 40.0, 50.0
    xs = [n.x for n in view.nodes] or [0.0]
    ys = [n.y for n in view.nodes] or [0.0]
    left, top = min(xs) - margin, min(ys) - margin
    width = max(max(xs) - left + margin, 600.0)
    height = max(ys) - top + margin + header + 180.0

    def at(node: NetworkNode) -> tuple[float, float]:
        return node.x - left, node.y - top + header

    where = {n.node_id: at(n) for n in view.nodes}
    esc = html.escape
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif">',
        "<title>Network chart (OFFICIAL-SENSITIVE)</title>",
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        f'<text x="10" y="20" font-size="14" font-weight="bold">OFFICIAL-SENSITIVE · '
        f"Network chart · {esc(str(view.people_shown))} people, {len(view.links)} links</text>",
        f'<text x="10" y="38" font-size="11">Evidence {esc(_uk(view.window_start))} to '
        f"{esc(_uk(view.window_end))} · exported {esc(_uk(exported_at))} by "
        f"{esc(exported_by)} · links are advisory; grading of the strongest record on each"
        "</text>",
    ]
    for lk in view.links:
        if lk.source not in where or lk.target not in where:
            continue
        (x1, y1), (x2, y2) = where[lk.source], where[lk.target]
        dash = ' stroke-dasharray="4 3"' if lk.kind != "association" else ""
        stroke = 0.6 + min(lk.weight, 4.0) * 0.6
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#888" '
            f'stroke-width="{stroke:.1f}"{dash}/>'
        )
        parts.append(
            f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 - 2:.1f}" font-size="7" '
            f'fill="#555" text-anchor="middle">{esc(lk.label)}</text>'
        )
    for node in view.nodes:
        x, y = where[node.node_id]
        parts.append(_shape(node.kind, x, y, 12 if node.focus else 9, NODE_COLOURS[node.kind]))
        parts.append(
            f'<text x="{x:.1f}" y="{y + 20:.1f}" font-size="8" text-anchor="middle">'
            f"{esc(node.label)}</text>"
        )
    legend_top = height - 170
    for i, kind in enumerate(NODE_KIND_LABELS):
        y = legend_top + 14 + i * 20
        parts.append(_shape(kind, 20, y, 7, NODE_COLOURS[kind]))
        parts.append(
            f'<text x="36" y="{y + 4:.1f}" font-size="11">{esc(NODE_KIND_LABELS[kind])}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def export_network(
    ctx: ServiceContext,
    user: User,
    view: NetworkView,
    *,
    fmt: Literal["svg", "json"],
    recipients: list[str],
    justification: str,
    now: datetime | None = None,
) -> NetworkExport:
    """The chart as SVG or its data as JSON, recorded as a DISCLOSURE to the recipients.

    Only the practice lead exports: operational users have no export beyond the meeting pack.
    """
    require(user, Permission.VIEW_NETWORK)
    scope = person_scope(ctx.driver, user, database=ctx.database)
    if scope.people is not None:
        raise AccessDenied(
            "operational users have no export beyond the meeting pack; ask the practice lead"
        )
    named = [r.strip() for r in recipients if r and r.strip()]
    if not named:
        raise ValidationFailed("name who will receive the export (recipients)")
    reason = (justification or "").strip()
    if not reason:
        raise ValidationFailed("give the reason for the disclosure")
    moment = now or datetime.now(UTC)
    stamp = moment.astimezone(LONDON).strftime("%Y%m%d-%H%M")
    if fmt == "svg":
        content = network_svg(view, exported_by=user.username, exported_at=moment)
        media_type, suffix = "image/svg+xml", "svg"
    elif fmt == "json":
        content = network_json(view, exported_by=user.username, exported_at=moment)
        media_type, suffix = "application/json", "json"
    else:
        raise ValidationFailed(f"unknown export format {fmt!r}")
    people = [n.node_id for n in view.people()]
    ctx.audit.record(
        user,
        AuditAction.DISCLOSURE,
        f"exported a network chart as {suffix.upper()}: {len(people)} people, "
        f"{len(view.links)} links",
        records=people,
        justification=reason,
        recipients=named,
    )
    return NetworkExport(
        filename=f"network-{stamp}.{suffix}",
        media_type=media_type,
        content=content.encode("utf-8"),
        recipients=named,
    )
