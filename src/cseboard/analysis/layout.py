"""The seeded chart layout every network drawing shares, so a picture never jumps between reruns."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import networkx as nx

__all__ = ["LAYOUT_SEED", "extend_layout", "seeded_layout"]

LAYOUT_SEED = 7
"""Seed of the force-directed layout: the same nodes and links always give the same positions."""


def seeded_layout(
    nodes: Sequence[str],
    edges: Iterable[tuple[str, str, float]],
    *,
    seed: int = LAYOUT_SEED,
    iterations: int = 150,
    spread: float = 1.0,
) -> dict[str, tuple[float, float]]:
    """Force-directed positions in the unit disc, deterministic for the same input.

    A force layout of a dense group draws its core as a ball and flings loosely linked nodes far
    out; distances from the centre are therefore square-rooted (directions and order kept),
    which spreads the core and pulls the outliers in. Callers scale the unit disc to their
    drawing. Edge weights above 1.5 count as 1.5, so one very strong link does not collapse
    two nodes onto each other.

    Parameters
    ----------
    nodes : sequence of str
        Every node to place, isolated ones included; sorted input gives the same picture
        whatever order the caller found them in.
    edges : iterable of (str, str, float)
        Links with their weights; links to unknown nodes are ignored.
    seed : int, default :data:`LAYOUT_SEED`
        Seed of :func:`networkx.spring_layout`.
    iterations : int, default 150
    spread : float, default 1.0
        Multiplies the layout's ideal distance between nodes (networkx's ``k``): above 1,
        a dense group spreads out instead of drawing as a ball (labels become readable).

    Returns
    -------
    dict
        Node → (x, y) with the median node at the centre and the farthest at distance 1.

    Examples
    --------
    >>> pos = seeded_layout(["a", "b", "c"], [("a", "b", 1.0), ("b", "c", 1.0)])
    >>> pos == seeded_layout(["a", "b", "c"], [("a", "b", 1.0), ("b", "c", 1.0)])
    True
    >>> round(max(math.hypot(x, y) for x, y in pos.values()), 3)
    1.0
    >>> seeded_layout(["alone"], [])
    {'alone': (0.0, 0.0)}
    """
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    H = nx.Graph()
    H.add_nodes_from(nodes)
    H.add_weighted_edges_from(
        (a, b, min(float(w), 1.5)) for a, b, w in edges if a in H and b in H and a != b
    )
    k = spread / math.sqrt(len(nodes))
    pos = nx.spring_layout(H, k=k, seed=seed, weight="weight", iterations=iterations)
    xs = sorted(float(p[0]) for p in pos.values())
    ys = sorted(float(p[1]) for p in pos.values())
    cx, cy = xs[len(xs) // 2], ys[len(ys) // 2]
    far = max(math.hypot(float(x) - cx, float(y) - cy) for x, y in pos.values()) or 1.0
    placed: dict[str, tuple[float, float]] = {}
    for node, (x, y) in pos.items():
        dx, dy = (float(x) - cx) / far, (float(y) - cy) / far
        r = math.hypot(dx, dy)
        factor = math.sqrt(r) / r if r > 0 else 0.0
        placed[str(node)] = (round(dx * factor, 6), round(dy * factor, 6))
    return placed


def extend_layout(
    placed: dict[str, tuple[float, float]],
    nodes: Sequence[str],
    edges: Iterable[tuple[str, str, float]],
    *,
    seed: int = LAYOUT_SEED,
    iterations: int = 100,
    spread: float = 1.0,
) -> dict[str, tuple[float, float]]:
    """Positions for ``nodes`` where those already ``placed`` stay exactly where they are.

    A chart that grows (a person's neighbours drawn on demand) keeps its picture: every new
    node starts beside the placed nodes it is linked to (on a seeded circle around them) and
    only new nodes move. Deterministic for the same input.

    Parameters
    ----------
    placed : dict
        Node → (x, y) of nodes drawn already (in the unit disc of :func:`seeded_layout`).
    nodes : sequence of str
        Every node of the grown chart (placed ones included).
    edges : iterable of (str, str, float)
        Its links with their weights.
    spread : float, default 1.0
        As for :func:`seeded_layout`.

    Returns
    -------
    dict
        Node → (x, y) for every node of ``nodes``; placed nodes unchanged.

    Examples
    --------
    >>> base = seeded_layout(["a", "b"], [("a", "b", 1.0)])
    >>> grown = extend_layout(base, ["a", "b", "c"], [("a", "b", 1.0), ("b", "c", 1.0)])
    >>> grown["a"] == base["a"] and grown["b"] == base["b"] and "c" in grown
    True
    >>> extend_layout({}, ["a"], []) == seeded_layout(["a"], [])
    True
    """
    fresh = [n for n in nodes if n not in placed]
    if not placed:
        return seeded_layout(nodes, edges, seed=seed, spread=spread)
    kept = {n: placed[n] for n in nodes if n in placed}
    if not fresh:
        return kept
    H = nx.Graph()
    H.add_nodes_from(nodes)
    H.add_weighted_edges_from(
        (a, b, min(float(w), 1.5)) for a, b, w in edges if a in H and b in H and a != b
    )
    spacing = spread / math.sqrt(max(len(kept), 1))
    start: dict[str, tuple[float, float]] = dict(kept)
    for i, node in enumerate(sorted(fresh)):
        anchors = [start[m] for m in H[node] if m in kept]
        cx = sum(p[0] for p in anchors) / len(anchors) if anchors else 0.0
        cy = sum(p[1] for p in anchors) / len(anchors) if anchors else 0.0
        angle = 2 * math.pi * ((i * 0.618034 + seed * 0.1) % 1.0)
        radius = spacing * (0.6 if anchors else 1.2)
        start[node] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    pos = nx.spring_layout(
        H,
        k=spacing,
        pos=start,
        fixed=list(kept),
        seed=seed,
        weight="weight",
        iterations=iterations,
    )
    grown = dict(kept)
    for node in fresh:
        x, y = pos[node]
        grown[node] = (round(float(x), 6), round(float(y), 6))
    return grown
