"""What each role may do: the one permission table.

Services call ``require`` before every use case; the board's menu shows a page when
``allowed(user, page.permission)`` (``board/navigation.py``), so both read this table.
"""

from __future__ import annotations

from enum import StrEnum

from cseboard.errors import AccessDenied
from cseboard.models.users import Role, User

__all__ = ["Permission", "allowed", "require"]


class Permission(StrEnum):
    """One use case (or group of use cases) a role may be granted; each board page needs one."""

    VIEW_LOADED_DATA = "view_loaded_data"
    VIEW_PERSON = "view_person"
    VIEW_NETWORK = "view_network"
    VIEW_CLUSTERS = "view_clusters"
    VIEW_PLACES = "view_places"
    REVIEW_INTELLIGENCE = "review_intelligence"
    ADD_INTELLIGENCE = "add_intelligence"
    IMPORT_FILES = "import_files"
    SET_RISK_LEVEL = "set_risk_level"
    REVIEW_ALERTS = "review_alerts"
    RESOLVE_PEOPLE = "resolve_people"
    RUN_ANALYSIS = "run_analysis"
    RUN_MEETING = "run_meeting"
    EXPORT_MEETING_PACK = "export_meeting_pack"
    VIEW_OVERSIGHT = "view_oversight"
    EXPORT_STRATEGIC_REPORT = "export_strategic_report"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    RETENTION = "retention"
    REDACT_TEXT = "redact_text"
    VIEW_PLAN = "view_plan"
    MANAGE_PLAN = "manage_plan"
    DECIDE_PLAN = "decide_plan"
    SET_LEAD_PRACTITIONER = "set_lead_practitioner"
    VIEW_DUE = "view_due"


_GRANTS: dict[Role, frozenset[Permission]] = {
    # The practice lead maintains the strategy's action plan; the board's decision on an action
    # is the strategic board's own to record.
    Role.PRACTICE_LEAD: frozenset(Permission)
    - {Permission.MANAGE_USERS, Permission.VIEW_AUDIT, Permission.DECIDE_PLAN},
    Role.OPERATIONAL: frozenset(
        {
            Permission.VIEW_PERSON,
            Permission.VIEW_NETWORK,
            Permission.RUN_MEETING,
            Permission.EXPORT_MEETING_PACK,
            Permission.VIEW_DUE,
        }
    ),
    Role.STRATEGIC: frozenset(
        {
            Permission.VIEW_LOADED_DATA,
            Permission.VIEW_OVERSIGHT,
            Permission.EXPORT_STRATEGIC_REPORT,
            Permission.VIEW_PLAN,
            Permission.DECIDE_PLAN,
        }
    ),
    Role.ADMIN: frozenset(
        {
            Permission.VIEW_LOADED_DATA,
            Permission.MANAGE_USERS,
            Permission.VIEW_AUDIT,
            Permission.RETENTION,
        }
    ),
}


def allowed(user: User, permission: Permission) -> bool:
    """True when any of the user's roles grants the permission."""
    return any(permission in _GRANTS[role] for role in user.roles)


def require(user: User, permission: Permission) -> None:
    """Raise ``AccessDenied`` naming the permission when no role of the user grants it."""
    if not allowed(user, permission):
        roles = ", ".join(sorted(r.value for r in user.roles)) or "no role"
        raise AccessDenied(
            f"{user.username} ({roles}) may not {permission.value.replace('_', ' ')}"
        )
