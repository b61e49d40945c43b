"""How each kind of node looks on every network chart (cytoscape, SVG export, legends).

Okabe-Ito colours (distinguishable with colour-blindness) and a shape per kind, so a node's
type never depends on colour alone. The board's chart, its legend and the SVG export share them.
"""

from __future__ import annotations

__all__ = ["NODE_COLOURS", "NODE_KIND_LABELS", "NODE_SHAPES"]

NODE_KIND_LABELS: dict[str, str] = {
    "young_person": "Young person",
    "associate": "Adult or peer of concern",
    "person": "Person, role not recorded",
    "location": "Place",
    "vehicle": "Vehicle",
    "phone": "Phone",
    "account": "Online account",
    "cluster": "Cluster drawn as one node",
    "unnamed": "Person outside your scope",
}

NODE_COLOURS: dict[str, str] = {
    "young_person": "#CC79A7",
    "associate": "#D55E00",
    "person": "#999999",
    "location": "#009E73",
    "vehicle": "#0072B2",
    "phone": "#E69F00",
    "account": "#56B4E9",
    "cluster": "#F0E442",
    "unnamed": "#DDDDDD",
}

NODE_SHAPES: dict[str, str] = {
    "young_person": "ellipse",
    "associate": "diamond",
    "person": "ellipse",
    "location": "round-rectangle",
    "vehicle": "triangle",
    "phone": "hexagon",
    "account": "octagon",
    "cluster": "barrel",
    "unnamed": "ellipse",
}
