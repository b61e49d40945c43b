"""Naming who is responsible: an operation's lead practitioner, each child's lead professional.

The practice lead names an operation's lead practitioner (a user of the board who works on
that operation); the operational group (or the practice lead) names each young person's lead
professional. A change ends the current assignment and starts a new one, both dated, and is
an ALTERATION on the audit trail.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from cseboard.access.accounts import user_from_row
from cseboard.access.policy import Permission
from cseboard.errors import NotFound, ValidationFailed
from cseboard.models.exchange import normalise_agency
from cseboard.models.leads import (
    LeadAssignment,
    LeadPractitioner,
    LeadProfessional,
    OperationLeads,
)
from cseboard.models.users import AuditAction, Role, User
from cseboard.models.values import parse_text
from cseboard.services.context import ServiceContext
from cseboard.services.operations import meeting_store, require_operation
from cseboard.store.leads import LeadStore
from cseboard.store.users import UserStore

__all__ = [
    "leads_of",
    "leads_store",
    "operation_leads",
    "set_lead_practitioner",
    "set_lead_professional",
]


def leads_store(ctx: ServiceContext) -> LeadStore:
    return LeadStore(ctx.driver, database=ctx.database)


def leads_of(rows: Iterable[dict[str, Any]], operation_id: str) -> OperationLeads:
    """An operation's leads from its assignment rows (current ones have no ``until``)."""
    practitioner = None
    professionals: dict[str, LeadProfessional] = {}
    history = []
    for r in rows:
        if r["operation_id"] != operation_id:
            continue
        kind = r["kind"]
        who = str(r.get("username") if kind == "lead_practitioner" else r.get("name"))
        history.append(
            LeadAssignment(
                assignment_id=str(r["assignment_id"]),
                kind=kind,
                operation_id=operation_id,
                person_id=r.get("person_id"),
                who=who,
                agency=r.get("agency"),
                contact=r.get("contact"),
                since=r["since"],
                set_by=str(r["set_by"]),
                until=r.get("until"),
                ended_by=r.get("ended_by"),
            )
        )
        if r.get("until") is not None:
            continue
        if kind == "lead_practitioner" and practitioner is None:
            practitioner = LeadPractitioner(
                username=who,
                display_name=str(r.get("display_name") or who),
                since=r["since"],
                set_by=str(r["set_by"]),
            )
        elif kind == "lead_professional" and r.get("person_id") not in professionals:
            professionals[str(r["person_id"])] = LeadProfessional(
                name=who,
                agency=str(r.get("agency") or ""),
                contact=str(r.get("contact") or ""),
                since=r["since"],
                set_by=str(r["set_by"]),
            )
    history.sort(key=lambda a: (a.since, a.assignment_id), reverse=True)
    return OperationLeads(
        operation_id=operation_id,
        lead_practitioner=practitioner,
        professionals=professionals,
        history=history,
    )


def operation_leads(ctx: ServiceContext, user: User, operation_id: str) -> OperationLeads:
    """The operation's lead practitioner, its young people's lead professionals, the history."""
    require_operation(ctx, user, operation_id)
    return leads_of(leads_store(ctx).assignments([operation_id], history=True), operation_id)


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def set_lead_practitioner(
    ctx: ServiceContext,
    user: User,
    operation_id: str,
    username: str,
    *,
    now: datetime | None = None,
) -> OperationLeads:
    """Name the operation's lead practitioner (the practice lead's decision).

    Raises
    ------
    AccessDenied
        Unless the user is the practice lead (audited).
    ValidationFailed
        When the account does not exist, is disabled, or does not work on this operation
        (an operational user bound to it, or a practice lead).
    """
    require_operation(ctx, user, operation_id, permission=Permission.SET_LEAD_PRACTITIONER)
    name = username.strip().lower()
    row = UserStore(ctx.driver, database=ctx.database).get(name)
    if row is None or row.get("disabled"):
        raise ValidationFailed(f"lead practitioner: no active user named {name!r}")
    lead = user_from_row(row)
    works_on = lead.has(Role.PRACTICE_LEAD) or (
        lead.has(Role.OPERATIONAL) and operation_id in lead.operations
    )
    if not works_on:
        raise ValidationFailed(
            f"lead practitioner: {name} is not a member of this operation's group"
        )
    leads_store(ctx).assign(
        assignment_id=f"LA-{uuid.uuid4().hex[:16]}",
        kind="lead_practitioner",
        operation_id=operation_id,
        person_id=None,
        username=name,
        name=None,
        agency=lead.agency,
        contact=None,
        by=user.username,
        now=_now(now),
    )
    ctx.audit.record(
        user,
        AuditAction.ALTERATION,
        f"lead practitioner of operation {operation_id} set",
        records=[operation_id, f"user/{name}"],
    )
    return operation_leads(ctx, user, operation_id)


def _field(value: str, what: str, limit: int = 200) -> str:
    try:
        cleaned = parse_text(value or "", max_length=limit)
    except ValueError as e:
        raise ValidationFailed(f"{what}: {e}") from e
    if not cleaned:
        raise ValidationFailed(f"{what} is required")
    return cleaned


def set_lead_professional(
    ctx: ServiceContext,
    user: User,
    operation_id: str,
    person_id: str,
    *,
    name: str,
    agency: str,
    contact: str,
    now: datetime | None = None,
) -> OperationLeads:
    """Name a young person's lead professional (name, agency, how to contact them).

    Raises
    ------
    AccessDenied
        For anyone who may not run this operation's meeting (audited).
    ValidationFailed
        For a person who is not a young person of the cohort, or a missing field.
    """
    require_operation(ctx, user, operation_id)
    cohort = {str(r["person_id"]): r for r in meeting_store(ctx).cohort(operation_id)}
    member = cohort.get(person_id)
    if member is None:
        raise NotFound(f"{person_id} is not in the cohort of {operation_id}")
    if member.get("role") != "young_person":
        raise ValidationFailed("a lead professional is named for a young person of the cohort")
    try:
        agency_code = normalise_agency(_field(agency, "agency", 60).replace("'", ""))
    except ValueError as e:
        raise ValidationFailed(f"agency: {e}") from e
    leads_store(ctx).assign(
        assignment_id=f"LA-{uuid.uuid4().hex[:16]}",
        kind="lead_professional",
        operation_id=operation_id,
        person_id=person_id,
        username=None,
        name=_field(name, "name"),
        agency=agency_code,
        contact=_field(contact, "contact"),
        by=user.username,
        now=_now(now),
    )
    ctx.audit.record(
        user,
        AuditAction.ALTERATION,
        f"lead professional named for a young person of operation {operation_id}",
        records=[operation_id, person_id],
    )
    return operation_leads(ctx, user, operation_id)
