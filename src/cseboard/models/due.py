"""What is due: statutory and agreed clocks that are running out, as duties (never a ranking)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from cseboard.models.base import FrozenModel
from cseboard.models.evidence import UtcDatetime

__all__ = ["CONTACT_DEFINITION", "DueItem", "DueKind", "DueList", "DueState"]

DueKind = Literal["rhi", "risk_review", "meeting_action", "no_contact"]
DueState = Literal["running", "due_soon", "overdue"]

CONTACT_DEFINITION = (
    "Contact recorded means the latest of: a practitioner's risk assessment of the young "
    "person, a completed return home interview, a meeting action about them marked done, or a "
    "report of a disclosure they made (handling code P). Sightings and other intelligence are "
    "not contact. Without any, the count starts when they joined the cohort."
)
"""What the board counts as contact with a young person (docs/duties-and-plan.md)."""


class DueItem(FrozenModel):
    """One duty and the record it comes from.

    Attributes
    ----------
    kind: ``rhi`` (return home interview clock), ``risk_review``, ``meeting_action``,
        ``no_contact``.
    state: ``running`` (a clock with time left), ``due_soon`` (within the warning days),
        ``overdue``.
    due_at: the moment (interview clock) or the UK day the duty falls due, as UTC midnight
        for days; ``due_day`` is that UK day.
    hours_left: interview clocks only: hours until the deadline (negative when passed).
    person_id, display_name: the young person, if the duty is about one (links to their
        profile); ``operation_id`` links to the meeting page for actions.
    record_id: the record behind it (episode, action or assessment source).
    detail: what is due, in words.
    """

    kind: DueKind
    state: DueState
    due_day: date
    due_at: UtcDatetime | None = None
    hours_left: float | None = None
    person_id: str | None = None
    display_name: str | None = None
    operation_id: str | None = None
    operations: list[str] = Field(default_factory=list)
    record_id: str | None = None
    detail: str


class DueList(FrozenModel):
    """Everything due for one person's scope, by kind, each kind in the order its clock runs out.

    Attributes
    ----------
    for_user: whose duties (the lead practitioner, or the practice lead for everyone).
    everyone: true for the practice lead's list (every child and operation).
    operations: the operations covered (lead practitioner: the ones they lead).
    settings: the intervals used (hours and days), for the page to state them.
    """

    as_at: UtcDatetime
    for_user: str
    everyone: bool
    operations: list[str]
    rhi: list[DueItem] = Field(default_factory=list)
    risk_reviews: list[DueItem] = Field(default_factory=list)
    meeting_actions: list[DueItem] = Field(default_factory=list)
    no_contact: list[DueItem] = Field(default_factory=list)
    settings: dict[str, int] = Field(default_factory=dict)
    contact_definition: str = CONTACT_DEFINITION

    @property
    def items(self) -> list[DueItem]:
        return [*self.rhi, *self.risk_reviews, *self.meeting_actions, *self.no_contact]
