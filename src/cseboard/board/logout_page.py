"""Sign-out page: ends the session at once."""

from __future__ import annotations

import streamlit as st

from cseboard.board.session import sign_out

__all__: list[str] = []

if sign_out():
    st.rerun()
st.info("You are signed out.")
