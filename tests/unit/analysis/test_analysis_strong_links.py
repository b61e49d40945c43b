"""Strong links: what enters clustering, roles and new-link alerts, and what only explains."""

from __future__ import annotations

import networkx as nx
import pytest

from cseboard.analysis.backend import NetworkxBackend, run_analysis
from cseboard.analysis.clusters import clusters
from cseboard.analysis.emerging import emerging_alerts
from cseboard.analysis.explain import explain_link, link_explanation
from cseboard.analysis.projection import person_graph, strong_links
from cseboard.analysis.roles import brokers
from cseboard.analysis.selection import select
from cseboard.models.analysis import AnalysisParams
from cseboard.models.evidence import EvidenceSet, IntelligenceEvidence
from unit.analysis.evidence_builders import END, at, girl, location, man, report

GROUP_A = {"A1", "A2", "A3", "MA"}
GROUP_B = {"B1", "B2", "B3", "MB"}


def _group_reports(first: int, girls: list[str], adult: str) -> list[IntelligenceEvidence]:
    """A planted group: the adult seen with each girl, and the girls seen together."""
    reports = [
        report(first + i, [g, adult], days_ago=60 - 5 * i, grade="1B") for i, g in enumerate(girls)
    ]
    reports.append(report(first + len(girls), girls, days_ago=20, grade="2B"))
    return reports


def two_groups(*extra: IntelligenceEvidence, locations: tuple[str, ...] = ()) -> EvidenceSet:
    return EvidenceSet(
        persons=[*(girl(p) for p in ("A1", "A2", "A3", "B1", "B2", "B3")), man("MA"), man("MB")],
        locations=[location(lid, f"SCH|{lid}", kind="school") for lid in locations],
        intelligence=[
            *_group_reports(1, ["A1", "A2", "A3"], "MA"),
            *_group_reports(11, ["B1", "B2", "B3"], "MB"),
            *extra,
        ],
    )


def test_a_weak_single_report_does_not_merge_two_planted_groups() -> None:
    # one report from a source graded 3 (not reliable), assessed C: weight 0.3 x 0.6
    weak = report(99, ["A1", "B1"], days_ago=3, grade="3C", agency="third_sector")
    G = person_graph(two_groups(weak), window_end=END)
    link = G["A1"]["B1"]
    assert (link["weight"], link["records"], link["strong"]) == (pytest.approx(0.18), 1, False)
    # kept in the graph to explain and to show, never to group
    assert [e.ids for e in explain_link(G, "A1", "B1")] == [["third_sector/I-99"]]
    assert link_explanation(G, "A1", "B1").strong is False
    H = strong_links(G)
    assert not H.has_edge("A1", "B1")
    assert H.graph["weak_links"] == 1
    assert clusters(H, seed=1) == [GROUP_A, GROUP_B]
    # the threshold is a parameter: lowered, the same report becomes a strong link
    assert strong_links(G, min_weight=0.1).has_edge("A1", "B1")
    assert person_graph(two_groups(weak), window_end=END, min_link_weight=0.1)["A1"]["B1"]["strong"]


def test_a_second_weak_report_repeats_into_a_strong_link() -> None:
    weak = [
        report(98, ["A1", "B1"], days_ago=9, grade="3C"),
        report(99, ["A1", "B1"], days_ago=3, grade="3C"),
    ]
    G = person_graph(two_groups(*weak), window_end=END)
    assert (G["A1"]["B1"]["weight"], G["A1"]["B1"]["strong"]) == (pytest.approx(0.36), True)


def test_min_link_records() -> None:
    ev = EvidenceSet(
        intelligence=[
            report(1, ["A", "B"]),
            report(2, ["C", "D"]),
            report(3, ["C", "D"], days_ago=5),
        ]
    )
    G = person_graph(ev, window_end=END, min_link_records=2)
    assert (G["A"]["B"]["records"], G["A"]["B"]["strong"]) == (1, False)
    assert (G["C"]["D"]["records"], G["C"]["D"]["strong"]) == (2, True)
    assert sorted(strong_links(G).edges) == [("C", "D")]
    assert sorted(strong_links(G, min_records=1).edges) == [("A", "B"), ("C", "D")]
    assert G.graph["min_link_records"] == 2


def test_colocation_alone_is_weak_and_counts_once_per_place() -> None:
    def seen(n: int, who: str, place: str, days_ago: float) -> IntelligenceEvidence:
        return report(n, [who], days_ago=days_ago, locations=[place])

    places = [location("L1", "AB1 2CD|shop"), location("L2", "ZZ9 9ZZ|park", kind="park")]
    # seen at the shop on the same days in three different weeks: still one place
    shop = [
        seen(n, who, "L1", 10 + 7 * week)
        for n, (who, week) in enumerate([(w, k) for k in range(3) for w in ("G1", "M1")], start=1)
    ]
    G = person_graph(
        EvidenceSet(persons=[girl("G1"), man("M1")], locations=places, intelligence=shop),
        window_end=END,
    )
    [item] = G["G1"]["M1"]["evidence"]
    assert (item.kind, item.weight, len(item.ids)) == ("colocation", 0.25, 6)
    assert G["G1"]["M1"]["strong"] is False
    park = [seen(7, "G1", "L2", 40), seen(8, "M1", "L2", 39)]
    G = person_graph(
        EvidenceSet(persons=[girl("G1"), man("M1")], locations=places, intelligence=[*shop, *park]),
        window_end=END,
    )
    assert (G["G1"]["M1"]["weight"], G["G1"]["M1"]["strong"]) == (0.5, True)
    assert (
        person_graph(
            EvidenceSet(locations=places, intelligence=shop), window_end=END, colocation_weight=0.5
        )["G1"]["M1"]["weight"]
        == 0.5
    )


def test_a_busy_place_does_not_glue_two_groups() -> None:
    # Every week for 20 weeks a member of each group is seen at the same school (separate
    # reports, never more people than the cap): every cross pair co-locates, none is strong.
    school = []
    for week in range(20):
        for side, members in enumerate((["A1", "A2", "A3", "MA"], ["B1", "B2", "B3", "MB"])):
            school.append(
                report(
                    100 + 2 * week + side,
                    [members[week % 4]],
                    days_ago=30 + 7 * week + side / 24,
                    locations=["S1"],
                    agency="education",
                )
            )
    ev = two_groups(*school, locations=("S1",))
    G = person_graph(ev, window_end=END)
    cross = [(a, b) for a, b in G.edges if ({a, b} & GROUP_A) and ({a, b} & GROUP_B)]
    assert len(cross) == 8  # the pairs seen there within a week of each other
    assert all(G[a][b]["kinds"] == ["colocation"] and not G[a][b]["strong"] for a, b in cross)
    assert G.graph["crowded_places"] == []
    H = strong_links(G)
    assert clusters(H, seed=1) == [GROUP_A, GROUP_B]
    assert nx.number_connected_components(H) == 2
    result = run_analysis(ev, AnalysisParams(window_end=END, seed=1), run_at=END)
    assert [set(c.members) for c in result.clusters] == [GROUP_A, GROUP_B]
    assert not any(
        set(a.subject_ids) & GROUP_A and set(a.subject_ids) & GROUP_B for a in result.alerts
    )
    # a crowded week (more people than the cap) links nobody at all that week
    crowd = [
        report(300 + i, [p], days_ago=200 + i / 100, locations=["S1"])
        for i, p in enumerate(f"P{i:02d}" for i in range(30))
    ]
    crowded = person_graph(EvidenceSet(locations=ev.locations, intelligence=crowd), window_end=END)
    assert crowded.number_of_edges() == 0
    assert [c["people"] for c in crowded.graph["crowded_places"]] == [30]


def test_brokers_by_connected_group_equal_networkx() -> None:
    G = nx.disjoint_union(nx.les_miserables_graph(), nx.karate_club_graph())
    G = nx.relabel_nodes(G, {n: f"P{n:03d}" for n in G})
    for i, (u, v) in enumerate(sorted(G.edges)):
        G[u][v]["weight"] = 0.5 + (i % 5) / 4
    G.add_node("alone")
    expected = nx.betweenness_centrality(
        G.subgraph([n for n in G if n != "alone"]), weight=lambda u, v, d: 1 / d["weight"]
    )
    found = brokers(G, top=200)
    assert "exact over 111 linked people" in found[0].measure
    assert {r.person_id: r.value for r in found} == {
        n: pytest.approx(round(v, 6), abs=1e-6) for n, v in expected.items() if v > 0
    }
    # the largest connected group (77 people) decides whether to sample, not the total
    assert "exact" in brokers(G, sample_above=80)[0].measure
    # ... and only the large group is sampled: the karate club (34 people) stays exact
    mixed = brokers(G, sample_above=50, sample_size=20, seed=1, top=200)
    assert "estimated from 54 sources: 1 connected group of more than 50" in mixed[0].measure
    assert mixed[0].details["sources"] == 20 + 34
    assert mixed == brokers(G, sample_above=50, sample_size=20, seed=1, top=200)
    karate = {f"P{n:03d}" for n in range(77, 111)}
    assert {r.person_id: r.value for r in mixed if r.person_id in karate} == {
        n: pytest.approx(round(v, 6), abs=1e-6)
        for n, v in expected.items()
        if v > 0 and n in karate
    }
    # an explicit k samples over the whole graph
    assert "estimated from 10 sampled sources of 111" in brokers(G, k=10, seed=1)[0].measure


def new_links() -> EvidenceSet:
    return EvidenceSet(
        persons=[*(girl(f"G{i}") for i in range(1, 8)), *(man(f"M{i}") for i in range(1, 7))],
        intelligence=[
            report(1, ["G1", "M1"], days_ago=10),
            report(2, ["G2", "M1"], days_ago=12, grade="2B"),
            report(3, ["G3", "M2"], days_ago=8),
            report(4, ["G4", "G5"], days_ago=5),  # two young people
            report(5, ["M3", "M4"], days_ago=5),  # two adults
            report(6, ["G6", "M5"], days_ago=100),  # not new
            report(7, ["G7", "M6"], days_ago=4, grade="3D"),  # new but weak
        ],
    )


def test_new_link_alerts_are_strong_adult_young_person_links_raised_once() -> None:
    sel = select(new_links(), window_end=END)
    H = strong_links(person_graph(sel))
    alerts = emerging_alerts(
        H, sel, detected_at=END, current={}, young_people_only=True, associates_only=True
    )
    assert [(a.kind, a.subject_ids) for a in alerts] == [
        ("new_link", ["G3", "M2"]),
        ("adult_new_young_people", ["M1", "G1", "G2"]),
    ]
    everything = emerging_alerts(H, sel, detected_at=END, current={})
    assert sorted(a.subject_ids for a in everything if a.kind == "new_link") == [
        ["G3", "M2"],
        ["G4", "G5"],
        ["M3", "M4"],
    ]
    result = run_analysis(new_links(), AnalysisParams(window_end=END), run_at=END)
    assert [(a.kind, a.subject_ids) for a in result.alerts] == [
        (a.kind, a.subject_ids) for a in alerts
    ]
    assert at(30) < result.alerts[0].detected_at


def test_run_records_the_link_parameters_and_uses_strong_links() -> None:
    weak = report(99, ["A1", "B1"], days_ago=3, grade="3C")
    params = AnalysisParams(window_end=END, seed=2, min_link_weight=0.25, colocation_weight=0.2)
    backend = NetworkxBackend()
    evidence = two_groups(weak)
    result = run_analysis(evidence, params, backend=backend, run_at=END)
    dumped = result.model_dump(mode="json")["params"]
    assert (dumped["min_link_weight"], dumped["min_link_records"], dumped["colocation_weight"]) == (
        0.25,
        1,
        0.2,
    )
    G, H = backend.projection(evidence, params).graph, backend.last_cluster_graph
    assert G is not None and H is not None
    assert G.has_edge("A1", "B1") and not H.has_edge("A1", "B1")
    assert G.graph["min_link_weight"] == H.graph["min_link_weight"] == 0.25
    assert result.graph_edges == G.number_of_edges()
    with pytest.raises(ValueError, match="colocation_weight"):
        AnalysisParams(window_end=END, colocation_weight=0)
    with pytest.raises(ValueError, match="colocation_weight"):
        person_graph(two_groups(), window_end=END, colocation_weight=1.5)


def test_new_members_of_one_cluster_make_one_alert() -> None:
    G = person_graph(two_groups(), window_end=END)
    previous = {"C-0001": {"A1", "A2"}, "C-0002": GROUP_B}
    current = {"C-0001": GROUP_A, "C-0002": GROUP_B}
    [alert] = emerging_alerts(
        strong_links(G),
        select(two_groups(), window_end=END),
        detected_at=END,
        current=current,
        previous=previous,
        new_link_days=1,
    )
    assert (alert.kind, alert.subject_ids) == ("new_cluster_member", ["C-0001", "A3", "MA"])
    assert alert.summary.startswith("2 people are newly in cluster C-0001: A3 (links to members")
    assert alert.evidence_ids == ["police/I-1", "police/I-2", "police/I-3", "police/I-4"]
