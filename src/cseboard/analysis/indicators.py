"""Per young person facts with their sources: missing counts, adults linked, places, RHI."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

import networkx as nx

from cseboard.analysis.selection import Selection
from cseboard.models.analysis import Indicator, PersonIndicators
from cseboard.models.evidence import EpisodeEvidence

__all__ = ["INDICATOR_NAMES", "indicators"]

INDICATOR_NAMES: tuple[str, ...] = (
    "missing_30_days",
    "missing_90_days",
    "repeat_missing",
    "missing_now",
    "associates_linked",
    "hotspots_visited",
    "rhi_offered_in_time",
    "rhi_completed",
    "rhi_declined",
)
"""The indicators computed for every young person, in order. None is a score."""


def _edge_ids(G: nx.Graph, a: str, b: str) -> set[str]:
    return {i for ev in G[a][b].get("evidence", ()) for i in ev.ids}


def indicators(
    G: nx.Graph,
    B: nx.Graph,
    evidence: Selection,
    *,
    hotspot_places: Collection[str] = (),
    people: Collection[str] | None = None,
    repeat_count: int = 3,
    repeat_days: int = 90,
    rhi_due_hours: int = 72,
) -> list[PersonIndicators]:
    """Facts about each young person, each with the records it counts.

    Parameters
    ----------
    G : networkx.Graph
        Person graph of the window.
    B : networkx.Graph
        Person–place graph of the window.
    evidence : Selection
        The window's evidence; missing counts look back from its ``window_end`` over all the
        person's episodes, whatever the window length.
    hotspot_places : collection of str
        Place ids of the run's hotspots.
    people : collection of str, optional
        Whom to compute for; default every person whose role is ``young_person``.
    repeat_count, repeat_days : int, default 3 and 90
        Repeat missing: at least ``repeat_count`` episodes reported in the ``repeat_days`` up
        to the window end (areas use 3 in 90 or 3 in 30).
    rhi_due_hours : int, default 72
        A return home interview should be offered within this many hours of return.

    Returns
    -------
    list of PersonIndicators
        By person id; indicators in the order of :data:`INDICATOR_NAMES`. They are listed
        side by side and never combined: the board gives no risk score, a person sets the level.

    Examples
    --------
    >>> from datetime import UTC, datetime, timedelta
    >>> from cseboard.analysis.projection import person_graph, person_location_graph
    >>> from cseboard.analysis.selection import select
    >>> from cseboard.models.evidence import EpisodeEvidence, EvidenceSet, PersonNode
    >>> end = datetime(2024, 5, 31, tzinfo=UTC)
    >>> eps = [EpisodeEvidence(episode_id=f"police/M-{d}", agency="police", person_id="G-1",
    ...     reported_missing_at=end - timedelta(days=d),
    ...     returned_at=end - timedelta(days=d - 1)) for d in (5, 20, 60)]
    >>> sel = select(EvidenceSet(persons=[PersonNode(person_id="G-1", role="young_person")],
    ...     episodes=eps), window_end=end)
    >>> [p] = indicators(person_graph(sel), person_location_graph(sel), sel)
    >>> m30 = p.get("missing_30_days")
    >>> m30.value, m30.source_ids, p.get("repeat_missing").value
    (2, ['police/M-20', 'police/M-5'], True)
    >>> p.get("rhi_offered_in_time").value, p.get("rhi_offered_in_time").source_ids
    (False, ['police/M-5'])
    """
    end = evidence.window_end
    if people is None:
        targets = sorted(pid for pid, p in evidence.persons.items() if p.role == "young_person")
    else:
        targets = sorted(set(people))
    hotspot_set = set(hotspot_places)
    result: list[PersonIndicators] = []
    for pid in targets:
        history = evidence.history.get(pid, [])
        items = [
            _missing_count(history, end, 30, "missing_30_days"),
            _missing_count(history, end, 90, "missing_90_days"),
            _repeat(history, end, repeat_count, repeat_days),
            _missing_now(history),
            _associates(G, pid),
            _hotspots(B, pid, hotspot_set),
            *_rhi(history, end, rhi_due_hours),
        ]
        result.append(PersonIndicators(person_id=pid, as_of=end, indicators=items))
    return result


def _within(history: list[EpisodeEvidence], end: datetime, days: int) -> list[EpisodeEvidence]:
    start = end - timedelta(days=days)
    return [e for e in history if start < e.reported_missing_at <= end]


def _missing_count(
    history: list[EpisodeEvidence], end: datetime, days: int, name: str
) -> Indicator:
    episodes = _within(history, end, days)
    return Indicator(
        name=name,
        value=len(episodes),
        source_ids=sorted(e.episode_id for e in episodes),
        detail=f"missing episodes reported in the {days} days to {end.date().isoformat()}",
    )


def _repeat(history: list[EpisodeEvidence], end: datetime, count: int, days: int) -> Indicator:
    episodes = _within(history, end, days)
    return Indicator(
        name="repeat_missing",
        value=len(episodes) >= count,
        source_ids=sorted(e.episode_id for e in episodes),
        detail=f"{count} or more missing episodes in the {days} days to "
        f"{end.date().isoformat()} ({len(episodes)} recorded)",
    )


def _missing_now(history: list[EpisodeEvidence]) -> Indicator:
    open_episodes = [e for e in history if e.returned_at is None]
    return Indicator(
        name="missing_now",
        value=bool(open_episodes),
        source_ids=sorted(e.episode_id for e in open_episodes),
        detail="an episode with no return recorded",
    )


def _associates(G: nx.Graph, pid: str) -> Indicator:
    adults: list[str] = []
    sources: set[str] = set()
    if pid in G:
        for n in G[pid]:
            if G.nodes[n].get("role") == "associate":
                adults.append(n)
                sources |= _edge_ids(G, pid, n)
    return Indicator(
        name="associates_linked",
        value=len(adults),
        source_ids=sorted(sources),
        related_ids=sorted(adults),
        detail="associates linked directly in the window (E-graded reports never link)",
    )


def _hotspots(B: nx.Graph, pid: str, hotspot_places: set[str]) -> Indicator:
    places: list[str] = []
    sources: set[str] = set()
    if pid in B:
        for place in B[pid]:
            if place in hotspot_places:
                places.append(place)
                sources |= _edge_ids(B, pid, place)
    return Indicator(
        name="hotspots_visited",
        value=len(places),
        source_ids=sorted(sources),
        related_ids=sorted(places),
        detail="hotspots the window's records place the young person at",
    )


def _rhi(history: list[EpisodeEvidence], end: datetime, due_hours: int) -> list[Indicator]:
    returned = [e for e in history if e.returned_at is not None and e.returned_at <= end]
    if not returned:
        detail = "no return from a missing episode recorded"
        return [
            Indicator(name=name, value=None, detail=detail)
            for name in ("rhi_offered_in_time", "rhi_completed", "rhi_declined")
        ]
    last = max(returned, key=lambda e: (e.returned_at or e.reported_missing_at, e.episode_id))
    assert last.returned_at is not None
    source = [last.episode_id]
    when = last.returned_at.date().isoformat()
    due = last.returned_at + timedelta(hours=due_hours)
    offered = last.rhi_offered_at if last.rhi_offered_at and last.rhi_offered_at <= end else None
    in_time: bool | None
    if offered is not None:
        in_time = offered <= due
        how = f"offered {offered.date().isoformat()}"
    elif last.rhi_offered:
        in_time = None
        how = "offered, date not recorded"
    elif end < due:
        in_time = None
        how = "not offered yet, not yet due"
    else:
        in_time = False
        how = "not offered"
    completed = last.rhi_completed_at is not None and last.rhi_completed_at <= end
    return [
        Indicator(
            name="rhi_offered_in_time",
            value=in_time,
            source_ids=source,
            detail=f"return home interview for the return on {when} offered within "
            f"{due_hours} hours ({how})",
        ),
        Indicator(
            name="rhi_completed",
            value=completed,
            source_ids=source,
            detail=f"return home interview completed for the return on {when}",
        ),
        Indicator(
            name="rhi_declined",
            value=last.rhi_declined,
            source_ids=source,
            detail=f"return home interview declined for the return on {when} (blank: not recorded)",
        ),
    ]
