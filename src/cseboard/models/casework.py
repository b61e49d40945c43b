"""Read models of the practice lead's casework: inbox, person profile, risk levels, intake."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Literal

from pydantic import Field

from cseboard.models.analysis import Indicator, LinkEvidence
from cseboard.models.base import FrozenModel
from cseboard.models.values import LONDON

__all__ = [
    "CATEGORY_LABELS",
    "INDICATOR_LABELS",
    "LINK_KIND_LABELS",
    "ROLE_LABELS",
    "AgencyRecordView",
    "AssociateLink",
    "EpisodeItem",
    "ImportFileRow",
    "ImportReport",
    "InboxPage",
    "IntakeOptions",
    "IntakeResult",
    "IntelItem",
    "PersonIdentity",
    "PersonMatch",
    "PersonProfile",
    "PersonRef",
    "PlaceRef",
    "PlaceSummary",
    "RecordOption",
    "RejectRow",
    "ReviewResult",
    "RiskEntry",
    "TimelineEntry",
    "UploadedPartnerFile",
    "category_label",
    "md_escape",
    "risk_label",
    "role_label",
    "uk_date",
    "uk_time",
]

# The controlled, non-victim-blaming vocabulary of what pages say: it describes what was observed
# and what adults did, never the child's "choices" ("putting herself at risk", "boyfriend").
CATEGORY_LABELS: dict[str, str] = {
    "sighting": "Sighting",
    "association": "Seen with others",
    "online_contact": "Online contact",
    "gifts_money_substances": "Gifts, money or substances given",
    "vehicle": "Vehicle",
    "location_of_concern": "Location of concern",
    "phone_or_device": "Phone or device",
    "disclosure": "Disclosure",
    "missing_related": "Linked to a missing episode",
    "other": "Other",
}
ROLE_LABELS: dict[str | None, str] = {
    "young_person": "Young person",
    "associate": "Adult or peer of concern",
    None: "Role not recorded",
}
LINK_KIND_LABELS: dict[str, str] = {
    "same_report": "Named in the same report",
    "shared_phone": "Same phone number",
    "shared_vehicle": "Same vehicle",
    "shared_account": "Same online account",
    "colocation": "At the same place within days",
    "missing_with": "Recorded as missing with",
    "missing_together": "Missing at the same time, found at the same place",
    "missing_overlap": "Missing at overlapping times",
}
INDICATOR_LABELS: dict[str, str] = {
    "missing_30_days": "Missing episodes, last 30 days",
    "missing_90_days": "Missing episodes, last 90 days",
    "repeat_missing": "Repeat missing",
    "missing_now": "Missing now",
    "associates_linked": "Adults or peers of concern linked",
    "hotspots_visited": "Hotspots the records place them at",
    "rhi_offered_in_time": "Return home interview offered in time",
    "rhi_completed": "Return home interview completed",
    "rhi_declined": "Return home interview declined",
}
_RISK_WORDS = {"medium": "medium (suspected)", "high": "high (known)"}


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:=\"'&])")


def md_escape(text: str) -> str:
    r"""Text for the few Streamlit bodies that are always Markdown (alerts): every Markdown,
    directive and LaTeX character is escaped, so partner text can never become a link, an
    image or a styled directive.

    Examples
    --------
    >>> print(md_escape("![x](http://e/x.png) :red[hi] $x$"))
    \!\[x\]\(http\://e/x\.png\) \:red\[hi\] \$x\$
    """
    return _MARKDOWN.sub(r"\\\1", text)


def uk_time(moment: datetime | None) -> str:
    """A UTC time as UK local time (GMT or BST), as practitioners read it; blank for none.

    Examples
    --------
    >>> from datetime import UTC
    >>> uk_time(datetime(2024, 7, 1, 17, 30, tzinfo=UTC))
    '01/07/2024 18:30'
    """
    return "" if moment is None else moment.astimezone(LONDON).strftime("%d/%m/%Y %H:%M")


def uk_date(day: date | None) -> str:
    """``dd/mm/yyyy``; blank for none."""
    return "" if day is None else day.strftime("%d/%m/%Y")


def category_label(code: str | None) -> str:
    """The vocabulary's words for a category code (the code itself when unknown)."""
    return CATEGORY_LABELS.get(code or "", (code or "").replace("_", " ").capitalize())


def role_label(role: str | None) -> str:
    return ROLE_LABELS.get(role, ROLE_LABELS[None])


def risk_label(level: str | None) -> str:
    """Risk levels with the partnership's meaning of medium and high; "not set" for none.

    Examples
    --------
    >>> risk_label("high"), risk_label(None)
    ('high (known)', 'not set')
    """
    if level is None:
        return "not set"
    return _RISK_WORDS.get(level, level)


class PersonRef(FrozenModel):
    """A person as a page links to them.

    Attributes
    ----------
    person_id: the ``Person`` key.
    display_name: as copied from their records; ``None`` while only referenced.
    role: ``young_person``, ``associate`` or ``None``.
    via: the agency record key a report or episode named them through, if known.
    """

    person_id: str
    display_name: str | None = None
    role: Literal["young_person", "associate"] | None = None
    via: str | None = None

    @property
    def label(self) -> str:
        """A name, or which record is awaited: a person is never shown as a bare id only."""
        if self.display_name:
            return self.display_name
        return f"Person awaiting a record ({self.via or self.person_id})"


class PlaceRef(FrozenModel):
    """A location record a report or episode names."""

    location_id: str
    name: str | None = None
    kind: str | None = None
    place_key: str | None = None

    @property
    def label(self) -> str:
        kind = f" ({self.kind.replace('_', ' ')})" if self.kind else ""
        return f"{self.name or 'Place awaiting a record'}{kind}"


class IntelItem(FrozenModel):
    """One intelligence report as a casework page shows it.

    A restricted item (handling code C, user's agency not allowed) keeps only the holder,
    the time, and ``notice``: no summary, category, people or places.

    Attributes
    ----------
    intel_id: ``agency/source_ref``.
    agency, source_ref: the holder and its reference.
    reported_at: when it was reported (UTC).
    category: category code (``None`` when restricted).
    grading: 3x5x2 short form (``1AP``; ``?`` where a legacy part has no equivalent).
    legacy_grading: the original 5x5x5 grading when the record came graded that way.
    handling_code: ``P`` or ``C``.
    builds_links: ``False`` for assessment E (shown, never used to link people).
    summary: free text as given (shown as text only).
    people, places: what it names; vehicles, phones, accounts likewise.
    hidden_people: people it names who are outside the user's scope (not listed).
    restricted, notice: whether the user may not read it and whom to ask.
    reviewed_at, reviewed_by: the practice lead's review.
    facets: the inbox's triage facets that hold for it (keys; see ``InboxPage.facets``).
    """

    intel_id: str
    agency: str
    source_ref: str
    reported_at: datetime
    category: str | None = None
    grading: str | None = None
    legacy_grading: str | None = None
    handling_code: str = "P"
    builds_links: bool = True
    summary: str | None = None
    people: list[PersonRef] = Field(default_factory=list)
    places: list[PlaceRef] = Field(default_factory=list)
    vehicles: list[str] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list)
    accounts: list[str] = Field(default_factory=list)
    hidden_people: int = 0
    restricted: bool = False
    notice: str | None = None
    reviewed_at: datetime | None = None
    reviewed_by: str | None = None
    facets: list[str] = Field(default_factory=list)


class InboxPage(FrozenModel):
    """One page of the intelligence inbox and the choices its filters offer.

    Attributes
    ----------
    items: newest first.
    total: items matching the filters (all pages).
    page, page_size, pages: paging (pages is at least 1).
    agencies, categories: filter choices.
    facets: the triage facets (key → label), facts about a report, never a score.
    facet_counts: reports matching the filters that have each facet.
    facets_run, facets_run_at: the analysis run the analysis facets come from (``None``: no
        run yet, so only "names a cohort child" can hold).
    """

    items: list[IntelItem]
    total: int
    page: int
    page_size: int
    pages: int
    agencies: list[str]
    categories: list[str]
    facets: dict[str, str] = Field(default_factory=dict)
    facet_counts: dict[str, int] = Field(default_factory=dict)
    facets_run: str | None = None
    facets_run_at: datetime | None = None


class ReviewResult(FrozenModel):
    """Which items a "mark reviewed" changed, and which were already reviewed or unknown."""

    reviewed: list[str]
    unchanged: list[str]


class EpisodeItem(FrozenModel):
    """One missing (or away-without-authorisation) episode as a timeline shows it.

    ``child`` is ``None`` when the child is outside the user's scope (counted in
    ``hidden_people``, like companions outside it).
    """

    episode_id: str
    agency: str
    child: PersonRef | None = None
    reported_missing_at: datetime
    returned_at: datetime | None = None
    missing_from: str | None = None
    absence_type: str | None = None
    police_risk_level: str | None = None
    found_at: PlaceRef | None = None
    missing_with: list[PersonRef] = Field(default_factory=list)
    hidden_people: int = 0
    rhi_offered: bool | None = None
    rhi_offered_at: datetime | None = None
    rhi_completed_at: datetime | None = None
    rhi_declined: bool | None = None


class TimelineEntry(FrozenModel):
    """A report or an episode at its time (exactly one of the two is set)."""

    at: datetime
    kind: Literal["intelligence", "missing_episode"]
    intelligence: IntelItem | None = None
    episode: EpisodeItem | None = None


class AgencyRecordView(FrozenModel):
    """One partner's record behind a person (provenance: who holds what)."""

    record_key: str
    agency: str
    source_ref: str
    role: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    aliases: list[str] = Field(default_factory=list)
    date_of_birth: date | None = None
    gender: str | None = None
    risk_level: str | None = None
    pending: bool = False
    imported_at: datetime | None = None


class PersonIdentity(FrozenModel):
    """Who the person is, as their records say (no NHS number or address: not needed here)."""

    person_id: str
    display_name: str | None
    role: Literal["young_person", "associate"] | None
    first_name: str | None = None
    last_name: str | None = None
    aliases: list[str] = Field(default_factory=list)
    date_of_birth: date | None = None
    gender: str | None = None
    looked_after: bool | None = None
    cp_plan: bool | None = None
    child_in_need: bool | None = None
    risk_level: str | None = None
    pending: bool = False
    operations: list[str] = Field(default_factory=list)
    records: list[AgencyRecordView] = Field(default_factory=list)

    @property
    def flags(self) -> list[str]:
        """Statutory statuses any record gives."""
        return [
            text
            for value, text in (
                (self.looked_after, "Looked after"),
                (self.cp_plan, "Child protection plan"),
                (self.child_in_need, "Child in need"),
            )
            if value
        ]

    @property
    def label(self) -> str:
        return PersonRef(person_id=self.person_id, display_name=self.display_name).label


class AssociateLink(FrozenModel):
    """A person linked to the profile's person, with every record behind the link."""

    person: PersonRef
    weight: float
    kinds: list[str]
    first_seen: datetime
    last_seen: datetime
    evidence: list[LinkEvidence]


class PlaceSummary(FrozenModel):
    """A place the records put the person at (locations grouped by place key).

    Attributes
    ----------
    place: place key (or location id).
    name, kind: from its location records.
    record_ids: reports and episodes placing the person there.
    first_seen, last_seen: earliest and latest of them.
    hotspot: whether several young people are linked to the place (the analysis threshold).
    young_people_seen: distinct young people the records put there.
    """

    place: str
    name: str | None
    kind: str | None
    record_ids: list[str]
    first_seen: datetime
    last_seen: datetime
    hotspot: bool
    young_people_seen: int


class RiskEntry(FrozenModel):
    """One entry of a person's risk-level history.

    ``source`` is ``assessment`` for a level a practitioner set with a rationale, and
    ``partner_record`` for the level a partner's record gave when it was first imported.
    """

    assessment_id: str | None
    assessed_at: datetime | None
    level: str | None
    previous_level: str | None = None
    rationale: str | None = None
    by: str | None = None
    agency: str | None = None
    source: Literal["assessment", "partner_record"] = "assessment"


class PersonProfile(FrozenModel):
    """Everything the profile page shows about one person, for one user.

    Attributes
    ----------
    identity: names, date of birth, flags, agency records.
    as_of: when it was read; window_days: how far back links and places look.
    timeline: reports and episodes naming the person, newest first.
    associates: linked people, strongest link first.
    hidden_associates: links to people outside the user's scope (not listed).
    places: places the records put the person at.
    indicators: facts with sources (young people only); never combined into a score.
    risk_history: newest first; risk_levels: the levels the partnership uses.
    restricted_items: reports shown only as "ask the holder" notices.
    """

    identity: PersonIdentity
    as_of: datetime
    window_days: int
    timeline: list[TimelineEntry]
    associates: list[AssociateLink]
    hidden_associates: int = 0
    places: list[PlaceSummary]
    indicators: list[Indicator]
    risk_history: list[RiskEntry]
    risk_levels: list[str]
    restricted_items: int = 0


class PersonMatch(FrozenModel):
    """A person found by a search or listed in a user's scope."""

    person: PersonRef
    date_of_birth: date | None = None
    risk_level: str | None = None
    records: list[str] = Field(default_factory=list)
    in_cohort: bool = False


class RecordOption(FrozenModel):
    """An agency's own record offered in a form (its reference and how to recognise it)."""

    source_ref: str
    label: str


class IntakeOptions(FrozenModel):
    """What the add-intelligence form offers: the user's agency's people and places, and the
    other agencies a code-C report may be shared with."""

    agency: str
    people: list[RecordOption]
    places: list[RecordOption]
    categories: list[str]
    agencies: list[str] = Field(default_factory=list)


class IntakeResult(FrozenModel):
    """A report added through the form, and the references that await their record."""

    intel_id: str
    source_ref: str
    pending_refs: list[str] = Field(default_factory=list)


class UploadedPartnerFile(FrozenModel):
    """A partner file as uploaded: its name and bytes."""

    name: str
    data: bytes


class ImportFileRow(FrozenModel):
    """What happened to one uploaded file."""

    file: str
    record_type: str
    read: int
    landed: int
    new_or_changed: int
    rejected: int
    pending_refs: int
    ignored_columns: list[str] = Field(default_factory=list)
    error: str | None = None


class RejectRow(FrozenModel):
    """One line of the rejects report (values already neutralised for spreadsheets)."""

    file: str
    line: int
    column: str
    value: str
    reason: str
    outcome: str


class ImportReport(FrozenModel):
    """An upload's import: per-file counts and the rejects report (rows and CSV text)."""

    agency: str
    fmt: str
    files: list[ImportFileRow]
    rejects: list[RejectRow]
    rejects_csv: str
