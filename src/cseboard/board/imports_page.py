"""Imports page: upload partner files, watch the import, read the summary and rejects report."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cseboard.board.components.common import agency_label
from cseboard.board.session import current_user, services
from cseboard.errors import CseBoardError
from cseboard.models.casework import ImportReport, UploadedPartnerFile, md_escape
from cseboard.services.intake import FORMATS, import_agencies, import_partner_files

__all__ = ["render"]

ANOTHER = "(another agency: type its code)"
_LAST = "imports_last"
FORMAT_LABELS = {
    "exchange": "Partner exchange format (people, locations, intelligence, missing episodes)",
    "ssd": "Standard Safeguarding Dataset extract (ssd_person, ssd_missing)",
}


def _report(report: ImportReport) -> None:
    st.subheader("Summary")
    totals = {
        "read": sum(f.read for f in report.files),
        "landed": sum(f.landed for f in report.files),
        "rejected": sum(f.rejected for f in report.files),
    }
    a, b, c = st.columns(3)
    a.metric("Rows read", f"{totals['read']:,}")
    b.metric("Rows landed", f"{totals['landed']:,}")
    c.metric("Rows rejected", f"{totals['rejected']:,}")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "File": f.file,
                    "Holds": f.record_type.replace("_", " "),
                    "Read": f.read,
                    "Landed": f.landed,
                    "New or changed": f.new_or_changed,
                    "Rejected": f.rejected,
                    "Pending references": f.pending_refs,
                    "Ignored columns": ", ".join(f.ignored_columns),
                    "Problem with the file": f.error or "",
                }
                for f in report.files
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    st.subheader("Rejects report")
    if not report.rejects:
        st.info("Every row landed: nothing to report.")
        return
    st.caption(
        "Rejected rows did not land; pending references landed and link up when the record "
        "arrives; ignored columns were not imported. Values that look like spreadsheet "
        "formulas are prefixed with ' in the report."
    )
    st.dataframe(
        pd.DataFrame([r.model_dump() for r in report.rejects]).rename(columns=str.capitalize),
        hide_index=True,
        width="stretch",
    )
    st.download_button(
        "Download the rejects report (CSV)",
        data=report.rejects_csv.encode("utf-8"),
        file_name=f"{report.agency}-rejects.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )


def render() -> None:
    user = current_user()
    if user is None:
        st.stop()
    ctx = services()
    st.title("Imports")
    st.caption(
        "Upload one agency's partner files (.csv or .jsonl). Good rows land; bad rows are "
        "listed in the rejects report with the reason. Re-importing the same file changes "
        "nothing. Every import is recorded in the audit log."
    )
    try:
        agencies = import_agencies(ctx, user)
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        st.stop()
    limit = ctx.settings.upload_max_mb
    with st.form("imports_form"):
        files = st.file_uploader(
            f"Partner files (.csv or .jsonl, up to {limit} MB each)",
            type=["csv", "jsonl"],
            accept_multiple_files=True,
            max_upload_size=limit,
            key="imports_files",
        )
        left, right = st.columns(2)
        agency = left.selectbox(
            "Agency the files come from",
            [*agencies, ANOTHER],
            index=None,
            format_func=agency_label,
            key="imports_agency",
            placeholder="Choose the agency",
        )
        typed = right.text_input("Agency code (if not in the list)", key="imports_agency_typed")
        fmt = st.radio(
            "Format",
            list(FORMATS),
            format_func=lambda f: FORMAT_LABELS[f],
            key="imports_format",
        )
        submitted = st.form_submit_button("Import", type="primary", icon=":material/upload:")
    if submitted:
        chosen = typed.strip() if agency in (ANOTHER, None) else str(agency)
        uploads = [UploadedPartnerFile(name=f.name, data=f.getvalue()) for f in files or []]
        bar = st.progress(0.0, text="Starting the import")

        def progress(label: str, done: int, total: int) -> None:
            bar.progress(
                min(done / max(total, 1), 1.0),
                text=md_escape(f"{label}: {done:,} of {total:,} rows"),
            )

        try:
            report = import_partner_files(
                ctx, user, uploads, agency=chosen, fmt=str(fmt), progress=progress
            )
        except CseBoardError as e:
            bar.empty()
            st.error(md_escape(str(e)))
        else:
            bar.progress(1.0, text="Import finished")
            st.session_state[f"{_LAST}:{user.username}"] = report
    last: ImportReport | None = st.session_state.get(f"{_LAST}:{user.username}")
    if last is not None:
        _report(last)


render()
