"""Disruption records the partnership counts itself: CAWNs served and NRM referrals made."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, time, timedelta

from cseboard.access.policy import Permission, require
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.models.oversight import DisruptionKind, DisruptionRecord
from cseboard.models.users import AuditAction, Role, User
from cseboard.models.values import LONDON
from cseboard.services.context import ServiceContext
from cseboard.store.operations import OperationStore
from cseboard.store.oversight import DisruptionStore

__all__ = ["DISRUPTION_KINDS", "disruption_operations", "list_disruptions", "record_disruption"]

DISRUPTION_KINDS: dict[str, str] = {
    "cawn": "Child Abduction Warning Notices",
    "nrm_referral": "National Referral Mechanism referrals",
}


def _require_lead(user: User) -> None:
    require(user, Permission.VIEW_OVERSIGHT)
    if not user.has(Role.PRACTICE_LEAD):
        raise AccessDenied(f"{user.username} may not record disruption activity")


def record_disruption(
    ctx: ServiceContext,
    user: User,
    *,
    kind: str,
    on: date,
    operation_id: str | None = None,
) -> DisruptionRecord:
    """Record a CAWN served or an NRM referral made (the partnership counts these itself).

    Raises
    ------
    ValidationFailed
        For an unknown kind, a future date, or an unknown operation.
    """
    _require_lead(user)
    if kind not in DISRUPTION_KINDS:
        raise ValidationFailed(f"kind: one of {', '.join(DISRUPTION_KINDS)}")
    today = datetime.now(LONDON).date()
    if on > today:
        raise ValidationFailed("date: the activity cannot be in the future")
    if on < today - timedelta(days=366 * 10):
        raise ValidationFailed("date: more than ten years ago")
    operation = (operation_id or "").strip() or None
    if operation is not None:
        known = {o["operation_id"] for o in OperationStore(ctx.driver, database=ctx.database).all()}
        if operation not in known:
            raise ValidationFailed(f"operation: no operation {operation!r}")
    record_id = f"DR-{secrets.token_hex(6)}"
    # Midday UK time: the day is what is known, and midday stays in that day in any month.
    recorded_at = datetime.combine(on, time(12), tzinfo=LONDON).astimezone(UTC)
    DisruptionStore(ctx.driver, database=ctx.database).create(
        record_id=record_id,
        kind=kind,
        recorded_at=recorded_at,
        recorded_by=user.username,
        operation_id=operation,
    )
    ctx.audit.record(
        user,
        AuditAction.ALTERATION,
        f"recorded disruption activity ({kind})",
        records=[record_id, *([operation] if operation else [])],
    )
    return DisruptionRecord(
        record_id=record_id,
        kind=_kind(kind),
        recorded_at=recorded_at,
        recorded_by=user.username,
        operation_id=operation,
    )


def _kind(kind: str) -> DisruptionKind:
    return "cawn" if kind == "cawn" else "nrm_referral"


def list_disruptions(ctx: ServiceContext, user: User, *, limit: int = 50) -> list[DisruptionRecord]:
    """The latest disruption records, for the practice lead to check what was entered."""
    _require_lead(user)
    return [
        DisruptionRecord(
            record_id=r["record_id"],
            kind=_kind(r["kind"]),
            recorded_at=r["recorded_at"],
            recorded_by=r["recorded_by"],
            operation_id=r["operation_id"],
        )
        for r in DisruptionStore(ctx.driver, database=ctx.database).latest(limit=limit)
    ]


def disruption_operations(ctx: ServiceContext, user: User) -> dict[str, str]:
    """Operation id → name, for the disruption form."""
    _require_lead(user)
    return {
        o["operation_id"]: o["name"] or o["operation_id"]
        for o in OperationStore(ctx.driver, database=ctx.database).all()
    }
