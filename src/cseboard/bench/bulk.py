"""First-load benchmark: the synthetic world through ``import --bulk`` into a server of its own.

The benchmark's bulk server (``.neo4j-bench-bulk``, on the bench port + 1) has its database
deleted first, so every run loads an empty one, as a partnership's first load does. It prints the
seconds of each stage (validate, write the files, offline import, restart, schema, import runs,
places), intelligence rows per second over the whole load, and the peak memory of this process,
which holds the graph until the files are written.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from cseboard.bench.common import bench_data, bench_port, peak_rss_mb
from cseboard.config import Settings
from cseboard.ingest.importer import ProgressCallback
from cseboard.services.bulk_import import bulk_import
from cseboard.services.demo_data import DEMO_LOADER
from cseboard.services.partner_folders import partner_folders, profiles_folder
from cseboard.store.local_server import LocalNeo4j

__all__ = ["run_bulk_bench"]


def _empty_server(base: Settings) -> Settings:
    """Settings of the bulk bench server, stopped, with its user database deleted."""
    settings = base.model_copy(
        update={
            "neo4j_uri": "",
            "local_neo4j_home": Path(".neo4j-bench-bulk").resolve(),
            "local_neo4j_bolt_port": bench_port(base) + 1,
        }
    )
    server = LocalNeo4j.from_settings(settings)
    server.stop()
    for sub in ("databases", "transactions"):
        shutil.rmtree(server.home / "data" / sub / settings.neo4j_database, ignore_errors=True)
    return settings


def run_bulk_bench(
    scale: str,
    seed: int,
    base: Settings,
    *,
    progress: ProgressCallback | None = None,
    stop: bool = True,
) -> dict[str, float | int | str]:
    """Generate (cached), then one first load of every agency folder; figures per stage."""
    root, generate_s = bench_data(scale, seed, progress)
    settings = _empty_server(base)
    with tempfile.TemporaryDirectory(prefix="cseboard-bulk-rejects-") as rejects:
        start = time.perf_counter()
        outcome = bulk_import(
            settings,
            DEMO_LOADER,
            partner_folders(root),
            rejects_dir=Path(rejects),
            profiles_dir=profiles_folder(root, settings),
            progress=progress,
        )
        total_s = time.perf_counter() - start
    if stop:
        LocalNeo4j.from_settings(settings).stop()
    files = [f for summary in outcome.summaries.values() for f in summary.files]
    intelligence = sum(f.landed for f in files if f.record_type == "intelligence")
    figures: dict[str, float | int | str] = {
        "scale": scale,
        "generate_s": round(generate_s, 2),
        "rows_read": sum(f.read for f in files),
        "rows_landed": sum(f.landed for f in files),
        "intelligence_rows": intelligence,
        "nodes": outcome.nodes,
        "relationships": outcome.relationships,
        "total_s": round(total_s, 2),
        "intelligence_rows_per_s": round(intelligence / total_s, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    figures.update({f"{k}_s": round(v, 2) for k, v in outcome.seconds.items()})
    if outcome.places is not None:
        figures["places_merged"] = outcome.places.automatic_merges
    return figures
