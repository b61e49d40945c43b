"""Sign-in page: local accounts (argon2 hashes in Neo4j) with lock-out after repeated failures."""

from __future__ import annotations

import streamlit as st

from cseboard.board.resources import get_driver, get_settings
from cseboard.board.session import sign_in
from cseboard.errors import AccessDenied
from cseboard.services.accounts import log_in

__all__: list[str] = []

st.title("CSE & missing children board")
st.caption("OFFICIAL-SENSITIVE. Access is logged: every view of a person's record is audited.")
if st.session_state.pop("cseboard_timed_out", False):
    st.info("Your session ended after a period without activity. Please sign in again.")
if get_settings().oidc_enabled:
    st.button("Sign in with your organisation", on_click=st.login, type="primary")
    if st.user.is_logged_in:
        st.error("Your account has no role on this board. Ask the board administrator.")
    st.divider()
    st.caption("Or use a local account:")
with st.form("login"):
    username = st.text_input("Username", autocomplete="username")
    password = st.text_input("Password", type="password", autocomplete="current-password")
    submitted = st.form_submit_button("Sign in", type="primary")
if submitted:
    try:
        user = log_in(get_driver(), username, password, database=get_settings().neo4j_database)
    except AccessDenied as e:
        st.error(str(e))
    else:
        sign_in(user)
        st.rerun()
