"""Clusters, stable ids across runs, summaries, roles and explanations on planted networks."""

from __future__ import annotations

import networkx as nx
import pytest

from cseboard.analysis.clusters import cluster_summary, clusters, match_clusters
from cseboard.analysis.explain import explain_link, explain_membership, shortest_chains
from cseboard.analysis.projection import person_graph
from cseboard.analysis.roles import adults_linked_to_young_people, bridges, brokers, hubs
from cseboard.analysis.selection import select
from cseboard.errors import NotFound
from cseboard.models.evidence import EvidenceSet
from unit.analysis.evidence_builders import END, episode, girl, location, man, person, report


def planted() -> EvidenceSet:
    """Three girls each seen with one adult (and never together); a separate group of four."""
    return EvidenceSet(
        persons=[
            girl("G1", "high"),
            girl("G2", "medium"),
            girl("G3"),
            man("M1"),
            *[person(p) for p in ("A", "B", "C", "D")],
        ],
        locations=[location("L1", "AB1 2CD|chicken shop")],
        intelligence=[
            report(1, ["G1", "M1"], days_ago=40, locations=["L1"]),
            report(2, ["G2", "M1"], days_ago=30, grade="2B", phones=["+447700900001"]),
            report(3, ["G3", "M1"], days_ago=20, grade="1B", vehicles=["AB12CDE"]),
            report(4, ["A", "B", "C", "D"], days_ago=100, agency="school"),
            report(5, ["A", "B"], days_ago=90, agency="school"),
        ],
        episodes=[
            episode(1, "G1", missing_days_ago=35, found="L1"),
            episode(2, "G2", missing_days_ago=400),
        ],
    )


def two_communities() -> nx.Graph:
    G = nx.Graph()
    left, right = ["a", "b", "c", "d"], ["e", "f", "g", "h"]
    for group in (left, right):
        G.add_edges_from((u, v) for i, u in enumerate(group) for v in group[i + 1 :])
    G.add_edge("d", "e")
    return G


def test_planted_star_is_one_cluster_and_the_adult_is_top_broker() -> None:
    G = person_graph(planted(), window_end=END)
    found = clusters(G, seed=42)
    assert found == [{"A", "B", "C", "D"}, {"G1", "G2", "G3", "M1"}]
    top = brokers(G, seed=42)
    assert top[0].person_id == "M1"
    # on the 3 chains between the girls, of 7 * 6 / 2 pairs of linked people
    assert top[0].value == pytest.approx(3 / 21, abs=1e-6)
    assert [b.person_id for b in top] == ["M1"]
    assert top[0].measure.startswith("betweenness centrality")
    [adult] = adults_linked_to_young_people(G, threshold=3)
    assert (adult.person_id, adult.related_ids) == ("M1", ["G1", "G2", "G3"])
    assert adults_linked_to_young_people(G, threshold=4) == []


@pytest.mark.parametrize("seed", [0, 1, 7, 42, 2024])
def test_louvain_exact_partition_on_two_communities(seed: int) -> None:
    assert clusters(two_communities(), seed=seed) == [{"a", "b", "c", "d"}, {"e", "f", "g", "h"}]


def test_louvain_same_seed_same_result_and_min_size() -> None:
    G = nx.karate_club_graph()
    G = nx.relabel_nodes(G, {n: f"P{n:02d}" for n in G})
    assert clusters(G, seed=3) == clusters(G, seed=3)
    assert all(len(c) >= 5 for c in clusters(G, seed=3, min_size=5))
    assert sum(len(c) for c in clusters(G, seed=3, min_size=1)) == 34
    with pytest.raises(nx.NetworkXNotImplemented):
        clusters(nx.DiGraph([("a", "b")]))


def test_stable_cluster_ids_across_runs() -> None:
    first = match_clusters({}, [{"a", "b", "c", "d"}, {"x", "y", "z"}])
    assert list(first) == ["C-0001", "C-0002"]
    second = match_clusters(first, [{"x", "y", "z", "w", "v"}, {"a", "b", "c"}, {"p", "q", "r"}])
    assert second == {
        "C-0002": {"x", "y", "z", "w", "v"},
        "C-0001": {"a", "b", "c"},
        "C-0003": {"p", "q", "r"},
    }
    # C-0001 dissolves; a later new cluster never gets its id back
    third = match_clusters(second, [{"x", "y", "z", "w"}, {"m", "n", "o"}])
    assert list(third) == ["C-0002", "C-0004"]
    fourth = match_clusters(
        {"C-0002": third["C-0002"]}, [{"k", "l", "j"}], used_ids=["C-0001", "C-0003", "C-0004"]
    )
    assert list(fourth) == ["C-0005"]


def test_split_cluster_keeps_id_on_the_larger_overlap_only() -> None:
    previous = {"C-0001": {"a", "b", "c", "d", "e", "f"}}
    current = [{"a", "b", "c", "d"}, {"e", "f", "g"}]
    assert match_clusters(previous, current) == {
        "C-0001": {"a", "b", "c", "d"},
        "C-0002": {"e", "f", "g"},
    }
    assert list(match_clusters(previous, current, min_overlap=0.9)) == ["C-0002", "C-0003"]


def test_cluster_summary_lists_people_places_and_growth() -> None:
    sel = select(planted(), window_end=END)
    G = person_graph(sel)
    summary = cluster_summary(
        G, {"G1", "G2", "G3", "M1"}, sel, cluster_id="C-0001", previous_members={"G1", "M1", "X"}
    )
    assert summary.young_people == ["G1", "G2", "G3"]
    assert summary.associates == ["M1"]
    assert summary.risk_levels == {"high": 1, "medium": 1, "unset": 2}
    assert summary.locations == {"AB1 2CD|chicken shop": 2}
    assert summary.missing_episodes == ["police/M-1"]  # M-2 is before the window
    assert summary.intelligence_count == 3
    assert summary.link_count == 3
    assert (summary.new_members, summary.left_members) == (["G2", "G3"], ["X"])
    assert (summary.previous_size, summary.growth) == (3, 1)
    new = cluster_summary(G, {"A", "B", "C", "D"}, sel, cluster_id="C-0002")
    assert (new.others, new.previous_size, new.growth) == (["A", "B", "C", "D"], None, None)


def test_hubs_and_bridges() -> None:
    G = two_communities()
    nx.set_edge_attributes(G, 1.0, "weight")
    G["d"]["e"]["weight"] = 3.0
    [d, e] = hubs(G, top=2)
    assert (d.person_id, d.value, e.person_id) == ("d", 6.0, "e")
    found = bridges(G, {"C-0001": {"a", "b", "c", "d"}, "C-0002": {"e", "f", "g", "h"}})
    assert [(b.person_id, b.related_ids) for b in found] == [
        ("d", ["C-0001", "C-0002"]),
        ("e", ["C-0001", "C-0002"]),
    ]
    assert found[0].details["outside_links"] == 1.0
    assert bridges(G, {"C-0001": {"a", "b"}}, min_clusters=2) == []


def test_brokers_sampled_with_seed_are_reproducible() -> None:
    G = nx.relabel_nodes(nx.les_miserables_graph(), str)
    exact = brokers(G, top=3)
    assert "sampled" not in exact[0].measure
    sampled = brokers(G, k=20, seed=5, top=5)
    assert sampled == brokers(G, k=20, seed=5, top=5)
    assert "20 sampled sources" in sampled[0].measure
    auto = brokers(G, sample_above=10, sample_size=15, seed=1)
    assert auto[0].details["sources"] == 15.0
    budget = brokers(G, max_work=G.number_of_edges() * 2 * 4, seed=1)
    assert budget[0].details["sources"] == 4.0
    assert exact[0].person_id == "Valjean"


def test_explanations_go_down_to_the_records() -> None:
    G = person_graph(planted(), window_end=END)
    [item] = explain_link(G, "M1", "G2")
    assert (item.kind, item.ids, item.grading) == ("same_report", ["police/I-2"], "2BP")
    assert explain_link(G, "G1", "G2") == []
    members = explain_membership(G, {"G1", "G2", "G3", "M1"}, "M1")
    # G1: a 1A report (1.0) and co-location at the chicken shop (1A report and an episode
    # found there: 0.25 x 1.0)
    assert [(x.b, x.weight) for x in members] == [("G1", 1.25), ("G3", 0.8), ("G2", 0.48)]
    assert members[0].kinds == ["colocation", "same_report"]
    assert [x.strong for x in members] == [True, True, True]
    [chain] = shortest_chains(G, "G2", "G3")
    assert chain.persons == ["G2", "M1", "G3"]
    assert chain.distance == pytest.approx(1 / 0.48 + 1 / 0.8)
    assert chain.weakest == 0  # G2-M1 (0.48) is weaker than M1-G3 (0.8)
    assert [hop.evidence[0].ids for hop in chain.hops] == [["police/I-2"], ["police/I-3"]]
    assert shortest_chains(G, "G1", "A") == []
    with pytest.raises(NotFound):
        explain_link(G, "G1", "nobody")
    with pytest.raises(NotFound):
        explain_membership(G, {"A", "B"}, "G1")
