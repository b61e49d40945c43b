"""The network chart drawn as SVG (export) and its legend: every text from records escaped."""

from __future__ import annotations

import html
import math
from datetime import datetime

from cseboard.models.network import NetworkNode, NetworkView
from cseboard.models.values import LONDON
from cseboard.reports.network_style import NODE_COLOURS, NODE_KIND_LABELS, NODE_SHAPES

__all__ = ["legend_svg", "network_svg"]


def _uk(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%d/%m/%Y %H:%M")


def _shape(kind: str, x: float, y: float, r: float, fill: str) -> str:
    shape = NODE_SHAPES.get(kind, "ellipse")
    style = f'fill="{fill}" stroke="#333" stroke-width="0.8"'
    if shape == "ellipse":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {style}/>'
    if shape == "round-rectangle":
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" '
            f'rx="{r / 3:.1f}" {style}/>'
        )
    if shape == "barrel":
        return (
            f'<rect x="{x - 1.4 * r:.1f}" y="{y - r:.1f}" width="{2.8 * r:.1f}" '
            f'height="{2 * r:.1f}" rx="{r:.1f}" {style}/>'
        )
    corners = {"diamond": 4, "triangle": 3, "hexagon": 6, "octagon": 8}.get(shape, 4)
    offset = -math.pi / 2
    points = " ".join(
        f"{x + r * math.cos(offset + 2 * math.pi * i / corners):.1f},"
        f"{y + r * math.sin(offset + 2 * math.pi * i / corners):.1f}"
        for i in range(corners)
    )
    return f'<polygon points="{points}" {style}/>'


def legend_svg() -> str:
    """The legend of node kinds (shape and colour), as a small SVG with no data in it."""
    kinds = list(NODE_KIND_LABELS)
    width, row = 250, 22
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{row * len(kinds) + 8}"'
        ' font-family="sans-serif" font-size="12">'
    ]
    for i, kind in enumerate(kinds):
        y = 14 + i * row
        parts.append(_shape(kind, 12, y, 7, NODE_COLOURS[kind]))
        parts.append(f'<text x="28" y="{y + 4}">{html.escape(NODE_KIND_LABELS[kind])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def network_svg(view: NetworkView, *, exported_by: str, exported_at: datetime) -> str:
    """The chart drawn server-side as SVG, with its legend and the OFFICIAL-SENSITIVE marking.

    Every text from the records is XML-escaped, so a name can never become markup.
    """
    margin, header = 40.0, 50.0
    xs = [n.x for n in view.nodes] or [0.0]
    ys = [n.y for n in view.nodes] or [0.0]
    left, top = min(xs) - margin, min(ys) - margin
    width = max(max(xs) - left + margin, 600.0)
    legend = 20.0 * len(NODE_KIND_LABELS) + 20.0
    height = max(ys) - top + margin + header + legend

    def at(node: NetworkNode) -> tuple[float, float]:
        return node.x - left, node.y - top + header

    where = {n.node_id: at(n) for n in view.nodes}
    esc = html.escape
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif">',
        "<title>Network chart (OFFICIAL-SENSITIVE)</title>",
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        f'<text x="10" y="20" font-size="14" font-weight="bold">OFFICIAL-SENSITIVE · '
        f"Network chart · {esc(str(view.people_shown))} people, {len(view.links)} links</text>",
        f'<text x="10" y="38" font-size="11">Evidence {esc(_uk(view.window_start))} to '
        f"{esc(_uk(view.window_end))} · exported {esc(_uk(exported_at))} by "
        f"{esc(exported_by)} · links are advisory; grading of the strongest record on each"
        "</text>",
    ]
    for lk in view.links:
        if lk.source not in where or lk.target not in where:
            continue
        (x1, y1), (x2, y2) = where[lk.source], where[lk.target]
        dash = ' stroke-dasharray="4 3"' if lk.kind != "association" else ""
        stroke = 0.6 + min(lk.weight, 4.0) * 0.6
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#888" '
            f'stroke-width="{stroke:.1f}"{dash}/>'
        )
        parts.append(
            f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 - 2:.1f}" font-size="7" '
            f'fill="#555" text-anchor="middle">{esc(lk.label)}</text>'
        )
    for node in view.nodes:
        x, y = where[node.node_id]
        parts.append(_shape(node.kind, x, y, 12 if node.focus else 9, NODE_COLOURS[node.kind]))
        parts.append(
            f'<text x="{x:.1f}" y="{y + 20:.1f}" font-size="8" text-anchor="middle">'
            f"{esc(node.label)}</text>"
        )
    legend_top = height - legend + 10
    for i, kind in enumerate(NODE_KIND_LABELS):
        y = legend_top + 14 + i * 20
        parts.append(_shape(kind, 20, y, 7, NODE_COLOURS[kind]))
        parts.append(
            f'<text x="36" y="{y + 4:.1f}" font-size="11">{esc(NODE_KIND_LABELS[kind])}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
