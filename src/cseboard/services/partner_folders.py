"""Partner folders: one per agency, named by its code, as partners send them and the generator
writes them. Row-by-row imports and the first (bulk) load read them the same way."""

from __future__ import annotations

from pathlib import Path

import neo4j

from cseboard.access.keys import tombstone_key
from cseboard.config import Settings
from cseboard.ingest.importer import Importer, ImportSummary, ProgressCallback, RowSink
from cseboard.ingest.profiles import load_profile

__all__ = [
    "PROFILES_FOLDER",
    "SSD_FILES",
    "import_folder",
    "partner_files",
    "partner_folders",
    "profiles_folder",
]

SSD_FILES = ("ssd_person", "ssd_missing")
PROFILES_FOLDER = "partners"
"""The generated data set's import profiles (``partners/<agency>.toml``), beside its folders."""
_NOT_AGENCIES = frozenset({PROFILES_FOLDER, "rejects"})


def partner_folders(root: Path) -> list[Path]:
    """One folder per agency, as the generator writes them (and as partners send them); the
    data set's profiles folder and rejects reports are not agencies."""
    return sorted(
        p
        for p in root.iterdir()
        if p.is_dir() and p.name not in _NOT_AGENCIES and not p.name.startswith(".")
    )


def profiles_folder(root: Path, settings: Settings) -> Path:
    """Where a data set's import profiles are: its own ``partners/`` folder when it has one
    (generated data sets do), else the configured ``PARTNER_PROFILES_DIR``."""
    own = root / PROFILES_FOLDER
    return own if own.is_dir() else settings.partner_profiles_dir


def partner_files(folder: Path, *, ssd: bool) -> list[Path]:
    """A folder's exchange files, or its SSD extracts (told apart by file name)."""
    found = [
        p
        for p in sorted(folder.iterdir())
        if p.suffix.lower() in {".csv", ".jsonl"} and not p.name.endswith(".rejects.csv")
    ]
    return [p for p in found if (p.stem in SSD_FILES) is ssd]


def import_folder(
    folder: Path,
    settings: Settings,
    *,
    profiles: Path,
    imported_by: str,
    driver: neo4j.Driver | None = None,
    sink: RowSink | None = None,
    rejects_dir: Path | None = None,
    progress: ProgressCallback | None = None,
    batch_size: int | None = None,
) -> dict[str, ImportSummary]:
    """Import one agency's folder (its name is the agency's code) with its import profile:
    exchange files, then SSD extracts. Summaries by ``agency`` and ``agency (ssd)``."""
    summaries: dict[str, ImportSummary] = {}
    for ssd in (False, True):
        files = partner_files(folder, ssd=ssd)
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
            imported_by=imported_by,
            profile=load_profile(profiles, folder.name, risk_levels=settings.risk_levels),
            tombstone_key=tombstone_key(settings) if sink is None else None,
            sink=sink,
        )
        summary = importer.run(files, rejects_dir=rejects_dir)
        summaries[f"{folder.name} (ssd)" if ssd else folder.name] = summary
    return summaries
