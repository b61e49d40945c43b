"""Explanations down to the records: the evidence of a link, a membership, a chain."""

from __future__ import annotations

from collections.abc import Collection
from itertools import islice, pairwise

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
    max_paths: int = 5,
    weight: str | None = "distance",
) -> list[Chain]:
    """The shortest chains of links from ``a`` to ``b``, with the evidence of every hop.

    Parameters
    ----------
    G : networkx.Graph
        Person graph.
    a, b : str
        Start and end person.
    max_paths : int, default 5
        Most chains to return.
    weight : str or None, default "distance"
        Edge length attribute (``distance`` = 1/weight: strongest chains first); ``None``
        counts hops.

    Returns
    -------
    list of Chain
        Shortest first; empty when no chain exists.

    Raises
    ------
    cseboard.errors.NotFound
        If either person is not in the graph.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> t = datetime(2024, 5, 1, tzinfo=UTC)
    >>> G = nx.Graph()
    >>> for u, v in (("a", "m"), ("m", "b"), ("a", "x"), ("x", "y"), ("y", "b")):
    ...     G.add_edge(u, v, weight=1.0, distance=1.0, first_seen=t, last_seen=t,
    ...         kinds=["same_report"], evidence=[EdgeEvidence("same_report",
    ...         (f"police/{u}{v}",), "1AP", 1.0, t, t, None)])
    >>> [(c.persons, c.distance) for c in shortest_chains(G, "a", "b")]
    [(['a', 'm', 'b'], 2.0), (['a', 'x', 'y', 'b'], 3.0)]
    """
    _require(G, a, b)
    if max_paths < 1:
        return []
    if a == b:
        return [Chain(persons=[a], distance=0.0, hops=[])]
    chains: list[Chain] = []
    try:
        for path in islice(nx.shortest_simple_paths(G, a, b, weight=weight), max_paths):
            hops = [link_explanation(G, u, v) for u, v in pairwise(path)]
            distance = sum(
                float(G[u][v].get(weight, 1.0)) if weight else 1.0 for u, v in pairwise(path)
            )
            chains.append(Chain(persons=list(path), distance=round(distance, 6), hops=hops))
    except nx.NetworkXNoPath:
        return chains
    return chains
