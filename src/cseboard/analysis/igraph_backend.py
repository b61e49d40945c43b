"""The igraph backend: the same projection, with community detection and betweenness in C.

Louvain clustering and broker betweenness are the stages where python-igraph (a well-kept C
library) is tens of times faster than networkx on the same strong-link graph. Everything else
(the projection, summaries, hotspots, alerts, indicators) is the networkx backend's, so links
and their evidence are the same whichever backend runs; the run records which one did.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping
from typing import Any

import networkx as nx

from cseboard.analysis.backend import NetworkxBackend
from cseboard.analysis.clusters import order_clusters
from cseboard.analysis.roles import (
    adults_linked_to_young_people,
    bridges,
    broker_results,
    hubs,
)
from cseboard.models.analysis import AnalysisParams, RoleResult
from cseboard.models.evidence import EvidenceSet

__all__ = ["IgraphBackend", "igraph_clusters"]


def _to_igraph(G: nx.Graph, weight: str) -> tuple[Any, list[str]]:
    import igraph

    nodes = sorted(G)
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted(
        (index[a], index[b]) if index[a] < index[b] else (index[b], index[a]) for a, b in G.edges
    )
    g = igraph.Graph(n=len(nodes), edges=edges)
    g.es["weight"] = [float(G[nodes[a]][nodes[b]].get(weight, 1.0)) for a, b in edges]
    return g, nodes


def igraph_clusters(
    G: nx.Graph, *, resolution: float = 1.0, min_size: int = 3, seed: int | None = None
) -> list[set[str]]:
    """Louvain communities of ``G`` computed by igraph (``community_multilevel``).

    Nodes and edges are handed over sorted and igraph's random generator is seeded, so the
    same graph and seed give the same clusters.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"),
    ...                   ("x", "z"), ("c", "x")])
    >>> [sorted(c) for c in igraph_clusters(G, seed=1)]
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    import igraph

    if G.number_of_nodes() == 0:
        return []
    g, nodes = _to_igraph(G, "weight")
    igraph.set_random_number_generator(random.Random(seed))
    try:
        parts = g.community_multilevel(weights="weight", resolution=resolution)
    finally:
        igraph.set_random_number_generator(random)
    return order_clusters(({nodes[i] for i in part} for part in parts), min_size)


def _betweenness(G: nx.Graph) -> dict[str, float]:
    """Normalised betweenness with edge length 1/weight (exact, as networkx normalises it)."""
    n = G.number_of_nodes()
    if n < 3:
        return dict.fromkeys(G, 0.0)
    g, nodes = _to_igraph(G, "weight")
    lengths = [1.0 / w for w in g.es["weight"]]
    raw = g.betweenness(directed=False, weights=lengths)
    scale = 2.0 / ((n - 1) * (n - 2))
    return {nodes[i]: float(value) * scale for i, value in enumerate(raw)}


class IgraphBackend(NetworkxBackend):
    """networkx projection and stages, igraph clustering and exact broker betweenness."""

    name = "igraph"

    def clusters(self, evidence: EvidenceSet, params: AnalysisParams) -> list[set[str]]:
        return igraph_clusters(
            self.projection(evidence, params).strong,
            resolution=params.resolution,
            min_size=params.min_cluster_size,
            seed=params.seed,
        )

    def roles(
        self,
        evidence: EvidenceSet,
        params: AnalysisParams,
        clusters: Mapping[str, Collection[str]],
    ) -> list[RoleResult]:
        G = self.projection(evidence, params).strong
        linked = G.subgraph([node for node, d in G.degree() if d > 0])
        return [
            *broker_results(
                G,
                _betweenness(nx.Graph(linked)),
                measure="betweenness (igraph, exact)",
                sources=linked.number_of_nodes(),
                top=params.top_roles,
            ),
            *hubs(G, top=params.top_roles),
            *adults_linked_to_young_people(G, threshold=params.adult_threshold),
            *bridges(G, clusters, min_clusters=params.bridge_min_clusters, top=params.top_roles),
        ]
