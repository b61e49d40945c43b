"""Sign-in page: local accounts (argon2 hashes in Neo4j) with lock-out after repeated failures."""

from __future__ import annotations

import streamlit as st

from cseboard.board.resources import get_settings
from cseboard.board.session import ENDED, client_address, refusal, services, sign_in, sign_out
from cseboard.errors import AccessDenied
from cseboard.models.casework import md_escape
from cseboard.services.accounts import account_state, log_in

__all__: list[str] = []


def _sign_out_everywhere() -> None:
    sign_out()


st.title("CSE & missing children board")
st.caption("OFFICIAL-SENSITIVE. Access is logged: every view of a person's record is audited.")
ended = st.session_state.pop(ENDED, None)
if ended:
    st.info(md_escape(f"You were signed out: {ended}. Please sign in again."))
if get_settings().oidc_enabled:
    refused = refusal()
    if refused:
        st.error(md_escape(refused))
        st.button("Sign out of your organisation", on_click=_sign_out_everywhere, type="primary")
    else:
        st.button("Sign in with your organisation", on_click=st.login, type="primary")
    st.divider()
    st.caption("Or use a local account:")
with st.form("login"):
    username = st.text_input("Username", autocomplete="username")
    password = st.text_input("Password", type="password", autocomplete="current-password")
    submitted = st.form_submit_button("Sign in", type="primary")
if submitted:
    ctx = services()
    try:
        user = log_in(ctx, username, password, client=client_address())
        account = account_state(ctx, user.username)
        if account is None:
            raise AccessDenied("wrong username or password")
    except AccessDenied as e:
        st.error(md_escape(str(e)))
    else:
        sign_in(account.user, account)
        st.rerun()
