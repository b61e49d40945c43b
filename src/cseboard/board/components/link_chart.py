"""The interactive link chart: streamlit-cytoscape (Cytoscape.js bundled, no CDN) with our styles.

Positions come from the service (a seeded layout that grows without moving what is drawn), and
the component only draws them (``preset`` layout), so a rerun never moves a node. People carry
their names (nobody outside the user's scope is ever drawn with one), and a person's size says
how many records stand behind them. The component's info panel writes values as text nodes,
except that it rebuilds ``<a href=…>`` in a value as a clickable link: every text value from
partner records is made inert first (``inert``), so a name never becomes one. Selecting a node
shows actions in its panel: open the profile, draw the person's neighbours, collapse or expand
a cluster.
"""

from __future__ import annotations

import hashlib
from itertools import pairwise
from typing import Any

from streamlit_cytoscape import (  # type: ignore[import-untyped]
    EdgeStyle,
    Event,
    InfopanelAction,
    NodeStyle,
    streamlit_cytoscape,
)

from cseboard.models.casework import LINK_KIND_LABELS, risk_label
from cseboard.models.network import NetworkView
from cseboard.models.paths import PathAnswer
from cseboard.reports.network_style import NODE_COLOURS, NODE_KIND_LABELS, NODE_SHAPES

__all__ = [
    "ACTIONS",
    "CHART_HEIGHT",
    "chain_elements",
    "chains_chart",
    "chart_elements",
    "chart_key",
    "inert",
    "link_chart",
]

CHART_HEIGHT = 720
ACTIONS: dict[str, str] = {
    "open_profile": "Open profile",
    "draw_neighbours": "Draw their links",
    "collapse_cluster": "Collapse cluster",
    "expand_cluster": "Expand cluster",
}
"""Buttons of the chart's information panel (returned as the component's ``action``)."""
_ACTION_ICONS = {
    "open_profile": "person",
    "draw_neighbours": "link",
    "collapse_cluster": "group",
    "expand_cluster": "group",
}
_ICONS = {
    "young_person": "person",
    "associate": "person",
    "person": "person",
    "unnamed": "person",
    "location": "place",
    "vehicle": "directions_car",
    "phone": "smartphone",
    "account": "alternate_email",
    "cluster": "group",
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
_PEOPLE = ("young_person", "associate", "person", "unnamed")


class _Selector(NodeStyle):  # type: ignore[misc]
    """A style for any Cytoscape selector (the package's styles select by label only)."""

    def __init__(self, selector: str, style: dict[str, Any]) -> None:
        super().__init__(selector)
        self._selector = selector
        self._style = style

    def dump(self) -> dict[str, Any]:
        return {"selector": self._selector, "style": self._style}


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
    """A component key per chart: the same focus keeps its component while it grows.

    Drawing a person's neighbours or collapsing a cluster keeps the key (the chart redraws in
    place, positions kept); another focus or filter mounts a new chart (and fits the screen).
    """
    base = view.filters.model_copy(update={"expanded": (), "collapsed": ()})
    digest = hashlib.sha256(base.key().encode("utf-8")).hexdigest()[:12]
    return f"network_chart_{digest}"


def _size(records: int) -> int:
    """Node diameter from the records behind a person: 18 px, up to 46 px at 40 records."""
    return 18 + min(records, 40) * 7 // 10


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
            "_size": _size(n.records) if n.kind in _PEOPLE or n.kind == "cluster" else 14,
        }
        if n.person_id is not None:
            data["records"] = n.records
            data["risk level"] = inert(risk_label(n.risk_level))
            data["cluster"] = n.cluster_id or "none"
            data["_expanded"] = n.expanded
        if n.kind == "cluster":
            data["people"] = n.members
            data["records"] = n.records
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
    styles = []
    for kind in NODE_KIND_LABELS:
        person = kind in _PEOPLE or kind == "cluster"
        styles.append(
            NodeStyle(
                NODE_KIND_LABELS[kind],
                NODE_COLOURS[kind],
                "name",
                _ICONS[kind],
                custom_styles={
                    "shape": NODE_SHAPES[kind],
                    "width": "data(_size)",
                    "height": "data(_size)",
                    "font-size": 11 if person else 8,
                    "font-weight": "bold" if kind == "cluster" else "normal",
                    "color": "#1a1a1a" if person else "#4d4d4d",
                    "min-zoomed-font-size": 4 if person else 7,
                    "text-valign": "bottom",
                    "text-margin-y": 2,
                    "text-wrap": "wrap" if kind == "cluster" else "ellipsis",
                    "text-max-width": 110,
                    "text-background-color": "#ffffff",
                    "text-background-opacity": 0.75,
                    "text-background-padding": 1,
                    "border-width": 1,
                    "border-color": "#555555",
                },
            )
        )
    return [
        *styles,
        _Selector(
            "node[?_focus]",
            {"border-width": 4, "border-color": "#111111", "font-weight": "bold"},
        ),
        _Selector("node[?_expanded]", {"border-width": 3, "border-style": "double"}),
    ]


def _edge_styles() -> list[EdgeStyle]:
    common = {
        "font-size": 6,
        "min-zoomed-font-size": 8,
        "width": "mapData(weight, 0, 4, 1, 6)",
        "text-background-color": "#ffffff",
        "color": "#333333",
        "opacity": "mapData(weight, 0, 2, 0.3, 0.9)",
    }
    return [
        EdgeStyle(_EDGE_LABELS["association"], "#8a8a8a", "grading", custom_styles=common),
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
    """Draw the chart; returns the last click (``node_tap`` / ``edge_tap``) or panel action."""
    elements = chart_elements(view)
    # A grown or folded chart keeps its component (and every position), but is fitted to the
    # screen again: the layout is re-run when its options change, so they name what is drawn.
    drawn = hashlib.sha256(
        "|".join(sorted(n["data"]["id"] for n in elements["nodes"])).encode("utf-8")
    ).hexdigest()[:12]
    value = streamlit_cytoscape(
        elements,
        layout={"name": "preset", "fit": True, "padding": 40, "animate": False, "drawn": drawn},
        node_styles=_node_styles(),
        edge_styles=_edge_styles(),
        height=height,
        key=chart_key(view),
        events=[Event("node_tap", "tap", "node"), Event("edge_tap", "tap", "edge")],
        hide_underscore_attrs=True,
        infopanel_actions=[
            InfopanelAction(name, label, icon=_ACTION_ICONS[name], spinner=True)
            for name, label in ACTIONS.items()
        ],
    )
    return value if isinstance(value, dict) else None


# -- chains between two people -------------------------------------------------------------------
_STEP_X = 190.0
_ROW_Y = 110.0


def chain_elements(answer: PathAnswer) -> dict[str, list[dict[str, Any]]]:
    """The chains as rows from left (first person) to right (last): each person drawn once,
    where they first appear; the weakest link of each chain drawn red and dashed."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[str, dict[str, Any]] = {}
    longest = max((len(c.hops) for c in answer.chains), default=1)
    for row, chain in enumerate(answer.chains):
        ids = []
        for step, (pid, label, kind) in enumerate(
            zip(chain.people, chain.labels, chain.kinds, strict=True)
        ):
            node_id = pid or f"unnamed:{label}"
            ids.append(node_id)
            if node_id in nodes:
                continue
            last = step == len(chain.people) - 1
            x = (longest if last else step) * _STEP_X
            y = 0.0 if step == 0 or last else row * _ROW_Y
            nodes[node_id] = {
                "data": {
                    "id": node_id,
                    "label": NODE_KIND_LABELS.get(kind, NODE_KIND_LABELS["person"]),
                    "name": "" if pid is None else inert(label),
                    "_size": 30 if step == 0 or last else 22,
                    "_focus": step == 0 or last,
                },
                "position": {"x": x, "y": y},
            }
        for hop, (a, b) in zip(chain.hops, pairwise(ids), strict=True):
            edge_id = f"chain:{a}|{b}"
            # A one-link chain's only link is trivially its weakest: not marked.
            marked = hop.weakest and len(chain.hops) > 1
            weakest = marked or edges.get(edge_id, {}).get("data", {}).get("_weakest")
            gradings = sorted({r.grading or "" for r in hop.evidence} - {""})
            edges[edge_id] = {
                "data": {
                    "id": edge_id,
                    "source": a,
                    "target": b,
                    "label": _EDGE_LABELS["association"],
                    "grading": f"{hop.weight:.2f}" + (" weakest" if weakest else ""),
                    "records": len(hop.evidence),
                    "gradings": inert(
                        ", ".join(g.replace("record", "episode") for g in gradings)
                    ),
                    "weight": round(min(hop.weight, 4.0), 2),
                    "_weakest": bool(weakest),
                }
            }
    return {"nodes": list(nodes.values()), "edges": list(edges.values())}


def chains_chart(answer: PathAnswer, *, key: str, height: int = 320) -> None:
    """Draw the chains (read-only: the tables below list each link's records)."""
    weakest = EdgeStyle(
        _EDGE_LABELS["association"],
        "#8a8a8a",
        "grading",
        custom_styles={
            "font-size": 10,
            "width": "mapData(weight, 0, 4, 2, 7)",
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.8,
            "color": "#333333",
        },
    )
    streamlit_cytoscape(
        chain_elements(answer),
        layout={"name": "preset", "fit": True, "padding": 40, "animate": False},
        node_styles=_node_styles(),
        edge_styles=[
            weakest,
            _Selector(
                "edge[?_weakest]",
                {"line-color": "#D55E00", "line-style": "dashed", "color": "#D55E00"},
            ),
        ],
        height=height,
        key=key,
        hide_underscore_attrs=True,
    )
