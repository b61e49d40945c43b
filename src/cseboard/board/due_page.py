"""What is due: interview clocks, risk reviews, meeting actions and cohort contacts, as duties.

Each list is in the order its clock runs out; nothing here ranks a child. Selecting a line and
"Open the record" goes to the young person's profile (which asks the purpose) or to the meeting.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cseboard.board.components.cached import cached, forget
from cseboard.board.components.common import BOARD, go_to, open_profile
from cseboard.board.session import current_user, services
from cseboard.errors import CseBoardError
from cseboard.models.casework import md_escape
from cseboard.models.due import DueItem, DueList
from cseboard.models.values import LONDON
from cseboard.services.due import due_list

__all__ = ["SECTIONS", "render"]

_DUE = "due"
MEETING_PAGE = BOARD / "meeting_page.py"
SECTIONS = (
    ("rhi", "Return home interviews", "Return home interviews: the {rhi_due_hours}-hour clock"),
    ("risk_reviews", "Risk reviews", "Risk levels due for review (every {risk_review_days} days)"),
    (
        "meeting_actions",
        "Meeting actions",
        "Meeting actions due within {due_soon_days} days or overdue",
    ),
    (
        "no_contact",
        "No contact recorded",
        "Young people with no contact recorded for {no_contact_days} days",
    ),
)
_STATE = {"running": "clock running", "due_soon": "due soon", "overdue": "OVERDUE"}


def _when(item: DueItem) -> str:
    if item.kind == "rhi" and item.due_at is not None:
        return item.due_at.astimezone(LONDON).strftime("%a %d/%m/%Y %H:%M")
    return item.due_day.strftime("%a %d/%m/%Y")


def _clock(item: DueItem) -> str:
    """Hours left on an interview clock, or how long ago it ran out."""
    if item.hours_left is None:
        return ""
    if item.hours_left >= 0:
        return f"{item.hours_left:.0f} h left"
    return f"ended {-item.hours_left:.0f} h ago"


def _style(column: pd.Series) -> list[str]:
    return [
        "background-color: #f4b6b6; font-weight: bold"
        if v == "OVERDUE"
        else "background-color: #ffd99a"
        if v == "clock running"
        else ""
        for v in column
    ]


def _open(item: DueItem) -> None:
    if item.kind == "meeting_action" and item.operation_id:
        st.session_state["meeting_operation"] = item.operation_id
        go_to(MEETING_PAGE, f"Open the Meeting page of {item.operation_id} to see this action.")
    elif item.person_id:
        open_profile(item.person_id)
    else:
        st.info(
            md_escape(f"Record {item.record_id}: the child is not yet identified on the board.")
        )


def _section(key: str, title: str, items: list[DueItem]) -> None:
    st.subheader(f"{title} ({len(items)})")
    if not items:
        st.caption("Nothing due.")
        return
    frame = pd.DataFrame(
        [
            {
                "State": _STATE[i.state],
                "Due": _when(i),
                "Clock": _clock(i),
                "Young person": i.display_name or "",
                "Operation": ", ".join(i.operations),
                "What": i.detail,
            }
            for i in items
        ]
    )
    if key != "rhi":
        frame = frame.drop(columns=["Clock"])
    event = st.dataframe(
        frame.style.apply(_style, subset=["State"]),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=f"due_table_{key}",
        column_config={"What": st.column_config.TextColumn(width="large")},
    )
    rows = event.selection.rows if event is not None else []
    if rows and st.button("Open the record", key=f"due_open_{key}", icon=":material/open_in_new:"):
        _open(items[rows[0]])


def render() -> None:
    user = current_user()
    if user is None:
        st.stop()
    ctx = services()
    st.title("What is due")
    try:
        result: DueList = cached(user, _DUE, None, lambda: due_list(ctx, user), keep=1, ttl=120)
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        st.stop()
    at = result.as_at.astimezone(LONDON)
    scope = (
        "everyone (every child and operation)"
        if result.everyone
        else "the operations you lead: " + ", ".join(result.operations)
    )
    st.caption(
        f"Duties for {scope}, as at {at:%d/%m/%Y %H:%M} UK time. Each list runs in the order its "
        "clock runs out; nothing here ranks or scores a child. Viewing this list is audited."
    )
    if not result.everyone and not result.operations:
        st.info(
            "You are not the lead practitioner of an operation. The CSE practice lead names "
            "each operation's lead practitioner on the Meeting page."
        )
        return
    left, right = st.columns([4, 1])
    operations = sorted({o for i in result.items for o in i.operations})
    chosen = left.multiselect(
        "Operation", operations, key="due_operations", placeholder="All operations"
    )
    if right.button("Read again", key="due_refresh", icon=":material/refresh:"):
        forget(_DUE)
        st.rerun()
    counts = st.columns(4)
    for column, (key, label, _) in zip(counts, SECTIONS, strict=True):
        column.metric(label, len(getattr(result, key)))
    for key, _, title in SECTIONS:
        items: list[DueItem] = getattr(result, key)
        if chosen:
            items = [i for i in items if set(i.operations) & set(chosen)]
        _section(key, title.format(**result.settings), items)
    st.caption(
        "The 72-hour clock is elapsed time from the child's return: weekends and the clock "
        f"changes neither pause nor stretch it. {result.contact_definition}"
    )


render()
