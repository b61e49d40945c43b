"""Intelligence inbox page: new partner reports since the last review, filtered, marked reviewed."""

from __future__ import annotations

import streamlit as st

from cseboard.board.components.cached import cached, forget
from cseboard.board.components.common import agency_label, open_profile
from cseboard.board.session import current_user, services
from cseboard.errors import CseBoardError
from cseboard.models.casework import IntelItem, category_label, md_escape, role_label, uk_time
from cseboard.services.inbox import MIN_GRADINGS, inbox, mark_reviewed

__all__ = ["grading_text", "render"]

ANY = "Any"
_FLASH = "inbox_flash"
_PAGE = "inbox_page"
INBOX = "inbox"
"""The page cache of inbox pages (per filters)."""


def grading_text(item: IntelItem) -> str:
    """3x5x2 grading, with the original 5x5x5 one when the record came graded that way."""
    text = f"grading {item.grading or 'not given'}"
    if item.legacy_grading:
        text += f" (5x5x5 as given: {item.legacy_grading})"
    return text


def _reset_page() -> None:
    st.session_state[_PAGE] = 1


def _selected(items: list[IntelItem]) -> list[str]:
    return [i.intel_id for i in items if st.session_state.get(f"inbox_sel_{i.intel_id}")]


def _review(ids: list[str]) -> None:
    ctx = services()
    user = current_user()
    if user is None:
        st.stop()
    try:
        result = mark_reviewed(ctx, user, ids)
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return
    forget(INBOX)
    for intel_id in ids:
        st.session_state.pop(f"inbox_sel_{intel_id}", None)
    st.session_state[_FLASH] = f"{len(result.reviewed)} report(s) marked reviewed."
    st.rerun()


def _item(item: IntelItem, labels: dict[str, str]) -> None:
    with st.container(border=True):
        head = [uk_time(item.reported_at), agency_label(item.agency)]
        if item.restricted:
            st.text(" · ".join([*head, f"reference {item.source_ref}", "restricted"]))
            st.warning(md_escape(item.notice or "Restricted information."), icon=":material/lock:")
            return
        left, right = st.columns([0.8, 0.2], vertical_alignment="center")
        left.text(
            " · ".join([*head, category_label(item.category), grading_text(item), item.source_ref])
        )
        right.checkbox("Select", key=f"inbox_sel_{item.intel_id}")
        if item.facets:
            st.caption("Triage: " + "; ".join(labels.get(f, f) for f in item.facets))
        if not item.builds_links:
            st.caption(
                "Assessed E (suspected false or malicious): shown, never used to link people."
            )
        st.text(item.summary or "")
        for person in item.people:
            name, button = st.columns([0.8, 0.2], vertical_alignment="center")
            name.text(f"{person.label} — {role_label(person.role)}")
            if button.button(
                "Open profile",
                key=f"inbox_open_{item.intel_id}_{person.person_id}",
                icon=":material/person:",
            ):
                open_profile(person.person_id)
        if item.places:
            st.text("Places: " + "; ".join(p.label for p in item.places))
        objects = [
            ("Vehicles", item.vehicles),
            ("Phones", item.phones),
            ("Online accounts", item.accounts),
        ]
        named = [f"{what}: {', '.join(values)}" for what, values in objects if values]
        if named:
            st.text(" · ".join(named))
        if item.reviewed_at is not None:
            st.text(f"Reviewed {uk_time(item.reviewed_at)} by {item.reviewed_by or 'unknown'}")
        elif st.button("Mark reviewed", key=f"inbox_rev_{item.intel_id}"):
            _review([item.intel_id])


def render() -> None:
    user = current_user()
    if user is None:
        st.stop()
    ctx = services()
    st.title("Intelligence inbox")
    st.caption(
        "Partner intelligence not yet reviewed, newest first. Times are UK local time. "
        "Opening a person's profile is recorded in the audit log."
    )
    if message := st.session_state.pop(_FLASH, None):
        st.success(message)
    filters = st.container()
    minimum = st.session_state.get("inbox_min_grading", ANY)
    agencies = tuple(st.session_state.get("inbox_agencies") or ())
    categories = tuple(st.session_state.get("inbox_categories") or ())
    include_reviewed = bool(st.session_state.get("inbox_include_reviewed"))
    chosen_facets = tuple(st.session_state.get("inbox_facets") or ())
    number = int(st.session_state.get(_PAGE, 1))
    size = int(st.session_state.get("inbox_page_size", 25))
    try:
        # Kept per filters for a minute: a rerun (a checkbox ticked) is not another reading of
        # the restricted reports on the page, which the service audits.
        result = cached(
            user,
            INBOX,
            (agencies, categories, minimum, include_reviewed, chosen_facets, number, size),
            lambda: inbox(
                ctx,
                user,
                agencies=agencies or None,
                categories=categories or None,
                min_grading=None if minimum == ANY else minimum,
                include_reviewed=include_reviewed,
                facets=chosen_facets or None,
                page=number,
                page_size=size,
            ),
            keep=20,
            ttl=60,
        )
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        st.stop()

    with filters:
        a, b, c, d = st.columns([3, 3, 2, 2])
        a.multiselect(
            "Agency",
            result.agencies,
            format_func=agency_label,
            key="inbox_agencies",
            on_change=_reset_page,
            placeholder="All agencies",
        )
        b.multiselect(
            "Category",
            result.categories,
            format_func=category_label,
            key="inbox_categories",
            on_change=_reset_page,
            placeholder="All categories",
        )
        c.selectbox(
            "Minimum grading",
            [ANY, *MIN_GRADINGS],
            key="inbox_min_grading",
            on_change=_reset_page,
            help="e.g. 2C keeps reports whose source is 1-2 and assessment A-C.",
        )
        d.toggle("Include reviewed", key="inbox_include_reviewed", on_change=_reset_page)
        counts = result.facet_counts
        st.pills(
            "Triage facets (facts, not scores; a report must have every facet chosen)",
            list(result.facets),
            selection_mode="multi",
            format_func=lambda k: f"{result.facets[k]} ({counts.get(k, 0):,})",
            key="inbox_facets",
            on_change=_reset_page,
        )
        if result.facets_run:
            st.caption(
                f"Adults, hotspots and new links as found by analysis run {result.facets_run} of "
                f"{uk_time(result.facets_run_at)}; run the analysis again to include newer reports."
            )
        else:
            st.caption("No analysis run yet: only 'names a young person of a cohort' can apply.")

    what = (
        "Matching reports"
        if st.session_state.get("inbox_include_reviewed")
        else ("Awaiting review")
    )
    m1, m2, m3 = st.columns(3)
    m1.metric(what, f"{result.total:,}")
    m2.metric("Page", f"{result.page} of {result.pages}")
    m3.metric("On this page", f"{len(result.items):,}")

    selected = _selected(result.items)
    left, right, _ = st.columns([2, 2, 3])
    if left.button(
        f"Mark selected reviewed ({len(selected)})", disabled=not selected, type="primary"
    ):
        _review(selected)
    readable = [i.intel_id for i in result.items if not i.restricted and i.reviewed_at is None]
    if right.button(f"Mark this page reviewed ({len(readable)})", disabled=not readable):
        _review(readable)

    if not result.items:
        st.info("Nothing to review with these filters.")
    for item in result.items:
        _item(item, result.facets)

    st.session_state[_PAGE] = result.page
    p1, p2, _ = st.columns([2, 2, 6])
    p1.number_input("Page", min_value=1, max_value=result.pages, step=1, key=_PAGE)
    p2.selectbox(
        "Reports per page", [10, 25, 50, 100], index=1, key="inbox_page_size", on_change=_reset_page
    )


render()
