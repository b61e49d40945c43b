"""Review of emerging-pattern alerts: list them with their evidence, confirm or dismiss with a note.

Alerts are advisory: reviewing one records a decision and who owns it, and never changes a
child's risk level (a practitioner does that on the profile, with a written rationale).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from cseboard.access.policy import Permission, require
from cseboard.errors import NotFound, ValidationFailed
from cseboard.models.network import (
    AlertPage,
    AlertReview,
    AlertSubject,
    AlertView,
    RecordDetail,
)
from cseboard.models.users import AuditAction, User
from cseboard.services.analysis_runs import run_info
from cseboard.services.context import ServiceContext
from cseboard.services.records import person_label, visible_records
from cseboard.services.scope import person_scope
from cseboard.store.analysis_runs import AnalysisRunStore
from cseboard.store.network import NetworkStore

__all__ = [
    "EVIDENCE_SHOWN",
    "MAX_NOTE",
    "MAX_PAGE_SIZE",
    "MIN_NOTE",
    "alert_page",
    "review_alert",
]

MIN_NOTE = 10
"""A review note must say why (at least this many characters)."""
MAX_NOTE = 2000
MAX_PAGE_SIZE = 100
EVIDENCE_SHOWN = 25
"""Records listed per alert (a new cluster's alert can cite hundreds; the count is shown)."""

_CLUSTER = re.compile(r"^C-\d+$")


def _store(ctx: ServiceContext) -> NetworkStore:
    return NetworkStore(ctx.driver, database=ctx.database)


def _subject_kind(subject: str, people: dict[str, dict[str, Any]]) -> str:
    if subject in people:
        return "person"
    if _CLUSTER.match(subject):
        return "cluster"
    return "object"


_PERSON_ID = re.compile(r"P-[0-9a-f]{16}")


def _with_names(summary: str, labels: dict[str, str]) -> str:
    """The run's sentence with each person id replaced by the name the user may see."""
    if not labels:
        return summary
    pattern = re.compile("|".join(re.escape(i) for i in sorted(labels, key=len, reverse=True)))
    return pattern.sub(lambda m: labels[m.group(0)], summary)


def _view(
    row: dict[str, Any], people: dict[str, dict[str, Any]], evidence: list[RecordDetail]
) -> AlertView:
    subjects = [str(s) for s in row.get("subject_ids") or []]
    named = set(subjects) | set(_PERSON_ID.findall(str(row.get("summary") or "")))
    labels = {s: person_label(s, people[s]) for s in named if s in people}
    kinds = {s: _subject_kind(s, people) for s in subjects}
    return AlertView(
        alert_id=str(row["alert_id"]),
        kind=row["kind"],
        status=row.get("status") or "open",
        owner=row.get("owner"),
        note=row.get("note"),
        reviewed_at=row.get("reviewed_at"),
        detected_at=row.get("detected_at"),
        first_run=row.get("first_run"),
        last_run=row.get("last_run"),
        summary=_with_names(str(row.get("summary") or ""), labels),
        subjects=[
            AlertSubject(
                subject_id=s,
                kind=kinds[s],
                label=labels.get(s, s.split(":", 1)[-1] if kinds[s] == "object" else s),
            )
            for s in subjects
        ],
        evidence=evidence,
        evidence_total=len(row.get("evidence_ids") or []),
    )


def alert_page(
    ctx: ServiceContext,
    user: User,
    *,
    kinds: Sequence[str] | None = None,
    statuses: Sequence[str] | None = ("open",),
    latest_run_only: bool = True,
    page: int = 1,
    page_size: int = 20,
) -> AlertPage:
    """A page of alerts with their evidence, names for the people concerned; a CONSULTATION.

    Only the practice lead reviews alerts (``REVIEW_ALERTS``). The audit event names the people
    the page shows (ids only), never the summaries.
    """
    require(user, Permission.REVIEW_ALERTS)
    scope = person_scope(ctx, user)
    store = _store(ctx)
    latest = AnalysisRunStore(ctx.driver, database=ctx.database).latest()
    run_id = latest.run_id if (latest is not None and latest_run_only) else None
    size = max(1, min(page_size, MAX_PAGE_SIZE))
    counts: dict[str, dict[str, int]] = {}
    for r in store.alert_counts(run_id=run_id):
        counts.setdefault(str(r["kind"]), {})[str(r["status"])] = int(r["alerts"])
    wanted_kinds = list(kinds) if kinds else None
    wanted_statuses = list(statuses) if statuses else None
    total = sum(
        n
        for kind, by_status in counts.items()
        if wanted_kinds is None or kind in wanted_kinds
        for status, n in by_status.items()
        if wanted_statuses is None or status in wanted_statuses
    )
    pages = max(1, -(-total // size))
    number = max(1, min(page, pages))
    if latest is None:
        rows: list[dict[str, Any]] = []
    else:
        rows = store.alerts(
            kinds=wanted_kinds,
            statuses=wanted_statuses,
            run_id=run_id,
            skip=(number - 1) * size,
            limit=size,
        )
    # Summaries may name people besides the subjects (e.g. the members a newcomer links to).
    mentioned = {m for r in rows for m in _PERSON_ID.findall(str(r.get("summary") or ""))}
    subject_ids = sorted({str(s) for r in rows for s in r.get("subject_ids") or []} | mentioned)
    people = {p: row for p, row in store.people(subject_ids).items() if scope.covers(p)}
    shown_ids = {
        str(r["alert_id"]): [str(i) for i in (r.get("evidence_ids") or [])][:EVIDENCE_SHOWN]
        for r in rows
    }
    details = {
        d.record_id: d
        for d in visible_records(
            ctx, user, scope, sorted({i for ids in shown_ids.values() for i in ids})
        )
    }
    items = [
        _view(r, people, [details[i] for i in shown_ids[str(r["alert_id"])] if i in details])
        for r in rows
    ]
    named = {p.person_id for item in items for d in item.evidence for p in d.people}
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"listed {len(items)} analysis alerts for review (page {number})",
        records=[*(i.alert_id for i in items), *people, *named],
    )
    return AlertPage(
        run=run_info(latest.props) if latest is not None else None,
        items=items,
        total=total,
        page=number,
        page_size=size,
        counts=counts,
    )


def review_alert(
    ctx: ServiceContext,
    user: User,
    alert_id: str,
    *,
    decision: Literal["confirmed", "dismissed"],
    note: str,
    now: datetime | None = None,
) -> AlertReview:
    """Confirm or dismiss an open alert with a required note; the reviewer becomes its owner.

    Recorded as an ALTERATION (the note is the justification). The decision stays with the
    alert when later runs detect it again. It never changes a risk level.

    Raises
    ------
    ValidationFailed
        A decision other than confirmed/dismissed, a missing or too short note, or an alert
        that someone has already reviewed.
    NotFound
        No such alert.
    """
    require(user, Permission.REVIEW_ALERTS)
    if decision not in ("confirmed", "dismissed"):
        raise ValidationFailed("the decision is confirmed or dismissed")
    text = " ".join((note or "").split())
    if len(text) < MIN_NOTE:
        raise ValidationFailed(
            f"write a note saying why (at least {MIN_NOTE} characters): it is kept with the alert"
        )
    if len(text) > MAX_NOTE:
        raise ValidationFailed(f"the note is limited to {MAX_NOTE} characters")
    store = _store(ctx)
    moment = now or datetime.now(UTC)
    row = store.review_alert(alert_id, status=decision, owner=user.username, note=text, now=moment)
    if row is None:
        current = store.alert(alert_id)
        if current is None:
            raise NotFound(f"no alert {alert_id}")
        raise ValidationFailed(
            f"this alert was already {current.get('status')} by {current.get('owner') or 'someone'}"
        )
    people = [str(s) for s in row.get("subject_ids") or [] if str(s).startswith("P-")]
    ctx.audit.record(
        user,
        AuditAction.ALTERATION,
        f"alert {alert_id} ({row.get('kind')}) {decision}",
        records=[alert_id, *people],
        justification=text,
    )
    return AlertReview(
        alert_id=alert_id, status=decision, owner=user.username, note=text, reviewed_at=moment
    )
