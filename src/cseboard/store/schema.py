"""Applies ``cypher/schema.cypher``: every statement is IF NOT EXISTS, so re-running is harmless."""

from __future__ import annotations

import neo4j

from cseboard.store.base import GraphStore

__all__ = ["apply_schema"]


def apply_schema(
    driver: neo4j.Driver, *, database: str | None = None, together: bool = False
) -> int:
    """Create the constraints and indexes, wait for them to come online; returns how many.

    ``together`` makes them in one transaction, so that a large database just loaded is
    scanned once for all of them (measured: half the time for the report's four).
    """
    store = GraphStore(driver, database=database)
    applied = store.write_together("schema") if together else store.write_each("schema")
    store.write("await_indexes", timeout_s=300)
    return applied
