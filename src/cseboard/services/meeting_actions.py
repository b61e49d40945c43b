"""Actions the operational group agrees: who does what by when, with history on the audit trail."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from cseboard.errors import NotFound, ValidationFailed
from cseboard.models.exchange import normalise_agency
from cseboard.models.meetings import ActionItem
from cseboard.models.users import AuditAction, User
from cseboard.models.values import parse_text
from cseboard.services.context import ServiceContext
from cseboard.services.operations import meeting_store, now_utc, require_operation, uk_today
from cseboard.store.meetings import MeetingStore

__all__ = [
    "ACTION_TEXT_MAX",
    "complete_action",
    "create_action",
    "load_actions",
    "update_action",
]

ACTION_TEXT_MAX = 2000


def _actions(rows: list[dict[str, Any]], names: dict[str, str], today: date) -> list[ActionItem]:
    actions = []
    for r in rows:
        person_id = r.get("person_id")
        due = r["due_date"]
        assert isinstance(due, date)
        status = r.get("status") or "open"
        actions.append(
            ActionItem(
                action_id=str(r["action_id"]),
                operation_id=str(r["operation_id"]) if r.get("operation_id") else "",
                text=str(r["text"]),
                owner_agency=str(r["owner_agency"]),
                due_date=due,
                status=status,
                created_at=r["created_at"],
                created_by=str(r["created_by"]),
                updated_at=r.get("updated_at"),
                completed_at=r.get("completed_at"),
                completed_by=r.get("completed_by"),
                person_id=person_id if isinstance(person_id, str) else None,
                person_name=names.get(person_id) if isinstance(person_id, str) else None,
                overdue=status == "open" and due < today,
            )
        )
    actions.sort(key=lambda a: (a.status != "open", not a.overdue, a.due_date, a.created_at))
    return actions


def load_actions(
    store: MeetingStore, operation_id: str, names: dict[str, str], today: date
) -> list[ActionItem]:
    rows = [dict(r, operation_id=operation_id) for r in store.actions(operation_id)]
    return _actions(rows, names, today)


def _action_text(text: str) -> str:
    try:
        cleaned = parse_text(text or "", max_length=ACTION_TEXT_MAX)
    except ValueError as e:
        raise ValidationFailed(f"action: {e}") from e
    if not cleaned:
        raise ValidationFailed("action: say what is to be done")
    return cleaned


def _agency(value: str) -> str:
    try:
        return normalise_agency(value)
    except ValueError as e:
        raise ValidationFailed(f"owner agency: {e}") from e


def _cohort_ids(store: MeetingStore, operation_id: str) -> dict[str, str]:
    return {
        str(r["person_id"]): str(r["display_name"] or r["person_id"])
        for r in store.cohort(operation_id)
    }


def _action(store: MeetingStore, operation_id: str, action_id: str, now: datetime) -> ActionItem:
    rows = [dict(r, operation_id=operation_id) for r in store.actions(operation_id, action_id)]
    if not rows:
        raise NotFound(f"no action {action_id!r} for operation {operation_id!r}")
    names = _cohort_ids(store, operation_id)
    return _actions(rows, names, uk_today(now))[0]


def create_action(
    ctx: ServiceContext,
    user: User,
    operation_id: str,
    *,
    text: str,
    owner_agency: str,
    due_date: date,
    person_id: str | None = None,
    now: datetime | None = None,
) -> ActionItem:
    """Record an action agreed by the group; audited as an alteration.

    Raises
    ------
    ValidationFailed
        Empty or over-long text, a bad agency code, a due date before today, or a person who
        is not in the operation's cohort.
    """
    require_operation(ctx, user, operation_id)
    moment = now_utc(now)
    cleaned = _action_text(text)
    agency = _agency(owner_agency)
    if due_date < uk_today(moment):
        raise ValidationFailed("due date: a new action cannot be due in the past")
    store = meeting_store(ctx)
    if person_id is not None and person_id not in _cohort_ids(store, operation_id):
        raise ValidationFailed("the action can only be about a member of the cohort")
    action_id = f"A-{uuid.uuid4().hex[:12]}"
    store.create_action(
        operation_id=operation_id,
        action_id=action_id,
        text=cleaned,
        owner_agency=agency,
        due_date=due_date,
        person_id=person_id,
        by=user.username,
        now=moment,
    )
    ctx.audit.record(
        user,
        AuditAction.ALTERATION,
        f"action created for operation {operation_id}",
        records=[action_id, operation_id, *([person_id] if person_id else [])],
    )
    return _action(store, operation_id, action_id, moment)


def update_action(
    ctx: ServiceContext,
    user: User,
    operation_id: str,
    action_id: str,
    *,
    text: str | None = None,
    owner_agency: str | None = None,
    due_date: date | None = None,
    status: str | None = None,
    person_id: str | None = None,
    clear_person: bool = False,
    now: datetime | None = None,
) -> ActionItem:
    """Change an action (``None`` keeps a field); ``status="done"`` completes it. Audited."""
    require_operation(ctx, user, operation_id)
    moment = now_utc(now)
    store = meeting_store(ctx)
    current = _action(store, operation_id, action_id, moment)
    if status is not None and status not in ("open", "done"):
        raise ValidationFailed("status: open or done")
    new_person = None if clear_person else (person_id or current.person_id)
    if person_id is not None and person_id not in _cohort_ids(store, operation_id):
        raise ValidationFailed("the action can only be about a member of the cohort")
    store.update_action(
        operation_id=operation_id,
        action_id=action_id,
        text=_action_text(text) if text is not None else current.text,
        owner_agency=_agency(owner_agency) if owner_agency is not None else current.owner_agency,
        due_date=due_date or current.due_date,
        status=status or current.status,
        person_id=new_person,
        by=user.username,
        now=moment,
    )
    what = "completed" if status == "done" and current.status != "done" else "updated"
    ctx.audit.record(
        user,
        AuditAction.ALTERATION,
        f"action {what} for operation {operation_id}",
        records=[action_id, operation_id],
    )
    return _action(store, operation_id, action_id, moment)


def complete_action(
    ctx: ServiceContext,
    user: User,
    operation_id: str,
    action_id: str,
    *,
    now: datetime | None = None,
) -> ActionItem:
    """Mark an action done (completion time and user are stamped once). Audited."""
    return update_action(ctx, user, operation_id, action_id, status="done", now=now)
