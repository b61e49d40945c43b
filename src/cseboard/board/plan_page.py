"""Strategy action plan page: the practice lead maintains it, the strategic board reads it and
records its decisions; each action shows the oversight figures it is meant to move."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from cseboard.access.policy import Permission, allowed
from cseboard.board.components.cached import cached, forget
from cseboard.board.components.common import agency_label
from cseboard.board.session import current_user, services
from cseboard.errors import CseBoardError
from cseboard.models.casework import md_escape, uk_time
from cseboard.models.plan import PLAN_STATUSES, FigureValue, PlanAction, PlanView, status_label
from cseboard.models.users import User
from cseboard.private_files import write_private
from cseboard.services.context import ServiceContext
from cseboard.services.plan import (
    plan_view,
    record_decision,
    set_action_figures,
    update_plan_action,
)
from cseboard.services.plan_figures import FIGURES
from cseboard.services.plan_import import PLAN_COLUMNS, import_plan

__all__ = ["STATUS_COLOURS", "render"]

_PLAN = "plan"
_FLASH = "plan_flash"
STATUS_COLOURS = {
    "not_started": "grey",
    "on_track": "green",
    "at_risk": "orange",
    "off_track": "red",
    "complete": "blue",
}


def _changed(message: str) -> None:
    forget(_PLAN)
    st.session_state[_FLASH] = message
    st.rerun()


def _badge(a: PlanAction) -> str:
    colour = STATUS_COLOURS[a.status]
    text = f":{colour}-badge[{status_label(a.status)}]"
    return text + (" :red-badge[OVERDUE]" if a.overdue else "")


def _figure(f: FigureValue) -> None:
    if not f.available:
        st.caption(f"{f.label}: not available in the oversight figures")
        return
    st.metric(f.label, f.text, help=f"Over {f.period}. Same suppression as the oversight page.")
    if f.recent:
        st.caption("By month: " + " · ".join(f"{m}: {t}" for m, t in f.recent))


def _history(a: PlanAction) -> None:
    entries = f"{len(a.updates)} {'entry' if len(a.updates) == 1 else 'entries'}"
    with st.expander(f"History ({entries})"):
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "When": uk_time(u.at),
                        "What": "board decision" if u.kind == "decision" else u.kind,
                        "Status": status_label(u.status) if u.status else "",
                        "Was": status_label(u.previous_status) if u.previous_status else "",
                        "Note": u.note or "",
                        "By": u.by,
                        "From": u.source,
                    }
                    for u in a.updates
                ],
                columns=["When", "What", "Status", "Was", "Note", "By", "From"],
            ),
            hide_index=True,
            width="stretch",
            column_config={"Note": st.column_config.TextColumn(width="large")},
        )


def _progress_form(ctx: ServiceContext, user: User, a: PlanAction) -> None:
    with st.form(f"plan_progress_{a.action_id}", clear_on_submit=True):
        left, right = st.columns([1, 3])
        status = left.selectbox(
            "Status",
            PLAN_STATUSES,
            index=PLAN_STATUSES.index(a.status),
            format_func=status_label,
            key=f"plan_status_{a.action_id}",
        )
        note = right.text_input(
            "Progress note (about the partnership's work: never name a child)",
            max_chars=4000,
            key=f"plan_note_{a.action_id}",
        )
        if st.form_submit_button("Record progress", key=f"plan_save_{a.action_id}"):
            try:
                update_plan_action(ctx, user, a.action_id, status=str(status), note=note)
            except CseBoardError as e:
                st.error(md_escape(str(e)))
            else:
                _changed("Progress recorded.")
    chosen = st.multiselect(
        "Oversight figures this action is meant to move",
        list(FIGURES),
        default=[k for k in a.figures if k in FIGURES],
        format_func=lambda k: FIGURES[k].label,
        key=f"plan_figures_{a.action_id}",
    )
    if sorted(chosen) != a.figures and st.button(
        "Save linked figures", key=f"plan_figures_save_{a.action_id}"
    ):
        try:
            set_action_figures(ctx, user, a.action_id, chosen)
        except CseBoardError as e:
            st.error(md_escape(str(e)))
        else:
            _changed("Linked figures saved.")


def _decision_form(ctx: ServiceContext, user: User, a: PlanAction) -> None:
    with st.form(f"plan_decision_{a.action_id}", clear_on_submit=True):
        decision = st.text_area(
            "The board's decision on this action", max_chars=4000, key=f"plan_dec_{a.action_id}"
        )
        if st.form_submit_button("Record the board's decision", key=f"plan_decide_{a.action_id}"):
            try:
                record_decision(ctx, user, a.action_id, decision=decision)
            except CseBoardError as e:
                st.error(md_escape(str(e)))
            else:
                _changed("The board's decision is recorded.")


def _action(ctx: ServiceContext, user: User, a: PlanAction, view: PlanView) -> None:
    with st.container(border=True):
        main, figures = st.columns([3, 2])
        with main:
            st.markdown(_badge(a))
            st.text(a.text)
            # Owner and role come from the partnership's spreadsheet: text, never Markdown.
            st.caption(
                f"{md_escape(agency_label(a.owner_agency))} - {md_escape(a.owner_role)}. "
                f"Due {a.due_date:%d/%m/%Y}. Action {md_escape(a.action_id)}."
            )
            decision = a.last_decision
            if decision is not None:
                st.text(f"Board decision {uk_time(decision.at)}: {decision.note or ''}")
            latest = next(
                (u for u in a.updates if u.kind in ("created", "progress") and u.note), None
            )
            if latest is not None:
                st.text(f"Latest note {uk_time(latest.at)}: {latest.note}")
        with figures:
            shown = [view.figures[k] for k in a.figures if k in view.figures]
            if shown:
                for f in shown:
                    _figure(f)
            elif a.figures:
                st.caption(md_escape("Linked figures: " + ", ".join(a.figures)))
            else:
                st.caption("No oversight figure linked.")
        _history(a)
        if allowed(user, Permission.MANAGE_PLAN):
            with st.expander("Record progress or link figures"):
                _progress_form(ctx, user, a)
        if allowed(user, Permission.DECIDE_PLAN):
            with st.expander("Record the board's decision"):
                _decision_form(ctx, user, a)


def _import(ctx: ServiceContext, user: User) -> None:
    with st.expander("Import the plan spreadsheet (CSV or XLSX)"):
        st.caption(
            "Columns: "
            + ", ".join(PLAN_COLUMNS)
            + " (optional: figures, keys separated by ';'). A row with the same objective and "
            "action updates that action; its update note is kept with the date of the import."
        )
        upload = st.file_uploader("Plan file", type=["csv", "xlsx"], key="plan_upload")
        if upload is None or not st.button("Import", key="plan_import", type="primary"):
            return
        if upload.size > ctx.settings.upload_max_mb * 1024 * 1024:
            st.error(f"The file is larger than {ctx.settings.upload_max_mb} MB.")
            return
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(upload.name).name
            write_private(path, upload.getvalue())
            try:
                result = import_plan(ctx, user, path, rejects_dir=Path(folder))
            except CseBoardError as e:
                st.error(md_escape(str(e)))
                return
        forget(_PLAN)
        st.success(
            f"{result.read} rows read: {len(result.created)} actions created, "
            f"{len(result.updated)} updated, {len(result.unchanged)} unchanged, "
            f"{result.rejected} row(s) rejected."
        )
        if result.problems:
            st.dataframe(
                pd.DataFrame(
                    result.problems, columns=["Line", "Column", "Value", "Reason", "Outcome"]
                ),
                hide_index=True,
                width="stretch",
            )


def render() -> None:
    user = current_user()
    if user is None:
        st.stop()
    ctx = services()
    st.title("CSE strategy action plan")
    st.caption(
        "Monitored by the strategic board. The practice lead maintains it; board members record "
        "the board's decisions. Every change is kept, dated and audited. Linked figures come "
        "from the oversight figures, with the same suppression (<5, [c])."
    )
    if message := st.session_state.pop(_FLASH, None):
        st.success(message)
    overdue_only = st.toggle("Only overdue actions", key="plan_overdue")
    try:
        view: PlanView = cached(
            user,
            _PLAN,
            bool(overdue_only),
            lambda: plan_view(ctx, user, overdue_only=bool(overdue_only), with_figures=True),
            keep=2,
            ttl=60,
        )
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        st.stop()
    metrics = st.columns(len(PLAN_STATUSES) + 1)
    for column, status in zip(metrics, PLAN_STATUSES, strict=False):
        column.metric(status_label(status), view.by_status.get(status, 0))
    metrics[-1].metric("Overdue", view.overdue)
    if view.figures_period:
        st.caption(f"Linked figures over {view.figures_period} (UK months).")
    if allowed(user, Permission.MANAGE_PLAN):
        _import(ctx, user)
    if not view.objectives:
        st.info("No actions to show." if overdue_only else "No action plan has been imported yet.")
    for objective in view.objectives:
        st.subheader(md_escape(objective.title))
        for a in objective.actions:
            _action(ctx, user, a, view)


render()
