"""What a database loaded by Neo4j's offline importer needs once the server runs it."""

from __future__ import annotations

import time

import neo4j

from cseboard.errors import StoreError
from cseboard.store.base import GraphStore

__all__ = ["set_empty_lists", "wait_for_database"]


def wait_for_database(
    driver: neo4j.Driver, *, database: str | None = None, deadline_s: float = 180.0
) -> None:
    """Wait until the database answers: Bolt opens before a just-started server (or a database
    just replaced on disk) is online."""
    store = GraphStore(driver, database=database)
    stop = time.monotonic() + deadline_s
    while True:
        try:
            store.read("database_ready")
            return
        except StoreError:
            if time.monotonic() > stop:
                raise
            time.sleep(1.0)


def set_empty_lists(driver: neo4j.Driver, *, database: str | None = None) -> None:
    """Give each node the empty lists the importer could not write (see ``bulk_files``)."""
    # It commits in batches of its own, so it needs an auto-commit transaction.
    GraphStore(driver, database=database).autocommit("bulk_empty_lists")
