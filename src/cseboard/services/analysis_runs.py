"""Stored analysis runs as pages see them: run headers, the latest run, its clusters' members.

Clusters, hotspots and alerts are computed over every partner's records, so they are the
practice lead's: ``require_partnership_view`` refuses (and audits) anyone with a cohort scope.
"""

from __future__ import annotations

from typing import Any

from cseboard.access.policy import Permission, require
from cseboard.errors import AccessDenied, NotFound
from cseboard.models.network import RunInfo
from cseboard.models.users import AuditAction, User
from cseboard.services.context import ServiceContext
from cseboard.services.scope import person_scope
from cseboard.store.analysis_runs import AnalysisRunStore, StoredRun
from cseboard.store.network import NetworkStore

__all__ = [
    "latest_run",
    "previous_run",
    "require_partnership_view",
    "run_info",
    "run_memberships",
    "stored_run",
]


def _runs(ctx: ServiceContext) -> AnalysisRunStore:
    return AnalysisRunStore(ctx.driver, database=ctx.database)


def require_partnership_view(ctx: ServiceContext, user: User) -> None:
    """Refuse whole-partnership analysis results (clusters, places) to anyone but the lead.

    Clusters and hotspots are computed over every partner's records; an operational user's
    view is limited to their operations' cohorts, so they get the scoped network instead.
    The refusal of an operational user is audited, as any refusal of a scoped user is.
    """
    require(user, Permission.VIEW_NETWORK)
    scope = person_scope(ctx, user)
    if scope.people is not None:
        ctx.audit.record(
            user, AuditAction.REFUSAL, "partnership analysis results refused: cohort scope"
        )
        raise AccessDenied(
            "clusters, hotspots and alerts cover every partner's records, so they are for the "
            "CSE practice lead; the network explorer shows your operation's cohort"
        )


def run_info(props: dict[str, Any]) -> RunInfo:
    """A run header from the stored run's properties."""
    return RunInfo(
        run_id=str(props["run_id"]),
        run_at=props["run_at"],
        window_start=props.get("window_start"),
        window_end=props.get("window_end"),
        backend=props.get("backend"),
        graph_nodes=props.get("graph_nodes"),
        graph_edges=props.get("graph_edges"),
        cluster_count=props.get("cluster_count"),
        alert_count=props.get("alert_count"),
    )


def latest_run(ctx: ServiceContext) -> StoredRun | None:
    """The latest stored run, or ``None`` before the first."""
    return _runs(ctx).latest()


def run_memberships(ctx: ServiceContext, run: StoredRun | None) -> dict[str, set[str]]:
    """Cluster id → member ids of a run (empty without a run)."""
    if run is None:
        return {}
    return _runs(ctx).cluster_members(run.run_id)


def stored_run(ctx: ServiceContext, run_id: str | None) -> StoredRun | None:
    """The run with this id (``NotFound`` if unknown), or the latest run for ``None``."""
    if run_id is None:
        return latest_run(ctx)
    run = NetworkStore(ctx.driver, database=ctx.database).run(run_id)
    if run is None:
        raise NotFound(f"no analysis run {run_id}")
    return run


def previous_run(ctx: ServiceContext, run: RunInfo) -> RunInfo | None:
    """The run stored just before ``run`` (what its clusters were compared with)."""
    earlier = [r for r in _runs(ctx).runs(limit=200) if r["run_at"] < run.run_at]
    return run_info(earlier[0]) if earlier else None
