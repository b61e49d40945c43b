"""The bare-write baseline of the ingest benchmark: what the server does with no import logic.

The benchmark reads back the reports a validated import landed, wipes the server and writes them
again with a bare ``UNWIND … CREATE`` from two writers on disjoint batches, so its rate is the
ceiling the importer is compared with, measured on the same data in the same run.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import neo4j
import neo4j.time

from cseboard.store.base import GraphStore
from cseboard.store.wire import wired

__all__ = ["RawReports", "prepare_raw_ends", "read_landed_reports", "write_raw_reports"]

RawReports = list[dict[str, Any]]


def read_landed_reports(
    driver: neo4j.Driver, *, database: str | None = None, slice_size: int = 50_000
) -> tuple[RawReports, list[str]]:
    """Every landed report (properties, agency, the keys of what it mentions) and every person
    id.

    The properties are split as the importer sends them (``store.wire``), before any timing.
    """
    store = GraphStore(driver, database=database)
    ids = store.read("bench_raw_ids", raw=True)[0]
    intel_ids = sorted(ids["intel_ids"])
    reports: RawReports = []
    for start in range(0, len(intel_ids), slice_size):
        chunk = intel_ids[start : start + slice_size]
        upper = intel_ids[start + slice_size] if start + slice_size < len(intel_ids) else None
        rows = store.read(
            "bench_raw_reports_read",
            raw=True,
            from_id=chunk[0],
            to_id=upper if upper is not None else chunk[-1] + "\uffff",
        )
        reports.extend({**row, **wired(_native(row["props"]))} for row in rows)
    return reports, list(ids["person_ids"])


def _native(props: dict[str, Any]) -> dict[str, Any]:
    """Stored temporal values as Python's own, so they go on the wire as the importer's do."""
    temporal = neo4j.time.Date | neo4j.time.DateTime
    return {k: v.to_native() if isinstance(v, temporal) else v for k, v in props.items()}


def prepare_raw_ends(
    driver: neo4j.Driver,
    person_ids: list[str],
    reports: RawReports,
    *,
    database: str | None = None,
    batch: int = 20_000,
) -> None:
    """Everything the reports link to (agencies, people, locations, vehicles, phones, online
    accounts), created bare before the timing starts."""
    store = GraphStore(driver, database=database)
    store.write("bench_raw_agencies_create", names=sorted({str(r["agency"]) for r in reports}))
    for start in range(0, len(person_ids), batch):
        store.write("bench_raw_persons_create", person_ids=person_ids[start : start + batch])
    ends = {
        name: sorted({key for r in reports for key in r[field]})
        for name, field in (
            ("location_ids", "locations"),
            ("vrms", "vehicles"),
            ("phones", "phones"),
            ("accounts", "accounts"),
        )
    }
    longest = max((len(keys) for keys in ends.values()), default=0)
    for start in range(0, longest, batch):
        store.write(
            "bench_raw_ends_create",
            **{name: keys[start : start + batch] for name, keys in ends.items()},
        )


def write_raw_reports(
    driver: neo4j.Driver,
    reports: RawReports,
    *,
    batch: int,
    database: str | None = None,
    writers: int = 2,
) -> None:
    """Write the reports with ``writers`` concurrent transactions on disjoint batches of
    ``batch`` reports (the benchmark gives the import's own batch size, so both compare alike)."""
    store = GraphStore(driver, database=database)
    batches = [reports[i : i + batch] for i in range(0, len(reports), batch)]
    with ThreadPoolExecutor(max_workers=writers) as pool:
        for _ in pool.map(lambda rows: store.write("bench_raw_reports_create", rows=rows), batches):
            pass
