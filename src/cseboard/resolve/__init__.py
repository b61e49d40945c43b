"""Entity resolution: blocking, scored and explained comparison of people, and evaluation.

Pure functions of people's records (no store): ``find_candidates`` blocks (``blocking``),
scores every blocked pair with a Fellegi-Sunter model (``scoring``: names via ``names`` and
``nicknames``, dates of birth via ``dates``, NHS number, postcode, gender, phones and online
accounts, agency) and explains each candidate field by field. ``evaluate`` measures candidates
against known answers. Storage, merges and un-merges are in ``store.resolve``; the use cases,
with access checks and audit, in ``services.resolve``.
"""

from cseboard.resolve.blocking import BlockingStats, blocking_keys, candidate_pairs
from cseboard.resolve.candidates import (
    CandidateSearch,
    RejectedPairs,
    candidate_id,
    find_candidates,
    make_candidate,
)
from cseboard.resolve.evaluate import clusters_of, pair_metrics, pairs_within
from cseboard.resolve.features import Features, features_of
from cseboard.resolve.scoring import MatchWeights, Scorer, population_prior, probability
from cseboard.resolve.settings import ResolveSettings

__all__ = [
    "BlockingStats",
    "CandidateSearch",
    "Features",
    "MatchWeights",
    "RejectedPairs",
    "ResolveSettings",
    "Scorer",
    "blocking_keys",
    "candidate_id",
    "candidate_pairs",
    "clusters_of",
    "features_of",
    "find_candidates",
    "make_candidate",
    "pair_metrics",
    "pairs_within",
    "population_prior",
    "probability",
]
