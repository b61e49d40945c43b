"""Person graph and person–place graph built from small evidence sets with known answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cseboard.analysis.projection import person_graph, person_location_graph
from cseboard.analysis.selection import grading_weight, select
from cseboard.models.evidence import EvidenceSet
from unit.analysis.evidence_builders import END, at, episode, girl, location, man, report


def test_same_report_links_with_grading_weight_and_evidence() -> None:
    ev = EvidenceSet(
        persons=[girl("G1"), man("M1")], intelligence=[report(1, ["G1", "M1"], grade="2B")]
    )
    G = person_graph(ev, window_end=END)
    edge = G["G1"]["M1"]
    assert edge["weight"] == pytest.approx(0.48)
    assert edge["kinds"] == ["same_report"]
    assert [e.ids for e in edge["evidence"]] == [("police/I-1",)]
    assert edge["evidence"][0].grading == "2BP"
    assert edge["first_seen"] == edge["last_seen"] == at(1)
    assert G.nodes["G1"] == {
        "role": "young_person",
        "risk_level": None,
        "pseudonym": "X-G1",
        "label": None,
    }


def test_weights_add_up_over_evidence() -> None:
    ev = EvidenceSet(
        intelligence=[
            report(1, ["A", "B"], grade="1A"),
            report(2, ["A", "B"], grade="3D", days_ago=10),
        ]
    )
    G = person_graph(ev, window_end=END)
    assert G["A"]["B"]["weight"] == pytest.approx(1.0 + 0.3 * 0.4)
    assert [e.ids[0] for e in G["A"]["B"]["evidence"]] == ["police/I-2", "police/I-1"]
    assert G["A"]["B"]["first_seen"] == at(10)
    assert G["A"]["B"]["last_seen"] == at(1)


def test_grading_weights() -> None:
    assert grading_weight("1", "A") == 1.0
    assert grading_weight("3", "D") == pytest.approx(0.12)
    assert grading_weight(None, None) == 0.25
    assert grading_weight("1", "E") == 0.0


def test_e_graded_report_makes_no_link_but_stays_listed() -> None:
    ev = EvidenceSet(
        intelligence=[
            report(1, ["G1", "M1"], grade="1E", locations=["L1"], phones=["+447700900001"])
        ]
    )
    G = person_graph(ev, window_end=END)
    assert set(G) == {"G1", "M1"}
    assert G.number_of_edges() == 0
    B = person_location_graph(ev, window_end=END)
    assert B.number_of_edges() == 0
    sel = select(ev, window_end=END)
    assert [r.intel_id for r in sel.intelligence] == ["police/I-1"]
    assert sel.linking == []


def test_link_outside_window_is_ignored() -> None:
    ev = EvidenceSet(
        intelligence=[
            report(1, ["A", "B"], days_ago=400),
            report(2, ["C", "D"], when=END + timedelta(days=1)),
            report(3, ["E", "F"], when=END),
            report(4, ["G", "H"], when=END - timedelta(days=365)),
        ]
    )
    G = person_graph(ev, window_end=END)
    assert sorted(tuple(sorted(e)) for e in G.edges) == [("E", "F")]
    G30 = person_graph(ev, window_end=END, window_days=30)
    assert G30.number_of_edges() == 1


def _colocated(gap_days: float, *, first: datetime | None = None, days: int = 7) -> bool:
    start = first or at(20)
    ev = EvidenceSet(
        locations=[location("L1", "AB1 2CD|shop"), location("L2", "AB1 2CD|shop")],
        intelligence=[
            report(1, ["G1"], when=start, locations=["L1"]),
            report(
                2,
                ["M1"],
                when=start + timedelta(days=gap_days),
                agency="school",
                locations=["L2"],
                grade="2C",
            ),
        ],
    )
    G = person_graph(ev, window_end=END, colocation_days=days)
    return bool(G.has_edge("G1", "M1"))


def test_colocation_within_days_links_across_agencies_by_place() -> None:
    ev = EvidenceSet(
        locations=[location("L1", "AB1 2CD|shop"), location("L2", "AB1 2CD|shop")],
        intelligence=[
            report(1, ["G1"], days_ago=10, locations=["L1"]),
            report(2, ["M1"], days_ago=7, agency="school", locations=["L2"], grade="2C"),
        ],
    )
    G = person_graph(ev, window_end=END)
    edge = G["G1"]["M1"]
    assert edge["kinds"] == ["colocation"]
    [item] = edge["evidence"]
    assert item.ids == ("police/I-1", "school/I-2")
    assert item.detail == "AB1 2CD|shop"
    assert item.weight == pytest.approx(0.25 * 0.36)  # a quarter of the weaker side, 2C
    assert item.when == at(7)
    assert edge["records"] == 2
    assert edge["strong"] is False  # co-location alone is circumstantial


@pytest.mark.parametrize(
    ("gap", "days", "linked"),
    [
        (0, 7, True),
        (6.9, 7, True),
        (7, 7, True),
        (7.1, 7, False),
        (20, 7, False),
        (2, 1, False),
        (0.5, 1, True),
        (13, 14, True),
    ],
)
def test_colocation_gap(gap: float, days: int, linked: bool) -> None:
    assert _colocated(gap, days=days) is linked


def test_colocation_across_a_bucket_boundary() -> None:
    period = 7 * 86_400
    boundary = datetime.fromtimestamp((int(at(30).timestamp()) // period + 1) * period, tz=UTC)
    assert _colocated(2 / 24, first=boundary - timedelta(hours=1))
    assert not _colocated(7 + 2 / 24, first=boundary - timedelta(hours=1))
    assert _colocated(6.9, first=boundary - timedelta(days=6))


def test_different_places_do_not_colocate() -> None:
    ev = EvidenceSet(
        locations=[location("L1", "AB1 2CD|shop"), location("L2", "ZZ9 9ZZ|shop"), location("L3")],
        intelligence=[
            report(1, ["G1"], days_ago=10, locations=["L1"]),
            report(2, ["M1"], days_ago=10, locations=["L2"]),
            report(3, ["M2"], days_ago=10, locations=["L3"]),
        ],
    )
    assert person_graph(ev, window_end=END).number_of_edges() == 0


def test_crowded_place_links_nobody_in_that_period() -> None:
    people = [f"P{i:02d}" for i in range(30)]
    ev = EvidenceSet(
        locations=[location("L1", "SCH|school", kind="school")],
        intelligence=[
            report(i, [p], days_ago=10 + i / 100, locations=["L1"]) for i, p in enumerate(people)
        ],
    )
    G = person_graph(ev, window_end=END, max_colocation_group=25)
    assert G.number_of_edges() == 0
    [crowded] = G.graph["crowded_places"]
    assert crowded["place"] == "SCH|school" and crowded["people"] == 30
    assert person_graph(ev, window_end=END, max_colocation_group=30).number_of_edges() == 435


def test_shared_phone_links_people_named_in_different_reports() -> None:
    ev = EvidenceSet(
        intelligence=[
            report(1, ["G1"], days_ago=50, phones=["+447700900001"], grade="1B"),
            report(2, ["M1"], days_ago=5, phones=["+447700900001"], vehicles=["AB12CDE"]),
            report(3, ["M2"], days_ago=3, vehicles=["AB12CDE"], grade="2B"),
            report(4, ["X1", "X2"], phones=["+447700900999"]),
        ]
    )
    G = person_graph(ev, window_end=END)
    [phone] = G["G1"]["M1"]["evidence"]
    assert (phone.kind, phone.ids, phone.detail) == (
        "shared_phone",
        ("police/I-1", "police/I-2"),
        "+447700900001",
    )
    assert phone.weight == pytest.approx(0.8)
    assert phone.when == at(5)
    assert G["M1"]["M2"]["kinds"] == ["shared_vehicle"]
    assert not G.has_edge("G1", "M2")
    assert G["X1"]["X2"]["kinds"] == ["same_report"]  # one report: no extra phone evidence


def test_object_seen_with_too_many_people_links_nobody() -> None:
    ev = EvidenceSet(
        intelligence=[report(i, [f"P{i}"], phones=["+441632960000"]) for i in range(6)]
    )
    G = person_graph(ev, window_end=END, max_object_group=5)
    assert G.number_of_edges() == 0
    assert G.graph["crowded_objects"] == [
        {"kind": "shared_phone", "value": "+441632960000", "people": 6}
    ]
    assert person_graph(ev, window_end=END, max_object_group=6).number_of_edges() == 15


def test_missing_episodes_overlapping_and_found_together_link() -> None:
    ev = EvidenceSet(
        locations=[location("L1", "HOT|hotel", kind="hotel")],
        episodes=[
            episode(1, "G1", missing_days_ago=10, hours=30, found="L1"),
            episode(2, "G2", missing_days_ago=9.5, hours=20, found="L1", agency="csc"),
            episode(3, "G3", missing_days_ago=9.8, hours=10),
        ],
    )
    G = person_graph(ev, window_end=END)
    assert G["G1"]["G2"]["kinds"] == ["missing_together"]
    assert G["G1"]["G2"]["evidence"][0].ids == ("csc/M-2", "police/M-1")
    assert not G.has_edge("G1", "G3")
    anyway = person_graph(ev, window_end=END, missing_overlap="any")
    assert anyway["G1"]["G3"]["kinds"] == ["missing_overlap"]
    assert anyway["G1"]["G3"]["weight"] == pytest.approx(0.2)
    assert anyway["G1"]["G3"]["strong"] is False
    assert anyway["G1"]["G2"]["kinds"] == ["missing_together"]
    off = person_graph(ev, window_end=END, missing_overlap="off")
    assert off["G1"]["G2"]["kinds"] == ["colocation"]


def test_missing_with_and_found_at_same_place_later_link() -> None:
    ev = EvidenceSet(
        locations=[location("L1", "PK|park", kind="park")],
        intelligence=[report(1, ["M1"], days_ago=30, locations=["L1"])],
        episodes=[
            episode(1, "G1", missing_days_ago=60, missing_with=["G2"]),
            episode(2, "G3", missing_days_ago=34, hours=24, found="L1"),
            episode(3, "G4", missing_days_ago=50, hours=24, found="L1"),
        ],
    )
    G = person_graph(ev, window_end=END)
    assert G["G1"]["G2"]["kinds"] == ["missing_with"]
    assert G["G3"]["M1"]["kinds"] == ["colocation"]
    assert G["G3"]["M1"]["evidence"][0].ids == ("police/I-1", "police/M-2")
    assert not G.has_edge("G4", "M1")
    assert not G.has_edge("G3", "G4")


def test_min_grading_agency_and_category_filters() -> None:
    ev = EvidenceSet(
        intelligence=[
            report(1, ["A", "B"], grade="1A"),
            report(2, ["C", "D"], grade="2C", agency="health"),
            report(3, ["E", "F"], grade="3A"),
            report(4, ["G", "H"], grade="1D"),
            report(5, ["I", "J"], grade="??"),
            report(6, ["K", "L"], grade="1B", category="online_contact"),
        ]
    )

    def linked(**kwargs: object) -> list[str]:
        G = person_graph(ev, window_end=END, **kwargs)  # type: ignore[arg-type]
        return sorted(min(e) for e in G.edges)

    assert linked() == ["A", "C", "E", "G", "I", "K"]
    assert linked(min_grading="2C") == ["A", "C", "K"]
    assert linked(agencies=["health"]) == ["C"]
    assert linked(categories=["online_contact"]) == ["K"]
    with pytest.raises(ValueError, match="min_grading"):
        linked(min_grading="4Z")


def test_selection_and_evidence_set_arguments() -> None:
    ev = EvidenceSet(intelligence=[report(1, ["A", "B"])])
    sel = select(ev, window_end=END)
    assert person_graph(sel).number_of_edges() == 1
    with pytest.raises(ValueError, match="Selection"):
        person_graph(sel, window_end=END)
    with pytest.raises(ValueError, match="window_end"):
        person_graph(ev)
    with pytest.raises(ValueError, match="timezone"):
        person_graph(ev, window_end=datetime(2024, 6, 30))


def test_person_location_graph_is_bipartite_by_place() -> None:
    ev = EvidenceSet(
        persons=[girl("G1"), man("M1")],
        locations=[location("L1", "AB1 2CD|shop"), location("L2", "AB1 2CD|shop"), location("L3")],
        intelligence=[
            report(1, ["G1", "M1"], locations=["L1", "L3"]),
            report(2, ["G1"], agency="school", locations=["L2"], days_ago=3),
        ],
        episodes=[episode(1, "G1", missing_days_ago=5, found="L3")],
    )
    B = person_location_graph(ev, window_end=END)
    assert {n: d["bipartite"] for n, d in B.nodes(data=True)} == {
        "G1": 0,
        "M1": 0,
        "AB1 2CD|shop": 1,
        "L3": 1,
    }
    assert B.nodes["AB1 2CD|shop"]["location_ids"] == ["L1", "L2"]
    assert B["G1"]["AB1 2CD|shop"]["records"] == 2
    assert B["G1"]["L3"]["kinds"] == ["intelligence", "missing_found"]
    assert B["M1"]["L3"]["weight"] == 1.0
