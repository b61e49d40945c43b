"""``cseboard plan``: import the strategy's action plan, list it, record progress on an action."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cseboard.cli_support import AsUser, acting_as, console, wide_console

__all__ = ["plan_app"]

plan_app = typer.Typer(help="The CSE strategy's action plan.", no_args_is_help=True)


@plan_app.command("import")
def plan_import(
    path: Annotated[Path, typer.Argument(help="The plan spreadsheet (.csv or .xlsx).")],
    rejects: Annotated[Path | None, typer.Option(help="Folder for the rejects report.")] = None,
    as_user: AsUser = None,
) -> None:
    """Import the plan: columns objective, action, owner_agency, owner_role, due_date, status,
    update (and optionally figures). Bad rows are reported; the others land."""
    from cseboard.services.plan_import import import_plan

    with acting_as(as_user) as (ctx, user):
        result = import_plan(ctx, user, path, rejects_dir=rejects)
    console.print(
        f"{result.file}: {result.read} rows read; {len(result.created)} actions created, "
        f"{len(result.updated)} updated, {len(result.unchanged)} unchanged, "
        f"{result.rejected} row(s) rejected."
    )
    if result.problems:
        table = Table(title="Problems")
        for column in ("line", "column", "value", "reason", "outcome"):
            table.add_column(column)
        for line, column, value, reason, outcome in result.problems:
            table.add_row(str(line), column, value[:60], reason, outcome)
        wide_console().print(table)
        console.print(f"Report: {result.report}")
    if result.rejected:
        raise typer.Exit(code=2)


@plan_app.command("list")
def plan_list(
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue actions.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
    as_user: AsUser = None,
) -> None:
    """List the plan's actions by objective, with status and due date."""
    from cseboard.services.plan import plan_view

    with acting_as(as_user) as (ctx, user):
        view = plan_view(ctx, user, overdue_only=overdue)
    if as_json:
        print(json.dumps(json.loads(view.model_dump_json()), indent=2))
        return
    table = Table(title=f"Action plan as at {view.as_of:%d/%m/%Y} ({view.overdue} overdue)")
    for column in ("action id", "objective", "action", "owner", "due", "status"):
        table.add_column(column)
    for objective in view.objectives:
        for a in objective.actions:
            table.add_row(
                a.action_id,
                objective.title[:40],
                a.text[:60],
                f"{a.owner_agency} ({a.owner_role})",
                f"{a.due_date:%d/%m/%Y}",
                ("OVERDUE " if a.overdue else "") + a.status,
            )
    wide_console().print(table)


@plan_app.command("update")
def plan_update(
    action_id: Annotated[str, typer.Argument(help="The action's id (see plan list).")],
    status: Annotated[
        str, typer.Option("--status", help="not_started, on_track, at_risk, off_track, complete")
    ],
    note: Annotated[str, typer.Option("--note", help="What happened (kept, dated).")],
    as_user: AsUser = None,
) -> None:
    """Record progress on an action: its status and a dated note."""
    from cseboard.services.plan import update_plan_action

    with acting_as(as_user) as (ctx, user):
        action = update_plan_action(ctx, user, action_id, status=status, note=note, source="cli")
    console.print(f"{action.action_id}: {action.status} (recorded for {user.username}).")
