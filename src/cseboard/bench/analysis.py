"""Analysis benchmark: scores clusters, organisers and hotspots against the generator's truth,
times each stage, and times igraph's multilevel communities on the same graph for comparison.

The graph compared is the one Louvain ran on: the strong links of the run
(``AnalysisParams.min_link_weight``), not the full person graph with its weak links."""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import UTC, datetime
from datetime import time as day_time
from typing import Any

from cseboard.analysis.backend import NetworkxBackend
from cseboard.analysis.clusters import clusters
from cseboard.analysis.igraph_backend import igraph_clusters
from cseboard.analysis.scoring import (
    cluster_agreement,
    hotspot_recall,
    organiser_precision_recall,
)
from cseboard.bench.common import bench_data, bench_server, mark_dataset, peak_rss_mb
from cseboard.config import Settings
from cseboard.ingest.importer import ProgressCallback
from cseboard.models.analysis import AnalysisParams
from cseboard.models.ids import location_id_for, person_id_for
from cseboard.models.users import Role, User
from cseboard.services.analysis import analysis_params, backend_named, run_network_analysis
from cseboard.services.context import ServiceContext
from cseboard.services.demo_data import import_partner_folders

__all__ = ["run_analysis_bench", "score_against_truth"]

BENCH_USER = User(username="bench", display_name="benchmark", roles=frozenset({Role.PRACTICE_LEAD}))


def _true_person_of(truth: dict[str, Any]) -> dict[str, str]:
    """Person node id → true person id, through every agency record of the true person."""
    mapping = {}
    for true_id, person in truth["people"].items():
        for record in person["records"]:
            mapping[person_id_for(record["agency"], record["source_ref"])] = true_id
    return mapping


def score_against_truth(
    truth: dict[str, Any],
    clusters: list[set[str]],
    organiser_candidates: set[str],
    hotspot_location_ids: set[str],
) -> dict[str, float | int]:
    """Cluster agreement over planted people, organiser precision/recall, hotspot recall.

    A true person with records in several clusters is placed where most of their records are.
    """
    true_of = _true_person_of(truth)
    votes: dict[str, Counter[int]] = {}
    for index, members in enumerate(clusters):
        for person_id in members:
            true_id = true_of.get(person_id)
            if true_id is not None:
                votes.setdefault(true_id, Counter())[index] += 1
    found: dict[int, set[str]] = {}
    for true_id, counter in votes.items():
        found.setdefault(counter.most_common(1)[0][0], set()).add(true_id)
    planted = {
        g["group_id"]: set(g["young_people"]) | set(g["organisers"]) | set(g["associates"])
        for g in truth["groups"]
    }
    agreement = cluster_agreement(list(found.values()), planted)
    organisers = {o for g in truth["groups"] for o in g["organisers"]}
    found_organisers = {true_of[p] for p in organiser_candidates if p in true_of}
    organiser_pr = organiser_precision_recall(found_organisers, organisers)
    planted_hotspots = [
        {location_id_for(r["agency"], r["source_ref"]) for r in h["records"]}
        for h in truth["hotspots"]
    ]
    hotspot_hits = [
        h["location"]
        for h, ids in zip(truth["hotspots"], planted_hotspots, strict=True)
        if ids & hotspot_location_ids
    ]
    return {
        "nmi": round(agreement.nmi, 4),
        "ari": round(agreement.ari, 4),
        "planted_people": agreement.people,
        "organiser_recall": round(organiser_pr.recall, 4),
        "organiser_precision": round(organiser_pr.precision, 4),
        "organiser_candidates": len(found_organisers),
        "hotspot_recall": round(
            hotspot_recall(hotspot_hits, [h["location"] for h in truth["hotspots"]]), 4
        ),
    }


def _library_comparison(
    graph: Any, truth: dict[str, Any], params: AnalysisParams, scored: dict[str, Any]
) -> dict[str, float | int]:
    """Louvain of networkx and of igraph on the same strong-link graph: seconds and NMI each."""
    figures: dict[str, float | int] = {}
    for name, run in (("networkx", clusters), ("igraph", igraph_clusters)):
        began = time.perf_counter()
        found = run(
            graph,
            resolution=params.resolution,
            min_size=params.min_cluster_size,
            seed=params.seed,
        )
        figures[f"{name}_clustering_s"] = round(time.perf_counter() - began, 3)
        figures[f"{name}_clusters"] = len(found)
        figures[f"{name}_nmi"] = score_against_truth(truth, found, set(), set())["nmi"]
    igraph_s = figures["igraph_clustering_s"]
    figures["networkx_over_igraph"] = (
        round(figures["networkx_clustering_s"] / igraph_s, 1) if igraph_s else 0.0
    )
    return figures


def run_analysis_bench(
    scale: str,
    seed: int,
    base: Settings,
    *,
    uri: str | None = None,
    progress: ProgressCallback | None = None,
    backend: str = "networkx",
) -> dict[str, float | int | str]:
    """Import the synthetic data (reused when the bench server already holds it), run, score."""
    root, _ = bench_data(scale, seed, progress)
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    key = f"{scale}-{seed}"
    with bench_server(base, uri=uri, keep=key) as (driver, settings):
        from cseboard.bench.common import loaded_dataset

        if loaded_dataset(driver, settings) != key:
            import_partner_folders(driver, root, settings, progress=progress)
            mark_dataset(driver, settings, key)
        ctx = ServiceContext(driver, settings)
        as_of = datetime.combine(
            datetime.fromisoformat(truth["as_of"]).date(), day_time(23, 59), tzinfo=UTC
        )
        params = analysis_params(ctx, window_end=as_of, window_days=365, seed=seed)
        engine = backend_named(backend)
        outcome = run_network_analysis(ctx, BENCH_USER, params, backend=engine, store_run=True)
        graph = engine.last_cluster_graph if isinstance(engine, NetworkxBackend) else None
    result = outcome.result
    clusters = [set(c.members) for c in result.clusters]
    organiser_kinds = {"adult_linked_to_young_people", "broker"}
    candidates = {r.person_id for r in result.roles if r.kind in organiser_kinds}
    hotspot_ids = {lid for h in result.hotspots for lid in h.location_ids}
    figures: dict[str, float | int | str] = {"scale": scale, "seed": seed, "backend": backend}
    figures.update(score_against_truth(truth, clusters, candidates, hotspot_ids))
    t = result.timings
    figures.update(
        {
            "graph_nodes": result.graph_nodes,
            "graph_edges": result.graph_edges,
            "strong_links": graph.number_of_edges() if graph is not None else 0,
            "clusters": len(result.clusters),
            "largest_cluster": max((c.size for c in result.clusters), default=0),
            "alerts": len(result.alerts),
            "hotspots": len(result.hotspots),
            "planted_hotspots": len(truth["hotspots"]),
            "hotspot_location_records": sum(len(h.location_ids) for h in result.hotspots),
            "read_evidence_s": round(outcome.read_s, 2),
            "projection_s": round(t["projection"], 2),
            "clustering_s": round(t["clusters"], 2),
            "roles_s": round(t["roles"], 2),
            "hotspots_s": round(t["hotspots"], 2),
            "alerts_s": round(t["alerts"], 2),
            "indicators_s": round(t["indicators"], 2),
            "store_s": round(outcome.store_s, 2),
            "whole_run_s": round(outcome.read_s + t["total"] + outcome.store_s, 2),
        }
    )
    if graph is not None:
        figures.update(_library_comparison(graph, truth, params, figures))
    figures["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return figures
