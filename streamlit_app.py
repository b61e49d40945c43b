"""Board entry point: signs the user in, then builds the navigation their roles allow.

The menu is presentation only: every service checks the user's permissions again.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from cseboard.board.navigation import pages_for
from cseboard.board.session import current_user, session_notice
from cseboard.models.casework import md_escape

BOARD = Path(__file__).parent / "src" / "cseboard" / "board"

# A fixed emoji icon keeps the browser from fetching a favicon for material icons online.
st.set_page_config(page_title="CSE & missing children board", page_icon="🛡️", layout="wide")
user = current_user()
if user is None:
    st.navigation(
        [st.Page(BOARD / "login_page.py", title="Sign in", icon=":material/login:")]
    ).run()
else:
    with st.sidebar:
        st.caption(f"Signed in as **{md_escape(user.display_name)}**")
        st.caption(", ".join(sorted(r.value.replace("_", " ") for r in user.roles)))
        notice = session_notice()
        if notice:
            st.warning(md_escape(f"Your access was updated: {notice}."))
    st.navigation(pages_for(user, BOARD)).run()
