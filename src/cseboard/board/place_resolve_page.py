"""Duplicate places page: the same place recorded by several agencies, explained, to review."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cseboard.board.components.common import agency_label
from cseboard.board.components.resolution import explanation_frame, merges_frame
from cseboard.board.session import current_user, services
from cseboard.errors import CseBoardError
from cseboard.models.places import PlaceCandidateView, PlaceRecord
from cseboard.models.resolve import CandidateStatus, MergeStatus
from cseboard.models.users import User
from cseboard.services import place_resolution as service
from cseboard.services.context import ServiceContext

__all__ = ["place_candidate_label", "render"]

_FLASH = "places_resolve_flash"
_FIELDS = {"name": "Name", "postcode": "Postcode", "distance": "Distance", "kind": "Kind"}


def _names(records: tuple[PlaceRecord, ...], fallback: str) -> str:
    return " / ".join(sorted({r.name for r in records if r.name})) or fallback


def place_candidate_label(view: PlaceCandidateView) -> str:
    """One line per candidate for the picker (plain text)."""
    c = view.candidate
    left, right = _names(view.records_a, c.place_a), _names(view.records_b, c.place_b)
    return f"{c.score:+.0f} points · {left} ↔ {right}"


def _records(view: PlaceCandidateView) -> pd.DataFrame:
    """Both places' agency records in one table, to compare by eye."""
    sides = [("A", r) for r in view.records_a] + [("B", r) for r in view.records_b]
    return pd.DataFrame(
        [
            {
                "place": side,
                "agency": agency_label(r.agency),
                "reference": r.source_ref,
                "name": r.name or "",
                "kind": (r.kind or "").replace("_", " "),
                "postcode": r.postcode or "",
                "latitude": r.latitude,
                "longitude": r.longitude,
            }
            for side, r in sides
        ]
    )


def _flash(message: str) -> None:
    st.session_state[_FLASH] = message
    st.rerun()


def _search(ctx: ServiceContext, user: User) -> None:
    auto = bool(st.session_state.get("places_auto_merge", True))
    with st.spinner("Comparing the places every agency recorded…"):
        try:
            summary = service.resolve_places(ctx, user, auto_merge=auto)
        except CseBoardError as e:
            st.error(str(e))
            return
    _flash(
        f"Compared {summary.pairs_compared:,} pairs of {summary.places:,} places "
        f"({summary.records:,} agency records) in {summary.seconds:.1f} s: "
        f"{summary.candidates:,} candidates to review, {summary.automatic_merges:,} automatic "
        "merges (listed under Merges, reversible)."
    )


def _review(ctx: ServiceContext, user: User) -> None:
    try:
        views = service.place_candidates(ctx, user, limit=50)
    except CseBoardError as e:
        st.error(str(e))
        return
    if not views:
        st.info("No places to review. Imports search for duplicate places by themselves.")
        return
    by_id = {v.candidate.candidate_id: v for v in views}
    chosen = st.selectbox(
        "Candidate (strongest first)",
        list(by_id),
        format_func=lambda cid: place_candidate_label(by_id[cid]),
        key="places_candidate",
    )
    view = by_id[chosen or next(iter(by_id))]
    c = view.candidate
    st.metric("Points", f"{c.score:+.1f}", help="The sum of the points below.")
    st.caption("Why: each field's agreement and the points it adds (+) or takes away (−).")
    st.dataframe(
        explanation_frame(c.contributions, _FIELDS, "points"), hide_index=True, width="stretch"
    )
    st.dataframe(_records(view), hide_index=True, width="stretch")
    keep = st.radio(
        "Keep as the merged place",
        [c.place_a, c.place_b],
        index=1 if len(view.records_b) > len(view.records_a) else 0,
        format_func=lambda p: f"Place {'A' if p == c.place_a else 'B'} ({p})",
        horizontal=True,
        key=f"places_survivor_{c.candidate_id}",
    )
    reason = st.text_input("Reason (recorded in the audit trail)", key="places_reason")
    confirm, reject, _ = st.columns([2, 2, 3])
    if confirm.button("Same place: merge", type="primary", key="places_confirm"):
        try:
            merge = service.confirm_place_candidate(
                ctx, user, c.candidate_id, reason=reason, survivor=keep
            )
        except CseBoardError as e:
            st.error(str(e))
        else:
            _flash(
                f"Merged into {merge.survivor} ({merge.merge_id}): {len(merge.records)} agency "
                "records now count as one place. It can be un-merged."
            )
    if reject.button("Different places: reject", key="places_reject"):
        try:
            service.reject_place_candidate(ctx, user, c.candidate_id, reason=reason)
        except CseBoardError as e:
            st.error(str(e))
        else:
            _flash(f"Rejected {c.candidate_id}: it will not be proposed again.")


def _merges(ctx: ServiceContext, user: User) -> None:
    try:
        merges = service.place_merges(ctx, user, limit=100)
    except CseBoardError as e:
        st.error(str(e))
        return
    if not merges:
        st.info("No place merges yet.")
        return
    st.dataframe(merges_frame(merges, relationships=False), hide_index=True, width="stretch")
    active = [m.merge_id for m in merges if m.status is MergeStatus.MERGED]
    if not active:
        return
    chosen = st.selectbox("Merge to undo", active, key="places_merge")
    reason = st.text_input("Reason for un-merging", key="places_unmerge_reason")
    remember = st.checkbox(
        "They are different places: do not merge or propose them again",
        value=True,
        key="places_unmerge_remember",
    )
    if st.button("Un-merge", key="places_unmerge") and chosen:
        try:
            undone = service.unmerge_place(
                ctx, user, chosen, reason=reason, remember_rejection=remember
            )
        except CseBoardError as e:
            st.error(str(e))
        else:
            _flash(f"Un-merged {undone.merge_id}: both places and their records are back.")


def _rejected(ctx: ServiceContext, user: User) -> None:
    try:
        views = service.place_candidates(ctx, user, status=CandidateStatus.REJECTED, limit=100)
    except CseBoardError as e:
        st.error(str(e))
        return
    if not views:
        st.info("Nothing rejected yet.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "candidate": v.candidate.candidate_id,
                    "place A": v.candidate.place_a,
                    "place B": v.candidate.place_b,
                    "decided by": v.decided_by or "",
                    "when": v.decided_at.strftime("%Y-%m-%d %H:%M") if v.decided_at else "",
                    "reason": v.reason or "",
                }
                for v in views
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
    st.title("Duplicate places")
    st.caption(
        "The same place recorded by several agencies under different spellings. Pairs with the "
        "same postcode and agreeing names are merged automatically; the others are proposed "
        "here with why. Hotspots, co-location and the map count a merged place once. Every "
        "merge and un-merge is recorded in the audit trail and can be undone."
    )
    if message := st.session_state.pop(_FLASH, None):
        st.success(message)
    try:
        counts = service.place_candidate_counts(ctx, user)
    except CseBoardError as e:
        st.error(str(e))
        st.stop()
    m1, m2, m3 = st.columns(3)
    m1.metric("To review", f"{counts['open']:,}")
    m2.metric("Merged after review", f"{counts['merged']:,}")
    m3.metric("Rejected", f"{counts['rejected']:,}")
    left, right = st.columns([2, 3], vertical_alignment="center")
    right.toggle(
        "Merge same-postcode, same-name pairs automatically",
        value=True,
        key="places_auto_merge",
        help="Only pairs whose postcodes are the same and names agree, nothing against.",
    )
    if left.button("Search for duplicate places", icon=":material/search:", key="places_search"):
        _search(ctx, user)
    review, merged, rejected = st.tabs(["To review", "Merges", "Rejected"])
    with review:
        _review(ctx, user)
    with merged:
        _merges(ctx, user)
    with rejected:
        _rejected(ctx, user)


render()
