"""Who may open an operation's meeting, and what a viewer may see of the items it shows.

Every meeting use case takes the current user and enforces scope itself: operational users may
open only their own operations (a refusal is audited), practice leads any; strategic and admin
users none. Handling-code C items the viewer may not see come back as notices, never content.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from cseboard.access.policy import Permission, allowed, require
from cseboard.access.scope import may_see_item, restricted_notice
from cseboard.errors import AccessDenied, NotFound, ValidationFailed
from cseboard.models.meetings import MeetingSnapshot, OperationSummary
from cseboard.models.users import AuditAction, Role, User
from cseboard.models.values import LONDON
from cseboard.services.context import ServiceContext
from cseboard.store.meetings import MeetingStore
from cseboard.store.operations import OperationStore

__all__ = [
    "ItemFilter",
    "meeting_operations",
    "meeting_purpose",
    "meeting_store",
    "now_utc",
    "operation_agencies",
    "require_operation",
    "restricted_holder_notice",
    "snapshot_of",
    "uk_today",
    "viewer_filter",
]

ItemFilter = Callable[[str, str | None, str | None], bool]
"""``(holder, handling_code, conditions) -> may the audience see the item's content``."""


def now_utc(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def uk_today(now: datetime) -> date:
    """The UK calendar day of ``now``: due dates are UK days."""
    return now.astimezone(LONDON).date()


def meeting_store(ctx: ServiceContext) -> MeetingStore:
    return MeetingStore(ctx.driver, database=ctx.database)


def _require_any(user: User, *permissions: Permission) -> None:
    if not any(allowed(user, p) for p in permissions):
        require(user, permissions[0])


def require_operation(
    ctx: ServiceContext,
    user: User,
    operation_id: str,
    *,
    permission: Permission = Permission.RUN_MEETING,
) -> OperationSummary:
    """Check the user may open this operation's meeting, auditing a refusal.

    Practice leads may open any operation; operational users only those bound to their account.

    Raises
    ------
    AccessDenied
        Without the permission, or for another group's operation (audited as a refusal).
    NotFound
        When the operation does not exist.
    """
    try:
        require(user, permission)
    except AccessDenied:
        ctx.audit.record(
            user, AuditAction.REFUSAL, "operation refused: role", records=[operation_id]
        )
        raise
    if not user.has(Role.PRACTICE_LEAD) and operation_id not in user.operations:
        ctx.audit.record(
            user,
            AuditAction.REFUSAL,
            "operation refused: not one of the user's operations",
            records=[operation_id],
        )
        raise AccessDenied("you are not a member of this operation's group")
    row = meeting_store(ctx).operation(operation_id)
    if row is None:
        raise NotFound(f"no operation {operation_id!r}")
    return OperationSummary(**row)


def meeting_operations(ctx: ServiceContext, user: User) -> list[OperationSummary]:
    """The operations whose meeting the user may open (operational users: only their own)."""
    _require_any(user, Permission.RUN_MEETING, Permission.EXPORT_MEETING_PACK)
    rows = OperationStore(ctx.driver, database=ctx.database).all()
    summaries = [OperationSummary(**r) for r in rows]
    if user.has(Role.PRACTICE_LEAD):
        return summaries
    return [s for s in summaries if s.operation_id in user.operations]


def operation_agencies(ctx: ServiceContext, user: User, operation_id: str) -> list[str]:
    """The operation's agencies (its members' and action owners'): the pack's usual recipients."""
    require_operation(ctx, user, operation_id, permission=Permission.EXPORT_MEETING_PACK)
    return meeting_store(ctx).agencies(operation_id)


def meeting_purpose(purpose: str | None) -> str:
    if not purpose or not purpose.strip():
        raise ValidationFailed("say why you are opening this meeting (purpose)")
    return purpose.strip()


def viewer_filter(ctx: ServiceContext, user: User) -> ItemFilter:
    def visible(holder: str, code: str | None, conditions: str | None) -> bool:
        return may_see_item(user, holder=holder, handling_code=code, conditions=conditions)

    return visible


def restricted_holder_notice(ctx: ServiceContext, holder: str) -> str:
    return restricted_notice(holder, ctx.settings.agency_contacts.get(holder))


def snapshot_of(store: MeetingStore, operation_id: str, meeting_id: str) -> MeetingSnapshot:
    row = store.meeting(operation_id, meeting_id)
    if row is None:
        raise NotFound(f"no meeting {meeting_id!r} for operation {operation_id!r}")
    return MeetingSnapshot.model_validate_json(row["snapshot_json"])
