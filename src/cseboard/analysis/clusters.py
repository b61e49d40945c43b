"""Clusters of linked people: Louvain communities, stable ids across runs, summaries."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping

import networkx as nx

from cseboard.analysis.projection import bulk_allocation
from cseboard.analysis.selection import Selection
from cseboard.models.analysis import ClusterSummary

__all__ = ["cluster_summary", "clusters", "match_clusters", "order_clusters"]

_CLUSTER_ID = re.compile(r"^C-(\d+)$")


def _require_undirected(G: nx.Graph) -> None:
    if G.is_directed() or G.is_multigraph():
        raise nx.NetworkXNotImplemented("not implemented for directed or multigraph type")


def order_clusters(groups: Iterable[Collection[str]], min_size: int) -> list[set[str]]:
    """Groups of at least ``min_size`` people, largest first, ties by smallest member id."""
    kept = [set(g) for g in groups if len(g) >= min_size]
    kept.sort(key=lambda g: (-len(g), min(g)))
    return kept


def clusters(
    G: nx.Graph,
    *,
    resolution: float = 1.0,
    min_size: int = 3,
    seed: int | None = None,
    weight: str | None = "weight",
) -> list[set[str]]:
    """Communities of people by Louvain modularity optimisation.

    Parameters
    ----------
    G : networkx.Graph
        Undirected person graph; the backend passes its strong links
        (:func:`~cseboard.analysis.projection.strong_links`), so that weak links (one
        co-location, one report from an unreliable source) never merge two groups.
    resolution : float, default 1.0
        Above 1 favours smaller communities, below 1 larger ones.
    min_size : int, default 3
        Smaller communities (including isolated people) are dropped.
    seed : int, optional
        Louvain visits nodes in a random order; a fixed seed (and the same graph built in the
        same order) gives the same clusters.
    weight : str or None, default "weight"
        Edge attribute to use; ``None`` counts every link as 1.

    Returns
    -------
    list of set of str
        Largest first, ties by smallest member id.

    Raises
    ------
    networkx.NetworkXNotImplemented
        For directed graphs and multigraphs.

    Notes
    -----
    Clusters are advisory: :func:`~cseboard.analysis.explain.explain_membership` shows the
    links and the records that put a person in one.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"),
    ...                   ("x", "z"), ("c", "x")])
    >>> [sorted(c) for c in clusters(G, seed=1)]
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    _require_undirected(G)
    if G.number_of_nodes() == 0:
        return []
    with bulk_allocation():
        found = nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed)
    return order_clusters(found, min_size)


def match_clusters(
    previous: Mapping[str, Collection[str]],
    current: list[set[str]],
    *,
    min_overlap: float = 0.3,
    used_ids: Collection[str] = (),
) -> dict[str, set[str]]:
    """Give this run's clusters stable ids, reusing the previous run's where they overlap.

    Pairs (previous, current) are taken in order of decreasing Jaccard overlap
    ``|P ∩ C| / |P ∪ C|``; a pair at or above ``min_overlap`` whose two sides are both still
    free keeps the previous id. Every other current cluster gets a new id ``C-NNNN`` numbered
    after the highest id in ``previous`` and ``used_ids``, so no id is ever given to two
    different clusters, even after a cluster disappears.

    Parameters
    ----------
    previous : mapping of str to collection of str
        The previous run's clusters by id.
    current : list of set of str
        This run's clusters (as :func:`clusters` returns them).
    min_overlap : float, default 0.3
        Smallest Jaccard overlap that keeps an id.
    used_ids : collection of str, optional
        Every id issued before (the store's ``Cluster`` ids), so new ids never repeat one.

    Returns
    -------
    dict of str to set of str
        In the order of ``current``.

    Examples
    --------
    >>> previous = {"C-0001": {"a", "b", "c"}, "C-0002": {"x", "y", "z"}}
    >>> ids = match_clusters(previous, [{"x", "y", "z", "w"}, {"p", "q", "r"}])
    >>> {cid: sorted(members) for cid, members in ids.items()}
    {'C-0002': ['w', 'x', 'y', 'z'], 'C-0003': ['p', 'q', 'r']}
    """
    if not 0.0 <= min_overlap <= 1.0:
        raise ValueError("min_overlap must be between 0 and 1")
    owner: dict[str, list[str]] = {}
    for previous_id, previous_members in previous.items():
        for m in previous_members:
            owner.setdefault(m, []).append(previous_id)
    candidates: list[tuple[float, str, int]] = []
    for index, members in enumerate(current):
        shared = Counter(pid for m in members for pid in owner.get(m, ()))
        for pid, common in shared.items():
            union = len(members) + len(previous[pid]) - common
            jaccard = common / union if union else 0.0
            if jaccard >= min_overlap and jaccard > 0:
                candidates.append((jaccard, pid, index))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    assigned: dict[int, str] = {}
    taken: set[str] = set()
    for _, pid, index in candidates:
        if pid in taken or index in assigned:
            continue
        assigned[index] = pid
        taken.add(pid)
    numbers = [_CLUSTER_ID.match(i) for i in (*previous, *used_ids)]
    next_number = 1 + max((int(n.group(1)) for n in numbers if n is not None), default=0)
    result: dict[str, set[str]] = {}
    for index, members in enumerate(current):
        new_id = assigned.get(index)
        if new_id is None:
            new_id = f"C-{next_number:04d}"
            next_number += 1
        result[new_id] = set(members)
    return result


def cluster_summary(
    G: nx.Graph,
    members: Collection[str],
    evidence: Selection,
    *,
    cluster_id: str,
    previous_members: Collection[str] | None = None,
) -> ClusterSummary:
    """Who and what a cluster consists of, and how it changed since the previous run.

    Parameters
    ----------
    G : networkx.Graph
        The person graph the cluster came from.
    members : collection of str
        The cluster's people.
    evidence : Selection
        The window's evidence (:func:`~cseboard.analysis.selection.select`); locations and
        counts come from it, E-graded reports included (they are listed, not linked).
    cluster_id : str
        The cluster's stable id.
    previous_members : collection of str, optional
        The previous run's members under the same id; ``None`` for a new cluster.

    Returns
    -------
    ClusterSummary

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> from cseboard.analysis.projection import person_graph
    >>> from cseboard.analysis.selection import select
    >>> from cseboard.models.evidence import EvidenceSet, IntelligenceEvidence, PersonNode
    >>> day = datetime(2024, 5, 1, tzinfo=UTC)
    >>> ev = EvidenceSet(
    ...     persons=[PersonNode(person_id="P-1", role="young_person", risk_level="high"),
    ...              PersonNode(person_id="P-2", role="associate")],
    ...     intelligence=[IntelligenceEvidence(intel_id="police/I-1", agency="police",
    ...         reported_at=day, category="sighting", grading="1AP", source_evaluation="1",
    ...         intelligence_assessment="A", person_ids=["P-1", "P-2"], location_ids=["L-1"])])
    >>> sel = select(ev, window_end=day)
    >>> s = cluster_summary(person_graph(sel), {"P-1", "P-2"}, sel, cluster_id="C-0001",
    ...                     previous_members={"P-1"})
    >>> s.young_people, s.associates, s.locations, s.new_members, s.growth
    (['P-1'], ['P-2'], {'L-1': 1}, ['P-2'], 1)
    """
    people = sorted(set(members))
    young: list[str] = []
    associates: list[str] = []
    others: list[str] = []
    risk: Counter[str] = Counter()
    for pid in people:
        person = evidence.persons.get(pid)
        role = person.role if person is not None else None
        {"young_person": young, "associate": associates}.get(role or "", others).append(pid)
        risk[(person.risk_level if person is not None else None) or "unset"] += 1
    places: Counter[str] = Counter()
    reports: set[str] = set()
    episodes: set[str] = set()
    for pid in people:
        for r in evidence.intel_by_person.get(pid, ()):
            if r.intel_id in reports:
                continue
            reports.add(r.intel_id)
            for place in {evidence.place_of(loc) for loc in r.location_ids}:
                places[place] += 1
        for e in evidence.episodes_by_person.get(pid, ()):
            if e.episode_id in episodes:
                continue
            episodes.add(e.episode_id)
            if e.found_location_id is not None:
                places[evidence.place_of(e.found_location_id)] += 1
    member_set = set(people)
    link_count = sum(1 for u in people if u in G for v in G[u] if v in member_set and u < v)
    previous = set(previous_members) if previous_members is not None else None
    return ClusterSummary(
        cluster_id=cluster_id,
        size=len(people),
        members=people,
        young_people=young,
        associates=associates,
        others=others,
        risk_levels=dict(sorted(risk.items())),
        locations=dict(sorted(places.items(), key=lambda kv: (-kv[1], kv[0]))),
        missing_episodes=sorted(episodes),
        intelligence_count=len(reports),
        link_count=link_count,
        new_members=sorted(member_set - previous) if previous is not None else [],
        left_members=sorted(previous - member_set) if previous is not None else [],
        previous_size=len(previous) if previous is not None else None,
        growth=len(people) - len(previous) if previous is not None else None,
    )
