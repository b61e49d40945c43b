"""Network explorer page: a bounded link chart with filters, link evidence, profile and export.

A person's links are drawn on demand (select them on the chart, then "Draw their links"), a
cluster can be drawn as one node and back, and "How are these two connected?" lists the
shortest chains between two people with the records of each link.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from cseboard.board.components.cached import cached, forget
from cseboard.board.components.chains import chain_finder
from cseboard.board.components.common import (
    agency_label,
    distinct,
    open_profile,
    open_timeline,
    show_error,
)
from cseboard.board.components.link_chart import link_chart
from cseboard.board.components.purpose import ask_purpose
from cseboard.board.components.records import records_frame
from cseboard.board.session import current_user, services, stated_purpose
from cseboard.errors import AccessDenied, CseBoardError, ValidationFailed
from cseboard.models.casework import (
    LINK_KIND_LABELS,
    PersonMatch,
    md_escape,
    role_label,
    uk_time,
)
from cseboard.models.network import (
    COLLAPSE_ABOVE,
    MIN_GRADING_CHOICES,
    ClusterOption,
    NetworkExport,
    NetworkFilters,
    NetworkLink,
    NetworkNode,
    NetworkOptions,
    NetworkView,
    RecordDetail,
)
from cseboard.models.users import User
from cseboard.reports.network_style import NODE_KIND_LABELS
from cseboard.reports.network_svg import legend_svg
from cseboard.services.context import ServiceContext
from cseboard.services.network_export import export_network
from cseboard.services.network_view import network_options, network_view
from cseboard.services.profile import search_people
from cseboard.services.records import record_details

__all__ = ["render"]

FILTERS = "network_filters"
PRESET = "network_preset"
"""Other pages set ``{"focus": "cluster", "cluster_id": …}`` or ``{"focus": "person", …}``."""
_VIEWS = "network_views"
_OPTIONS = "network_options"
_SELECTED = "network_selected"
_LAST_EVENT = "network_last_event"
_PEOPLE = "network_people_known"
_RECORDS = "network_records"
_EXPORT = "network_export"
_SEARCH = "network_search_results"
_PENDING = "network_pending"
"""Filters chosen below the form; applied at the top of the next run, before the form."""
WINDOWS = {30: "30 days", 90: "90 days", 180: "6 months", 365: "12 months", 730: "2 years"}
ANY = "Any grading"
FOCUS_LABELS = {
    "cluster": "A cluster (latest analysis run)",
    "person": "A person's neighbourhood",
    "cohort": "The operations' cohorts",
}
_EXTRA_KINDS = {
    "intelligence": "Report placing them there",
    "missing_found": "Found there after a missing episode",
    "mentioned_with": "Named in the same report",
}


def _grading_label(code: str) -> str:
    if code == ANY:
        return ANY
    return f"{code} or better (source 1–{code[0]}, assessment A–{code[1]})"


def _options(ctx: ServiceContext, user: User) -> NetworkOptions:
    return cached(user, _OPTIONS, None, lambda: network_options(ctx, user))


def _known(user: User) -> dict[str, str]:
    """People this session has seen on a chart or in a search: the person focus choices."""
    known: dict[str, str] = st.session_state.setdefault(f"{_PEOPLE}:{user.username}", {})
    return known


def _default(options: NetworkOptions) -> NetworkFilters:
    if options.scoped or not options.clusters:
        return NetworkFilters(focus="cohort")
    return NetworkFilters(focus="cluster", cluster_id=options.clusters[0].cluster_id)


def _apply_preset(user: User, options: NetworkOptions) -> None:
    preset: dict[str, Any] | None = st.session_state.pop(PRESET, None)
    if not preset:
        return
    try:
        _apply(user, options, NetworkFilters(**preset))
    except ValueError:
        st.warning("The chart asked for by the previous page could not be shown.")


def _cluster_label(options: NetworkOptions) -> dict[str, str]:
    def label(c: ClusterOption) -> str:
        scope = " of your scope" if options.scoped else ""
        return f"{c.cluster_id} · {c.size} people{scope} · {c.young_people} young people"

    return {c.cluster_id: label(c) for c in options.clusters}


def _sync_form(options: NetworkOptions, filters: NetworkFilters) -> None:
    """Put the applied filters into the form's widgets (before they are drawn in this run).

    The form's widgets keep their own state; when the chart changes from elsewhere (a search,
    another page's preset) the form must show what the chart shows.
    """
    clusters = [c.cluster_id for c in options.clusters]
    st.session_state["network_focus"] = filters.focus
    st.session_state["network_cluster"] = (
        filters.cluster_id
        if filters.cluster_id in clusters
        else (clusters[0] if clusters else None)
    )
    st.session_state["network_person"] = filters.person_id
    st.session_state["network_window"] = (
        filters.window_days if filters.window_days in WINDOWS else 365
    )
    st.session_state["network_grading"] = filters.min_grading or ANY
    st.session_state["network_agencies"] = [
        a for a in filters.agencies or () if a in options.agencies
    ]
    st.session_state["network_places"] = filters.show_places
    st.session_state["network_objects"] = filters.show_objects


def _apply(user: User, options: NetworkOptions, filters: NetworkFilters) -> None:
    """Show this chart next: remember the filters and make the form show them."""
    if filters.person_id:
        _known(user).setdefault(filters.person_id, filters.person_id)  # named once drawn
    st.session_state[FILTERS] = filters
    st.session_state.pop(_SELECTED, None)
    _sync_form(options, filters)


def _filter_form(user: User, options: NetworkOptions, current: NetworkFilters) -> None:
    focuses = ["cohort", "cluster", "person"] if options.scoped else ["cluster", "person", "cohort"]
    clusters = _cluster_label(options)
    people = distinct(_known(user))
    if "network_focus" not in st.session_state:
        _sync_form(options, current)
    with st.form("network_filter_form"):
        left, middle, right = st.columns(3)
        focus = left.radio(
            "Show", focuses, format_func=FOCUS_LABELS.__getitem__, key="network_focus"
        )
        cluster = left.selectbox(
            "Cluster",
            list(clusters),
            format_func=clusters.__getitem__,
            key="network_cluster",
            placeholder="No analysis run yet",
        )
        person = middle.selectbox(
            "Person (from the charts and searches of this session)",
            list(people),
            format_func=people.__getitem__,
            key="network_person",
            placeholder="Find a person below, or open one from a chart",
        )
        middle.caption(
            "The chart draws the person and their direct links; select someone on the chart "
            "to draw their links in turn."
        )
        window = right.selectbox(
            "Time window", list(WINDOWS), format_func=WINDOWS.__getitem__, key="network_window"
        )
        grading = right.selectbox(
            "Minimum grading",
            [ANY, *MIN_GRADING_CHOICES],
            format_func=_grading_label,
            key="network_grading",
        )
        agencies = st.multiselect(
            "Agencies (none chosen: all)",
            options.agencies,
            format_func=agency_label,
            key="network_agencies",
        )
        a, b, c = st.columns([0.3, 0.4, 0.3], vertical_alignment="bottom")
        places = a.checkbox("Places", key="network_places")
        objects = b.checkbox("Vehicles, phones and accounts", key="network_objects")
        if c.form_submit_button("Show network", type="primary"):
            st.session_state[FILTERS] = NetworkFilters(
                focus=focus,
                cluster_id=cluster,
                person_id=person,
                window_days=int(window),
                agencies=tuple(agencies) or None,
                min_grading=None if grading == ANY else grading,
                show_places=bool(places),
                show_objects=bool(objects),
            )
            st.session_state.pop(_SELECTED, None)
            st.rerun()


def _match_label(match: PersonMatch) -> str:
    return f"{match.person.label} · {role_label(match.person.role)}"


def _search(ctx: ServiceContext, user: User) -> None:
    with st.expander("Find a person to centre the chart on"):
        with st.form("network_search_form"):
            text = st.text_input("Name, alias or agency reference", key="network_search_text")
            if st.form_submit_button("Search", icon=":material/search:"):
                try:
                    st.session_state[_SEARCH] = search_people(ctx, user, text)
                except CseBoardError as e:
                    show_error(e)
        found: list[PersonMatch] | None = st.session_state.get(_SEARCH)
        if found is None:
            return
        if not found:
            st.info("Nobody matches that search (among the people you may see).")
            return
        left, right = st.columns([0.75, 0.25], vertical_alignment="bottom")
        chosen = left.selectbox(
            f"Search results ({len(found)})", found, format_func=_match_label, key="network_found"
        )
        if right.button("Show their network", key="network_show_found") and chosen is not None:
            _known(user)[chosen.person.person_id] = chosen.person.label
            current: NetworkFilters = st.session_state[FILTERS]
            st.session_state[_PENDING] = current.model_copy(
                update={"focus": "person", "person_id": chosen.person.person_id}
            )
            st.rerun()


def _view(ctx: ServiceContext, user: User, filters: NetworkFilters) -> NetworkView:
    """The chart for these filters, read once per sign-in (a rerun is not a new consultation)."""

    def load() -> NetworkView:
        purpose = None
        if filters.focus == "person" and filters.person_id:
            purpose = stated_purpose(filters.person_id)
            if purpose is None:
                ask_purpose(
                    filters.person_id,
                    what=f"the network around {_known(user).get(filters.person_id, 'this person')}",
                    button="Show the network",
                    own="Reviewing the network around a young person",
                    key="network",
                )
        with st.spinner("Reading the records and drawing the network…"):
            return network_view(ctx, user, filters, purpose=purpose)

    view = cached(user, _VIEWS, filters.key(), load, keep=6)
    _known(user).update({n.node_id: n.label for n in view.people()})
    return view


def _change(user: User, view: NetworkView, **update: Any) -> None:
    """Show the same chart grown or folded (drawn links, collapsed clusters), and rerun."""
    st.session_state[FILTERS] = view.filters.model_copy(update=update)
    st.rerun()


def _draw_links(user: User, view: NetworkView, person_id: str) -> None:
    if person_id in view.filters.expanded:
        return
    _change(user, view, expanded=(*view.filters.expanded, person_id))


def _collapse(user: User, view: NetworkView, cluster_ids: list[str]) -> None:
    folded = sorted({*view.filters.collapsed, *cluster_ids})
    _change(user, view, collapsed=tuple(folded))


def _expand_cluster(user: User, view: NetworkView, cluster_ids: list[str]) -> None:
    left = tuple(c for c in view.filters.collapsed if c not in set(cluster_ids))
    _change(user, view, collapsed=left)


def _handle(user: User, event: dict[str, Any] | None, view: NetworkView) -> None:
    """A click selects a node or a link; the panel's buttons open, grow or fold the chart."""
    if not event or event.get("timestamp") == st.session_state.get(_LAST_EVENT):
        return
    st.session_state[_LAST_EVENT] = event.get("timestamp")
    data = event.get("data") or {}
    action = event.get("action")
    if action in ("node_tap", "edge_tap"):
        target = str(data.get("target_id") or "")
        if view.node(target) is not None or view.link(target) is not None:
            st.session_state[_SELECTED] = target
        return
    node = view.node(str(data.get("element_id") or ""))
    if node is None:
        return
    st.session_state[_SELECTED] = node.node_id
    if action == "open_profile" and node.person_id is not None:
        open_profile(node.person_id)
    elif action == "draw_neighbours" and node.person_id is not None:
        _draw_links(user, view, node.person_id)
    elif action == "collapse_cluster" and node.cluster_id and node.kind != "cluster":
        _collapse(user, view, [node.cluster_id])
    elif action == "expand_cluster" and node.kind == "cluster" and node.cluster_id:
        _expand_cluster(user, view, [node.cluster_id])


def _heading(view: NetworkView) -> str:
    f = view.filters
    if f.focus == "cluster":
        return f"Cluster {f.cluster_id}"
    if f.focus == "person" and f.person_id:
        away = "link" if f.hops == 1 else "links"
        return f"Around {_label(view, f.person_id)} (up to {f.hops} {away} away)"
    return "The operations' cohorts"


def _summary(view: NetworkView, options: NetworkOptions) -> None:
    st.subheader(md_escape(_heading(view)))
    folded = [n for n in view.nodes if n.kind == "cluster"]
    others = sum(1 for n in view.nodes if n.person_id is None and n.kind != "cluster")
    run = f" · clusters from run {view.run_id}" if view.run_id else ""
    inside = sum(n.members for n in folded)
    st.caption(
        f"{view.people_shown} people"
        + (f" (of {view.people_total})" if view.people_total != view.people_shown else "")
        + (f", {inside} of them in {len(folded)} cluster node(s)" if folded else "")
        + f", {others} places or objects, {len(view.links)} links · evidence "
        f"{uk_time(view.window_start)} to {uk_time(view.window_end)}{run}."
    )
    cut = [n for n in view.notes if n.startswith("Only ") or "left out" in n]
    for note in cut:
        st.warning(md_escape(note), icon=":material/content_cut:")
    if others_notes := [n for n in view.notes if n not in cut]:
        st.caption(" ".join(md_escape(n) for n in others_notes))


def _label(view: NetworkView, node_id: str) -> str:
    node = view.node(node_id)
    return node.label if node is not None else node_id


def _evidence_frame(link: NetworkLink, view: NetworkView) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Evidence": LINK_KIND_LABELS.get(e.kind, _EXTRA_KINDS.get(e.kind, e.kind)),
                "Records": ", ".join(e.ids),
                "Grading": "missing-episode record" if e.grading == "record" else e.grading,
                "From": uk_time(e.when),
                "Latest": uk_time(e.last),
                "Detail": e.detail or "",
            }
            for e in link.evidence
        ]
    )


def _records(ctx: ServiceContext, user: User, key: str, ids: list[str]) -> list[RecordDetail]:
    return cached(user, _RECORDS, key, lambda: record_details(ctx, user, ids))


def _selection(ctx: ServiceContext, user: User, view: NetworkView) -> None:
    selected = st.session_state.get(_SELECTED)
    if not selected:
        st.caption(
            "Click a person, a link, a place or an object to list the records behind it and "
            "what you can do from there. The lists below do the same without a mouse."
        )
        return
    link = view.link(str(selected))
    node = view.node(str(selected))
    if link is not None:
        links = [link]
        title = f"{_label(view, link.source)} — {_label(view, link.target)}"
    elif node is not None:
        links = [lk for lk in view.links if node.node_id in (lk.source, lk.target)]
        title = f"{NODE_KIND_LABELS[node.kind]}: {node.label}"
    else:
        return
    with st.container(border=True):
        st.subheader("Evidence behind the selection")
        st.text(title)
        if node is not None:
            _node_actions(user, view, node)
        for lk in links:
            kinds = ", ".join(LINK_KIND_LABELS.get(k, _EXTRA_KINDS.get(k, k)) for k in lk.kinds)
            st.text(
                f"{_label(view, lk.source)} — {_label(view, lk.target)}: {kinds} · "
                f"strongest grading {lk.grading} · {lk.records} record(s) · "
                f"{uk_time(lk.first_seen)} to {uk_time(lk.last_seen)}"
            )
            st.dataframe(_evidence_frame(lk, view), hide_index=True, width="stretch")
        ids = list(dict.fromkeys(i for lk in links for e in lk.evidence for i in e.ids))
        try:
            records = _records(ctx, user, str(selected), ids)
        except CseBoardError as e:
            show_error(e)
            return
        shown = f"The records ({len(records)}" + (
            f" of {len(ids)})" if len(ids) > len(records) else ")"
        )
        st.text(shown)
        st.dataframe(records_frame(records), hide_index=True, width="stretch")


def _node_actions(user: User, view: NetworkView, node: NetworkNode) -> None:
    """What can be done from a selected node (the chart's panel offers the same)."""
    columns = st.columns(4)
    if node.person_id is not None:
        if columns[0].button("Open profile", key="network_sel_profile", icon=":material/person:"):
            open_profile(node.person_id)
        if columns[1].button(
            "Draw their links",
            key="network_sel_draw",
            icon=":material/hub:",
            disabled=node.expanded or node.focus,
        ):
            _draw_links(user, view, node.person_id)
        if columns[2].button("Timeline", key="network_sel_timeline", icon=":material/timeline:"):
            open_timeline("person", node.person_id, node.label)
        if node.cluster_id and columns[3].button(
            f"Collapse cluster {node.cluster_id}",
            key="network_sel_collapse",
            icon=":material/unfold_less:",
        ):
            _collapse(user, view, [node.cluster_id])
    elif (
        node.kind == "cluster"
        and node.cluster_id
        and columns[0].button(
            f"Expand cluster {node.cluster_id}",
            key="network_sel_expand",
            icon=":material/unfold_more:",
        )
    ):
        _expand_cluster(user, view, [node.cluster_id])


def _hairball(user: User, view: NetworkView) -> None:
    """Above ~150 elements, offer to fold clusters (or places and objects) instead."""
    f = view.filters
    if f.collapsed:
        left, right = st.columns([0.7, 0.3], vertical_alignment="center")
        left.caption(f"Clusters drawn as one node: {', '.join(f.collapsed)}.")
        if right.button("Expand every cluster", key="network_expand_all"):
            _change(user, view, collapsed=())
    if view.elements <= COLLAPSE_ABOVE:
        return
    foldable = [c for c in view.clusters if not (f.focus == "cluster" and c == f.cluster_id)]
    with st.container(border=True):
        st.warning(
            f"{len(view.nodes)} nodes and {len(view.links)} links: too many to read at once.",
            icon=":material/blur_on:",
        )
        left, right = st.columns(2)
        if foldable and left.button(
            f"Draw each cluster as one node ({len(foldable)})",
            key="network_collapse_all",
            type="primary",
            icon=":material/unfold_less:",
        ):
            _collapse(user, view, foldable)
        if (f.show_places or f.show_objects) and right.button(
            "Draw people only (no places or objects)", key="network_people_only"
        ):
            _change(user, view, show_places=False, show_objects=False)


def _keyboard(user: User, view: NetworkView) -> None:
    """The chart's clicks as ordinary controls (keyboard users, screen readers, tests)."""
    people = distinct({n.node_id: n.label for n in view.people()})
    left, right = st.columns(2)
    with left:
        chosen = st.selectbox(
            "A person on the chart",
            list(people),
            index=None,
            format_func=people.__getitem__,
            key="network_open_person",
        )
        node = view.node(chosen) if chosen else None
        a, b, c = st.columns(3)
        if a.button("Open profile", key="network_open_profile", disabled=node is None):
            assert node is not None
            open_profile(node.node_id)
        if b.button(
            "Draw their links",
            key="network_draw_person",
            disabled=node is None or node.expanded or node.focus,
        ):
            assert node is not None
            _draw_links(user, view, node.node_id)
        if c.button(
            "Fold their cluster",
            key="network_fold_person",
            disabled=node is None or node.cluster_id is None,
        ):
            assert node is not None and node.cluster_id is not None
            _collapse(user, view, [node.cluster_id])
    with right:
        links = distinct(
            {
                lk.link_id: f"{_label(view, lk.source)} — {_label(view, lk.target)} ({lk.label})"
                for lk in view.links
            }
        )
        link = st.selectbox(
            "Show the evidence of a link",
            list(links),
            index=None,
            format_func=links.__getitem__,
            key="network_pick_link",
        )
        if st.button("Show evidence", key="network_show_link", disabled=link is None):
            st.session_state[_SELECTED] = link
            st.rerun()


def _export(ctx: ServiceContext, user: User, view: NetworkView) -> None:
    with st.expander("Export the chart or its data"):
        st.caption(
            "An export is a disclosure: it is recorded in the audit log with the recipients "
            "and the reason. The SVG shows the chart as drawn; the JSON has every node, link "
            "and record id."
        )
        with st.form("network_export_form"):
            fmt = st.radio(
                "Format",
                ["svg", "json"],
                horizontal=True,
                format_func={"svg": "Chart (SVG)", "json": "Data (JSON)"}.__getitem__,
                key="network_export_format",
            )
            recipients = st.text_input(
                "Recipients (comma separated)", max_chars=1000, key="network_export_recipients"
            )
            reason = st.text_input(
                "Reason for the disclosure", max_chars=300, key="network_export_reason"
            )
            if st.form_submit_button("Prepare the export"):
                try:
                    st.session_state[_EXPORT] = export_network(
                        ctx,
                        user,
                        view,
                        fmt="json" if fmt == "json" else "svg",
                        recipients=recipients.split(","),
                        justification=reason,
                    )
                except CseBoardError as e:
                    st.session_state.pop(_EXPORT, None)
                    show_error(e)
        ready = st.session_state.get(_EXPORT)
        if isinstance(ready, NetworkExport):
            st.success(
                md_escape(
                    f"{ready.filename} is ready. Disclosure recorded to "
                    f"{', '.join(ready.recipients)}."
                )
            )
            st.download_button(
                "Download",
                data=ready.content,
                file_name=ready.filename,
                mime=ready.media_type,
                on_click="ignore",
                key="network_download",
            )


def render() -> None:
    user = current_user()
    if user is None:
        st.stop()
    ctx = services()
    st.title("Network explorer")
    st.caption(
        "Links come from the records behind them: reports naming people together, the same "
        "phone, vehicle or account, the same place within days, missing episodes. They are "
        "advisory and never a score; reports assessed E never link people. Each link shows the "
        "grading of its strongest record. Viewing a chart is recorded in the audit log."
    )
    try:
        options = _options(ctx, user)
    except CseBoardError as e:
        show_error(e)
        return
    if options.scoped:
        st.info(
            "You see the people of your operations' cohorts and the people linked to them, "
            "and only the reports your agency may read."
        )
    _apply_preset(user, options)
    if (pending := st.session_state.pop(_PENDING, None)) is not None:
        _apply(user, options, pending)
    current: NetworkFilters = st.session_state.setdefault(FILTERS, _default(options))
    _filter_form(user, options, current)
    _search(ctx, user)
    try:
        view = _view(ctx, user, current)
    except ValidationFailed as e:
        show_error(e)
        return
    except AccessDenied as e:
        st.error(md_escape(f"Refused: {e}. The refusal is recorded in the audit log."))
        return
    except CseBoardError as e:
        show_error(e)
        return
    if st.button("Read the records again", icon=":material/refresh:", key="network_refresh"):
        forget(_VIEWS, current.key())
        forget(_OPTIONS)
        st.rerun()
    _summary(view, options)
    if not view.nodes:
        st.info("Nobody to draw for these filters.")
        return
    _hairball(user, view)
    event = link_chart(view)
    legend, words = st.columns([0.25, 0.75])
    legend.image(legend_svg())
    words.caption(
        "Names under people; a larger person has more records behind them. Solid lines link "
        "people; dashed lines a person and a place; dotted lines a person and a vehicle, phone "
        "or account (people who share one are joined through it). Thicker and darker: more or "
        "better-graded records. A double ring: their links are drawn. Select a person on the "
        "chart to open their profile, draw their links or fold their cluster."
    )
    _handle(user, event, view)
    _selection(ctx, user, view)
    _keyboard(user, view)
    with st.expander("How are these two connected?", icon=":material/route:"):
        selected = st.session_state.get(_SELECTED)
        start = selected if selected in _known(user) else current.person_id
        chain_finder(
            ctx,
            user,
            _known(user),
            key="network_chains",
            start=start,
            window_days=current.window_days,
            min_grading=current.min_grading,
        )
    if options.may_export:
        _export(ctx, user, view)


render()
