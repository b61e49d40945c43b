"""Structural positions in the person graph: brokers, hubs, adults around children, bridges."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import networkx as nx

from cseboard.models.analysis import RoleResult

__all__ = [
    "adults_linked_to_young_people",
    "bridges",
    "broker_results",
    "brokers",
    "hubs",
]


def _require_undirected(G: nx.Graph) -> None:
    if G.is_directed() or G.is_multigraph():
        raise nx.NetworkXNotImplemented("not implemented for directed or multigraph type")


def _role(G: nx.Graph, node: str) -> str | None:
    role = G.nodes[node].get("role")
    return str(role) if role is not None else None


def brokers(
    G: nx.Graph,
    *,
    k: int | None = None,
    sample_above: int = 2000,
    sample_size: int = 200,
    max_work: int = 5_000_000,
    seed: int | None = None,
    weight: str = "weight",
    top: int = 20,
) -> list[RoleResult]:
    """People who lie on many of the strongest chains between others (betweenness).

    Betweenness is computed over linked people only, with edge length 1/``weight``, so a
    strong link is a short one. Pass the strong links
    (:func:`~cseboard.analysis.projection.strong_links`) so that chance co-locations do not
    make brokers. A chain never leaves its connected group of people, so each group is
    computed on its own: exactly, or, for a large group, estimated from sampled sources.

    Parameters
    ----------
    G : networkx.Graph
        Undirected person graph.
    k : int, optional
        Number of source people sampled over the whole graph. ``None`` decides per connected
        group: exact when the group has at most ``sample_above`` people and its exact work
        (people × 2 × links) is within ``max_work``; otherwise
        ``min(sample_size, max_work // (2 × links))`` sources of that group, at least one.
    sample_above, sample_size, max_work : int
        The automatic rule above. ``max_work`` bounds the edge visits of the shortest-path
        searches in one group, hence the time (about 0.5-5 s per million visits in pure
        Python, more in large groups).
    seed : int, optional
        Seed of the source samples (record it with the run).
    weight : str, default "weight"
        Edge attribute holding link strength (missing means 1).
    top : int, default 20
        How many people to return (people with betweenness 0 are never returned).

    Returns
    -------
    list of RoleResult
        ``kind="broker"``, ``value`` = normalised betweenness over all linked people (as
        networkx normalises it), highest first; ``details`` has ``degree`` and ``sources``
        (the number of sources used).

    Notes
    -----
    Exact betweenness of a group costs O(nm + n² log n); sampling k sources costs
    O(k(m + n log n)). networkx alone would also spend O(n) per source on the whole graph,
    which is quadratic in the number of people when there are many small groups.

    Examples
    --------
    >>> G = nx.Graph([("g1", "man"), ("g2", "man"), ("g3", "man"), ("g1", "g2")])
    >>> [(r.person_id, round(r.value, 3)) for r in brokers(G)]
    [('man', 0.667)]
    """
    _require_undirected(G)
    isolated = [node for node, d in G.degree() if d == 0]
    linked = G.subgraph([node for node, d in G.degree() if d > 0]) if isolated else G
    n = linked.number_of_nodes()
    if n == 0:
        return []
    centrality: dict[str, float]
    if k is not None and k < n:

        def length(u: str, v: str, data: dict[str, Any]) -> float:
            return 1.0 / float(data.get(weight, 1.0))

        centrality = nx.betweenness_centrality(
            linked, k=k, normalized=True, weight=length, seed=seed
        )
        used = k
        how = f"estimated from {k} sampled sources of {n}, seed {seed}"
    else:
        rule = (sample_above, sample_size, max_work) if k is None else None
        centrality, used, sampled_groups = _by_group(linked, weight, rule, seed)
        how = (
            f"estimated from {used} sources: {sampled_groups} connected group"
            f"{'' if sampled_groups == 1 else 's'} of more than {sample_above} people or "
            f"{max_work} edge visits sampled, seed {seed}; exact elsewhere"
            if sampled_groups
            else f"exact over {n} linked people"
        )
    measure = f"betweenness centrality (normalised; edge length 1/{weight}; {how})"
    return broker_results(G, centrality, measure=measure, sources=used, top=top)


def broker_results(
    G: nx.Graph, centrality: dict[str, float], *, measure: str, sources: int, top: int = 20
) -> list[RoleResult]:
    """The ``top`` people by betweenness (never one with 0) as broker roles, highest first."""
    ranked = sorted(
        ((value, node) for node, value in centrality.items() if value > 0),
        key=lambda vn: (-vn[0], vn[1]),
    )[:top]
    return [
        RoleResult(
            kind="broker",
            person_id=node,
            person_role=_role(G, node),
            rank=rank,
            value=round(value, 6),
            measure=measure,
            details={"degree": float(G.degree(node)), "sources": float(sources)},
        )
        for rank, (value, node) in enumerate(ranked, start=1)
    ]


def _by_group(
    G: nx.Graph, weight: str, rule: tuple[int, int, int] | None, seed: int | None
) -> tuple[dict[str, float], int, int]:
    """Normalised betweenness one connected group at a time; (values, sources, groups sampled).

    networkx initialises per-node tables over the whole graph for every source; a shortest
    path never leaves its group, so each group is searched on its own, on a light copy that
    holds only the edge lengths (faster to search than a subgraph view). ``rule`` is
    (sample_above, sample_size, max_work), or ``None`` for exact everywhere. Exact values
    are those networkx gives for the whole graph; sampled ones are its estimates.
    """
    n = G.number_of_nodes()
    result = dict.fromkeys(G, 0.0)
    if n < 3:
        return result, n, 0
    scale = 2.0 / ((n - 1) * (n - 2))  # networkx's normalisation over all linked people
    used = 0
    sampled_groups = 0
    for group in sorted(nx.connected_components(G), key=lambda g: (-len(g), min(g))):
        size = len(group)
        if size < 3:
            used += size
            continue
        part = nx.Graph()
        part.add_nodes_from(sorted(group))
        part.add_weighted_edges_from(
            (
                (u, v, 1.0 / float(strength))
                for u, v, strength in G.subgraph(group).edges(data=weight, default=1.0)
            ),
            weight="length",
        )
        sources: int | None = None
        if rule is not None:
            sample_above, sample_size, max_work = rule
            visits = 2 * part.number_of_edges()
            if size > sample_above or size * visits > max_work:
                sources = max(1, min(sample_size, max_work // max(1, visits)))
                if sources >= size:
                    sources = None
        raw: dict[str, float] = nx.betweenness_centrality(
            part, k=sources, normalized=False, weight="length", seed=seed
        )
        used += size if sources is None else sources
        sampled_groups += sources is not None
        for node, value in raw.items():
            result[node] = value * scale
    return result, used, sampled_groups


def hubs(G: nx.Graph, *, weight: str = "weight", top: int = 20) -> list[RoleResult]:
    """People with the most, and strongest, links (weighted degree).

    Parameters
    ----------
    G : networkx.Graph
        Undirected person graph.
    weight : str, default "weight"
        Edge attribute summed per person (missing means 1).
    top : int, default 20
        How many to return.

    Returns
    -------
    list of RoleResult
        ``kind="hub"``, ``value`` = sum of link weights; ``details`` has ``degree``.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", 1.0), ("a", "c", 0.5), ("b", "c", 0.2)])
    >>> [(r.person_id, r.value, r.details["degree"]) for r in hubs(G, top=1)]
    [('a', 1.5, 2.0)]
    """
    _require_undirected(G)
    adj = G.adj
    ranked = sorted(
        (
            (sum(float(d.get(weight, 1.0)) for d in adj[node].values()), node)
            for node in G
            if adj[node]
        ),
        key=lambda vn: (-vn[0], vn[1]),
    )[:top]
    return [
        RoleResult(
            kind="hub",
            person_id=node,
            person_role=_role(G, node),
            rank=rank,
            value=round(value, 6),
            measure=f"weighted degree (sum of link {weight})",
            details={"degree": float(len(adj[node]))},
        )
        for rank, (value, node) in enumerate(ranked, start=1)
    ]


def adults_linked_to_young_people(G: nx.Graph, *, threshold: int = 3) -> list[RoleResult]:
    """Associates linked directly to at least ``threshold`` distinct young people.

    Parameters
    ----------
    G : networkx.Graph
        Person graph whose nodes carry ``role`` (``young_person`` / ``associate``); the
        backend passes the strong links, so a chance co-location never counts.
    threshold : int, default 3
        Smallest number of young people.

    Returns
    -------
    list of RoleResult
        ``kind="adult_linked_to_young_people"``, ``value`` = number of young people,
        ``related_ids`` = those young people; most first.

    Examples
    --------
    >>> G = nx.Graph([("man", "g1"), ("man", "g2"), ("man", "g3"), ("g1", "g2")])
    >>> nx.set_node_attributes(G, "young_person", "role")
    >>> G.nodes["man"]["role"] = "associate"
    >>> [(r.person_id, r.related_ids) for r in adults_linked_to_young_people(G)]
    [('man', ['g1', 'g2', 'g3'])]
    """
    _require_undirected(G)
    found: list[tuple[str, list[str], float]] = []
    for node, role in G.nodes(data="role"):
        if role != "associate":
            continue
        young = sorted(n for n in G[node] if G.nodes[n].get("role") == "young_person")
        if len(young) >= threshold:
            strength = sum(float(G[node][n].get("weight", 1.0)) for n in young)
            found.append((node, young, strength))
    found.sort(key=lambda f: (-len(f[1]), f[0]))
    return [
        RoleResult(
            kind="adult_linked_to_young_people",
            person_id=node,
            person_role="associate",
            rank=rank,
            value=float(len(young)),
            measure=f"young people linked directly (threshold {threshold})",
            related_ids=young,
            details={"young_people": float(len(young)), "link_weight": round(strength, 6)},
        )
        for rank, (node, young, strength) in enumerate(found, start=1)
    ]


def bridges(
    G: nx.Graph,
    clusters: Mapping[str, Collection[str]],
    *,
    min_clusters: int = 2,
    top: int | None = None,
) -> list[RoleResult]:
    """People with links into at least ``min_clusters`` different clusters (their own counts).

    Parameters
    ----------
    G : networkx.Graph
        Undirected person graph.
    clusters : mapping of str to collection of str
        Cluster id → members (as :func:`~cseboard.analysis.clusters.match_clusters` returns).
    min_clusters : int, default 2
        Smallest number of clusters reached.
    top : int, optional
        Return only the first ``top`` (dense graphs make many people bridges).

    Returns
    -------
    list of RoleResult
        ``kind="bridge"``, ``value`` = clusters reached, ``related_ids`` = their ids,
        ``details`` = links into each cluster (``links:<id>``) and ``outside_links`` (links
        into clusters other than their own); most clusters first, then most outside links.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "x"), ("x", "y"), ("y", "z")])
    >>> r = bridges(G, {"C-0001": {"a", "b", "c"}, "C-0002": {"x", "y", "z"}})
    >>> [(b.person_id, b.related_ids) for b in r]
    [('c', ['C-0001', 'C-0002']), ('x', ['C-0001', 'C-0002'])]
    """
    _require_undirected(G)
    cluster_of: dict[str, str] = {}
    for cid, members in clusters.items():
        for m in members:
            cluster_of.setdefault(m, cid)
    found: list[tuple[str, dict[str, int]]] = []
    for node in G:
        reached: dict[str, int] = {}
        own = cluster_of.get(node)
        if own is not None:
            reached[own] = 0
        for n in G[node]:
            theirs = cluster_of.get(n)
            if theirs is not None:
                reached[theirs] = reached.get(theirs, 0) + 1
        if len(reached) >= min_clusters:
            found.append((node, reached))

    def outside(node: str, reached: dict[str, int]) -> int:
        own = cluster_of.get(node)
        return sum(count for cid, count in reached.items() if cid != own)

    found.sort(key=lambda f: (-len(f[1]), -outside(*f), f[0]))
    if top is not None:
        found = found[:top]
    return [
        RoleResult(
            kind="bridge",
            person_id=node,
            person_role=_role(G, node),
            rank=rank,
            value=float(len(reached)),
            measure=f"clusters reached by own membership or direct links (min {min_clusters})",
            related_ids=sorted(reached),
            details={
                "outside_links": float(outside(node, reached)),
                **{f"links:{cid}": float(count) for cid, count in sorted(reached.items())},
            },
        )
        for rank, (node, reached) in enumerate(found, start=1)
    ]
