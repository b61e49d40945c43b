"""Who is responsible: an operation's lead practitioner, each young person's lead professional."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from cseboard.models.base import FrozenModel
from cseboard.models.evidence import UtcDatetime

__all__ = ["LeadAssignment", "LeadKind", "LeadPractitioner", "LeadProfessional", "OperationLeads"]

LeadKind = Literal["lead_practitioner", "lead_professional"]


class LeadPractitioner(FrozenModel):
    """The user who leads an operation's work with its young people, since when, set by whom."""

    username: str
    display_name: str
    since: UtcDatetime
    set_by: str


class LeadProfessional(FrozenModel):
    """A young person's named lead professional (not necessarily a user of the board)."""

    name: str
    agency: str
    contact: str
    since: UtcDatetime
    set_by: str


class LeadAssignment(FrozenModel):
    """One dated entry of the history of an operation's leads (``until`` unset: current)."""

    assignment_id: str
    kind: LeadKind
    operation_id: str
    person_id: str | None = None
    who: str
    agency: str | None = None
    contact: str | None = None
    since: UtcDatetime
    set_by: str
    until: UtcDatetime | None = None
    ended_by: str | None = None


class OperationLeads(FrozenModel):
    """An operation's current leads and their history.

    Attributes
    ----------
    professionals: person id → their current lead professional.
    history: every assignment, newest first.
    """

    operation_id: str
    lead_practitioner: LeadPractitioner | None = None
    professionals: dict[str, LeadProfessional] = Field(default_factory=dict)
    history: list[LeadAssignment] = Field(default_factory=list)
