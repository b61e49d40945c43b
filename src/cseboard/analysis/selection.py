"""The evidence of one analysis window and filter, indexed by person and place."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cseboard.models.evidence import (
    EpisodeEvidence,
    EvidenceSet,
    IntelligenceEvidence,
    LocationNode,
    PersonNode,
)

__all__ = ["Selection", "grading_weight", "select"]

_SOURCE_WEIGHT = {"1": 1.0, "2": 0.6, "3": 0.3, None: 0.5}
_ASSESSMENT_WEIGHT = {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.4, "E": 0.0, None: 0.5}
_MIN_GRADING = re.compile(r"^([123])([A-E])")


def grading_weight(source_evaluation: str | None, intelligence_assessment: str | None) -> float:
    """Weight of one report in a link: source weight × assessment weight.

    Source 1, 2, 3 weigh 1.0, 0.6, 0.3; assessment A-D weigh 1.0, 0.8, 0.6, 0.4; an unknown part
    (a legacy grade without a 3x5x2 equivalent) weighs 0.5. Assessment E weighs 0: it never
    builds a link.

    Parameters
    ----------
    source_evaluation : str or None
        ``"1"``, ``"2"``, ``"3"`` or ``None``.
    intelligence_assessment : str or None
        ``"A"`` to ``"E"`` or ``None``.

    Returns
    -------
    float
        Between 0 and 1; 1.0 for ``1A``.

    Examples
    --------
    >>> grading_weight("1", "A"), grading_weight("2", "B"), grading_weight("3", "E")
    (1.0, 0.48, 0.0)
    """
    return round(_SOURCE_WEIGHT[source_evaluation] * _ASSESSMENT_WEIGHT[intelligence_assessment], 6)


def _parse_min_grading(min_grading: str | None) -> tuple[str, str] | None:
    if min_grading is None:
        return None
    match = _MIN_GRADING.match(min_grading.strip().upper())
    if match is None:
        raise ValueError(f"min_grading {min_grading!r} is not like '2C' (source 1-3, A-E)")
    return match.group(1), match.group(2)


def _meets(report: IntelligenceEvidence, minimum: tuple[str, str] | None) -> bool:
    """Whether a report is graded at least ``minimum`` (``("2", "C")``: source ≤ 2, A-C).

    A report whose source or assessment has no 3x5x2 equivalent (``None``) does not meet any
    minimum: it cannot be shown to.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> r = IntelligenceEvidence(intel_id="police/I-1", agency="police", category="sighting",
    ...     reported_at=datetime(2024, 5, 1, tzinfo=UTC), source_evaluation="2",
    ...     intelligence_assessment="B", grading="2BP")
    >>> _meets(r, ("2", "C")), _meets(r, ("1", "C")), _meets(r, None)
    (True, False, True)
    """
    if minimum is None:
        return True
    se, ia = report.source_evaluation, report.intelligence_assessment
    if se is None or ia is None:
        return False
    return se <= minimum[0] and ia <= minimum[1]


@dataclass(frozen=True)
class Selection:
    """Evidence of one window, filtered, with lookups. Build it with :func:`select`.

    Attributes
    ----------
    window_start, window_end : datetime
        The window ``(start, end]`` in UTC.
    persons : dict
        Person id → :class:`PersonNode`, including people only referenced by evidence.
    locations : dict
        Location id → :class:`LocationNode`.
    intelligence : list
        Reports in the window that pass the filters, E-graded ones included.
    episodes : list
        Missing episodes overlapping the window (agency filter applied).
    intel_by_person, episodes_by_person : dict
        The same, by person (an episode is listed under its child only).
    history : dict
        Person id → all their episodes reported up to ``window_end`` (agency filter applied),
        oldest first: indicators over 30 and 90 days use it whatever the window.
    filters : dict
        The filters used, for the record.
    """

    window_start: datetime
    window_end: datetime
    persons: dict[str, PersonNode]
    locations: dict[str, LocationNode]
    intelligence: list[IntelligenceEvidence]
    episodes: list[EpisodeEvidence]
    intel_by_person: dict[str, list[IntelligenceEvidence]]
    episodes_by_person: dict[str, list[EpisodeEvidence]]
    history: dict[str, list[EpisodeEvidence]]
    filters: dict[str, object] = field(default_factory=dict)

    @property
    def linking(self) -> list[IntelligenceEvidence]:
        """Reports that may build links (all but assessment E)."""
        return [r for r in self.intelligence if r.builds_links]

    def place_of(self, location_id: str) -> str:
        """The resolved place a location groups under (its own id when it has none)."""
        location = self.locations.get(location_id)
        return location.place if location is not None else location_id

    def role_of(self, person_id: str) -> str | None:
        """The recorded role of a person, ``None`` when unknown."""
        person = self.persons.get(person_id)
        return person.role if person is not None else None


def select(
    evidence: EvidenceSet,
    *,
    window_end: datetime,
    window_days: int = 365,
    agencies: Collection[str] | None = None,
    categories: Collection[str] | None = None,
    min_grading: str | None = None,
) -> Selection:
    """Keep the evidence of one window and filter, and index it.

    Parameters
    ----------
    evidence : EvidenceSet
        What the store read.
    window_end : datetime
        End of the window (timezone-aware; inclusive).
    window_days : int, default 365
        Reports dated after ``window_end - window_days`` are kept; episodes are kept when their
        missing period overlaps the window.
    agencies : collection of str, optional
        Keep only reports and episodes of these agencies.
    categories : collection of str, optional
        Keep only reports of these categories (episodes are not categorised and stay).
    min_grading : str, optional
        E.g. ``"2C"``: keep only reports with source ≤ 2 and assessment ≤ C.

    Returns
    -------
    Selection

    Raises
    ------
    ValueError
        If ``window_end`` is naive, ``window_days`` < 1 or ``min_grading`` is malformed.

    Examples
    --------
    >>> import dataclasses
    >>> from datetime import UTC, datetime
    >>> day = datetime(2024, 5, 1, tzinfo=UTC)
    >>> old = IntelligenceEvidence(intel_id="police/I-1", agency="police", category="sighting",
    ...     reported_at=datetime(2022, 1, 1, tzinfo=UTC), grading="1AP", person_ids=["P-1"])
    >>> new = dataclasses.replace(old, intel_id="police/I-2", reported_at=day)
    >>> sel = select(EvidenceSet(intelligence=[old, new]), window_end=day)
    >>> [r.intel_id for r in sel.intelligence], sorted(sel.persons)
    (['police/I-2'], ['P-1'])
    """
    if window_end.tzinfo is None:
        raise ValueError("window_end must be timezone-aware")
    if window_days < 1:
        raise ValueError("window_days must be at least 1")
    minimum = _parse_min_grading(min_grading)
    start = window_end - timedelta(days=window_days)
    agency_set = set(agencies) if agencies is not None else None
    category_set = set(categories) if categories is not None else None

    persons: dict[str, PersonNode] = {p.person_id: p for p in evidence.persons}
    locations = {loc.location_id: loc for loc in evidence.locations}

    intelligence: list[IntelligenceEvidence] = []
    intel_by_person: defaultdict[str, list[IntelligenceEvidence]] = defaultdict(list)
    for report in evidence.intelligence:
        if not start < report.reported_at <= window_end:
            continue
        if agency_set is not None and report.agency not in agency_set:
            continue
        if category_set is not None and report.category not in category_set:
            continue
        if minimum is not None and not _meets(report, minimum):
            continue
        intelligence.append(report)
        for pid in dict.fromkeys(report.person_ids):
            intel_by_person[pid].append(report)

    episodes: list[EpisodeEvidence] = []
    episodes_by_person: defaultdict[str, list[EpisodeEvidence]] = defaultdict(list)
    history: defaultdict[str, list[EpisodeEvidence]] = defaultdict(list)
    for episode in evidence.episodes:
        if agency_set is not None and episode.agency not in agency_set:
            continue
        if episode.reported_missing_at > window_end:
            continue
        history[episode.person_id].append(episode)
        if episode.returned_at is not None and episode.returned_at <= start:
            continue
        episodes.append(episode)
        episodes_by_person[episode.person_id].append(episode)
    for items in history.values():
        items.sort(key=lambda e: e.reported_missing_at)

    for pid in intel_by_person:
        if pid not in persons:
            persons[pid] = PersonNode(person_id=pid)
    for episode in episodes:
        for pid in (episode.person_id, *episode.missing_with):
            if pid not in persons:
                persons[pid] = PersonNode(person_id=pid)

    return Selection(
        window_start=start,
        window_end=window_end,
        persons=persons,
        locations=locations,
        intelligence=intelligence,
        episodes=episodes,
        intel_by_person=dict(intel_by_person),
        episodes_by_person=dict(episodes_by_person),
        history=dict(history),
        filters={
            "window_days": window_days,
            "agencies": sorted(agency_set) if agency_set is not None else None,
            "categories": sorted(category_set) if category_set is not None else None,
            "min_grading": min_grading,
        },
    )
