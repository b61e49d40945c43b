"""A chart's nodes, links and positions from a user's projection (no reads, no audit here).

The explorer's service decides who is drawn; this module turns those people, the places and
objects tying them together and the links between them into read models, keeps positions
stable while the chart grows, and draws a cluster as one node when asked.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, cast

import networkx as nx

from cseboard.analysis.explain import explain_link
from cseboard.analysis.layout import extend_layout, seeded_layout
from cseboard.analysis.neighbourhood import object_mentions, record_counts
from cseboard.analysis.selection import Selection
from cseboard.models.analysis import LinkEvidence
from cseboard.models.network import NetworkFilters, NetworkLink, NetworkNode, NodeKind
from cseboard.services.records import person_label

__all__ = ["UNIT", "Chart", "build_chart", "collapse_clusters", "evidence_of", "make_link"]

UNIT = 70.0
"""Chart units between neighbouring nodes: the unit-disc layout is scaled by this × sqrt(n)."""
SPREAD = 2.5
"""The explorer's layout spreads dense groups (``seeded_layout(spread=…)``) so names fit."""

LinkKind = Literal["association", "place", "object"]


def evidence_of(items: Iterable[Any]) -> list[LinkEvidence]:
    """Edge evidence tuples of a projection as read models."""
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


def make_link(
    source: str, target: str, kind: LinkKind, evidence: list[LinkEvidence]
) -> NetworkLink:
    """One link of the chart: its strongest grading, record count and dates from the evidence."""
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


@dataclass(frozen=True)
class Chart:
    """What one stage of a chart draws: people, other nodes (kind, label) and links."""

    people: list[str]
    others: list[tuple[str, NodeKind, str]]
    links: list[NetworkLink]
    left_out: int
    """Places or objects tying the people together that did not fit under the bound."""
    through: int = 0
    """Links between people drawn only through the place or object they share."""

    @property
    def order(self) -> list[str]:
        return [*self.people, *(node for node, _, _ in self.others)]


def _stage(
    people: list[str],
    G: nx.Graph,
    B: nx.Graph,
    sel: Selection,
    filters: NetworkFilters,
    focus: str | None,
) -> Chart:
    shown = set(people)
    links = [
        make_link(x, y, "association", explain_link(G, x, y))
        for x, y in sorted(tuple(sorted((str(a), str(b)))) for a, b in G.subgraph(shown).edges)
    ]
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
                entry[2][person] = evidence_of(B[person][place].get("evidence", ()))
    if filters.show_objects:
        for (person, node), (kind, value, items) in object_mentions(sel, shown).items():
            entry = extra.setdefault(node, (cast(NodeKind, kind), value, {}))
            entry[2][person] = evidence_of(items)
    candidates = [
        (node, data)
        for node, data in extra.items()
        if len(data[2]) >= 2 or (focus is not None and focus in data[2])
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
    for node, (_, _, per_person) in kept:
        link_kind: LinkKind = "place" if node.startswith("place:") else "object"
        for person, person_evidence in sorted(per_person.items()):
            links.append(make_link(person, node, link_kind, person_evidence))
    others = [(node, kind, label) for node, (kind, label, _) in kept]
    drawn = {node for node, _, _ in others}
    direct = [lk for lk in links if lk.kind != "association" or not _through(lk, drawn)]
    return Chart(
        people, others, direct, max(len(candidates) - room, 0), len(links) - len(direct)
    )


_HUBS = {
    "shared_vehicle": "vehicle:",
    "shared_phone": "phone:",
    "shared_account": "account:",
    "colocation": "place:",
}


def _through(link: NetworkLink, drawn: set[str]) -> bool:
    """Whether every piece of a link's evidence is a place or object drawn between the two.

    Such a link is drawn as the two people's lines to that place or object (as a link chart
    draws a shared vehicle: one node with a spoke to each person), not as a line of its own.
    """
    return all(
        e.kind in _HUBS and e.detail is not None and f"{_HUBS[e.kind]}{e.detail}" in drawn
        for e in link.evidence
    )


def build_chart(
    stages: list[list[str]],
    G: nx.Graph,
    B: nx.Graph,
    sel: Selection,
    filters: NetworkFilters,
    *,
    focus: str | None,
    cluster_of: dict[str, str],
) -> tuple[Chart, list[NetworkNode]]:
    """The last stage's chart and nodes; positions grow stage by stage (nothing placed moves).

    ``stages`` are the people drawn before and after each expansion, each a superset of the one
    before; the first is laid out afresh (seeded), every later one around it.
    """
    placed: dict[str, tuple[float, float]] = {}
    chart = Chart([], [], [], 0)
    first = 0
    for people in stages:
        chart = _stage(people, G, B, sel, filters, focus)
        weights = ((lk.source, lk.target, lk.weight) for lk in chart.links)
        if placed:
            placed = extend_layout(placed, chart.order, weights, spread=SPREAD)
        else:
            placed = seeded_layout(chart.order, weights, spread=SPREAD)
            first = len(chart.order)
    # The scale of the first picture: a grown chart keeps every earlier node where it was.
    scale = UNIT * math.sqrt(max(first, 1))
    degree: dict[str, int] = defaultdict(int)
    for lk in chart.links:
        degree[lk.source] += 1
        degree[lk.target] += 1
    counts = record_counts(sel, chart.people)
    expanded = set(filters.expanded)
    nodes: list[NetworkNode] = []
    for pid in chart.people:
        data = G.nodes[pid] if pid in G else {}
        role = data.get("role") or sel.role_of(pid)
        x, y = placed[pid]
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
                focus=pid == focus,
                links=degree[pid],
                records=counts.get(pid, 0),
                expanded=pid in expanded,
                x=round(x * scale, 1),
                y=round(y * scale, 1),
            )
        )
    for node, kind, label in chart.others:
        x, y = placed[node]
        nodes.append(
            NetworkNode(
                node_id=node,
                kind=kind,
                label=label,
                links=degree[node],
                x=round(x * scale, 1),
                y=round(y * scale, 1),
            )
        )
    return chart, nodes


def collapse_clusters(
    nodes: list[NetworkNode], links: list[NetworkLink], collapsed: Iterable[str]
) -> tuple[list[NetworkNode], list[NetworkLink], int]:
    """Each collapsed cluster's people drawn as one node where they were (their centre).

    Links from members to people, places or objects outside the cluster become links of the
    cluster node (evidence kept); links between members are left out and counted.

    Returns
    -------
    nodes, links, internal
        The chart with the clusters collapsed, and how many links inside them were folded.
    """
    wanted = set(collapsed)
    groups: dict[str, list[NetworkNode]] = defaultdict(list)
    for n in nodes:
        if n.person_id is not None and n.cluster_id in wanted:
            groups[str(n.cluster_id)].append(n)
    if not groups:
        return nodes, links, 0
    into = {n.node_id: f"cluster:{cid}" for cid, members in groups.items() for n in members}
    kept = [n for n in nodes if n.node_id not in into]
    for cid, members in sorted(groups.items()):
        kept.append(
            NetworkNode(
                node_id=f"cluster:{cid}",
                kind="cluster",
                label=f"Cluster {cid} ({len(members)} people)",
                cluster_id=cid,
                focus=any(m.focus for m in members),
                records=sum(m.records for m in members),
                members=len(members),
                x=round(sum(m.x for m in members) / len(members), 1),
                y=round(sum(m.y for m in members) / len(members), 1),
            )
        )
    merged: dict[tuple[str, str], tuple[LinkKind, list[LinkEvidence]]] = {}
    internal = 0
    for lk in links:
        source, target = into.get(lk.source, lk.source), into.get(lk.target, lk.target)
        if source == target:
            internal += 1
            continue
        if lk.kind == "association":
            source, target = sorted((source, target))
        merged.setdefault((source, target), (lk.kind, []))[1].extend(lk.evidence)
    folded = [make_link(s, t, kind, ev) for (s, t), (kind, ev) in sorted(merged.items())]
    degree: dict[str, int] = defaultdict(int)
    for lk in folded:
        degree[lk.source] += 1
        degree[lk.target] += 1
    kept = [n.model_copy(update={"links": degree[n.node_id]}) for n in kept]
    return kept, folded, internal
