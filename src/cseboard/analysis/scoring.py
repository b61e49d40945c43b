"""Scores of analysis results against planted ground truth (synthetic data and benchmarks)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence

from cseboard.models.analysis import ClusterAgreement, PrecisionRecall

__all__ = [
    "adjusted_rand_index",
    "cluster_agreement",
    "hotspot_recall",
    "normalized_mutual_info",
    "organiser_precision_recall",
    "partition_labels",
    "precision_recall",
]


def _check(labels_true: Sequence[Hashable], labels_pred: Sequence[Hashable]) -> None:
    if len(labels_true) != len(labels_pred):
        raise ValueError("both labellings must cover the same items")


def _entropy(counts: Iterable[int], n: int) -> float:
    return -sum(c / n * math.log(c / n) for c in counts if c)


def normalized_mutual_info(
    labels_true: Sequence[Hashable], labels_pred: Sequence[Hashable]
) -> float:
    """Normalised mutual information of two labellings (arithmetic-mean normalisation).

    Parameters
    ----------
    labels_true, labels_pred : sequence of hashable
        A label per item, items in the same order.

    Returns
    -------
    float
        1.0 for the same partition (whatever the label names), 0.0 for independent ones.
        Two single-group labellings score 1.0.

    Examples
    --------
    >>> normalized_mutual_info([0, 0, 1, 1], ["b", "b", "a", "a"])
    1.0
    >>> round(normalized_mutual_info([0, 0, 1, 1], [0, 0, 1, 2]), 6)
    0.8
    >>> normalized_mutual_info([0, 0, 0, 0], [0, 1, 2, 3])
    0.0
    """
    _check(labels_true, labels_pred)
    n = len(labels_true)
    if n == 0:
        return 1.0
    true_counts = Counter(labels_true)
    pred_counts = Counter(labels_pred)
    if len(true_counts) == len(pred_counts) == 1:
        return 1.0
    joint = Counter(zip(labels_true, labels_pred, strict=True))
    mi = sum(
        c / n * math.log(c * n / (true_counts[t] * pred_counts[p])) for (t, p), c in joint.items()
    )
    h_true = _entropy(true_counts.values(), n)
    h_pred = _entropy(pred_counts.values(), n)
    mean = (h_true + h_pred) / 2
    if mean <= 0 or mi <= 0:
        return 0.0
    return min(1.0, mi / mean)


def adjusted_rand_index(labels_true: Sequence[Hashable], labels_pred: Sequence[Hashable]) -> float:
    """Adjusted Rand index of two labellings (pairs put together or apart alike, beyond chance).

    Parameters
    ----------
    labels_true, labels_pred : sequence of hashable
        A label per item, items in the same order.

    Returns
    -------
    float
        1.0 for the same partition, about 0 for chance agreement, negative below chance.

    Examples
    --------
    >>> adjusted_rand_index([0, 0, 1, 1], [1, 1, 0, 0])
    1.0
    >>> round(adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]), 6)
    0.571429
    >>> adjusted_rand_index([0, 0, 0, 0], [0, 1, 2, 3])
    0.0
    """
    _check(labels_true, labels_pred)
    n = len(labels_true)
    joint = Counter(zip(labels_true, labels_pred, strict=True))
    sum_squares = sum(c * c for c in joint.values())
    true_sq = sum(c * c for c in Counter(labels_true).values())
    pred_sq = sum(c * c for c in Counter(labels_pred).values())
    # Ordered pairs of distinct items: together in both, only in pred, only in true, neither.
    tp = sum_squares - n
    fp = pred_sq - sum_squares
    fn = true_sq - sum_squares
    tn = n * n - fp - fn - sum_squares
    if fn == 0 and fp == 0:
        return 1.0
    return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))


def partition_labels(partition: Iterable[Collection[str]], people: Iterable[str]) -> list[str]:
    """A label per person: the index of their group, or their own id when in no group.

    Examples
    --------
    >>> partition_labels([{"a", "b"}], ["a", "b", "c"])
    ['0', '0', 'single:c']
    """
    group_of: dict[str, str] = {}
    for index, group in enumerate(partition):
        for person in group:
            group_of.setdefault(person, str(index))
    return [group_of.get(p, f"single:{p}") for p in people]


def cluster_agreement(
    found: Iterable[Collection[str]] | Mapping[str, Collection[str]],
    planted: Iterable[Collection[str]] | Mapping[str, Collection[str]],
) -> ClusterAgreement:
    """NMI and ARI of found clusters against planted groups, over the planted people.

    People in no found cluster count as singletons; found clusters are restricted to the
    planted people (the rest of the population does not enter the score).

    Examples
    --------
    >>> a = cluster_agreement([{"a", "b", "c"}, {"x", "y"}], {"g1": {"a", "b", "c"},
    ...                                                         "g2": {"x", "y", "z"}})
    >>> round(a.nmi, 3), round(a.ari, 3), a.people, a.found_groups
    (0.813, 0.706, 6, 3)
    """
    found_groups = list(found.values()) if isinstance(found, Mapping) else list(found)
    planted_groups = list(planted.values()) if isinstance(planted, Mapping) else list(planted)
    people = sorted({p for g in planted_groups for p in g})
    true = partition_labels(planted_groups, people)
    pred = partition_labels(found_groups, people)
    return ClusterAgreement(
        nmi=normalized_mutual_info(true, pred),
        ari=adjusted_rand_index(true, pred),
        people=len(people),
        planted_groups=len(set(true)),
        found_groups=len(set(pred)),
    )


def precision_recall(found: Iterable[str], expected: Iterable[str]) -> PrecisionRecall:
    """Precision and recall of a found set of ids against the expected ids.

    Examples
    --------
    >>> r = precision_recall(["a", "b", "x"], ["a", "b", "c", "d"])
    >>> round(r.precision, 3), r.recall
    (0.667, 0.5)
    """
    found_set, expected_set = set(found), set(expected)
    hits = len(found_set & expected_set)
    return PrecisionRecall(
        precision=hits / len(found_set) if found_set else 1.0,
        recall=hits / len(expected_set) if expected_set else 1.0,
        true_positives=hits,
        found=len(found_set),
        expected=len(expected_set),
    )


def organiser_precision_recall(found: Iterable[str], organisers: Iterable[str]) -> PrecisionRecall:
    """How many flagged people (brokers, adults around children) are planted organisers.

    Examples
    --------
    >>> organiser_precision_recall(["man", "g1"], ["man"]).precision
    0.5
    """
    return precision_recall(found, organisers)


def hotspot_recall(found: Iterable[str], planted: Iterable[str]) -> float:
    """Share of planted hotspot places (place ids) among the hotspots found.

    Examples
    --------
    >>> hotspot_recall(["p1", "p2", "p9"], ["p1", "p2", "p3", "p4"])
    0.5
    """
    return precision_recall(found, planted).recall
