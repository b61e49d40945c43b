"""The igraph backend: same links, same clusters and brokers as networkx, recorded on the run."""

from __future__ import annotations

import networkx as nx
import pytest

from cseboard.analysis import igraph_backend
from cseboard.analysis.backend import NetworkxBackend, run_analysis
from cseboard.analysis.clusters import clusters
from cseboard.analysis.igraph_backend import IgraphBackend, igraph_clusters
from cseboard.analysis.roles import brokers
from cseboard.models.analysis import AnalysisParams
from unit.analysis.evidence_builders import END
from unit.analysis.test_analysis_run import network


def test_two_planted_groups_come_out_the_same_from_both_libraries() -> None:
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "b", 1.0), ("b", "c", 1.0), ("a", "c", 0.8)])
    G.add_weighted_edges_from([("x", "y", 1.0), ("y", "z", 0.6), ("x", "z", 1.0)])
    G.add_weighted_edges_from([("c", "x", 0.3), ("p", "q", 1.0)])
    expected = [{"a", "b", "c"}, {"x", "y", "z"}]
    assert clusters(G, seed=1) == expected
    assert igraph_clusters(G, seed=1) == expected
    assert igraph_clusters(G, seed=1) == igraph_clusters(G, seed=1)


def test_exact_betweenness_agrees_with_networkx() -> None:
    G = nx.Graph()
    G.add_weighted_edges_from([("g1", "man", 1.0), ("g2", "man", 0.5), ("g3", "man", 1.0)])
    G.add_weighted_edges_from([("g1", "g2", 0.25), ("g3", "x", 1.0), ("x", "y", 1.0)])
    ours = igraph_backend._betweenness(G)
    found = brokers(G, sample_above=100)
    assert found
    for r in found:
        assert ours[r.person_id] == pytest.approx(r.value, abs=1e-6)


def test_a_run_records_its_backend_and_finds_the_same_groups() -> None:
    params = AnalysisParams(window_end=END, seed=3, hotspot_min_young_people=2)
    by_networkx = run_analysis(network(), params, run_at=END, backend=NetworkxBackend())
    by_igraph = run_analysis(network(), params, run_at=END, backend=IgraphBackend())
    assert (by_networkx.backend, by_igraph.backend) == ("networkx", "igraph")
    assert [c.members for c in by_igraph.clusters] == [c.members for c in by_networkx.clusters]
    assert (by_igraph.graph_nodes, by_igraph.graph_edges) == (9, 8)
    top = {r.person_id for r in by_networkx.roles if r.kind == "broker"}
    assert {r.person_id for r in by_igraph.roles if r.kind == "broker"} == top
