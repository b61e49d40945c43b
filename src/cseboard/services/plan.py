"""The strategy's action plan as use cases: read it, record progress, the board's decisions.

The practice lead maintains the plan (imports, status and progress notes, linked figures);
strategic members read it and record the board's decision on an action. Every change is a
dated history entry on the action, never an overwrite, and an ALTERATION on the audit trail.
The plan is about the partnership's work: it holds no personal data.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from cseboard.access.policy import Permission, allowed, require
from cseboard.errors import NotFound, ValidationFailed
from cseboard.models.plan import (
    NOTE_MAX,
    PLAN_STATUSES,
    PlanAction,
    PlanObjective,
    PlanUpdate,
    PlanView,
    parse_status,
)
from cseboard.models.users import AuditAction, User
from cseboard.models.values import LONDON, parse_text
from cseboard.services.context import ServiceContext
from cseboard.services.oversight_figures import oversight_report
from cseboard.services.plan_figures import figure_values, unknown_figures
from cseboard.store.plan import PlanStore

__all__ = [
    "action_id_for",
    "action_row",
    "load_plan",
    "new_update",
    "objective_id_for",
    "plan_store",
    "plan_today",
    "plan_view",
    "record_decision",
    "set_action_figures",
    "update_plan_action",
]

_SPACE = re.compile(r"\s+")


def _key(text: str) -> str:
    return _SPACE.sub(" ", text.strip().lower())


def objective_id_for(objective: str) -> str:
    """A stable id from the objective's wording (case and spacing do not matter).

    Examples
    --------
    >>> objective_id_for("Reduce  missing") == objective_id_for("reduce missing")
    True
    """
    digest = hashlib.blake2b(_key(objective).encode("utf-8"), digest_size=5).hexdigest()
    return f"PO-{digest}"


def action_id_for(objective: str, action: str) -> str:
    """A stable id from the objective and the action's wording: re-importing updates it."""
    text = f"{_key(objective)}\x1f{_key(action)}"
    return f"PA-{hashlib.blake2b(text.encode('utf-8'), digest_size=6).hexdigest()}"


def plan_store(ctx: ServiceContext) -> PlanStore:
    return PlanStore(ctx.driver, database=ctx.database)


def plan_today(now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(LONDON).date()


def _action(row: dict[str, Any], today: date) -> PlanAction:
    updates = [
        PlanUpdate(
            update_id=str(u["update_id"]),
            at=u["at"],
            by=str(u["by"]),
            kind=u["kind"],
            status=u.get("status"),
            previous_status=u.get("previous_status"),
            note=_with_changes(u.get("note"), u.get("changed")),
            source=str(u.get("source") or "board"),
        )
        for u in row.get("updates") or []
    ]
    status = row["status"]
    return PlanAction(
        action_id=str(row["action_id"]),
        objective_id=str(row["objective_id"]),
        objective=str(row["objective"]),
        text=str(row["text"]),
        owner_agency=str(row["owner_agency"]),
        owner_role=str(row["owner_role"]),
        due_date=row["due_date"],
        status=status,
        figures=sorted(row.get("figures") or []),
        created_at=row["created_at"],
        updated_at=row.get("updated_at"),
        overdue=status != "complete" and row["due_date"] < today,
        updates=updates,
    )


def _with_changes(note: object, changed: object) -> str | None:
    parts = [str(p) for p in (changed, note) if p]
    return ". ".join(parts) if parts else None


def load_plan(ctx: ServiceContext, today: date) -> list[PlanAction]:
    """Every action as read models (no access check: callers have checked)."""
    return [_action(r, today) for r in plan_store(ctx).actions()]


def plan_view(
    ctx: ServiceContext,
    user: User,
    *,
    overdue_only: bool = False,
    with_figures: bool = False,
    now: datetime | None = None,
) -> PlanView:
    """The plan by objective, with counts by status and, when asked, the linked figures.

    Linked figures come from ``oversight_report`` (suppressed as on the oversight page), so
    only users who may see oversight figures get them; the plan itself names no person.
    """
    require(user, Permission.VIEW_PLAN)
    today = plan_today(now)
    actions = load_plan(ctx, today)
    by_status = Counter(a.status for a in actions)
    shown = [a for a in actions if a.overdue] if overdue_only else actions
    objectives: dict[str, list[PlanAction]] = {}
    titles: dict[str, str] = {}
    for a in shown:
        objectives.setdefault(a.objective_id, []).append(a)
        titles[a.objective_id] = a.objective
    figures = {}
    period = ""
    keys = {k for a in actions for k in a.figures}
    if with_figures and keys and allowed(user, Permission.VIEW_OVERSIGHT):
        # The current financial year, the default reporting period of the oversight page, so
        # that a linked figure is the page's own figure with the page's suppression.
        report = oversight_report(ctx, user)
        figures = figure_values(report, keys)
        period = f"financial year {report.period.key} ({report.months[0]} to {report.months[-1]})"
    return PlanView(
        as_of=today,
        objectives=[
            PlanObjective(
                objective_id=oid,
                title=titles[oid],
                actions=sorted(items, key=lambda a: (a.due_date, a.text.lower())),
            )
            for oid, items in sorted(objectives.items(), key=lambda kv: titles[kv[0]].lower())
        ],
        by_status={s: by_status.get(s, 0) for s in PLAN_STATUSES},
        overdue=sum(1 for a in actions if a.overdue),
        figures=figures,
        figures_period=period,
    )


def _find(ctx: ServiceContext, action_id: str, today: date) -> PlanAction:
    for a in load_plan(ctx, today):
        if a.action_id == action_id:
            return a
    raise NotFound(f"no action {action_id!r} in the plan")


def new_update(
    kind: str,
    *,
    status: str | None = None,
    previous: str | None = None,
    note: str | None = None,
    changed: str | None = None,
    source: str = "board",
) -> dict[str, Any]:
    """A history entry as the store writes it (time and author come with the write)."""
    return {
        "update_id": f"PU-{uuid.uuid4().hex[:16]}",
        "kind": kind,
        "status": status,
        "previous_status": previous,
        "note": note,
        "changed": changed,
        "source": source,
    }


def action_row(action: PlanAction, updates: list[dict[str, Any]], **changes: Any) -> dict[str, Any]:
    """The store row of an existing action with ``changes`` applied and new history entries."""
    row: dict[str, Any] = {
        "objective_id": action.objective_id,
        "objective": action.objective,
        "action_id": action.action_id,
        "text": action.text,
        "owner_agency": action.owner_agency,
        "owner_role": action.owner_role,
        "due_date": action.due_date,
        "status": action.status,
        "figures": list(action.figures),
        "import_note": None,
        "updates": updates,
    }
    row.update(changes)
    return row


def _note(note: str | None, *, required: bool, what: str) -> str | None:
    try:
        cleaned = parse_text(note or "", max_length=NOTE_MAX)
    except ValueError as e:
        raise ValidationFailed(f"{what}: {e}") from e
    if required and not cleaned:
        raise ValidationFailed(f"{what}: write what happened (a dated note is kept)")
    return cleaned or None


def update_plan_action(
    ctx: ServiceContext,
    user: User,
    action_id: str,
    *,
    status: str,
    note: str,
    source: str = "board",
    now: datetime | None = None,
) -> PlanAction:
    """Record progress on an action: its status (may be unchanged) and a written note.

    Raises
    ------
    AccessDenied
        Unless the user maintains the plan (the practice lead).
    ValidationFailed
        For an unknown status or an empty note.
    """
    require(user, Permission.MANAGE_PLAN)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    try:
        new_status = parse_status(status)
    except ValueError as e:
        raise ValidationFailed(f"status: {e}") from e
    text = _note(note, required=True, what="note")
    current = _find(ctx, action_id, plan_today(moment))
    entry = new_update(
        "progress", status=new_status, previous=current.status, note=text, source=source
    )
    plan_store(ctx).write_actions(
        [action_row(current, [entry], status=new_status)], by=user.username, now=moment
    )
    change = f"{current.status} to {new_status}" if new_status != current.status else new_status
    ctx.audit.record(
        user,
        AuditAction.ALTERATION,
        f"action plan: progress recorded on {action_id} (status {change})",
        records=[action_id],
    )
    return _find(ctx, action_id, plan_today(moment))


def record_decision(
    ctx: ServiceContext,
    user: User,
    action_id: str,
    *,
    decision: str,
    now: datetime | None = None,
) -> PlanAction:
    """Record the strategic board's decision on an action (its status is left as it is).

    Raises
    ------
    AccessDenied
        Unless the user is a strategic board member.
    """
    require(user, Permission.DECIDE_PLAN)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    text = _note(decision, required=True, what="decision")
    current = _find(ctx, action_id, plan_today(moment))
    entry = new_update("decision", status=current.status, note=text)
    plan_store(ctx).write_actions([action_row(current, [entry])], by=user.username, now=moment)
    ctx.audit.record(
        user,
        AuditAction.ALTERATION,
        f"action plan: the board's decision recorded on {action_id}",
        records=[action_id],
    )
    return _find(ctx, action_id, plan_today(moment))


def set_action_figures(
    ctx: ServiceContext,
    user: User,
    action_id: str,
    figures: Iterable[str],
    *,
    now: datetime | None = None,
) -> PlanAction:
    """Link an action to the oversight figures it is meant to move (by stable key)."""
    require(user, Permission.MANAGE_PLAN)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    keys = sorted({f.strip() for f in figures if f and f.strip()})
    unknown = unknown_figures(keys)
    if unknown:
        raise ValidationFailed(f"figures: no figure {', '.join(unknown)}")
    current = _find(ctx, action_id, plan_today(moment))
    if keys == current.figures:
        return current
    entry = new_update(
        "figures", status=current.status, changed=f"linked figures: {', '.join(keys) or 'none'}"
    )
    plan_store(ctx).write_actions(
        [action_row(current, [entry], figures=keys)], by=user.username, now=moment
    )
    ctx.audit.record(
        user,
        AuditAction.ALTERATION,
        f"action plan: linked figures of {action_id} set to {', '.join(keys) or 'none'}",
        records=[action_id],
    )
    return _find(ctx, action_id, plan_today(moment))
