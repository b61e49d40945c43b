"""Read models of the timeline: what happened to a person, a cluster or a cohort, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from cseboard.models.base import FrozenModel
from cseboard.models.network import PersonOption

__all__ = [
    "EVENT_KIND_LABELS",
    "EventKind",
    "Timeline",
    "TimelineEvent",
    "TimelineSubject",
]

EventKind = Literal["report", "sighting", "missing", "away", "risk", "restricted"]
TimelineSubject = Literal["person", "cluster", "operation"]

EVENT_KIND_LABELS: dict[str, str] = {
    "report": "Intelligence report",
    "sighting": "Sighting",
    "missing": "Missing episode",
    "away": "Away without authorisation",
    "risk": "Risk level set",
    "restricted": "Restricted report",
}


class TimelineEvent(FrozenModel):
    """One event on one person's lane.

    Attributes
    ----------
    person_id: whose lane it is on; lane: the name the lane shows.
    kind: report, sighting, missing / away (a bar from ``at`` to ``until``), risk, restricted.
    record_id: the report, episode or assessment (``None`` for a restricted report).
    agency: the agency that holds or made it (colours the event).
    at: when it was reported (missing: reported missing; risk: set).
    until: when the child returned (episodes); ``None`` while still missing.
    still_missing: an episode with no return recorded (its bar runs to the window's end).
    grading: a report's 3x5x2 grading; ``record`` for an episode; ``None`` otherwise.
    category: a report's category code.
    text: one line saying what it is (kind, category or level, grading).
    with_other: an episode of another child this person was recorded as missing with.
    notice: whom to ask, for a restricted report.
    """

    person_id: str
    lane: str
    kind: EventKind
    record_id: str | None = None
    agency: str | None = None
    at: datetime
    until: datetime | None = None
    still_missing: bool = False
    grading: str | None = None
    category: str | None = None
    text: str
    with_other: bool = False
    notice: str | None = None


class Timeline(FrozenModel):
    """Everything that happened to some people in a window, one lane per person.

    Attributes
    ----------
    subject, subject_id: a person, a cluster of the latest run or an operation's cohort.
    title: what the chart is of.
    window_start, window_end: the window shown.
    lanes: the people, in lane order.
    events: oldest first.
    restricted: reports shown only as restricted (the user or the audience may not read them).
    hidden_people: people of the cluster or cohort outside the user's scope (no lane).
    notes: plain sentences about what was left out.
    """

    subject: TimelineSubject
    subject_id: str
    title: str
    window_start: datetime
    window_end: datetime
    lanes: list[PersonOption]
    events: list[TimelineEvent]
    restricted: int = 0
    hidden_people: int = 0
    notes: list[str] = Field(default_factory=list)

    def event(self, record_id: str) -> TimelineEvent | None:
        """The first event of this record, if shown."""
        return next((e for e in self.events if e.record_id == record_id), None)
