"""Which records a user may see: role, operation cohort, and handling-code C conditions."""

from __future__ import annotations

import re
from dataclasses import dataclass

import neo4j

from cseboard.access.audit import AuditLog
from cseboard.access.policy import Permission, require
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.models.users import AuditAction, Role, User
from cseboard.store.operations import OperationStore

__all__ = [
    "PersonScope",
    "agencies_named",
    "may_see_item",
    "person_scope",
    "require_person",
    "restricted_notice",
]

# Words partners use for agencies in handling conditions, mapped to agency codes.
_ALIASES = {
    "csc": "childrens_social_care",
    "social_care": "childrens_social_care",
    "childrens_services": "childrens_social_care",
    "yos": "youth_offending",
    "yot": "youth_offending",
    "school": "education",
    "schools": "education",
    "nhs": "health",
    "police_only": "police",
}


def _normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower().replace("'", ""))


def agencies_named(conditions: str | None, known: set[str]) -> set[str]:
    """Agency codes a handling condition names, e.g. "police; children's social care only".

    Examples
    --------
    >>> known = {"police", "childrens_social_care", "health"}
    >>> sorted(agencies_named("Police and children's social care only", known))
    ['childrens_social_care', 'police']
    """
    if not conditions:
        return set()
    text = f"_{_normalise(conditions)}_"
    named = {code for code in known if f"_{code}_" in text}
    named |= {code for alias, code in _ALIASES.items() if f"_{alias}_" in text}
    return named


def may_see_item(
    user: User,
    *,
    holder: str,
    handling_code: str | None,
    conditions: str | None,
    known_agencies: set[str],
) -> bool:
    """P items: everyone allowed the record. C items: the holder and the agencies named only.

    The practice lead has full access to the partnership's intelligence, every access audited.
    """
    if handling_code != "C" or user.has(Role.PRACTICE_LEAD):
        return True
    if user.agency is None:
        return False
    return user.agency == holder or user.agency in agencies_named(conditions, known_agencies)


def restricted_notice(holder: str, contact: str | None = None) -> str:
    """What a user sees instead of a C item they may not read."""
    who = contact or f"the {holder.replace('_', ' ')} single point of contact"
    return (
        f"{holder.replace('_', ' ').title()} holds restricted information here. "
        f"Ask {who} if you need it."
    )


@dataclass(frozen=True)
class PersonScope:
    """``None`` people means no restriction (practice lead)."""

    people: frozenset[str] | None
    cohort: frozenset[str]

    def covers(self, person_id: str) -> bool:
        return self.people is None or person_id in self.people


def person_scope(driver: neo4j.Driver, user: User, *, database: str | None = None) -> PersonScope:
    """The people a user may see; refuses roles with no casework view at all."""
    require(user, Permission.VIEW_PERSON)
    if user.has(Role.PRACTICE_LEAD):
        return PersonScope(None, frozenset())
    scope = OperationStore(driver, database=database).scope(sorted(user.operations))
    return PersonScope(frozenset(scope), frozenset(p for p, c in scope.items() if c))


def require_person(
    driver: neo4j.Driver,
    user: User,
    person_id: str,
    *,
    purpose: str | None,
    database: str | None = None,
) -> PersonScope:
    """Check that the user may consult this person, and audit the consultation or the refusal.

    Raises
    ------
    ValidationFailed
        Without a stated purpose (asked at the first view of a person in a session).
    AccessDenied
        Outside the user's role or cohort; the refusal is audited too.
    """
    audit = AuditLog(driver, database=database)
    try:
        scope = person_scope(driver, user, database=database)
    except AccessDenied:
        audit.record(user, AuditAction.REFUSAL, "person record refused: role", records=[person_id])
        raise
    if not scope.covers(person_id):
        audit.record(
            user,
            AuditAction.REFUSAL,
            "person record refused: outside the user's cohorts",
            records=[person_id],
            justification=purpose,
        )
        raise AccessDenied("this person is outside your operation's cohort")
    if not purpose or not purpose.strip():
        raise ValidationFailed("say why you are viewing this record (purpose)")
    audit.record(
        user,
        AuditAction.CONSULTATION,
        "viewed person record",
        records=[person_id],
        justification=purpose.strip(),
    )
    return scope
