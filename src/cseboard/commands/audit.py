"""``cseboard audit``: verify the hash chain and export the audit trail."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from cseboard.cli_support import AsUser, acting_as, console, fail
from cseboard.errors import CseBoardError
from cseboard.models.users import Role
from cseboard.private_files import write_private

__all__ = ["audit_app"]

audit_app = typer.Typer(help="The audit trail: anchor, verify, export.", no_args_is_help=True)


@audit_app.command("verify")
def audit_verify(as_user: AsUser = None) -> None:
    """Check the keyed chain against its anchors: exit 0 when intact and anchored, 1 (with the
    problem: rewriting, truncation, a missing anchor) otherwise."""
    from cseboard.services.audit_trail import verify_audit

    with acting_as(as_user, default_role=Role.ADMIN) as (ctx, actor):
        report = verify_audit(ctx, actor)
    if report.ok:
        sealed = f"; {report.legacy} unkeyed events sealed" if report.legacy else ""
        print(f"audit chain OK: {report.events} events, anchored at {report.anchored}{sealed}")
        return
    print(f"audit chain BROKEN: {report.problem} ({report.events} events)")
    raise typer.Exit(code=1)


@audit_app.command("anchor")
def audit_anchor(as_user: AsUser = None) -> None:
    """Verify the events since the last anchor and append the signed head (sequence, hash,
    time) to AUDIT_ANCHOR_FILE, outside the database. The anchor is also printed: keep a
    second copy elsewhere (a ticket, an email to the DPO). Run it regularly (e.g. every 15
    minutes from cron): events after the latest anchor can be cut off unseen."""
    from cseboard.services.audit_trail import anchor_audit

    with acting_as(as_user, default_role=Role.ADMIN) as (ctx, actor):
        anchor = anchor_audit(ctx, actor)
    console.print(f"Anchored the audit chain at event {anchor.seq}.")
    print(anchor.line())


@audit_app.command("export")
def audit_export(
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="csv or jsonl")] = "csv",
    username: Annotated[str | None, typer.Option("--user", help="Only this user's events.")] = None,
    action: Annotated[str | None, typer.Option("--action", help="Only this action.")] = None,
    since: Annotated[
        datetime | None, typer.Option("--since", help="Only events from this time (ISO).")
    ] = None,
    record: Annotated[str | None, typer.Option("--record", help="Only events naming it.")] = None,
    recipients: Annotated[
        list[str] | None, typer.Option("--recipient", help="Who receives the export (repeat).")
    ] = None,
    as_user: AsUser = None,
) -> None:
    """Export audit events, oldest first (CSV cells that look like formulas are neutralised)."""
    from datetime import UTC

    from cseboard.models.oversight import AuditFilter
    from cseboard.services.audit_trail import export_audit

    if fmt not in ("csv", "jsonl"):
        raise fail(CseBoardError("say --format csv or --format jsonl"))
    filters = AuditFilter(
        username=username,
        action=action,
        since=since.replace(tzinfo=since.tzinfo or UTC) if since else None,
        record=record,
    )
    with acting_as(as_user, default_role=Role.ADMIN) as (ctx, actor):
        data = export_audit(
            ctx,
            actor,
            filters,
            fmt="csv" if fmt == "csv" else "jsonl",
            recipients=recipients or [f"file {out}"],
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    write_private(out, data)
    console.print(f"Audit events written to {out} ({len(data):,} bytes).")
