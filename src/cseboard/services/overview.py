"""What is loaded: counts by type and agency, and the latest imports, as each role may see them.

The practice lead, who imports and reviews partner files, sees exact counts and every file. The
strategic board and the administrators see aggregates only, suppressed in the one grid of every
figure a strategic user can obtain (``services/oversight_grid.py``): counts from 1 to 4 show as
"<5", and a count that would let a hidden one be worked out (a total minus the other agencies,
an all-time count minus the months offered) is hidden too; the per-file list, whose small
numbers describe single partner files, is not shown.
"""

from __future__ import annotations

from cseboard.access.policy import Permission, require
from cseboard.models.oversight import Cell
from cseboard.models.overview import AgencyCount, LoadedData
from cseboard.models.users import Role, User
from cseboard.services.context import ServiceContext
from cseboard.services.oversight_figures import strategic_grid
from cseboard.services.oversight_grid import LOADED_KINDS
from cseboard.store import reads

__all__ = ["loaded_data_overview"]


def _exact(value: int) -> Cell:
    return Cell(value=value, text=str(value))


def loaded_data_overview(ctx: ServiceContext, user: User) -> LoadedData:
    """Counts by type and agency carry no identities: the lead, the strategic board and the
    administrators may see them (``Permission.VIEW_LOADED_DATA``).

    Anyone but the practice lead gets them suppressed in the same grid as every oversight
    figure of the offered periods, and no list of imports.
    """
    require(user, Permission.VIEW_LOADED_DATA)
    if user.has(Role.PRACTICE_LEAD):
        raw = reads.overview(ctx.driver, database=ctx.database)
        return LoadedData(
            counts={k: _exact(v) for k, v in raw.counts.items()},
            by_agency=[
                AgencyCount(agency=r.agency, kind=r.kind, count=_exact(r.count))
                for r in raw.by_agency
            ],
            recent_imports=raw.recent_imports,
            suppressed=False,
        )
    data = strategic_grid(ctx)
    grid = data.grid
    by_agency = data.loaded.by_agency if data.loaded is not None else []
    return LoadedData(
        counts={k: grid.cell(("loaded", k)) for k in LOADED_KINDS},
        by_agency=[
            AgencyCount(
                agency=r.agency, kind=r.kind, count=grid.cell((f"loaded:{r.agency}", r.kind))
            )
            for r in by_agency
        ],
        suppressed=True,
    )
