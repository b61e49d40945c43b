"""Missing-episode records of several agencies put together into one episode per absence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime

from networkx.utils import UnionFind

from cseboard.models.evidence import EpisodeRow

__all__ = ["Episode", "group_episodes", "loose_dob"]


@dataclass(frozen=True)
class Episode:
    """One episode after records of it from several agencies are put together."""

    child: str
    reported: datetime
    returned: datetime | None
    offered: bool
    offered_at: datetime | None
    completed: bool
    declined: bool
    in_cohort: bool
    records: tuple[str, ...] = ()
    """The agency records (episode ids) put together into this episode."""


def loose_dob(dob: str) -> str:
    """A date of birth with day and month in either order (a common transposition).

    Examples
    --------
    >>> loose_dob("2012-09-11") == loose_dob("2012-11-09")
    True
    """
    year, _, rest = dob.partition("-")
    return year + "-" + "-".join(sorted(rest.split("-")))


def _child_ref(row: EpisodeRow) -> str:
    return row.person_id or f"episode:{row.episode_id}"


def _canonical(sets: UnionFind) -> dict[Hashable, Hashable]:
    """Each element → the smallest member of its set (by text): stable whatever the order."""
    return {m: min(group, key=str) for group in sets.to_sets() for m in group}


def group_episodes(rows: Sequence[EpisodeRow]) -> list[Episode]:
    """Records of one child reported missing in the same minute are one episode.

    "One child" is the same person (people confirmed as the same by the practice lead are one
    node) or, across agencies whose records are not merged yet, the same date of birth (day
    and month in either order); a record without one joins the only dated child of that
    minute. The children of merged episodes are one child for the distinct-children counts.
    This only counts: it never merges people (that stays the practice lead's decision).
    """
    records = UnionFind(range(len(rows)))
    first_seen: dict[tuple[str, datetime, str], int] = {}
    by_minute: dict[datetime, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        minute = row.reported_missing_at.replace(second=0, microsecond=0)
        by_minute[minute].append(index)
        keys = [("person", minute, _child_ref(row))]
        if row.dob:
            keys.append(("dob", minute, loose_dob(row.dob)))
        for key in keys:
            if key in first_seen:
                records.union(index, first_seen[key])
            else:
                first_seen[key] = index
    # A record without a date of birth joins the only child with one reported that minute.
    for indices in by_minute.values():
        dated = {records[i] for i in indices if rows[i].dob}
        if len(dated) == 1:
            (root,) = dated
            for i in indices:
                if not rows[i].dob:
                    records.union(i, root)
    groups: dict[Hashable, list[EpisodeRow]] = defaultdict(list)
    for index, row in enumerate(rows):
        groups[records[index]].append(row)
    children = UnionFind(_child_ref(r) for r in rows)
    for members in groups.values():
        children.union(*(_child_ref(r) for r in members))
    child_of = _canonical(children)
    episodes = []
    for members in groups.values():
        returned = [r.returned_at for r in members if r.returned_at is not None]
        offered_at = [r.rhi_offered_at for r in members if r.rhi_offered_at is not None]
        completed = any(r.rhi_completed_at is not None for r in members)
        declined = any(bool(r.rhi_declined) for r in members)
        episodes.append(
            Episode(
                child=str(child_of[_child_ref(members[0])]),
                reported=min(r.reported_missing_at for r in members),
                returned=min(returned) if returned else None,
                offered=bool(offered_at)
                or completed
                or declined
                or any(bool(r.rhi_offered) for r in members),
                offered_at=min(offered_at) if offered_at else None,
                completed=completed,
                declined=declined and not completed,
                in_cohort=any(r.in_cohort for r in members),
                records=tuple(sorted(r.episode_id for r in members)),
            )
        )
    return sorted(episodes, key=lambda e: (e.reported, e.child))
