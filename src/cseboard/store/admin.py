"""Destructive maintenance used only by tests and the demo reset."""

from __future__ import annotations

import neo4j

from cseboard.store.cypher import query

__all__ = ["wipe_database"]


def wipe_database(driver: neo4j.Driver, *, database: str | None = None) -> None:
    """Delete every node and relationship (schema stays). Never called by the board."""
    with driver.session(database=database) as session:
        session.run(query("wipe_database")).consume()
