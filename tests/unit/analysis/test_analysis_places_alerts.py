"""Hotspots and alerts on small evidence sets."""

from __future__ import annotations

from datetime import UTC, datetime

from cseboard.analysis.clusters import match_clusters
from cseboard.analysis.emerging import (
    alert_id,
    cluster_change_alerts,
    emerging_alerts,
    new_adult_alerts,
    new_link_alerts,
    object_alerts,
)
from cseboard.analysis.hotspots import hotspots
from cseboard.analysis.projection import person_graph, person_location_graph
from cseboard.analysis.selection import select
from cseboard.models.evidence import EvidenceSet
from cseboard.synthetic.vocabulary import FORBIDDEN_PHRASES
from unit.analysis.evidence_builders import END, at, episode, girl, location, man, report

FORBIDDEN = (*FORBIDDEN_PHRASES, "consent", "risk score", "score")


def place_evidence() -> EvidenceSet:
    return EvidenceSet(
        persons=[girl("G1"), girl("G2"), girl("G3"), girl("G4"), man("M1")],
        locations=[
            location("L1", "AB1 2CD|takeaway"),
            location("L2", "AB1 2CD|takeaway"),
            location("L3", "ZZ1 1ZZ|park", kind="park"),
        ],
        intelligence=[
            # Friday 7 June 2024, 20:30 UTC = 21:30 in London (BST)
            report(
                1, ["G1", "M1"], when=datetime(2024, 6, 7, 20, 30, tzinfo=UTC), locations=["L1"]
            ),
            # 31 May 23:30 UTC is already 1 June in London
            report(
                2,
                ["G2"],
                when=datetime(2024, 5, 31, 23, 30, tzinfo=UTC),
                agency="school",
                locations=["L2"],
            ),
            report(3, ["G3"], days_ago=3, locations=["L1", "L3"]),
            report(4, ["G4"], days_ago=3, locations=["L3"], grade="2E"),
            report(5, ["G4"], days_ago=400, locations=["L1"]),
        ],
        episodes=[episode(1, "G1", missing_days_ago=60, found="L2")],
    )


def test_hotspot_threshold_and_counts() -> None:
    B = person_location_graph(place_evidence(), window_end=END)
    [spot] = hotspots(B, min_young_people=3)
    assert spot.place == "AB1 2CD|takeaway"
    assert spot.location_ids == ["L1", "L2"]
    assert spot.young_people == ["G1", "G2", "G3"]  # G4 only outside the window there
    assert spot.associates == ["M1"]
    assert spot.record_ids == ["police/I-1", "police/I-3", "police/M-1", "school/I-2"]
    assert spot.records_by_month == {"2024-05": 1, "2024-06": 3}
    assert spot.young_people_by_month == {"2024-05": 1, "2024-06": 3}
    assert spot.day_hour[4][21] == 1
    assert spot.day_hour[5][0] == 1  # Saturday 1 June, 00:30 BST
    assert sum(map(sum, spot.day_hour)) == 4
    assert hotspots(B, min_young_people=4) == []
    # the park has G3 and an E-graded sighting of G4: only one young person linked
    assert [h.place for h in hotspots(B, min_young_people=1)] == [
        "AB1 2CD|takeaway",
        "ZZ1 1ZZ|park",
    ]


def test_new_link_alerts_only_for_recent_first_evidence() -> None:
    ev = EvidenceSet(
        persons=[girl("G1"), man("M1"), man("M2")],
        intelligence=[
            report(1, ["G1", "M1"], days_ago=10),
            report(2, ["G1", "M2"], days_ago=100),
            report(3, ["G1", "M2"], days_ago=5),
        ],
    )
    G = person_graph(ev, window_end=END)
    alerts = new_link_alerts(G, since=at(30), detected_at=END)
    [alert] = alerts
    assert alert.kind == "new_link"
    assert alert.subject_ids == ["G1", "M1"]
    assert alert.evidence_ids == ["police/I-1"]
    assert alert.status == "open" and alert.owner is None and alert.note is None
    assert alert.summary == (
        "G1 and M1 were first linked on 2024-06-20 (named in the same report; 1 record)."
    )
    assert alert.alert_id == alert_id("new_link", ["M1", "G1"])
    G.add_edge("M1", "M2", first_seen=at(2), kinds=["same_report"], evidence=[])
    assert len(new_link_alerts(G, since=at(30), detected_at=END)) == 2
    with_young = new_link_alerts(G, since=at(30), detected_at=END, young_people_only=True)
    assert [a.subject_ids for a in with_young] == [["G1", "M1"]]


def test_adult_newly_linked_to_two_young_people() -> None:
    ev = EvidenceSet(
        persons=[girl("G1"), girl("G2"), girl("G3"), man("M1"), man("M2")],
        intelligence=[
            report(1, ["G1", "M1"], days_ago=10),
            report(2, ["G2", "M1"], days_ago=12, agency="health"),
            report(3, ["G3", "M2"], days_ago=10),
            report(4, ["G2", "M2"], days_ago=200),
        ],
    )
    G = person_graph(ev, window_end=END)
    [alert] = new_adult_alerts(G, since=at(30), detected_at=END)
    assert alert.subject_ids == ["M1", "G1", "G2"]
    assert alert.evidence_ids == ["health/I-2", "police/I-1"]
    assert "Associate M1" in alert.summary


def test_vehicle_seen_with_several_missing_children() -> None:
    ev = EvidenceSet(
        persons=[girl("G1"), girl("G2"), girl("G3")],
        intelligence=[
            report(1, ["G1"], vehicles=["AB12CDE"]),
            report(2, ["G2"], vehicles=["AB12CDE"], phones=["+447700900001"]),
            report(3, ["G3"], vehicles=["AB12CDE"]),
            report(4, ["G3"], phones=["+447700900001"], grade="3E"),
        ],
        episodes=[
            episode(1, "G1", missing_days_ago=20),
            episode(2, "G2", missing_days_ago=2),
            episode(3, "G3", missing_days_ago=500),
        ],
    )
    [alert] = object_alerts(select(ev, window_end=END), detected_at=END)
    assert alert.subject_ids == ["vehicle:AB12CDE", "G1", "G2"]
    assert alert.evidence_ids == ["police/I-1", "police/I-2", "police/M-1", "police/M-2"]
    assert alert.summary.startswith("Vehicle AB12CDE is mentioned in 2 reports with 2 children")
    assert object_alerts(select(ev, window_end=END), detected_at=END, min_children=3) == []


def test_cluster_member_alerts_compare_with_previous_run() -> None:
    ev = EvidenceSet(
        intelligence=[report(1, ["A", "B", "C"]), report(2, ["C", "D"]), report(3, ["X", "Y", "Z"])]
    )
    G = person_graph(ev, window_end=END)
    previous = {"C-0001": {"A", "B", "C"}}
    current = match_clusters(previous, [{"A", "B", "C", "D"}, {"X", "Y", "Z"}])
    alerts = cluster_change_alerts(G, current, previous, detected_at=END)
    assert [(a.kind, a.subject_ids) for a in alerts] == [
        ("new_cluster_member", ["C-0001", "D"]),
        ("new_cluster", ["C-0002", "X", "Y", "Z"]),
    ]
    assert alerts[0].evidence_ids == ["police/I-2"]
    assert cluster_change_alerts(G, current, None, detected_at=END) == []


def test_alert_wording_is_factual() -> None:
    ev = place_evidence()
    sel = select(ev, window_end=END)
    G = person_graph(sel)
    alerts = emerging_alerts(
        G,
        sel,
        detected_at=END,
        current={"C-0001": {"G1", "M1", "G2"}},
        previous={"C-0001": {"G1"}},
        min_young_people=1,
    )
    assert {a.kind for a in alerts} >= {"new_link", "new_cluster_member", "adult_new_young_people"}
    for alert in alerts:
        assert not any(word in alert.summary.lower() for word in FORBIDDEN)
    assert G.nodes["G1"]["risk_level"] is None  # alerts never set a risk level
