"""The person graph a user may see: the one way every page and the analysis get their links.

Reading the evidence, leaving out the reports whose handling conditions exclude the user's
agency, and projecting with the partnership's analysis parameters happen here and nowhere
else, so a link means the same thing on the profile, the network explorer, the clusters, the
meeting's cohort network and in the analysis run.

Neighbourhood projections (``around``) are kept per process for a page shown again
(``services.kept``: per user identity, parameters and people, while the graph is unchanged);
they are never shared between users.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from cseboard.access.scope import may_see_item
from cseboard.analysis.projection import Projection, bulk_allocation, project
from cseboard.models.analysis import AnalysisParams
from cseboard.models.evidence import EvidenceSet
from cseboard.models.users import Role, User
from cseboard.services.context import ServiceContext
from cseboard.services.kept import kept
from cseboard.store.projection import read_evidence, read_evidence_around

__all__ = ["REUSE_WITHIN", "UserProjection", "user_projection", "visible_evidence"]

REUSE_WITHIN = timedelta(minutes=10)
"""A kept projection serves a window ending up to this much later than its own, when the graph
has not changed since (nothing new can have been reported in between)."""


@dataclass(frozen=True)
class UserProjection:
    """A projection of what one user may see, and what was left out for them.

    Attributes
    ----------
    projection: the graphs (``graph`` every link, ``strong`` the links that count, ``places``).
    restricted_reports: reports in the window the user's agency may not read (no link here).
    around: the people whose neighbourhood was read, or ``None`` for the whole window.
    project_s, read_s: seconds spent projecting and reading.
    """

    projection: Projection
    restricted_reports: int
    around: frozenset[str] | None
    read_s: float
    project_s: float

    @property
    def window_start(self) -> datetime:
        return self.params.window_end - timedelta(days=self.params.window_days)

    @property
    def params(self) -> AnalysisParams:
        return self.projection.params


def visible_evidence(
    user: User, evidence: EvidenceSet
) -> tuple[EvidenceSet, int]:
    """The evidence without the handling-code C reports the user's agency may not read.

    Returns the kept evidence and how many reports were left out. The practice lead reads all.
    """
    if user.has(Role.PRACTICE_LEAD):
        return evidence, 0
    kept = [
        i
        for i in evidence.intelligence
        if may_see_item(
            user,
            holder=i.agency,
            handling_code=i.handling_code,
            conditions=i.handling_conditions,
        )
    ]
    left_out = len(evidence.intelligence) - len(kept)
    if not left_out:
        return evidence, 0
    return dataclasses.replace(evidence, intelligence=kept), left_out


def user_projection(
    ctx: ServiceContext,
    user: User,
    params: AnalysisParams,
    *,
    around: Collection[str] | None = None,
    episodes_start: datetime | None = None,
    keep_restricted: bool = False,
) -> UserProjection:
    """Read the evidence of ``params``' window, keep what ``user`` may read, project it.

    Access to the people is the caller's to check (and audit); this only makes sure that a
    report the user may not read never makes a link they are shown.

    Parameters
    ----------
    around:
        Read only the evidence that can link these people to anyone (their neighbourhood):
        their links are then exactly those of the whole window, at a fraction of the cost.
        Ignored with ``missing_overlap="any"``, whose links are not local.
    episodes_start:
        Read missing episodes from further back (repeat-missing counts of a whole run).
    keep_restricted:
        Keep every report, for a caller that freezes links with their records and checks each
        record per viewer when it is shown (meeting snapshots); ``restricted_reports`` is 0.

    A neighbourhood projection is kept for this user (``services.kept``) and served again
    while the graph is unchanged and the window ends at most :data:`REUSE_WITHIN` later
    (nothing can have been reported in between); the whole window is always read afresh.
    """
    local = around is not None and params.missing_overlap != "any"
    if not local:
        return _project_for(ctx, user, params, around, episodes_start, keep_restricted)
    assert around is not None
    key = (
        params.model_dump_json(exclude={"window_end"}),
        frozenset(around),
        episodes_start,
        keep_restricted,
    )

    def fits(found: UserProjection) -> bool:
        return timedelta(0) <= params.window_end - found.params.window_end <= REUSE_WITHIN

    projection, _ = kept(
        ctx,
        user,
        "projection",
        key,
        lambda: _project_for(ctx, user, params, around, episodes_start, keep_restricted),
        fits=fits,
    )
    return projection


def _project_for(
    ctx: ServiceContext,
    user: User,
    params: AnalysisParams,
    around: Collection[str] | None,
    episodes_start: datetime | None,
    keep_restricted: bool,
) -> UserProjection:
    began = time.perf_counter()
    window_start = params.window_end - timedelta(days=params.window_days)
    local = around is not None and params.missing_overlap != "any"
    with bulk_allocation():
        if local:
            assert around is not None
            evidence = read_evidence_around(
                ctx.driver,
                around,
                window_start=window_start,
                window_end=params.window_end,
                agencies=params.agencies,
                categories=params.categories,
                database=ctx.database,
            )
        else:
            evidence = read_evidence(
                ctx.driver,
                window_start=window_start,
                window_end=params.window_end,
                agencies=params.agencies,
                categories=params.categories,
                episodes_start=episodes_start,
                database=ctx.database,
            )
    restricted = 0
    if not keep_restricted and not user.has(Role.PRACTICE_LEAD):
        evidence, restricted = visible_evidence(user, evidence)
    read_s = time.perf_counter() - began
    began = time.perf_counter()
    projection = project(evidence, params)
    return UserProjection(
        projection=projection,
        restricted_reports=restricted,
        around=frozenset(around) if local and around is not None else None,
        read_s=read_s,
        project_s=time.perf_counter() - began,
    )
