"""The practice lead's intelligence inbox: unreviewed partner reports, filtered; reviewing them."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any

from cseboard.access.policy import Permission, require
from cseboard.access.scope import PersonScope, may_see_item, restricted_notice
from cseboard.errors import ValidationFailed
from cseboard.models.casework import InboxPage, IntelItem, PersonRef, PlaceRef, ReviewResult
from cseboard.models.codes import IntelligenceCategory
from cseboard.models.users import AuditAction, User
from cseboard.services.context import ServiceContext
from cseboard.services.inbox_facets import FACET_KEYS, facet_labels, triage_inputs
from cseboard.store.casework import CaseworkStore

__all__ = ["MAX_PAGE_SIZE", "MIN_GRADINGS", "inbox", "intel_item", "mark_reviewed"]

MAX_PAGE_SIZE = 100
MIN_GRADINGS: tuple[str, ...] = tuple(f"{s}{a}" for s in "123" for a in "ABCDE")
"""Choices of the minimum-grading filter, strongest first (``2C``: source 1-2, A-C)."""
_MIN_GRADING = re.compile(r"^([123])([A-E])$")


def _people(rows: list[dict[str, Any]], scope: PersonScope | None) -> tuple[list[PersonRef], int]:
    """People named, once each, and how many of them the user's scope hides."""
    seen: dict[str, PersonRef] = {}
    hidden: set[str] = set()
    for row in rows:
        pid = row["person_id"]
        if scope is not None and not scope.covers(pid):
            hidden.add(pid)
        elif pid not in seen:
            seen[pid] = PersonRef(**row)
    return sorted(seen.values(), key=lambda p: (p.label.lower(), p.person_id)), len(hidden)


def intel_item(
    row: dict[str, Any],
    user: User,
    *,
    contacts: dict[str, str],
    scope: PersonScope | None = None,
) -> IntelItem:
    """A report row as ``user`` may see it: whole, or only "ask the holder" when restricted.

    Shared by the inbox and the profile so both apply handling code C the same way
    (``may_see_item``); people outside an operational user's scope are counted, not named.
    """
    holder = row["agency"]
    base = {
        "intel_id": row["intel_id"],
        "agency": holder,
        "source_ref": row["source_ref"],
        "reported_at": row["reported_at"],
        "handling_code": row.get("handling_code") or "P",
        "reviewed_at": row.get("reviewed_at"),
        "reviewed_by": row.get("reviewed_by"),
    }
    visible = may_see_item(
        user,
        holder=holder,
        handling_code=row.get("handling_code"),
        conditions=row.get("handling_conditions"),
    )
    if not visible:
        return IntelItem(
            **base, restricted=True, notice=restricted_notice(holder, contacts.get(holder))
        )
    people, hidden = _people(row.get("people") or [], scope)
    places = {p["location_id"]: PlaceRef(**p) for p in row.get("places") or []}
    return IntelItem(
        **base,
        category=row.get("category"),
        grading=row.get("grading"),
        legacy_grading=row.get("legacy_grading"),
        builds_links=row.get("intelligence_assessment") != "E",
        summary=row.get("summary"),
        people=people,
        places=sorted(places.values(), key=lambda p: (p.label.lower(), p.location_id)),
        vehicles=sorted(row.get("vehicles") or []),
        phones=sorted(row.get("phones") or []),
        accounts=sorted(row.get("accounts") or []),
        hidden_people=hidden,
        facets=list(row.get("facets") or []),
    )


def _filters(
    agencies: Collection[str] | None,
    categories: Collection[str] | None,
    min_grading: str | None,
    include_reviewed: bool,
) -> dict[str, Any]:
    minimum = None
    if min_grading:
        minimum = _MIN_GRADING.match(min_grading.strip().upper())
        if minimum is None:
            raise ValidationFailed(
                f"minimum grading {min_grading!r} is not like 2C (source 1-3, assessment A-E)"
            )
    return {
        "agencies": sorted(agencies) if agencies else None,
        "categories": sorted(categories) if categories else None,
        "min_source": minimum.group(1) if minimum else None,
        "min_assessment": minimum.group(2) if minimum else None,
        "include_reviewed": include_reviewed,
    }


def inbox(
    ctx: ServiceContext,
    user: User,
    *,
    agencies: Collection[str] | None = None,
    categories: Collection[str] | None = None,
    min_grading: str | None = None,
    include_reviewed: bool = False,
    facets: Collection[str] | None = None,
    page: int = 1,
    page_size: int = 25,
) -> InboxPage:
    """Reports not yet reviewed (``reviewed_at`` unset), newest first, one page at a time.

    Triage of new partner intelligence is the practice lead's job, so other roles are refused. Empty
    filters mean "all"; ``min_grading`` like ``2C`` keeps reports graded at least that well.
    ``facets`` keeps reports with every facet named (``services/inbox_facets.py``);
    ``facet_counts`` says, for the reports matching the other filters, how many have each.
    Listing P reports is not audited as a consultation of anyone (opening a profile is), but a
    page showing handling-code C content is: one CONSULTATION names those reports and people.
    """
    require(user, Permission.REVIEW_INTELLIGENCE)
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValidationFailed(f"page size must be 1-{MAX_PAGE_SIZE}")
    unknown = sorted(set(facets or ()) - set(FACET_KEYS))
    if unknown:
        raise ValidationFailed(f"facets: no facet {', '.join(unknown)}")
    store = CaseworkStore(ctx.driver, database=ctx.database)
    triage = triage_inputs(ctx)
    base = {**_filters(agencies, categories, min_grading, include_reviewed), **triage.params()}
    found = store.inbox_facet_counts(**base)
    counts = {k: found.get(k, 0) for k in FACET_KEYS}
    # The facet with the fewest reports gives the candidates; the others are checked on them.
    chosen = sorted(set(facets or ()), key=lambda f: (counts[f], f))
    filters = {**base, "first": chosen[0] if chosen else None, "rest": chosen[1:]}
    total = store.inbox_count(**filters)
    pages = max(1, -(-total // page_size))
    page = min(max(page, 1), pages)
    known = store.agencies()
    contacts = ctx.settings.agency_contacts
    rows = store.inbox(skip=(page - 1) * page_size, limit=page_size, **filters)
    items = [intel_item(r, user, contacts=contacts) for r in rows]
    restricted = [i for i in items if i.handling_code == "C" and not i.restricted]
    if restricted:
        # Handling-code C content shown in full is a consultation of restricted information.
        ctx.audit.record(
            user,
            AuditAction.CONSULTATION,
            f"read {len(restricted)} restricted (handling code C) report(s) in the inbox",
            records=[
                *(i.intel_id for i in restricted),
                *(p.person_id for i in restricted for p in i.people),
            ],
        )
    return InboxPage(
        items=items,
        total=total,
        page=page,
        page_size=page_size,
        pages=pages,
        agencies=known,
        categories=[c.value for c in IntelligenceCategory],
        facets=facet_labels(triage.threshold),
        facet_counts=counts,
        facets_run=triage.run_id,
        facets_run_at=triage.run_at,
    )


def mark_reviewed(ctx: ServiceContext, user: User, intel_ids: Sequence[str]) -> ReviewResult:
    """Record that the practice lead has reviewed these reports (one ALTERATION event).

    Reviewing again changes nothing: the first review's time and reviewer are kept, so the
    inbox's "since the last review" stays truthful.
    """
    require(user, Permission.REVIEW_INTELLIGENCE)
    wanted = sorted({i for i in intel_ids if i})
    if not wanted:
        raise ValidationFailed("choose at least one report to mark reviewed")
    store = CaseworkStore(ctx.driver, database=ctx.database)
    reviewed = sorted(store.mark_reviewed(wanted, by=user.username, now=datetime.now(UTC)))
    if reviewed:
        ctx.audit.record(
            user,
            AuditAction.ALTERATION,
            f"marked {len(reviewed)} intelligence report(s) reviewed",
            records=reviewed,
        )
    return ReviewResult(reviewed=reviewed, unchanged=[i for i in wanted if i not in reviewed])
