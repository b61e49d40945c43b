"""Missing-episode records of several agencies put together into one episode per absence.

The rule (defined for readers in ``docs/kpis.md``): records are one episode when they are of
the same child after resolution (the same ``Person``), of the same kind of absence (missing or
away), held by different agencies, and their periods overlap. A record with only a date stands
for the whole day (UK time), never for midnight; a record without a return stands for its start
only. Records of different children are never put together, whatever their dates of birth:
making two people one is the practice lead's decision (``services/resolve.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from networkx.utils import UnionFind

from cseboard.models.evidence import EpisodeRow
from cseboard.models.values import LONDON, day_start

__all__ = ["Episode", "Timing", "group_episodes", "interview_timing", "uk_day"]

Timing = Literal["within", "late", "unknown"]


def uk_day(moment: datetime) -> date:
    """The UK calendar day of a moment.

    Examples
    --------
    >>> from datetime import UTC
    >>> uk_day(datetime(2025, 6, 30, 23, 30, tzinfo=UTC))
    datetime.date(2025, 7, 1)
    """
    return moment.astimezone(LONDON).date()


def _span(moment: datetime, date_only: bool) -> tuple[datetime, datetime]:
    """The earliest and latest moment a recorded value may stand for."""
    if not date_only:
        return moment, moment
    day = uk_day(moment)
    return day_start(day), day_start(day + timedelta(days=1)) - timedelta(microseconds=1)


@dataclass(frozen=True)
class Episode:
    """One absence of one child, put together from the records of every agency that holds it.

    Attributes
    ----------
    key: the smallest record id of the episode (stable whatever the order of reading).
    child: the child's ``person_id`` (``episode:<record id>`` for a record naming nobody known).
    absence: ``missing`` or ``away``.
    reported: the earliest start (a day's UK midnight when only dates were recorded).
    returned: the earliest recorded return; ``None`` while no record has one (still missing).
    offered_at: the earliest offer time; ``offered`` is true for any recorded offer, with or
        without a time (a completed or declined interview was offered).
    records: the record ids the episode was built from; ``agencies`` their holders.
    """

    key: str
    child: str
    absence: Literal["missing", "away"]
    reported: datetime
    reported_date_only: bool
    returned: datetime | None
    returned_date_only: bool
    offered: bool
    offered_at: datetime | None
    offered_date_only: bool
    completed: bool
    declined: bool
    in_cohort: bool
    records: tuple[str, ...]
    agencies: frozenset[str]

    @property
    def still_missing(self) -> bool:
        return self.returned is None


def interview_timing(episode: Episode, due: timedelta) -> Timing | None:
    """Whether the interview was offered within ``due`` of the return: ``None`` when the child
    has not returned or no offer is recorded; ``unknown`` when the recorded times cannot tell
    (an offer without a time, or a date-only offer or return on the boundary day).

    Examples
    --------
    >>> from datetime import UTC
    >>> back = datetime(2025, 3, 3, 10, tzinfo=UTC)
    >>> e = Episode("a/1", "P-1", "missing", back, False, back, False, True,
    ...             back + timedelta(hours=80), False, False, False, False, ("a/1",),
    ...             frozenset({"a"}))
    >>> interview_timing(e, timedelta(hours=72))
    'late'
    """
    if episode.returned is None or not episode.offered:
        return None
    if episode.offered_at is None:
        return "unknown"
    offer_first, offer_last = _span(episode.offered_at, episode.offered_date_only)
    back_first, back_last = _span(episode.returned, episode.returned_date_only)
    if offer_last <= back_first + due:
        return "within"
    if offer_first > back_last + due:
        return "late"
    return "unknown"


def _child(row: EpisodeRow) -> str:
    return row.person_id or f"episode:{row.episode_id}"


def _period(row: EpisodeRow) -> tuple[datetime, datetime]:
    first, start_last = _span(row.reported_missing_at, row.reported_date_only)
    if row.returned_at is None:
        return first, start_last
    _, last = _span(row.returned_at, row.returned_date_only)
    return first, max(last, start_last)


def _distance(a: EpisodeRow, b: EpisodeRow) -> float:
    """How far apart two overlapping records start: in days when either has only a date."""
    if a.reported_date_only or b.reported_date_only:
        days = abs((uk_day(a.reported_missing_at) - uk_day(b.reported_missing_at)).days)
        return days * 86_400.0
    return abs((a.reported_missing_at - b.reported_missing_at).total_seconds())


def _earliest(
    values: list[tuple[datetime, bool]],
) -> tuple[datetime | None, bool]:
    """The earliest value, a timed one preferred to a date-only one of the same day."""
    if not values:
        return None, False
    timed = [v for v, date_only in values if not date_only]
    dated = [v for v, date_only in values if date_only]
    if timed and (not dated or uk_day(min(timed)) <= uk_day(min(dated))):
        return min(timed), False
    return min(dated), True


def _episode(members: list[EpisodeRow]) -> Episode:
    members = sorted(members, key=lambda r: r.episode_id)
    starts = [(r.reported_missing_at, r.reported_date_only) for r in members]
    reported, reported_date_only = _earliest(starts)
    assert reported is not None
    returned, returned_date_only = _earliest(
        [(r.returned_at, r.returned_date_only) for r in members if r.returned_at is not None]
    )
    offered_at, offered_date_only = _earliest(
        [(r.rhi_offered_at, r.rhi_offered_date_only) for r in members if r.rhi_offered_at]
    )
    completed = any(r.rhi_completed_at is not None for r in members)
    declined = any(bool(r.rhi_declined) for r in members) and not completed
    return Episode(
        key=members[0].episode_id,
        child=_child(members[0]),
        absence=members[0].absence,
        reported=reported,
        reported_date_only=reported_date_only,
        returned=returned,
        returned_date_only=returned_date_only,
        offered=offered_at is not None
        or completed
        or declined
        or any(bool(r.rhi_offered) for r in members),
        offered_at=offered_at,
        offered_date_only=offered_date_only,
        completed=completed,
        declined=declined,
        in_cohort=any(r.in_cohort for r in members),
        records=tuple(r.episode_id for r in members),
        agencies=frozenset(r.agency for r in members),
    )


def group_episodes(rows: Sequence[EpisodeRow]) -> list[Episode]:
    """One episode per absence: records of the same child and kind of absence, held by
    different agencies, whose periods overlap (see the module docstring).

    Pairs are joined closest start first, and never so that one episode holds two records of
    one agency (an agency records an absence once): a council record of a day on which police
    recorded two absences joins the one that starts that day.

    Examples
    --------
    >>> from datetime import UTC
    >>> def row(ref, agency, person, start, end=None, date_only=False, absence="missing"):
    ...     return EpisodeRow(ref, agency, person, start, end, None, None, None, None, False,
    ...                       absence, date_only, date_only)
    >>> evening = datetime(2025, 3, 4, 20, tzinfo=UTC)
    >>> midnight = datetime(2025, 3, 4, tzinfo=UTC)
    >>> found = [row("police/1", "police", "P-1", evening, evening + timedelta(hours=9)),
    ...          row("csc/9", "csc", "P-1", midnight, midnight + timedelta(days=1), True),
    ...          row("csc/8", "csc", "P-2", midnight, None, True)]
    >>> [(e.child, e.records) for e in group_episodes(found)]
    [('P-2', ('csc/8',)), ('P-1', ('csc/9', 'police/1'))]
    """
    by_child: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        by_child[(_child(row), row.absence)].append(index)
    sets = UnionFind(range(len(rows)))
    agencies: dict[int, set[str]] = {i: {r.agency} for i, r in enumerate(rows)}
    for indices in by_child.values():
        if len(indices) < 2:
            continue
        periods = {i: _period(rows[i]) for i in indices}
        pairs: list[tuple[float, str, str, int, int]] = []
        for x, i in enumerate(indices):
            for j in indices[x + 1 :]:
                a, b = rows[i], rows[j]
                if a.agency == b.agency:
                    continue
                (a_first, a_last), (b_first, b_last) = periods[i], periods[j]
                if a_first <= b_last and b_first <= a_last:
                    low, high = sorted((a.episode_id, b.episode_id))
                    pairs.append((_distance(a, b), low, high, i, j))
        for _, _, _, i, j in sorted(pairs):
            root_i, root_j = sets[i], sets[j]
            if root_i == root_j or agencies[root_i] & agencies[root_j]:
                continue
            sets.union(i, j)
            agencies[sets[i]] = agencies[root_i] | agencies[root_j]
    groups: dict[int, list[EpisodeRow]] = defaultdict(list)
    for index, row in enumerate(rows):
        groups[sets[index]].append(row)
    episodes = [_episode(members) for members in groups.values()]
    return sorted(episodes, key=lambda e: (e.reported, e.child, e.key))
