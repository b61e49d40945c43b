"""Redaction page: free text that may still name an erased person, read, masked or closed."""

from __future__ import annotations

import streamlit as st

from cseboard.board.components.cached import cached, forget
from cseboard.board.components.common import show_error
from cseboard.board.session import current_user, services
from cseboard.errors import CseBoardError
from cseboard.models.casework import uk_time
from cseboard.models.oversight import RedactionTask
from cseboard.services.redaction import redact, redaction_tasks, redaction_text

__all__ = ["render"]

_FLASH = "redaction_flash"
_KINDS = {
    "intelligence": "Intelligence report",
    "action": "Meeting action",
    "alert": "Alert",
    "meeting": "Meeting snapshot",
    "plan_update": "Action plan note",
}


def _label(task: RedactionTask) -> str:
    when = uk_time(task.created_at) if task.created_at else ""
    return f"{_KINDS[task.kind]} {task.record} ({task.property}) · {when}"


def render() -> None:
    user = current_user()
    if user is None:
        st.stop()
    ctx = services()
    st.title("Redaction after erasure")
    st.caption(
        "An erasure removes the person's records, but free text written by people (report "
        "summaries, actions, alert notes, meeting snapshots, action plan notes) may still name "
        "them. Read each field, mask the words that name the erased person, or close it if "
        "nothing does. "
        "Reading and masking are audited; the erased words are never stored anywhere."
    )
    flash = st.session_state.pop(_FLASH, None)
    if flash:
        st.success(flash)
    try:
        tasks = redaction_tasks(ctx, user)
    except CseBoardError as e:
        show_error(e)
        return
    if not tasks:
        st.info("Nothing to redact: every field an erasure listed has been dealt with.")
        return
    by_id = {t.task_id: t for t in tasks}
    chosen = st.selectbox(
        f"Fields to check ({len(tasks)})",
        list(by_id),
        format_func=lambda t: _label(by_id[t]),
        key="redaction_task",
    )
    if chosen is None:
        return
    try:
        view = cached(user, "redaction", chosen, lambda: redaction_text(ctx, user, chosen))
    except CseBoardError as e:
        show_error(e)
        return
    st.caption(
        "The record was about the erased person." if view.task.about else
        "The record mentions a name of the erased person."
    )
    if view.text is None:
        st.warning("The record no longer exists; close the task.")
    else:
        st.code(view.text, language=None, wrap_lines=True)
    with st.form("redaction_form"):
        words = st.text_input(
            "Words that name the erased person (separate with ;)", key="redaction_words"
        )
        left, right = st.columns(2)
        masked = left.form_submit_button("Mask these words and close", type="primary")
        nothing = right.form_submit_button("Nothing here names them: close")
    if not (masked or nothing):
        return
    try:
        closed = redact(
            ctx,
            user,
            chosen,
            mask=[w for w in (words or "").split(";") if w.strip()] if masked else [],
        )
    except CseBoardError as e:
        show_error(e)
        return
    forget("redaction", chosen)
    st.session_state.pop("redaction_words", None)
    st.session_state[_FLASH] = (
        f"{closed.masked} place(s) masked; task closed."
        if closed.status == "redacted"
        else "Task closed: nothing to redact."
    )
    st.rerun()


render()
