"""Blocking scales (no all-pairs) yet keeps variant pairs; candidates, rejections, metrics."""

from __future__ import annotations

import doctest
import importlib
import random
from datetime import date, timedelta

import pytest

from cseboard.models.resolve import PersonProfile, PersonRecord
from cseboard.resolve.blocking import BlockingStats, candidate_pairs
from cseboard.resolve.candidates import RejectedPairs, candidate_id, find_candidates
from cseboard.resolve.evaluate import clusters_of, pair_metrics, pairs_within
from cseboard.resolve.features import features_of

FIRST = ["Amy", "Holly", "Jade", "Leah", "Kayleigh", "Megan", "Chloe", "Paige", "Ruby", "Tia"]
LAST = ["Smith", "Jones", "Khan", "Brown", "Taylor", "Walker", "Hussain", "Patel", "Lee", "Shaw"]


def profile(
    key: str, first: str | None, last: str | None, dob: date | None, **extra: object
) -> PersonProfile:
    agency, ref = key.split("/")
    record = PersonRecord(
        record_key=key,
        agency=agency,
        source_ref=ref,
        first_name=first,
        last_name=last,
        date_of_birth=dob,
        **extra,
    )
    return PersonProfile(person_id="P-" + key, records=(record,))


def crowd(n: int, seed: int = 3) -> list[PersonProfile]:
    rng = random.Random(seed)
    start = date(2006, 1, 1)
    return [
        profile(
            f"police/{i}",
            rng.choice(FIRST),
            rng.choice(LAST),
            start + timedelta(days=rng.randrange(3650)),
            gender="female",
        )
        for i in range(n)
    ]


def test_blocking_compares_a_small_share_of_all_pairs() -> None:
    people = [features_of(p) for p in crowd(4_000)]
    stats = BlockingStats()
    pairs = candidate_pairs(people, stats=stats)
    assert stats.pairs == len(pairs) == len(set(pairs))
    assert all(i < j for i, j in pairs)
    assert len(pairs) < 0.01 * len(people) * (len(people) - 1) / 2


def test_blocking_keeps_the_hard_variants_together() -> None:
    people = crowd(2_000)
    variants = [
        profile("police/k1", "Kayleigh", "Smith", date(2010, 3, 7)),
        profile("health/k2", "Kayleigh-Ann", "Smyth", date(2010, 3, 7)),
        profile("education/k3", "K", "Smith", None),
        profile("childrens_social_care/k4", "Kayleigh", "Smith", date(2010, 7, 3)),
        profile("youth_offending/k5", "Kayley", "Smith-Walker", date(2011, 3, 7)),
        profile("third_sector/k6", None, None, date(2010, 3, 7), aliases=("Kay",)),
    ]
    features = [features_of(p) for p in people + variants]
    pairs = set(candidate_pairs(features))
    base = len(people)
    for j in range(1, len(variants) - 1):
        assert (base, base + j) in pairs, variants[j].records[0].record_key
    assert (base, base + 5) in pairs  # name-less record: paired with everyone born that day


def test_oversized_blocks_are_skipped_not_exploded() -> None:
    same = [profile(f"police/{i}", "Amy", "Smith", date(2010, 1, 1)) for i in range(60)]
    stats = BlockingStats()
    pairs = candidate_pairs([features_of(p) for p in same], max_block=50, stats=stats)
    assert stats.skipped_blocks > 0 and pairs == []


def test_find_candidates_proposes_variants_and_leaves_out_rejected_pairs() -> None:
    people = [
        *crowd(500),
        profile("police/k1", "Kayleigh", "Smith", date(2010, 3, 7)),
        profile("health/k2", "Kayley", "Smyth", date(2010, 3, 7)),
    ]
    found = find_candidates(people, threshold=4.0)
    ids = {c.candidate_id for c in found.candidates}
    pair = candidate_id("P-police/k1", "P-health/k2")
    assert pair in ids and found.pairs_compared > 0
    weights = [c.weight for c in found.candidates]
    assert weights == sorted(weights, reverse=True)
    again = find_candidates(
        people, threshold=4.0, rejected=RejectedPairs([("health/k2", "police/k1")])
    )
    assert pair not in {c.candidate_id for c in again.candidates}
    assert again.suppressed_rejected == 1


def test_people_without_anything_to_compare_are_left_out() -> None:
    empty = profile("police/x", None, None, None, postcode="XA1 1AA")
    found = find_candidates([empty, profile("police/y", None, None, None, postcode="XA1 1AA")])
    assert found.people == 0 and not found.candidates


def test_pair_metrics_and_clusters() -> None:
    truth = pairs_within([["a", "b", "c"]])
    assert pair_metrics([("a", "b"), ("c", "b")], truth).recall == pytest.approx(2 / 3, abs=1e-4)
    assert pairs_within(clusters_of([("a", "b"), ("c", "b")])) == truth


@pytest.mark.parametrize(
    "module",
    ["blocking", "candidates", "dates", "evaluate", "features", "names", "nicknames", "scoring"],
)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"cseboard.resolve.{module}"))
    assert result.failed == 0 and result.attempted > 0
