"""Oversight page: the partnership KPIs for the strategic board and the practice lead.

Everything shown comes from ``services.oversight_figures``, which suppresses small numbers and uses
pseudonyms before anything reaches this page; the page only lays the figures out.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd
import streamlit as st

from cseboard.board.components.cached import cached, forget
from cseboard.board.session import current_user, services
from cseboard.errors import CseBoardError
from cseboard.models.casework import md_escape
from cseboard.models.oversight import Cell, MonthlyTable, OversightReport
from cseboard.models.users import Role, User
from cseboard.models.values import LONDON
from cseboard.services.context import ServiceContext
from cseboard.services.disruption import (
    DISRUPTION_KINDS,
    disruption_operations,
    list_disruptions,
    record_disruption,
)
from cseboard.services.oversight_figures import reporting_periods
from cseboard.services.oversight_kept import kept_oversight_report
from cseboard.services.strategic_report import oversight_charts, strategic_report_pdf

__all__ = ["render"]

_PDF = "cseboard_strategic_pdf"
_RECORDED = "cseboard_disruption_recorded"
_REPORTS = "oversight"


def _text(cell: Cell | None) -> str:
    return cell.text if cell is not None else "n/a"


def _frame(table: MonthlyTable) -> pd.DataFrame:
    """Months down, measures across, as text (so ``<5`` and ``[c]`` show as they are)."""
    data = {s.label: [c.text for c in s.cells] for s in table.series}
    frame = pd.DataFrame(data, index=pd.Index(table.months, name="Month"))
    if any(s.total is not None for s in table.series):
        frame.loc["Period"] = [s.total.text if s.total else "" for s in table.series]
    return frame


Spec = dict[str, Any]


def _load(
    ctx: ServiceContext, user: User, choice: tuple[str, int | None, bool, str | None]
) -> tuple[OversightReport, dict[str, Spec]]:
    """The report for (period, months, exact, agency) and its chart specifications, kept for
    the user and choice for a minute so that widget reruns do not recompute; each computation
    is audited."""
    period, months, exact, agency = choice

    def load() -> tuple[OversightReport, dict[str, Spec]]:
        report = kept_oversight_report(
            ctx,
            user,
            period=period or None,
            months=months,
            exact=exact,
            agency=agency,
        )
        return report, {name: chart.to_dict() for name, chart in oversight_charts(report).items()}

    return cached(user, _REPORTS, choice, load, keep=8, ttl=60)


def _chart(spec: Spec | None) -> None:
    """A chart at its own plot height plus room for axes and legend (Streamlit fits the whole
    chart, legend included, into the height it is given)."""
    if spec is not None:
        height = int(spec.get("height", 220)) + 180
        st.vega_lite_chart(spec=spec, width="stretch", height=height)


def _table_section(table: MonthlyTable, chart: Spec | None) -> None:
    if table.note:
        st.caption(table.note)
    _chart(chart)
    st.dataframe(_frame(table), width="stretch")


def _summary(report: OversightReport) -> None:
    figures = report.figures
    rows = [
        [
            ("Missing episodes", "missing_episodes"),
            ("Children missing", "missing_children"),
            ("Away episodes", "away_episodes"),
            ("Still missing", "still_missing_episodes"),
        ],
        [
            ("Interviews offered within 72h", "rhi_offered_within"),
            ("Offered late", "rhi_offered_late"),
            ("Offer time not recorded", "rhi_offered_time_unknown"),
            ("Repeat-missing children", "repeat_missing_children"),
        ],
    ]
    hours = next((s.label for s in report.rhi.series if s.key == "rhi_offered_within"), "")
    for row in rows:
        columns = st.columns(len(row))
        for column, (label, name) in zip(columns, row, strict=True):
            if name == "rhi_offered_within" and hours:
                label = hours
            column.metric(label, _text(figures.get(name)))
    shares = [s for s in (report.top20_share, report.cohort_share) if s is not None]
    share_columns = st.columns(2)
    for column, share in zip(share_columns, shares, strict=False):
        percent = f" ({share.percent:.1f}%)" if share.percent is not None else ""
        column.metric(share.label, f"{share.part.text} of {share.whole.text}{percent}")


def _by_agency(report: OversightReport) -> None:
    """The practice lead's per-agency view: each agency's episodes, the same figures."""
    st.caption(
        "Each row counts the episodes one agency holds a record of (one absence recorded by "
        "several agencies appears in each of their rows, once in the partnership's figures). "
        "Practice lead only: per-agency figures are never offered to the strategic board."
    )
    names = list(report.figures)
    rows = [
        {
            "Agency": a.agency,
            **{n.replace("_", " "): a.figures[n].text for n in names if n in a.figures},
        }
        for a in report.by_agency
    ]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.info("No missing episodes in this period.")
    st.subheader("Absences recorded by several agencies")
    st.caption(
        "Each counts once: the records of the same child (after duplicate people are resolved) "
        "and kind of absence whose periods overlap. Record ids only; open the child's profile "
        "for the detail."
    )
    if report.merged_episodes:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Began": e.began.astimezone(LONDON).strftime("%d/%m/%Y %H:%M"),
                        "Returned": (
                            e.returned.astimezone(LONDON).strftime("%d/%m/%Y %H:%M")
                            if e.returned
                            else "still missing"
                        ),
                        "Absence": e.absence,
                        "Records": "; ".join(e.records),
                    }
                    for e in report.merged_episodes
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.info("No absence in this period is recorded by more than one agency yet.")


def _clusters(report: OversightReport, chart: Spec | None) -> None:
    view = report.clusters
    if view.run_id is None:
        st.info("No analysis run yet: clusters and hotspots appear after the first run.")
        return
    when = view.run_at.astimezone(LONDON).strftime("%d/%m/%Y %H:%M") if view.run_at else "?"
    st.caption(
        f"Latest analysis run {view.run_id} of {when}. Clusters are advisory: each one is "
        "explained by the records behind it, on the practice lead's cluster pages."
    )
    left, right = st.columns(2)
    left.metric("Clusters", _text(view.cluster_count))
    right.metric("Hotspots", _text(view.hotspot_count))
    _chart(chart)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Cluster": c.cluster_id,
                    "Members": c.members.text,
                    "Young people": c.young_people.text,
                    "Adults": c.adults.text,
                    "Others": c.others.text,
                }
                for c in view.clusters
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    if len(view.runs) > 1:
        st.caption("Clusters found by each analysis run")
        st.dataframe(
            pd.DataFrame(
                [
                    {"Run": when.astimezone(LONDON).strftime("%d/%m/%Y %H:%M"), "Clusters": c.text}
                    for when, c in view.runs
                ]
            ),
            hide_index=True,
        )


def _disruption_form(ctx: ServiceContext, user: User) -> None:
    """The practice lead records CAWNs and NRM referrals here (the partnership counts them)."""
    st.subheader("Record disruption activity")
    try:
        operations = disruption_operations(ctx, user)
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return
    with st.form("disruption", clear_on_submit=True):
        kind = st.selectbox(
            "What",
            list(DISRUPTION_KINDS),
            format_func=lambda k: DISRUPTION_KINDS[k],
            key="disruption_kind",
        )
        on = st.date_input(
            "Date",
            value=datetime.now(LONDON).date(),
            max_value=datetime.now(LONDON).date(),
            format="DD/MM/YYYY",
            key="disruption_date",
        )
        operation = st.selectbox(
            "Operation (optional)",
            ["", *operations],
            format_func=lambda o: operations.get(o, "none") if o else "none",
            key="disruption_operation",
        )
        submitted = st.form_submit_button("Record", key="disruption_record")
    if submitted:
        try:
            record = record_disruption(
                ctx,
                user,
                kind=str(kind),
                on=on if isinstance(on, date) else datetime.now(LONDON).date(),
                operation_id=operation or None,
            )
        except CseBoardError as e:
            st.error(md_escape(str(e)))
        else:
            # Recompute so the counts above include it, and say so after the rerun.
            forget(_REPORTS)
            st.session_state[_RECORDED] = record.record_id
            st.rerun()
    recorded = st.session_state.pop(_RECORDED, None)
    if recorded:
        st.success(f"Recorded {recorded}.")
    recent = list_disruptions(ctx, user, limit=20)
    if recent:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Record": r.record_id,
                        "What": DISRUPTION_KINDS[r.kind],
                        "Date": r.recorded_at.astimezone(LONDON).strftime("%d/%m/%Y"),
                        "Operation": r.operation_id or "",
                        "Recorded by": r.recorded_by,
                    }
                    for r in recent
                ]
            ),
            hide_index=True,
            width="stretch",
        )


def _export(ctx: ServiceContext, user: User, period: str | None, months: int | None) -> None:
    st.subheader("Strategic report (PDF)")
    st.caption(
        "Marked OFFICIAL-SENSITIVE, with the same suppression as this page. Making it is "
        "recorded as a disclosure, with the recipients you name."
    )
    with st.form("strategic_report"):
        recipients = st.text_input(
            "Recipients",
            value="Strategic board",
            help="Separate several with ';'.",
            key="strategic_recipients",
        )
        make = st.form_submit_button("Prepare report", key="strategic_prepare")
    if make:
        try:
            with st.spinner("Drawing the charts…"):
                pdf = strategic_report_pdf(
                    ctx, user, recipients=recipients.split(";"), period=period, months=months
                )
        except CseBoardError as e:
            st.error(md_escape(str(e)))
        else:
            st.session_state[_PDF] = pdf
    pdf_bytes = st.session_state.get(_PDF)
    if pdf_bytes:
        st.download_button(
            "Download the strategic report",
            data=pdf_bytes,
            file_name=f"strategic-report-{datetime.now(LONDON):%Y%m%d}.pdf",
            mime="application/pdf",
            type="primary",
        )


def render() -> None:
    user = current_user()
    if user is None:
        st.stop()
    ctx = services()
    st.title("Partnership oversight")
    st.caption(
        "Aggregates and pseudonyms only. Counts from 1 to 4 show as <5; [c] hides a further "
        "count where a <5 could otherwise be worked out. Charts list hidden counts under the lines."
    )
    lead = user.has(Role.PRACTICE_LEAD)
    try:
        periods = {p.key: p for p in reporting_periods(ctx, user)}
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return
    left, middle, right = st.columns([2, 1, 2])
    choices = list(periods) + (["12 months", "24 months", "36 months"] if lead else [])
    chosen = left.selectbox(
        "Reporting period",
        choices,
        format_func=lambda k: periods[k].label if k in periods else f"Last {k}",
        key="oversight_period",
        help="Financial years (April to March) and their quarters.",
    )
    period: str | None = chosen if chosen in periods else None
    months = None if period else int(str(chosen).split()[0])
    exact = False
    agency: str | None = None
    if lead:
        exact = right.toggle(
            "Exact figures (practice lead only: never share them)",
            value=False,
            key="oversight_exact",
        )
        picked = middle.text_input(
            "One agency", value="", key="oversight_agency", help="e.g. police; empty for all"
        ).strip()
        agency = picked or None
    try:
        report, figures = _load(ctx, user, (period or "", months, bool(exact), agency))
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return
    for note in report.notes:
        st.caption(note)
    _summary(report)
    names = [
        "Risk levels",
        "Missing",
        "Return home interviews",
        "Repeat missing",
        "Most-missing children",
        "Clusters and hotspots",
        "Intelligence",
        "Disruption",
    ]
    if report.by_agency:
        names.append("By agency")
    tabs = st.tabs(names)
    with tabs[0]:
        st.caption(report.risk_now.note)
        _chart(figures["risk_now"])
        if report.risk_over_time is not None:
            _table_section(report.risk_over_time, figures.get("risk_over_time"))
    with tabs[1]:
        _table_section(report.missing, figures["missing"])
    with tabs[2]:
        _table_section(report.rhi, figures["rhi"])
    with tabs[3]:
        _table_section(report.repeat, figures["repeat"])
    with tabs[4]:
        share = report.top20_share
        if share is None:
            st.info("The 20 most-missing children are given for financial years.")
        else:
            st.caption(
                f"{share.label}: {share.part.text} of {share.whole.text}. Children are shown "
                "by pseudonym only."
            )
        st.dataframe(
            pd.DataFrame(
                [
                    {"Pseudonym": c.pseudonym, "Episodes": c.episodes.text}
                    for c in report.top_children
                ]
            ),
            hide_index=True,
        )
        cohort = report.cohort_share
        st.caption(f"{cohort.label}: {cohort.part.text} of {cohort.whole.text}.")
    with tabs[5]:
        _clusters(report, figures.get("clusters"))
    with tabs[6]:
        _table_section(report.intelligence, figures["intelligence"])
    with tabs[7]:
        _table_section(report.disruption, figures["disruption"])
        if lead:
            _disruption_form(ctx, user)
    if report.by_agency:
        with tabs[8]:
            _by_agency(report)
    st.divider()
    _export(ctx, user, period, months)


render()
