"""Imports partner files: validates each row, writes good rows in batches, reports the rest.

Files are taken in dependency order (locations and people before the reports that name them), so
references usually resolve at once; a reference to a record not yet sent lands as a pending link
that the record fills in when it arrives.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import neo4j
from pydantic import BaseModel, ValidationError

from cseboard.errors import ImportFileError
from cseboard.ingest.profiles import RowMapper
from cseboard.ingest.readers import RawRow, Table, count_lines, open_table
from cseboard.ingest.rejects import Outcome, Problem, problems_from_validation, write_report
from cseboard.ingest.rows import write_row
from cseboard.ingest.tombstones import Erased, screen
from cseboard.models.exchange import (
    RECORD_TYPES,
    ExchangeRow,
    IntelligenceRow,
    MissingEpisodeRow,
    SsdMissingRow,
    SsdPersonRow,
    normalise_agency,
    validate_row,
)
from cseboard.models.profile import ImportProfile
from cseboard.store.casework import CaseworkStore
from cseboard.store.erasure import ErasureStore
from cseboard.store.writes import GraphWriter

__all__ = [
    "FileSummary",
    "ImportSummary",
    "Importer",
    "ProgressCallback",
    "RowSink",
    "detect_record_type",
    "new_run_id",
    "report_name",
]

ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(label, done, total)`` while a file is read."""


class RowSink(Protocol):
    """Where an import's validated rows go instead of the store (a first load's own graph)."""

    def write(self, record_type: str, rows: list[dict[str, Any]], *, run_id: str) -> int: ...

    def record_import_run(self, run_id: str, props: dict[str, Any]) -> None: ...

    def known_refs(self, agency: str) -> tuple[set[str], set[str]]: ...

    def tombstones(self, agency: str) -> set[str]: ...


ORDER = ("locations", "people", "ssd_person", "intelligence", "missing_episodes", "ssd_missing")
SSD_TYPES: dict[str, type[BaseModel]] = {"ssd_person": SsdPersonRow, "ssd_missing": SsdMissingRow}
TARGET_TYPE = {"ssd_person": "people", "ssd_missing": "missing_episodes"}


@dataclass
class FileSummary:
    """What happened to one file.

    Attributes
    ----------
    landed: rows written (or, in a dry run, that would be).
    dropped, kept_as_other, not_recorded: landed rows with at least one invalid optional field
        left empty, one value outside a vocabulary landed as ``other``, or one left out.
    mapped: cells whose value the agency's import profile replaced by the board's word.
    unknown_values: (column, partner value, outcome) -> rows, for values outside a vocabulary
        and handling wording read restrictively (``restricted_reading``).
    missing_columns: required exchange columns the file (after the profile) does not have.
    run_id: the import run (``ImportRun`` node) of this file.
    """

    path: Path
    record_type: str
    read: int = 0
    landed: int = 0
    changed: int = 0
    rejected: int = 0
    pending_refs: int = 0
    dropped: int = 0
    kept_as_other: int = 0
    not_recorded: int = 0
    mapped: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    unknown_values: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    report_path: Path | None = None
    error: str | None = None
    seconds: float = 0.0
    run_id: str | None = None


COUNTED = (
    "read",
    "landed",
    "changed",
    "rejected",
    "pending_refs",
    "dropped",
    "kept_as_other",
    "not_recorded",
    "mapped",
)


@dataclass
class ImportSummary:
    """All files of one import command."""

    files: list[FileSummary] = field(default_factory=list)

    def by_type(self) -> dict[str, dict[str, int]]:
        totals: dict[str, dict[str, int]] = {}
        for f in self.files:
            t = totals.setdefault(f.record_type, dict.fromkeys(COUNTED, 0))
            for key in t:
                t[key] += getattr(f, key)
        return totals

    @property
    def ok(self) -> bool:
        return all(f.error is None for f in self.files)


def _columns_of(record_type: str) -> tuple[str, ...]:
    if record_type in SSD_TYPES:
        return SSD_TYPES[record_type].columns  # type: ignore[attr-defined,no-any-return]
    return RECORD_TYPES[record_type].columns


def new_run_id(started: datetime) -> str:
    """A new import run's id: when it started, and random, so no two runs share one."""
    return f"IMP-{started:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"


def report_name(agency: str, path: Path, run_id: str) -> str:
    """The rejects report's file name: agency, the file's own name and the import run.

    Examples
    --------
    >>> report_name("police", Path("intelligence.csv"), "IMP-20250101T120000-ab12cd34")
    'police-intelligence-IMP-20250101T120000-ab12cd34.rejects.csv'
    """
    return f"{agency}-{path.stem}-{run_id}.rejects.csv"


def detect_record_type(
    path: Path, header: list[str], fmt: str, profile: ImportProfile | None = None
) -> str:
    """By file name (``people.csv``, ``police_intelligence.jsonl``), else by its header.

    With a profile, the header is read in exchange names (each type's column mapping).
    """
    candidates = tuple(SSD_TYPES) if fmt == "ssd" else tuple(RECORD_TYPES)
    stem = path.stem.lower()
    for name in sorted(candidates, key=len, reverse=True):
        if stem == name or stem.endswith("_" + name) or stem.startswith(name + "_"):
            return name
    for name in candidates:
        required = {c for c in _columns_of(name) if c not in {"agency"}}
        mapping = profile.column_map(name) if profile is not None else {}
        named = {mapping.get(c, c) for c in header}
        if required and required <= named | {"child_in_need"}:
            return name
    raise ImportFileError(
        f"cannot tell what {path.name} holds: name it after its type "
        f"({', '.join(candidates)}) or give it that type's header"
    )


class Importer:
    """Runs one import command for one agency; the caller owns the driver."""

    def __init__(
        self,
        driver: neo4j.Driver | None,
        *,
        agency: str,
        fmt: str = "exchange",
        database: str | None = None,
        batch_size: int = 2500,
        risk_levels: Iterable[str] = ("none", "low", "medium", "high"),
        extra_columns_allowed: Iterable[str] = (),
        progress: ProgressCallback | None = None,
        imported_by: str | None = None,
        dry_run: bool = False,
        profile: ImportProfile | None = None,
        tombstone_key: bytes | None = None,
        writers: int = 2,
        sink: RowSink | None = None,
    ) -> None:
        if fmt not in {"exchange", "ssd"}:
            raise ImportFileError(f"unknown format {fmt!r} (exchange or ssd)")
        if driver is None and sink is None and not dry_run:
            raise ImportFileError("an import needs a driver unless it is a dry run")
        self._writer: RowSink | GraphWriter | None = None
        self._refs: RowSink | CaseworkStore | None = None
        self._erasures: RowSink | ErasureStore | None = None
        if sink is not None:
            # A sink is one graph in this process: its batches are written in order, one by one.
            self._writer = self._refs = self._erasures = sink
            writers = 1
        elif driver is not None:
            self._writer = GraphWriter(driver, database=database)
            self._refs = CaseworkStore(driver, database=database)
            self._erasures = ErasureStore(driver, database=database)
        self._tombstone_key = tombstone_key
        self._erased: Erased | None = None
        self.dry_run = dry_run
        self.agency = normalise_agency(agency)
        self.fmt = fmt
        self.batch_size = batch_size
        # Two write transactions on disjoint batches keep the server's second core busy while
        # this process parses; a deadlock between them is retried by the driver.
        self.writers = max(1, writers)
        self._context = {"risk_levels": list(risk_levels)}
        self._extra_allowed = {c.strip().lower() for c in extra_columns_allowed}
        self._progress = progress
        self._imported_by = imported_by or os.environ.get("USER", "unknown")
        if profile is not None and normalise_agency(profile.agency) != self.agency:
            raise ImportFileError(
                f"the import profile {profile.source} is for {profile.agency!r}, "
                f"not {self.agency!r}"
            )
        self.profile = profile

    # -- public -----------------------------------------------------------------------------
    def run(self, paths: Iterable[Path], *, rejects_dir: Path | None = None) -> ImportSummary:
        summary = ImportSummary()
        opened: list[tuple[int, Path, Table | None, str, str | None]] = []
        for path in paths:
            try:
                table = open_table(path)
                kind = detect_record_type(path, table.header, self.fmt, self.profile)
                opened.append((ORDER.index(kind), path, table, kind, None))
            except ImportFileError as e:
                opened.append((len(ORDER), path, None, "unknown", str(e)))
        for _, path, ready, kind, error in sorted(opened, key=lambda o: (o[0], str(o[1]))):
            if ready is None:
                summary.files.append(FileSummary(path, kind, error=error))
                continue
            summary.files.append(self._import_file(ready, kind, rejects_dir))
        return summary

    def validated(self, path: Path) -> tuple[str, Iterator[tuple[int, ExchangeRow | None]]]:
        """A file's record type and its rows as an import validates them (profile applied,
        invalid optional fields dropped), without writing or checking references: for
        benchmarks and checks that need the rows an import would store.

        Raises
        ------
        ImportFileError
            When the file cannot be read or a required column is missing.
        """
        table = open_table(path)
        kind = detect_record_type(path, table.header, self.fmt, self.profile)
        mapper = RowMapper.for_type(self.profile, kind)
        header = mapper.header(table.header)
        missing = [c for c in _REQUIRED.get(kind, ()) if c not in header]
        if missing:
            raise ImportFileError(f"{path.name}: required column(s) missing: {', '.join(missing)}")

        renamed = table.renamed(mapper.rename)

        def rows() -> Iterator[tuple[int, ExchangeRow | None]]:
            for raw in _mapped(renamed.rows, mapper):
                yield raw.line, self._validate(raw, kind, path.name, [])

        return kind, rows()

    # -- one file -----------------------------------------------------------------------------
    def _import_file(self, table: Table, kind: str, rejects_dir: Path | None) -> FileSummary:
        path = table.path
        result = FileSummary(path, kind)
        problems: list[Problem] = []
        mapper = RowMapper.for_type(self.profile, kind)
        try:
            header = mapper.header(table.header)
        except ImportFileError as e:
            result.error = f"{path.name}: {e}"
            return result
        known = set(_columns_of(kind))
        if kind in SSD_TYPES:
            known |= SSD_TYPES[kind].ignored  # type: ignore[attr-defined]
        if kind == "missing_episodes":
            known |= {"absence_type", "rhi_offered"}
        extra_cols = [c for c in header if c not in known and c in self._extra_allowed]
        for column in header:
            if column not in known and column not in self._extra_allowed:
                result.ignored_columns.append(column)
                problems.append(
                    Problem(
                        path.name,
                        1,
                        column,
                        "",
                        "unknown column, not imported (map it in the agency's import profile, "
                        "or ask the administrator to allow-list it)",
                        Outcome.IGNORED_COLUMN,
                    )
                )
        result.missing_columns = [
            c for c in _columns_of(kind) if c in _REQUIRED.get(kind, ()) and c not in header
        ]
        if result.missing_columns:
            result.error = (
                f"{path.name}: required column(s) missing: {', '.join(result.missing_columns)} "
                "(name them as the exchange format does, or map the partner's columns in the "
                "agency's import profile [columns])"
            )
            return result

        target = TARGET_TYPE.get(kind, kind)
        known_people, known_places = self._known(target)
        erased = self._erased_refs()
        total = max(count_lines(path) - 1, 1)
        seen: dict[str, int] = {}
        digest = _file_digest(path)
        started = datetime.now(UTC)
        run_id = new_run_id(started)
        result.run_id = run_id
        clock = time.perf_counter()
        table = table.renamed(mapper.rename)
        rows_in = (
            _mapped(table.rows, mapper) if mapper.values or mapper.date_columns else table.rows
        )

        with ThreadPoolExecutor(
            max_workers=self.writers, thread_name_prefix="import-writer"
        ) as pool:
            pending_writes: list[Future[int]] = []
            for batch in self._batches(rows_in):
                rows: list[dict[str, Any]] = []
                for raw in batch:
                    result.read += 1
                    model = self._validate(raw, kind, path.name, problems)
                    if model is None:
                        continue
                    screened, skipped = screen(model, erased, file=path.name, line=raw.line)
                    problems.extend(skipped)
                    if screened is None:
                        continue
                    model = screened
                    first = seen.setdefault(model.source_ref, raw.line)
                    if first != raw.line:
                        problems.append(
                            Problem(
                                path.name,
                                raw.line,
                                "source_ref",
                                model.source_ref,
                                f"duplicate source_ref in this file (first at line {first})",
                            )
                        )
                        continue
                    if model.data_quality:
                        self._note(model, raw.line, path.name, problems, result)
                    for col, value, why in model.warnings():
                        # Handling wording the board cannot read: landed for the holder only;
                        # the check lists it for the profile's [values.handling_conditions].
                        restricted = Outcome.RESTRICTED_READING
                        problems.append(Problem(path.name, raw.line, col, value, why, restricted))
                        result.unknown_values[(col, value, restricted.value)] += 1
                    pending = 0
                    if not self.dry_run:
                        pending = self._check_refs(
                            model, raw.line, path.name, known_people, known_places, problems
                        )
                        result.pending_refs += pending
                    extra = {c: raw.values[c] or "" for c in extra_cols if raw.values.get(c)}
                    row = write_row(model, extra, merge_only=kind in SSD_TYPES)
                    if target in _REFERRING and not self.dry_run and not pending:
                        # Every record it names was here before this file: no need to ensure.
                        row["refs_known"] = True
                    rows.append(row)
                result.landed += len(rows)
                if rows and self._writer is not None and not self.dry_run:
                    pending_writes.append(
                        pool.submit(self._writer.write, target, rows, run_id=run_id)
                    )
                while len(pending_writes) > self.writers:
                    result.changed += pending_writes.pop(0).result()
                if self._progress:
                    self._progress(path.name, min(result.read, total), total)
            for future in pending_writes:
                result.changed += future.result()

        result.seconds = time.perf_counter() - clock
        result.mapped = mapper.mapped
        result.rejected = sum(
            1 for p in {(p.line, p.outcome) for p in problems} if p[1] is Outcome.REJECTED
        )
        if problems and (rejects_dir is not None or not self.dry_run):
            directory = rejects_dir or path.parent
            result.report_path = (directory / report_name(self.agency, path, run_id)).resolve()
            write_report(result.report_path, problems)
        if self._writer is None or self.dry_run:
            return result
        self._writer.record_import_run(
            run_id,
            {
                "agency": self.agency,
                "file_name": path.name,
                "record_type": kind,
                "sha256": digest,
                "read": result.read,
                "landed": result.landed,
                "changed": result.changed,
                "rejected": result.rejected,
                "pending_refs": result.pending_refs,
                "dropped": result.dropped,
                "kept_as_other": result.kept_as_other,
                "not_recorded": result.not_recorded,
                "mapped": result.mapped,
                "profile": self.profile.source if self.profile is not None else None,
                "rejects_path": str(result.report_path) if result.report_path else None,
                "started_at": started,
                "finished_at": datetime.now(UTC),
                "imported_by": self._imported_by,
            },
        )
        return result

    @staticmethod
    def _note(
        model: ExchangeRow, line: int, file: str, problems: list[Problem], result: FileSummary
    ) -> None:
        """Report lines for the values a landed row is without, and the row counts."""
        outcomes: set[str] = set()
        for note in model.data_quality:
            outcomes.add(note.outcome)
            problems.append(
                Problem(file, line, note.column, note.value, note.reason, Outcome(note.outcome))
            )
            if note.outcome != "field_dropped":
                result.unknown_values[(note.column, note.value, note.outcome)] += 1
        result.dropped += "field_dropped" in outcomes
        result.kept_as_other += "kept_as_other" in outcomes
        result.not_recorded += "not_recorded" in outcomes

    # -- helpers ------------------------------------------------------------------------------
    def _batches(self, rows: Iterator[RawRow]) -> Iterator[list[RawRow]]:
        batch: list[RawRow] = []
        for raw in rows:
            batch.append(raw)
            if len(batch) >= self.batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _validate(
        self, raw: RawRow, kind: str, file: str, problems: list[Problem]
    ) -> ExchangeRow | None:
        if raw.problem:
            problems.append(Problem(file, raw.line, "(row)", "", raw.problem))
            return None
        values = dict(raw.values)
        try:
            if kind in SSD_TYPES:
                data = {c: values.get(c) for c in _columns_of(kind) if c in values}
                ssd = validate_row(SSD_TYPES[kind], data)  # type: ignore[arg-type]
                if isinstance(ssd, SsdPersonRow):
                    return ssd.to_person(self.agency)
                assert isinstance(ssd, SsdMissingRow)
                return ssd.to_episode(self.agency)
            model_type = RECORD_TYPES[kind]
            data = {c: values[c] for c in _columns_of(kind) if c in values}
            if kind == "missing_episodes":
                data.update({c: values[c] for c in ("absence_type", "rhi_offered") if c in values})
            given = (data.get("agency") or "").strip()
            if not given:
                data["agency"] = self.agency
            elif _safe_agency(given) != self.agency:
                problems.append(
                    Problem(
                        file,
                        raw.line,
                        "agency",
                        given,
                        f"row belongs to {given!r}, but this import is for {self.agency!r}",
                    )
                )
                return None
            return validate_row(model_type, data, context=self._context)  # type: ignore[return-value]
        except ValidationError as e:
            problems.extend(problems_from_validation(e, file=file, line=raw.line, values=values))
            return None

    def _erased_refs(self) -> Erased:
        """The agency's erased person references (tombstones), read once per import.

        Raises ``ImportFileError`` when the agency has erased records but no tombstone key was
        given: importing without checking could bring an erased person back.
        """
        if self._erased is None:
            hashes = (
                self._erasures.tombstones(self.agency)
                if self._erasures is not None and not self.dry_run
                else set()
            )
            if hashes and not self._tombstone_key:
                raise ImportFileError(
                    f"{self.agency} has erased records: the import needs the tombstone key "
                    "(TOMBSTONE_KEY, or the one made in SECRETS_DIR)"
                )
            self._erased = Erased(self._tombstone_key or b"", self.agency, hashes)
        return self._erased

    def _known(self, target: str) -> tuple[set[str], set[str]]:
        """(person refs, location refs) the agency has sent before, for rows that refer to them."""
        if self._refs is None or self.dry_run or target not in _REFERRING:
            return set(), set()
        return self._refs.known_refs(self.agency)

    @staticmethod
    def _check_refs(
        model: ExchangeRow,
        line: int,
        file: str,
        people: set[str],
        places: set[str],
        problems: list[Problem],
    ) -> int:
        refs: list[tuple[str, str, set[str]]] = []
        if isinstance(model, IntelligenceRow):
            refs += [("people", r, people) for r in model.people]
            refs += [("locations", r, places) for r in model.locations]
        elif isinstance(model, MissingEpisodeRow):
            refs.append(("person_ref", model.person_ref, people))
            refs += [("missing_with", r, people) for r in model.missing_with]
            if model.found_location_ref:
                refs.append(("found_location_ref", model.found_location_ref, places))
        count = 0
        for column, ref, known in refs:
            if ref not in known:
                count += 1
                problems.append(
                    Problem(
                        file,
                        line,
                        column,
                        ref,
                        "unknown reference: no record with this source_ref has been imported yet; "
                        "the row landed and the link completes when that record arrives",
                        Outcome.PENDING_REFERENCE,
                    )
                )
        return count


_REQUIRED = {
    "people": ("source_ref", "role"),
    "locations": ("source_ref", "name", "kind"),
    "intelligence": ("source_ref", "reported_at", "category", "summary"),
    "missing_episodes": ("source_ref", "person_ref", "reported_missing_at"),
    "ssd_person": ("pers_person_id",),
    "ssd_missing": ("miss_table_id", "miss_la_person_id", "miss_mis_epi_start"),
}
_REFERRING = {"intelligence", "missing_episodes"}


def _mapped(rows: Iterator[RawRow], mapper: RowMapper) -> Iterator[RawRow]:
    """Rows with the profile's words and date order applied (their columns already renamed)."""
    for raw in rows:
        mapper.apply(raw.values, renamed=True)
        yield raw


def _safe_agency(value: str) -> str:
    try:
        return normalise_agency(value)
    except ValueError:
        return value


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
