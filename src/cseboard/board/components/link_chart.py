"""The interactive link chart: streamlit-cytoscape (Cytoscape.js bundled, no CDN) with our styles.

Positions come from the service (a seeded layout), and the component only draws them
(``preset`` layout), so a rerun never moves a node. The component's info panel writes values
as text nodes, except that it rebuilds ``<a href=…>`` in a value as a clickable link: every
text value from partner records is made inert first (``inert``), so a name never becomes one.
"""

from __future__ import annotations

import hashlib
from typing import Any

from streamlit_cytoscape import (  # type: ignore[import-untyped]
    EdgeStyle,
    Event,
    NodeStyle,
    streamlit_cytoscape,
)

from cseboard.models.casework import LINK_KIND_LABELS, risk_label
from cseboard.models.network import NetworkView
from cseboard.reports.network_style import NODE_COLOURS, NODE_KIND_LABELS, NODE_SHAPES

__all__ = ["CHART_HEIGHT", "chart_elements", "chart_key", "inert", "link_chart"]

CHART_HEIGHT = 640
_ICONS = {
    "young_person": "person",
    "associate": "person",
    "person": "person",
    "location": "place",
    "vehicle": "directions_car",
    "phone": "smartphone",
    "account": "alternate_email",
}
_EDGE_LABELS = {
    "association": "Link between people",
    "place": "Seen at a place",
    "object": "Named with a vehicle, phone or account",
}
_EXTRA_KINDS = {
    "intelligence": "Report placing them there",
    "missing_found": "Found there after a missing episode",
    "mentioned_with": "Named in the same report",
}


class _Focus(NodeStyle):  # type: ignore[misc]
    """The person a neighbourhood is centred on: larger, with a dark ring."""

    def __init__(self) -> None:
        super().__init__("focus")

    def dump(self) -> dict[str, Any]:
        return {
            "selector": "node[?_focus]",
            "style": {"width": 32, "height": 32, "border-width": 3, "border-color": "#222"},
        }


def inert(text: str) -> str:
    """Text the info panel shows as it reads: a zero-width space after each ``<`` keeps an
    ``<a href=…>`` in a partner's value from being rebuilt as a link (it looks the same).

    Examples
    --------
    >>> inert('<a href="https://x.example">Park</a>') == '<\u200ba href="https://x.example">Park<\u200b/a>'
    True
    """
    return text.replace("<", "<\u200b")


def chart_key(view: NetworkView) -> str:
    """A component key per set of filters: a new chart mounts afresh (and fits the screen)."""
    digest = hashlib.sha256(view.filters.key().encode("utf-8")).hexdigest()[:12]
    return f"network_chart_{digest}"


def chart_elements(view: NetworkView) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape elements with fixed positions; the info panel shows these fields as text."""
    nodes = []
    for n in view.nodes:
        data: dict[str, Any] = {
            "id": n.node_id,
            "label": NODE_KIND_LABELS[n.kind],
            "name": inert(n.label),
            "links": n.links,
            "_focus": n.focus,
        }
        if n.person_id is not None:
            data["risk level"] = inert(risk_label(n.risk_level))
            data["cluster"] = n.cluster_id or "none"
            data["open"] = "click the node to open the profile"
        nodes.append({"data": data, "position": {"x": n.x, "y": n.y}})
    edges = []
    for lk in view.links:
        kinds = ", ".join(LINK_KIND_LABELS.get(k, _EXTRA_KINDS.get(k, k)) for k in lk.kinds)
        edges.append(
            {
                "data": {
                    "id": lk.link_id,
                    "source": lk.source,
                    "target": lk.target,
                    "label": _EDGE_LABELS[lk.kind],
                    "grading": inert(lk.label),
                    "evidence": inert(kinds),
                    "records": lk.records,
                    "weight": round(min(lk.weight, 4.0), 2),
                }
            }
        )
    return {"nodes": nodes, "edges": edges}


def _node_styles() -> list[NodeStyle]:
    styles = [
        NodeStyle(
            NODE_KIND_LABELS[kind],
            NODE_COLOURS[kind],
            "name",
            _ICONS[kind],
            custom_styles={
                "shape": NODE_SHAPES[kind],
                "font-size": 7,
                "min-zoomed-font-size": 6,
            },
        )
        for kind in NODE_KIND_LABELS
    ]
    return [*styles, _Focus()]


def _edge_styles() -> list[EdgeStyle]:
    common = {
        "font-size": 5,
        "min-zoomed-font-size": 7,
        "width": "mapData(weight, 0, 4, 1, 5)",
        "text-background-color": "#ffffff",
        "color": "#333333",
    }
    return [
        EdgeStyle(_EDGE_LABELS["association"], "#9a9a9a", "grading", custom_styles=common),
        EdgeStyle(
            _EDGE_LABELS["place"],
            "#7fc8ae",
            "grading",
            custom_styles={**common, "line-style": "dashed"},
        ),
        EdgeStyle(
            _EDGE_LABELS["object"],
            "#8fb3d9",
            "grading",
            custom_styles={**common, "line-style": "dotted"},
        ),
    ]


def link_chart(view: NetworkView, *, height: int = CHART_HEIGHT) -> dict[str, Any] | None:
    """Draw the chart; returns the last click (``node_tap`` / ``edge_tap``) or ``None``."""
    value = streamlit_cytoscape(
        chart_elements(view),
        layout={"name": "preset", "fit": True, "padding": 50, "animate": False},
        node_styles=_node_styles(),
        edge_styles=_edge_styles(),
        height=height,
        key=chart_key(view),
        events=[Event("node_tap", "tap", "node"), Event("edge_tap", "tap", "edge")],
        hide_underscore_attrs=True,
    )
    return value if isinstance(value, dict) else None
