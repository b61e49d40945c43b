"""The meeting's cohort network: links among the cohort today and as frozen at a past meeting.

A link here is a link of the analysis (:func:`~cseboard.services.projection.user_projection`,
read around the cohort with the partnership's parameters over :data:`NETWORK_WINDOW_DAYS`), the
same as on the network explorer and the profile. Links are kept with the records behind each
piece of evidence, so that a viewer is shown only the pieces resting entirely on records they
may see; a link left with none is not drawn, and the chart says whom to ask.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from cseboard.analysis.layout import seeded_layout
from cseboard.models.meetings import (
    CohortNetwork,
    MeetingSnapshot,
    NetworkComparison,
    NetworkEdge,
    NetworkView,
    NetworkViewEdge,
    NetworkViewNode,
    RestrictedRecord,
    rag_for,
    rag_label,
)
from cseboard.models.users import AuditAction, User
from cseboard.models.values import LONDON
from cseboard.services.analysis import analysis_params
from cseboard.services.context import ServiceContext
from cseboard.services.operations import (
    ItemFilter,
    meeting_purpose,
    meeting_store,
    now_utc,
    require_operation,
    restricted_holder_notice,
    snapshot_of,
    viewer_filter,
)
from cseboard.services.projection import user_projection
from cseboard.services.scope import person_scope

__all__ = ["NETWORK_WINDOW_DAYS", "cohort_network", "network_comparison", "visible_network"]

NETWORK_WINDOW_DAYS = 365
"""The cohort network rests on the evidence of this many days before it is read."""


def cohort_network(
    ctx: ServiceContext, user: User, cohort: Iterable[str], now: datetime
) -> CohortNetwork:
    """Every link among the cohort, with each piece of evidence's records (no viewer filter).

    C-coded records behind the links are listed with their holder and conditions, so that
    :func:`visible_network` can check them for each viewer (today, or years later for a
    snapshot). Nothing here is shown to anyone before that check.
    """
    members = sorted(set(cohort))
    params = analysis_params(ctx, window_end=now, window_days=NETWORK_WINDOW_DAYS)
    seen = user_projection(ctx, user, params, around=members, keep_restricted=True).projection
    G = seen.graph
    inside = set(members)
    edges: list[NetworkEdge] = []
    used: set[str] = set()
    for a, b in G.subgraph(inside).edges:
        x, y = sorted((str(a), str(b)))
        data = G[x][y]
        pieces = sorted({tuple(sorted(e.ids)) for e in data["evidence"]})
        records = sorted({r for piece in pieces for r in piece})
        used.update(records)
        edges.append(
            NetworkEdge(
                a=x,
                b=y,
                kinds=list(data["kinds"]),
                records=records,
                evidence=[list(piece) for piece in pieces],
            )
        )
    edges.sort(key=lambda e: (e.a, e.b))
    restricted = {
        i.intel_id: RestrictedRecord(holder=i.agency, conditions=i.handling_conditions)
        for i in seen.evidence.intelligence
        if i.handling_code == "C" and i.intel_id in used
    }
    return CohortNetwork(
        nodes=members, edges=edges, restricted=restricted, window_days=NETWORK_WINDOW_DAYS
    )


def visible_network(
    ctx: ServiceContext, network: CohortNetwork, visible: ItemFilter
) -> tuple[CohortNetwork, int, list[str]]:
    """The network as a viewer may see it: pieces of evidence resting on a record they may not
    see are left out, and a link left with none is hidden (counted, with whom to ask)."""
    edges = []
    hidden = 0
    holders: set[str] = set()

    def readable(record: str) -> bool:
        meta = network.restricted.get(record)
        if meta is None or visible(meta.holder, "C", meta.conditions):
            return True
        holders.add(meta.holder)
        return False

    for edge in network.edges:
        pieces = [piece for piece in edge.pieces() if all(readable(r) for r in piece)]
        if not pieces:
            hidden += 1
            continue
        records = sorted({r for piece in pieces for r in piece})
        edges.append(edge.model_copy(update={"records": records, "evidence": pieces}))
    kept = {r for e in edges for r in e.records}
    restricted = {k: v for k, v in network.restricted.items() if k in kept}
    trimmed = network.model_copy(update={"edges": edges, "restricted": restricted})
    return trimmed, hidden, [restricted_holder_notice(ctx, h) for h in sorted(holders)]


def _layout(networks: list[CohortNetwork]) -> dict[str, tuple[float, float]]:
    """One seeded layout over the union of the networks, so a person sits in the same place in
    both charts and the chart never changes between reruns."""
    nodes = sorted({n for net in networks for n in net.nodes})
    links = sorted({(e.a, e.b) for net in networks for e in net.edges})
    return seeded_layout(nodes, ((a, b, 1.0) for a, b in links))


def _view(
    title: str,
    as_at: datetime,
    network: CohortNetwork,
    levels: dict[str, str | None],
    labels: dict[str, str],
    positions: dict[str, tuple[float, float]],
    hidden: int,
    notices: list[str],
    compared: CohortNetwork | None = None,
) -> NetworkView:
    before = {(e.a, e.b) for e in compared.edges} if compared is not None else None
    nodes = [
        NetworkViewNode(
            person_id=p,
            label=labels.get(p, "former cohort member"),
            rag=rag_for(levels.get(p)),
            rag_text=rag_label(levels.get(p)),
            x=positions[p][0],
            y=positions[p][1],
        )
        for p in network.nodes
    ]
    edges = [
        NetworkViewEdge(
            a=e.a,
            b=e.b,
            kinds=e.kinds,
            records=len(e.records),
            x1=positions[e.a][0],
            y1=positions[e.a][1],
            x2=positions[e.b][0],
            y2=positions[e.b][1],
            new=before is not None and (e.a, e.b) not in before,
        )
        for e in network.edges
        if e.a in positions and e.b in positions
    ]
    return NetworkView(
        title=title, as_at=as_at, nodes=nodes, edges=edges, hidden_links=hidden, notices=notices
    )


def network_comparison(
    ctx: ServiceContext,
    user: User,
    operation_id: str,
    *,
    purpose: str | None,
    meeting_id: str | None = None,
    now: datetime | None = None,
) -> NetworkComparison:
    """Today's cohort network and, with ``meeting_id``, the one frozen at that meeting.

    Links rest on reports naming two members (not E-graded) and missing episodes recording two
    members together within :data:`NETWORK_WINDOW_DAYS`; links resting only on C reports the
    viewer may not see are not drawn, and the chart says whom to ask. Audited as a
    consultation (a network view of people).
    """
    require_operation(ctx, user, operation_id)
    justification = meeting_purpose(purpose)
    moment = now_utc(now)
    store = meeting_store(ctx)
    visible = viewer_filter(ctx, user)
    cohort = store.cohort(operation_id)
    current_levels: dict[str, str | None] = {str(r["person_id"]): r["risk_level"] for r in cohort}
    labels = {str(r["person_id"]): str(r["display_name"] or r["person_id"]) for r in cohort}
    today, hidden, notices = visible_network(
        ctx, cohort_network(ctx, user, current_levels, moment), visible
    )
    past: tuple[MeetingSnapshot, CohortNetwork, int, list[str]] | None = None
    if meeting_id is not None:
        snapshot = snapshot_of(store, operation_id, meeting_id)
        net, past_hidden, past_notices = visible_network(ctx, snapshot.network, visible)
        past = (snapshot, net, past_hidden, past_notices)
        former = [p for p in net.nodes if p not in labels]
        if former:
            scope = person_scope(ctx, user)
            for person_id, name in store.names(former).items():
                if scope.covers(person_id) and name:
                    labels[person_id] = name
    positions = _layout([today] + ([past[1]] if past else []))
    current_view = _view(
        "Today",
        moment,
        today,
        current_levels,
        labels,
        positions,
        hidden,
        notices,
        compared=past[1] if past else None,
    )
    past_view = None
    if past is not None:
        snapshot, net, past_hidden, past_notices = past
        levels = {m.person_id: m.risk_level for m in snapshot.cohort}
        when = snapshot.held_at.astimezone(LONDON)
        past_view = _view(
            f"At the meeting of {when:%d/%m/%Y}",
            snapshot.held_at,
            net,
            levels,
            labels,
            positions,
            past_hidden,
            past_notices,
        )
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"cohort network of operation {operation_id} viewed",
        records=[operation_id, *([meeting_id] if meeting_id else []), *today.nodes],
        justification=justification,
    )
    return NetworkComparison(current=current_view, past=past_view)
