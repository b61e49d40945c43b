"""Analysis runs kept in the graph: the run, its clusters and memberships, and review alerts.

Earlier runs stay queryable, so "what changed" compares a run with the one before it.
"""

from __future__ import annotations

import json
from typing import Any

from cseboard.models.analysis import AnalysisResult, ClusterSummary, Hotspot, RoleResult
from cseboard.store.base import GraphStore, Transaction, to_python

__all__ = ["AnalysisRunStore", "StoredRun"]


class StoredRun:
    """A stored run read back: its header fields and its decoded results."""

    def __init__(self, props: dict[str, Any]) -> None:
        self.props: dict[str, Any] = to_python(dict(props))

    @property
    def run_id(self) -> str:
        return str(self.props["run_id"])

    def roles(self) -> list[RoleResult]:
        return [
            RoleResult.model_validate(r) for r in json.loads(self.props.get("roles_json") or "[]")
        ]

    def hotspots(self) -> list[Hotspot]:
        return [
            Hotspot.model_validate(h) for h in json.loads(self.props.get("hotspots_json") or "[]")
        ]

    def timings(self) -> dict[str, float]:
        return dict(json.loads(self.props.get("timings_json") or "{}"))


class AnalysisRunStore(GraphStore):
    """Writes and reads ``AnalysisRun``, ``Cluster`` and ``Alert`` nodes."""

    def save(self, run_id: str, result: AnalysisResult) -> None:
        """Store the run, its clusters and memberships, and merge its alerts, in one transaction."""
        props = {
            "run_id": run_id,
            "run_at": result.run_at,
            "backend": result.backend,
            "code_version": result.code_version,
            "window_start": result.window_start,
            "window_end": result.window_end,
            "graph_nodes": result.graph_nodes,
            "graph_edges": result.graph_edges,
            "cluster_count": len(result.clusters),
            "alert_count": len(result.alerts),
            "seed": result.params.seed,
            "params_json": result.params.model_dump_json(),
            "timings_json": json.dumps(result.timings),
            "roles_json": json.dumps([r.model_dump(mode="json") for r in result.roles]),
            "hotspots_json": json.dumps([h.model_dump(mode="json") for h in result.hotspots]),
        }
        clusters = [
            {
                "cluster_id": c.cluster_id,
                "size": c.size,
                "members": c.members,
                "young_people": c.young_people,
                "associates": c.associates,
                "new_members": c.new_members,
                "growth": c.growth,
                "summary_json": c.model_dump_json(),
            }
            for c in result.clusters
        ]
        alerts = [
            {
                "alert_id": a.alert_id,
                "kind": a.kind,
                "subject_ids": a.subject_ids,
                "summary": a.summary,
                "evidence_ids": a.evidence_ids,
                "detected_at": a.detected_at,
            }
            for a in result.alerts
        ]

        def work(tx: Transaction) -> None:
            tx.run("analysis_run_create", props=props)
            if clusters:
                tx.run("analysis_clusters_create", run_id=run_id, clusters=clusters)
            for start in range(0, len(alerts), 5000):
                tx.run("analysis_alerts_merge", run_id=run_id, alerts=alerts[start : start + 5000])

        self.transaction(work, what=f"saving analysis run {run_id}")

    def latest(self) -> StoredRun | None:
        rows = self.read("analysis_latest_run")
        return StoredRun(rows[0]["run"]) if rows else None

    def runs(self, *, limit: int = 20) -> list[dict[str, Any]]:
        return [r["run"] for r in self.read("analysis_runs_list", limit=limit)]

    def clusters(self, run_id: str) -> list[ClusterSummary]:
        return [
            ClusterSummary.model_validate_json(r["summary_json"])
            for r in self.read("analysis_run_clusters", run_id=run_id)
        ]

    def cluster_members(self, run_id: str) -> dict[str, set[str]]:
        return {
            r["cluster_id"]: set(r["members"])
            for r in self.read("analysis_run_clusters", run_id=run_id)
        }

    def new_link_records(self, run_id: str) -> list[str]:
        """Records behind the run's alerts of new links between adults and young people."""
        rows = self.read("inbox_new_link_reports", run_id=run_id)
        return list(rows[0]["records"]) if rows else []

    def used_cluster_ids(self) -> set[str]:
        return {r["cluster_id"] for r in self.read("analysis_cluster_ids")}
