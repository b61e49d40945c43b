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
    from cseboard.services.erasure import erase_person

    if not yes and not typer.confirm(f"Erase {person} and their records? This cannot be undone"):
        raise typer.Exit(code=1)
    with acting_as(as_user, default_role=Role.ADMIN) as (ctx, actor):
        result = erase_person(ctx, actor, person, reason=reason)
    console.print(
        f"Erased {result.person_id}: {result.agency_records} agency records, "
        f"{result.missing_episodes} missing episodes, {result.risk_assessments} risk "
        f"assessments, {result.mentions_dropped} report mentions, {result.links_dropped} other "
        f"links, {result.lead_assignments} lead professional assignments, "
        f"{result.absorbed_people} merged people and {result.merges} merge records; "
        f"{result.clusters_amended} clusters, {result.runs_amended} runs, "
        f"{result.alerts_amended} alerts and {result.meetings_amended} meeting snapshots "
        f"amended; {result.rejects_rows_removed} rejects report lines removed; "
        f"{result.tombstones} tombstones stop a later import bringing the records back. "
        f"{result.redaction_tasks} free-text fields may still name the person: redact them "
        "with `cseboard retention redactions` / `redact` or on the board's Redaction page. "
        "The erasure is on the audit trail."
    )


@retention_app.command("redactions")
def retention_redactions(
    every: Annotated[bool, typer.Option("--all", help="Closed tasks too.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per task.")] = False,
    as_user: AsUser = None,
) -> None:
    """Free-text fields that may still name an erased person (which field, never its text)."""
    from cseboard.services.redaction import redaction_tasks

    with acting_as(as_user, default_role=Role.PRACTICE_LEAD) as (ctx, actor):
        tasks = redaction_tasks(ctx, actor, status=None if every else "open")
    if as_json:
        for task in tasks:
            print(json.dumps(task.model_dump(mode="json")))
        return
    table = Table(title=f"Free text to redact ({len(tasks)})")
    for column in ("task", "status", "record", "field", "erased person"):
        table.add_column(column)
    for task in tasks:
        table.add_row(
            task.task_id, task.status, f"{task.kind} {task.record}", task.property,
            task.erased_person,
        )
    wide_console(160).print(table)


@retention_app.command("redact")
def retention_redact(
    task: Annotated[str, typer.Argument(help="Task id (RD-…), from `retention redactions`.")],
    show: Annotated[bool, typer.Option("--show", help="Print the field's text.")] = False,
    mask: Annotated[
        list[str] | None, typer.Option("--mask", help="Words to mask, whole words (repeat).")
    ] = None,
    nothing: Annotated[
        bool, typer.Option("--nothing", help="Close the task: nothing names the person.")
    ] = False,
    as_user: AsUser = None,
) -> None:
    """Read a field that may still name an erased person, mask words in it, or close the task."""
    from cseboard.services.redaction import redact, redaction_text

    if not (show or mask or nothing):
        raise fail(CseBoardError("say --show, --mask WORDS or --nothing"))
    with acting_as(as_user, default_role=Role.PRACTICE_LEAD) as (ctx, actor):
        if show:
            view = redaction_text(ctx, actor, task)
            print(view.text if view.text is not None else "(the record no longer exists)")
        if mask or nothing:
            closed = redact(ctx, actor, task, mask=list(mask or []))
            console.print(f"Task {closed.task_id} closed: {closed.status} ({closed.masked})")
