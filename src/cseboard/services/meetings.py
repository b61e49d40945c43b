"""The operational meeting: one operation's cohort, what changed, episodes, actions, snapshots."""

# Every function takes the current user and enforces scope itself: operational users may open only
# their own operations (a refusal is audited), practice leads any; strategic and admin users none.
# Handling-code C reports the viewer may not see come back as restricted notices, never content.

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import networkx as nx

from cseboard.access.policy import Permission, allowed, require
from cseboard.access.scope import may_see_item, person_scope, restricted_notice
from cseboard.errors import AccessDenied, NotFound, ValidationFailed
from cseboard.models.exchange import normalise_agency
from cseboard.models.meetings import (
    ActionItem,
    CohortMember,
    CohortNetwork,
    IntelligenceItem,
    MeetingBoard,
    MeetingChanges,
    MeetingCounts,
    MeetingRecord,
    MeetingSnapshot,
    MissingEpisodeItem,
    NetworkComparison,
    NetworkEdge,
    NetworkView,
    NetworkViewEdge,
    NetworkViewNode,
    OperationSummary,
    PersonRef,
    RestrictedRecord,
    RiskChange,
    SnapshotAction,
    SnapshotMember,
    rag_for,
    rag_label,
)
from cseboard.models.users import AuditAction, Role, User
from cseboard.models.values import LONDON, parse_text
from cseboard.services.context import ServiceContext
from cseboard.store.meetings import MeetingStore
from cseboard.store.operations import OperationStore

__all__ = [
    "ACTION_TEXT_MAX",
    "DEFAULT_PERIOD_DAYS",
    "LAYOUT_SEED",
    "NETWORK_WINDOW_DAYS",
    "ItemFilter",
    "assemble_board",
    "complete_action",
    "create_action",
    "meeting_board",
    "meeting_operations",
    "meeting_snapshot",
    "meetings",
    "network_comparison",
    "operation_agencies",
    "require_operation",
    "take_snapshot",
    "update_action",
]

DEFAULT_PERIOD_DAYS = 28
"""Without an earlier snapshot, "since the last meeting" means this many days back."""
NETWORK_WINDOW_DAYS = 365
"""The cohort network rests on the evidence of this many days before it is read."""
LAYOUT_SEED = 7
"""Fixed seed of the spring layout, so the chart does not move between reruns."""
ACTION_TEXT_MAX = 2000

ItemFilter = Callable[[str, str | None, str | None], bool]
"""``(holder, handling_code, conditions) -> may the audience see the item's content``."""


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _today(now: datetime) -> date:
    """The UK calendar day of ``now``: due dates are UK days."""
    return now.astimezone(LONDON).date()


def _store(ctx: ServiceContext) -> MeetingStore:
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
    row = _store(ctx).operation(operation_id)
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
    return _store(ctx).agencies(operation_id)


def _purpose(purpose: str | None) -> str:
    if not purpose or not purpose.strip():
        raise ValidationFailed("say why you are opening this meeting (purpose)")
    return purpose.strip()


def _viewer_filter(ctx: ServiceContext, user: User) -> ItemFilter:
    known = _store(ctx).known_agencies()

    def visible(holder: str, code: str | None, conditions: str | None) -> bool:
        return may_see_item(
            user, holder=holder, handling_code=code, conditions=conditions, known_agencies=known
        )

    return visible


def _notice(ctx: ServiceContext, holder: str) -> str:
    return restricted_notice(holder, ctx.settings.agency_contacts.get(holder))


def _snapshot_of(store: MeetingStore, operation_id: str, meeting_id: str) -> MeetingSnapshot:
    row = store.meeting(operation_id, meeting_id)
    if row is None:
        raise NotFound(f"no meeting {meeting_id!r} for operation {operation_id!r}")
    return MeetingSnapshot.model_validate_json(row["snapshot_json"])


def _last_meeting(
    store: MeetingStore, operation_id: str, before: datetime
) -> tuple[MeetingRecord | None, MeetingSnapshot | None]:
    rows = store.meetings(operation_id, before=before, limit=1)
    if not rows:
        return None, None
    record = MeetingRecord(**rows[0])
    return record, _snapshot_of(store, operation_id, record.meeting_id)


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
            items.append(IntelligenceItem(**base, restricted=True, notice=_notice(ctx, holder)))
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


def _load_actions(
    store: MeetingStore, operation_id: str, names: dict[str, str], today: date
) -> list[ActionItem]:
    rows = [dict(r, operation_id=operation_id) for r in store.actions(operation_id)]
    return _actions(rows, names, today)


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
    store = _store(ctx)
    op = operation.operation_id
    last, previous = _last_meeting(store, op, now)
    start = (
        since or (last.held_at if last else now - timedelta(days=DEFAULT_PERIOD_DAYS))
    ).astimezone(UTC)
    if start >= now:
        raise ValidationFailed("the period must start before now")
    cohort = _cohort(store.cohort(op), previous)
    names = {m.person_id: m.display_name for m in cohort}
    intelligence = _intelligence(ctx, store.intelligence(op, start=start, end=now), names, visible)
    episodes = _episodes(store.episodes(op, start=start, end=now), names, start)
    risk = _risk_changes(store.assessments(op, start=start, end=now), cohort, previous)
    actions = _load_actions(store, op, names, _today(now))
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
    justification = _purpose(purpose)
    moment = _now(now)
    board = assemble_board(
        ctx, operation, visible=_viewer_filter(ctx, user), since=since, now=moment
    )
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"meeting board of operation {operation_id} viewed",
        records=[operation_id, *(m.person_id for m in board.cohort)],
        justification=justification,
    )
    return board


# -- actions ---------------------------------------------------------------------------------


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
    return _actions(rows, names, _today(now))[0]


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
    moment = _now(now)
    cleaned = _action_text(text)
    agency = _agency(owner_agency)
    if due_date < _today(moment):
        raise ValidationFailed("due date: a new action cannot be due in the past")
    store = _store(ctx)
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
    moment = _now(now)
    store = _store(ctx)
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


# -- snapshots and the network ---------------------------------------------------------------


def _network(
    store: MeetingStore, operation_id: str, cohort: Iterable[str], now: datetime
) -> CohortNetwork:
    rows = store.network(operation_id, start=now - timedelta(days=NETWORK_WINDOW_DAYS), end=now)
    kinds: dict[tuple[str, str], set[str]] = defaultdict(set)
    records: dict[tuple[str, str], set[str]] = defaultdict(set)
    restricted: dict[str, RestrictedRecord] = {}
    for r in rows:
        pair = (str(r["a"]), str(r["b"]))
        kinds[pair].add(str(r["kind"]))
        records[pair].add(str(r["record"]))
        if r["handling_code"] == "C":
            restricted[str(r["record"])] = RestrictedRecord(
                holder=str(r["holder"]), conditions=r["conditions"]
            )
    edges = [
        NetworkEdge(a=a, b=b, kinds=sorted(kinds[(a, b)]), records=sorted(records[(a, b)]))
        for a, b in sorted(kinds)
    ]
    return CohortNetwork(
        nodes=sorted(set(cohort)),
        edges=edges,
        restricted=restricted,
        window_days=NETWORK_WINDOW_DAYS,
    )


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
    moment = _now(now)
    board = assemble_board(ctx, operation, visible=lambda *_: True, since=since, now=moment)
    store = _store(ctx)
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
        network=_network(store, operation_id, (m.person_id for m in board.cohort), moment),
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
    return [MeetingRecord(**r) for r in _store(ctx).meetings(operation_id)]


def _visible_network(
    ctx: ServiceContext, network: CohortNetwork, visible: ItemFilter
) -> tuple[CohortNetwork, int, list[str]]:
    """The network minus records the viewer may not see; links left with none are hidden."""
    edges = []
    hidden = 0
    holders: set[str] = set()
    for edge in network.edges:
        shown = []
        for record in edge.records:
            meta = network.restricted.get(record)
            if meta is not None and not visible(meta.holder, "C", meta.conditions):
                holders.add(meta.holder)
                continue
            shown.append(record)
        if not shown:
            hidden += 1
            continue
        edges.append(edge.model_copy(update={"records": shown}))
    kept = {r for e in edges for r in e.records}
    restricted = {k: v for k, v in network.restricted.items() if k in kept}
    trimmed = network.model_copy(update={"edges": edges, "restricted": restricted})
    return trimmed, hidden, [_notice(ctx, h) for h in sorted(holders)]


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
    justification = _purpose(purpose)
    snapshot = _snapshot_of(_store(ctx), operation_id, meeting_id)
    network, _, _ = _visible_network(ctx, snapshot.network, _viewer_filter(ctx, user))
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"meeting snapshot of operation {operation_id} viewed",
        records=[meeting_id, operation_id, *(m.person_id for m in snapshot.cohort)],
        justification=justification,
    )
    return snapshot.model_copy(update={"network": network})


def _layout(networks: list[CohortNetwork]) -> dict[str, tuple[float, float]]:
    """One spring layout over the union of the networks, so a person sits in the same place in
    both charts and the layout never changes between reruns (fixed seed, sorted input)."""
    graph = nx.Graph()
    graph.add_nodes_from(sorted({n for net in networks for n in net.nodes}))
    graph.add_edges_from(sorted({(e.a, e.b) for net in networks for e in net.edges}))
    if graph.number_of_nodes() == 0:
        return {}
    positions = nx.spring_layout(
        graph, seed=LAYOUT_SEED, k=1.2 / max(1, graph.number_of_nodes()) ** 0.5
    )
    xs = [float(p[0]) for p in positions.values()]
    ys = [float(p[1]) for p in positions.values()]

    def stretch(value: float, low: float, high: float) -> float:
        # Each axis fills [-1, 1], so the chart uses its whole area whatever the graph's shape.
        return 0.0 if high - low < 1e-9 else round(2 * (value - low) / (high - low) - 1, 4)

    return {
        str(n): (stretch(float(p[0]), min(xs), max(xs)), stretch(float(p[1]), min(ys), max(ys)))
        for n, p in positions.items()
    }


def _view(
    title: str,
    as_at: datetime,
    network: CohortNetwork,
    levels: dict[str, str | None],
    labels: dict[str, str],
    positions: dict[str, tuple[float, float]],
    hidden: int,
    notices: list[str],
    compared: CohortNetwork | None = None,
) -> NetworkView:
    before = {(e.a, e.b) for e in compared.edges} if compared is not None else None
    nodes = [
        NetworkViewNode(
            person_id=p,
            label=labels.get(p, "former cohort member"),
            rag=rag_for(levels.get(p)),
            rag_text=rag_label(levels.get(p)),
            x=positions[p][0],
            y=positions[p][1],
        )
        for p in network.nodes
    ]
    edges = [
        NetworkViewEdge(
            a=e.a,
            b=e.b,
            kinds=e.kinds,
            records=len(e.records),
            x1=positions[e.a][0],
            y1=positions[e.a][1],
            x2=positions[e.b][0],
            y2=positions[e.b][1],
            new=before is not None and (e.a, e.b) not in before,
        )
        for e in network.edges
        if e.a in positions and e.b in positions
    ]
    return NetworkView(
        title=title, as_at=as_at, nodes=nodes, edges=edges, hidden_links=hidden, notices=notices
    )


def network_comparison(
    ctx: ServiceContext,
    user: User,
    operation_id: str,
    *,
    purpose: str | None,
    meeting_id: str | None = None,
    now: datetime | None = None,
) -> NetworkComparison:
    """Today's cohort network and, with ``meeting_id``, the one frozen at that meeting.

    Links rest on reports naming two members (not E-graded) and missing episodes recording two
    members together within :data:`NETWORK_WINDOW_DAYS`; links resting only on C reports the
    viewer may not see are not drawn, and the chart says whom to ask. Audited as a
    consultation (a network view of people).
    """
    require_operation(ctx, user, operation_id)
    justification = _purpose(purpose)
    moment = _now(now)
    store = _store(ctx)
    visible = _viewer_filter(ctx, user)
    cohort = store.cohort(operation_id)
    current_levels: dict[str, str | None] = {str(r["person_id"]): r["risk_level"] for r in cohort}
    labels = {str(r["person_id"]): str(r["display_name"] or r["person_id"]) for r in cohort}
    today, hidden, notices = _visible_network(
        ctx, _network(store, operation_id, current_levels, moment), visible
    )
    past: tuple[MeetingSnapshot, CohortNetwork, int, list[str]] | None = None
    if meeting_id is not None:
        snapshot = _snapshot_of(store, operation_id, meeting_id)
        net, past_hidden, past_notices = _visible_network(ctx, snapshot.network, visible)
        past = (snapshot, net, past_hidden, past_notices)
        former = [p for p in net.nodes if p not in labels]
        if former:
            scope = person_scope(ctx.driver, user, database=ctx.database)
            for person_id, name in store.names(former).items():
                if scope.covers(person_id) and name:
                    labels[person_id] = name
    positions = _layout([today] + ([past[1]] if past else []))
    current_view = _view(
        "Today",
        moment,
        today,
        current_levels,
        labels,
        positions,
        hidden,
        notices,
        compared=past[1] if past else None,
    )
    past_view = None
    if past is not None:
        snapshot, net, past_hidden, past_notices = past
        levels = {m.person_id: m.risk_level for m in snapshot.cohort}
        when = snapshot.held_at.astimezone(LONDON)
        past_view = _view(
            f"At the meeting of {when:%d/%m/%Y}",
            snapshot.held_at,
            net,
            levels,
            labels,
            positions,
            past_hidden,
            past_notices,
        )
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"cohort network of operation {operation_id} viewed",
        records=[operation_id, *([meeting_id] if meeting_id else []), *today.nodes],
        justification=justification,
    )
    return NetworkComparison(current=current_view, past=past_view)
