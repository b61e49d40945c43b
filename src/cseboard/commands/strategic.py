"""``cseboard report strategic``: the strategic board's PDF, registered on the report sub-app."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cseboard.cli_support import AsUser, acting_as, console
from cseboard.private_files import write_private

__all__ = ["register", "report_strategic"]


def report_strategic(
    out: Annotated[Path, typer.Option("--out", help="PDF file to write.")],
    as_user: AsUser = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="Financial year (2024-25) or quarter (2024-25 Q1)."),
    ] = None,
    months: Annotated[
        int | None, typer.Option("--months", help="Months ending this month (practice lead).")
    ] = None,
    recipients: Annotated[
        list[str] | None,
        typer.Option("--recipient", help="Who receives it (repeat); default: strategic board."),
    ] = None,
) -> None:
    """Write the strategic report (PDF, OFFICIAL-SENSITIVE, aggregates and pseudonyms only)."""
    from cseboard.services.strategic_report import strategic_report_pdf

    audience = list(recipients or []) or ["Strategic board"]
    with acting_as(as_user) as (ctx, user):
        pdf = strategic_report_pdf(ctx, user, recipients=audience, period=period, months=months)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_private(out, pdf)
    console.print(
        f"Strategic report written to {out} ({len(pdf):,} bytes); disclosure to "
        f"{', '.join(audience)} recorded for {user.username}."
    )


def register(report_app: typer.Typer) -> None:
    """Add ``strategic`` to the ``report`` sub-app (which another module owns)."""
    report_app.command("strategic")(report_strategic)
