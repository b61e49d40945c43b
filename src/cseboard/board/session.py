"""The signed-in user of a board session, re-read at every page run, and the purpose asked per
person.

A session keeps what it confirmed at sign-in (``access.sessions.SessionState``). Every page run
re-reads the account (and, with the identity provider, its claims) and applies
``check_session``: a disabled or deleted account, an idle or too old session ends at once; a
changed role, agency or operation narrows the session to the account as it is now, with every
kept result dropped (the session's own and the process's, ``services.kept``). Ending a session
of the identity provider also signs out there (``st.logout``), or the provider's cookie would
sign the user straight back in.
"""

from __future__ import annotations

import time

import streamlit as st

from cseboard.access.sessions import SessionState, check_session
from cseboard.board.components.cached import forget_all
from cseboard.board.resources import get_driver, get_settings
from cseboard.errors import CseBoardError
from cseboard.models.users import AccountState, Role, User
from cseboard.services.accounts import account_state, oidc_sign_in
from cseboard.services.context import ServiceContext
from cseboard.services.kept import forget_user_results

__all__ = [
    "ENDED",
    "client_address",
    "current_user",
    "refusal",
    "services",
    "session_entries",
    "session_notice",
    "sign_in",
    "sign_out",
    "state_purpose",
    "stated_purpose",
]

_SESSION = "cseboard_session"
_PURPOSES = "cseboard_purposes"
ENDED = "cseboard_ended"
"""Session-state key of the reason the last session ended (shown on the sign-in page)."""
_REFUSED = "cseboard_refused"
_NOTICE = "cseboard_notice"


def services() -> ServiceContext:
    return ServiceContext(get_driver(), get_settings())


def client_address() -> str | None:
    """The browser's address as Streamlit sees it (sign-in attempts are counted per client)."""
    try:
        return st.context.ip_address
    except (AttributeError, RuntimeError):
        return None


def session_entries(
    user: User, account: AccountState, *, now: float | None = None
) -> dict[str, object]:
    """The session-state entries of a fresh sign-in (the board's own, and tests' and
    benchmarks' way to start a session as a user)."""
    moment = time.time() if now is None else now
    state = SessionState(
        user=user,
        source="oidc" if account.source == "oidc" else "local",
        version=account.version,
        signed_in_at=moment,
        last_active=moment,
    )
    return {_SESSION: state.model_dump(mode="json"), _PURPOSES: {}}


def sign_in(user: User, account: AccountState) -> None:
    forget_all()
    for key, value in session_entries(user, account).items():
        st.session_state[key] = value


def _provider_signed_in() -> bool:
    try:
        return bool(get_settings().oidc_enabled and st.user.is_logged_in)
    except (AttributeError, KeyError, RuntimeError):
        return False


def sign_out(reason: str | None = None) -> bool:
    """End the sign-in: the session forgets everything it held for the user.

    Kept results, stated purposes, search results, exports waiting for download and the
    pages' choices all go, so that nothing of one user reaches the next sign-in. A session of
    the identity provider is ended there too (``st.logout``). Returns whether anyone was
    signed in.
    """
    provider = _provider_signed_in()
    was_signed_in = provider or _SESSION in st.session_state
    forget_all()
    st.session_state.clear()
    if reason:
        st.session_state[ENDED] = reason
    if provider:
        st.logout()
    return was_signed_in


def _oidc_user() -> User | None:
    """Map the identity provider's claims to a user (roles the board does not know are ignored)."""
    settings = get_settings()
    if not _provider_signed_in():
        return None
    claims = st.user.to_dict()
    raw_roles: object = claims.get(settings.oidc_roles_claim) or []
    role_names = [str(r) for r in raw_roles] if isinstance(raw_roles, list) else [str(raw_roles)]
    roles = {r for r in Role if r.value in role_names}
    raw_operations: object = claims.get(settings.oidc_operations_claim) or []
    operations = (
        [str(o) for o in raw_operations]
        if isinstance(raw_operations, list)
        else [str(raw_operations)]
    )
    return User(
        username=str(claims.get("email") or claims.get("sub")),
        display_name=str(claims.get("name") or claims.get("email") or claims.get("sub")),
        roles=frozenset(roles),
        agency=str(claims[settings.oidc_agency_claim])
        if claims.get(settings.oidc_agency_claim)
        else None,
        operations=frozenset(operations),
    )


def _start_oidc() -> User | None:
    claims = _oidc_user()
    if claims is None:
        return None
    refused: dict[str, str] | None = st.session_state.get(_REFUSED)
    if refused is not None and refused.get("user") == claims.username:
        return None  # refused once in this session: not asked (nor audited) again at each run
    try:
        account = oidc_sign_in(services(), claims)
    except CseBoardError as e:
        # Refused whatever the claims say; the sign-in page shows why and offers to sign out.
        st.session_state[_REFUSED] = {"user": claims.username, "reason": str(e)}
        return None
    sign_in(claims, account)
    return claims


def current_user() -> User | None:
    """The signed-in user as the account stands now, or None (signed out, ended, refused)."""
    data = st.session_state.get(_SESSION)
    if data is None:
        return _start_oidc()
    state = SessionState.model_validate(data)
    settings = get_settings()
    ctx = services()
    verdict = check_session(
        state,
        account_state(ctx, state.user.username),
        now=time.time(),
        idle_minutes=settings.session_idle_minutes,
        max_hours=settings.session_max_hours,
        claims=_oidc_user() if state.source == "oidc" else None,
    )
    if verdict.action == "end" or verdict.user is None:
        forget_user_results(ctx, state.user.username)
        sign_out(verdict.reason or "the session ended")
        return None
    if verdict.action == "narrow":
        forget_user_results(ctx, state.user.username)
        forget_all()
        st.session_state[_PURPOSES] = {}
        st.session_state[_NOTICE] = verdict.reason
    st.session_state[_SESSION] = state.model_copy(
        update={"user": verdict.user, "version": verdict.version, "last_active": time.time()}
    ).model_dump(mode="json")
    return verdict.user


def refusal() -> str | None:
    """Why the identity provider's user was refused in this session, if they were."""
    refused: dict[str, str] | None = st.session_state.get(_REFUSED)
    return refused.get("reason") if refused else None


def session_notice() -> str | None:
    """Why the session was narrowed at this run (shown once), if it was."""
    notice: str | None = st.session_state.pop(_NOTICE, None)
    return notice


def stated_purpose(person_id: str) -> str | None:
    """The purpose given for this person earlier in the session, if any."""
    purposes: dict[str, str] = st.session_state.get(_PURPOSES, {})
    return purposes.get(person_id)


def state_purpose(person_id: str, purpose: str) -> None:
    st.session_state.setdefault(_PURPOSES, {})[person_id] = purpose
