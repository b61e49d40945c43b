"""Ingest benchmark: rows/s for parse + validate alone, and for whole imports into Neo4j."""

from __future__ import annotations

import time
from pathlib import Path

from cseboard.bench.common import bench_data, bench_server, mark_dataset, peak_rss_mb
from cseboard.config import Settings
from cseboard.ingest.importer import Importer, ProgressCallback
from cseboard.services.demo_data import import_partner_folders, partner_folders

__all__ = ["run_ingest_bench"]


def _intelligence_files(root: Path) -> list[tuple[str, Path]]:
    return [
        (folder.name, path)
        for folder in partner_folders(root)
        for path in sorted(folder.glob("intelligence.*"))
    ]


def run_ingest_bench(
    scale: str,
    seed: int,
    base: Settings,
    *,
    uri: str | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, float | int | str]:
    """Generate (cached), dry-run parse + validate, then import everything into an empty store."""
    root, generate_s = bench_data(scale, seed, progress)

    rows = 0
    start = time.perf_counter()
    for agency, path in _intelligence_files(root):
        summary = Importer(None, agency=agency, dry_run=True).run([path])
        rows += sum(f.read for f in summary.files)
    parse_s = time.perf_counter() - start

    with bench_server(base, uri=uri) as (driver, settings):
        start = time.perf_counter()
        loaded = import_partner_folders(
            driver, root, settings, progress=progress, rejects_dir=root / "rejects"
        )
        total_s = time.perf_counter() - start
        mark_dataset(driver, settings, f"{scale}-{seed}")

    files = [f for s in loaded.summaries.values() for f in s.files]
    intel = [f for f in files if f.record_type == "intelligence"]
    intel_rows = sum(f.read for f in intel)
    intel_s = sum(f.seconds for f in intel)
    all_rows = sum(f.read for f in files)
    landed = sum(f.landed for f in files)
    return {
        "scale": scale,
        "seed": seed,
        "generate_s": round(generate_s, 2),
        "intelligence_rows": intel_rows,
        "parse_validate_rows_per_s": round(rows / parse_s, 1),
        "intelligence_end_to_end_rows_per_s": round(intel_rows / intel_s, 1) if intel_s else 0.0,
        "all_rows": all_rows,
        "landed_rows": landed,
        "rejected_rows": sum(f.rejected for f in files),
        "import_total_s": round(total_s, 2),
        "write_rows_per_s": round(all_rows / total_s, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
