"""Shared pieces of the CLI: who a command acts as, errors, the store, progress, tables."""

from __future__ import annotations

import getpass
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from typing import Annotated, TypeVar

import neo4j
import typer
from rich.console import Console, Group
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
from cseboard.models.imports import ImportCheck
from cseboard.models.resolve import MergeView
from cseboard.models.users import Role, User
from cseboard.services.context import ServiceContext
from cseboard.store.connection import connect, wait_until_ready

__all__ = [
    "AsUser",
    "acting_as",
    "acting_user",
    "check_tables",
    "choice",
    "console",
    "fail",
    "import_summary_table",
    "merges_table",
    "open_driver",
    "progress_bar",
    "wide_console",
]

E = TypeVar("E", bound=Enum)

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


_SUMMARY_COLUMNS = (
    ("read", "read"),
    ("landed", "landed"),
    ("changed", "new/changed"),
    ("dropped", "field dropped"),
    ("kept_as_other", "kept as other"),
    ("not_recorded", "not recorded"),
    ("mapped", "mapped by profile"),
    ("rejected", "rejected"),
    ("pending_refs", "pending refs"),
)


def import_summary_table(summary: ImportSummary) -> Table:
    """Per file and per record type: rows read, landed (with a field dropped, a value kept as
    other or not recorded), values the profile mapped, rejected, and the report."""
    table = Table(title="Import summary")
    table.add_column("file")
    table.add_column("type")
    for _, label in _SUMMARY_COLUMNS:
        table.add_column(label, justify="right")
    table.add_column("report")
    for f in summary.files:
        if f.error:
            dashes = ["-"] * len(_SUMMARY_COLUMNS)
            table.add_row(f.path.name, f.record_type, *dashes, f"[red]{f.error}[/red]")
            continue
        counts = [str(getattr(f, key)) for key, _ in _SUMMARY_COLUMNS]
        table.add_row(f.path.name, f.record_type, *counts, str(f.report_path or ""))
    for kind, t in summary.by_type().items():
        counts = [str(t[key]) for key, _ in _SUMMARY_COLUMNS]
        table.add_row(f"[b]total {kind}[/b]", kind, *counts, "")
    return table


def check_tables(check: ImportCheck) -> Group:
    """``import --check``: what an import would do per file, the unknown values per column
    (with the closest known value) and the columns it would not read."""
    files = Table(title=f"Check of {check.agency}'s files (nothing written)")
    for column in (
        "file",
        "type",
        "read",
        "would land",
        "field dropped",
        "kept as other",
        "not recorded",
        "mapped by profile",
        "rejected",
        "problem",
    ):
        files.add_column(column)
    for f in check.files:
        files.add_row(
            f.file,
            f.record_type,
            str(f.read),
            str(f.landed),
            str(f.dropped),
            str(f.kept_as_other),
            str(f.not_recorded),
            str(f.mapped),
            str(f.rejected),
            f"[red]{f.error}[/red]" if f.error else "",
        )
    parts: list[Table | str] = [
        f"Profile: {check.profile or 'none (exchange column names and words expected)'}",
        files,
    ]
    if check.unknown_values:
        values = Table(title="Values not in the board's vocabularies")
        for column in (
            "type",
            "column",
            "partner's value",
            "rows",
            "import would",
            "closest known value",
        ):
            values.add_column(column)
        for u in check.unknown_values:
            near = f"{u.closest} ({u.score:.0f})" if u.closest else "-"
            values.add_row(
                u.record_type, u.column, u.value, str(u.rows), u.outcome.replace("_", " "), near
            )
        parts.append(values)
    if check.columns:
        columns = Table(title="Columns")
        for column in ("file", "column", "problem", "closest"):
            columns.add_column(column)
        for c in check.columns:
            problem = "not read (unknown)" if c.kind == "unknown" else "required, missing"
            near = f"{c.closest} ({c.score:.0f})" if c.closest else "-"
            columns.add_row(c.file, c.column, problem, near)
        parts.append(columns)
    if check.clean:
        parts.append("Every column is read and every value is known.")
    return Group(*parts)


def choice(kind: type[E], value: str) -> E:
    """An option's value as one of its choices, or the command ends naming the choices."""
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(str(c.value) for c in kind)
        raise fail(CseBoardError(f"{value!r} is not one of: {choices}")) from None


def merges_table(merges: Sequence[MergeView]) -> Table:
    """Merges (of people or places), latest first."""
    table = Table(title="Merges (latest first)")
    for column in ("merge", "at", "by", "survivor", "absorbed", "records", "rels", "how", "status"):
        table.add_column(column)
    for m in merges:
        table.add_row(
            m.merge_id,
            m.at.strftime("%Y-%m-%d %H:%M"),
            m.by,
            m.survivor,
            m.absorbed,
            ", ".join(m.records),
            str(m.relationships),
            "automatic" if m.automatic else "confirmed",
            m.status.value,
        )
    return table
