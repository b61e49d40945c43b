"""Ingest benchmark: rows/s for parse + validate alone, and for whole imports into Neo4j.

Each agency's files are read with its import profile, as the demo loader does. The figures say
what happened to the rows: read, landed (of which with a field dropped, with a value kept as
other, with a value not recorded), rejected; and how long resolving places took afterwards.

The same reports are then written again, bare (``UNWIND … CREATE`` of each report with its
agency link and its links to everything it mentions, created beforehand; two writers on
disjoint batches of the import's size), into the wiped bench server: that rate
(``raw_unwind_rows_per_s``) is what the server can do at all, and ``import_over_raw`` says how
much of it the validated import reaches. The bench server is left holding the bare graph, so
the next benchmark loads its data again.
"""

from __future__ import annotations

import time
from pathlib import Path

from cseboard.bench.common import bench_data, bench_server, mark_dataset, peak_rss_mb
from cseboard.config import Settings
from cseboard.ingest.importer import Importer, ProgressCallback
from cseboard.ingest.profiles import load_profile
from cseboard.services.demo_data import import_partner_folders
from cseboard.services.partner_folders import partner_folders, profiles_folder
from cseboard.store.raw_writes import prepare_raw_ends, read_landed_reports, write_raw_reports
from cseboard.store.writes import STATEMENT_SECONDS

__all__ = ["run_ingest_bench"]


def _intelligence_files(root: Path) -> list[tuple[str, Path]]:
    return [
        (folder.name, path)
        for folder in partner_folders(root)
        for path in sorted(folder.glob("intelligence.*"))
        if not path.name.endswith(".rejects.csv")
    ]


def run_ingest_bench(
    scale: str,
    seed: int,
    base: Settings,
    *,
    uri: str | None = None,
    progress: ProgressCallback | None = None,
    raw: bool = True,
) -> dict[str, float | int | str]:
    """Generate (cached), dry-run parse + validate, import everything into an empty store, then
    (with ``raw``) write the landed reports again bare for the server's own ceiling."""
    root, generate_s = bench_data(scale, seed, progress)

    rows = 0
    profiles = profiles_folder(root, base)
    start = time.perf_counter()
    for agency, path in _intelligence_files(root):
        profile = load_profile(profiles, agency, risk_levels=base.risk_levels)
        summary = Importer(None, agency=agency, dry_run=True, profile=profile).run([path])
        rows += sum(f.read for f in summary.files)
    parse_s = time.perf_counter() - start

    with bench_server(base, uri=uri) as (driver, settings):
        STATEMENT_SECONDS.clear()
        start = time.perf_counter()
        loaded = import_partner_folders(
            driver, root, settings, progress=progress, rejects_dir=root / "rejects"
        )
        total_s = time.perf_counter() - start
        if raw:
            reports, person_ids = read_landed_reports(driver, database=settings.neo4j_database)
        else:
            mark_dataset(driver, settings, f"{scale}-{seed}")

    raw_s = 0.0
    if raw:
        with bench_server(base, uri=uri) as (driver, settings):
            prepare_raw_ends(driver, person_ids, reports, database=settings.neo4j_database)
            start = time.perf_counter()
            write_raw_reports(
                driver,
                reports,
                database=settings.neo4j_database,
                batch=settings.import_batch_size,
                writers=2,
            )
            raw_s = time.perf_counter() - start

    files = [f for s in loaded.summaries.values() for f in s.files]
    intel = [f for f in files if f.record_type == "intelligence"]
    intel_rows = sum(f.read for f in intel)
    intel_s = sum(f.seconds for f in intel)
    all_rows = sum(f.read for f in files)
    landed = sum(f.landed for f in files)
    places = loaded.places
    end_to_end = round(intel_rows / intel_s, 1) if intel_s else 0.0
    raw_rate = round(len(reports) / raw_s, 1) if raw and raw_s else 0.0
    return {
        "scale": scale,
        "seed": seed,
        "generate_s": round(generate_s, 2),
        "intelligence_rows": intel_rows,
        "parse_validate_rows_per_s": round(rows / parse_s, 1),
        "intelligence_end_to_end_rows_per_s": end_to_end,
        "raw_unwind_rows_per_s": raw_rate,
        "import_over_raw": round(end_to_end / raw_rate, 3) if raw_rate else 0.0,
        "all_rows": all_rows,
        "landed_rows": landed,
        "landed_with_dropped_field": sum(f.dropped for f in files),
        "landed_kept_as_other": sum(f.kept_as_other for f in files),
        "landed_not_recorded": sum(f.not_recorded for f in files),
        "values_mapped_by_profile": sum(f.mapped for f in files),
        "rejected_rows": sum(f.rejected for f in files),
        "import_total_s": round(total_s, 2),
        "write_rows_per_s": round(all_rows / total_s, 1),
        "place_resolution_s": places.seconds if places is not None else 0.0,
        "places_merged": places.automatic_merges if places is not None else 0,
        "places_to_review": places.candidates if places is not None else 0,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        # Where the import's writes spend their time (summed over the writer threads).
        **{f"write_{name}_s": round(s, 2) for name, s in sorted(STATEMENT_SECONDS.items())},
    }
