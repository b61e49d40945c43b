"""Explanations down to the records: the evidence of a link, a membership, a chain."""

from __future__ import annotations

from collections.abc import Collection
from itertools import pairwise

import networkx as nx

from cseboard.analysis.projection import EdgeEvidence
from cseboard.errors import NotFound
from cseboard.models.analysis import Chain, LinkEvidence, LinkExplanation

__all__ = ["explain_link", "explain_membership", "link_explanation", "shortest_chains"]


def _require(G: nx.Graph, *nodes: str) -> None:
    for node in nodes:
        if node not in G:
            raise NotFound(f"{node} is not in the graph")


def _evidence(item: EdgeEvidence) -> LinkEvidence:
    return LinkEvidence(
        kind=item.kind,
        ids=list(item.ids),
        grading=item.grading,
        weight=item.weight,
        when=item.when,
        last=item.last,
        detail=item.detail,
    )


def explain_link(G: nx.Graph, a: str, b: str) -> list[LinkEvidence]:
    """The evidence behind the link between two people, oldest first.

    Parameters
    ----------
    G : networkx.Graph
        Person graph from :func:`~cseboard.analysis.projection.person_graph`.
    a, b : str
        The two people.

    Returns
    -------
    list of LinkEvidence
        Empty when they are not linked.

    Raises
    ------
    cseboard.errors.NotFound
        If either person is not in the graph.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> t = datetime(2024, 5, 1, tzinfo=UTC)
    >>> G = nx.Graph()
    >>> G.add_edge("P-1", "P-2", evidence=[
    ...     EdgeEvidence("same_report", ("police/I-1",), "1AP", 1.0, t, t, "sighting")])
    >>> [(e.kind, e.ids) for e in explain_link(G, "P-2", "P-1")]
    [('same_report', ['police/I-1'])]
    """
    _require(G, a, b)
    if not G.has_edge(a, b):
        return []
    return [_evidence(item) for item in G[a][b].get("evidence", ())]


def link_explanation(G: nx.Graph, a: str, b: str) -> LinkExplanation:
    """A link with its weight, kinds, dates and evidence.

    Raises
    ------
    cseboard.errors.NotFound
        If either person is not in the graph or they are not linked.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> t = datetime(2024, 5, 1, tzinfo=UTC)
    >>> G = nx.Graph()
    >>> G.add_edge("P-1", "P-2", weight=1.0, kinds=["same_report"], first_seen=t,
    ...     last_seen=t, evidence=[EdgeEvidence("same_report", ("police/I-1",), "1AP", 1.0,
    ...     t, t, "sighting")])
    >>> link_explanation(G, "P-1", "P-2").weight
    1.0
    """
    _require(G, a, b)
    if not G.has_edge(a, b):
        raise NotFound(f"{a} and {b} are not linked")
    data = G[a][b]
    evidence = [_evidence(item) for item in data.get("evidence", ())]
    whens = [e.when for e in evidence]
    return LinkExplanation(
        a=a,
        b=b,
        weight=float(data.get("weight", 1.0)),
        kinds=list(data.get("kinds") or sorted({e.kind for e in evidence})),
        first_seen=data.get("first_seen") or min(whens),
        last_seen=data.get("last_seen") or max(e.last for e in evidence),
        evidence=evidence,
        strong=data.get("strong"),
    )


def explain_membership(G: nx.Graph, cluster: Collection[str], person: str) -> list[LinkExplanation]:
    """Why a person is in a cluster: their links to other members, strongest first.

    Parameters
    ----------
    G : networkx.Graph
        The person graph the cluster was found in.
    cluster : collection of str
        The cluster's members.
    person : str
        A member.

    Returns
    -------
    list of LinkExplanation

    Raises
    ------
    cseboard.errors.NotFound
        If the person is not in the graph or not a member of the cluster.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> t = datetime(2024, 5, 1, tzinfo=UTC)
    >>> G = nx.Graph()
    >>> for other, w in (("P-2", 1.0), ("P-3", 0.5), ("P-9", 2.0)):
    ...     G.add_edge("P-1", other, weight=w, first_seen=t, last_seen=t, kinds=["colocation"],
    ...         evidence=[EdgeEvidence("colocation", ("police/I-1", "school/I-7"), "2BP", w,
    ...         t, t, "AB1 2CD|park")])
    >>> [(x.b, x.weight) for x in explain_membership(G, {"P-1", "P-2", "P-3"}, "P-1")]
    [('P-2', 1.0), ('P-3', 0.5)]
    """
    _require(G, person)
    members = set(cluster)
    if person not in members:
        raise NotFound(f"{person} is not a member of this cluster")
    found = [link_explanation(G, person, n) for n in G[person] if n in members and n != person]
    found.sort(key=lambda x: (-x.weight, x.b))
    return found


def shortest_chains(
    G: nx.Graph,
    a: str,
    b: str,
    *,
    k: int = 3,
    max_hops: int | None = None,
    max_compared: int = 5000,
) -> list[Chain]:
    """The ``k`` shortest chains of links from ``a`` to ``b``, with the evidence of every hop.

    Fewest hops first; among chains of as many hops, the one whose weakest hop is strongest
    first (then the larger total weight, then the people's ids, so the order is stable). Every
    chain is a simple path: nobody appears on it twice.

    Parameters
    ----------
    G : networkx.Graph
        Person graph (edges with ``weight`` and ``evidence``).
    a, b : str
        Start and end person.
    k : int, default 3
        Most chains to return.
    max_hops : int, optional
        Longest chain considered (``None``: any length).
    max_compared : int, default 5000
        Most chains of one length compared; the search walks the strongest links first, so a
        dense graph still yields strong chains when this bound is reached.

    Returns
    -------
    list of Chain
        Best first; empty when no chain of at most ``max_hops`` links exists.

    Raises
    ------
    cseboard.errors.NotFound
        If either person is not in the graph.

    Notes
    -----
    A breadth-first search from ``b`` gives every person's distance to it; chains of each
    length are then enumerated from ``a``, never stepping where ``b`` is out of reach in the
    hops left. Time grows with the number of chains of the lengths returned, not with ``G``.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> t = datetime(2024, 5, 1, tzinfo=UTC)
    >>> G = nx.Graph()
    >>> for u, v, w in (("a", "m", 1.0), ("m", "b", 0.48), ("a", "n", 0.8), ("n", "b", 0.6),
    ...                 ("a", "x", 1.0), ("x", "y", 1.0), ("y", "b", 1.0)):
    ...     G.add_edge(u, v, weight=w, distance=1 / w, first_seen=t, last_seen=t,
    ...         kinds=["same_report"], evidence=[EdgeEvidence("same_report",
    ...         (f"police/{u}{v}",), "1AP", w, t, t, None)])
    >>> [(c.persons, c.weakest) for c in shortest_chains(G, "a", "b")]
    [(['a', 'n', 'b'], 1), (['a', 'm', 'b'], 1), (['a', 'x', 'y', 'b'], 0)]
    >>> [c.persons for c in shortest_chains(G, "a", "b", k=3, max_hops=2)]
    [['a', 'n', 'b'], ['a', 'm', 'b']]
    """
    _require(G, a, b)
    if k < 1:
        return []
    if a == b:
        return [Chain(persons=[a], distance=0.0, hops=[], weakest=None)]
    to_b: dict[str, int] = nx.single_source_shortest_path_length(G, b, cutoff=max_hops)
    if a not in to_b:
        return []
    longest = max_hops if max_hops is not None else len(G) - 1
    chains: list[Chain] = []
    for length in range(to_b[a], longest + 1):
        paths = _paths_of_length(G, a, b, length, to_b, max_compared)
        ranked = sorted((_chain(G, path) for path in paths), key=_rank)
        chains.extend(ranked[: k - len(chains)])
        if len(chains) >= k:
            break
    return chains


def _paths_of_length(
    G: nx.Graph, a: str, b: str, length: int, to_b: dict[str, int], limit: int
) -> list[list[str]]:
    """Simple paths a → b of exactly ``length`` links (at most ``limit``), strongest links first."""
    found: list[list[str]] = []
    path = [a]
    on_path = {a}

    def steps(node: str) -> list[str]:
        return sorted(G[node], key=lambda v: (-float(G[node][v].get("weight", 0.0)), v))

    stack: list[tuple[str, list[str], int]] = [(a, steps(a), 0)]
    while stack and len(found) < limit:
        node, options, i = stack[-1]
        if i >= len(options):
            stack.pop()
            on_path.discard(path.pop())
            continue
        stack[-1] = (node, options, i + 1)
        nxt = options[i]
        depth = len(path)  # links taken once ``nxt`` is added
        if nxt in on_path or depth + to_b.get(nxt, length + 1) > length:
            continue
        if nxt == b:
            if depth == length:
                found.append([*path, b])
            continue
        path.append(nxt)
        on_path.add(nxt)
        stack.append((nxt, steps(nxt), 0))
    return found


def _chain(G: nx.Graph, path: list[str]) -> Chain:
    hops = [link_explanation(G, u, v) for u, v in pairwise(path)]
    weakest = min(range(len(hops)), key=lambda i: (hops[i].weight, i))
    distance = sum(1.0 / h.weight if h.weight else float("inf") for h in hops)
    return Chain(persons=list(path), distance=round(distance, 6), hops=hops, weakest=weakest)


def _rank(chain: Chain) -> tuple[float, float, list[str]]:
    weakest = chain.hops[chain.weakest].weight if chain.weakest is not None else 0.0
    return (-weakest, -sum(h.weight for h in chain.hops), chain.persons)
