"""Meeting pack page: export one operation's pack as DOCX or PDF, recorded as a disclosure."""

# The export is the only download operational users have; the service checks the operation,
# withholds restricted items from recipients who may not see them and audits the recipients.

from __future__ import annotations

from datetime import date

import streamlit as st

from cseboard.board.session import current_user, services
from cseboard.errors import CseBoardError
from cseboard.models.casework import md_escape
from cseboard.models.meetings import PackExport
from cseboard.models.values import day_start
from cseboard.services.meeting_board import DEFAULT_PERIOD_DAYS
from cseboard.services.meeting_pack import export_meeting_pack
from cseboard.services.operations import meeting_operations, operation_agencies

__all__ = ["render"]

_EXPORT = "cseboard_meeting_pack_export"


def _agency(code: str) -> str:
    return code.replace("_", " ")


def render() -> None:
    user = current_user()
    if user is None:
        st.stop()
    ctx = services()
    st.title("Meeting pack")
    st.caption(
        "The pack is marked OFFICIAL-SENSITIVE on every page. Exporting it is recorded as a "
        "disclosure to the recipients you name (DPA 2018 s62)."
    )
    try:
        operations = meeting_operations(ctx, user)
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return
    if not operations:
        st.info("Your account is not bound to an operation. Ask the CSE practice lead.")
        return
    labels = {o.operation_id: f"{o.name} ({o.operation_id})" for o in operations}
    op = st.selectbox(
        "Operation", list(labels), format_func=labels.__getitem__, key="pack_operation"
    )
    try:
        agencies = operation_agencies(ctx, user, op)
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return

    with st.form("meeting_pack"):
        fmt = st.radio(
            "Format", ["docx", "pdf"], horizontal=True, format_func=str.upper, key="pack_format"
        )
        recipients = st.multiselect(
            "Recipients (the operation's agencies)",
            agencies,
            default=agencies,
            format_func=_agency,
            key="pack_recipients",
        )
        typed = st.text_input(
            "Other recipients (comma separated)",
            help="Named people or bodies. Items with handling conditions are then withheld "
            "from the pack, because their rights cannot be checked.",
            max_chars=1000,
            key="pack_other_recipients",
        )
        since_day = st.date_input(
            "Changes since",
            value=None,
            format="DD/MM/YYYY",
            help=f"Empty: since the last meeting snapshot, or the last {DEFAULT_PERIOD_DAYS} days.",
        )
        justification = st.text_input(
            "Reason for the disclosure", value="Operational group meeting pack", max_chars=300
        )
        submitted = st.form_submit_button("Prepare the pack", type="primary", key="pack_prepare")
    if submitted:
        everyone = [*recipients, *(r.strip() for r in typed.split(",") if r.strip())]
        since = day_start(since_day) if isinstance(since_day, date) else None
        try:
            with st.spinner("Preparing the pack…"):
                export = export_meeting_pack(
                    ctx,
                    user,
                    op,
                    fmt=fmt,
                    recipients=everyone,
                    justification=justification,
                    since=since,
                )
        except CseBoardError as e:
            st.session_state.pop(_EXPORT, None)
            st.error(md_escape(str(e)))
        else:
            st.session_state[_EXPORT] = export
    ready = st.session_state.get(_EXPORT)
    if isinstance(ready, PackExport) and ready.filename.startswith(f"meeting-pack-{op}-"):
        st.success(
            md_escape(
                f"Pack ready: {ready.filename}. Disclosure recorded to "
                f"{', '.join(_agency(r) for r in ready.recipients)}."
            )
        )
        st.download_button(
            "Download the pack",
            data=ready.content,
            file_name=ready.filename,
            mime=ready.media_type,
            on_click="ignore",
        )


render()
