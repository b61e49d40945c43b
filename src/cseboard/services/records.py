"""The records behind a link or an alert, as a user may see them: restricted ones as notices."""

from __future__ import annotations

from typing import Any

from cseboard.access.policy import Permission, require
from cseboard.access.scope import PersonScope, may_see_item, restricted_notice
from cseboard.models.network import PersonOption, RecordDetail
from cseboard.models.users import AuditAction, User
from cseboard.services.context import ServiceContext
from cseboard.services.scope import person_scope
from cseboard.store.network import NetworkStore

__all__ = ["person_label", "record_details", "visible_records"]


def person_label(person_id: str, row: dict[str, Any] | None) -> str:
    """A person's display name, or their id when none is recorded."""
    name = (row or {}).get("display_name") or (row or {}).get("label")
    return str(name) if name else person_id


def visible_records(
    ctx: ServiceContext, user: User, scope: PersonScope, record_ids: list[str]
) -> list[RecordDetail]:
    """The records, in the order given, as this user may see them (no audit: callers do).

    A handling-code C report the user's agency may not read shows only its holder and whom to
    ask; people named outside an operational user's scope are counted, not named.
    """
    store = NetworkStore(ctx.driver, database=ctx.database)
    rows = store.records(record_ids)
    names = store.people(sorted({p for r in rows.values() for p in r.get("person_ids") or []}))
    details: list[RecordDetail] = []
    for rid in dict.fromkeys(record_ids):
        row = rows.get(rid)
        if row is None:
            details.append(RecordDetail(record_id=rid, type="unknown"))
            continue
        holder = str(row.get("agency") or "")
        if row["type"] == "intelligence" and not may_see_item(
            user,
            holder=holder,
            handling_code=row.get("handling_code"),
            conditions=row.get("handling_conditions"),
        ):
            details.append(
                RecordDetail(
                    record_id=rid,
                    type="intelligence",
                    agency=holder,
                    restricted=True,
                    notice=restricted_notice(holder, ctx.settings.agency_contacts.get(holder)),
                )
            )
            continue
        named = list(dict.fromkeys(row.get("person_ids") or []))
        people = [
            PersonOption(
                person_id=p,
                label=person_label(p, names.get(p)),
                role=(names.get(p) or {}).get("role"),
                risk_level=(names.get(p) or {}).get("risk_level"),
            )
            for p in named
            if scope.covers(p)
        ]
        details.append(
            RecordDetail(
                record_id=rid,
                type=row["type"],
                agency=holder or None,
                at=row.get("at"),
                returned_at=row.get("returned_at"),
                grading=row.get("grading"),
                category=row.get("category"),
                people=sorted(people, key=lambda p: p.label.lower()),
                hidden_people=len(named) - len(people),
            )
        )
    return details


def record_details(
    ctx: ServiceContext, user: User, record_ids: list[str], *, limit: int = 200
) -> list[RecordDetail]:
    """The reports and episodes behind a link, with gradings and dates; a CONSULTATION.

    The event names the records and the people they name (ids only).
    """
    require(user, Permission.VIEW_NETWORK)
    scope = person_scope(ctx, user)
    ids = list(dict.fromkeys(record_ids))[: max(1, min(limit, 1000))]
    details = visible_records(ctx, user, scope, ids)
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"viewed the {len(details)} records behind a network link",
        records=[*ids, *(p.person_id for d in details for p in d.people)],
    )
    return details
