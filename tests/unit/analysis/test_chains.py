"""The k shortest chains between two people: order, ties, bounds and simple paths, by hand."""

from __future__ import annotations

from datetime import UTC, datetime

import networkx as nx
import pytest

from cseboard.analysis.explain import shortest_chains
from cseboard.analysis.projection import EdgeEvidence
from cseboard.errors import NotFound

T = datetime(2024, 5, 1, tzinfo=UTC)


def graph(*links: tuple[str, str, float]) -> nx.Graph:
    G = nx.Graph()
    for u, v, w in links:
        G.add_edge(
            u,
            v,
            weight=w,
            distance=1 / w,
            first_seen=T,
            last_seen=T,
            kinds=["same_report"],
            evidence=[EdgeEvidence("same_report", (f"police/{u}{v}",), "1AP", w, T, T, None)],
        )
    return G


def test_fewest_links_first_then_the_strongest_weakest_link_then_total_weight() -> None:
    # Three 2-link chains: via m (weakest 0.5, total 1.5), via n (weakest 0.5, total 1.1) and
    # via o (weakest 0.6): o first, then m (same weakest as n, more weight), then n.
    G = graph(
        ("a", "m", 1.0), ("m", "b", 0.5),
        ("a", "n", 0.6), ("n", "b", 0.5),
        ("a", "o", 0.6), ("o", "b", 0.9),
        ("a", "b2", 1.0),
    )
    chains = shortest_chains(G, "a", "b")
    assert [c.persons for c in chains] == [["a", "o", "b"], ["a", "m", "b"], ["a", "n", "b"]]
    assert [c.weakest for c in chains] == [0, 1, 1]
    assert chains[1].hops[1].evidence[0].ids == ["police/mb"]


def test_a_direct_link_beats_any_longer_chain_and_k_bounds_the_answer() -> None:
    G = graph(("a", "b", 0.12), ("a", "x", 1.0), ("x", "b", 1.0))
    assert [c.persons for c in shortest_chains(G, "a", "b", k=1)] == [["a", "b"]]
    assert [c.persons for c in shortest_chains(G, "a", "b")] == [["a", "b"], ["a", "x", "b"]]
    assert shortest_chains(G, "a", "b", k=0) == []


def test_chains_are_simple_and_bounded_in_length() -> None:
    # A cycle x-y-z-x beside the way: no chain visits anyone twice.
    G = graph(("a", "x", 1.0), ("x", "y", 1.0), ("y", "z", 1.0), ("z", "x", 1.0), ("z", "b", 1.0))
    chains = shortest_chains(G, "a", "b", k=5)
    assert [c.persons for c in chains] == [["a", "x", "z", "b"], ["a", "x", "y", "z", "b"]]
    assert all(len(set(c.persons)) == len(c.persons) for c in chains)
    assert shortest_chains(G, "a", "b", max_hops=2) == []
    assert [c.persons for c in shortest_chains(G, "a", "b", max_hops=3)] == [["a", "x", "z", "b"]]


def test_unknown_people_and_the_same_person() -> None:
    G = graph(("a", "b", 1.0))
    G.add_node("alone")
    assert shortest_chains(G, "a", "alone") == []
    [same] = shortest_chains(G, "a", "a")
    assert same.persons == ["a"] and same.hops == [] and same.weakest is None
    with pytest.raises(NotFound):
        shortest_chains(G, "a", "nobody")
