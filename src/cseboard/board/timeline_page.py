"""Timeline page: what happened when, for a person, a cluster or an operation's cohort.

One lane per person; reports, sightings, missing episodes (bars from missing to return) and
risk levels set on one time axis, coloured by agency, with gradings. Clicking an event opens
its record below the chart (the list under it does the same without a mouse).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from cseboard.access.policy import Permission, allowed
from cseboard.board.components.cached import cached, forget
from cseboard.board.components.common import (
    TIMELINE_LABELS,
    TIMELINE_PRESET,
    agency_label,
    distinct,
    open_profile,
    show_error,
)
from cseboard.board.components.purpose import ask_purpose
from cseboard.board.components.records import records_frame
from cseboard.board.session import current_user, services, stated_purpose
from cseboard.errors import AccessDenied, CseBoardError
from cseboard.models.casework import PersonMatch, md_escape, uk_time
from cseboard.models.timeline import EVENT_KIND_LABELS, Timeline, TimelineEvent
from cseboard.models.users import User
from cseboard.reports.timeline_chart import SELECTION, timeline_chart
from cseboard.services.context import ServiceContext
from cseboard.services.network_view import network_options
from cseboard.services.operations import meeting_operations
from cseboard.services.profile import cohort_people
from cseboard.services.records import record_details
from cseboard.services.timeline import (
    cluster_timeline,
    operation_timeline,
    person_timeline,
)

__all__ = ["render"]

TIMELINES = "timelines"
"""The page cache of timelines read this sign-in (``components.cached``)."""
_CHOSEN = "timeline_chosen"
_RECORD = "timeline_record"
_SUBJECTS = {
    "operation": "An operation's cohort",
    "person": "A person",
    "cluster": "A cluster (latest analysis run)",
}
_WINDOWS = {
    30: "30 days",
    90: "90 days",
    180: "6 months",
    365: "12 months",
    730: "2 years",
    1825: "5 years",
}


def _people(ctx: ServiceContext, user: User) -> dict[str, str]:
    listed: list[PersonMatch] = cached(
        user, "profile_people", None, lambda: cohort_people(ctx, user)
    )
    people = {m.person.person_id: m.person.label for m in listed}
    # People opened from another page (a chart, a profile) that are not on the list.
    for person_id, label in st.session_state.get(TIMELINE_LABELS, {}).items():
        people.setdefault(person_id, label)
    return distinct(people)


def _choices(ctx: ServiceContext, user: User, subject: str) -> dict[str, str]:
    if subject == "operation":
        operations = cached(
            user, "timeline_operations", None, lambda: meeting_operations(ctx, user)
        )
        return {o.operation_id: f"{o.name} ({o.operation_id})" for o in operations}
    if subject == "cluster":
        options = cached(user, "network_options", None, lambda: network_options(ctx, user))
        return {
            c.cluster_id: f"{c.cluster_id} · {c.size} people · {c.young_people} young people"
            for c in options.clusters
        }
    return _people(ctx, user)


def _subjects(user: User) -> list[str]:
    found = []
    if allowed(user, Permission.RUN_MEETING):
        found.append("operation")
    found.append("person")
    if allowed(user, Permission.VIEW_CLUSTERS):
        found.append("cluster")
    return found


def _pick(ctx: ServiceContext, user: User) -> tuple[str, str | None, int]:
    preset: dict[str, Any] | None = st.session_state.pop(TIMELINE_PRESET, None)
    subjects = _subjects(user)
    if preset and preset.get("subject") in subjects:
        st.session_state["timeline_subject"] = preset["subject"]
        st.session_state[f"timeline_id_{preset['subject']}"] = preset.get("subject_id")
        st.session_state.pop(_RECORD, None)
    left, middle, right = st.columns([0.3, 0.5, 0.2])
    subject = left.radio(
        "Timeline of", subjects, format_func=_SUBJECTS.__getitem__, key="timeline_subject"
    )
    try:
        choices = _choices(ctx, user, str(subject))
    except CseBoardError as e:
        show_error(e)
        st.stop()
    chosen_key = f"timeline_id_{subject}"
    if st.session_state.get(chosen_key) not in choices:
        st.session_state.pop(chosen_key, None)
    chosen = middle.selectbox(
        "Whose",
        list(choices),
        index=0 if choices and chosen_key not in st.session_state else None,
        format_func=lambda c: choices.get(c, c),
        key=chosen_key,
        placeholder="Nothing to choose",
    )
    window = right.selectbox(
        "Window", list(_WINDOWS), index=3, format_func=_WINDOWS.__getitem__, key="timeline_window"
    )
    return str(subject), (str(chosen) if chosen else None), int(window)


def _load(ctx: ServiceContext, user: User, subject: str, subject_id: str, days: int) -> Timeline:
    """Read once per sign-in and choice: a rerun of the page is not a new consultation."""
    purpose = None
    if subject == "person":
        purpose = stated_purpose(subject_id)
        if purpose is None:
            forget(TIMELINES, (subject, subject_id, days))
            ask_purpose(
                subject_id,
                what="this person's timeline",
                button="Show the timeline",
                own="Reviewing what happened to a young person and when",
                key="timeline",
            )

    def load() -> Timeline:
        with st.spinner("Reading the records…"):
            if subject == "person":
                return person_timeline(ctx, user, subject_id, purpose=purpose, window_days=days)
            if subject == "cluster":
                return cluster_timeline(ctx, user, subject_id, window_days=days)
            return operation_timeline(ctx, user, subject_id, window_days=days)

    return cached(user, TIMELINES, (subject, subject_id, days), load, keep=6)


def _event_label(e: TimelineEvent) -> str:
    return f"{uk_time(e.at)} · {e.lane} · {e.text} · {agency_label(e.agency)}"


def _record(ctx: ServiceContext, user: User, timeline: Timeline) -> None:
    """The record of the clicked (or chosen) event."""
    record_id = st.session_state.get(_RECORD)
    event = timeline.event(str(record_id)) if record_id else None
    if event is None:
        st.caption(
            "Click an event on the chart, or choose it below, to open its record. "
            "Restricted reports show only which agency holds them and whom to ask."
        )
        return
    with st.container(border=True):
        st.subheader("The record")
        st.text(_event_label(event))
        if event.kind == "risk":
            st.text("A risk level set by a practitioner (the rationale is on the profile).")
        else:
            try:
                records = cached(
                    user,
                    "timeline_records",
                    event.record_id,
                    lambda: record_details(ctx, user, [str(event.record_id)]),
                )
            except CseBoardError as e:
                show_error(e)
                return
            st.dataframe(records_frame(records), hide_index=True, width="stretch")
        if st.button("Open their profile", key="timeline_open_profile", icon=":material/person:"):
            open_profile(event.person_id)


def _keyboard(timeline: Timeline) -> None:
    shown = [e for e in timeline.events if e.record_id]
    labels = {str(e.record_id): _event_label(e) for e in reversed(shown)}
    left, right = st.columns([0.8, 0.2], vertical_alignment="bottom")
    chosen = left.selectbox(
        "Open an event's record",
        list(labels),
        index=None,
        format_func=labels.__getitem__,
        key="timeline_pick_event",
    )
    if right.button("Open record", key="timeline_open_record", disabled=chosen is None):
        st.session_state[_RECORD] = chosen
        st.rerun()


def _table(timeline: Timeline) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "When": uk_time(e.at),
                "Until": "still missing" if e.still_missing else uk_time(e.until),
                "Person": e.lane,
                "What": e.text,
                "Kind": EVENT_KIND_LABELS[e.kind],
                "Agency": agency_label(e.agency),
                "Grading": "" if e.grading in (None, "record") else e.grading,
                "Record": e.record_id or (e.notice or ""),
            }
            for e in reversed(timeline.events)
        ]
    )


def render() -> None:
    user = current_user()
    if user is None:
        st.stop()
    ctx = services()
    st.title("Timeline")
    st.caption(
        "What happened when: reports, sightings, missing episodes (from missing to return) and "
        "risk levels set, one lane per person, coloured by the agency holding the record. "
        "Viewing a timeline is recorded in the audit log. Times are UK time."
    )
    subject, subject_id, days = _pick(ctx, user)
    if subject_id is None:
        st.info("Nothing to show yet for this choice.")
        return
    try:
        timeline = _load(ctx, user, subject, subject_id, days)
    except AccessDenied as e:
        st.error(md_escape(f"Refused: {e}. The refusal is recorded in the audit log."))
        return
    except CseBoardError as e:
        show_error(e)
        return
    st.subheader(md_escape(f"Timeline of {timeline.title}"))
    st.caption(
        f"{len(timeline.lanes)} people, {len(timeline.events)} events · "
        f"{uk_time(timeline.window_start)} to {uk_time(timeline.window_end)}."
    )
    for note in timeline.notes:
        st.info(md_escape(note))
    if not timeline.events:
        st.info("Nothing recorded for these people in this window.")
        return
    picked = st.altair_chart(
        timeline_chart(timeline),
        width="stretch",
        on_select="rerun",
        selection_mode=SELECTION,
        key=f"timeline_chart_{subject}_{subject_id}_{days}",
    )
    selection: dict[str, Any] = dict(getattr(picked, "selection", None) or {})
    rows: list[dict[str, Any]] = list(selection.get(SELECTION) or [])
    clicked = next((r.get("record_id") for r in rows if r.get("record_id")), None)
    if clicked:
        st.session_state[_RECORD] = clicked
    _record(ctx, user, timeline)
    _keyboard(timeline)
    with st.expander(f"Every event ({len(timeline.events)})"):
        st.dataframe(_table(timeline), hide_index=True, width="stretch")


render()
