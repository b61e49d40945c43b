"""Read models of entity resolution: person records, scored candidate pairs, merges, figures."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from cseboard.models.base import FrozenModel

__all__ = [
    "Candidate",
    "CandidateStatus",
    "CandidateView",
    "Contribution",
    "MergeStatus",
    "MergeView",
    "MissingMark",
    "PairMetrics",
    "PersonProfile",
    "PersonRecord",
    "RefreshSummary",
]


class MissingMark(FrozenModel):
    """A missing (or away) episode one agency recorded of a person record, as evidence that two
    records are the same child: a council record carries no name, so the day a child went
    missing, recorded by police and by the council, is what ties the two together.

    Attributes
    ----------
    episode_id: ``agency/source_ref`` of the episode record.
    day: the UK day the absence began.
    reported_missing_at: as recorded (UK midnight when ``date_only``).
    absence: ``missing`` or ``away_without_authorisation``.
    """

    episode_id: str
    day: date
    reported_missing_at: datetime
    date_only: bool = False
    absence: str = "missing"


class PersonRecord(FrozenModel):
    """One agency's record of a person, as compared (the fields of a partner's ``people`` file).

    Attributes
    ----------
    record_key: ``agency/source_ref``.
    identifiers: phones (E.164) and online accounts (``platform:handle``) that intelligence
        attributes to this record alone (a report naming only this person).
    missing_episodes: the episodes the same agency recorded of this record's child.
    """

    record_key: str
    agency: str
    source_ref: str
    role: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    aliases: tuple[str, ...] = ()
    date_of_birth: date | None = None
    gender: str | None = None
    nhs_number: str | None = None
    postcode: str | None = None
    identifiers: tuple[str, ...] = ()
    missing_episodes: tuple[MissingMark, ...] = ()


class PersonProfile(FrozenModel):
    """A person as the store holds it: one or more agency records (several after merges)."""

    person_id: str
    records: tuple[PersonRecord, ...]


class Contribution(FrozenModel):
    """What one field added to (or took from) a pair's match weight.

    Attributes
    ----------
    field: ``first_name``, ``last_name``, ``alias``, ``date_of_birth``, ``nhs_number``,
        ``postcode``, ``gender``, ``phone_or_account``, ``missing_episode`` or ``agency``.
    level: how the values agreed (``exact``, ``variant``, ``day_month_swapped``, ``different``…).
    weight: log2 Bayes factor: positive is evidence for the same person, negative against.
    detail: the level in words (no personal data).
    values: the values compared, only when explained live for a reviewer (never stored).
    """

    field: str
    level: str
    weight: float
    detail: str
    values: str | None = None


class CandidateStatus(StrEnum):
    OPEN = "open"
    REJECTED = "rejected"
    MERGED = "merged"


class Candidate(FrozenModel):
    """A scored pair of people who may be the same child or adult.

    Attributes
    ----------
    candidate_id: stable id of the (unordered) pair of person ids.
    weight: total match weight (prior plus every contribution), in bits.
    prior: the starting weight before any field is compared (set by the size of the population).
    probability: ``2**weight / (1 + 2**weight)``.
    automatic: at or above the automatic-merge threshold (same NHS number and nothing against).
    """

    candidate_id: str
    person_a: str
    person_b: str
    records_a: tuple[str, ...]
    records_b: tuple[str, ...]
    weight: float
    prior: float
    probability: float
    contributions: tuple[Contribution, ...]
    automatic: bool = False


class CandidateView(FrozenModel):
    """A candidate as a reviewer sees it: the pair, the live explanation, both people's records."""

    candidate: Candidate
    status: CandidateStatus
    found_at: datetime | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None
    records_a: tuple[PersonRecord, ...] = ()
    records_b: tuple[PersonRecord, ...] = ()

    @property
    def same_day_episodes(self) -> list[tuple[MissingMark, MissingMark]]:
        """Pairs of episodes of the two people that began on the same day, recorded by
        different agencies: the evidence behind a ``missing_episode`` contribution."""
        mine = [(r.agency, m) for r in self.records_a for m in r.missing_episodes]
        theirs = [(r.agency, m) for r in self.records_b for m in r.missing_episodes]
        return sorted(
            (
                (a, b)
                for agency_a, a in mine
                for agency_b, b in theirs
                if a.day == b.day and agency_a != agency_b
            ),
            key=lambda pair: (pair[0].day, pair[0].episode_id, pair[1].episode_id),
        )


class MergeStatus(StrEnum):
    MERGED = "merged"
    UNMERGED = "unmerged"


class MergeView(FrozenModel):
    """One merge: who was absorbed into whom, what moved, and whether it was undone.

    Attributes
    ----------
    records: the agency record keys that moved from the absorbed person to the survivor.
    relationships: how many relationships moved with them.
    """

    merge_id: str
    at: datetime
    by: str
    survivor: str
    absorbed: str
    records: tuple[str, ...]
    relationships: int
    automatic: bool
    candidate_id: str | None = None
    weight: float | None = None
    reason: str | None = None
    status: MergeStatus = MergeStatus.MERGED
    unmerged_at: datetime | None = None
    unmerged_by: str | None = None


class RefreshSummary(FrozenModel):
    """What one search for duplicates found."""

    people: int
    records: int
    pairs_compared: int
    candidates: int
    automatic_merges: int
    suppressed_rejected: int
    seconds: float
    merges: tuple[str, ...] = Field(default_factory=tuple)


class PairMetrics(FrozenModel):
    """Pairwise precision, recall and F1 of predicted same-person pairs against known answers."""

    true_pairs: int
    predicted_pairs: int
    true_positives: int
    precision: float
    recall: float
    f1: float
