"""Batched, idempotent writes of validated partner rows: one transaction per batch.

A batch either lands whole or not at all, so a killed import leaves no half-written batch and a
re-run completes it. Unchanged rows are skipped by their content hash, so re-imports change nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import neo4j

from cseboard.store.base import GraphStore, Row, Transaction

__all__ = ["STATEMENT_SECONDS", "GraphWriter", "WriteRows"]

WriteRows = list[dict[str, Any]]


def _refs_of(rows: WriteRows, *keys: str) -> list[dict[str, str]]:
    """Unique person references named by rows, with the person id each would create."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for row in rows:
        for key in keys:
            for ref in row.get(key + "_refs", []):
                seen.setdefault((ref["agency"], ref["source_ref"]), ref)
    return list(seen.values())


STATEMENT_SECONDS: dict[str, float] = {}
"""Wall time spent in each write statement in this process (read by the ingest benchmark)."""


def _run(tx: Transaction, name: str, **params: Any) -> list[Row]:
    """``tx.run`` that adds its wall time to ``STATEMENT_SECONDS``."""
    start = time.perf_counter()
    rows = tx.run(name, **params)
    STATEMENT_SECONDS[name] = STATEMENT_SECONDS.get(name, 0.0) + time.perf_counter() - start
    return rows


def _changed(tx: Transaction, name: str, rows: WriteRows, **params: Any) -> WriteRows:
    changed = {record["source_ref"] for record in _run(tx, name, rows=rows, **params)}
    return [row for row in rows if row["source_ref"] in changed]


class GraphWriter:
    """Writes one batch of one record type per call; the caller owns the driver.

    It holds a ``GraphStore`` rather than being one, because its own ``write`` takes a batch.
    """

    def __init__(self, driver: neo4j.Driver, *, database: str | None = None) -> None:
        self._store = GraphStore(driver, database=database)

    def write(self, record_type: str, rows: WriteRows, *, run_id: str) -> int:
        """Write a batch in one transaction; returns how many rows were new or changed."""
        work: dict[str, Callable[[Transaction, WriteRows, dict[str, Any]], int]] = {
            "people": self._people,
            "locations": self._locations,
            "intelligence": self._intelligence,
            "missing_episodes": self._missing_episodes,
        }
        params = {"now": datetime.now(UTC), "run_id": run_id}
        write = work[record_type]
        return self._store.transaction(
            lambda tx: write(tx, rows, params), what=f"writing {len(rows)} {record_type}"
        )

    def record_import_run(self, run_id: str, props: dict[str, Any]) -> None:
        self._store.write("record_import_run", run_id=run_id, props=props)

    @staticmethod
    def _people(tx: Transaction, rows: WriteRows, params: dict[str, Any]) -> int:
        changed = _changed(tx, "upsert_people", rows, **params)
        if changed:
            _run(tx, "ensure_person_records", refs=_refs_of(changed, "self"), now=params["now"])
            _run(tx, "fill_people", rows=changed)
        return len(changed)

    @staticmethod
    def _locations(tx: Transaction, rows: WriteRows, params: dict[str, Any]) -> int:
        return len(_changed(tx, "upsert_locations", rows, **params))

    @staticmethod
    def _ensure_locations(tx: Transaction, rows: WriteRows, params: dict[str, Any]) -> None:
        refs = {ref["location_id"]: ref for row in rows for ref in row["location_refs"]}
        if refs:
            _run(tx, "ensure_locations", refs=list(refs.values()), now=params["now"])

    @classmethod
    def _intelligence(cls, tx: Transaction, rows: WriteRows, params: dict[str, Any]) -> int:
        upserted = _run(tx, "upsert_intelligence", rows=rows, **params)
        refs = {record["source_ref"] for record in upserted}
        changed = [row for row in rows if row["source_ref"] in refs]
        if changed:
            created = {record["source_ref"] for record in upserted if record["created"]}
            keys = [r["key"] for r in changed if r["source_ref"] not in created]
            if keys:
                _run(tx, "clear_intelligence_links", keys=keys)
            _run(tx, "ensure_person_records", refs=_refs_of(changed, "people"), now=params["now"])
            cls._ensure_locations(tx, changed, params)
            _run(tx, "link_intelligence", rows=changed, agency=changed[0]["agency"])
            placed = [r for r in changed if r["location_ids"]]
            if placed:
                _run(tx, "link_intelligence_places", rows=placed)
            objects = [r for r in changed if r["vehicles"] or r["phones"] or r["online_accounts"]]
            if objects:
                _run(tx, "link_intelligence_objects", rows=objects)
        return len(changed)

    @classmethod
    def _missing_episodes(cls, tx: Transaction, rows: WriteRows, params: dict[str, Any]) -> int:
        changed = _changed(tx, "upsert_missing_episodes", rows, **params)
        if changed:
            keys = [r["key"] for r in changed if r["source_format"] != "ssd"]
            _run(tx, "clear_missing_episode_links", keys=keys)
            refs = _refs_of(changed, "person", "missing_with")
            _run(tx, "ensure_person_records", refs=refs, now=params["now"])
            cls._ensure_locations(tx, changed, params)
            _run(tx, "link_missing_episodes", rows=changed, agency=changed[0]["agency"])
        return len(changed)
