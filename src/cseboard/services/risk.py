"""Risk levels set by a person with a written rationale, kept with their history (no scores)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from cseboard.access.policy import Permission, require
from cseboard.errors import NotFound, ValidationFailed
from cseboard.models.casework import RiskEntry
from cseboard.models.users import AuditAction, User
from cseboard.services.context import ServiceContext
from cseboard.store.casework import CaseworkStore

__all__ = ["MIN_RATIONALE", "risk_history", "set_risk_level"]

MIN_RATIONALE = 20
"""Characters a rationale needs at least: a level without its reasons cannot be reviewed."""


def risk_history(
    store: CaseworkStore, person_id: str, identity: dict[str, Any] | None = None
) -> list[RiskEntry]:
    """Assessments newest first, then the level the person had before any of them (seeded by a
    partner record at import), so the first "old value" is never lost.

    Callers check access first: this is a building block of the profile, not a use case.
    """
    entries = [RiskEntry(**row) for row in store.risk_history(person_id)]
    identity = identity if identity is not None else store.identity(person_id)
    if identity is None:
        return entries
    person = identity["person"]
    first_level = entries[-1].previous_level if entries else person.get("risk_level")
    if first_level is None:
        return entries
    records = identity.get("records") or []
    seeded_from = person.get("risk_level_source")
    record = next((r for r in records if r.get("record_key") == seeded_from), None) or next(
        (r for r in records if r.get("risk_level") == first_level), None
    )
    if record is None:
        rationale = "Level recorded before the first assessment on the board"
    else:
        rationale = (
            f"Level given by the {record['agency'].replace('_', ' ')} record "
            f"{record['source_ref']} when it was imported"
        )
    entries.append(
        RiskEntry(
            assessment_id=None,
            assessed_at=record.get("imported_at") if record else None,
            level=first_level,
            rationale=rationale,
            agency=record.get("agency") if record else None,
            source="partner_record",
        )
    )
    return entries


def set_risk_level(
    ctx: ServiceContext, user: User, person_id: str, *, level: str, rationale: str
) -> RiskEntry:
    """Set a person's current risk level with the practitioner's written reasons.

    A person, never the board, decides a child's risk level (there is no automated score), so
    the rationale is required and kept; the previous level stays in the history. One
    ALTERATION audit event names the person and the assessment.

    Raises
    ------
    AccessDenied
        Without ``SET_RISK_LEVEL`` (the practice lead's).
    ValidationFailed
        For a level the partnership does not use, a rationale under ``MIN_RATIONALE``
        characters, or a person recorded as an adult or peer of concern (the level is a
        young person's risk of exploitation, not a label for an adult).
    NotFound
        When there is no such person.
    """
    require(user, Permission.SET_RISK_LEVEL)
    levels = list(ctx.settings.risk_levels)
    if level not in levels:
        raise ValidationFailed(f"risk level must be one of {', '.join(levels)}")
    reasons = (rationale or "").strip()
    if len(reasons) < MIN_RATIONALE:
        raise ValidationFailed(
            f"write the rationale for this level (at least {MIN_RATIONALE} characters)"
        )
    store = CaseworkStore(ctx.driver, database=ctx.database)
    identity = store.identity(person_id)
    if identity is None:
        raise NotFound(f"no person {person_id}")
    if identity["role"] == "associate":
        raise ValidationFailed(
            "risk levels are set for young people; this person is recorded as an adult or "
            "peer of concern"
        )
    assessment_id = f"RA-{uuid.uuid4()}"
    now = datetime.now(UTC)
    found, previous = store.set_risk_level(
        person_id=person_id,
        assessment_id=assessment_id,
        level=level,
        rationale=reasons,
        by=user.username,
        agency=user.agency,
        now=now,
    )
    if not found:
        raise NotFound(f"no person {person_id}")
    ctx.audit.record(
        user,
        AuditAction.ALTERATION,
        f"risk level set from {previous or 'not set'} to {level}",
        records=[person_id, assessment_id],
        justification="rationale recorded on the risk assessment",
    )
    return RiskEntry(
        assessment_id=assessment_id,
        assessed_at=now,
        level=level,
        previous_level=previous,
        rationale=reasons,
        by=user.username,
        agency=user.agency,
    )
