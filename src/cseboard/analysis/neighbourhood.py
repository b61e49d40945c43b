"""Who is near whom on the person graph, and which objects tie people to each other."""

from __future__ import annotations

from collections.abc import Collection

import networkx as nx

from cseboard.analysis.projection import EdgeEvidence
from cseboard.analysis.selection import Selection, grading_weight

__all__ = ["OBJECT_KINDS", "link_strength", "neighbourhood", "object_mentions", "record_counts"]

OBJECT_KINDS: tuple[tuple[str, str], ...] = (
    ("vehicles", "vehicle"),
    ("phones", "phone"),
    ("accounts", "account"),
)
"""(report field, object kind) of the objects a report can name."""


def link_strength(G: nx.Graph, node: str, within: Collection[str]) -> float:
    """Sum of the weights of ``node``'s links to people in ``within`` (0 outside the graph).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=0.5)
    >>> G.add_edge("a", "c", weight=1.0)
    >>> link_strength(G, "a", {"b", "c"}), link_strength(G, "a", {"b"})
    (1.5, 0.5)
    >>> link_strength(G, "z", {"a"})
    0.0
    """
    if node not in G:
        return 0.0
    return float(sum(G[node][n].get("weight", 0.0) for n in G[node] if n in within))


def neighbourhood(
    G: nx.Graph, start: str, hops: int, allowed: Collection[str] | None = None
) -> list[str]:
    """People within ``hops`` links of ``start``: nearest first, strongest links first.

    With ``allowed``, the walk never passes through anyone outside it, so a chart never shows
    that two visible people are connected through someone the user may not see.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=0.5)
    >>> G.add_edge("a", "c", weight=1.0)
    >>> G.add_edge("c", "d", weight=1.0)
    >>> neighbourhood(G, "a", 1), neighbourhood(G, "a", 2)
    (['a', 'c', 'b'], ['a', 'c', 'b', 'd'])
    >>> neighbourhood(G, "a", 2, allowed={"a", "b", "d"})
    ['a', 'b']
    """
    order = [start]
    if start not in G:
        return order
    seen = {start}
    frontier = [start]
    for _ in range(hops):
        following: list[str] = []
        for node in frontier:
            for other in sorted(G[node], key=lambda v: (-G[node][v].get("weight", 0.0), v)):
                if other in seen or (allowed is not None and other not in allowed):
                    continue
                seen.add(other)
                following.append(other)
        order.extend(following)
        frontier = following
    return order


def object_mentions(
    sel: Selection, people: Collection[str]
) -> dict[tuple[str, str], tuple[str, str, list[EdgeEvidence]]]:
    """(person, object node) → (kind, value, evidence) from the reports naming both.

    The object node is ``"<kind>:<value>"`` (``phone:+447700900123``). Only reports that may
    build links count (the selection's ``linking`` reports: never one assessed E).
    """
    found: dict[tuple[str, str], tuple[str, str, list[EdgeEvidence]]] = {}
    for r in sel.linking:
        named = [p for p in dict.fromkeys(r.person_ids) if p in people]
        if not named:
            continue
        weight = grading_weight(r.source_evaluation, r.intelligence_assessment)
        for field, kind in OBJECT_KINDS:
            for value in dict.fromkeys(getattr(r, field)):
                node = f"{kind}:{value}"
                item = EdgeEvidence(
                    kind="mentioned_with",
                    ids=(r.intel_id,),
                    grading=r.grading,
                    weight=weight,
                    when=r.reported_at,
                    last=r.reported_at,
                    detail=value,
                )
                for person in named:
                    entry = found.setdefault((person, node), (kind, value, []))
                    entry[2].append(item)
    return found


def record_counts(sel: Selection, people: Collection[str]) -> dict[str, int]:
    """How many of the selection's reports and missing episodes name each person.

    A report counts once however often it names them (E-graded reports count: they are records
    about the person even though they never link anyone); an episode counts for its child and
    for everyone recorded as missing with them.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> from cseboard.analysis.selection import select
    >>> from cseboard.models.evidence import EpisodeEvidence, EvidenceSet, IntelligenceEvidence
    >>> t = datetime(2024, 5, 1, tzinfo=UTC)
    >>> ev = EvidenceSet(intelligence=[IntelligenceEvidence(intel_id="police/I-1",
    ...     agency="police", reported_at=t, category="sighting", grading="1AP",
    ...     source_evaluation="1", intelligence_assessment="A", person_ids=["a", "b"])],
    ...     episodes=[EpisodeEvidence(episode_id="police/M-1", agency="police", person_id="a",
    ...     reported_missing_at=t, missing_with=["c"])])
    >>> record_counts(select(ev, window_end=t), ["a", "b", "c", "d"])
    {'a': 2, 'b': 1, 'c': 1, 'd': 0}
    """
    wanted = list(dict.fromkeys(people))
    counts = {p: len({r.intel_id for r in sel.intel_by_person.get(p, ())}) for p in wanted}
    for e in sel.episodes:
        for p in {e.person_id, *e.missing_with}:
            if p in counts:
                counts[p] += 1
    return counts
