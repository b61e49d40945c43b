"""The meeting page's leads panel: the operation's lead practitioner, each young person's lead
professional, naming them, and the dated history of who was named when."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from cseboard.access.policy import Permission, allowed
from cseboard.board.components.common import agency_label
from cseboard.errors import CseBoardError
from cseboard.models.casework import md_escape, uk_time
from cseboard.models.meetings import MeetingBoard
from cseboard.models.users import User
from cseboard.services.context import ServiceContext
from cseboard.services.leads import operation_leads, set_lead_practitioner, set_lead_professional

__all__ = ["lead_caption", "leads_panel"]


def lead_caption(board: MeetingBoard) -> str:
    """One line naming the lead practitioner (or saying that nobody is named)."""
    lead = board.lead_practitioner
    if lead is None:
        return "Lead practitioner: not named yet (the CSE practice lead names one)."
    who = md_escape(f"{lead.display_name} ({lead.username})")
    return f"Lead practitioner: {who}, since {uk_time(lead.since)}."


def leads_panel(
    ctx: ServiceContext, user: User, board: MeetingBoard, changed: Callable[[str], None]
) -> None:
    """Forms to name leads; ``changed(message)`` is called after a successful change."""
    op = board.operation.operation_id
    missing = [m for m in board.cohort if m.needs_lead]
    if missing:
        st.warning(
            md_escape(
                f"{len(missing)} young person(s) have no lead professional: "
                + ", ".join(m.display_name for m in missing)
            )
        )
    young = {m.person_id: m.display_name for m in board.cohort if m.role == "young_person"}
    with (
        st.expander("Name a lead professional", expanded=bool(missing)),
        st.form("lead_professional", clear_on_submit=True),
    ):
        person = st.selectbox(
            "Young person", list(young), format_func=young.__getitem__, key="lead_person"
        )
        left, middle, right = st.columns(3)
        name = left.text_input("Lead professional's name", max_chars=200, key="lead_name")
        agency = middle.selectbox(
            "Agency", board.known_agencies, format_func=agency_label, key="lead_agency"
        )
        contact = right.text_input(
            "Contact (phone or secure email)", max_chars=200, key="lead_contact"
        )
        if st.form_submit_button("Name lead professional", key="lead_save") and person:
            try:
                set_lead_professional(
                    ctx, user, op, str(person), name=name, agency=str(agency), contact=contact
                )
            except CseBoardError as e:
                st.error(md_escape(str(e)))
            else:
                changed("Lead professional named.")
    if allowed(user, Permission.SET_LEAD_PRACTITIONER):
        with (
            st.expander("Name the operation's lead practitioner"),
            st.form("lead_practitioner"),
        ):
            username = st.text_input(
                "Username (a member of this operation's group)",
                max_chars=100,
                key="lead_practitioner_username",
            )
            if st.form_submit_button("Name lead practitioner", key="lead_practitioner_save"):
                try:
                    set_lead_practitioner(ctx, user, op, username)
                except CseBoardError as e:
                    st.error(md_escape(str(e)))
                else:
                    changed("Lead practitioner named.")
    with st.expander("History of leads"):
        try:
            leads = operation_leads(ctx, user, op)
        except CseBoardError as e:
            st.error(md_escape(str(e)))
            return
        names = {m.person_id: m.display_name for m in board.cohort}
        if not leads.history:
            st.caption("Nobody has been named yet.")
            return
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "For": names.get(a.person_id or "", "former cohort member")
                        if a.person_id
                        else "the operation",
                        "Role": a.kind.replace("_", " "),
                        "Who": a.who,
                        "Agency": agency_label(a.agency),
                        "Contact": a.contact or "",
                        "From": uk_time(a.since),
                        "Until": uk_time(a.until) if a.until else "current",
                        "Named by": a.set_by,
                    }
                    for a in leads.history
                ]
            ),
            hide_index=True,
            width="stretch",
        )
