"""Meeting page: one operation's cohort (RAG), changes, missing episodes, actions, snapshots."""

# Every read and change goes through the meeting services (``services.operations`` checks the
# user's operation) and is audited there; the page keeps the last board in the session so
# that reruns (a click, a tab) do not re-read and re-audit the same view.

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from cseboard.board.components.cached import cached, forget
from cseboard.board.components.leads import lead_caption, leads_panel
from cseboard.board.session import current_user, services, state_purpose, stated_purpose
from cseboard.errors import CseBoardError
from cseboard.models.casework import md_escape
from cseboard.models.meetings import (
    ActionItem,
    MeetingBoard,
    MeetingRecord,
    NetworkComparison,
    NetworkView,
    OperationSummary,
    rag_for,
)
from cseboard.models.users import User
from cseboard.models.values import LONDON, day_start
from cseboard.services.cohort_network import network_comparison
from cseboard.services.context import ServiceContext
from cseboard.services.meeting_actions import complete_action, create_action, update_action
from cseboard.services.meeting_board import DEFAULT_PERIOD_DAYS, meeting_board
from cseboard.services.meeting_snapshots import meeting_snapshot, meetings, take_snapshot
from cseboard.services.operations import meeting_operations

__all__ = ["RAG_COLOURS", "TABS", "TABS_KEY", "render"]

RAG_COLOURS = {"red": "#f4b6b6", "amber": "#ffd99a", "green": "#bfe3c0", "grey": "#d9d9d9"}
_CHART_COLOURS = {"red": "#c0392b", "amber": "#e69f00", "green": "#2e8b57", "grey": "#8c8c8c"}
_ROLES = {"young_person": "Young person", "associate": "Adult"}
_BOARD = "meeting_board"
_RECORDS = "meeting_records"
_NETWORK = "meeting_network"
_SNAPSHOT = "meeting_snapshot"
_FLASH = "cseboard_meeting_flash"
DEFAULT_PURPOSE = "Operational group meeting"
TABS = (
    "Cohort",
    "Changes since last meeting",
    "Missing episodes",
    "Actions",
    "Network",
    "Snapshot",
)
TABS_KEY = "meeting_tabs"


def _uk(moment: datetime | None, *, empty: str = "") -> str:
    return moment.astimezone(LONDON).strftime("%d/%m/%Y %H:%M") if moment else empty


def _agency(code: str | None) -> str:
    return (code or "").replace("_", " ")


def _changed() -> None:
    """Something was written: the next read must come from the store again."""
    for name in (_BOARD, _RECORDS, _NETWORK, _SNAPSHOT):
        forget(name)


def _rag_style(column: pd.Series) -> list[str]:
    return [
        f"background-color: {RAG_COLOURS.get(str(v).split(' ')[0].lower(), '')}" for v in column
    ]


def _status_style(column: pd.Series) -> list[str]:
    return [
        f"background-color: {RAG_COLOURS['red']}; font-weight: bold"
        if v in ("OVERDUE", "NONE NAMED")
        else ""
        for v in column
    ]


def _cohort_tab(board: MeetingBoard) -> None:
    if not board.cohort:
        st.info("The cohort of this operation is empty.")
        return
    frame = pd.DataFrame(
        [
            {
                "Name": m.display_name,
                "Role": _ROLES.get(m.role or "", "Not recorded"),
                "RAG": m.rag_text,
                "Lead professional": (
                    f"{m.lead_professional.name} ({_agency(m.lead_professional.agency)}), "
                    f"{m.lead_professional.contact}"
                    if m.lead_professional
                    else "NONE NAMED"
                    if m.needs_lead
                    else ""
                ),
                "At last meeting": m.level_at_last_meeting or "",
                "Rationale": m.rationale or "",
                "From": m.rationale_source or "",
                "In cohort since": _uk(m.in_cohort_since),
            }
            for m in board.cohort
        ]
    )
    st.dataframe(
        frame.style.apply(_rag_style, subset=["RAG"]).apply(
            _status_style, subset=["Lead professional"]
        ),
        hide_index=True,
        width="stretch",
        height="content",
        column_config={"Rationale": st.column_config.TextColumn(width="large")},
    )
    st.caption(
        "RAG shows the risk level a practitioner set with a written rationale: RED high, "
        "AMBER medium, GREEN low or none, GREY not set. It is not a score."
    )


def _lead_changed(message: str) -> None:
    _changed()
    st.session_state[_FLASH] = message
    st.rerun()


def _changes_tab(board: MeetingBoard) -> None:
    changes = board.changes
    st.subheader("Risk level changes")
    if changes.risk_changes:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Name": c.display_name,
                        "Was": c.previous_level or "not set",
                        "Now": c.level or "not set",
                        "When": _uk(c.assessed_at, empty="since last meeting"),
                        "By": " ".join(x for x in (c.by, _agency(c.agency)) if x),
                        "Rationale": c.rationale or "",
                    }
                    for c in changes.risk_changes
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.caption("No risk level changes in the period.")
    st.subheader("Cohort")
    joined = ", ".join(p.display_name for p in changes.joined_cohort)
    st.text(f"Joined: {joined}" if joined else "Nobody joined the cohort in the period.")
    if changes.left_cohort:
        st.text(f"{len(changes.left_cohort)} person(s) left the cohort since the last meeting.")
    st.subheader("New intelligence naming cohort members")
    if not changes.new_intelligence:
        st.caption("No new intelligence in the period.")
        return
    rows = []
    for i in changes.new_intelligence:
        named = ", ".join(p.display_name for p in i.people)
        if i.others_named:
            named += f" (+{i.others_named} not in cohort)"
        rows.append(
            {
                "Reported": _uk(i.reported_at),
                "Source": f"{_agency(i.holder)} {i.grading or ''}".strip(),
                "Category": "" if i.restricted else _agency(i.category),
                "Cohort members named": named,
                "Summary": f"RESTRICTED. {i.notice}" if i.restricted else (i.summary or ""),
            }
        )
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        height="content",
        column_config={
            "Source": st.column_config.TextColumn(width="small"),
            "Summary": st.column_config.TextColumn(width="large"),
        },
    )
    if board.counts.restricted_intelligence:
        st.warning(
            f"{board.counts.restricted_intelligence} item(s) are restricted by their handling "
            "conditions: the holder agency and whom to ask are shown instead of the content."
        )


def _episodes_tab(board: MeetingBoard) -> None:
    if not board.missing_episodes:
        st.caption("No missing episodes of cohort members in the period.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Name": e.display_name,
                    "New": "new" if e.new_in_period else "ongoing",
                    "Reported missing": _uk(e.reported_missing_at),
                    "Returned": _uk(e.returned_at, empty="STILL MISSING"),
                    "Missing from": _agency(e.missing_from),
                    "Police risk": e.police_risk_level or "",
                    "Found at": e.found_at or "",
                    "RHI offered": _uk(e.rhi_offered_at)
                    or ("yes" if e.rhi_offered else "no" if e.rhi_offered is False else ""),
                    "RHI completed": _uk(e.rhi_completed_at)
                    or ("declined" if e.rhi_declined else ""),
                    "Agency": _agency(e.agency),
                }
                for e in board.missing_episodes
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def _action_rows(actions: list[ActionItem]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Action": a.text,
                "About": a.person_name or "",
                "Due": a.due_date.strftime("%d/%m/%Y"),
                "Status": "OVERDUE" if a.overdue else a.status,
                "Completed": _uk(a.completed_at),
                "Set by": a.created_by,
            }
            for a in actions
        ]
    )


def _run(action: Any, success: str) -> bool:
    try:
        action()
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return False
    _changed()
    st.session_state[_FLASH] = success
    return True


def _actions_tab(ctx: ServiceContext, user: User, board: MeetingBoard) -> None:
    op = board.operation.operation_id
    if board.counts.overdue_actions:
        st.error(f"{board.counts.overdue_actions} action(s) overdue.")
    if not board.actions:
        st.caption("No actions recorded for this operation yet.")
    by_agency: dict[str, list[ActionItem]] = {}
    for a in board.actions:
        by_agency.setdefault(a.owner_agency, []).append(a)
    for agency in sorted(by_agency):
        st.markdown(f"**{md_escape(_agency(agency).capitalize())}**")
        frame = _action_rows(by_agency[agency])
        st.dataframe(
            frame.style.apply(_status_style, subset=["Status"]), hide_index=True, width="stretch"
        )

    owners = board.known_agencies or ([user.agency] if user.agency else [])
    people = {m.person_id: m.display_name for m in board.cohort}
    with st.form("new_action", clear_on_submit=True):
        st.markdown("**Add an action**")
        text = st.text_area("Action", max_chars=2000, key="new_action_text")
        left, middle, right = st.columns(3)
        owner = left.selectbox(
            "Owner agency",
            owners,
            key="new_action_owner",
            index=owners.index(user.agency) if user.agency in owners else 0,
            format_func=_agency,
        )
        due = middle.date_input(
            "Due",
            value=date.today() + timedelta(days=14),
            format="DD/MM/YYYY",
            key="new_action_due",
        )
        about = right.selectbox(
            "About",
            [None, *people],
            format_func=lambda p: "(the whole group)" if p is None else people[p],
        )
        if st.form_submit_button("Add action", type="primary", key="new_action_add") and _run(
            lambda: create_action(
                ctx, user, op, text=text, owner_agency=str(owner), due_date=due, person_id=about
            ),
            "Action added.",
        ):
            st.rerun()

    if not board.actions:
        return
    st.markdown("**Update or complete an action**")
    actions = {a.action_id: a for a in board.actions}
    chosen = st.selectbox(
        "Action to change",
        list(actions),
        key="edit_action_choice",
        format_func=lambda a: (
            f"{'OVERDUE ' if actions[a].overdue else ''}{actions[a].status}: "
            f"{actions[a].text[:80]} ({_agency(actions[a].owner_agency)})"
        ),
    )
    current = actions[chosen]
    with st.form(f"edit_{chosen}"):
        new_text = st.text_area("Action", value=current.text, max_chars=2000)
        left, middle, right = st.columns(3)
        options = owners if current.owner_agency in owners else [current.owner_agency, *owners]
        new_owner = left.selectbox(
            "Owner agency", options, index=options.index(current.owner_agency), format_func=_agency
        )
        new_due = middle.date_input("Due", value=current.due_date, format="DD/MM/YYYY")
        new_status = right.selectbox(
            "Status", ["open", "done"], index=0 if current.status == "open" else 1
        )
        save, done = st.columns(2)
        if save.form_submit_button("Save changes", key="edit_action_save") and _run(
            lambda: update_action(
                ctx,
                user,
                op,
                chosen,
                text=new_text,
                owner_agency=str(new_owner),
                due_date=new_due,
                status=new_status,
            ),
            "Action updated.",
        ):
            st.rerun()
        if done.form_submit_button(
            "Mark complete", disabled=current.status == "done", key="edit_action_done"
        ) and _run(lambda: complete_action(ctx, user, op, chosen), "Action completed."):
            st.rerun()


_LEGEND = {
    "red": "RED: high",
    "amber": "AMBER: medium",
    "green": "GREEN: low or none",
    "grey": "GREY: not set",
}


def _chart(view: NetworkView) -> alt.LayerChart:
    """Cohort members at fixed positions (computed by the service), links as lines: thicker
    with more records, dark red when new since the compared meeting."""
    edges = pd.DataFrame(
        [
            {
                "edge": n,
                "x": x,
                "y": y,
                "records": e.records,
                "kinds": ", ".join(k.replace("_", " ") for k in e.kinds),
                "link": "new since that meeting" if e.new else "link",
            }
            for n, e in enumerate(view.edges)
            for x, y in ((e.x1, e.y1), (e.x2, e.y2))
        ],
        columns=["edge", "x", "y", "records", "kinds", "link"],
    )
    nodes = pd.DataFrame(
        [
            {"x": n.x, "y": n.y, "name": n.label, "rag": _LEGEND[n.rag], "RAG": n.rag_text}
            for n in view.nodes
        ],
        columns=["x", "y", "name", "rag", "RAG"],
    )
    axis_x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-1.3, 1.3]))
    axis_y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[-1.15, 1.2]))
    lines = (
        alt.Chart(edges)
        .mark_line(opacity=0.6)
        .encode(
            axis_x,
            axis_y,
            detail="edge:N",
            color=alt.Color(
                "link:N",
                scale=alt.Scale(
                    domain=["link", "new since that meeting"], range=["#8596a8", "#8b0000"]
                ),
                legend=(
                    alt.Legend(title="Links", orient="bottom")
                    if any(e.new for e in view.edges)
                    else None
                ),
            ),
            strokeWidth=alt.StrokeWidth("records:Q", scale=alt.Scale(range=[1, 5]), legend=None),
            tooltip=[
                alt.Tooltip("kinds:N", title="evidence"),
                alt.Tooltip("records:Q", title="records"),
            ],
        )
    )
    colours = alt.Color(
        "rag:N",
        scale=alt.Scale(domain=list(_LEGEND.values()), range=list(_CHART_COLOURS.values())),
        legend=alt.Legend(title="RAG (risk level)", orient="bottom", columns=2),
    )
    points = (
        alt.Chart(nodes)
        .mark_circle(size=280, opacity=1, stroke="#333333", strokeWidth=0.8)
        .encode(axis_x, axis_y, color=colours, tooltip=["name:N", "RAG:N"])
    )
    labels = alt.Chart(nodes).mark_text(dy=-15, fontSize=11).encode(axis_x, axis_y, text="name:N")
    layered = alt.layer(lines, points, labels).properties(title=view.title, height=480)
    chart: alt.LayerChart = layered.resolve_scale(color="independent")
    return chart


def _network_tab(
    ctx: ServiceContext, user: User, board: MeetingBoard, purpose: str, records: list[MeetingRecord]
) -> None:
    op = board.operation.operation_id
    choices: list[str | None] = [None, *(r.meeting_id for r in records)]
    when = {r.meeting_id: _uk(r.held_at) for r in records}
    past = st.selectbox(
        "Show beside today's network the network as at the meeting of",
        choices,
        format_func=lambda m: "(today only)" if m is None else when[m],
    )
    try:
        comparison: NetworkComparison = cached(
            user,
            _NETWORK,
            (op, purpose, past),
            lambda: network_comparison(ctx, user, op, purpose=purpose, meeting_id=past),
            keep=1,
        )
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return
    views = [comparison.current] + ([comparison.past] if comparison.past else [])
    columns = st.columns(len(views))
    for column, view in zip(columns, views, strict=True):
        with column:
            st.altair_chart(_chart(view), width="stretch")
            st.caption(
                f"{len(view.nodes)} people, {len(view.edges)} links (reports naming two members, "
                "missing episodes together, over the previous 12 months)."
            )
            new = sum(1 for e in view.edges if e.new)
            if comparison.past is not None and view is comparison.current:
                st.caption(f"{new} link(s) new since that meeting (dark red).")
            if view.hidden_links:
                st.info(f"{view.hidden_links} link(s) rest only on restricted information.")
                for notice in view.notices:
                    st.text(notice)


def _snapshot_tab(
    ctx: ServiceContext,
    user: User,
    board: MeetingBoard,
    purpose: str,
    since: datetime | None,
    records: list[MeetingRecord],
) -> None:
    op = board.operation.operation_id
    st.write(
        "A snapshot freezes the as-at record of this meeting: the cohort and each risk level, "
        "the counts, the actions and the cohort network (as ids). The next meeting's "
        "'changes since the last meeting' start from it."
    )
    if st.button("Take meeting snapshot", type="primary", key="take_snapshot") and _run(
        lambda: take_snapshot(ctx, user, op, since=since), "Meeting snapshot taken."
    ):
        st.rerun()
    if not records:
        st.caption("No snapshot has been taken for this operation yet.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {"Meeting": _uk(r.held_at), "Taken by": r.taken_by, "Id": r.meeting_id}
                for r in records
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    chosen = st.selectbox(
        "Open the record of the meeting of",
        [r.meeting_id for r in records],
        format_func=lambda m: next(_uk(r.held_at) for r in records if r.meeting_id == m),
    )
    try:
        snapshot = cached(
            user,
            _SNAPSHOT,
            (op, purpose, chosen),
            lambda: meeting_snapshot(ctx, user, op, chosen, purpose=purpose),
            keep=1,
        )
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return
    names = {m.person_id: m.display_name for m in board.cohort}
    counts = snapshot.counts
    cols = st.columns(4)
    cols[0].metric("Cohort then", counts.cohort)
    cols[1].metric("Red then", counts.by_rag.get("red", 0))
    cols[2].metric("Open actions then", counts.open_actions)
    cols[3].metric("Overdue then", counts.overdue_actions)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Name": names.get(m.person_id, "former cohort member"),
                    "Risk level then": m.risk_level or "not set",
                    "RAG then": f"{rag.upper()} - {m.risk_level or 'not set'}",
                }
                for m in snapshot.cohort
                for rag in [rag_for(m.risk_level)]
            ]
        ).style.apply(_rag_style, subset=["RAG then"]),
        hide_index=True,
        width="stretch",
        height="content",
    )


def _operation_label(operations: list[OperationSummary]) -> dict[str, str]:
    return {
        o.operation_id: f"{o.name} ({o.operation_id}), cohort {o.cohort_size}" for o in operations
    }


def render() -> None:
    user = current_user()
    if user is None:
        st.stop()
    ctx = services()
    st.title("Operational meeting")
    try:
        operations = meeting_operations(ctx, user)
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return
    if not operations:
        st.info("Your account is not bound to an operation. Ask the CSE practice lead.")
        return
    labels = _operation_label(operations)
    top = st.columns([2, 2, 1])
    op = top[0].selectbox(
        "Operation", list(labels), format_func=labels.__getitem__, key="meeting_operation"
    )
    purpose_key = f"operation:{op}"
    purpose = top[1].text_input(
        "Purpose of this view (recorded in the audit log)",
        value=stated_purpose(purpose_key) or DEFAULT_PURPOSE,
        max_chars=200,
    )
    if not purpose.strip():
        st.warning("Say why you are opening this meeting: the purpose is recorded.")
        return
    state_purpose(purpose_key, purpose.strip())
    since_day = top[2].date_input(
        "Changes since",
        value=None,
        format="DD/MM/YYYY",
        help=f"Empty: since the last meeting snapshot, or the last {DEFAULT_PERIOD_DAYS} days.",
    )
    since = day_start(since_day) if isinstance(since_day, date) else None
    try:
        board: MeetingBoard = cached(
            user,
            _BOARD,
            (op, purpose.strip(), since),
            lambda: meeting_board(ctx, user, op, purpose=purpose.strip(), since=since),
            keep=1,
        )
        records: list[MeetingRecord] = cached(
            user, _RECORDS, op, lambda: meetings(ctx, user, op), keep=1
        )
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return
    flash = st.session_state.pop(_FLASH, None)
    if flash:
        st.success(flash)

    last = (
        f"last meeting snapshot {_uk(board.last_meeting.held_at)}"
        if board.last_meeting
        else "no earlier snapshot"
    )
    st.caption(
        f"OFFICIAL-SENSITIVE. Period {_uk(board.period_start)} to {_uk(board.period_end)} "
        f"({last}). Every view is audited."
    )
    st.caption(lead_caption(board))
    counts = board.counts
    metrics = st.columns(7)
    metrics[0].metric("Cohort", counts.cohort)
    metrics[1].metric("Red (high)", counts.by_rag.get("red", 0))
    metrics[2].metric("New intelligence", counts.new_intelligence)
    metrics[3].metric("Missing episodes", counts.missing_episodes)
    metrics[4].metric("Open actions", counts.open_actions)
    metrics[5].metric("Overdue actions", counts.overdue_actions)
    metrics[6].metric("No lead professional", counts.without_lead_professional)

    # The network and past snapshots are read (and audited) only when their tab is opened.
    tabs = st.tabs(list(TABS), key=TABS_KEY, on_change="rerun")
    with tabs[0]:
        _cohort_tab(board)
        leads_panel(ctx, user, board, _lead_changed)
    with tabs[1]:
        _changes_tab(board)
    with tabs[2]:
        _episodes_tab(board)
    with tabs[3]:
        _actions_tab(ctx, user, board)
    with tabs[4]:
        if tabs[4].open:
            _network_tab(ctx, user, board, purpose.strip(), records)
    with tabs[5]:
        if tabs[5].open:
            _snapshot_tab(ctx, user, board, purpose.strip(), since, records)


render()
