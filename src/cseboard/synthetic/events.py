"""What happened, independent of who wrote it down: one report, one missing episode.

Events hold true people and places; ``rows.py`` turns each into the reporting agencies' rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from cseboard.synthetic.gradings import GradingCells
from cseboard.synthetic.plan import Person, Place

__all__ = ["IntelEvent", "MissingEvent"]


@dataclass(slots=True)
class IntelEvent:
    """One intelligence report by one agency.

    ``unresolved`` adds a person ref the agency never sends a record for; ``special`` replaces
    the summary with one of the awkward-but-valid texts.
    """

    agency: str
    when: datetime
    category: str
    summary: str
    grading: GradingCells
    people: list[Person] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    vrms: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    planted: bool = False
    unresolved: bool = False


@dataclass(slots=True)
class MissingEvent:
    """One missing episode of one child, recorded by each agency in ``agencies``.

    ``rhi_by`` is the agency that offers the return home interview (its row carries the RHI).
    """

    person: Person
    start: datetime
    end: datetime | None
    missing_from: str
    absence: str
    police_risk: str
    found: Place | None
    with_people: list[Person]
    agencies: tuple[str, ...]
    rhi_by: str | None
    rhi_offered_at: datetime | None
    rhi_completed_at: datetime | None
    rhi_declined: bool | None
