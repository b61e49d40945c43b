"""``cseboard due``: what is due for a lead practitioner (or everyone, for the practice lead)."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from cseboard.cli_support import AsUser, acting_as, wide_console

__all__ = ["due"]

_TITLES = {
    "rhi": "Return home interviews: 72-hour clocks",
    "risk_reviews": "Risk level reviews",
    "meeting_actions": "Meeting actions due or overdue",
    "no_contact": "Young people with no contact recorded",
}


def due(
    for_user: Annotated[
        str | None,
        typer.Option("--user", help="Whose duties (the practice lead may name anyone)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
    as_user: AsUser = None,
) -> None:
    """List what is due: interview clocks, risk reviews, meeting actions, cohort contacts."""
    from cseboard.models.values import LONDON
    from cseboard.services.due import due_list

    with acting_as(as_user) as (ctx, user):
        result = due_list(ctx, user, for_user=for_user)
    if as_json:
        print(json.dumps(json.loads(result.model_dump_json()), indent=2))
        return
    out = wide_console()
    scope = "everyone" if result.everyone else ", ".join(result.operations) or "no operation led"
    out.print(
        f"What is due for {result.for_user} ({scope}) at "
        f"{result.as_at.astimezone(LONDON):%d/%m/%Y %H:%M} UK time"
    )
    for key, title in _TITLES.items():
        items = getattr(result, key)
        table = Table(title=f"{title} ({len(items)})")
        for column in ("state", "due", "young person", "record", "what"):
            table.add_column(column)
        for i in items:
            when = (
                i.due_at.astimezone(LONDON).strftime("%d/%m/%Y %H:%M")
                if i.kind == "rhi" and i.due_at
                else i.due_day.strftime("%d/%m/%Y")
            )
            table.add_row(
                i.state,
                when,
                i.display_name or "",
                i.person_id or i.record_id or i.operation_id or "",
                i.detail,
            )
        out.print(table)
