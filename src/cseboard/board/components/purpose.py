"""The purpose asked before the first view of a person in a sign-in (kept in the audit log)."""

from __future__ import annotations

from typing import NoReturn

import streamlit as st

from cseboard.board.session import state_purpose

__all__ = ["OTHER", "PURPOSES", "ask_purpose"]

OTHER = "Other (write it below)"
PURPOSES = (
    "Triage of new intelligence",
    "Preparing for the operational group meeting",
    "Strategy discussion or safeguarding enquiry",
)
"""Purposes every person view offers; a page adds its own before ``OTHER``."""


def ask_purpose(person_id: str, *, what: str, button: str, own: str, key: str) -> NoReturn:
    """Ask why the user views ``what`` of this person, keep the answer for the sign-in, rerun.

    The service the page calls next refuses a person's record without a purpose and audits
    the view with it (Data Protection Act 2018, section 62). ``own`` is the page's own purpose
    in the list; ``key`` prefixes the form's widget keys. The page stops here.
    """
    st.info(
        f"Say why you are viewing {what}. It is asked once per person in a session and kept "
        "in the audit log (Data Protection Act 2018, section 62)."
    )
    with st.form(f"{key}_purpose_form"):
        choice = st.selectbox("Purpose", (*PURPOSES, own, OTHER), key=f"{key}_purpose_choice")
        detail = st.text_input("Details (required for Other)", key=f"{key}_purpose_detail")
        if st.form_submit_button(button, type="primary"):
            extra = detail.strip()
            purpose = extra if choice == OTHER else (f"{choice}: {extra}" if extra else choice)
            if not purpose:
                st.error(f"Write the purpose before viewing {what}.")
            else:
                state_purpose(person_id, purpose)
                st.rerun()
    st.stop()
