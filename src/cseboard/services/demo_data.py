"""Synthetic demo data: generate partner folders and import each agency's files as it would."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import neo4j

from cseboard.config import Settings
from cseboard.ingest.importer import Importer, ImportSummary, ProgressCallback
from cseboard.store.reads import overview

__all__ = ["DemoLoad", "database_is_empty", "import_partner_folders", "partner_folders"]

SSD_FILES = ("ssd_person", "ssd_missing")


@dataclass
class DemoLoad:
    """Import summaries per agency folder."""

    summaries: dict[str, ImportSummary] = field(default_factory=dict)


def database_is_empty(driver: neo4j.Driver, *, database: str | None = None) -> bool:
    counts = overview(driver, database=database, recent=1).counts
    return not any(counts.get(k) for k in ("intelligence", "agency_records", "missing_episodes"))


def partner_folders(root: Path) -> list[Path]:
    """One folder per agency, as the generator writes them (and as partners send them)."""
    return sorted(p for p in root.iterdir() if p.is_dir())


def _files(folder: Path, *, ssd: bool) -> list[Path]:
    found = [
        p
        for p in sorted(folder.iterdir())
        if p.suffix.lower() in {".csv", ".jsonl"} and not p.name.endswith(".rejects.csv")
    ]
    return [p for p in found if (p.stem in SSD_FILES) is ssd]


def import_partner_folders(
    driver: neo4j.Driver,
    root: Path,
    settings: Settings,
    *,
    rejects_dir: Path | None = None,
    progress: ProgressCallback | None = None,
    batch_size: int | None = None,
    agencies: Iterable[str] | None = None,
) -> DemoLoad:
    """Import every agency folder under ``root``: exchange files, then SSD extracts."""
    result = DemoLoad()
    wanted = set(agencies) if agencies else None
    for folder in partner_folders(root):
        if wanted is not None and folder.name not in wanted:
            continue
        for ssd in (False, True):
            files = _files(folder, ssd=ssd)
            if not files:
                continue
            importer = Importer(
                driver,
                agency=folder.name,
                fmt="ssd" if ssd else "exchange",
                database=settings.neo4j_database,
                batch_size=batch_size or settings.import_batch_size,
                risk_levels=settings.risk_levels,
                extra_columns_allowed=settings.extra_columns_allowed,
                progress=progress,
                imported_by="demo-loader",
            )
            summary = importer.run(
                files, rejects_dir=(rejects_dir / folder.name) if rejects_dir else None
            )
            key = f"{folder.name} (ssd)" if ssd else folder.name
            result.summaries[key] = summary
    return result
