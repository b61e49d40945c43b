"""Analysis runs kept in the graph: the run, its clusters and memberships, and review alerts.

Earlier runs stay queryable, so "what changed" compares a run with the one before it.
"""

from __future__ import annotations

import json
from typing import Any

import neo4j
from neo4j.time import DateTime

from cseboard.models.analysis import AnalysisResult, ClusterSummary, Hotspot, RoleResult
from cseboard.store.cypher import query

__all__ = ["AnalysisRunStore", "StoredRun"]


def _native(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v.to_native() if isinstance(v, DateTime) else v for k, v in props.items()}


class StoredRun:
    """A stored run read back: its header fields and its decoded results."""

    def __init__(self, props: dict[str, Any]) -> None:
        self.props = _native(props)

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


class AnalysisRunStore:
    """Writes and reads ``AnalysisRun``, ``Cluster`` and ``Alert`` nodes."""

    def __init__(self, driver: neo4j.Driver, *, database: str | None = None) -> None:
        self._driver = driver
        self._database = database

    def _read(self, name: str, **params: Any) -> list[neo4j.Record]:
        records, _, _ = self._driver.execute_query(
            query(name), params, database_=self._database, routing_=neo4j.RoutingControl.READ
        )
        return records

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

        def work(tx: neo4j.ManagedTransaction) -> None:
            tx.run(query("analysis_run_create"), props=props).consume()
            if clusters:
                tx.run(
                    query("analysis_clusters_create"), run_id=run_id, clusters=clusters
                ).consume()
            for start in range(0, len(alerts), 5000):
                tx.run(
                    query("analysis_alerts_merge"),
                    run_id=run_id,
                    alerts=alerts[start : start + 5000],
                ).consume()

        with self._driver.session(database=self._database) as session:
            session.execute_write(work)

    def latest(self) -> StoredRun | None:
        records = self._read("analysis_latest_run")
        return StoredRun(records[0]["run"]) if records else None

    def runs(self, *, limit: int = 20) -> list[dict[str, Any]]:
        return [_native(r["run"]) for r in self._read("analysis_runs_list", limit=limit)]

    def clusters(self, run_id: str) -> list[ClusterSummary]:
        return [
            ClusterSummary.model_validate_json(r["summary_json"])
            for r in self._read("analysis_run_clusters", run_id=run_id)
        ]

    def cluster_members(self, run_id: str) -> dict[str, set[str]]:
        return {
            r["cluster_id"]: set(r["members"])
            for r in self._read("analysis_run_clusters", run_id=run_id)
        }

    def used_cluster_ids(self) -> set[str]:
        return {r["cluster_id"] for r in self._read("analysis_cluster_ids")}
