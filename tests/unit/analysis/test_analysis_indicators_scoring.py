"""Per young person indicators with sources, and the scoring functions on known values."""

from __future__ import annotations

import dataclasses
import math

import pytest

from cseboard.analysis.indicators import INDICATOR_NAMES, indicators
from cseboard.analysis.projection import person_graph, person_location_graph
from cseboard.analysis.scoring import (
    adjusted_rand_index,
    cluster_agreement,
    hotspot_recall,
    normalized_mutual_info,
    organiser_precision_recall,
    partition_labels,
    precision_recall,
)
from cseboard.analysis.selection import select
from cseboard.models.analysis import PersonIndicators
from cseboard.models.evidence import EvidenceSet
from unit.analysis.evidence_builders import END, episode, girl, location, man, report


def young_person_evidence() -> EvidenceSet:
    return EvidenceSet(
        persons=[girl("G1"), girl("G2"), girl("G3"), girl("G4"), man("M1"), man("M2")],
        locations=[location("L1", "HS|hotspot")],
        intelligence=[
            report(1, ["G1", "M1"], days_ago=10, locations=["L1"]),
            report(2, ["G1", "M2"], days_ago=50, agency="health", grade="2C"),
            report(3, ["G1", "M2"], days_ago=5, grade="1E"),
            report(4, ["G2"], days_ago=12, locations=["L1"]),
            report(5, ["G3"], days_ago=15, locations=["L1"]),
        ],
        episodes=[
            # G1: 2 in 30 days, 3 in 90, 1 long ago; last return: RHI offered after 80 hours
            episode(1, "G1", missing_days_ago=5, hours=10, rhi_offered_hours=80),
            episode(
                2, "G1", missing_days_ago=25, hours=10, rhi_offered_hours=20, rhi_completed_hours=48
            ),
            episode(3, "G1", missing_days_ago=80, found="L1"),
            episode(4, "G1", missing_days_ago=200),
            # G2: returned 30 hours before the window end, no offer yet: not yet due
            episode(5, "G2", missing_days_ago=2, hours=18),
            # G3: offered in time, declined; G4 is missing now
            episode(6, "G3", missing_days_ago=40, hours=5, rhi_offered_hours=24, rhi_declined=True),
            episode(7, "G4", missing_days_ago=1, hours=None),
        ],
    )


def computed(**kwargs: int) -> dict[str, PersonIndicators]:
    sel = select(young_person_evidence(), window_end=END)
    result = indicators(
        person_graph(sel), person_location_graph(sel), sel, hotspot_places=["HS|hotspot"], **kwargs
    )
    return {p.person_id: p for p in result}


def test_indicators_are_counts_with_sources_never_a_score() -> None:
    people = computed()
    assert sorted(people) == ["G1", "G2", "G3", "G4"]  # young people only
    g1 = people["G1"]
    assert [i.name for i in g1.indicators] == list(INDICATOR_NAMES)
    assert not any("score" in name for name in INDICATOR_NAMES)
    m30, m90 = g1.get("missing_30_days"), g1.get("missing_90_days")
    assert (m30.value, m30.source_ids) == (2, ["police/M-1", "police/M-2"])
    assert (m90.value, m90.source_ids) == (3, ["police/M-1", "police/M-2", "police/M-3"])
    assert g1.get("repeat_missing").value is True
    assert g1.get("missing_now").value is False
    adults = g1.get("associates_linked")
    # the E-graded report 3 does not link; report 2 (2C) does
    assert (adults.value, adults.related_ids, adults.source_ids) == (
        2,
        ["M1", "M2"],
        ["health/I-2", "police/I-1"],
    )
    spots = g1.get("hotspots_visited")
    assert (spots.value, spots.related_ids, spots.source_ids) == (
        1,
        ["HS|hotspot"],
        ["police/I-1", "police/M-3"],
    )


def test_repeat_missing_threshold_is_configurable() -> None:
    assert computed(repeat_count=3, repeat_days=30)["G1"].get("repeat_missing").value is False
    assert computed(repeat_count=2, repeat_days=30)["G1"].get("repeat_missing").value is True
    assert computed()["G2"].get("repeat_missing").value is False


def test_return_home_interview_status_of_last_return() -> None:
    people = computed()
    g1 = people["G1"]
    late = g1.get("rhi_offered_in_time")
    assert (late.value, late.source_ids) == (False, ["police/M-1"])
    assert g1.get("rhi_completed").value is False
    assert g1.get("rhi_declined").value is None
    assert people["G2"].get("rhi_offered_in_time").value is None  # not yet due
    g3 = people["G3"]
    assert g3.get("rhi_offered_in_time").value is True
    assert g3.get("rhi_declined").value is True
    assert people["G4"].get("missing_now").source_ids == ["police/M-7"]
    assert people["G4"].get("rhi_completed").value is None  # never returned
    assert computed(rhi_due_hours=96)["G1"].get("rhi_offered_in_time").value is True


def test_offer_without_a_date_is_not_reported_as_missed() -> None:
    ev = EvidenceSet(
        persons=[girl("G1")],
        episodes=[dataclasses.replace(episode(1, "G1", missing_days_ago=20), rhi_offered=True)],
    )
    sel = select(ev, window_end=END)
    [p] = indicators(person_graph(sel), person_location_graph(sel), sel)
    offered = p.get("rhi_offered_in_time")
    assert offered.value is None
    assert "date not recorded" in offered.detail


def test_nmi_and_ari_known_values() -> None:
    same = [0, 0, 1, 1, 2, 2]
    renamed = ["c", "c", "a", "a", "b", "b"]
    assert normalized_mutual_info(same, renamed) == pytest.approx(1.0)
    assert adjusted_rand_index(same, renamed) == pytest.approx(1.0)
    assert normalized_mutual_info([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(0.0)
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)
    # scikit-learn's documented values
    assert adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(0.5714285714285715)
    assert adjusted_rand_index([0, 0, 1, 2], [0, 0, 1, 1]) == pytest.approx(0.5714285714285715)
    assert adjusted_rand_index([0, 0, 0, 0], [0, 1, 2, 3]) == 0.0
    # by hand: I = ln 2, H(true) = ln 2, H(pred) = 1.5 ln 2 -> 2 / 2.5
    assert normalized_mutual_info([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(0.8)
    h = -(3 / 6 * math.log(3 / 6) + 2 / 6 * math.log(2 / 6) + 1 / 6 * math.log(1 / 6))
    assert normalized_mutual_info([0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 2]) == pytest.approx(
        math.log(2) / ((math.log(2) + h) / 2)
    )
    assert normalized_mutual_info([1, 1, 1], [2, 2, 2]) == 1.0
    assert adjusted_rand_index([1, 1, 1], [2, 2, 2]) == 1.0
    with pytest.raises(ValueError, match="same items"):
        adjusted_rand_index([1], [1, 2])


def test_cluster_agreement_counts_unclustered_people_as_singletons() -> None:
    planted = {"g1": {"a", "b", "c"}, "g2": {"x", "y", "z"}}
    perfect = cluster_agreement([{"a", "b", "c", "other"}, {"x", "y", "z"}], planted)
    assert (perfect.nmi, perfect.ari, perfect.people) == (1.0, 1.0, 6)
    nothing = cluster_agreement([], planted)
    assert nothing.ari == 0.0 and nothing.found_groups == 6
    assert partition_labels([{"a"}], ["a", "b"]) == ["0", "single:b"]


def test_precision_and_recall() -> None:
    r = organiser_precision_recall(["m1", "m2", "g1"], ["m1", "m2", "m3", "m4"])
    assert (r.precision, r.recall, r.true_positives) == (pytest.approx(2 / 3), 0.5, 2)
    assert precision_recall([], []).precision == 1.0
    assert hotspot_recall(["p1"], ["p1", "p2"]) == 0.5
