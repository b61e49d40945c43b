"""Candidate pairs of people above a threshold, with explanations, minus pairs already rejected."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from cseboard.models.resolve import Candidate, PersonProfile
from cseboard.resolve.blocking import BlockingStats, candidate_pairs
from cseboard.resolve.features import Features, features_of
from cseboard.resolve.scoring import MatchWeights, Scorer, probability

__all__ = [
    "CandidateSearch",
    "RejectedPairs",
    "candidate_id",
    "find_candidates",
    "make_candidate",
]

ProgressCallback = Callable[[str, int, int], None]


def candidate_id(person_a: str, person_b: str) -> str:
    """Stable id of an unordered pair of person ids.

    Examples
    --------
    >>> candidate_id("P-1", "P-2") == candidate_id("P-2", "P-1")
    True
    """
    low, high = sorted((person_a, person_b))
    return "C-" + hashlib.blake2b(f"{low}\x1f{high}".encode(), digest_size=8).hexdigest()


class RejectedPairs:
    """Pairs of agency records a reviewer said are different people.

    A pair of people is never proposed again when any record of one was rejected against any
    record of the other: those records stay different people whatever else is merged.

    Examples
    --------
    >>> rejected = RejectedPairs([("police/1", "health/9")])
    >>> rejected.blocks(("police/1", "education/4"), ("health/9",))
    True
    >>> rejected.blocks(("police/2",), ("health/9",))
    False
    """

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        self._pairs: set[tuple[str, str]] = set()
        self._keys: set[str] = set()
        for a, b in pairs:
            self.add(a, b)

    def add(self, a: str, b: str) -> None:
        self._pairs.add((a, b) if a < b else (b, a))
        self._keys.update((a, b))

    def __len__(self) -> int:
        return len(self._pairs)

    def blocks(self, records_a: Iterable[str], records_b: Iterable[str]) -> bool:
        left = [r for r in records_a if r in self._keys]
        if not left:
            return False
        right = [r for r in records_b if r in self._keys]
        return any(((a, b) if a < b else (b, a)) in self._pairs for a in left for b in right)


@dataclass
class CandidateSearch:
    """Candidates above the threshold, strongest first, and what it took to find them."""

    candidates: list[Candidate] = field(default_factory=list)
    people: int = 0
    records: int = 0
    pairs_compared: int = 0
    skipped_blocks: int = 0
    suppressed_rejected: int = 0
    prior: float = 0.0
    seconds: float = 0.0


def make_candidate(
    a: Features,
    b: Features,
    scorer: Scorer,
    auto_threshold: float | None,
    *,
    values: bool = False,
    weight: float | None = None,
) -> Candidate:
    """The explained candidate for a pair (person ids in sorted order).

    ``automatic`` needs both the threshold and agreeing NHS numbers with no field against.
    ``weight`` is the pair's score when the caller has it already.
    """
    if b.person_id < a.person_id:
        a, b = b, a
    total = scorer.score(a, b) if weight is None else weight
    contributions = scorer.explain(a, b, values=values)
    nhs_agrees = any(c.field == "nhs_number" and c.level == "exact" for c in contributions)
    against = any(c.weight < 0 and c.field != "agency" for c in contributions)
    return Candidate.model_construct(
        candidate_id=candidate_id(a.person_id, b.person_id),
        person_a=a.person_id,
        person_b=b.person_id,
        records_a=a.record_keys,
        records_b=b.record_keys,
        weight=round(total, 3),
        prior=round(scorer.prior, 3),
        probability=probability(total),
        contributions=tuple(contributions),
        automatic=(
            auto_threshold is not None and nhs_agrees and not against and total >= auto_threshold
        ),
    )


def find_candidates(
    profiles: Sequence[PersonProfile] | Sequence[Features],
    *,
    weights: MatchWeights | None = None,
    threshold: float = 0.0,
    auto_threshold: float | None = None,
    rejected: RejectedPairs | None = None,
    max_block: int = 400,
    progress: ProgressCallback | None = None,
) -> CandidateSearch:
    """Block, score every blocked pair, keep those at or above ``threshold`` bits.

    Parameters
    ----------
    profiles:
        People (or their precomputed features); people without any name, date of birth or NHS
        number are not compared.
    threshold:
        Match weight (bits) a pair needs to be proposed for review.
    auto_threshold:
        Match weight at or above which a pair whose NHS numbers agree may be merged without review.
    rejected:
        Record pairs a reviewer rejected; matching pairs are left out and counted.
    """
    rejected = rejected or RejectedPairs()
    start = time.perf_counter()
    people = [p if isinstance(p, Features) else features_of(p) for p in profiles]
    comparable = [
        f
        for f in people
        if f.first_names or f.surnames or f.aliases or f.dates_of_birth or f.nhs_numbers
    ]
    search = CandidateSearch(
        people=len(comparable), records=sum(len(f.record_keys) for f in comparable)
    )
    scorer = Scorer(weights, people=len(comparable))
    stats = BlockingStats()
    pairs = candidate_pairs(comparable, max_block=max_block, stats=stats)
    kept: list[tuple[float, int, int]] = []
    step = 250_000
    score = scorer.score
    for start_at in range(0, len(pairs), step):
        for i, j in pairs[start_at : start_at + step]:
            total = score(comparable[i], comparable[j])
            if total >= threshold:
                kept.append((total, i, j))
        if progress is not None:
            progress("pairs compared", min(start_at + step, len(pairs)), len(pairs))
    search.pairs_compared = stats.pairs
    search.skipped_blocks = stats.skipped_blocks
    kept.sort(key=lambda t: (-t[0], comparable[t[1]].person_id, comparable[t[2]].person_id))
    for total, i, j in kept:
        a, b = comparable[i], comparable[j]
        if rejected.blocks(a.record_keys, b.record_keys):
            search.suppressed_rejected += 1
            continue
        search.candidates.append(make_candidate(a, b, scorer, auto_threshold, weight=total))
    search.prior = scorer.prior
    search.seconds = time.perf_counter() - start
    return search
