"""What a database loaded by Neo4j's offline importer needs once the server runs it."""

from __future__ import annotations

import neo4j

from cseboard.store.base import GraphStore

__all__ = ["set_empty_lists"]


def set_empty_lists(driver: neo4j.Driver, *, database: str | None = None) -> None:
    """Give each node the empty lists the importer could not write (see ``bulk_files``)."""
    # It commits in batches of its own, so it needs an auto-commit transaction.
    GraphStore(driver, database=database).autocommit("bulk_empty_lists")
