"""The signed-in user of a board session, idle time-out, and the purpose asked per person."""

from __future__ import annotations

import time

import streamlit as st

from cseboard.board.components.cached import forget_all
from cseboard.board.resources import get_driver, get_settings
from cseboard.models.users import Role, User
from cseboard.services.context import ServiceContext

__all__ = ["current_user", "services", "sign_in", "sign_out", "state_purpose", "stated_purpose"]

_USER = "cseboard_user"
_LAST = "cseboard_last_active"
_PURPOSES = "cseboard_purposes"


def services() -> ServiceContext:
    return ServiceContext(get_driver(), get_settings())


def sign_in(user: User) -> None:
    forget_all()
    st.session_state[_USER] = user.model_dump(mode="json")
    st.session_state[_LAST] = time.monotonic()
    st.session_state[_PURPOSES] = {}


def sign_out() -> None:
    """End the sign-in: the session forgets everything it held for the user.

    Kept results, stated purposes, search results, exports waiting for download and the
    pages' choices all go, so that nothing of one user reaches the next sign-in.
    """
    forget_all()
    st.session_state.clear()


def _oidc_user() -> User | None:
    """Map the identity provider's claims to a user (roles the board does not know are ignored)."""
    settings = get_settings()
    if not settings.oidc_enabled or not st.user.is_logged_in:
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


def current_user() -> User | None:
    """The signed-in user, or None when nobody is or the session has been idle too long."""
    data = st.session_state.get(_USER)
    if data is None:
        oidc = _oidc_user()
        if oidc is not None and oidc.roles:
            sign_in(oidc)
            return oidc
        return None
    idle = time.monotonic() - float(st.session_state.get(_LAST, 0.0))
    if idle > get_settings().session_idle_minutes * 60:
        sign_out()
        st.session_state["cseboard_timed_out"] = True
        return None
    st.session_state[_LAST] = time.monotonic()
    return User.model_validate(data)


def stated_purpose(person_id: str) -> str | None:
    """The purpose given for this person earlier in the session, if any."""
    purposes: dict[str, str] = st.session_state.get(_PURPOSES, {})
    return purposes.get(person_id)


def state_purpose(person_id: str, purpose: str) -> None:
    st.session_state.setdefault(_PURPOSES, {})[person_id] = purpose
