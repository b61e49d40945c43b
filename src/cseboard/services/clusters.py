"""Clusters of stored analysis runs: summaries, run-to-run changes, and why each member is in.

Clusters are advisory groupings for the practice lead to review; every membership is explained
by the links (and the records behind them) that tie the person to other members.
"""

from __future__ import annotations

import networkx as nx
from pydantic import ValidationError

from cseboard.access.policy import Permission, require
from cseboard.analysis.explain import explain_membership
from cseboard.errors import NotFound
from cseboard.models.analysis import AnalysisParams, ClusterSummary
from cseboard.models.network import (
    ClusterChange,
    ClusterDetail,
    ClusterList,
    ClusterMember,
    ClusterPlace,
    ClusterRow,
    MemberLink,
    PersonOption,
    RunComparison,
    RunInfo,
)
from cseboard.models.users import AuditAction, User
from cseboard.services.analysis import analysis_params, run_network_analysis
from cseboard.services.analysis_runs import (
    previous_run,
    require_partnership_view,
    run_info,
    stored_run,
)
from cseboard.services.context import ServiceContext
from cseboard.services.kept import kept
from cseboard.services.projection import user_projection
from cseboard.services.records import person_label
from cseboard.store.analysis_runs import AnalysisRunStore, StoredRun
from cseboard.store.network import NetworkStore

__all__ = [
    "analysis_runs",
    "cluster_detail",
    "cluster_list",
    "cluster_row",
    "compare_runs",
    "run_analysis_now",
]


def _runs(ctx: ServiceContext) -> AnalysisRunStore:
    return AnalysisRunStore(ctx.driver, database=ctx.database)


def analysis_runs(ctx: ServiceContext, user: User, *, limit: int = 20) -> list[RunInfo]:
    """Stored runs, newest first (headers only)."""
    require_partnership_view(ctx, user)
    require(user, Permission.VIEW_CLUSTERS)
    bounded = max(1, min(limit, 200))
    runs, _ = kept(
        ctx,
        user,
        "analysis_runs",
        bounded,
        lambda: [run_info(r) for r in _runs(ctx).runs(limit=bounded)],
    )
    return runs


def cluster_row(summary: ClusterSummary, *, compared: bool) -> ClusterRow:
    """A list row from a run's cluster summary; ``compared``: there was a run before it."""
    is_new = compared and summary.previous_size is None
    return ClusterRow(
        cluster_id=summary.cluster_id,
        size=summary.size,
        young_people=len(summary.young_people),
        associates=len(summary.associates),
        others=len(summary.others),
        locations=len(summary.locations),
        risk_levels=dict(summary.risk_levels),
        missing_episodes=len(summary.missing_episodes),
        intelligence_count=summary.intelligence_count,
        link_count=summary.link_count,
        new_members=summary.size if is_new else len(summary.new_members),
        left_members=len(summary.left_members),
        previous_size=summary.previous_size,
        growth=summary.growth,
        is_new=is_new,
    )


def cluster_list(ctx: ServiceContext, user: User, run_id: str | None = None) -> ClusterList:
    """One run's clusters (the latest by default), largest first, counts only (no names)."""
    require_partnership_view(ctx, user)
    require(user, Permission.VIEW_CLUSTERS)

    def load() -> ClusterList:
        run = stored_run(ctx, run_id)
        if run is None:
            return ClusterList(run=None, previous_run=None, clusters=[])
        info = run_info(run.props)
        previous = previous_run(ctx, info)
        summaries = _runs(ctx).clusters(run.run_id)
        rows = [cluster_row(s, compared=previous is not None) for s in summaries]
        return ClusterList(run=info, previous_run=previous, clusters=rows)

    listing, _ = kept(ctx, user, "cluster_list", run_id, load)
    return listing


def compare_runs(ctx: ServiceContext, user: User, run_id: str, other_run_id: str) -> RunComparison:
    """How the clusters of ``run_id`` differ from those of ``other_run_id`` (ids are stable)."""
    require_partnership_view(ctx, user)
    require(user, Permission.VIEW_CLUSTERS)
    run, other = stored_run(ctx, run_id), stored_run(ctx, other_run_id)
    assert run is not None and other is not None
    now = _runs(ctx).cluster_members(run.run_id)
    before = _runs(ctx).cluster_members(other.run_id)
    changes = []
    for cid in sorted(set(now) | set(before)):
        after_m, before_m = now.get(cid), before.get(cid)
        status = "new" if before_m is None else ("gone" if after_m is None else "continuing")
        changes.append(
            ClusterChange(
                cluster_id=cid,
                status=status,
                size_before=len(before_m) if before_m is not None else None,
                size_after=len(after_m) if after_m is not None else None,
                joined=len((after_m or set()) - (before_m or set())),
                left=len((before_m or set()) - (after_m or set())),
            )
        )
    order = {"new": 0, "continuing": 1, "gone": 2}
    changes.sort(key=lambda c: (order[c.status], -(c.size_after or c.size_before or 0)))
    return RunComparison(run=run_info(run.props), other=run_info(other.props), changes=changes)


def _run_params(ctx: ServiceContext, run: StoredRun) -> tuple[AnalysisParams, str]:
    """The run's own parameters, or (if they no longer validate) the settings over its window."""
    try:
        return AnalysisParams.model_validate_json(str(run.props["params_json"])), ""
    except (KeyError, ValidationError):
        end = run.props["window_end"]
        days = max(1, (end - run.props["window_start"]).days)
        note = " The run's parameters could not be read back, so today's settings are used."
        return analysis_params(ctx, window_end=end, window_days=days), note


def _run_graphs(
    ctx: ServiceContext, user: User, run: StoredRun, members: list[str]
) -> tuple[nx.Graph, nx.Graph, str]:
    """The members' person and person–place graphs over the run's window, as the records stand
    now (read around the members: their links and places are exactly the whole window's)."""
    params, note = _run_params(ctx, run)
    seen = user_projection(ctx, user, params, around=members).projection
    return seen.graph, seen.places, note


def cluster_detail(
    ctx: ServiceContext, user: User, cluster_id: str, *, run_id: str | None = None
) -> ClusterDetail:
    """A cluster's members with why each is in it, its places and its members' roles.

    Explanations rebuild the run's projection (same window and parameters) from the records
    as they stand now: a record erased since the run no longer explains anything. Viewing
    the members is a CONSULTATION of each of them.

    Raises
    ------
    NotFound
        No such run, or no such cluster in it.
    """
    require_partnership_view(ctx, user)
    require(user, Permission.VIEW_CLUSTERS)
    run = stored_run(ctx, run_id)
    if run is None:
        raise NotFound("no analysis run has been stored yet")
    summaries = {s.cluster_id: s for s in _runs(ctx).clusters(run.run_id)}
    summary = summaries.get(cluster_id)
    if summary is None:
        raise NotFound(f"no cluster {cluster_id} in run {run.run_id}")
    info = run_info(run.props)
    compared = previous_run(ctx, info) is not None
    row = cluster_row(summary, compared=compared)
    G, B, note = _run_graphs(ctx, user, run, list(summary.members))
    roles = [r for r in run.roles() if r.person_id in set(summary.members)]
    names = NetworkStore(ctx.driver, database=ctx.database).people(summary.members)

    def option(pid: str) -> PersonOption:
        row_ = names.get(pid) or {}
        return PersonOption(
            person_id=pid,
            label=person_label(pid, row_),
            role=row_.get("role"),
            risk_level=row_.get("risk_level"),
        )

    new = set(summary.members) if row.is_new else set(summary.new_members)
    members: list[ClusterMember] = []
    for pid in summary.members:
        try:
            reasons = explain_membership(G, summary.members, pid)
            explained = True
        except NotFound:
            reasons, explained = [], False
        members.append(
            ClusterMember(
                person=option(pid),
                new=pid in new,
                links=[
                    MemberLink(
                        other=option(x.b),
                        weight=x.weight,
                        kinds=x.kinds,
                        first_seen=x.first_seen,
                        last_seen=x.last_seen,
                        evidence=x.evidence,
                    )
                    for x in reasons
                ],
                roles=sorted({r.kind for r in roles if r.person_id == pid}),
                explained=explained,
            )
        )
    members.sort(key=lambda m: (-len(m.links), m.person.label.lower()))
    places = [
        ClusterPlace(
            place=place,
            name=B.nodes[place].get("name") if place in B else None,
            kind=B.nodes[place].get("kind") if place in B else None,
            records=count,
        )
        for place, count in summary.locations.items()
    ]
    places.sort(key=lambda p: (-p.records, p.name or p.place))
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"viewed cluster {cluster_id} of analysis run {run.run_id}: {len(members)} members",
        records=list(summary.members),
    )
    return ClusterDetail(
        run=info,
        cluster=row,
        members=members,
        places=places,
        roles=roles,
        role_people={r.person_id: option(r.person_id).label for r in roles},
        note=(
            "Each member is here because of their links to other members, listed with the "
            "records behind them; the links are read again from the records as they stand "
            "now, over the run's window." + note
        ),
    )


def run_analysis_now(ctx: ServiceContext, user: User) -> RunInfo:
    """Run the network analysis with the partnership's settings and store it (practice lead).

    Alerts it raises wait for review; nothing here changes a risk level.
    """
    require(user, Permission.RUN_ANALYSIS)
    outcome = run_network_analysis(ctx, user, analysis_params(ctx))
    run = stored_run(ctx, outcome.run_id)
    assert run is not None
    return run_info(run.props)
