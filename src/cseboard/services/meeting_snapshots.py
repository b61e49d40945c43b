"""Meeting snapshots: the as-at record of a meeting (ids, levels, counts, actions, network)."""

from __future__ import annotations

import uuid
from datetime import datetime

from cseboard.models.meetings import (
    MeetingRecord,
    MeetingSnapshot,
    SnapshotAction,
    SnapshotMember,
)
from cseboard.models.users import AuditAction, User
from cseboard.models.values import LONDON
from cseboard.services.cohort_network import cohort_network, visible_network
from cseboard.services.context import ServiceContext
from cseboard.services.meeting_board import assemble_board
from cseboard.services.operations import (
    meeting_purpose,
    meeting_store,
    now_utc,
    require_operation,
    snapshot_of,
    viewer_filter,
)

__all__ = ["meeting_snapshot", "meetings", "take_snapshot"]


def take_snapshot(
    ctx: ServiceContext,
    user: User,
    operation_id: str,
    *,
    since: datetime | None = None,
    now: datetime | None = None,
) -> MeetingRecord:
    """Freeze the as-at record of the meeting (cohort, levels, counts, actions, network ids).

    The snapshot holds ids, levels and counts, never report content or names, so it can be
    shown later to any member of the group and an erased person's name does not survive in it.
    Audited as an alteration.
    """
    operation = require_operation(ctx, user, operation_id)
    moment = now_utc(now)
    board = assemble_board(ctx, operation, visible=lambda *_: True, since=since, now=moment)
    store = meeting_store(ctx)
    meeting_id = f"M-{moment.astimezone(LONDON):%Y%m%d%H%M}-{uuid.uuid4().hex[:6]}"
    snapshot = MeetingSnapshot(
        meeting_id=meeting_id,
        operation_id=operation_id,
        held_at=moment,
        taken_by=user.username,
        period_start=board.period_start,
        cohort=[
            SnapshotMember(person_id=m.person_id, role=m.role, risk_level=m.risk_level)
            for m in board.cohort
        ],
        counts=board.counts,
        actions=[
            SnapshotAction(
                action_id=a.action_id,
                text=a.text,
                owner_agency=a.owner_agency,
                due_date=a.due_date,
                status=a.status,
                overdue=a.overdue,
                person_id=a.person_id,
            )
            for a in board.actions
        ],
        network=cohort_network(ctx, user, (m.person_id for m in board.cohort), moment),
    )
    store.create_meeting(
        operation_id=operation_id,
        meeting_id=meeting_id,
        held_at=moment,
        taken_by=user.username,
        snapshot_json=snapshot.model_dump_json(),
    )
    ctx.audit.record(
        user,
        AuditAction.ALTERATION,
        f"meeting snapshot taken for operation {operation_id}",
        records=[meeting_id, operation_id],
    )
    return MeetingRecord(
        meeting_id=meeting_id, operation_id=operation_id, held_at=moment, taken_by=user.username
    )


def meetings(ctx: ServiceContext, user: User, operation_id: str) -> list[MeetingRecord]:
    """The operation's meeting snapshots, newest first (headers only: no personal data)."""
    require_operation(ctx, user, operation_id)
    return [MeetingRecord(**r) for r in meeting_store(ctx).meetings(operation_id)]


def meeting_snapshot(
    ctx: ServiceContext,
    user: User,
    operation_id: str,
    meeting_id: str,
    *,
    purpose: str | None,
) -> MeetingSnapshot:
    """A past meeting's as-at record, with network links the viewer may not see removed."""
    require_operation(ctx, user, operation_id)
    justification = meeting_purpose(purpose)
    snapshot = snapshot_of(meeting_store(ctx), operation_id, meeting_id)
    network, _, _ = visible_network(ctx, snapshot.network, viewer_filter(ctx, user))
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"meeting snapshot of operation {operation_id} viewed",
        records=[meeting_id, operation_id, *(m.person_id for m in snapshot.cohort)],
        justification=justification,
    )
    return snapshot.model_copy(update={"network": network})
