"""Network analysis as a use case: read evidence, run the backend, keep the run in the graph."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cseboard.access.policy import Permission, require
from cseboard.analysis.backend import AnalysisBackend, NetworkxBackend, run_analysis
from cseboard.analysis.igraph_backend import IgraphBackend
from cseboard.analysis.projection import bulk_allocation
from cseboard.errors import ValidationFailed
from cseboard.models.analysis import AnalysisParams, AnalysisResult
from cseboard.models.users import AuditAction, User
from cseboard.services.context import ServiceContext
from cseboard.services.projection import user_projection
from cseboard.store.analysis_runs import AnalysisRunStore

__all__ = ["AnalysisRunOutcome", "analysis_params", "backend_named", "run_network_analysis"]


@dataclass(frozen=True)
class AnalysisRunOutcome:
    """The stored run's id, its result, and the seconds spent reading evidence and storing."""

    run_id: str
    result: AnalysisResult
    read_s: float
    store_s: float


def analysis_params(
    ctx: ServiceContext, *, window_end: datetime | None = None, **overrides: Any
) -> AnalysisParams:
    """Parameters from the partnership's settings plus explicit overrides."""
    values: dict[str, Any] = {
        "window_end": window_end or datetime.now(UTC),
        "window_days": ctx.settings.analysis_window_days,
        "repeat_missing_count": ctx.settings.repeat_missing_count,
        "repeat_missing_days": ctx.settings.repeat_missing_days,
        "rhi_due_hours": ctx.settings.rhi_due_hours,
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    return AnalysisParams(**values)


def backend_named(name: str) -> AnalysisBackend:
    """The analysis backend of this name (``networkx`` or ``igraph``)."""
    if name == "networkx":
        return NetworkxBackend()
    if name == "igraph":
        return IgraphBackend()
    raise ValidationFailed(f"analysis backend: networkx or igraph, not {name!r}")


def run_network_analysis(
    ctx: ServiceContext,
    user: User,
    params: AnalysisParams,
    *,
    backend: AnalysisBackend | None = None,
    store_run: bool = True,
) -> AnalysisRunOutcome:
    """Run the analysis over the window and keep it (clusters keep their ids across runs).

    The evidence is read and projected by :func:`~cseboard.services.projection.user_projection`
    like every page's; a backend other than networkx projects it again in its own way. Alerts
    are stored for review; nothing here changes a risk level.
    """
    require(user, Permission.RUN_ANALYSIS)
    episodes_start = params.window_end - timedelta(days=max(params.repeat_missing_days, 90))
    seen = user_projection(ctx, user, params, episodes_start=episodes_start)
    evidence = seen.projection.evidence
    engine = backend if backend is not None else backend_named(ctx.settings.analysis_backend)
    prepared_s = 0.0
    if isinstance(engine, NetworkxBackend):
        engine.adopt(seen.projection)
        prepared_s = seen.project_s
    runs = AnalysisRunStore(ctx.driver, database=ctx.database)
    latest = runs.latest()
    previous = runs.cluster_members(latest.run_id) if latest else None
    result = run_analysis(
        evidence,
        params,
        previous=previous,
        used_cluster_ids=runs.used_cluster_ids(),
        backend=engine,
        prepared_s=prepared_s,
    )
    run_id = f"RUN-{result.run_at:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"
    began = time.perf_counter()
    if store_run:
        with bulk_allocation():  # serialising the run while the evidence is still alive
            runs.save(run_id, result)
        ctx.audit.record(
            user,
            AuditAction.COMBINATION,
            f"network analysis {run_id} combined partner records over {params.window_days} days",
            records=[run_id],
        )
    return AnalysisRunOutcome(run_id, result, seen.read_s, time.perf_counter() - began)
