"""``cseboard report``: documents for people outside the board (the meeting pack, for now)."""

# Every report is produced through the same services as the board, as a named user whose roles
# and operations decide what the report may contain; the export is audited as a disclosure.

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cseboard.cli_support import AsUser, acting_as, console, fail
from cseboard.errors import CseBoardError
from cseboard.private_files import write_private

__all__ = ["report_app"]

report_app = typer.Typer(help="Reports: the operational meeting pack.", no_args_is_help=True)


@report_app.command("meeting")
def report_meeting(
    operation: Annotated[str, typer.Option("--operation", help="Operation id, e.g. OP-FERN.")],
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="docx or pdf (default: from --out's suffix).")
    ] = None,
    as_user: AsUser = None,
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
    from cseboard.services.meeting_pack import export_meeting_pack
    from cseboard.services.operations import operation_agencies

    chosen = (fmt or out.suffix.lstrip(".")).lower()
    if chosen not in ("docx", "pdf"):
        raise fail(CseBoardError("say --format docx or --format pdf"))
    with acting_as(as_user) as (ctx, user):
        audience = list(recipients or []) or operation_agencies(ctx, user, operation)
        if not audience:
            raise CseBoardError("the operation has no agencies yet: name --recipient")
        export = export_meeting_pack(
            ctx, user, operation, fmt=chosen, recipients=audience, justification=reason
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    write_private(out, export.content)
    console.print(
        f"Meeting pack of {operation} written to {out} ({len(export.content):,} bytes); "
        f"disclosure to {', '.join(export.recipients)} recorded for {user.username}."
    )
