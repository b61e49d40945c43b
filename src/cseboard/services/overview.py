"""What is loaded: counts by type and agency and the latest imports (aggregates only)."""

from __future__ import annotations

from cseboard.access.policy import Permission, require
from cseboard.models.overview import Overview
from cseboard.models.users import User
from cseboard.services.context import ServiceContext
from cseboard.store import reads

__all__ = ["loaded_data_overview"]


def loaded_data_overview(ctx: ServiceContext, user: User) -> Overview:
    """Counts by type and agency carry no identities: the lead, the strategic board and the
    administrators may see them (``Permission.VIEW_LOADED_DATA``)."""
    require(user, Permission.VIEW_LOADED_DATA)
    return reads.overview(ctx.driver, database=ctx.database)
