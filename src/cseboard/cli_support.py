"""Shared pieces of the CLI: who a command acts as, errors, the store, progress, tables."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import neo4j
import typer
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
from cseboard.errors import CseBoardError
from cseboard.ingest.importer import ImportSummary, ProgressCallback
from cseboard.models.users import Role, User
from cseboard.services.context import ServiceContext
from cseboard.store.connection import connect, wait_until_ready

__all__ = [
    "AsUser",
    "acting_as",
    "acting_user",
    "console",
    "fail",
    "import_summary_table",
    "open_driver",
    "progress_bar",
    "wide_console",
]

console = Console(stderr=True)
"""Where commands print messages and errors (standard output is kept for data: JSON, CSV)."""

AsUser = Annotated[str | None, typer.Option("--as", help="Act as this user (their roles apply).")]


def fail(error: CseBoardError) -> typer.Exit:
    """Print the error and return the exit (code 1) for the command to raise."""
    console.print(f"[red]error:[/red] {error}")
    return typer.Exit(code=1)


def wide_console(width: int = 150) -> Console:
    """A console for tables: the terminal's width, or ``width`` when output is redirected."""
    return Console(width=None if console.is_terminal else width)


def acting_user(
    as_user: str | None, settings: Settings, *, default_role: Role = Role.PRACTICE_LEAD
) -> User:
    """The user a command acts as.

    ``--as`` names an account, looked up in the store, whose roles and operations then apply
    (a disabled or unknown account is refused with ``CseBoardError``). Without it the operator,
    who holds the database credentials and could do all of this directly, acts in
    ``default_role`` (practice lead; administrator for administration commands) and is recorded
    as ``cli:<os user>``.
    """
    from cseboard.access.accounts import user_from_row
    from cseboard.store.users import UserStore

    if as_user is None:
        return User(
            username=f"cli:{getpass.getuser()}",
            display_name="command line",
            roles=frozenset({default_role}),
        )
    with open_driver(settings) as driver:
        row = UserStore(driver, database=settings.neo4j_database).get(as_user.strip().lower())
    if row is None or row.get("disabled"):
        raise CseBoardError(f"no active user named {as_user!r}")
    return user_from_row(row)


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
def acting_as(
    as_user: str | None, *, default_role: Role = Role.PRACTICE_LEAD
) -> Iterator[tuple[ServiceContext, User]]:
    """What a command's service calls need: the store, settings and audit log (the service
    context) and the user it acts as (``acting_user``).

    A ``CseBoardError`` raised inside (a refusal, a validation, the store) ends the command
    with its message and exit code 1.
    """
    settings = Settings()
    try:
        user = acting_user(as_user, settings, default_role=default_role)
        with open_driver(settings) as driver:
            yield ServiceContext(driver, settings), user
    except CseBoardError as e:
        raise fail(e) from e


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
