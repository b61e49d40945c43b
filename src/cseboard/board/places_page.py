"""Places page: hotspots on an offline map and in a table; weekday × hour and monthly counts."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pydeck as pdk
import streamlit as st

from cseboard.board.components.cached import cached
from cseboard.board.components.common import run_caption, show_error
from cseboard.board.session import current_user, services
from cseboard.errors import CseBoardError
from cseboard.models.casework import uk_time
from cseboard.models.network import PlaceDetail, PlaceRow, PlacesView
from cseboard.models.users import User
from cseboard.services.context import ServiceContext
from cseboard.services.places import place_detail, places_overview

__all__ = ["render"]

LABELLED = 12
"""The busiest hotspots are named on the map (there is no base map to give context)."""
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _kind(code: str | None) -> str:
    return (code or "").replace("_", " ")


def _place_label(place: PlaceRow) -> str:
    """Name, kind and postcode: two places can share a name."""
    where = ", ".join(x for x in (_kind(place.kind), place.postcode or "") if x)
    return f"{place.name or place.place} ({where})"


def _overview(ctx: ServiceContext, user: User) -> PlacesView:
    return cached(user, "places", None, lambda: places_overview(ctx, user))


def _map(places: list[PlaceRow]) -> None:
    located = [p for p in places if p.latitude is not None and p.longitude is not None]
    if not located:
        st.info("None of the hotspots has coordinates recorded, so there is nothing to map.")
        return
    top = max(p.young_people for p in located)
    data = pd.DataFrame(
        [
            {
                "name": p.name or p.place,
                "kind": _kind(p.kind),
                "young_people": p.young_people,
                "lat": p.latitude,
                "lon": p.longitude,
                "radius": 40 + 160 * p.young_people / top,
            }
            for p in located
        ]
    )
    view = pdk.ViewState(
        latitude=float(data["lat"].mean()), longitude=float(data["lon"].mean()), zoom=12
    )
    layer = pdk.Layer(
        "ScatterplotLayer",
        data=data,
        get_position="[lon, lat]",
        get_radius="radius",
        get_fill_color=[204, 121, 167, 170],
        get_line_color=[60, 60, 60, 220],
        line_width_min_pixels=1,
        stroked=True,
        pickable=True,
    )
    labels = pdk.Layer(
        "TextLayer",
        data=data.head(LABELLED),
        get_position="[lon, lat]",
        get_text="name",
        get_size=12,
        get_color=[40, 40, 40, 255],
        get_alignment_baseline="'top'",
        get_pixel_offset=[0, 10],
    )
    deck = pdk.Deck(
        layers=[layer, labels],
        initial_view_state=view,
        # No base map: tiles would need a token and the internet, which the board does not
        # have. Without a provider pydeck sends its "no style" marker, and Streamlit then draws
        # no base map at all (``map_style=None`` would make it fetch Carto's instead).
        map_provider=None,
        tooltip={"text": "{name} ({kind})\n{young_people} young people"},
    )
    st.pydeck_chart(deck, height=420)
    missing = len(places) - len(located)
    st.caption(
        "Circle size: young people seen there. No background map is drawn (it would need the "
        "internet)."
        + (
            f" {missing} hotspot(s) have no coordinates and are only in the table."
            if missing
            else ""
        )
    )


def _table(places: list[PlaceRow]) -> None:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Place": p.name or p.place,
                    "Kind": _kind(p.kind),
                    "Postcode": p.postcode or "",
                    "Agency records": p.location_records,
                    "Young people": p.young_people,
                    "Adults or peers of concern": p.associates,
                    "Records": p.records,
                    "First seen": uk_time(p.first_seen),
                    "Last seen": uk_time(p.last_seen),
                }
                for p in places
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def _heat(detail: PlaceDetail) -> alt.Chart:
    """Weekday (rows) × hour (columns) record counts."""
    cells = pd.DataFrame(
        [
            {"Day": DAYS[d], "Hour": h, "Records": detail.day_hour[d][h]}
            for d in range(7)
            for h in range(24)
        ]
    )
    chart: alt.Chart = (
        alt.Chart(cells)
        .mark_rect()
        .encode(
            x=alt.X("Hour:O", title="Hour (UK time)"),
            y=alt.Y("Day:O", sort=list(DAYS), title=None),
            color=alt.Color("Records:Q", scale=alt.Scale(scheme="purples"), title="Records"),
            tooltip=["Day", "Hour", "Records"],
        )
        .properties(height=220)
    )
    return chart


def _months(detail: PlaceDetail) -> alt.Chart:
    months = sorted(set(detail.records_by_month) | set(detail.young_people_by_month))
    rows = [
        {"Month": m, "Count": detail.records_by_month.get(m, 0), "What": "Records"} for m in months
    ] + [
        {"Month": m, "Count": detail.young_people_by_month.get(m, 0), "What": "Young people"}
        for m in months
    ]
    chart: alt.Chart = (
        alt.Chart(pd.DataFrame(rows))
        .mark_bar()
        .encode(
            x=alt.X("Month:O", title="Month (UK time)"),
            xOffset="What:N",
            y=alt.Y("Count:Q", title="Count"),
            color=alt.Color("What:N", title=None),
            tooltip=["Month", "What", "Count"],
        )
        .properties(height=220)
    )
    return chart


def _place(ctx: ServiceContext, user: User, places: list[PlaceRow]) -> None:
    st.subheader("When records place people at a hotspot")
    labels = {p.place: _place_label(p) for p in places}
    chosen = st.selectbox(
        "Place", list(labels), format_func=labels.__getitem__, key="places_choice"
    )
    if chosen is None:
        return
    try:
        detail = place_detail(ctx, user, chosen)
    except CseBoardError as e:
        show_error(e)
        return
    a, b, c = st.columns(3)
    a.metric("Young people", detail.place.young_people)
    b.metric("Records", detail.place.records)
    c.metric("Agency location records", len(detail.location_ids))
    st.caption("Records by day of the week and hour of the day")
    st.altair_chart(_heat(detail), width="stretch")
    st.caption("Records and distinct young people by month")
    st.altair_chart(_months(detail), width="stretch")


def render() -> None:
    user = current_user()
    if user is None:
        st.stop()
    ctx = services()
    st.title("Places")
    st.caption(
        "Hotspots: places the records of the analysis window link to three or more young "
        "people. Counts only; a missing episode counts when the child was found there. A "
        "place several agencies recorded counts once (its agency records are resolved into "
        "one place, see Duplicate places)."
    )
    try:
        view = _overview(ctx, user)
    except CseBoardError as e:
        show_error(e)
        return
    if view.run is None:
        st.info("No analysis run has been stored yet, so there are no hotspots.")
        return
    st.caption(run_caption(view.run))
    if not view.places:
        st.info("The latest run found no hotspots.")
        return
    a, b = st.columns(2)
    a.metric("Hotspots", len(view.places))
    b.metric("Young people at the busiest", view.places[0].young_people)
    _map(view.places)
    _table(view.places)
    _place(ctx, user, view.places)


render()
