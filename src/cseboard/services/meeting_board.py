"""The operational meeting's board: one operation's cohort, what changed, episodes, actions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from cseboard.errors import ValidationFailed
from cseboard.models.meetings import (
    ActionItem,
    CohortMember,
    IntelligenceItem,
    MeetingBoard,
    MeetingChanges,
    MeetingCounts,
    MeetingRecord,
    MeetingSnapshot,
    MissingEpisodeItem,
    OperationSummary,
    PersonRef,
    RiskChange,
    rag_for,
    rag_label,
)
from cseboard.models.users import AuditAction, User
from cseboard.services.context import ServiceContext
from cseboard.services.leads import leads_of, leads_store
from cseboard.services.meeting_actions import load_actions
from cseboard.services.operations import (
    ItemFilter,
    meeting_purpose,
    meeting_store,
    now_utc,
    require_operation,
    restricted_holder_notice,
    snapshot_of,
    uk_today,
    viewer_filter,
)
from cseboard.store.meetings import MeetingStore

__all__ = ["DEFAULT_PERIOD_DAYS", "assemble_board", "meeting_board"]

DEFAULT_PERIOD_DAYS = 28
"""Without an earlier snapshot, "since the last meeting" means this many days back."""


def _last_meeting(
    store: MeetingStore, operation_id: str, before: datetime
) -> tuple[MeetingRecord | None, MeetingSnapshot | None]:
    rows = store.meetings(operation_id, before=before, limit=1)
    if not rows:
        return None, None
    record = MeetingRecord(**rows[0])
    return record, snapshot_of(store, operation_id, record.meeting_id)


def _cohort(rows: list[dict[str, Any]], previous: MeetingSnapshot | None) -> list[CohortMember]:
    before = {m.person_id: m.risk_level for m in previous.cohort} if previous else {}
    members = []
    for r in rows:
        level = r["risk_level"] if isinstance(r["risk_level"], str) else None
        assessed = r["assessment_rationale"]
        rationale = assessed if assessed else r["nomination_rationale"]
        members.append(
            CohortMember(
                person_id=str(r["person_id"]),
                display_name=str(r["display_name"] or r["person_id"]),
                role=r["role"],
                risk_level=level,
                rag=rag_for(level),
                rag_text=rag_label(level),
                rationale=str(rationale) if rationale else None,
                rationale_source=(
                    "risk assessment" if assessed else "nomination" if rationale else None
                ),
                assessed_at=r["assessed_at"],
                in_cohort_since=r["in_cohort_since"],
                level_at_last_meeting=before.get(str(r["person_id"])),
            )
        )
    order = {"red": 0, "amber": 1, "green": 2, "grey": 3}
    members.sort(key=lambda m: (order[m.rag], m.role != "young_person", m.display_name.lower()))
    return members


def _intelligence(
    ctx: ServiceContext,
    rows: list[dict[str, Any]],
    names: dict[str, str],
    visible: ItemFilter,
) -> list[IntelligenceItem]:
    items = []
    for r in rows:
        holder = str(r["holder"])
        code = r["handling_code"] if isinstance(r["handling_code"], str) else None
        conditions = r["conditions"] if isinstance(r["conditions"], str) else None
        base = {
            "intel_id": str(r["intel_id"]),
            "holder": holder,
            "reported_at": r["reported_at"],
            "grading": r["grading"],
            "handling_code": code,
        }
        if not visible(holder, code, conditions):
            notice = restricted_holder_notice(ctx, holder)
            items.append(IntelligenceItem(**base, restricted=True, notice=notice))
            continue
        members = r["members"] if isinstance(r["members"], list) else []
        people = [PersonRef(person_id=p, display_name=names.get(p, p)) for p in members]
        people.sort(key=lambda p: p.display_name.lower())
        items.append(
            IntelligenceItem(
                **base,
                category=r["category"],
                summary=r["summary"],
                people=people,
                others_named=int(r["others_named"] or 0),
            )
        )
    return items


def _episodes(
    rows: list[dict[str, Any]], names: dict[str, str], start: datetime
) -> list[MissingEpisodeItem]:
    episodes = []
    for r in rows:
        person_id = str(r["person_id"])
        reported = r["reported_missing_at"]
        assert isinstance(reported, datetime)
        episodes.append(
            MissingEpisodeItem(
                **{k: v for k, v in r.items() if k != "person_id"},
                person_id=person_id,
                display_name=names.get(person_id, person_id),
                new_in_period=reported >= start,
            )
        )
    return episodes


def _risk_changes(
    rows: list[dict[str, Any]], cohort: list[CohortMember], previous: MeetingSnapshot | None
) -> list[RiskChange]:
    """Assessments in the period (each with the level it replaced: the previous assessment's,
    else the level frozen at the last meeting), then levels changed without an assessment."""
    names = {m.person_id: m.display_name for m in cohort}
    was = {m.person_id: m.risk_level for m in previous.cohort} if previous else {}
    changes = [
        RiskChange(
            person_id=str(r["person_id"]),
            display_name=names.get(str(r["person_id"]), str(r["person_id"])),
            previous_level=r["previous_level"] or was.get(str(r["person_id"])),
            level=r["level"],
            assessed_at=r["assessed_at"],
            by=r["by"],
            agency=r["agency"],
            rationale=r["rationale"],
        )
        for r in rows
    ]
    if previous is not None:
        explained = {c.person_id for c in changes}
        for m in cohort:
            if m.person_id in was and was[m.person_id] != m.risk_level:
                if m.person_id in explained:
                    continue
                changes.append(
                    RiskChange(
                        person_id=m.person_id,
                        display_name=m.display_name,
                        previous_level=was[m.person_id],
                        level=m.risk_level,
                        source="since last meeting",
                    )
                )
    return changes


def _counts(
    cohort: list[CohortMember],
    intelligence: list[IntelligenceItem],
    episodes: list[MissingEpisodeItem],
    changes: list[RiskChange],
    actions: list[ActionItem],
) -> MeetingCounts:
    by_rag = dict.fromkeys(("red", "amber", "green", "grey"), 0)
    for m in cohort:
        by_rag[m.rag] += 1
    return MeetingCounts(
        cohort=len(cohort),
        young_people=sum(1 for m in cohort if m.role == "young_person"),
        by_rag=by_rag,
        new_intelligence=len(intelligence),
        restricted_intelligence=sum(1 for i in intelligence if i.restricted),
        missing_episodes=len(episodes),
        children_missing=len({e.person_id for e in episodes}),
        risk_changes=len(changes),
        open_actions=sum(1 for a in actions if a.status == "open"),
        overdue_actions=sum(1 for a in actions if a.overdue),
        without_lead_professional=sum(1 for m in cohort if m.needs_lead),
    )


def assemble_board(
    ctx: ServiceContext,
    operation: OperationSummary,
    *,
    visible: ItemFilter,
    since: datetime | None,
    now: datetime,
) -> MeetingBoard:
    """Build the board for an operation whose access was already checked (no audit here).

    ``visible`` decides which C items show their content: the viewer's own rights on the page,
    the whole audience's for a meeting pack.
    """
    store = meeting_store(ctx)
    op = operation.operation_id
    last, previous = _last_meeting(store, op, now)
    start = (
        since or (last.held_at if last else now - timedelta(days=DEFAULT_PERIOD_DAYS))
    ).astimezone(UTC)
    if start >= now:
        raise ValidationFailed("the period must start before now")
    leads = leads_of(leads_store(ctx).assignments([op]), op)
    cohort = [
        m.model_copy(update={"lead_professional": leads.professionals.get(m.person_id)})
        if m.role == "young_person"
        else m
        for m in _cohort(store.cohort(op), previous)
    ]
    names = {m.person_id: m.display_name for m in cohort}
    intelligence = _intelligence(ctx, store.intelligence(op, start=start, end=now), names, visible)
    episodes = _episodes(store.episodes(op, start=start, end=now), names, start)
    risk = _risk_changes(store.assessments(op, start=start, end=now), cohort, previous)
    actions = load_actions(store, op, names, uk_today(now))
    if previous is not None:
        before = {m.person_id for m in previous.cohort}
        joined = [m for m in cohort if m.person_id not in before]
        left = sorted(before - set(names))
    else:
        joined = [m for m in cohort if m.in_cohort_since and m.in_cohort_since >= start]
        left = []
    changes = MeetingChanges(
        new_intelligence=intelligence,
        new_missing_episodes=[e for e in episodes if e.new_in_period],
        risk_changes=risk,
        joined_cohort=[
            PersonRef(person_id=m.person_id, display_name=m.display_name) for m in joined
        ],
        left_cohort=left,
    )
    return MeetingBoard(
        operation=operation,
        period_start=start,
        period_end=now,
        last_meeting=last,
        cohort=cohort,
        changes=changes,
        missing_episodes=episodes,
        actions=actions,
        counts=_counts(cohort, intelligence, episodes, risk, actions),
        agencies=store.agencies(op),
        known_agencies=sorted(store.known_agencies() | set(store.agencies(op))),
        lead_practitioner=leads.lead_practitioner,
    )


def meeting_board(
    ctx: ServiceContext,
    user: User,
    operation_id: str,
    *,
    purpose: str | None,
    since: datetime | None = None,
    now: datetime | None = None,
) -> MeetingBoard:
    """The meeting board of one operation for this user, audited as a consultation.

    ``since`` defaults to the last snapshot's time, else :data:`DEFAULT_PERIOD_DAYS` ago.
    Intelligence is placed in the period by when it was reported.
    """
    operation = require_operation(ctx, user, operation_id)
    justification = meeting_purpose(purpose)
    moment = now_utc(now)
    board = assemble_board(
        ctx, operation, visible=viewer_filter(ctx, user), since=since, now=moment
    )
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"meeting board of operation {operation_id} viewed",
        records=[operation_id, *(m.person_id for m in board.cohort)],
        justification=justification,
    )
    return board
