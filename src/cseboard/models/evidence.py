"""Plain rows the store reads in bulk for analysis: people, places, graded reports, episodes.

They are slotted, frozen dataclasses rather than pydantic models: a national read holds
millions of them, and they come from the board's own validated graph, so building them must
cost little time and memory. Times must be timezone-aware; they are kept in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime

__all__ = [
    "EpisodeEvidence",
    "EpisodeRow",
    "EvidenceSet",
    "IntelligenceEvidence",
    "LocationNode",
    "PersonNode",
    "UtcDatetime",
]


def _to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


UtcDatetime = Annotated[AwareDatetime, AfterValidator(_to_utc)]
"""A timezone-aware date-time, converted to UTC; naive values are rejected."""


def _utc(value: datetime | None, name: str) -> datetime | None:
    if value is None or value.tzinfo is UTC:
        return value
    if value.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value.astimezone(UTC)



@dataclass(frozen=True, slots=True, kw_only=True)
class PersonNode:
    """A person as the analysis sees them.

    Attributes
    ----------
    person_id: the ``Person`` key (``P-…``).
    role: ``young_person``, ``associate`` or ``None`` when no record says which.
    risk_level: the current risk level a practitioner set, if any (never computed here).
    pseudonym: the stable pseudonym for oversight views.
    label: display name for the practice lead's views (not used in any computed text).
    """

    person_id: str
    role: Literal["young_person", "associate"] | None = None
    risk_level: str | None = None
    pseudonym: str | None = None
    label: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationNode:
    """A place a partner recorded.

    Attributes
    ----------
    location_id: the ``Location`` key (``L-…``), one per agency record.
    place_id: the ``Place`` the record was resolved into (the same physical place across
        agencies, ``resolve.places``); ``None`` for a record not yet received. Analysis groups
        by :attr:`place`.
    name, kind, postcode: as recorded.
    latitude, longitude: optional WGS84 coordinates.
    """

    location_id: str
    place_id: str | None = None
    name: str | None = None
    kind: str | None = None
    postcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None

    @property
    def place(self) -> str:
        """The grouping key: the resolved place, else the record's own id."""
        return self.place_id or self.location_id


@dataclass(frozen=True, slots=True, kw_only=True)
class IntelligenceEvidence:
    """One graded intelligence report and what it mentions.

    Attributes
    ----------
    intel_id: ``agency/source_ref`` (e.g. ``police/I-1``).
    agency: the submitting agency code.
    reported_at: when the observation was reported (UTC).
    category: the intelligence category code.
    source_evaluation: ``1``, ``2``, ``3`` or ``None`` (legacy grade without an equivalent).
    intelligence_assessment: ``A``-``E`` or ``None``; ``E`` never builds a link.
    grading: the short form shown to users, e.g. ``1AP``.
    handling_code: ``P``, ``C`` or ``None`` (legacy handling without an equivalent).
    handling_conditions: for a ``C`` report, with whom it may be shared; ``None`` otherwise.
    person_ids: people the report mentions (``Person`` keys).
    location_ids: locations it mentions (``Location`` keys).
    vehicles: VRMs, upper case without spaces.
    phones: E.164 numbers.
    accounts: online accounts as ``platform:handle``.
    """

    intel_id: str
    agency: str
    reported_at: datetime
    category: str
    source_evaluation: Literal["1", "2", "3"] | None = None
    intelligence_assessment: Literal["A", "B", "C", "D", "E"] | None = None
    grading: str
    handling_code: str | None = None
    handling_conditions: str | None = None
    person_ids: list[str] = field(default_factory=list)
    location_ids: list[str] = field(default_factory=list)
    vehicles: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        object.__setattr__(self, "reported_at", _utc(self.reported_at, "reported_at"))

    @property
    def builds_links(self) -> bool:
        """False for assessment E (suspected false or malicious): shown, never linked."""
        return self.intelligence_assessment != "E"


@dataclass(frozen=True, slots=True, kw_only=True)
class EpisodeEvidence:
    """One missing episode of a child.

    Attributes
    ----------
    episode_id: ``agency/source_ref``.
    agency: the reporting agency code.
    person_id: the child who was missing.
    reported_missing_at: when the child was reported missing (UTC).
    returned_at: when the child returned; ``None`` while still missing.
    found_location_id: where the child was found, if recorded.
    missing_with: other people recorded as missing with the child.
    rhi_offered: an interview was offered (SSD extracts say yes/no without a date);
        ``None`` when not recorded. A recorded ``rhi_offered_at`` implies an offer.
    rhi_offered_at, rhi_completed_at: return home interview times, if any.
    rhi_declined: the child declined the interview (``None`` when not recorded).
    """

    episode_id: str
    agency: str
    person_id: str
    reported_missing_at: datetime
    returned_at: datetime | None = None
    found_location_id: str | None = None
    missing_with: list[str] = field(default_factory=list)
    rhi_offered: bool | None = None
    rhi_offered_at: datetime | None = None
    rhi_completed_at: datetime | None = None
    rhi_declined: bool | None = None

    def __post_init__(self) -> None:
        for name in ("reported_missing_at", "returned_at", "rhi_offered_at", "rhi_completed_at"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is not UTC:
                object.__setattr__(self, name, _utc(value, name))


@dataclass(frozen=True, slots=True, kw_only=True)
class EvidenceSet:
    """Everything one projection read returns; analysis takes nothing else.

    Attributes
    ----------
    persons: every person the analysis may show (people referenced but absent here still
        become nodes, without attributes).
    locations: every location referenced by the reports and episodes.
    intelligence: reports, including E-graded ones (they are listed, never linked).
    episodes: missing episodes.
    """

    persons: list[PersonNode] = field(default_factory=list)
    locations: list[LocationNode] = field(default_factory=list)
    intelligence: list[IntelligenceEvidence] = field(default_factory=list)
    episodes: list[EpisodeEvidence] = field(default_factory=list)


@dataclass(frozen=True)
class EpisodeRow:
    """One missing-episode record as the oversight figures need it (one agency's record).

    Attributes
    ----------
    episode_id: ``agency/source_ref``.
    person_id: the child after resolution (``None``: the record names nobody who is known).
    absence: ``missing``, or ``away`` (away without authorisation, SSD type ``A``).
    reported_missing_at, returned_at, rhi_offered_at: UTC; a ``*_date_only`` flag says the
        partner recorded a day without a time (stored as that day's UK midnight), so the value
        stands for the whole day.
    rhi_offered: an interview was offered (``None``: not recorded).
    """

    episode_id: str
    agency: str
    person_id: str | None
    reported_missing_at: datetime
    returned_at: datetime | None
    rhi_offered: bool | None
    rhi_offered_at: datetime | None
    rhi_completed_at: datetime | None
    rhi_declined: bool | None
    in_cohort: bool
    absence: Literal["missing", "away"] = "missing"
    reported_date_only: bool = False
    returned_date_only: bool = False
    rhi_offered_date_only: bool = False
