"""A first load: partner folders into the project's own empty server, with Neo4j's offline importer.

Row-by-row imports go through Cypher transactions, which is what later deliveries need; a
partnership's first load (years of every agency's records) is faster written as files that the
stopped server's offline importer (``neo4j-admin database import``) turns into a database. The
rows take the same way as in any import (profiles, validation, rejects reports, pending
references) into an in-memory graph (``ingest.bulk_graph``) that does what the store's write
statements do. Then the server is stopped, the database replaced, the server started again, the
schema applied, the import runs recorded and audited, and places resolved, as after an import.

Refused for a server the project does not run (``NEO4J_URI``), and for a database that holds
anything at all: the offline importer replaces the whole database.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from cseboard.access.policy import Permission, allowed, require
from cseboard.config import Settings
from cseboard.errors import ValidationFailed
from cseboard.ingest.bulk_graph import BulkGraph
from cseboard.ingest.importer import ImportSummary, ProgressCallback
from cseboard.models.exchange import normalise_agency
from cseboard.models.places import PlaceResolveSummary
from cseboard.models.users import User
from cseboard.services.context import ServiceContext
from cseboard.services.imports import audit_import
from cseboard.services.partner_folders import import_folder, profiles_folder
from cseboard.services.place_resolution import resolve_places
from cseboard.store.bulk_files import NodeGroup, write_bulk_files
from cseboard.store.bulk_finish import set_empty_lists
from cseboard.store.connection import connect, resolve_target, wait_until_ready
from cseboard.store.local_server import LocalNeo4j
from cseboard.store.reads import graph_counts
from cseboard.store.schema import apply_schema
from cseboard.store.writes import GraphWriter

__all__ = ["BulkOutcome", "StageCallback", "bulk_import"]

StageCallback = Callable[[str], None]
"""Told the name of each stage as it starts (the command line prints them)."""


@dataclass
class BulkOutcome:
    """Summaries per agency folder, what the importer wrote, and each stage's seconds."""

    summaries: dict[str, ImportSummary] = field(default_factory=dict)
    places: PlaceResolveSummary | None = None
    nodes: int = 0
    relationships: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def _agencies(folders: Sequence[Path]) -> list[Path]:
    """The folders, each named by a known agency code, once each."""
    if not folders:
        raise ValidationFailed("give at least one partner folder (named by its agency code)")
    seen: dict[str, Path] = {}
    for folder in folders:
        if not folder.is_dir():
            raise ValidationFailed(f"{folder} is not a folder")
        try:
            code = normalise_agency(folder.name)
        except ValueError as e:
            raise ValidationFailed(
                f"{folder}: a partner folder is named by its agency's code ({e})"
            ) from None
        if code != folder.name:
            raise ValidationFailed(f"{folder}: name the folder {code!r}, the agency's code")
        if code in seen:
            raise ValidationFailed(f"{folder} and {seen[code]} are both for {code}")
        seen[code] = folder
    return list(seen.values())


class _Stages:
    """Seconds per stage, each told to ``callback`` as it starts."""

    def __init__(self, seconds: dict[str, float], callback: StageCallback | None) -> None:
        self.seconds = seconds
        self._callback = callback
        self._name: str | None = None
        self._clock = 0.0

    def start(self, name: str) -> None:
        self.stop()
        self._name, self._clock = name, time.perf_counter()
        if self._callback is not None:
            self._callback(name)

    def stop(self) -> None:
        if self._name is not None:
            self.seconds[self._name] = time.perf_counter() - self._clock
            self._name = None


def _refuse_unless_empty(settings: Settings, server: LocalNeo4j, password: str) -> None:
    """Ask the server whether its database holds anything; refused, it is left as it was found,
    else stopped: the offline import needs it so, and its memory is free while files are read.

    A stopped server whose database has no store files yet holds nothing: it is not started."""
    if server.pid() is None and not server.has_database(settings.neo4j_database):
        return
    started = server.start(password, deadline_s=240)
    driver = connect(settings)
    try:
        wait_until_ready(driver, deadline_s=180, database=settings.neo4j_database)
        nodes, relationships = graph_counts(driver, database=settings.neo4j_database)
    finally:
        driver.close()
    if nodes:
        if started:
            server.stop()
        raise ValidationFailed(
            f"the local database holds {nodes:,} nodes and {relationships:,} relationships: a bulk "
            "import replaces the whole database, so it only loads an empty one. Add files to it "
            "with `cseboard import --agency …` instead."
        )
    server.stop()


@dataclass
class _FolderLoad:
    """What a worker hands back for one agency's folder (its files are on disk)."""

    summaries: dict[str, ImportSummary]
    runs: list[tuple[str, dict[str, Any]]]
    shared: list[NodeGroup]
    nodes: int
    relationships: int


def _load_folder(
    folder: Path, settings: Settings, profiles: Path, rejects: Path, username: str, work: Path
) -> _FolderLoad:
    """In a worker process: one agency's folder validated into its own graph, written as files."""
    graph = BulkGraph()
    summaries = import_folder(
        folder, settings, profiles=profiles, imported_by=username, sink=graph, rejects_dir=rejects
    )
    files = write_bulk_files(
        work, graph.own_groups(), graph.relationship_groups(), prefix=f"{folder.name}-"
    )
    return _FolderLoad(
        summaries,
        graph.import_runs,
        graph.shared_groups(),
        files.node_count,
        files.relationship_count,
    )


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def _load_folders(
    folders: list[Path],
    settings: Settings,
    outcome: BulkOutcome,
    *,
    work: Path,
    rejects: Path,
    profiles_dir: Path | None,
    username: str,
    workers: int | None,
    progress: ProgressCallback | None,
) -> list[tuple[str, dict[str, Any]]]:
    """Every folder through a worker (largest first), then the shared nodes; the import runs."""
    count = workers or min(2, os.cpu_count() or 1)
    runs: list[tuple[str, dict[str, Any]]] = []
    shared: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    loads: dict[Path, _FolderLoad] = {}
    # Forked: a spawned worker re-runs the parent's __main__, which under the board or a test
    # runner is a page script. The workers use nothing of the parent's but the arguments.
    with ProcessPoolExecutor(max_workers=count, mp_context=get_context("fork")) as pool:
        futures = {
            pool.submit(
                _load_folder,
                folder,
                settings,
                profiles_dir or profiles_folder(folder.parent, settings),
                rejects / folder.name,
                username,
                work,
            ): folder
            for folder in sorted(folders, key=_folder_size, reverse=True)
        }
        if progress is not None:
            progress("partner folders", 0, len(futures))
        for done in as_completed(futures):
            loads[futures[done]] = done.result()
            if progress is not None:
                progress("partner folders", len(loads), len(futures))
    for folder in folders:  # summaries in the order the folders were given
        load = loads[folder]
        outcome.summaries.update(load.summaries)
        runs += load.runs
        outcome.nodes += load.nodes
        outcome.relationships += load.relationships
        for group in load.shared:
            shared.setdefault((group.label, group.key), {}).update(group.nodes)
    groups = [NodeGroup(label, key, nodes) for (label, key), nodes in shared.items()]
    outcome.nodes += write_bulk_files(work, groups, [], prefix="shared-").node_count
    return runs


def bulk_import(
    settings: Settings,
    user: User,
    folders: Sequence[Path],
    *,
    rejects_dir: Path | None = None,
    profiles_dir: Path | None = None,
    progress: ProgressCallback | None = None,
    stage: StageCallback | None = None,
    workers: int | None = None,
) -> BulkOutcome:
    """Load partner folders into the project's own local server, which must be empty.

    The folders are read by ``workers`` processes (default: one per core, at most two), each
    validating one agency's folder into its own graph and writing its files; the nodes several
    agencies name (agencies, vehicles, phones, online accounts) are written once afterwards.

    Each folder's rejects reports go to ``rejects_dir/<agency>`` (default
    ``IMPORT_REPORTS_DIR``); import profiles come from ``profiles_dir``, else the folders'
    data set's own ``partners/`` folder, else ``PARTNER_PROFILES_DIR``.
    """
    require(user, Permission.IMPORT_FILES)
    if settings.neo4j_uri:
        raise ValidationFailed(
            f"a bulk import writes the database files of the project's own local server, but "
            f"NEO4J_URI points at {settings.neo4j_uri}. Load that server with `cseboard import` "
            "(or its own neo4j-admin), or unset NEO4J_URI."
        )
    chosen = _agencies(folders)
    server = LocalNeo4j.from_settings(settings)
    password = resolve_target(settings).password
    outcome = BulkOutcome()
    stages = _Stages(outcome.seconds, stage)
    stages.start("check")
    _refuse_unless_empty(settings, server, password)

    stages.start("validate_and_write_files")
    (server.home / "import").mkdir(parents=True, exist_ok=True)
    # The files hold the partners' records: private, beside the server's own data, and removed.
    work = Path(tempfile.mkdtemp(prefix="bulk-", dir=server.home / "import"))
    try:
        runs = _load_folders(
            chosen,
            settings,
            outcome,
            work=work,
            rejects=rejects_dir or settings.import_reports_dir,
            profiles_dir=profiles_dir,
            username=user.username,
            workers=workers,
            progress=progress,
        )
        stages.start("offline_import")
        server.stop()  # if someone started it meanwhile
        server.import_database(
            settings.neo4j_database,
            sorted(work.glob("*nodes-*.csv")),
            sorted(work.glob("*rels-*.csv")),
            report_file=work / "import.report",
            heap=settings.local_neo4j_heap,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    stages.start("restart")
    server.start(password, deadline_s=240)
    driver = connect(settings)
    try:
        wait_until_ready(driver, deadline_s=180, database=settings.neo4j_database)
        stages.start("schema")
        apply_schema(driver, database=settings.neo4j_database, together=True)
        set_empty_lists(driver, database=settings.neo4j_database)

        stages.start("record_runs")
        writer = GraphWriter(driver, database=settings.neo4j_database)
        for run_id, props in runs:
            writer.record_import_run(run_id, props)
        ctx = ServiceContext(driver, settings)
        for key, summary in outcome.summaries.items():
            audit_import(ctx, user, key.removesuffix(" (ssd)"), summary)

        stages.start("places")
        if allowed(user, Permission.RESOLVE_PLACES):
            outcome.places = resolve_places(ctx, user)
    finally:
        driver.close()
    stages.stop()
    return outcome
