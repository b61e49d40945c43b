"""Which records a user may see: handling-code C conditions, and the shape of a person scope.

Who is in an operational user's person scope is worked out in ``services.scope`` (it needs the
person graph the user may see); this module holds the rules that need no store.
"""

from __future__ import annotations

from dataclasses import dataclass

from cseboard.models.handling import allowed_agencies
from cseboard.models.users import Role, User

__all__ = ["PersonScope", "may_see_item", "restricted_notice"]


def may_see_item(
    user: User,
    *,
    holder: str,
    handling_code: str | None,
    conditions: str | None,
) -> bool:
    """P items: everyone allowed the record. C items: the holder and the agencies listed only.

    ``conditions`` is read by ``models.handling.parse_conditions`` (the one reader of handling
    conditions), also for conditions stored before they were structured: wording that is not a
    ``share_with:`` list grants nobody but the holder. The practice lead has full access to the
    partnership's intelligence, every access audited.
    """
    if handling_code != "C" or user.has(Role.PRACTICE_LEAD):
        return True
    if user.agency is None:
        return False
    return user.agency in allowed_agencies(holder, conditions)


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
