"""Small read queries returning read models (reads skip the domain model, as views do)."""

from __future__ import annotations

import neo4j

from cseboard.models.overview import AgencyContribution, ImportRecord, Overview
from cseboard.store.cypher import query

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


def _read(
    driver: neo4j.Driver, name: str, database: str | None, **params: object
) -> list[neo4j.Record]:
    records, _, _ = driver.execute_query(
        query(name), params, database_=database, routing_=neo4j.RoutingControl.READ
    )
    return records


def overview(driver: neo4j.Driver, *, database: str | None = None, recent: int = 10) -> Overview:
    """Counts by type and agency and the ``recent`` latest imports."""
    counts = dict.fromkeys(OVERVIEW_KINDS, 0)
    # A label that has never existed can drop its row from the union, so zeros are filled here.
    counts.update({r["kind"]: r["count"] for r in _read(driver, "overview_counts", database)})
    by_agency = [
        AgencyContribution(**r.data()) for r in _read(driver, "overview_by_agency", database)
    ]
    imports = []
    for r in _read(driver, "recent_imports", database, limit=recent):
        data = r.data()
        finished = data["finished_at"]
        data["finished_at"] = finished.to_native() if finished is not None else None
        imports.append(ImportRecord(**data))
    return Overview(counts=counts, by_agency=by_agency, recent_imports=imports)


def graph_counts(driver: neo4j.Driver, *, database: str | None = None) -> tuple[int, int]:
    """(nodes, relationships) in the whole database."""
    record = _read(driver, "graph_counts", database)[0]
    return int(record["nodes"]), int(record["relationships"])
