"""Administration: the audit trail (DPA 2018 s62), filtered, chain-verified and exported."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
import streamlit as st

from cseboard.board.session import current_user, services
from cseboard.errors import CseBoardError
from cseboard.models.casework import md_escape
from cseboard.models.oversight import AuditFilter
from cseboard.models.users import AuditAction
from cseboard.models.values import LONDON
from cseboard.services.audit_trail import anchor_audit, audit_events, export_audit, verify_audit

__all__ = ["render"]

_EXPORT = "cseboard_audit_export"


def _day(value: object, *, end: bool = False) -> datetime | None:
    if not isinstance(value, date):
        return None
    moment = datetime.combine(value + timedelta(days=1) if end else value, time(), tzinfo=LONDON)
    return moment - timedelta(microseconds=1) if end else moment


def render() -> None:
    user = current_user()
    if user is None:
        st.stop()
    ctx = services()
    st.title("Audit trail")
    st.caption(
        "Collection, alteration, consultation, disclosure, combination and erasure events "
        "(DPA 2018 s62), chained with a key held outside the database and anchored in a file "
        "outside it, so that an edited, deleted or cut-off event is detected."
    )

    check, anchor, _ = st.columns([1, 1, 2])
    if check.button("Verify the chain", key="audit_verify"):
        try:
            report = verify_audit(ctx, user)
        except CseBoardError as error:
            st.error(md_escape(str(error)))
        else:
            if report.ok:
                st.success(
                    f"Chain OK: {report.events} events, none edited or deleted; "
                    f"anchored at event {report.anchored}."
                )
            else:
                st.error(md_escape(f"Chain BROKEN ({report.events} events): {report.problem}"))
    if anchor.button("Anchor the chain now", key="audit_anchor"):
        try:
            made = anchor_audit(ctx, user)
        except CseBoardError as error:
            st.error(md_escape(str(error)))
        else:
            st.success(f"Anchored at event {made.seq}. Keep a second copy of this line:")
            st.code(made.line(), language=None)

    with st.form("audit_filter"):
        a, b, c = st.columns(3)
        username = a.text_input("User", key="audit_user")
        action = b.selectbox(
            "Action",
            ["", *[x.value for x in AuditAction]],
            format_func=lambda a: a or "any",
            key="audit_action",
        )
        record = c.text_input(
            "Record id", help="e.g. a person id or police/IR/2024/000123", key="audit_record"
        )
        first, last, _ = st.columns(3)
        since = first.date_input("From", value=None, format="DD/MM/YYYY", key="audit_since")
        until = last.date_input("To", value=None, format="DD/MM/YYYY", key="audit_until")
        st.form_submit_button("Show", key="audit_show")
    filters = AuditFilter(
        username=username.strip().lower() or None,
        action=action or None,
        record=record.strip() or None,
        since=_day(since),
        until=_day(until, end=True),
    )
    try:
        events = audit_events(ctx, user, filters, limit=500)
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return
    st.caption(f"{len(events)} events shown (newest first, at most 500).")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "#": ev.seq,
                    "When": ev.at.astimezone(LONDON).strftime("%d/%m/%Y %H:%M:%S"),
                    "User": ev.username,
                    "Action": ev.action.value,
                    "What": ev.what,
                    "Records": "; ".join(ev.records),
                    "Justification": ev.justification or "",
                    "Recipients": "; ".join(ev.recipients),
                }
                for ev in events
            ],
            columns=[
                "#",
                "When",
                "User",
                "Action",
                "What",
                "Records",
                "Justification",
                "Recipients",
            ],
        ),
        hide_index=True,
        width="stretch",
        height=460,
    )

    st.subheader("Export")
    with st.form("audit_export"):
        recipients = st.text_input(
            "Recipients",
            help="Whom the export is for; ';' between several.",
            key="audit_recipients",
        )
        make = st.form_submit_button("Prepare CSV of the events above", key="audit_export")
    if make:
        try:
            st.session_state[_EXPORT] = export_audit(
                ctx, user, filters, fmt="csv", recipients=recipients.split(";")
            )
        except CseBoardError as e:
            st.error(md_escape(str(e)))
    data = st.session_state.get(_EXPORT)
    if data:
        st.download_button(
            "Download CSV",
            data=data,
            file_name=f"audit-{datetime.now(LONDON):%Y%m%d-%H%M}.csv",
            mime="text/csv",
        )


render()
