"""The audit trail as the data protection officer uses it: filter, verify, export.

Viewing the trail is itself a consultation, and exporting it a disclosure with recipients.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Literal

from cseboard.access.audit import Anchor, ChainReport
from cseboard.access.policy import Permission, require
from cseboard.errors import ValidationFailed
from cseboard.models.oversight import AuditFilter
from cseboard.models.users import AuditAction, AuditEvent, User
from cseboard.models.values import neutralise_formula
from cseboard.services.context import ServiceContext

__all__ = ["AUDIT_COLUMNS", "anchor_audit", "audit_events", "export_audit", "verify_audit"]

AUDIT_COLUMNS = (
    "seq",
    "at",
    "username",
    "action",
    "what",
    "records",
    "justification",
    "recipients",
    "prev_hash",
    "hash",
)


def _filtered(ctx: ServiceContext, filters: AuditFilter) -> list[AuditEvent]:
    events = ctx.audit.events(
        username=filters.username or None,
        action=filters.action or None,
        since=filters.since,
        record=filters.record or None,
    )
    if filters.until is not None:
        events = [e for e in events if e.at <= filters.until]
    return events


def _describe(filters: AuditFilter) -> str:
    parts = [f"{k}={v}" for k, v in filters.model_dump(mode="json").items() if v]
    return ", ".join(parts) or "no filter"


def audit_events(
    ctx: ServiceContext, user: User, filters: AuditFilter | None = None, *, limit: int = 2000
) -> list[AuditEvent]:
    """Audit events matching the filters, newest first (viewing them is itself audited)."""
    require(user, Permission.VIEW_AUDIT)
    chosen = filters or AuditFilter()
    events = _filtered(ctx, chosen)
    ctx.audit.record(
        user, AuditAction.CONSULTATION, f"viewed the audit trail ({_describe(chosen)})"
    )
    return list(reversed(events))[:limit]


def verify_audit(ctx: ServiceContext, user: User) -> ChainReport:
    """Recompute the keyed chain and check it against its anchors: an edited, inserted, deleted
    or unkeyed event, a truncation, an altered anchor or a missing anchor is reported."""
    require(user, Permission.VIEW_AUDIT)
    return ctx.audit.verify()


def anchor_audit(ctx: ServiceContext, user: User) -> Anchor:
    """Verify the events since the last anchor and append the signed head to the anchor file
    (outside the database). The first anchor verifies the whole chain and seals its unkeyed
    beginning.

    Raises
    ------
    ValidationFailed
        When the chain does not verify; nothing is anchored then.
    """
    require(user, Permission.VIEW_AUDIT)
    return ctx.audit.anchor()


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    elif isinstance(value, datetime):
        value = value.astimezone(UTC).isoformat()
    return neutralise_formula(str(value))


def export_audit(
    ctx: ServiceContext,
    user: User,
    filters: AuditFilter | None = None,
    *,
    fmt: Literal["csv", "jsonl"] = "csv",
    recipients: Iterable[str] = (),
) -> bytes:
    """The matching events, oldest first, as CSV (formulas neutralised) or JSON Lines.

    The export is a disclosure: it is audited with its recipients.
    """
    require(user, Permission.VIEW_AUDIT)
    named = [r.strip() for r in recipients if r and r.strip()] or [f"{user.username} (download)"]
    chosen = filters or AuditFilter()
    events = _filtered(ctx, chosen)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(AUDIT_COLUMNS)
        for event in events:
            data = event.model_dump()
            writer.writerow([_csv_value(data[c]) for c in AUDIT_COLUMNS])
        payload = buffer.getvalue().encode("utf-8-sig")
    elif fmt == "jsonl":
        payload = "".join(e.model_dump_json() + "\n" for e in events).encode("utf-8")
    else:
        raise ValidationFailed("format: csv or jsonl")
    ctx.audit.record(
        user,
        AuditAction.DISCLOSURE,
        f"exported {len(events)} audit events as {fmt} ({_describe(chosen)})",
        recipients=named,
    )
    return payload
