"""Imports page: check partner files, import them, read the summary, open past rejects reports."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cseboard.board.components.common import agency_label
from cseboard.board.session import current_user, services
from cseboard.errors import CseBoardError
from cseboard.models.casework import ImportReport, UploadedPartnerFile, md_escape, uk_time
from cseboard.models.imports import ImportCheck
from cseboard.models.users import User
from cseboard.services.context import ServiceContext
from cseboard.services.imports import (
    FORMATS,
    check_partner_files,
    import_agencies,
    import_partner_files,
    import_runs,
    rejects_report,
)

__all__ = ["render"]

ANOTHER = "(another agency: type its code)"
_LAST = "imports_last"
_CHECK = "imports_check"
_REPORT = "imports_report"
FORMAT_LABELS = {
    "exchange": "Partner exchange format (people, locations, intelligence, missing episodes)",
    "ssd": "Standard Safeguarding Dataset extract (ssd_person, ssd_missing)",
}
OUTCOME_WORDS = {
    "rejected": "the row did not land",
    "kept_as_other": "landed as other, the partner's word kept on the record",
    "not_recorded": "landed without the value, the partner's word kept on the record",
    "field_dropped": "landed without the field, the value and the reason kept on the record",
    "pending_reference": "landed; the link completes when the record arrives",
    "ignored_column": "the column was not imported",
}


def _check(check: ImportCheck) -> None:
    st.subheader("Check (nothing has been written)")
    st.caption(
        f"Import profile: {check.profile}"
        if check.profile
        else "No import profile for this agency: the files must use the exchange format's "
        "column names and words. Download a starting profile below."
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "File": f.file,
                    "Holds": f.record_type.replace("_", " "),
                    "Read": f.read,
                    "Would land": f.landed,
                    "With a field dropped": f.dropped,
                    "Kept as other": f.kept_as_other,
                    "Not recorded": f.not_recorded,
                    "Mapped by the profile": f.mapped,
                    "Rejected": f.rejected,
                    "Problem with the file": f.error or "",
                }
                for f in check.files
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    if check.unknown_values:
        st.markdown("**Values the board's vocabularies do not know**")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Column": u.column,
                        "Partner's value": u.value,
                        "Rows": u.rows,
                        "The import would": u.outcome.replace("_", " "),
                        "Closest known value": u.closest or "",
                        "Similarity": u.score,
                    }
                    for u in check.unknown_values
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    if check.columns:
        st.markdown("**Columns**")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "File": c.file,
                        "Column": c.column,
                        "Problem": "not read (not an exchange column)"
                        if c.kind == "unknown"
                        else "required, not found",
                        "Closest": c.closest or "",
                        "Similarity": c.score,
                    }
                    for c in check.columns
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    if check.clean:
        st.success("Every column is read and every value is known: the files are ready.")
    else:
        st.info(
            "Map the partner's words and columns in its import profile "
            f"(partners/{check.agency}.toml), or import as they are: unknown categories land "
            "as other, other unknown values as not recorded, with the partner's word kept."
        )
    st.download_button(
        "Download a starting import profile (TOML)",
        data=check.starter_profile.encode("utf-8"),
        file_name=f"{check.agency}.toml",
        mime="application/toml",
        on_click="ignore",
        icon=":material/download:",
    )


def _report(report: ImportReport) -> None:
    st.subheader("Summary")
    if report.profile:
        st.caption(f"Import profile used: {report.profile}")
    totals = {
        "read": sum(f.read for f in report.files),
        "landed": sum(f.landed for f in report.files),
        "dropped": sum(f.dropped for f in report.files),
        "other": sum(f.kept_as_other + f.not_recorded for f in report.files),
        "rejected": sum(f.rejected for f in report.files),
    }
    a, b, c, d, e = st.columns(5)
    a.metric("Rows read", f"{totals['read']:,}")
    b.metric("Rows landed", f"{totals['landed']:,}")
    c.metric("With a field dropped", f"{totals['dropped']:,}")
    d.metric("With an unknown value", f"{totals['other']:,}")
    e.metric("Rows rejected", f"{totals['rejected']:,}")
    if report.places_merged or report.places_to_review:
        st.caption(
            f"Places: {report.places_merged:,} merged with the same place from other agencies, "
            f"{report.places_to_review:,} to review on Duplicate places."
        )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "File": f.file,
                    "Holds": f.record_type.replace("_", " "),
                    "Read": f.read,
                    "Landed": f.landed,
                    "New or changed": f.new_or_changed,
                    "With a field dropped": f.dropped,
                    "Kept as other": f.kept_as_other,
                    "Not recorded": f.not_recorded,
                    "Mapped by the profile": f.mapped,
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
        st.info("Every row landed with every value: nothing to report.")
        return
    st.caption(
        "Outcomes: "
        + "; ".join(f"{k.replace('_', ' ')}, {v}" for k, v in OUTCOME_WORDS.items())
        + ". Values that look like spreadsheet formulas are prefixed with ' in the report."
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


def _past(ctx: ServiceContext, user: User) -> None:
    st.subheader("Past imports")
    try:
        runs = import_runs(ctx, user, limit=100)
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return
    if not runs:
        st.info("Nothing has been imported yet.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "When": uk_time(r.finished_at),
                    "Agency": agency_label(r.agency),
                    "File": r.file_name,
                    "Read": r.read,
                    "Landed": r.landed,
                    "Field dropped": r.dropped,
                    "Kept as other": r.kept_as_other,
                    "Not recorded": r.not_recorded,
                    "Rejected": r.rejected,
                    "By": r.imported_by or "",
                    "Rejects report": r.report or "",
                }
                for r in runs
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    with_report = {r.run_id: r for r in runs if r.report_available}
    if not with_report:
        return
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(
        "Rejects report of a past import",
        list(with_report),
        format_func=lambda rid: f"{uk_time(with_report[rid].finished_at)} · "
        f"{agency_label(with_report[rid].agency)} · {with_report[rid].file_name}",
        key="imports_past_run",
    )
    if right.button("Open the report", key="imports_open_report") and chosen:
        try:
            st.session_state[f"{_REPORT}:{user.username}"] = rejects_report(ctx, user, chosen)
        except CseBoardError as e:
            st.error(md_escape(str(e)))
    opened: tuple[str, bytes] | None = st.session_state.get(f"{_REPORT}:{user.username}")
    if opened is not None:
        name, data = opened
        st.download_button(
            f"Download {name}",
            data=data,
            file_name=name,
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
        "Upload one agency's partner files (.csv or .jsonl). Check them first: the board lists "
        "the values and columns it does not know, using the agency's import profile. On "
        "import, rows land even with an unknown value or an invalid optional field (kept on "
        "the record for review); only broken records are rejected. Every import is recorded "
        "in the audit log."
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
        check_col, import_col, _ = st.columns([2, 2, 3])
        checked = check_col.form_submit_button(
            "Check the files", icon=":material/fact_check:", key="imports_check_button"
        )
        submitted = import_col.form_submit_button(
            "Import", type="primary", icon=":material/upload:", key="imports_import_button"
        )
    chosen = typed.strip() if agency in (ANOTHER, None) else str(agency)
    uploads = [UploadedPartnerFile(name=f.name, data=f.getvalue()) for f in files or []]
    if checked:
        try:
            st.session_state[f"{_CHECK}:{user.username}"] = check_partner_files(
                ctx, user, uploads, agency=chosen, fmt=str(fmt)
            )
        except CseBoardError as e:
            st.error(md_escape(str(e)))
        st.session_state.pop(f"{_LAST}:{user.username}", None)
    if submitted:
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
            st.session_state.pop(f"{_CHECK}:{user.username}", None)
    check: ImportCheck | None = st.session_state.get(f"{_CHECK}:{user.username}")
    if check is not None:
        _check(check)
    last: ImportReport | None = st.session_state.get(f"{_LAST}:{user.username}")
    if last is not None:
        _report(last)
    _past(ctx, user)


render()
