"""Destructive maintenance used only by tests and the demo reset, and the benchmark's marker."""

from __future__ import annotations

from datetime import UTC, datetime

import neo4j

from cseboard.store.base import GraphStore

__all__ = ["bench_dataset", "mark_bench_dataset", "wipe_database"]


def wipe_database(driver: neo4j.Driver, *, database: str | None = None) -> None:
    """Delete every node and relationship (schema stays). Never called by the board."""
    # The statement commits in batches of its own, so it needs an auto-commit transaction.
    GraphStore(driver, database=database).autocommit("wipe_database")


def bench_dataset(driver: neo4j.Driver, *, database: str | None = None) -> str | None:
    """The key of the synthetic dataset a benchmark database holds, if any."""
    rows = GraphStore(driver, database=database).read("bench_dataset_get")
    return rows[0]["key"] if rows else None


def mark_bench_dataset(driver: neo4j.Driver, key: str, *, database: str | None = None) -> None:
    """Record which synthetic dataset the benchmark database now holds."""
    GraphStore(driver, database=database).write("bench_dataset_set", key=key, now=datetime.now(UTC))
