"""The action plan's part of the strategic report: by status, overdue, changed since last time."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from cseboard.access.policy import Permission, require
from cseboard.models.oversight import OversightReport
from cseboard.models.plan import PlanChange, PlanSection, status_label
from cseboard.models.users import User
from cseboard.services.context import ServiceContext
from cseboard.services.plan import load_plan, plan_store, plan_today
from cseboard.services.plan_figures import figure_values

__all__ = ["mark_plan_reported", "plan_section"]


def _what(kind: str, status: str | None, previous: str | None, note: str | None) -> str:
    if kind == "created":
        text = f"added to the plan ({status_label(status or 'not_started')})"
    elif kind == "decision":
        text = "the board's decision"
    elif kind == "figures":
        text = "linked figures changed"
    elif status and previous and status != previous:
        text = f"{status_label(previous)} to {status_label(status)}"
    else:
        text = "progress update"
    return f"{text}: {note}" if note else text


def plan_section(
    ctx: ServiceContext, user: User, report: OversightReport, *, now: datetime | None = None
) -> PlanSection:
    """What the strategic report says of the plan, with figures from the report it goes in.

    "Since the last report" counts from the last strategic report that carried the plan
    (:func:`mark_plan_reported`); before the first, every entry of the history is a change.
    """
    require(user, Permission.EXPORT_STRATEGIC_REPORT)
    require(user, Permission.VIEW_PLAN)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    today = plan_today(moment)
    actions = load_plan(ctx, today)
    since = plan_store(ctx).last_reported()
    changes = sorted(
        (
            PlanChange(
                action_id=a.action_id,
                action=a.text,
                at=u.at,
                kind=u.kind,
                what=_what(u.kind, u.status, u.previous_status, u.note),
            )
            for a in actions
            for u in a.updates
            if since is None or u.at > since
        ),
        key=lambda c: (c.at, c.action_id),
    )
    by_status: dict[str, int] = {}
    for a in actions:
        by_status[a.status] = by_status.get(a.status, 0) + 1
    ordered = sorted(actions, key=lambda a: (a.objective.lower(), a.due_date, a.text.lower()))
    return PlanSection(
        as_of=today,
        by_status=by_status,
        actions=ordered,
        overdue=[a for a in ordered if a.overdue],
        since=since,
        changes=changes,
        figures=figure_values(report, {k for a in actions for k in a.figures}),
    )


def mark_plan_reported(ctx: ServiceContext, user: User, *, now: datetime | None = None) -> None:
    """Record that a strategic report carried the plan: the next one counts changes from now."""
    require(user, Permission.EXPORT_STRATEGIC_REPORT)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    plan_store(ctx).mark_reported(f"PR-{uuid.uuid4().hex[:12]}", by=user.username, now=moment)
