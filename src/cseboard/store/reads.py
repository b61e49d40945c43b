"""Small read queries returning read models (reads skip the domain model, as views do)."""

from __future__ import annotations

import neo4j

from cseboard.models.overview import AgencyContribution, ImportRecord, Overview
from cseboard.store.base import GraphStore

__all__ = ["OVERVIEW_KINDS", "graph_counts", "overview"]

OVERVIEW_KINDS = (
    "young_people",
    "associates",
    "people_awaiting_record",
    "agency_records",
    "locations",
    "intelligence",
    "missing_episodes",
    "vehicles",
    "phones",
    "online_accounts",
)


def overview(driver: neo4j.Driver, *, database: str | None = None, recent: int = 10) -> Overview:
    """Counts by type and agency and the ``recent`` latest imports."""
    store = GraphStore(driver, database=database)
    counts = dict.fromkeys(OVERVIEW_KINDS, 0)
    # A label that has never existed can drop its row from the union, so zeros are filled here.
    counts.update({r["kind"]: r["count"] for r in store.read("overview_counts")})
    by_agency = [AgencyContribution(**r) for r in store.read("overview_by_agency")]
    imports = [ImportRecord(**r) for r in store.read("recent_imports", limit=recent)]
    return Overview(counts=counts, by_agency=by_agency, recent_imports=imports)


def graph_counts(driver: neo4j.Driver, *, database: str | None = None) -> tuple[int, int]:
    """(nodes, relationships) in the whole database."""
    row = GraphStore(driver, database=database).read("graph_counts")[0]
    return int(row["nodes"]), int(row["relationships"])
