"""Small helpers the analysis pages share: labels, run captions, page switching, errors."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from cseboard.errors import CseBoardError
from cseboard.models.casework import md_escape, uk_time
from cseboard.models.network import RunInfo

__all__ = [
    "BOARD",
    "agency_label",
    "distinct",
    "go_to",
    "open_profile",
    "open_timeline",
    "run_caption",
    "run_label",
    "show_error",
]

BOARD = Path(__file__).resolve().parents[1]
PERSON_PAGE = BOARD / "person_page.py"
TIMELINE_PAGE = BOARD / "timeline_page.py"
TIMELINE_PRESET = "timeline_preset"
"""``{"subject": "person" | "cluster" | "operation", "subject_id": …}`` for the timeline page."""
TIMELINE_LABELS = "timeline_labels"
"""People opened on the timeline from another page: id → name the page showed."""


def agency_label(code: str | None) -> str:
    """An agency code as words (``childrens_social_care`` → ``Childrens social care``)."""
    return (code or "").replace("_", " ").capitalize()


def distinct(labels: dict[str, str]) -> dict[str, str]:
    """Option labels made unique: two people can share a name, so a repeated label gets its id.

    Examples
    --------
    >>> distinct({"P-1": "Amy Jones", "P-2": "Amy Jones", "P-3": "Bea Li"})
    {'P-1': 'Amy Jones (P-1)', 'P-2': 'Amy Jones (P-2)', 'P-3': 'Bea Li'}
    """
    counts: dict[str, int] = {}
    for label in labels.values():
        counts[label] = counts.get(label, 0) + 1
    return {
        key: f"{label} ({key})" if counts[label] > 1 else label for key, label in labels.items()
    }


def run_label(run: RunInfo) -> str:
    """How a run is named in pickers: when it ran, its size, its id."""
    clusters = f"{run.cluster_count} clusters · " if run.cluster_count is not None else ""
    return f"{uk_time(run.run_at)} · {clusters}{run.run_id}"


def run_caption(run: RunInfo) -> str:
    """One sentence on the run a page shows: when, over which window, how big."""
    window = ""
    if run.window_start and run.window_end:
        window = f" over evidence from {uk_time(run.window_start)} to {uk_time(run.window_end)}"
    size = ""
    if run.graph_nodes is not None and run.graph_edges is not None:
        size = f" ({run.graph_nodes:,} linked people, {run.graph_edges:,} links)"
    return f"Analysis run {run.run_id} of {uk_time(run.run_at)}{window}{size}. Times are UK time."


def show_error(error: CseBoardError) -> None:
    """A service refusal or failure as an error box (text escaped: it may quote input)."""
    st.error(md_escape(str(error)))


def go_to(page: Path, message: str) -> None:
    """Switch to another board page; outside the board's navigation, say where to go instead."""
    try:
        st.switch_page(page)
    except StreamlitPageNotFoundError:
        # Only when a page runs on its own (as in AppTest), without the navigation.
        st.info(message)


def open_profile(person_id: str) -> None:
    """Open the person profile page with this person chosen (it asks the purpose first)."""
    st.session_state["profile_person_id"] = person_id
    go_to(PERSON_PAGE, "Open the Person profile page to see this person.")


def open_timeline(subject: str, subject_id: str, label: str | None = None) -> None:
    """Open the timeline page on a person, a cluster or an operation's cohort."""
    st.session_state[TIMELINE_PRESET] = {"subject": subject, "subject_id": subject_id}
    if subject == "person" and label:
        st.session_state.setdefault(TIMELINE_LABELS, {})[subject_id] = label
    go_to(TIMELINE_PAGE, "Open the Timeline page to see this timeline.")
