"""Use cases of partner imports: check files first, import them, list past runs and reports.

An import uses the agency's import profile when the profiles folder has one
(``<PARTNER_PROFILES_DIR>/<agency>.toml``), writes each file's rejects report under a name that
includes the agency and the import run (``IMPORT_REPORTS_DIR`` unless given another folder), and
then resolves places, so that the same place sent by several agencies counts once at once.
The command line and the board's imports page call the same functions.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import neo4j

from cseboard.access.keys import tombstone_key
from cseboard.access.policy import Permission, allowed, require
from cseboard.config import Settings
from cseboard.errors import NotFound, ValidationFailed
from cseboard.ingest.check import check_files, starter_profile
from cseboard.ingest.importer import Importer, ImportSummary, ProgressCallback
from cseboard.ingest.profiles import load_profile
from cseboard.models.casework import ImportFileRow, ImportReport, RejectRow, UploadedPartnerFile
from cseboard.models.exchange import normalise_agency
from cseboard.models.imports import ImportCheck, ImportRunRow
from cseboard.models.places import PlaceResolveSummary
from cseboard.models.profile import ImportProfile
from cseboard.models.users import AuditAction, User
from cseboard.models.values import neutralise_formula
from cseboard.services.context import ServiceContext
from cseboard.services.place_resolution import resolve_places
from cseboard.store.casework import CaseworkStore
from cseboard.store.imports import ImportStore

__all__ = [
    "FORMATS",
    "UPLOAD_TYPES",
    "ImportOutcome",
    "audit_import",
    "check_partner_files",
    "check_paths",
    "import_agencies",
    "import_partner_files",
    "import_paths",
    "import_runs",
    "partner_profile",
    "profile_for_check",
    "rejects_report",
]

UPLOAD_TYPES = (".csv", ".jsonl")
FORMATS = ("exchange", "ssd")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class ImportOutcome:
    """An import's per-file summary and the place resolution that followed (if any)."""

    summary: ImportSummary
    places: PlaceResolveSummary | None = None


def _agency(agency: str) -> str:
    if not (agency or "").strip():
        raise ValidationFailed("choose the agency the files come from")
    try:
        return normalise_agency(agency)
    except ValueError as e:
        raise ValidationFailed(str(e)) from None


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValidationFailed(f"format must be one of {', '.join(FORMATS)}")
    return fmt


def partner_profile(
    settings: Settings, agency: str, *, folder: Path | None = None
) -> ImportProfile | None:
    """The agency's import profile from ``folder`` (default: the configured profiles folder)."""
    return load_profile(
        folder or settings.partner_profiles_dir, agency, risk_levels=settings.risk_levels
    )


def _importer(
    settings: Settings,
    user: User,
    *,
    agency: str,
    fmt: str,
    driver: neo4j.Driver | None,
    profile: ImportProfile | None,
    progress: ProgressCallback | None = None,
    database: str | None = None,
) -> Importer:
    return Importer(
        driver,
        agency=agency,
        fmt=fmt,
        database=database,
        batch_size=settings.import_batch_size,
        risk_levels=settings.risk_levels,
        extra_columns_allowed=settings.extra_columns_allowed,
        progress=progress,
        imported_by=user.username,
        dry_run=driver is None,
        profile=profile,
        tombstone_key=tombstone_key(settings) if driver is not None else None,
    )


def _after_import(
    ctx: ServiceContext, user: User, summary: ImportSummary
) -> PlaceResolveSummary | None:
    """Resolve places when location records landed or changed (and the user may)."""
    touched = any(f.record_type == "locations" and f.changed for f in summary.files)
    if touched and allowed(user, Permission.RESOLVE_PLACES):
        return resolve_places(ctx, user)
    return None


def audit_import(ctx: ServiceContext, user: User, agency: str, summary: ImportSummary) -> None:
    """One COLLECTION event naming an import's files, what landed and their import runs."""
    files = ", ".join(
        f"{f.path.name} ({f.landed} landed, {f.rejected} rejected"
        + (f", import run {f.run_id})" if f.run_id else ")")
        for f in summary.files
    )
    ctx.audit.record(
        user,
        AuditAction.COLLECTION,
        f"imported {len(summary.files)} partner file(s) for {agency}: {files}",
        records=[f"{agency}/{f.path.name}" for f in summary.files],
    )


def _run_import(
    ctx: ServiceContext,
    settings: Settings,
    user: User,
    paths: Sequence[Path],
    *,
    agency: str,
    fmt: str,
    profile: ImportProfile | None,
    rejects_dir: Path,
    progress: ProgressCallback | None,
) -> tuple[ImportSummary, PlaceResolveSummary | None]:
    """One import however the files arrived: run, audit as a collection, resolve places."""
    importer = _importer(
        settings,
        user,
        agency=agency,
        fmt=fmt,
        driver=ctx.driver,
        profile=profile,
        progress=progress,
        database=ctx.database,
    )
    summary = importer.run(paths, rejects_dir=rejects_dir)
    audit_import(ctx, user, agency, summary)
    return summary, _after_import(ctx, user, summary)


def import_paths(
    ctx: ServiceContext,
    user: User,
    paths: Sequence[Path],
    *,
    agency: str,
    fmt: str = "exchange",
    rejects_dir: Path | None = None,
    profiles_dir: Path | None = None,
    batch_size: int | None = None,
    progress: ProgressCallback | None = None,
) -> ImportOutcome:
    """Import partner files from disk (the command line), audited as a collection."""
    require(user, Permission.IMPORT_FILES)
    code, fmt = _agency(agency), _format(fmt)
    settings = ctx.settings
    profile = partner_profile(settings, code, folder=profiles_dir)
    if batch_size is not None:
        settings = settings.model_copy(update={"import_batch_size": batch_size})
    summary, places = _run_import(
        ctx,
        settings,
        user,
        paths,
        agency=code,
        fmt=fmt,
        profile=profile,
        rejects_dir=rejects_dir or settings.import_reports_dir,
        progress=progress,
    )
    return ImportOutcome(summary, places)


def profile_for_check(
    settings: Settings, agency: str, profile_file: Path | None = None
) -> ImportProfile | None:
    """The profile a check uses: a given file (a draft being tested), else the agency's."""
    if profile_file is None:
        return partner_profile(settings, agency)
    if not profile_file.is_file():
        raise ValidationFailed(f"{profile_file} does not exist")
    return ImportProfile.from_toml(
        profile_file.read_text(encoding="utf-8-sig"),
        source=str(profile_file),
        risk_levels=settings.risk_levels,
    )


def check_paths(
    settings: Settings,
    user: User,
    paths: Sequence[Path],
    *,
    agency: str,
    fmt: str = "exchange",
    profile_file: Path | None = None,
) -> ImportCheck:
    """Check files without writing anything (with a starting profile to edit)."""
    require(user, Permission.IMPORT_FILES)
    code, fmt = _agency(agency), _format(fmt)
    profile = profile_for_check(settings, code, profile_file)
    check = check_files(
        paths,
        agency=code,
        fmt=fmt,
        profile=profile,
        risk_levels=settings.risk_levels,
        extra_columns_allowed=settings.extra_columns_allowed,
    )
    return check.model_copy(update={"starter_profile": starter_profile(check, profile)})


def import_agencies(ctx: ServiceContext, user: User) -> list[str]:
    """Agencies an upload can be imported for: those known to the store and configured."""
    require(user, Permission.IMPORT_FILES)
    store = CaseworkStore(ctx.driver, database=ctx.database)
    return sorted(set(store.agencies()) | set(ctx.settings.agency_contacts))


def _safe_name(name: str) -> str:
    """The file's own name without any directory part, in characters safe on any disk."""
    base = Path(name.replace("\\", "/")).name
    cleaned = _SAFE_NAME.sub("_", base).strip("._") or "upload"
    return cleaned[:120]


def _check_uploads(files: Sequence[UploadedPartnerFile], limit_mb: int) -> list[str]:
    if not files:
        raise ValidationFailed("choose at least one file to import")
    names: list[str] = []
    for f in files:
        name = _safe_name(f.name)
        if Path(name).suffix.lower() not in UPLOAD_TYPES:
            raise ValidationFailed(f"{name}: only .csv and .jsonl partner files can be imported")
        if len(f.data) > limit_mb * 1024 * 1024:
            raise ValidationFailed(f"{name}: larger than the {limit_mb} MB upload limit")
        if name.lower() in {n.lower() for n in names}:
            raise ValidationFailed(f"{name}: the same file name was uploaded twice")
        names.append(name)
    return names


@contextmanager
def _saved(files: Sequence[UploadedPartnerFile], limit_mb: int) -> Iterator[list[Path]]:
    """Uploads checked for type and size, saved under their own base names in a private
    temporary folder that is removed afterwards (uploads are untrusted)."""
    names = _check_uploads(files, limit_mb)
    with tempfile.TemporaryDirectory(prefix="cseboard-upload-") as tmp:
        paths = []
        for name, upload in zip(names, files, strict=True):
            path = Path(tmp) / name
            path.write_bytes(upload.data)
            paths.append(path)
        yield paths


def check_partner_files(
    ctx: ServiceContext,
    user: User,
    files: Sequence[UploadedPartnerFile],
    *,
    agency: str,
    fmt: str = "exchange",
) -> ImportCheck:
    """The imports page's check before anything is written (the same as ``import --check``)."""
    require(user, Permission.IMPORT_FILES)
    code, fmt = _agency(agency), _format(fmt)
    settings = ctx.settings
    profile = partner_profile(settings, code)
    with _saved(files, settings.upload_max_mb) as paths:
        check = check_files(
            paths,
            agency=code,
            fmt=fmt,
            profile=profile,
            risk_levels=settings.risk_levels,
            extra_columns_allowed=settings.extra_columns_allowed,
        )
    return check.model_copy(update={"starter_profile": starter_profile(check, profile)})


def _report_rows(summary: ImportSummary) -> list[RejectRow]:
    rejects: list[RejectRow] = []
    for f in summary.files:
        if f.report_path is None or not f.report_path.exists():
            continue
        with f.report_path.open(encoding="utf-8", newline="") as handle:
            for line in csv.DictReader(handle):
                rejects.append(
                    RejectRow(
                        file=neutralise_formula(line["file"]),
                        line=int(line["line"]),
                        column=neutralise_formula(line["column"]),
                        value=neutralise_formula(line["value"]),
                        reason=neutralise_formula(line["reason"]),
                        outcome=line["outcome"],
                    )
                )
    return rejects


def import_partner_files(
    ctx: ServiceContext,
    user: User,
    files: Sequence[UploadedPartnerFile],
    *,
    agency: str,
    fmt: str = "exchange",
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import uploaded partner files with the agency's profile, as the command line would.

    Each file's rejects report is kept in ``IMPORT_REPORTS_DIR`` (listed with the import runs)
    and comes back as rows and as CSV text (neutralised for spreadsheets). One COLLECTION audit
    event names the files; places are resolved afterwards.
    """
    require(user, Permission.IMPORT_FILES)
    code, fmt = _agency(agency), _format(fmt)
    settings = ctx.settings
    profile = partner_profile(settings, code)
    with _saved(files, settings.upload_max_mb) as paths:
        summary, places = _run_import(
            ctx,
            settings,
            user,
            paths,
            agency=code,
            fmt=fmt,
            profile=profile,
            rejects_dir=settings.import_reports_dir,
            progress=progress,
        )
    rows = [
        ImportFileRow(
            file=f.path.name,
            record_type=f.record_type,
            read=f.read,
            landed=f.landed,
            new_or_changed=f.changed,
            rejected=f.rejected,
            pending_refs=f.pending_refs,
            dropped=f.dropped,
            kept_as_other=f.kept_as_other,
            not_recorded=f.not_recorded,
            mapped=f.mapped,
            ignored_columns=list(f.ignored_columns),
            error=f.error,
        )
        for f in summary.files
    ]
    rejects = _report_rows(summary)
    return ImportReport(
        agency=code,
        fmt=fmt,
        profile=profile.source if profile is not None else None,
        files=rows,
        rejects=rejects,
        rejects_csv=_rejects_csv(rejects),
        places_merged=places.automatic_merges if places is not None else 0,
        places_to_review=places.candidates if places is not None else 0,
    )


def _rejects_csv(rejects: list[RejectRow]) -> str:
    """One report for all files, in the rejects report's columns.

    Every text cell is neutralised again (idempotent): the report writer leaves the column
    name as the file gave it, and an unknown column's header is partner text too.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "line", "column", "value", "reason", "outcome"])
    for r in rejects:
        cells = (r.file, r.column, r.value, r.reason)
        file, column, value, reason = (neutralise_formula(c) for c in cells)
        writer.writerow([file, r.line, column, value, reason, r.outcome])
    return out.getvalue()


def _report_file(path: str | None) -> Path | None:
    """A recorded report path the board may open: an existing rejects report file."""
    if not path or not path.endswith(".rejects.csv"):
        return None
    found = Path(path)
    return found if found.is_file() else None


def import_runs(
    ctx: ServiceContext, user: User, *, agency: str | None = None, limit: int = 50
) -> list[ImportRunRow]:
    """Past imports, newest first: counts and the report's name (no personal data)."""
    require(user, Permission.IMPORT_FILES)
    rows = ImportStore(ctx.driver, database=ctx.database).runs(agency=agency, limit=limit)
    runs = []
    for r in rows:
        report = r.pop("rejects_path", None)
        runs.append(
            ImportRunRow(
                **{k: v for k, v in r.items() if v is not None},
                report=Path(report).name if report else None,
                report_available=_report_file(report) is not None,
            )
        )
    return runs


def rejects_report(ctx: ServiceContext, user: User, run_id: str) -> tuple[str, bytes]:
    """The rejects report of one import run (file name, CSV bytes); opening it is audited.

    Raises
    ------
    NotFound
        No such run, the run had nothing to report, or its report is no longer on disk.
    """
    require(user, Permission.IMPORT_FILES)
    run = ImportStore(ctx.driver, database=ctx.database).run(run_id)
    found = _report_file(run.get("rejects_path"))
    if found is None:
        raise NotFound(f"the rejects report of {run_id} is not available")
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"opened the rejects report of import run {run_id} ({run.get('file_name')})",
        records=[f"{run.get('agency')}/{run.get('file_name')}", run_id],
    )
    return found.name, found.read_bytes()
