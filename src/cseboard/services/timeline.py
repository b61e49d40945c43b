"""What happened when: one time axis for a person, a cluster or an operation's cohort.

Every report, missing episode (a bar from missing to return), sighting and risk level set for
the people, one lane per person, with the holding agency and the grading. A report the viewer
(or, in the meeting pack, its audience) may not read is shown only as restricted, with its
holder and whom to ask. Viewing a timeline is a CONSULTATION of the people on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from cseboard.access.policy import Permission, require
from cseboard.errors import NotFound, ValidationFailed
from cseboard.models.casework import category_label, risk_label
from cseboard.models.network import PersonOption
from cseboard.models.timeline import Timeline, TimelineEvent, TimelineSubject
from cseboard.models.users import AuditAction, User
from cseboard.services.analysis_runs import latest_run, require_partnership_view, run_memberships
from cseboard.services.context import ServiceContext
from cseboard.services.operations import (
    ItemFilter,
    meeting_store,
    require_operation,
    restricted_holder_notice,
    viewer_filter,
)
from cseboard.services.records import person_label
from cseboard.services.scope import require_person
from cseboard.store.network import NetworkStore
from cseboard.store.timeline import TimelineStore

__all__ = [
    "MAX_LANES",
    "TIMELINE_WINDOWS",
    "build_timeline",
    "cluster_timeline",
    "operation_timeline",
    "person_timeline",
]

TIMELINE_WINDOWS = (30, 90, 180, 365, 730, 1825)
MAX_LANES = 60
"""Most people one timeline draws (one lane each); the rest are named in a note by count."""


def _lanes(ctx: ServiceContext, person_ids: Iterable[str]) -> list[PersonOption]:
    ids = list(dict.fromkeys(person_ids))
    rows = NetworkStore(ctx.driver, database=ctx.database).people(ids)
    lanes = [
        PersonOption(
            person_id=p,
            label=person_label(p, rows.get(p)),
            role=(rows.get(p) or {}).get("role"),
            risk_level=(rows.get(p) or {}).get("risk_level"),
        )
        for p in ids
        if p in rows
    ]
    # Young people first, then by name: the lane order of a cohort's meeting.
    return sorted(lanes, key=lambda o: (o.role != "young_person", o.label.lower(), o.person_id))


def _event(
    ctx: ServiceContext,
    row: dict[str, Any],
    lane: str,
    visible: ItemFilter,
    window_end: datetime,
) -> TimelineEvent:
    base: dict[str, Any] = {
        "person_id": row["person_id"],
        "lane": lane,
        "agency": row["agency"],
        "at": row["at"],
    }
    if row["type"] == "intelligence":
        holder = str(row["agency"])
        if not visible(holder, row["handling_code"], row["handling_conditions"]):
            return TimelineEvent(
                **base,
                kind="restricted",
                text=f"Restricted report held by {holder.replace('_', ' ')}",
                notice=restricted_holder_notice(ctx, holder),
            )
        kind = "sighting" if row["category"] == "sighting" else "report"
        return TimelineEvent(
            **base,
            kind=kind,
            record_id=row["record_id"],
            grading=row["grading"],
            category=row["category"],
            text=f"{category_label(row['category'])} · {row['grading']}",
        )
    if row["type"] == "missing_episode":
        away = row["absence_type"] == "away_without_authorisation"
        where = f" from {str(row['missing_from']).replace('_', ' ')}" if row["missing_from"] else ""
        still = row["until"] is None
        text = ("Away without authorisation" if away else "Missing") + where
        if row["with_other"]:
            text += " (recorded with another child)"
        if still:
            text += ": no return recorded"
        return TimelineEvent(
            **base,
            kind="away" if away else "missing",
            record_id=row["record_id"],
            until=row["until"] if not still else window_end,
            still_missing=still,
            grading="record",
            text=text,
            with_other=bool(row["with_other"]),
        )
    was = f" (was {risk_label(row['previous_level'])})" if row["previous_level"] else ""
    return TimelineEvent(
        **base,
        kind="risk",
        record_id=row["record_id"],
        text=f"Risk level set: {risk_label(row['level'])}{was}",
    )


def build_timeline(
    ctx: ServiceContext,
    person_ids: Iterable[str],
    *,
    subject: TimelineSubject,
    subject_id: str,
    title: str,
    window_start: datetime,
    window_end: datetime,
    visible: ItemFilter,
    hidden_people: int = 0,
) -> Timeline:
    """The timeline of these people as ``visible`` allows (no access check, no audit here).

    Callers check access and audit: the use cases below for a viewer, the meeting pack for
    its audience (whose filter withholds C content any recipient may not see).
    """
    lanes = _lanes(ctx, person_ids)
    notes: list[str] = []
    if len(lanes) > MAX_LANES:
        notes.append(
            f"The first {MAX_LANES} of {len(lanes)} people are drawn (young people first)."
        )
        lanes = lanes[:MAX_LANES]
    names = {o.person_id: o.label for o in lanes}
    rows = TimelineStore(ctx.driver, database=ctx.database).events(
        list(names), window_start=window_start, window_end=window_end
    )
    rows = [{**r, "with_other": r.pop("with_child")} for r in rows]
    events = [_event(ctx, r, names[r["person_id"]], visible, window_end) for r in rows]
    events.sort(key=lambda e: (e.at, e.person_id, e.record_id or ""))
    restricted = sum(1 for e in events if e.kind == "restricted")
    if restricted:
        notes.append(
            f"{restricted} report(s) are shown only as restricted: their handling conditions "
            "exclude your agency (or a recipient's). Ask the holding agency if you need them."
        )
    if hidden_people:
        notes.append(f"{hidden_people} person(s) outside your operation's scope have no lane.")
    return Timeline(
        subject=subject,
        subject_id=subject_id,
        title=title,
        window_start=window_start,
        window_end=window_end,
        lanes=lanes,
        events=events,
        restricted=restricted,
        hidden_people=hidden_people,
        notes=notes,
    )


def _window(window_days: int, now: datetime | None) -> tuple[datetime, datetime]:
    if not 1 <= window_days <= 3650:
        raise ValidationFailed("the window: 1 to 3650 days")
    end = (now or datetime.now(UTC)).astimezone(UTC)
    return end - timedelta(days=window_days), end


def _audit(ctx: ServiceContext, user: User, timeline: Timeline, purpose: str | None) -> None:
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"viewed the timeline of {timeline.title}: {len(timeline.lanes)} people, "
        f"{len(timeline.events)} events",
        records=[o.person_id for o in timeline.lanes],
        justification=purpose.strip() if purpose and purpose.strip() else None,
    )


def person_timeline(
    ctx: ServiceContext,
    user: User,
    person_id: str,
    *,
    purpose: str | None,
    window_days: int = 365,
    now: datetime | None = None,
) -> Timeline:
    """One person's timeline; ``require_person`` checks scope and purpose and audits the view.

    Raises
    ------
    AccessDenied, ValidationFailed
        From ``require_person``.
    NotFound
        No such person.
    """
    start, end = _window(window_days, now)
    require_person(ctx, user, person_id, purpose=purpose)
    lanes = _lanes(ctx, [person_id])
    if not lanes:
        raise NotFound(f"no person {person_id}")
    timeline = build_timeline(
        ctx,
        [person_id],
        subject="person",
        subject_id=person_id,
        title=lanes[0].label,
        window_start=start,
        window_end=end,
        visible=viewer_filter(ctx, user),
    )
    _audit(ctx, user, timeline, purpose)
    return timeline


def cluster_timeline(
    ctx: ServiceContext,
    user: User,
    cluster_id: str,
    *,
    window_days: int = 365,
    now: datetime | None = None,
) -> Timeline:
    """The timeline of a cluster of the latest run (the practice lead's: clusters cover every
    partner's records). Audited as a consultation of its members.

    Raises
    ------
    AccessDenied
        For anyone with a cohort scope (audited) or without the clusters permission.
    NotFound
        No analysis run, or no such cluster in the latest run.
    """
    start, end = _window(window_days, now)
    require_partnership_view(ctx, user)
    require(user, Permission.VIEW_CLUSTERS)
    run = latest_run(ctx)
    members = run_memberships(ctx, run).get(cluster_id)
    if run is None or members is None:
        raise NotFound(f"no cluster {cluster_id} in the latest analysis run")
    timeline = build_timeline(
        ctx,
        sorted(members),
        subject="cluster",
        subject_id=cluster_id,
        title=f"cluster {cluster_id} (run {run.run_id})",
        window_start=start,
        window_end=end,
        visible=viewer_filter(ctx, user),
    )
    _audit(ctx, user, timeline, None)
    return timeline


def operation_timeline(
    ctx: ServiceContext,
    user: User,
    operation_id: str,
    *,
    window_days: int = 365,
    now: datetime | None = None,
) -> Timeline:
    """The timeline of an operation's cohort, for its group (``require_operation``) and the
    practice lead. Audited as a consultation of the cohort.

    Raises
    ------
    AccessDenied
        Another group's operation (audited), or a role without meetings.
    NotFound
        No such operation.
    """
    start, end = _window(window_days, now)
    operation = require_operation(ctx, user, operation_id)
    cohort = [str(r["person_id"]) for r in meeting_store(ctx).cohort(operation_id)]
    timeline = build_timeline(
        ctx,
        cohort,
        subject="operation",
        subject_id=operation_id,
        title=f"the cohort of {operation.name or operation_id}",
        window_start=start,
        window_end=end,
        visible=viewer_filter(ctx, user),
    )
    _audit(ctx, user, timeline, None)
    return timeline
