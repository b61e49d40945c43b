"""The timeline drawn with Altair: one lane per person, coloured by agency, gradings shown.

The board shows the chart with a click selection on each event (``record_id``); the meeting
pack embeds the same chart as a PNG (vl-convert, no browser). Names and record text are data
values, never markup: Vega-Lite writes them as text.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from cseboard.models.timeline import EVENT_KIND_LABELS, Timeline
from cseboard.models.values import LONDON

__all__ = ["AGENCY_COLOURS", "SELECTION", "timeline_chart", "timeline_png"]

SELECTION = "event"
"""Name of the chart's click selection (its field is ``record_id``)."""

AGENCY_COLOURS: dict[str, str] = {
    "police": "#0072B2",
    "childrens_social_care": "#CC79A7",
    "education": "#E69F00",
    "health": "#009E73",
    "youth_offending": "#D55E00",
    "third_sector": "#56B4E9",
}
"""One colour per agency on every timeline (Okabe-Ito); other agencies are grey."""
_OTHER = "#8C8C8C"
_SHAPES = {
    "report": "circle",
    "sighting": "triangle-up",
    "missing": "square",
    "away": "square",
    "risk": "diamond",
    "restricted": "cross",
}
_LANE_PX = 30


def _wall(moment: Any) -> str:
    """UK wall-clock time as a zone-less ISO string (the chart reads it as is)."""
    return str(moment.astimezone(LONDON).strftime("%Y-%m-%dT%H:%M:%S"))


def _frame(timeline: Timeline) -> pd.DataFrame:
    rows = []
    for e in timeline.events:
        agency = (e.agency or "unknown").replace("_", " ")
        rows.append(
            {
                "lane": e.lane,
                "kind": EVENT_KIND_LABELS[e.kind],
                "shape": e.kind,
                "bar": e.kind in ("missing", "away"),
                "agency": agency,
                "agency_code": e.agency or "unknown",
                "at": _wall(e.at),
                "until": _wall(e.until) if e.until else None,
                "grading": "" if e.grading in (None, "record") else str(e.grading),
                "what": e.text,
                "record_id": e.record_id or "",
                "when": e.at.astimezone(LONDON).strftime("%d/%m/%Y %H:%M"),
                "returned": (
                    "still missing"
                    if e.still_missing
                    else (e.until.astimezone(LONDON).strftime("%d/%m/%Y %H:%M") if e.until else "")
                ),
            }
        )
    columns = [
        "lane",
        "kind",
        "shape",
        "bar",
        "agency",
        "agency_code",
        "at",
        "until",
        "grading",
        "what",
        "record_id",
        "when",
        "returned",
    ]
    return pd.DataFrame(rows, columns=columns)


def timeline_chart(
    timeline: Timeline, *, width: int | str = "container"
) -> alt.LayerChart | alt.FacetChart:
    """The timeline as a layered chart: bars for absences, marks for every event.

    Every event has a mark at its start (an absence a square at the start of its bar) carrying
    ``record_id`` for the click selection named :data:`SELECTION`.
    """
    data = _frame(timeline)
    lanes = [o.label for o in timeline.lanes]
    agencies = sorted({str(a) for a in data["agency_code"]}) if len(data) else []
    colour = alt.Color(
        "agency:N",
        title="Agency",
        scale=alt.Scale(
            domain=[a.replace("_", " ") for a in agencies],
            range=[AGENCY_COLOURS.get(a, _OTHER) for a in agencies],
        ),
        legend=alt.Legend(orient="bottom", columns=4),
    )
    lane = alt.Y(
        "lane:N",
        sort=lanes,
        title=None,
        scale=alt.Scale(domain=lanes),
        axis=alt.Axis(labelLimit=240, labelFontSize=11),
    )
    when = alt.X(
        "at:T",
        title=None,
        scale=alt.Scale(domain=[_wall(timeline.window_start), _wall(timeline.window_end)]),
        axis=alt.Axis(format="%d %b %Y", labelAngle=0, grid=True),
    )
    pick = alt.selection_point(name=SELECTION, fields=["record_id"], on="click", empty=False)
    tooltip = [
        alt.Tooltip("lane:N", title="Person"),
        alt.Tooltip("what:N", title="What"),
        alt.Tooltip("agency:N", title="Agency"),
        alt.Tooltip("when:N", title="When"),
        alt.Tooltip("returned:N", title="Returned"),
        alt.Tooltip("record_id:N", title="Record"),
    ]
    base = alt.Chart(data)
    bars = (
        base.transform_filter(alt.datum.bar)
        .mark_bar(height=12, cornerRadius=3, stroke="#333333", strokeWidth=0.5)
        .encode(
            x=when,
            x2="until:T",
            y=lane,
            color=colour,
            opacity=alt.condition(
                alt.datum.shape == "away", alt.value(0.45), alt.value(0.85)
            ),
            tooltip=tooltip,
        )
    )
    marks = (
        base.mark_point(filled=True, size=90, stroke="#222222", strokeWidth=0.6, opacity=0.95)
        .encode(
            x=when,
            y=lane,
            color=alt.condition(
                alt.datum.shape == "restricted", alt.value("#BDBDBD"), colour
            ),
            shape=alt.Shape(
                "kind:N",
                title="Event",
                scale=alt.Scale(
                    domain=[EVENT_KIND_LABELS[k] for k in _SHAPES],
                    range=list(_SHAPES.values()),
                ),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=260),
            ),
            opacity=alt.condition(
                alt.datum.shape == "away", alt.value(0.55), alt.value(0.95)
            ),
            tooltip=[*tooltip[:3], alt.Tooltip("grading:N", title="Grading"), *tooltip[3:]],
        )
        .add_params(pick)
    )
    gradings = (
        base.transform_filter("!datum.bar && datum.grading != ''")
        .mark_text(dy=-11, fontSize=8, color="#333333")
        .encode(x=when, y=lane, text="grading:N")
    )
    return alt.layer(bars, marks, gradings).properties(
        width=width,
        height=alt.Step(_LANE_PX),
        # SVG: every mark is an element with a text description (screen readers, tests).
        usermeta={"embedOptions": {"renderer": "svg"}},
        title=alt.TitleParams(
            f"Timeline of {timeline.title}",
            subtitle="Squares and bars: missing (solid) or away (pale), from report to "
            "return; other marks: reports, sightings, risk levels set; small text: grading.",
            anchor="start",
        ),
    )


def timeline_png(timeline: Timeline, *, width: int = 760) -> bytes:
    """The chart as a PNG (for the meeting pack's DOCX and PDF), drawn without a browser."""
    import vl_convert as vlc

    spec = timeline_chart(timeline, width=width).to_dict()
    png: bytes = vlc.vegalite_to_png(spec, scale=2)
    return png
