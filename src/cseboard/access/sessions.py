"""When a signed-in board session goes on, narrows or ends: the rules, without Streamlit.

Every page run re-reads the account (``AccountState``) and, with the identity provider, the
claims; ``check_session`` then decides. The board applies the verdict (``board/session.py``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from cseboard.models.base import FrozenModel
from cseboard.models.users import AccountState, User

__all__ = ["SessionState", "Verdict", "check_session"]


class SessionState(FrozenModel):
    """What a board session keeps about its sign-in.

    Attributes
    ----------
    user: the user as the session last confirmed them.
    source: ``local`` or ``oidc``.
    version: the account's version when the session last confirmed it.
    signed_in_at: wall-clock seconds (epoch) of the sign-in; the absolute lifetime counts
        from here, whatever the activity.
    last_active: wall-clock seconds of the last page run; the idle time-out counts from here.
    """

    user: User
    source: Literal["local", "oidc"] = "local"
    version: int = 0
    signed_in_at: float
    last_active: float


class Verdict(FrozenModel):
    """``keep`` (same user), ``narrow`` (go on as ``user``, caches dropped) or ``end``."""

    action: Literal["keep", "narrow", "end"]
    user: User | None = None
    version: int = 0
    reason: str = Field(default="")


def check_session(
    state: SessionState,
    account: AccountState | None,
    *,
    now: float,
    idle_minutes: float,
    max_hours: float,
    claims: User | None = None,
) -> Verdict:
    """Decide what happens to a session at this page run.

    Parameters
    ----------
    state:
        What the session holds.
    account:
        The account as stored now (``None``: it no longer exists).
    now:
        Wall-clock seconds.
    idle_minutes, max_hours:
        The idle time-out and the absolute session lifetime.
    claims:
        For an identity-provider session, the user its claims give at this run (``None``: the
        provider no longer says anyone is signed in). Ignored for local accounts.

    Examples
    --------
    >>> u = User(username="a", display_name="a", roles=frozenset())
    >>> s = SessionState(user=u, version=1, signed_in_at=0, last_active=0)
    >>> check_session(s, AccountState(user=u, version=1), now=60, idle_minutes=30,
    ...               max_hours=10).action
    'keep'
    >>> check_session(s, AccountState(user=u, version=1, disabled=True), now=60,
    ...               idle_minutes=30, max_hours=10).reason
    'this account has been disabled'
    """
    if now - state.signed_in_at > max_hours * 3600:
        return Verdict(action="end", reason="the session reached its maximum length")
    if now - state.last_active > idle_minutes * 60:
        return Verdict(action="end", reason="the session ended after a period without activity")
    if account is None:
        return Verdict(action="end", reason="this account no longer exists")
    if account.disabled:
        return Verdict(action="end", reason="this account has been disabled")
    if state.source == "oidc":
        if claims is None:
            return Verdict(action="end", reason="the identity provider signed you out")
        if not claims.roles:
            return Verdict(action="end", reason="your organisation gives you no role here")
        if claims != state.user or account.version != state.version:
            return Verdict(
                action="narrow",
                user=claims,
                version=account.version,
                reason="your roles or operations have changed",
            )
        return Verdict(action="keep", user=state.user, version=state.version)
    if account.version == state.version and account.user == state.user:
        return Verdict(action="keep", user=state.user, version=state.version)
    if account.user == state.user:
        # Changed, but not in what it may see: a new password (or another edit) ends the session.
        return Verdict(action="end", reason="an administrator changed this account")
    if not account.user.roles:
        return Verdict(action="end", reason="this account no longer has a role")
    return Verdict(
        action="narrow",
        user=account.user,
        version=account.version,
        reason="your roles or operations have changed",
    )
