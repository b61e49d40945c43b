"""What is loaded: counts by type and agency, and the latest imports, as each role may see them.

The practice lead, who imports and reviews partner files, sees exact counts and every file. The
strategic board and the administrators see aggregates only: counts from 1 to 4 show as "<5",
and a count that would let a hidden one be worked out (a total minus the other agencies) is
hidden too; the per-file list, whose small numbers describe single partner files, is not shown.
"""

from __future__ import annotations

from cseboard.access.policy import Permission, allowed, require
from cseboard.access.suppression import Grid
from cseboard.models.overview import AgencyCount, LoadedData
from cseboard.models.users import User
from cseboard.services.context import ServiceContext
from cseboard.store import reads

__all__ = ["loaded_data_overview"]

_BY_AGENCY_TOTALS = {
    "intelligence": "intelligence",
    "missing_episodes": "missing_episodes",
    "locations": "locations",
    "people": "agency_records",
}
"""Contribution kind → the overall count it adds up to (with an undisplayed remainder)."""


def loaded_data_overview(ctx: ServiceContext, user: User) -> LoadedData:
    """Counts by type and agency (``Permission.VIEW_LOADED_DATA``), exact for the practice lead
    (``Permission.IMPORT_FILES``) and suppressed for everyone else."""
    require(user, Permission.VIEW_LOADED_DATA)
    exact = allowed(user, Permission.IMPORT_FILES)
    overview = reads.overview(ctx.driver, database=ctx.database)
    grid = Grid(suppress=not exact)
    for kind, count in overview.counts.items():
        grid.add(("total", kind), count)
    for row in overview.by_agency:
        grid.add((row.agency, row.kind), row.count)
    for kind, total in _BY_AGENCY_TOTALS.items():
        if ("total", total) not in grid.values:
            continue
        parts = [(r.agency, r.kind) for r in overview.by_agency if r.kind == kind]
        rest = grid.values[("total", total)] - sum(grid.values[p] for p in parts)
        if rest > 0:
            # Records no agency count covers (pending ones): not shown, so not known either.
            grid.add(("rest", kind), rest, displayed=False)
            parts.append(("rest", kind))
        grid.relate(("total", total), parts)
    return LoadedData(
        exact=exact,
        counts={kind: grid.cell(("total", kind)) for kind in overview.counts},
        by_agency=[
            AgencyCount(agency=r.agency, kind=r.kind, count=grid.cell((r.agency, r.kind)))
            for r in overview.by_agency
        ],
        recent_imports=overview.recent_imports if exact else [],
    )
