"""What is loaded: counts by type and agency and the latest imports (aggregates only)."""

from __future__ import annotations

import neo4j

from cseboard.models.overview import Overview
from cseboard.store import reads

__all__ = ["loaded_data_overview"]


def loaded_data_overview(driver: neo4j.Driver, *, database: str | None = None) -> Overview:
    """Aggregate counts carry no identities, so every role may see them."""
    return reads.overview(driver, database=database)
