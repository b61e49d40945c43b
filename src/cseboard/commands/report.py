"""``cseboard report``: documents for people outside the board (the meeting pack, for now)."""

# Every report is produced through the same services as the board, as a named user whose roles
# and operations decide what the report may contain; the export is audited as a disclosure.

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cseboard.cli_support import open_driver
from cseboard.config import Settings
from cseboard.errors import CseBoardError
from cseboard.models.users import Role, User

__all__ = ["acting_user", "report_app"]

report_app = typer.Typer(help="Reports: the operational meeting pack.", no_args_is_help=True)
console = Console(stderr=True)


def _fail(error: CseBoardError) -> typer.Exit:
    console.print(f"[red]error:[/red] {error}")
    return typer.Exit(code=1)


def acting_user(as_user: str | None, settings: Settings) -> User:
    """The user a report is produced as.

    ``--as`` names an account, looked up in the store, whose roles and operations then apply
    (a disabled or unknown account is refused). Without it the operator, who holds the database
    credentials anyway, acts as practice lead and is recorded as ``cli:<os user>``.
    """
    from cseboard.access.accounts import user_from_row
    from cseboard.store.users import UserStore

    if as_user is None:
        return User(
            username=f"cli:{getpass.getuser()}",
            display_name="command line",
            roles=frozenset({Role.PRACTICE_LEAD}),
        )
    with open_driver(settings) as driver:
        row = UserStore(driver, database=settings.neo4j_database).get(as_user.strip().lower())
    if row is None or row.get("disabled"):
        raise CseBoardError(f"no active user named {as_user!r}")
    return user_from_row(row)


@report_app.command("meeting")
def report_meeting(
    operation: Annotated[str, typer.Option("--operation", help="Operation id, e.g. OP-FERN.")],
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="docx or pdf (default: from --out's suffix).")
    ] = None,
    as_user: Annotated[
        str | None, typer.Option("--as", help="Produce it as this user (their roles apply).")
    ] = None,
    recipients: Annotated[
        list[str] | None,
        typer.Option(
            "--recipient", help="Who receives it (repeat); default: the operation's agencies."
        ),
    ] = None,
    reason: Annotated[
        str, typer.Option("--reason", help="Justification recorded with the disclosure.")
    ] = "Operational group meeting pack",
) -> None:
    """Write the meeting pack of one operation (DOCX or PDF, marked OFFICIAL-SENSITIVE)."""
    from cseboard.services.context import ServiceContext
    from cseboard.services.meeting_pack import export_meeting_pack
    from cseboard.services.operations import operation_agencies

    chosen = (fmt or out.suffix.lstrip(".")).lower()
    if chosen not in ("docx", "pdf"):
        raise _fail(CseBoardError("say --format docx or --format pdf"))
    settings = Settings()
    try:
        user = acting_user(as_user, settings)
        with open_driver(settings) as driver:
            ctx = ServiceContext(driver, settings)
            audience = list(recipients or []) or operation_agencies(ctx, user, operation)
            if not audience:
                raise CseBoardError("the operation has no agencies yet: name --recipient")
            export = export_meeting_pack(
                ctx, user, operation, fmt=chosen, recipients=audience, justification=reason
            )
    except CseBoardError as e:
        raise _fail(e) from e
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(export.content)
    out.chmod(0o600)
    console.print(
        f"Meeting pack of {operation} written to {out} ({len(export.content):,} bytes); "
        f"disclosure to {', '.join(export.recipients)} recorded for {user.username}."
    )
