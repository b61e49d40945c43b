"""Pairwise precision, recall and F1 against known answers, and clusters from linked pairs."""

from __future__ import annotations

from collections.abc import Iterable

from cseboard.models.resolve import PairMetrics

__all__ = ["clusters_of", "pair_metrics", "pairs_within"]

RecordPair = tuple[str, str]


def _pair(a: str, b: str) -> RecordPair:
    return (a, b) if a < b else (b, a)


def pairs_within(clusters: Iterable[Iterable[str]]) -> set[RecordPair]:
    """Every unordered pair of members of each cluster.

    Examples
    --------
    >>> sorted(pairs_within([["a", "b", "c"], ["d"]]))
    [('a', 'b'), ('a', 'c'), ('b', 'c')]
    """
    pairs: set[RecordPair] = set()
    for cluster in clusters:
        members = sorted(set(cluster))
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs.add((a, b))
    return pairs


def clusters_of(pairs: Iterable[RecordPair]) -> list[list[str]]:
    """Connected components of linked pairs (what confirming every pair would produce).

    Examples
    --------
    >>> clusters_of([("a", "b"), ("b", "c"), ("x", "y")])
    [['a', 'b', 'c'], ['x', 'y']]
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = parent.setdefault(x, x)
        while root != parent[root]:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for x in parent:
        groups.setdefault(find(x), []).append(x)
    return sorted(sorted(g) for g in groups.values())


def pair_metrics(predicted: Iterable[RecordPair], truth: Iterable[RecordPair]) -> PairMetrics:
    """Precision, recall and F1 of predicted pairs (order within a pair does not matter).

    Examples
    --------
    >>> m = pair_metrics([("a", "b"), ("c", "d")], [("b", "a"), ("e", "f")])
    >>> (m.precision, m.recall, m.f1)
    (0.5, 0.5, 0.5)
    """
    predicted_set = {_pair(a, b) for a, b in predicted}
    truth_set = {_pair(a, b) for a, b in truth}
    hits = len(predicted_set & truth_set)
    precision = hits / len(predicted_set) if predicted_set else 1.0
    recall = hits / len(truth_set) if truth_set else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairMetrics(
        true_pairs=len(truth_set),
        predicted_pairs=len(predicted_set),
        true_positives=hits,
        precision=round(precision, 4),
        recall=round(recall, 4),
        f1=round(f1, 4),
    )
