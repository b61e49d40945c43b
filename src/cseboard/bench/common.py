"""Shared benchmark plumbing: a dedicated Neo4j, cached synthetic data, peak memory, JSON line."""

from __future__ import annotations

import json
import os
import resource
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import neo4j
from pydantic import SecretStr

from cseboard.config import Settings
from cseboard.ingest.importer import ProgressCallback
from cseboard.store.admin import bench_dataset, mark_bench_dataset, wipe_database
from cseboard.store.connection import connect, wait_until_ready
from cseboard.store.local_server import LocalNeo4j
from cseboard.store.schema import apply_schema

__all__ = [
    "BENCH_PORT",
    "bench_data",
    "bench_port",
    "bench_server",
    "figures_line",
    "loaded_dataset",
    "mark_dataset",
    "peak_rss_mb",
]

BENCH_PORT = 17688
"""Default loopback port of the benchmark server; ``CSEBOARD_BENCH_BOLT_PORT`` overrides it."""


def bench_port(settings: Settings | None = None) -> int:
    """The benchmark server's port: ``cseboard bench … --port`` or ``LOCAL_BENCH_BOLT_PORT``
    when given, else ``CSEBOARD_BENCH_BOLT_PORT``, else :data:`BENCH_PORT`.

    Several people benchmarking on one machine each give their own port.
    """
    if settings is not None and settings.local_bench_bolt_port is not None:
        return settings.local_bench_bolt_port
    return int(os.environ.get("CSEBOARD_BENCH_BOLT_PORT") or BENCH_PORT)


def bench_settings(base: Settings, uri: str | None) -> Settings:
    """A separate server so a benchmark never wipes the board's data.

    Its port is :func:`bench_port` (``cseboard bench … --port``, ``LOCAL_BENCH_BOLT_PORT`` or
    ``CSEBOARD_BENCH_BOLT_PORT``), so that several checkouts on one machine can each run their
    own.
    """
    return base.model_copy(
        update={
            "neo4j_uri": uri or "",
            "neo4j_password": base.neo4j_password if uri else SecretStr(""),
            "local_neo4j_home": Path(".neo4j-bench").resolve(),
            "local_neo4j_bolt_port": bench_port(base),
            "local_neo4j_tx_log_retention": "256M size",
        }
    )


@contextmanager
def bench_server(
    base: Settings, *, uri: str | None = None, stop: bool = True, keep: str | None = None
) -> Iterator[tuple[neo4j.Driver, Settings]]:
    """An empty database with the schema applied, on the bench server (or ``uri``, wiped!).

    With ``keep`` set to a dataset key, the database is left as it is when it already holds that
    dataset (``loaded_dataset``), so a benchmark can reuse an earlier import.
    """
    settings = bench_settings(base, uri)
    started = False
    if not settings.neo4j_uri:
        server = LocalNeo4j.from_settings(settings)
        started = server.start(server.password(), deadline_s=240)
    driver = connect(settings)
    try:
        wait_until_ready(driver, deadline_s=120)
        if keep is None or loaded_dataset(driver, settings) != keep:
            wipe_database(driver, database=settings.neo4j_database)
        apply_schema(driver, database=settings.neo4j_database)
        yield driver, settings
    finally:
        driver.close()
        if started and stop:
            LocalNeo4j.from_settings(settings).stop()


def loaded_dataset(driver: neo4j.Driver, settings: Settings) -> str | None:
    """The key of the synthetic dataset the bench database holds, if any."""
    return bench_dataset(driver, database=settings.neo4j_database)


def mark_dataset(driver: neo4j.Driver, settings: Settings, key: str) -> None:
    mark_bench_dataset(driver, key, database=settings.neo4j_database)


def bench_data(
    scale: str, seed: int, progress: ProgressCallback | None = None
) -> tuple[Path, float]:
    """Generated synthetic partner files for a scale (cached), and the seconds generation took."""
    import time

    from cseboard.synthetic import generate

    folder = Path(".cache") / "bench" / f"{scale}-{seed}"
    if (folder / "truth.json").exists():
        return folder, 0.0
    start = time.perf_counter()
    generate(scale, seed, folder, progress=progress)
    return folder, time.perf_counter() - start


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def figures_line(figures: dict[str, float | int | str]) -> str:
    """The single JSON line every benchmark ends with, for comparing runs by script."""
    return json.dumps(figures, sort_keys=True)
