"""Read models of the operational meeting: cohort with RAG, changes, actions, snapshots."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from cseboard.models.base import FrozenModel
from cseboard.models.evidence import UtcDatetime
from cseboard.models.leads import LeadPractitioner, LeadProfessional
from cseboard.models.timeline import Timeline

__all__ = [
    "ActionItem",
    "ActionStatus",
    "CohortMember",
    "CohortNetwork",
    "IntelligenceItem",
    "MeetingBoard",
    "MeetingChanges",
    "MeetingCounts",
    "MeetingPack",
    "MeetingRecord",
    "MeetingSnapshot",
    "MissingEpisodeItem",
    "NetworkComparison",
    "NetworkEdge",
    "NetworkView",
    "NetworkViewEdge",
    "NetworkViewNode",
    "OperationSummary",
    "PackExport",
    "PersonRef",
    "Rag",
    "RestrictedRecord",
    "RiskChange",
    "SnapshotAction",
    "SnapshotMember",
    "rag_for",
    "rag_label",
]

Rag = Literal["red", "amber", "green", "grey"]
ActionStatus = Literal["open", "done"]

_RAG_BY_LEVEL: dict[str, Rag] = {"high": "red", "medium": "amber", "low": "green", "none": "green"}


def rag_for(level: str | None) -> Rag:
    """RAG colour of a practitioner-set risk level; grey when none has been set.

    The colour is a reading aid for the meeting, never a score: it mirrors the level a person
    set with a written rationale (the board never scores a child).

    Examples
    --------
    >>> [rag_for(x) for x in ("high", "medium", "low", "none", None, "unknown")]
    ['red', 'amber', 'green', 'green', 'grey', 'grey']
    """
    return _RAG_BY_LEVEL.get((level or "").strip().lower(), "grey")


def rag_label(level: str | None) -> str:
    """Colour and level in words, so the status never depends on seeing the colour.

    Examples
    --------
    >>> rag_label("high"), rag_label(None)
    ('RED - high', 'GREY - not set')
    """
    return f"{rag_for(level).upper()} - {level or 'not set'}"


class OperationSummary(FrozenModel):
    """An operation a user may open, with the size of its cohort."""

    operation_id: str
    name: str
    cohort_size: int = 0


class PersonRef(FrozenModel):
    """A cohort member named by a record (id plus the name the meeting knows them by)."""

    person_id: str
    display_name: str


class CohortMember(FrozenModel):
    """One person of the cohort as the meeting sees them.

    Attributes
    ----------
    role: ``young_person``, ``associate`` or ``None`` when no record says.
    risk_level: the current level a practitioner set (``None``: not set).
    rag, rag_text: the level as a colour and as words.
    rationale: the latest risk assessment's rationale, else the nomination rationale.
    rationale_source: ``risk assessment`` or ``nomination``.
    assessed_at: when the latest risk assessment was made, if any.
    in_cohort_since: when the person was nominated.
    level_at_last_meeting: the level frozen in the last meeting's snapshot, if any.
    lead_professional: a young person's named lead professional (``None``: nobody named yet,
        which the meeting flags).
    """

    person_id: str
    display_name: str
    role: Literal["young_person", "associate"] | None = None
    risk_level: str | None = None
    rag: Rag = "grey"
    rag_text: str = "GREY - not set"
    rationale: str | None = None
    rationale_source: Literal["risk assessment", "nomination"] | None = None
    assessed_at: UtcDatetime | None = None
    in_cohort_since: UtcDatetime | None = None
    level_at_last_meeting: str | None = None
    lead_professional: LeadProfessional | None = None

    @property
    def needs_lead(self) -> bool:
        """A young person of the cohort with no lead professional named."""
        return self.role == "young_person" and self.lead_professional is None


class IntelligenceItem(FrozenModel):
    """A report naming cohort members; restricted items carry a notice instead of content.

    Attributes
    ----------
    holder: the submitting agency.
    restricted: the viewer (or a pack's audience) may not see it (handling code C).
    notice: whom to ask, for restricted items.
    summary, category, people: content, ``None``/empty when restricted.
    others_named: how many people outside the cohort it also names (not identified here).
    """

    intel_id: str
    holder: str
    reported_at: UtcDatetime
    grading: str | None = None
    handling_code: str | None = None
    restricted: bool = False
    notice: str | None = None
    category: str | None = None
    summary: str | None = None
    people: list[PersonRef] = Field(default_factory=list)
    others_named: int = 0


class MissingEpisodeItem(FrozenModel):
    """A cohort member's missing episode overlapping the period."""

    episode_id: str
    agency: str
    person_id: str
    display_name: str
    reported_missing_at: UtcDatetime
    returned_at: UtcDatetime | None = None
    missing_from: str | None = None
    absence_type: str | None = None
    police_risk_level: str | None = None
    found_at: str | None = None
    rhi_offered: bool | None = None
    rhi_offered_at: UtcDatetime | None = None
    rhi_completed_at: UtcDatetime | None = None
    rhi_declined: bool | None = None
    new_in_period: bool = True


class RiskChange(FrozenModel):
    """A change of a cohort member's risk level, from an assessment or against the last meeting.

    Attributes
    ----------
    source: ``assessment`` (a RiskAssessment in the period) or ``since last meeting`` (the
        current level differs from the last snapshot and no assessment explains it).
    """

    person_id: str
    display_name: str
    previous_level: str | None = None
    level: str | None = None
    assessed_at: UtcDatetime | None = None
    by: str | None = None
    agency: str | None = None
    rationale: str | None = None
    source: Literal["assessment", "since last meeting"] = "assessment"


class ActionItem(FrozenModel):
    """An action agreed by the group, owned by one agency.

    Attributes
    ----------
    overdue: open and its due date has passed (as of the read).
    person_id, person_name: the cohort member it is about, if any.
    """

    action_id: str
    operation_id: str
    text: str
    owner_agency: str
    due_date: date
    status: ActionStatus = "open"
    created_at: UtcDatetime
    created_by: str
    updated_at: UtcDatetime | None = None
    completed_at: UtcDatetime | None = None
    completed_by: str | None = None
    person_id: str | None = None
    person_name: str | None = None
    overdue: bool = False


class MeetingRecord(FrozenModel):
    """A meeting snapshot's header (the full record is :class:`MeetingSnapshot`)."""

    meeting_id: str
    operation_id: str
    held_at: UtcDatetime
    taken_by: str


class RestrictedRecord(FrozenModel):
    """Handling conditions of a C-coded report behind a network link, to re-check per viewer."""

    holder: str
    conditions: str | None = None


class NetworkEdge(FrozenModel):
    """A link between two cohort members and the records behind it (ids only).

    Attributes
    ----------
    kinds: the link kinds of the analysis (``same_report``, ``colocation``, ``missing_with``…).
    records: the intelligence and episode ids that make the link.
    evidence: each piece of evidence as the records it needs together (a co-location needs
        both sightings); a viewer is shown a piece only when they may see all its records.
        Empty in snapshots taken before it was kept: each record is then a piece of its own.
    """

    a: str
    b: str
    kinds: list[str]
    records: list[str]
    evidence: list[list[str]] = Field(default_factory=list)

    def pieces(self) -> list[list[str]]:
        """The evidence pieces (each record alone for older snapshots)."""
        return self.evidence or [[r] for r in self.records]


class CohortNetwork(FrozenModel):
    """Links among the cohort as ids, as frozen in a snapshot or read today.

    Attributes
    ----------
    nodes: the cohort's person ids.
    edges: links between two members.
    restricted: C-coded records behind edges, with their holder and conditions, so that each
        viewer only sees the links resting on records they may see.
    window_days: how far back the evidence reaches from the time it was read.
    """

    nodes: list[str]
    edges: list[NetworkEdge]
    restricted: dict[str, RestrictedRecord] = Field(default_factory=dict)
    window_days: int = 365


class SnapshotMember(FrozenModel):
    """A cohort member as at a meeting: id, role and risk level (names are resolved live)."""

    person_id: str
    role: Literal["young_person", "associate"] | None = None
    risk_level: str | None = None


class SnapshotAction(FrozenModel):
    """An action as at a meeting."""

    action_id: str
    text: str
    owner_agency: str
    due_date: date
    status: ActionStatus
    overdue: bool
    person_id: str | None = None


class MeetingCounts(FrozenModel):
    """The headline numbers of a meeting board (and of a snapshot).

    ``new_intelligence`` counts restricted items too: their existence may be known, their
    content not.
    """

    cohort: int = 0
    young_people: int = 0
    by_rag: dict[str, int] = Field(default_factory=dict)
    new_intelligence: int = 0
    restricted_intelligence: int = 0
    missing_episodes: int = 0
    children_missing: int = 0
    risk_changes: int = 0
    open_actions: int = 0
    overdue_actions: int = 0
    without_lead_professional: int = 0


class MeetingSnapshot(FrozenModel):
    """The as-at record frozen by "take meeting snapshot" (stored as JSON on the Meeting node).

    Ids only for people: names are looked up when shown, so an erased person's name does not
    survive in old snapshots.
    """

    version: Literal[1] = 1
    meeting_id: str
    operation_id: str
    held_at: UtcDatetime
    taken_by: str
    period_start: UtcDatetime
    cohort: list[SnapshotMember]
    counts: MeetingCounts
    actions: list[SnapshotAction]
    network: CohortNetwork


class MeetingChanges(FrozenModel):
    """What changed in the period: new intelligence, risk changes, cohort joins and leavers."""

    new_intelligence: list[IntelligenceItem] = Field(default_factory=list)
    new_missing_episodes: list[MissingEpisodeItem] = Field(default_factory=list)
    risk_changes: list[RiskChange] = Field(default_factory=list)
    joined_cohort: list[PersonRef] = Field(default_factory=list)
    left_cohort: list[str] = Field(default_factory=list)


class MeetingBoard(FrozenModel):
    """Everything the meeting page shows for one operation and period.

    Attributes
    ----------
    period_start, period_end: the period "since the last meeting" (UTC).
    last_meeting: the previous snapshot's header, if any.
    agencies: the operation's agencies (its members' and action owners'): pack recipients.
    known_agencies: every agency code the store knows, for choosing an action's owner.
    lead_practitioner: the user who leads the operation's work (``None``: not named yet).
    """

    operation: OperationSummary
    period_start: UtcDatetime
    period_end: UtcDatetime
    last_meeting: MeetingRecord | None = None
    cohort: list[CohortMember]
    changes: MeetingChanges
    missing_episodes: list[MissingEpisodeItem]
    actions: list[ActionItem]
    counts: MeetingCounts
    agencies: list[str]
    known_agencies: list[str] = Field(default_factory=list)
    lead_practitioner: LeadPractitioner | None = None


class NetworkViewNode(FrozenModel):
    """A cohort member placed on the chart (positions shared by both charts)."""

    person_id: str
    label: str
    rag: Rag
    rag_text: str
    x: float
    y: float


class NetworkViewEdge(FrozenModel):
    """A link drawn on the chart, with the records behind it that this viewer may see.

    ``new`` marks a link of today's network that the compared meeting's network did not have.
    """

    a: str
    b: str
    kinds: list[str]
    records: int
    new: bool = False
    x1: float
    y1: float
    x2: float
    y2: float


class NetworkView(FrozenModel):
    """One chart of the cohort network (today's, or as at a past meeting).

    Attributes
    ----------
    hidden_links: links resting only on records the viewer may not see (not drawn).
    notices: whom to ask about those records.
    """

    title: str
    as_at: datetime
    nodes: list[NetworkViewNode]
    edges: list[NetworkViewEdge]
    hidden_links: int = 0
    notices: list[str] = Field(default_factory=list)


class NetworkComparison(FrozenModel):
    """Today's cohort network and, when asked, the one frozen at a past meeting."""

    current: NetworkView
    past: NetworkView | None = None


class MeetingPack(FrozenModel):
    """What the meeting pack documents contain (rendered to DOCX or PDF by ``reports``).

    Attributes
    ----------
    marking: the protective marking printed on every page.
    recipients: who the pack is disclosed to (agency codes or typed names).
    board: the meeting board, with C items restricted unless every recipient may see them.
    withheld_for_audience: C items withheld because not every recipient may see them.
    timeline: the cohort's timeline over the pack's timeline window (C reports restricted
        unless every recipient may see them), drawn in the pack as a picture.
    """

    marking: str = "OFFICIAL-SENSITIVE"
    generated_at: UtcDatetime
    generated_by: str
    recipients: list[str]
    board: MeetingBoard
    withheld_for_audience: int = 0
    timeline: Timeline | None = None


class PackExport(FrozenModel):
    """A rendered meeting pack ready to hand over."""

    filename: str
    media_type: str
    content: bytes
    recipients: list[str]
