"""Cluster detail page: members and why each is in the cluster, its places, roles inside it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cseboard.board.components.cached import cached
from cseboard.board.components.common import (
    BOARD,
    distinct,
    go_to,
    open_profile,
    open_timeline,
    run_caption,
    show_error,
)
from cseboard.board.session import current_user, services
from cseboard.errors import CseBoardError
from cseboard.models.casework import (
    LINK_KIND_LABELS,
    md_escape,
    risk_label,
    role_label,
    uk_date,
)
from cseboard.models.network import ROLE_KIND_LABELS, ClusterDetail, ClusterMember
from cseboard.models.users import User
from cseboard.services.clusters import cluster_detail, cluster_list
from cseboard.services.context import ServiceContext

__all__ = ["render"]

DETAIL = "cluster_detail_id"
DETAIL_RUN = "cluster_detail_run"


def _detail(ctx: ServiceContext, user: User, cluster_id: str, run_id: str | None) -> ClusterDetail:
    """Read once per sign-in and cluster: a rerun of the page is not a new consultation."""

    def load() -> ClusterDetail:
        with st.spinner("Reading the records behind the cluster…"):
            return cluster_detail(ctx, user, cluster_id, run_id=run_id)

    return cached(user, "cluster_detail", (run_id, cluster_id), load)


def _pick(ctx: ServiceContext, user: User) -> tuple[str | None, str | None]:
    chosen: str | None = st.session_state.get(DETAIL)
    run_id: str | None = st.session_state.get(DETAIL_RUN)
    if chosen:
        return chosen, run_id
    try:
        listing = cluster_list(ctx, user)
    except CseBoardError as e:
        show_error(e)
        st.stop()
    if listing.run is None or not listing.clusters:
        st.info("No analysis run with clusters has been stored yet.")
        st.stop()
    ids = [c.cluster_id for c in listing.clusters]
    picked = st.selectbox("Cluster (latest run)", ids, index=None, key="cluster_detail_pick")
    if picked is None:
        st.info("Choose a cluster, or open one from the Clusters page.")
        st.stop()
    st.session_state[DETAIL] = picked
    st.session_state[DETAIL_RUN] = listing.run.run_id
    return picked, listing.run.run_id


def _members(detail: ClusterDetail) -> None:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Name": m.person.label,
                    "Role": role_label(m.person.role),
                    "Risk level": risk_label(m.person.risk_level),
                    "New since last run": "yes" if m.new else "",
                    "Links to members": len(m.links),
                    "Strongest links": "; ".join(x.other.label for x in m.links[:3]),
                    "Roles found": ", ".join(
                        ROLE_KIND_LABELS.get(r, r).split(" (")[0] for r in m.roles
                    ),
                }
                for m in detail.members
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def _why(detail: ClusterDetail) -> None:
    st.subheader("Why each member is in the cluster")
    members = {m.person.person_id: m for m in detail.members}
    labels = distinct(
        {pid: f"{m.person.label} · {role_label(m.person.role)}" for pid, m in members.items()}
    )
    left, right = st.columns([0.7, 0.3], vertical_alignment="bottom")
    chosen = left.selectbox(
        "Member", list(labels), format_func=labels.__getitem__, key="cluster_detail_member"
    )
    if chosen is None:
        return
    if right.button("Open profile", key="cluster_detail_profile", icon=":material/person:"):
        open_profile(chosen)
    member: ClusterMember = members[chosen]
    if not member.explained:
        st.info(
            "This person's records no longer link them in the run's window (erased or merged "
            "since the run)."
        )
        return
    if not member.links:
        st.info("No direct links to other members in the run's window.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Linked to": x.other.label,
                    "Evidence": ", ".join(LINK_KIND_LABELS.get(k, k) for k in x.kinds),
                    "Link weight": round(x.weight, 2),
                    "From": uk_date(x.first_seen.date()),
                    "Latest": uk_date(x.last_seen.date()),
                    "Records (grading)": "; ".join(
                        f"{', '.join(e.ids)} ({'episode' if e.grading == 'record' else e.grading})"
                        for e in x.evidence
                    ),
                }
                for x in member.links
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def _places(detail: ClusterDetail) -> None:
    st.subheader("Places")
    if not detail.places:
        st.info("No places in the records of the cluster's members.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Place": p.name or p.place,
                    "Kind": (p.kind or "").replace("_", " "),
                    "Records placing members there": p.records,
                }
                for p in detail.places
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def _roles(detail: ClusterDetail) -> None:
    st.subheader("Roles inside the cluster")
    st.caption(
        "Structural positions in the link network, with the measure that puts each person "
        "there. They describe links in the records, not what a person did."
    )
    if not detail.roles:
        st.info(
            "The run found no broker, hub, bridge or adult linked to several young people here."
        )
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Person": detail.role_people.get(r.person_id, r.person_id),
                    "Role": ROLE_KIND_LABELS.get(r.kind, r.kind),
                    "Rank in the run": r.rank,
                    "Value": round(r.value, 3),
                    "Measure": r.measure,
                }
                for r in detail.roles
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
    st.title("Cluster detail")
    cluster_id, run_id = _pick(ctx, user)
    if cluster_id is None:
        return
    try:
        detail = _detail(ctx, user, cluster_id, run_id)
    except CseBoardError as e:
        show_error(e)
        if st.button("Choose another cluster", key="cluster_detail_reset"):
            st.session_state.pop(DETAIL, None)
            st.rerun()
        return
    row = detail.cluster
    st.subheader(f"Cluster {row.cluster_id}")
    st.caption(run_caption(detail.run))
    st.caption(md_escape(detail.note))
    cols = st.columns(5)
    cols[0].metric("Members", row.size, delta=row.growth if row.growth else None)
    cols[1].metric("Young people", row.young_people)
    cols[2].metric("Adults or peers of concern", row.associates)
    cols[3].metric("Missing episodes", row.missing_episodes)
    cols[4].metric("New since last run", "new cluster" if row.is_new else row.new_members)
    left, middle, right = st.columns(3)
    if left.button("Show this cluster in the network explorer", icon=":material/hub:"):
        st.session_state["network_preset"] = {"focus": "cluster", "cluster_id": row.cluster_id}
        go_to(BOARD / "network_page.py", "Open the Network explorer to see the cluster.")
    if middle.button("Timeline of this cluster", icon=":material/timeline:"):
        open_timeline("cluster", row.cluster_id)
    if right.button("Choose another cluster", key="cluster_detail_other"):
        st.session_state.pop(DETAIL, None)
        st.session_state.pop(DETAIL_RUN, None)
        st.rerun()
    _members(detail)
    _why(detail)
    _places(detail)
    _roles(detail)


render()
