"""Alerts page: emerging-pattern alerts with their evidence; confirm or dismiss with a note."""

from __future__ import annotations

import streamlit as st

from cseboard.board.components.cached import cached, forget
from cseboard.board.components.common import run_caption, show_error
from cseboard.board.components.records import records_frame
from cseboard.board.session import current_user, services
from cseboard.errors import CseBoardError
from cseboard.models.casework import md_escape, uk_time
from cseboard.models.network import ALERT_KIND_LABELS, AlertPage, AlertView
from cseboard.models.users import User
from cseboard.services.alerts import MIN_NOTE, alert_page, review_alert
from cseboard.services.context import ServiceContext

__all__ = ["render"]

STATUSES = {"open": "Open", "confirmed": "Confirmed", "dismissed": "Dismissed"}
PAGE_SIZE = 20
_FLASH = "alerts_flash"
_PAGE = "alerts_page_number"
_CACHE = "alerts"


def _reset() -> None:
    st.session_state[_PAGE] = 1


def _page(
    ctx: ServiceContext,
    user: User,
    kinds: list[str],
    statuses: list[str],
    latest_only: bool,
    number: int,
) -> AlertPage:
    """Read once per filter set (the last one only): a rerun is not a new consultation."""
    return cached(
        user,
        _CACHE,
        (tuple(sorted(kinds)), tuple(sorted(statuses)), latest_only, number),
        lambda: alert_page(
            ctx,
            user,
            kinds=kinds or None,
            statuses=statuses or None,
            latest_run_only=latest_only,
            page=number,
            page_size=PAGE_SIZE,
        ),
        keep=1,
    )


def _review(ctx: ServiceContext, user: User, alert: AlertView) -> None:
    with st.form(f"alert_review_{alert.alert_id}"):
        decision = st.radio(
            "Decision",
            ["confirmed", "dismissed"],
            horizontal=True,
            format_func={"confirmed": "Confirm", "dismissed": "Dismiss"}.__getitem__,
            key=f"alert_decision_{alert.alert_id}",
        )
        note = st.text_area(
            f"Note (required, at least {MIN_NOTE} characters): why, and what happens next",
            max_chars=2000,
            key=f"alert_note_{alert.alert_id}",
        )
        if st.form_submit_button("Record the review", type="primary"):
            try:
                review_alert(
                    ctx,
                    user,
                    alert.alert_id,
                    decision="dismissed" if decision == "dismissed" else "confirmed",
                    note=note,
                )
            except CseBoardError as e:
                show_error(e)
            else:
                forget(_CACHE)
                st.session_state[_FLASH] = (
                    f"Alert {decision}. You own it now; no risk level was changed."
                )
                st.rerun()


def _alert(ctx: ServiceContext, user: User, alert: AlertView) -> None:
    with st.container(border=True):
        head = [
            ALERT_KIND_LABELS.get(alert.kind, alert.kind),
            STATUSES.get(alert.status, alert.status),
        ]
        if alert.detected_at:
            head.append(f"detected {uk_time(alert.detected_at)}")
        st.text(" · ".join(head))
        st.text(alert.summary)
        people = [s.label for s in alert.subjects if s.kind == "person"]
        others = [s.label for s in alert.subjects if s.kind != "person"]
        if people:
            st.text("People: " + "; ".join(people))
        if others:
            st.text("Also about: " + "; ".join(others))
        with st.expander(f"Evidence ({alert.evidence_total} records)"):
            if alert.evidence:
                st.dataframe(records_frame(alert.evidence), hide_index=True, width="stretch")
            if alert.evidence_total > len(alert.evidence):
                st.caption(f"The first {len(alert.evidence)} of {alert.evidence_total} records.")
        if alert.status == "open":
            with st.expander("Review this alert"):
                _review(ctx, user, alert)
        else:
            st.text(
                f"{STATUSES.get(alert.status, alert.status)} by {alert.owner or 'unknown'}"
                + (f" on {uk_time(alert.reviewed_at)}" if alert.reviewed_at else "")
                + f": {alert.note or ''}"
            )


def render() -> None:
    user = current_user()
    if user is None:
        st.stop()
    ctx = services()
    st.title("Alerts")
    st.info(
        "Alerts point at something new in the records for a person to review: a new link, a "
        "new cluster member, an adult newly linked to several young people, a vehicle or phone "
        "seen with several missing children. Confirming or dismissing an alert never changes "
        "a risk level: that is set on the person's profile, with a written rationale.",
        icon=":material/info:",
    )
    if message := st.session_state.pop(_FLASH, None):
        st.success(md_escape(message))
    left, middle, right = st.columns([0.45, 0.3, 0.25])
    kinds = left.multiselect(
        "Kind (none chosen: all)",
        list(ALERT_KIND_LABELS),
        format_func=ALERT_KIND_LABELS.__getitem__,
        key="alerts_kinds",
        on_change=_reset,
    )
    statuses = middle.multiselect(
        "Status",
        list(STATUSES),
        default=["open"],
        format_func=STATUSES.__getitem__,
        key="alerts_statuses",
        on_change=_reset,
    )
    scope = right.radio(
        "Raised in",
        ["latest", "all"],
        format_func={"latest": "The latest run", "all": "Any run"}.__getitem__,
        key="alerts_runs",
        on_change=_reset,
    )
    number = int(st.session_state.get(_PAGE, 1))
    try:
        page = _page(ctx, user, kinds, statuses, scope == "latest", number)
    except CseBoardError as e:
        show_error(e)
        return
    if page.run is None:
        st.info("No analysis run has been stored yet, so there are no alerts.")
        return
    st.caption(run_caption(page.run))
    total_open = sum(by.get("open", 0) for by in page.counts.values())
    a, b, c = st.columns(3)
    a.metric("Alerts matching", page.total)
    b.metric("Open", total_open)
    c.metric(
        "Reviewed",
        sum(n for by in page.counts.values() for s, n in by.items() if s != "open"),
    )
    if not page.items:
        st.info("No alerts match these filters.")
        return
    pages = max(1, -(-page.total // page.page_size))
    st.caption(f"Page {page.page} of {pages}; newest first.")
    for alert in page.items:
        _alert(ctx, user, alert)
    prev, _, nxt = st.columns([0.2, 0.6, 0.2])
    if prev.button("Previous page", disabled=page.page <= 1, key="alerts_prev"):
        st.session_state[_PAGE] = page.page - 1
        st.rerun()
    if nxt.button("Next page", disabled=page.page >= pages, key="alerts_next"):
        st.session_state[_PAGE] = page.page + 1
        st.rerun()


render()
