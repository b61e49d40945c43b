"""Shared pieces of the CLI: a driver from settings, progress bars, summary tables."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import neo4j
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from cseboard.config import Settings
from cseboard.ingest.importer import ImportSummary, ProgressCallback
from cseboard.store.connection import connect, wait_until_ready

__all__ = ["import_summary_table", "open_driver", "progress_bar"]


@contextmanager
def open_driver(settings: Settings, *, deadline_s: float = 60.0) -> Iterator[neo4j.Driver]:
    """A verified driver for the configured store, closed on exit."""
    driver = connect(settings)
    try:
        wait_until_ready(driver, deadline_s=deadline_s)
        yield driver
    finally:
        driver.close()


@contextmanager
def progress_bar(console: Console) -> Iterator[ProgressCallback]:
    """A rich progress bar per label, fed by ``progress(label, done, total)`` calls."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        tasks: dict[str, TaskID] = {}

        def update(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = progress.add_task(label, total=total)
            progress.update(tasks[label], completed=done, total=total)

        yield update


def import_summary_table(summary: ImportSummary) -> Table:
    table = Table(title="Import summary")
    for column in (
        "file",
        "type",
        "read",
        "landed",
        "new/changed",
        "rejected",
        "pending refs",
        "report",
    ):
        table.add_column(column)
    for f in summary.files:
        if f.error:
            table.add_row(
                f.path.name, f.record_type, "-", "-", "-", "-", "-", f"[red]{f.error}[/red]"
            )
            continue
        table.add_row(
            f.path.name,
            f.record_type,
            str(f.read),
            str(f.landed),
            str(f.changed),
            str(f.rejected),
            str(f.pending_refs),
            str(f.report_path or ""),
        )
    for kind, t in summary.by_type().items():
        table.add_row(
            f"[b]total {kind}[/b]",
            kind,
            str(t["read"]),
            str(t["landed"]),
            str(t["changed"]),
            str(t["rejected"]),
            str(t["pending_refs"]),
            "",
        )
    return table
