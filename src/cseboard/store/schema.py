"""Applies ``cypher/schema.cypher``: every statement is IF NOT EXISTS, so re-running is harmless."""

from __future__ import annotations

import neo4j

from cseboard.errors import StoreError
from cseboard.store.cypher import query, statements

__all__ = ["apply_schema"]


def apply_schema(driver: neo4j.Driver, *, database: str | None = None) -> int:
    """Create the constraints and indexes, wait for them to come online; returns how many."""
    applied = 0
    try:
        for statement in statements("schema"):
            driver.execute_query(statement, database_=database)
            applied += 1
        driver.execute_query(query("await_indexes"), timeout_s=300, database_=database)
    except neo4j.exceptions.ClientError as e:
        raise StoreError(f"applying the schema failed: {e.message}") from e
    return applied
