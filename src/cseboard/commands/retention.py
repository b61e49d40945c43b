"""``cseboard retention``: records due for review, and erasure of a person."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from cseboard.cli_support import AsUser, acting_as, console, fail, wide_console
from cseboard.errors import CseBoardError
from cseboard.models.users import Role

__all__ = ["retention_app"]

retention_app = typer.Typer(help="Retention review and erasure.", no_args_is_help=True)


@retention_app.command("review")
def retention_review_command(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Review date (yyyy-mm-dd); default today.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per record.")] = False,
    as_user: AsUser = None,
) -> None:
    """List records due for review under the retention rules (RETENTION_RULES to change them)."""
    from cseboard.services.retention import retention_review

    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise fail(CseBoardError(f"--as-of {as_of!r} is not yyyy-mm-dd")) from None
    with acting_as(as_user, default_role=Role.ADMIN) as (ctx, actor):
        review = retention_review(ctx, actor, as_of=day)
    if as_json:
        for item in review.items:
            print(json.dumps(item.model_dump(mode="json")))
        return
    rules = ", ".join(f"{k} {v}y" for k, v in sorted(review.rules.items()))
    table = Table(title=f"Due for review by {review.as_of:%d/%m/%Y} ({len(review.items)})")
    for column in ("due", "type", "record", "agency", "counted from", "rule", "people"):
        table.add_column(column)
    for item in review.items:
        table.add_row(
            item.due.isoformat(),
            item.record_type,
            item.record_id,
            item.agency,
            f"{item.basis} {item.basis_date.isoformat()}",
            item.rule,
            str(len(item.person_ids)),
        )
    out = wide_console(160)
    out.print(table)
    out.print(f"Rules (years): {rules}")


@retention_app.command("erase")
def retention_erase(
    person: Annotated[str, typer.Option("--person", help="Person id, e.g. P-0123456789abcdef.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (e.g. the erasure request ref).")],
    as_user: Annotated[str, typer.Option("--as", help="The administrator erasing.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase a person and their agency records; reports stay without their mentions."""
    from cseboard.services.retention import erase_person

    if not yes and not typer.confirm(f"Erase {person} and their records? This cannot be undone"):
        raise typer.Exit(code=1)
    with acting_as(as_user, default_role=Role.ADMIN) as (ctx, actor):
        result = erase_person(ctx, actor, person, reason=reason)
    console.print(
        f"Erased {result.person_id}: {result.agency_records} agency records, "
        f"{result.missing_episodes} missing episodes, {result.risk_assessments} risk "
        f"assessments, {result.mentions_dropped} report mentions, {result.links_dropped} other "
        f"links; {result.clusters_amended} clusters, {result.runs_amended} runs and "
        f"{result.alerts_amended} alerts and {result.meetings_amended} meeting snapshots "
        "amended. The erasure is on the audit trail."
    )
