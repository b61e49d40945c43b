"""What is loaded: counts by type and agency and the latest imports (aggregates only)."""

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


def loaded_data_overview(ctx: ServiceContext, user: User) -> LoadedData:
    """Counts by type and agency carry no identities: the lead, the strategic board and the
    administrators may see them (``Permission.VIEW_LOADED_DATA``).

    Anyone but the practice lead gets them suppressed in the same grid as every oversight
    figure of the offered periods (an all-time count less the months offered would otherwise
    give away what lies outside them), and no list of imports.
    """
    require(user, Permission.VIEW_LOADED_DATA)
    if user.has(Role.PRACTICE_LEAD):
        raw = reads.overview(ctx.driver, database=ctx.database)
        return LoadedData(
            counts={k: Cell(value=v, text=str(v)) for k, v in raw.counts.items()},
            by_agency=[
                AgencyCount(
                    agency=r.agency, kind=r.kind, count=Cell(value=r.count, text=str(r.count))
                )
                for r in raw.by_agency
            ],
            recent_imports=raw.recent_imports,
            suppressed=False,
        )
    data = strategic_grid(ctx)
    grid = data.grid
    assert data.loaded is not None
    return LoadedData(
        counts={k: grid.cell(("loaded", k)) for k in LOADED_KINDS},
        by_agency=[
            AgencyCount(
                agency=r.agency, kind=r.kind, count=grid.cell((f"loaded:{r.agency}", r.kind))
            )
            for r in data.loaded.by_agency
        ],
        suppressed=True,
    )
