"""Read models of "how are these two connected?": chains of links with the records of each hop."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from cseboard.models.base import FrozenModel

__all__ = ["PathAnswer", "PathChain", "PathHop", "PathRecord", "RestrictedShorter"]


class PathRecord(FrozenModel):
    """One record behind a hop: a report or a missing episode the user may read.

    Attributes
    ----------
    record_id: ``agency/source_ref``.
    agency: the holding agency.
    grading: 3x5x2 grading of a report; ``record`` for a missing episode.
    category: the report's category; ``missing_episode`` for an episode.
    reported_at: when it was reported (an episode: reported missing).
    """

    record_id: str
    agency: str
    grading: str | None = None
    category: str | None = None
    reported_at: datetime | None = None


class PathHop(FrozenModel):
    """One link of a chain.

    Attributes
    ----------
    source, target: the two people (``None``: a person outside the user's scope, unnamed).
    source_label, target_label: names as shown (``Person outside your scope (n)`` if unnamed).
    weight: the link's weight (sum of its evidence weights, from the gradings).
    weakest: the chain's weakest hop (the first of equally weak ones).
    kinds: the kinds of evidence (``same_report``, ``colocation``, …).
    evidence: the records that make the link, oldest first.
    """

    source: str | None
    target: str | None
    source_label: str
    target_label: str
    weight: float
    weakest: bool
    kinds: list[str]
    evidence: list[PathRecord]


class PathChain(FrozenModel):
    """One chain of links from the first person to the last.

    Attributes
    ----------
    people: person ids along the chain (``None`` where a person is outside the user's scope).
    labels: the names shown for them.
    kinds: how each is drawn: ``young_person``, ``associate``, ``person`` or ``unnamed``.
    hops: the links, in order.
    """

    people: list[str | None]
    labels: list[str]
    kinds: list[str]
    hops: list[PathHop]

    @property
    def weakest(self) -> PathHop | None:
        return next((h for h in self.hops if h.weakest), None)


class RestrictedShorter(FrozenModel):
    """A shorter chain exists only through records the user may not read: whom to ask.

    Never the people on it: only the agency holding the restricted records and its contact.
    """

    agency: str
    contact: str
    hops: int


class PathAnswer(FrozenModel):
    """The k shortest chains between two people for one user, and what was left out.

    Attributes
    ----------
    source, target: the two people (ids); source_label, target_label: their names.
    chains: fewest hops first, ties broken by the strongest weakest hop.
    restricted_shorter: set when a shorter chain exists only through restricted records.
    k, max_hops, min_grading: what was asked for.
    window_start, window_end: the evidence window.
    unnamed: people on the chains outside the user's scope (shown without a name).
    notes: plain sentences about what was left out and why.
    """

    source: str
    target: str
    source_label: str
    target_label: str
    chains: list[PathChain]
    restricted_shorter: RestrictedShorter | None = None
    k: int
    max_hops: int
    min_grading: str | None = None
    window_start: datetime
    window_end: datetime
    unnamed: int = 0
    notes: list[str] = Field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The answer as ``cseboard path --json`` prints it (ids and records only)."""
        return {
            "from": self.source,
            "to": self.target,
            "chains": [
                {
                    "people": list(c.people),
                    "hops": [
                        {
                            "from": h.source,
                            "to": h.target,
                            "weight": h.weight,
                            "weakest": h.weakest,
                            "evidence": [
                                {
                                    "record_id": r.record_id,
                                    "agency": r.agency,
                                    "grading": r.grading,
                                    "category": r.category,
                                    "reported_at": r.reported_at.isoformat()
                                    if r.reported_at
                                    else None,
                                }
                                for r in h.evidence
                            ],
                        }
                        for h in c.hops
                    ],
                }
                for c in self.chains
            ],
            "restricted_shorter": None
            if self.restricted_shorter is None
            else {
                "agency": self.restricted_shorter.agency,
                "contact": self.restricted_shorter.contact,
            },
        }
