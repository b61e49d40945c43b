"""``cseboard path FROM TO``: how two people are connected, as the acting user may see it."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cseboard.cli_support import AsUser, acting_as, console, wide_console

__all__ = ["path_command", "register"]


def path_command(
    start: Annotated[str, typer.Argument(metavar="FROM", help="Person id or agency/source_ref.")],
    end: Annotated[str, typer.Argument(metavar="TO", help="Person id or agency/source_ref.")],
    k: Annotated[int, typer.Option("--k", help="How many chains (shortest first).")] = 3,
    max_hops: Annotated[int, typer.Option("--max-hops", help="Longest chain, in links.")] = 4,
    min_grading: Annotated[
        str | None,
        typer.Option("--min-grading", help="Only reports graded at least this, e.g. 2C."),
    ] = None,
    window_days: Annotated[
        int, typer.Option("--window-days", help="Evidence of this many days up to now.")
    ] = 365,
    purpose: Annotated[
        str, typer.Option("--purpose", help="Why you are looking (recorded in the audit log).")
    ] = "",
    as_user: AsUser = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """The k shortest chains of links between two people, each link with its records.

    Fewest links first; among chains as long, the one whose weakest link is strongest first. Only
    links the acting user may see are used; a shorter chain through restricted records is reported
    with the holding agency and whom to ask. The view is audited with its purpose.
    """
    from cseboard.services.paths import find_chains

    with acting_as(as_user) as (ctx, user):
        answer = find_chains(
            ctx,
            user,
            start,
            end,
            purpose=purpose or None,
            k=k,
            max_hops=max_hops,
            min_grading=min_grading.upper() if min_grading else None,
            window_days=window_days,
        )
    if as_json:
        print(json.dumps(answer.to_json()))
        return
    out = wide_console()
    out.print(
        f"[b]{escape(answer.source_label)}[/b] ({answer.source}) to "
        f"[b]{escape(answer.target_label)}[/b] "
        f"({answer.target}): {len(answer.chains)} chain(s) of at most {answer.max_hops} links"
    )
    for n, chain in enumerate(answer.chains, start=1):
        title = f"Chain {n}: " + " → ".join(escape(x) for x in chain.labels)
        table = Table(title=title, title_justify="left")
        for column in ("link", "weight", "records (agency, grading, category, reported)"):
            table.add_column(column)
        for hop in chain.hops:
            records = "\n".join(
                escape(
                    f"{r.record_id} ({r.agency}, {r.grading}, {r.category}, "
                    f"{r.reported_at:%d/%m/%Y})"
                    if r.reported_at
                    else r.record_id
                )
                for r in hop.evidence
            )
            weakest = " [red](weakest)[/red]" if hop.weakest else ""
            table.add_row(
                escape(f"{hop.source_label} — {hop.target_label}"),
                f"{hop.weight:.2f}{weakest}",
                records,
            )
        out.print(table)
    if not answer.chains:
        out.print("No chain of links the acting user may see joins them.")
    for note in answer.notes:
        console.print(note)


def register(app: typer.Typer) -> None:
    """Add ``path`` to the top-level app (which ``cli.py`` owns)."""
    app.command("path")(path_command)
