"""What is due: return home interview clocks, risk reviews, meeting actions, cohort contacts.

Duties, not scores: each kind is listed in the order its clock runs out, and nothing about a
child changes where they appear. The lead practitioner sees the operations they lead; the
practice lead sees everyone. The 72-hour clock is elapsed real time from the child's return
(weekends and clock changes do not pause or stretch it); days are UK calendar days.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from cseboard.access.policy import Permission, require
from cseboard.analysis.episodes import group_episodes
from cseboard.errors import AccessDenied, NotFound
from cseboard.models.due import DueItem, DueList
from cseboard.models.users import AuditAction, Role, User
from cseboard.models.values import LONDON
from cseboard.services.context import ServiceContext
from cseboard.services.leads import leads_store
from cseboard.store.due import DueStore
from cseboard.store.oversight import episode_row
from cseboard.store.users import UserStore

__all__ = ["due_list", "due_scope", "rhi_item"]


def due_scope(
    ctx: ServiceContext, user: User, for_user: str | None
) -> tuple[User, list[str] | None]:
    """Whose duties, and which operations (``None``: everyone, for a practice lead).

    Only the practice lead may ask for another user's list (a refusal is audited). A lead
    practitioner's operations are those they lead and are still bound to.
    """
    require(user, Permission.VIEW_DUE)
    subject = user
    name = (for_user or "").strip().lower()
    if name and name != user.username:
        if not user.has(Role.PRACTICE_LEAD):
            ctx.audit.record(
                user,
                AuditAction.REFUSAL,
                "due list refused: another user's",
                records=[f"user/{name}"],
            )
            raise AccessDenied("only the CSE practice lead may see another user's duties")
        from cseboard.access.accounts import user_from_row

        row = UserStore(ctx.driver, database=ctx.database).get(name)
        if row is None:
            raise NotFound(f"no user named {name!r}")
        subject = user_from_row(row)
    if subject.has(Role.PRACTICE_LEAD):
        return subject, None
    led = leads_store(ctx).led_operations(subject.username)
    return subject, [o for o in led if o in subject.operations]


def _uk_day(moment: datetime) -> Any:
    return moment.astimezone(LONDON).date()


def _day_start(day: Any) -> datetime:
    return datetime.combine(day, time(), tzinfo=LONDON).astimezone(UTC)


def rhi_item(
    *,
    returned: datetime,
    now: datetime,
    hours: int,
    person_id: str | None,
    display_name: str | None,
    operations: list[str],
    record_id: str | None,
) -> DueItem:
    """The interview clock of one returned child, not yet offered an interview.

    The deadline is the return plus ``hours`` of elapsed time; an offer at the deadline is
    still in time (as the oversight figure counts it), so the clock runs until then.

    Examples
    --------
    >>> t = datetime(2026, 3, 27, 23, 30, tzinfo=UTC)  # a Friday, 23:30 GMT
    >>> item = rhi_item(returned=t, now=t + timedelta(hours=71), hours=72, person_id="P-1",
    ...                 display_name="A", operations=[], record_id=None)
    >>> item.state, item.hours_left, item.due_at.astimezone(LONDON).strftime("%a %d/%m %H:%M")
    ('running', 1.0, 'Tue 31/03 00:30')
    """
    deadline = returned + timedelta(hours=hours)
    left = (deadline - now).total_seconds() / 3600
    local = deadline.astimezone(LONDON)
    back = returned.astimezone(LONDON)
    if left >= 0:
        detail = (
            f"Returned {back:%a %d/%m/%Y %H:%M}; interview to be offered by "
            f"{local:%a %d/%m/%Y %H:%M} ({left:.0f} hours left)"
        )
    else:
        detail = (
            f"Returned {back:%a %d/%m/%Y %H:%M}; no interview offer recorded - the {hours}-hour "
            f"time ended {local:%a %d/%m/%Y %H:%M} ({-left:.0f} hours ago)"
        )
    return DueItem(
        kind="rhi",
        state="running" if left >= 0 else "overdue",
        due_day=local.date(),
        due_at=deadline,
        hours_left=round(left, 2),
        person_id=person_id,
        display_name=display_name,
        operations=operations,
        record_id=record_id,
        detail=detail,
    )


def _rhi(
    ctx: ServiceContext, store: DueStore, ops: list[str] | None, now: datetime
) -> list[DueItem]:
    """Every agency's records are read and put together first (one episode per absence), so
    an offer another agency recorded counts; then only episodes of children in scope stay."""
    settings = ctx.settings
    since = now - timedelta(days=settings.due_lookback_days)
    rows = store.episodes(since=since, earliest=since - timedelta(days=30))
    by_id = {r["episode_id"]: r for r in rows}
    episodes = group_episodes([row for r in rows if (row := episode_row(r)) is not None])
    items = []
    for e in episodes:
        if e.returned is None or e.offered or e.returned > now or e.returned < since:
            continue
        members = [by_id[i] for i in e.records]
        if ops is not None:
            members = [r for r in members if set(r["operations"]) & set(ops)]
            if not members:
                continue
        named = next((r for r in members if r["person_id"]), None)
        items.append(
            rhi_item(
                returned=e.returned,
                now=now,
                hours=settings.rhi_due_hours,
                person_id=named["person_id"] if named else None,
                display_name=named["display_name"] if named else "child not yet identified",
                operations=sorted({o for r in members for o in r["operations"]}),
                record_id=e.records[0] if e.records else None,
            )
        )
    return sorted(items, key=lambda i: (i.due_at or now, i.person_id or ""))


def _reviews(
    ctx: ServiceContext, store: DueStore, ops: list[str] | None, now: datetime
) -> list[DueItem]:
    settings = ctx.settings
    today = _uk_day(now)
    soon = today + timedelta(days=settings.due_soon_days)
    interval = timedelta(days=settings.risk_review_days)
    cutoff = _day_start(soon + timedelta(days=1)) - interval
    levels = list(settings.risk_levels)
    items = []
    for r in store.risk_reviews(ops, cutoff=cutoff, lowest=levels[0] if levels else "none"):
        set_at: datetime = r["set_at"]
        due = _uk_day(set_at + interval)
        how = "assessed" if r["assessed"] else "recorded by a partner"
        items.append(
            DueItem(
                kind="risk_review",
                state="overdue" if due < today else "due_soon",
                due_day=due,
                due_at=_day_start(due),
                person_id=r["person_id"],
                display_name=r["display_name"],
                operations=list(r["operations"]),
                detail=(
                    f"Risk level {r['level']} {how} {_uk_day(set_at):%d/%m/%Y}; review due "
                    f"{due:%d/%m/%Y} (every {settings.risk_review_days} days)"
                ),
            )
        )
    return sorted(items, key=lambda i: (i.due_day, i.person_id or ""))


def _actions(
    ctx: ServiceContext, store: DueStore, ops: list[str] | None, now: datetime
) -> list[DueItem]:
    today = _uk_day(now)
    until = today + timedelta(days=ctx.settings.due_soon_days)
    return [
        DueItem(
            kind="meeting_action",
            state="overdue" if r["due_date"] < today else "due_soon",
            due_day=r["due_date"],
            due_at=_day_start(r["due_date"]),
            person_id=r["person_id"],
            display_name=r["display_name"],
            operation_id=r["operation_id"],
            operations=[r["operation_id"]],
            record_id=r["action_id"],
            detail=f"{r['text']} ({r['owner_agency'].replace('_', ' ')}; {r['operation_name']})",
        )
        for r in store.meeting_actions(ops, until=until)
    ]


_CONTACT_KINDS = {
    "assessed": "risk assessment",
    "interviewed": "return home interview",
    "acted": "action completed",
    "disclosed": "disclosure report",
}


def _contacts(
    ctx: ServiceContext, store: DueStore, ops: list[str] | None, now: datetime
) -> list[DueItem]:
    days = ctx.settings.no_contact_days
    items = []
    for r in store.contacts(ops):
        seen = [(r[k], label) for k, label in _CONTACT_KINDS.items() if r.get(k) is not None]
        last, what = max(seen) if seen else (r["since"], None)
        if last is None or last > now - timedelta(days=days):
            continue
        due = _uk_day(last + timedelta(days=days))
        since = (
            f"last contact recorded {_uk_day(last):%d/%m/%Y} ({what})"
            if what
            else f"no contact recorded since joining the cohort {_uk_day(last):%d/%m/%Y}"
        )
        items.append(
            DueItem(
                kind="no_contact",
                state="overdue",
                due_day=due,
                due_at=_day_start(due),
                person_id=r["person_id"],
                display_name=r["display_name"],
                operations=list(r["operations"]),
                detail=f"No contact recorded for {(now - last).days} days: {since}",
            )
        )
    return sorted(items, key=lambda i: (i.due_day, i.person_id or ""))


def due_list(
    ctx: ServiceContext,
    user: User,
    *,
    for_user: str | None = None,
    now: datetime | None = None,
) -> DueList:
    """The duties of the signed-in lead practitioner (or of everyone, for the practice lead).

    The list names children, so it is audited as a consultation of the people on it.
    """
    subject, ops = due_scope(ctx, user, for_user)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    settings = ctx.settings
    store = DueStore(ctx.driver, database=ctx.database)
    if ops == []:
        result = DueList(as_at=moment, for_user=subject.username, everyone=False, operations=[])
    else:
        result = DueList(
            as_at=moment,
            for_user=subject.username,
            everyone=ops is None,
            operations=ops or [],
            rhi=_rhi(ctx, store, ops, moment),
            risk_reviews=_reviews(ctx, store, ops, moment),
            meeting_actions=_actions(ctx, store, ops, moment),
            no_contact=_contacts(ctx, store, ops, moment),
        )
    result = result.model_copy(
        update={
            "settings": {
                "rhi_due_hours": settings.rhi_due_hours,
                "risk_review_days": settings.risk_review_days,
                "due_soon_days": settings.due_soon_days,
                "no_contact_days": settings.no_contact_days,
                "due_lookback_days": settings.due_lookback_days,
            }
        }
    )
    people = sorted({i.person_id for i in result.items if i.person_id})
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"what is due viewed for {subject.username}"
        + (
            " (everyone)"
            if result.everyone
            else f" ({', '.join(result.operations) or 'no operation'})"
        ),
        records=people,
    )
    return result
