"""The whole analysis run through the backend interface."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from cseboard.analysis.backend import AnalysisBackend, NetworkxBackend, run_analysis
from cseboard.models.analysis import AnalysisParams, AnalysisResult
from cseboard.models.evidence import EvidenceSet
from unit.analysis.evidence_builders import END, episode, girl, location, man, person, report


def network(extra: bool = False) -> EvidenceSet:
    girls = [girl(f"G{i}", "medium") for i in range(1, 5)]
    reports = [
        report(1, ["G1", "M1"], days_ago=100, locations=["L1"]),
        report(2, ["G2", "M1"], days_ago=90, locations=["L1"]),
        report(3, ["G3", "M1"], days_ago=20, locations=["L1"], vehicles=["AB12CDE"]),
        report(4, ["G1", "G2"], days_ago=80),
        report(5, ["A", "B", "C"], days_ago=60, agency="school"),
        report(6, ["C", "D"], days_ago=50, agency="school"),
    ]
    if extra:
        reports.append(report(7, ["G4", "M1"], days_ago=2, vehicles=["AB12CDE"]))
    return EvidenceSet(
        persons=[*girls, man("M1"), *[person(p) for p in "ABCD"]],
        locations=[location("L1", "AB1 2CD|takeaway")],
        intelligence=reports,
        episodes=[
            episode(1, "G3", missing_days_ago=21, found="L1"),
            episode(2, "G4", missing_days_ago=3),
        ],
    )


def keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys(v)}
    return set()


def test_run_records_everything_and_serialises() -> None:
    params = AnalysisParams(window_end=END, seed=3, hotspot_min_young_people=2)
    result = run_analysis(network(), params, run_at=END)
    assert (result.graph_nodes, result.graph_edges) == (9, 8)
    assert set(result.timings) == {
        "projection",
        "clusters",
        "summaries",
        "roles",
        "hotspots",
        "alerts",
        "indicators",
        "total",
    }
    assert result.window_start == END - timedelta(days=365)
    assert [c.cluster_id for c in result.clusters] == ["C-0001", "C-0002"]
    assert result.clusters[1].members == ["G1", "G2", "G3", "M1"]
    assert {r.kind for r in result.roles} == {"broker", "hub", "adult_linked_to_young_people"}
    assert [h.place for h in result.hotspots] == ["AB1 2CD|takeaway"]
    # Facts of the young people in clusters: G4 (in no cluster) has none in the run.
    assert {p.person_id for p in result.indicators} == {"G1", "G2", "G3"}
    dumped = result.model_dump(mode="json")
    text = json.dumps(dumped)
    assert AnalysisResult.model_validate_json(text) == result
    assert not any("score" in k.lower() for k in keys(dumped))
    assert dumped["params"]["seed"] == 3


def test_cluster_ids_are_stable_across_two_runs() -> None:
    params = AnalysisParams(window_end=END)
    first = run_analysis(network(), params, run_at=END)
    second = run_analysis(
        network(extra=True),
        params.model_copy(update={"window_end": END + timedelta(days=1)}),
        previous=first.cluster_members(),
        run_at=END,
    )
    assert [c.cluster_id for c in second.clusters] == ["C-0001", "C-0002"]
    changed = second.clusters[1]
    assert changed.members == ["G3", "G4", "M1"]  # G1 and G2 (a pair) drop below min size
    assert (changed.new_members, changed.left_members) == (["G4"], ["G1", "G2"])
    assert (changed.previous_size, changed.growth) == (4, -1)
    kinds = {a.kind for a in second.alerts}
    assert "new_cluster_member" in kinds
    assert "object_with_missing_children" in kinds
    assert all(a.status == "open" for a in second.alerts)


def test_backend_protocol_and_projection_cache() -> None:
    backend: AnalysisBackend = NetworkxBackend()
    ev = network()
    params = AnalysisParams(window_end=END)
    assert backend.prepare(ev, params) == (9, 8)
    nx_backend = NetworkxBackend()
    first = nx_backend.projection(ev, params)
    assert nx_backend.projection(ev, params) is first
    assert nx_backend.projection(ev, params.model_copy(update={"window_days": 30})) is not first


def test_params_are_validated() -> None:
    with pytest.raises(ValueError, match="timezone"):
        AnalysisParams.model_validate({"window_end": "2024-06-30T12:00:00"})
    with pytest.raises(ValueError, match="min_grading"):
        AnalysisParams(window_end=END, min_grading="9Z")
