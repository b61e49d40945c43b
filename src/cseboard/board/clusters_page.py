"""Clusters page: a run's clusters with summaries, what is new since the last run, run compare."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cseboard.access.policy import Permission, allowed
from cseboard.board.components.cached import cached, forget
from cseboard.board.components.common import BOARD, go_to, run_caption, run_label, show_error
from cseboard.board.session import current_user, services
from cseboard.errors import CseBoardError
from cseboard.models.casework import md_escape, risk_label
from cseboard.models.network import ClusterList, ClusterRow, RunInfo
from cseboard.models.users import User
from cseboard.services.clusters import analysis_runs, cluster_list, compare_runs, run_analysis_now
from cseboard.services.context import ServiceContext

__all__ = ["DETAIL", "render"]

DETAIL = "cluster_detail_id"
DETAIL_RUN = "cluster_detail_run"
_FLASH = "clusters_flash"
_LISTS = "clusters"


def _risks(levels: dict[str, int]) -> str:
    order = ["high", "medium", "low", "none", "unset"]
    known = sorted(levels, key=lambda k: (order.index(k) if k in order else 0, k))
    return ", ".join(f"{'not set' if k == 'unset' else risk_label(k)} {levels[k]}" for k in known)


def _new_text(row: ClusterRow) -> str:
    if row.is_new:
        return "new cluster"
    if row.new_members:
        return f"{row.new_members} new member{'s' if row.new_members != 1 else ''}"
    return ""


def _frame(rows: list[ClusterRow]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Cluster": r.cluster_id,
                "New since last run": _new_text(r),
                "People": r.size,
                "Young people": r.young_people,
                "Adults or peers of concern": r.associates,
                "Role not recorded": r.others,
                "Places": r.locations,
                "Risk levels present": _risks(r.risk_levels),
                "Missing episodes": r.missing_episodes,
                "Reports": r.intelligence_count,
                "Links": r.link_count,
                "Growth": "" if r.growth is None else f"{r.growth:+d}",
                "Left since last run": r.left_members,
            }
            for r in rows
        ]
    )


def _highlight(frame: pd.DataFrame) -> object:
    """Rows with something new since the last run stand out (colour and the text column)."""

    def style(row: pd.Series) -> list[str]:
        new = bool(row["New since last run"])
        return ["background-color: #fff3cd" if new else "" for _ in row]

    return frame.style.apply(style, axis=1)


def _run_now(ctx: ServiceContext, user: User) -> None:
    if not allowed(user, Permission.RUN_ANALYSIS):
        return
    if st.button("Run analysis now", icon=":material/play_arrow:", key="clusters_run_now"):
        with st.status("Running the network analysis…", expanded=True) as status:
            st.write("Reading the records of the last 12 months and projecting the network.")
            try:
                run = run_analysis_now(ctx, user)
            except CseBoardError as e:
                status.update(label="The analysis failed", state="error")
                show_error(e)
                return
            status.update(label=f"Analysis stored as {run.run_id}", state="complete")
        forget(_LISTS)
        st.session_state[_FLASH] = (
            f"Analysis run {run.run_id} stored: {run.cluster_count} clusters, "
            f"{run.alert_count} alerts to review. No risk level was changed."
        )
        st.rerun()


def _lists(ctx: ServiceContext, user: User, run_id: str) -> ClusterList:
    return cached(user, _LISTS, run_id, lambda: cluster_list(ctx, user, run_id))


def _metrics(listing: ClusterList) -> None:
    rows = listing.clusters
    a, b, c, d = st.columns(4)
    a.metric("Clusters", len(rows))
    b.metric("People in clusters", sum(r.size for r in rows))
    c.metric("New clusters", sum(1 for r in rows if r.is_new))
    d.metric("Clusters with new members", sum(1 for r in rows if not r.is_new and r.new_members))


def _open(listing: ClusterList) -> None:
    ids = [r.cluster_id for r in listing.clusters]
    left, right = st.columns([0.7, 0.3], vertical_alignment="bottom")
    chosen = left.selectbox("Open a cluster", ids, key="clusters_open_choice")
    if right.button("Open cluster detail", key="clusters_open") and chosen and listing.run:
        st.session_state[DETAIL] = chosen
        st.session_state[DETAIL_RUN] = listing.run.run_id
        go_to(BOARD / "cluster_detail_page.py", "Open the Cluster detail page to see it.")


def _comparison(ctx: ServiceContext, user: User, run: RunInfo, runs: list[RunInfo]) -> None:
    earlier = [r for r in runs if r.run_at < run.run_at]
    st.subheader("Compare with an earlier run")
    if not earlier:
        st.info("There is no earlier run to compare with.")
        return
    labels = {r.run_id: run_label(r) for r in earlier}
    other = st.selectbox(
        "Earlier run", list(labels), format_func=labels.__getitem__, key="clusters_compare"
    )
    if other is None:
        return
    try:
        comparison = cached(
            user,
            "clusters_comparison",
            (run.run_id, other),
            lambda: compare_runs(ctx, user, run.run_id, other),
        )
    except CseBoardError as e:
        show_error(e)
        return
    words = {"new": "new", "gone": "no longer found", "continuing": "continuing"}
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Cluster": c.cluster_id,
                    "Status": words[c.status],
                    "People then": c.size_before,
                    "People now": c.size_after,
                    "Joined": c.joined,
                    "Left": c.left,
                }
                for c in comparison.changes
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def render() -> None:
    user = current_user()
    if user is None:
        st.stop()
    ctx = services()
    st.title("Clusters")
    st.caption(
        "Groups of people the records link closely (Louvain communities of the link network). "
        "They are advisory: every membership is explained by its records on the cluster's "
        "detail page. Nothing here is a score or changes a risk level."
    )
    if message := st.session_state.pop(_FLASH, None):
        st.success(md_escape(message))
    try:
        runs = analysis_runs(ctx, user)
    except CseBoardError as e:
        show_error(e)
        return
    _run_now(ctx, user)
    if not runs:
        st.info("No analysis run has been stored yet. Run the analysis to see clusters.")
        return
    labels = {r.run_id: run_label(r) for r in runs}
    run_id = st.selectbox(
        "Analysis run", list(labels), format_func=labels.__getitem__, key="clusters_run"
    )
    if run_id is None:
        return
    try:
        listing = _lists(ctx, user, run_id)
    except CseBoardError as e:
        show_error(e)
        return
    if listing.run is None:
        return
    st.caption(run_caption(listing.run))
    if listing.previous_run is not None:
        st.caption(
            f"“New since last run” compares with run {listing.previous_run.run_id} of "
            f"{run_label(listing.previous_run).split(' · ')[0]}; highlighted rows have new "
            "members or are new clusters."
        )
    else:
        st.caption("This is the first stored run: nothing is marked new.")
    _metrics(listing)
    if not listing.clusters:
        st.info("The run found no clusters.")
        return
    st.dataframe(_highlight(_frame(listing.clusters)), hide_index=True, width="stretch")
    _open(listing)
    _comparison(ctx, user, listing.run, runs)


render()
