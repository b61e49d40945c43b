"""Batched, idempotent writes of validated partner rows: one transaction per batch.

A batch either lands whole or not at all, so a killed import leaves no half-written batch and a
re-run completes it. Unchanged rows are skipped by their content hash, so re-imports change nothing.

Reports and missing episodes, the bulk of an import, take one indexed read of the batch's stored
hashes, then one statement that writes the new and changed rows with all their links, so that
each is MERGEd once and unchanged rows are not sent. The records a row names are made sure of
(pending if not sent yet) only when the importer did not see the agency send them before.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import neo4j

from cseboard.store.base import GraphStore, Row, Transaction
from cseboard.store.wire import wire_row, wired

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
        sent = [wire_row(row, "props", "person_props") for row in rows]
        changed = _changed(tx, "upsert_people", sent, **params)
        if changed:
            _run(tx, "ensure_person_records", refs=_refs_of(changed, "self"), now=params["now"])
            _run(tx, "fill_people", rows=changed)
        return len(changed)

    @staticmethod
    def _locations(tx: Transaction, rows: WriteRows, params: dict[str, Any]) -> int:
        sent = [wire_row(row, "props") for row in rows]
        return len(_changed(tx, "upsert_locations", sent, **params))

    @staticmethod
    def _ensure_refs(
        tx: Transaction, rows: WriteRows, params: dict[str, Any], *person_keys: str
    ) -> None:
        """Make sure the people and locations rows name exist (pending if not sent yet), for
        rows the importer did not mark as naming only records the agency sent before."""
        unknown = [row for row in rows if not row.get("refs_known")]
        refs = _refs_of(unknown, *person_keys)
        if refs:
            _run(tx, "ensure_person_records", refs=refs, now=params["now"])
        locations = {ref["location_id"]: ref for row in unknown for ref in row["location_refs"]}
        if locations:
            _run(tx, "ensure_locations", refs=list(locations.values()), now=params["now"])

    @classmethod
    def _intelligence(cls, tx: Transaction, rows: WriteRows, params: dict[str, Any]) -> int:
        # One indexed read of the stored hashes finds the new and changed reports; unchanged
        # ones are not sent. The rest are written with their links in one statement.
        keys = [r["key"] for r in rows]
        stored = {rec["key"]: rec["hash"] for rec in _run(tx, "intelligence_hashes", keys=keys)}
        changed = [r for r in rows if r["key"] not in stored or stored[r["key"]] != r["hash"]]
        if not changed:
            return 0
        cls._ensure_refs(tx, changed, params, "people")
        writes = [
            {
                "key": r["key"],
                "agency": r["agency"],
                "source_ref": r["source_ref"],
                **wired(r["props"]),
                "stored": r["key"] in stored,
                "stamp": stored.get(r["key"]) is not None,
                "people": [ref["record_key"] for ref in r["people_refs"]],
                "location_ids": r["location_ids"],
                "vehicles": r["vehicles"],
                "phones": r["phones"],
                "online_accounts": r["online_accounts"],
            }
            for r in changed
        ]
        _run(tx, "write_intelligence", rows=writes, agency=changed[0]["agency"], **params)
        return len(changed)

    @classmethod
    def _missing_episodes(cls, tx: Transaction, rows: WriteRows, params: dict[str, Any]) -> int:
        # As for reports: the stored hashes (exchange rows and SSD extracts keep their own) say
        # which rows are new or changed; those are written with their links in one statement.
        stored = {
            rec["key"]: (rec["hash"], rec["ssd_hash"])
            for rec in _run(tx, "missing_episode_hashes", keys=[r["key"] for r in rows])
        }
        previous = {
            r["key"]: stored[r["key"]][r["source_format"] == "ssd"]
            for r in rows
            if r["key"] in stored
        }
        changed = [r for r in rows if previous.get(r["key"]) != r["hash"]]
        if not changed:
            return 0
        cls._ensure_refs(tx, changed, params, "person", "missing_with")
        writes = [
            {
                "key": r["key"],
                "agency": r["agency"],
                "source_ref": r["source_ref"],
                **wired(r["props"]),
                "stamp": previous.get(r["key"]) is not None,
                "clear": r["key"] in stored and r["source_format"] != "ssd",
                "people": [ref["record_key"] for ref in r["person_refs"]],
                "found_location_ids": r["found_location_ids"],
                "missing_with": [ref["record_key"] for ref in r["missing_with_refs"]],
            }
            for r in changed
        ]
        _run(tx, "write_missing_episodes", rows=writes, agency=changed[0]["agency"], **params)
        return len(changed)
