"""Users, roles and audit events: who may do what, and the record of what they did."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from cseboard.models.base import FrozenModel

__all__ = ["AccountState", "AuditAction", "AuditEvent", "Role", "User"]


class Role(StrEnum):
    """The board's roles; what each may do is ``access.policy``'s table.

    Operational users are bound to operations and one agency; strategic users see aggregates
    and pseudonyms only; admin alone gives no casework views.
    """

    PRACTICE_LEAD = "practice_lead"
    OPERATIONAL = "operational"
    STRATEGIC = "strategic"
    ADMIN = "admin"


class User(FrozenModel):
    """An authenticated user as services see them (never carries the password hash).

    Attributes
    ----------
    username: login name.
    display_name: shown in the board and in audit events.
    roles: one or more roles; admin alone gives no casework views.
    agency: the user's agency code (decides which handling-code C items they may see).
    operations: operation ids an operational user works on.
    """

    username: str
    display_name: str
    roles: frozenset[Role]
    agency: str | None = None
    operations: frozenset[str] = Field(default_factory=frozenset)

    def has(self, role: Role) -> bool:
        return role in self.roles


class AccountState(FrozenModel):
    """An account as a signed-in session re-reads it on every page run.

    Attributes
    ----------
    user: the user the account stands for now (roles, agency, operations).
    disabled: an administrator disabled it; its sessions end at once.
    version: changes on every edit of the account (roles, operations, password, disabling).
    source: ``local`` (password in the board) or ``oidc`` (signed in through the identity
        provider, whose claims give the roles).
    """

    user: User
    disabled: bool = False
    version: int = 0
    source: str = "local"


class AuditAction(StrEnum):
    """DPA 2018 s62 logging categories."""

    COLLECTION = "collection"
    ALTERATION = "alteration"
    CONSULTATION = "consultation"
    DISCLOSURE = "disclosure"
    COMBINATION = "combination"
    ERASURE = "erasure"
    REFUSAL = "refusal"
    LOGIN = "login"


class AuditEvent(FrozenModel):
    """One append-only audit event, chained to the one before it by hash.

    Attributes
    ----------
    seq: position in the chain (1, 2, ...).
    at: when (UTC).
    username: who.
    action: what kind of processing (s62 category).
    what: what was done, in words.
    records: ids of the records concerned.
    justification: the purpose the user gave.
    recipients: who received a disclosure.
    prev_hash, hash: the chain.
    alg: ``hmac-sha256`` for keyed events; ``None`` for events written before the chain was
        keyed (plain SHA-256).
    """

    event_id: str
    seq: int
    at: datetime
    username: str
    action: AuditAction
    what: str
    records: list[str] = Field(default_factory=list)
    justification: str | None = None
    recipients: list[str] = Field(default_factory=list)
    prev_hash: str
    hash: str
    alg: str | None = None
