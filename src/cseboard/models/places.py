"""Read models of place resolution: agency location records, places, scored candidate pairs."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from cseboard.models.base import FrozenModel
from cseboard.models.resolve import CandidateStatus, Contribution

__all__ = [
    "PlaceCandidate",
    "PlaceCandidateView",
    "PlaceProfile",
    "PlaceRecord",
    "PlaceResolveSummary",
]


class PlaceRecord(FrozenModel):
    """One agency's record of a place (a row of its ``locations`` file), as compared."""

    location_id: str
    agency: str
    source_ref: str
    name: str | None = None
    kind: str | None = None
    postcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class PlaceProfile(FrozenModel):
    """A place as the store holds it: one or more agency location records (several after
    merges). ``place_id`` is the ``Place`` key (``PL-…``)."""

    place_id: str
    records: tuple[PlaceRecord, ...]


class PlaceCandidate(FrozenModel):
    """A scored pair of places that may be one place.

    Attributes
    ----------
    candidate_id: stable id of the (unordered) pair of place ids.
    records_a, records_b: the location ids of each place.
    score: the sum of the contributions' points.
    contributions: each field's points and why (name, postcode, distance, kind).
    automatic: postcodes the same and names agreeing with nothing against: merged without review.
    """

    candidate_id: str
    place_a: str
    place_b: str
    records_a: tuple[str, ...]
    records_b: tuple[str, ...]
    score: float
    contributions: tuple[Contribution, ...]
    automatic: bool = False


class PlaceCandidateView(FrozenModel):
    """A place candidate as a reviewer sees it: the pair, the explanation, both places' records."""

    candidate: PlaceCandidate
    status: CandidateStatus
    found_at: datetime | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None
    records_a: tuple[PlaceRecord, ...] = ()
    records_b: tuple[PlaceRecord, ...] = ()


class PlaceResolveSummary(FrozenModel):
    """What one resolution of places found and merged."""

    places: int
    records: int
    pairs_compared: int
    candidates: int
    automatic_merges: int
    suppressed_rejected: int
    seconds: float
    merges: tuple[str, ...] = Field(default_factory=tuple)
