"""Duplicate people page: candidates with their explanation, confirm or reject, merges to undo."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from cseboard.board.session import current_user, services
from cseboard.errors import CseBoardError
from cseboard.models.casework import md_escape
from cseboard.models.resolve import (
    CandidateStatus,
    CandidateView,
    MergeStatus,
    MergeView,
    PersonRecord,
)
from cseboard.models.users import User
from cseboard.models.values import LONDON
from cseboard.services import resolve as service
from cseboard.services.context import ServiceContext

__all__ = ["candidate_label", "render"]

_FLASH = "resolve_flash"
_FIELDS = {
    "nhs_number": "NHS number",
    "first_name": "First name",
    "last_name": "Surname",
    "alias": "Alias",
    "date_of_birth": "Date of birth",
    "postcode": "Postcode",
    "gender": "Gender",
    "phone_or_account": "Phone or online account",
    "missing_episode": "Missing on the same day",
    "agency": "Agency",
}


def _name(record: PersonRecord) -> str:
    name = " ".join(n for n in (record.first_name, record.last_name) if n)
    return name or " / ".join(record.aliases) or "(no name)"


def candidate_label(view: CandidateView) -> str:
    """One line per candidate for the picker (plain text)."""
    c = view.candidate
    left = ", ".join(sorted({_name(r) for r in view.records_a})) or c.person_a
    right = ", ".join(sorted({_name(r) for r in view.records_b})) or c.person_b
    auto = " · automatic" if c.automatic else ""
    return f"{c.weight:.1f} bits ({c.probability:.3f}){auto} · {left} ↔ {right}"


def _records(view: CandidateView) -> pd.DataFrame:
    """Both people's records in one table, one row per agency record, to compare by eye."""
    sides = [("A", r) for r in view.records_a] + [("B", r) for r in view.records_b]
    return pd.DataFrame(
        [
            {
                "person": side,
                "agency": r.agency,
                "reference": r.source_ref,
                "first name": r.first_name or "",
                "surname": r.last_name or "",
                "aliases": "; ".join(r.aliases),
                "date of birth": r.date_of_birth.isoformat() if r.date_of_birth else "",
                "gender": r.gender or "",
                "NHS number": r.nhs_number or "",
                "postcode": r.postcode or "",
                "phones / accounts": "; ".join(r.identifiers),
            }
            for side, r in sides
        ]
    )


def _episodes(view: CandidateView) -> pd.DataFrame:
    """The episodes of the two people that began on the same day (the evidence of a
    ``missing_episode`` contribution), one row per pair, with the times as recorded."""

    def when(moment: datetime, date_only: bool) -> str:
        local = moment.astimezone(LONDON)
        return f"{local:%d/%m/%Y}" + ("" if date_only else f" {local:%H:%M}")

    return pd.DataFrame(
        [
            {
                "day": f"{a.day:%d/%m/%Y}",
                "person A's episode": a.episode_id,
                "A: began": when(a.reported_missing_at, a.date_only),
                "A: absence": a.absence.replace("_", " "),
                "person B's episode": b.episode_id,
                "B: began": when(b.reported_missing_at, b.date_only),
                "B: absence": b.absence.replace("_", " "),
            }
            for a, b in view.same_day_episodes
        ]
    )


def _explanation(view: CandidateView) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "field": _FIELDS.get(c.field, c.field),
                "agreement": c.level.replace("_", " "),
                "values compared": c.values or "",
                "bits": round(c.weight, 1),
                "meaning": c.detail,
            }
            for c in view.candidate.contributions
        ]
    )


def _flash(message: str) -> None:
    st.session_state[_FLASH] = message
    st.rerun()


def _search(ctx: ServiceContext, user: User) -> None:
    auto = bool(st.session_state.get("resolve_auto_merge", True))
    with st.status("Comparing every person with likely duplicates…", expanded=True) as status:
        bar = st.progress(0.0)

        def progress(label: str, done: int, total: int) -> None:
            bar.progress(min(done / max(total, 1), 1.0), text=label)

        try:
            summary = service.find_duplicates(ctx, user, auto_merge=auto, progress=progress)
        except CseBoardError as e:
            status.update(label="The search failed", state="error")
            st.error(md_escape(str(e)))
            return
        status.update(label="Search finished", state="complete")
    _flash(
        f"Compared {summary.pairs_compared:,} pairs of {summary.people:,} people in "
        f"{summary.seconds:.1f} s: {summary.candidates:,} candidates to review, "
        f"{summary.automatic_merges:,} automatic merges (listed under Merges, reversible)."
    )


def _review(ctx: ServiceContext, user: User) -> None:
    try:
        views = service.candidates(ctx, user, limit=int(st.session_state.get("resolve_limit", 50)))
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return
    if not views:
        st.info("No candidates to review. Search again after new imports.")
        return
    by_id = {v.candidate.candidate_id: v for v in views}
    chosen = st.selectbox(
        "Candidate (strongest first)",
        list(by_id),
        format_func=lambda cid: candidate_label(by_id[cid]),
        key="resolve_candidate",
    )
    view = by_id[chosen or next(iter(by_id))]
    c = view.candidate
    m1, m2, m3 = st.columns(3)
    m1.metric("Match weight (bits)", f"{c.weight:.1f}")
    m2.metric("Probability", f"{c.probability:.3f}")
    m3.metric("Starting point (bits)", f"{c.prior:.1f}", help="Set by how many people are held.")
    st.caption("Why: each field's agreement and what it adds (+) or takes away (−).")
    st.dataframe(_explanation(view), hide_index=True, width="stretch")
    if view.same_day_episodes:
        st.caption(
            "Missing episodes of both on the same day, recorded by different agencies: the "
            "evidence that ties a record without a name (a council's SSD extract) to a child."
        )
        st.dataframe(_episodes(view), hide_index=True, width="stretch")
    st.text(f"Their records: person A is {c.person_a}, person B is {c.person_b}")
    st.dataframe(_records(view), hide_index=True, width="stretch")

    keep = st.radio(
        "Keep as the merged person",
        [c.person_a, c.person_b],
        index=1 if len(view.records_b) > len(view.records_a) else 0,
        format_func=lambda p: f"Person {'A' if p == c.person_a else 'B'} ({p})",
        horizontal=True,
        key=f"resolve_survivor_{c.candidate_id}",
    )
    reason = st.text_input("Reason (recorded in the audit trail)", key="resolve_reason")
    confirm, reject, _ = st.columns([2, 2, 3])
    if confirm.button("Same person: merge", type="primary", key="resolve_confirm"):
        try:
            merge = service.confirm_candidate(
                ctx, user, c.candidate_id, reason=reason, survivor=keep
            )
        except CseBoardError as e:
            st.error(md_escape(str(e)))
        else:
            _flash(
                f"Merged into {merge.survivor} ({merge.merge_id}): {len(merge.records)} records "
                f"and {merge.relationships} relationships re-pointed. It can be un-merged."
            )
    if reject.button("Different people: reject", key="resolve_reject"):
        try:
            service.reject_candidate(ctx, user, c.candidate_id, reason=reason)
        except CseBoardError as e:
            st.error(md_escape(str(e)))
        else:
            _flash(f"Rejected {c.candidate_id}: it will not be proposed again.")


def _merges_frame(merges: list[MergeView]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "merge": m.merge_id,
                "when": m.at.strftime("%Y-%m-%d %H:%M"),
                "by": m.by,
                "kept": m.survivor,
                "absorbed": m.absorbed,
                "records moved": len(m.records),
                "relationships moved": m.relationships,
                "how": "automatic" if m.automatic else "confirmed",
                "status": m.status.value,
            }
            for m in merges
        ]
    )


def _merges(ctx: ServiceContext, user: User) -> None:
    try:
        merges = service.merges(ctx, user, limit=100)
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return
    if not merges:
        st.info("No merges yet.")
        return
    st.dataframe(_merges_frame(merges), hide_index=True, width="stretch")
    active = [m.merge_id for m in merges if m.status is MergeStatus.MERGED]
    if not active:
        return
    chosen = st.selectbox("Merge to undo", active, key="resolve_merge")
    reason = st.text_input("Reason for un-merging", key="resolve_unmerge_reason")
    remember = st.checkbox(
        "They are different people: do not propose them again",
        value=True,
        key="resolve_unmerge_remember",
    )
    if st.button("Un-merge", key="resolve_unmerge") and chosen:
        try:
            undone = service.unmerge(ctx, user, chosen, reason=reason, remember_rejection=remember)
        except CseBoardError as e:
            st.error(md_escape(str(e)))
        else:
            _flash(f"Un-merged {undone.merge_id}: both people and their records are back.")


def _rejected(ctx: ServiceContext, user: User) -> None:
    try:
        views = service.candidates(ctx, user, status=CandidateStatus.REJECTED, limit=100)
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return
    if not views:
        st.info("Nothing rejected yet.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "candidate": v.candidate.candidate_id,
                    "person A": v.candidate.person_a,
                    "person B": v.candidate.person_b,
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
    st.title("Duplicate people")
    st.caption(
        "The same child or adult recorded by several agencies. Each candidate shows why it was "
        "proposed. Merging re-points the agency records to one person; every merge and un-merge "
        "is recorded in the audit trail and can be undone."
    )
    if message := st.session_state.pop(_FLASH, None):
        st.success(message)
    try:
        counts = service.candidate_counts(ctx, user)
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        st.stop()
    m1, m2, m3 = st.columns(3)
    m1.metric("To review", f"{counts['open']:,}")
    m2.metric("Merged", f"{counts['merged']:,}")
    m3.metric("Rejected", f"{counts['rejected']:,}")
    left, right = st.columns([2, 3], vertical_alignment="center")
    right.toggle(
        "Merge same-NHS-number pairs automatically",
        value=True,
        key="resolve_auto_merge",
        help="Only pairs whose valid NHS numbers agree and nothing disagrees; still reversible.",
    )
    if left.button("Search for duplicates", icon=":material/search:", key="resolve_search"):
        _search(ctx, user)

    review, merged, rejected = st.tabs(["To review", "Merges", "Rejected"])
    with review:
        _review(ctx, user)
    with merged:
        _merges(ctx, user)
    with rejected:
        _rejected(ctx, user)


render()
