"""Projection of an evidence window onto a person graph and a person–place graph."""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, NamedTuple

import networkx as nx

from cseboard.analysis.selection import Selection, grading_weight, select
from cseboard.models.analysis import AnalysisParams
from cseboard.models.evidence import EpisodeEvidence, EvidenceSet, IntelligenceEvidence

__all__ = [
    "COLOCATION_WEIGHT",
    "LINK_KINDS",
    "MIN_LINK_WEIGHT",
    "OVERLAP_WEIGHT",
    "RECORD_GRADING",
    "RECORD_WEIGHT",
    "EdgeEvidence",
    "MissingOverlap",
    "Projection",
    "bulk_allocation",
    "person_graph",
    "person_location_graph",
    "project",
    "strong_links",
]

MissingOverlap = Literal["off", "same_place", "any"]

LINK_KINDS: tuple[str, ...] = (
    "same_report",
    "shared_phone",
    "shared_vehicle",
    "shared_account",
    "colocation",
    "missing_with",
    "missing_together",
    "missing_overlap",
)
"""Every ``kind`` an :class:`EdgeEvidence` of the person graph can have."""

RECORD_WEIGHT = 1.0
"""Weight of a missing-episode record (a recorded fact, not graded intelligence)."""

OVERLAP_WEIGHT = 0.2
"""Weight of two missing periods merely overlapping: a weak signal, coincidence is common.

Below :data:`MIN_LINK_WEIGHT`, so an overlap alone never puts two children in one cluster."""

COLOCATION_WEIGHT = 0.25
"""Share of the grading weight that co-location carries (default of ``colocation_weight``).

Two separate reports placing two people at the same place within days is circumstantial:
at region scale almost all such pairs are strangers (a shop, a park, a school gate). One
co-location of even two 1A reports therefore weighs 0.25, below :data:`MIN_LINK_WEIGHT`; it
takes co-location at two places, or co-location plus other evidence, to make a strong link."""

MIN_LINK_WEIGHT = 0.3
"""Default weight a link needs to be *strong*: to count in clusters, roles and new-link alerts.

One report from a source graded 1 or 2 naming both people (1A-2C, weights 1.0-0.36) is
enough; one report from a source graded 3 (not reliable) or assessed D is not (0.12-0.24),
two are. Weaker links stay in the graph for explanation."""

RECORD_GRADING = "record"
"""What :attr:`EdgeEvidence.grading` says for evidence from missing-episode records."""

_DAY = 86_400.0


@contextmanager
def bulk_allocation() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building large acyclic structures.

    Building a region-scale graph allocates millions of small tuples and dicts; the collector
    would repeatedly scan them all (about half the build time) although they form no cycles.
    It is re-enabled afterwards if it was enabled.

    Examples
    --------
    >>> import gc
    >>> with bulk_allocation():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class EdgeEvidence(NamedTuple):
    """One piece of evidence on an edge (a tuple, so a region-scale graph stays light).

    Attributes
    ----------
    kind : str
        One of :data:`LINK_KINDS` (person graph) or ``intelligence`` / ``missing_found``
        (person–place graph).
    ids : tuple of str
        The intelligence and episode ids behind it.
    grading : str
        Grading of the weakest record it needs (it sets the weight), or ``record``.
    weight : float
        Contribution to the edge weight.
    when : datetime
        When the evidence first supported the link.
    last : datetime
        Its latest record.
    detail : str or None
        The phone, vehicle, account, place or location involved; the category for a report.
    """

    kind: str
    ids: tuple[str, ...]
    grading: str
    weight: float
    when: datetime
    last: datetime
    detail: str | None


# (timestamp, time, person, record id, weight, grading, missing start ts, missing end ts)
_Sighting = tuple[float, datetime, str, str, float, str, float | None, float | None]
# (report ids, best weight, grading of best, first time, last time)
_Side = tuple[set[str], float, str, datetime, datetime]


class _Pair:
    """Co-location evidence of two people at one place, merged over all matching sightings."""

    __slots__ = ("first", "g_a", "g_b", "ids", "last", "w_a", "w_b")

    def __init__(self, when: datetime) -> None:
        self.ids: set[str] = set()
        self.w_a = -1.0
        self.g_a = ""
        self.w_b = -1.0
        self.g_b = ""
        self.first = when
        self.last = when

    def add(self, mine: _Sighting, theirs: _Sighting, when: datetime) -> None:
        self.ids.add(mine[3])
        self.ids.add(theirs[3])
        if mine[4] > self.w_a:
            self.w_a, self.g_a = mine[4], mine[5]
        if theirs[4] > self.w_b:
            self.w_b, self.g_b = theirs[4], theirs[5]
        if when < self.first:
            self.first = when
        if when > self.last:
            self.last = when

    def evidence(self, place: str, factor: float) -> EdgeEvidence:
        weight, grading = (self.w_a, self.g_a) if self.w_a <= self.w_b else (self.w_b, self.g_b)
        return EdgeEvidence(
            "colocation",
            tuple(sorted(self.ids)),
            grading,
            round(factor * weight, 6),
            self.first,
            self.last,
            place,
        )


class _Links:
    """Evidence accumulated per unordered person pair (key: the two ids, smaller first)."""

    def __init__(self) -> None:
        self.edges: defaultdict[tuple[str, str], list[EdgeEvidence]] = defaultdict(list)

    def add(self, a: str, b: str, evidence: EdgeEvidence) -> None:
        self.edges[(a, b) if a < b else (b, a)].append(evidence)


def _selection(
    evidence: EvidenceSet | Selection,
    window_end: datetime | None,
    window_days: int,
    agencies: Collection[str] | None,
    categories: Collection[str] | None,
    min_grading: str | None,
) -> Selection:
    if isinstance(evidence, Selection):
        if window_end is not None or agencies or categories or min_grading:
            raise ValueError("a Selection already has its window and filters; pass none")
        return evidence
    if window_end is None:
        raise ValueError("window_end is required with an EvidenceSet")
    return select(
        evidence,
        window_end=window_end,
        window_days=window_days,
        agencies=agencies,
        categories=categories,
        min_grading=min_grading,
    )


def person_graph(
    evidence: EvidenceSet | Selection,
    *,
    window_end: datetime | None = None,
    window_days: int = 365,
    agencies: Collection[str] | None = None,
    categories: Collection[str] | None = None,
    min_grading: str | None = None,
    colocation_days: int = 7,
    max_colocation_group: int = 25,
    max_object_group: int = 50,
    missing_overlap: MissingOverlap = "same_place",
    colocation_weight: float = COLOCATION_WEIGHT,
    min_link_weight: float = MIN_LINK_WEIGHT,
    min_link_records: int = 1,
) -> nx.Graph:
    """Link people by the evidence of one window.

    People are linked when, within the window, they are

    - named in the same intelligence report (``same_report``);
    - named in reports mentioning the same phone, vehicle or online account
      (``shared_phone``, ``shared_vehicle``, ``shared_account``);
    - placed at the same place (location records grouped by their resolved ``place_id``)
      within ``colocation_days`` of each other by different reports or missing episodes'
      found-at locations (``colocation``);
    - recorded as missing with each other (``missing_with``), missing at overlapping times and
      found at the same place (``missing_together``), or, with ``missing_overlap="any"``,
      missing at overlapping times at all (``missing_overlap``).

    Reports assessed E build no link (they stay in the evidence listings elsewhere). Every
    link is kept for explanation, but only *strong* links (``weight`` at least
    ``min_link_weight`` from at least ``min_link_records`` records) count in clusters, roles
    and new-link alerts (:func:`strong_links`).

    Parameters
    ----------
    evidence : EvidenceSet or Selection
        The store read, or a :class:`~cseboard.analysis.selection.Selection` already made
        from it (then pass no window or filter arguments).
    window_end : datetime
        End of the window (timezone-aware); required with an ``EvidenceSet``.
    window_days : int, default 365
        Length of the window; evidence outside it is ignored.
    agencies, categories : collection of str, optional
        Keep only evidence of these agencies / reports of these categories.
    min_grading : str, optional
        E.g. ``"2C"``: only reports with source ≤ 2 and assessment ≤ C.
    colocation_days : int, default 7
        Largest gap between two sightings at a place that still links the people.
    max_colocation_group : int, default 25
        Sightings are bucketed by place and period of ``colocation_days``; a bucket with more
        distinct people than this (a school, a station, a busy shopping centre) links none of
        them, because a clique of hundreds says nothing about exploitation. Skipped buckets are
        listed in ``G.graph["crowded_places"]``. The same cap limits concurrent missing
        episodes at one place (and overall with ``missing_overlap="any"``).
    max_object_group : int, default 50
        A phone, vehicle or account mentioned with more people than this links none of them
        (listed in ``G.graph["crowded_objects"]``).
    missing_overlap : {"same_place", "any", "off"}, default "same_place"
        Which overlapping missing episodes link (``missing_with`` always links). ``any`` is
        noisy at region scale: dozens of children are missing on any given night.
    colocation_weight : float, default :data:`COLOCATION_WEIGHT`
        Co-location evidence weighs this share of the weaker side's grading weight.
    min_link_weight : float, default :data:`MIN_LINK_WEIGHT`
        Smallest ``weight`` of a strong link.
    min_link_records : int, default 1
        Fewest distinct records (reports and episodes) behind a strong link.

    Returns
    -------
    networkx.Graph
        Nodes are person ids with ``role``, ``risk_level``, ``pseudonym`` and ``label``.
        Edges carry ``evidence`` (list of :class:`EdgeEvidence`, oldest first), ``kinds``
        (sorted list), ``first_seen``, ``last_seen``, ``weight`` (sum of evidence weights, see
        :func:`~cseboard.analysis.selection.grading_weight`), ``distance`` (1/weight),
        ``records`` (distinct records behind it) and ``strong`` (bool, see above).
        ``G.graph`` holds the window, the parameters and the skipped crowded groups.

    Notes
    -----
    Evidence needing two records (shared objects, co-location) is one item per pair, object or
    place, listing all the records; its weight is that of the weaker side's best record
    (times ``colocation_weight`` for co-location). Repetition adds up: every report naming
    both people, every shared object and every place of co-location is one more item.
    Missing-episode records weigh :data:`RECORD_WEIGHT`, a mere overlap :data:`OVERLAP_WEIGHT`.
    Time is linear in the number of mentions plus the pairs produced; no bucket is larger than
    the caps, so no quadratic loop runs over a big group.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> from cseboard.models.evidence import EvidenceSet, IntelligenceEvidence
    >>> day = datetime(2024, 5, 1, tzinfo=UTC)
    >>> report = IntelligenceEvidence(intel_id="police/I-1", agency="police",
    ...     reported_at=day, category="sighting", source_evaluation="2",
    ...     intelligence_assessment="B", grading="2BP", person_ids=["P-1", "P-2"])
    >>> G = person_graph(EvidenceSet(intelligence=[report]), window_end=day)
    >>> G["P-1"]["P-2"]["weight"], G["P-1"]["P-2"]["kinds"]
    (0.48, ['same_report'])
    >>> G["P-1"]["P-2"]["evidence"][0].ids, G["P-1"]["P-2"]["strong"]
    (('police/I-1',), True)
    """
    if colocation_days < 1:
        raise ValueError("colocation_days must be at least 1")
    if max_colocation_group < 2 or max_object_group < 2:
        raise ValueError("group caps must be at least 2")
    if not 0.0 < colocation_weight <= 1.0:
        raise ValueError("colocation_weight must be in (0, 1]")
    if min_link_weight < 0 or min_link_records < 1:
        raise ValueError("min_link_weight must be >= 0 and min_link_records >= 1")
    sel = _selection(evidence, window_end, window_days, agencies, categories, min_grading)
    with bulk_allocation():
        return _person_graph(
            sel,
            colocation_days=colocation_days,
            max_colocation_group=max_colocation_group,
            max_object_group=max_object_group,
            missing_overlap=missing_overlap,
            colocation_weight=colocation_weight,
            min_link_weight=min_link_weight,
            min_link_records=min_link_records,
        )


def _person_graph(
    sel: Selection,
    *,
    colocation_days: int,
    max_colocation_group: int,
    max_object_group: int,
    missing_overlap: MissingOverlap,
    colocation_weight: float,
    min_link_weight: float,
    min_link_records: int,
) -> nx.Graph:
    linking = sel.linking
    weights = {
        r.intel_id: grading_weight(r.source_evaluation, r.intelligence_assessment) for r in linking
    }
    links = _Links()
    crowded_places: list[dict[str, object]] = []
    crowded_objects: list[dict[str, object]] = []
    _co_mentions(links, linking, weights)
    _shared_objects(links, linking, weights, max_object_group, crowded_objects)
    sightings = _sightings(sel, linking, weights)
    _colocations(
        links,
        sightings,
        colocation_days=colocation_days,
        cap=max_colocation_group,
        skip_overlapping_episodes=missing_overlap != "off",
        crowded=crowded_places,
        factor=colocation_weight,
    )
    crowded_missing = _missing_links(links, sel, mode=missing_overlap, cap=max_colocation_group)

    G = nx.Graph(
        window_start=sel.window_start,
        window_end=sel.window_end,
        filters=dict(sel.filters),
        colocation_days=colocation_days,
        max_colocation_group=max_colocation_group,
        max_object_group=max_object_group,
        missing_overlap=missing_overlap,
        colocation_weight=colocation_weight,
        min_link_weight=min_link_weight,
        min_link_records=min_link_records,
        crowded_places=crowded_places,
        crowded_objects=crowded_objects,
        crowded_missing_episodes=crowded_missing,
    )
    G.add_nodes_from(
        (
            pid,
            {
                "role": p.role,
                "risk_level": p.risk_level,
                "pseudonym": p.pseudonym,
                "label": p.label,
            },
        )
        for pid, p in sel.persons.items()
    )
    G.add_edges_from(_edge_rows(links.edges, min_link_weight, min_link_records))
    return G


def _edge_rows(
    edges: dict[tuple[str, str], list[EdgeEvidence]],
    min_weight: float,
    min_records: int,
) -> Iterable[tuple[str, str, dict[str, object]]]:
    for (a, b), items in edges.items():
        if len(items) == 1:
            only = items[0]
            records = len(only.ids)
            yield (
                a,
                b,
                {
                    "evidence": items,
                    "kinds": [only.kind],
                    "first_seen": only.when,
                    "last_seen": only.last,
                    "weight": only.weight,
                    "distance": 1.0 / only.weight,
                    "records": records,
                    "strong": only.weight >= min_weight and records >= min_records,
                },
            )
            continue
        items.sort(key=lambda e: (e.when, e.kind, e.ids))
        weight = round(sum(e.weight for e in items), 6)
        records = len({i for e in items for i in e.ids})
        yield (
            a,
            b,
            {
                "evidence": items,
                "kinds": sorted({e.kind for e in items}),
                "first_seen": items[0].when,
                "last_seen": max(e.last for e in items),
                "weight": weight,
                "distance": 1.0 / weight,
                "records": records,
                "strong": weight >= min_weight and records >= min_records,
            },
        )


def strong_links(
    G: nx.Graph,
    *,
    min_weight: float | None = None,
    min_records: int | None = None,
) -> nx.Graph:
    """The people and links strong enough to group people (clusters, roles, alerts).

    A light copy of the person graph: only links with ``weight >= min_weight`` backed by at
    least ``min_records`` distinct records, and only people with such a link. Edges keep
    ``weight``, ``distance``, ``first_seen``, ``records`` and (shared, not copied) ``evidence``
    and ``kinds``; nodes keep their attributes. Everything weaker stays in ``G``, where it
    explains links and memberships.

    Parameters
    ----------
    G : networkx.Graph
        Person graph from :func:`person_graph`.
    min_weight, min_records : optional
        Default: the values ``G`` was built with (``G.graph["min_link_weight"]`` and
        ``G.graph["min_link_records"]``), else :data:`MIN_LINK_WEIGHT` and 1.

    Returns
    -------
    networkx.Graph
        ``H.graph`` has ``min_link_weight``, ``min_link_records`` and ``weak_links`` (how many
        links of ``G`` were left out).

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> from cseboard.models.evidence import EvidenceSet, IntelligenceEvidence
    >>> day = datetime(2024, 5, 1, tzinfo=UTC)
    >>> def seen(n, people, grade):
    ...     return IntelligenceEvidence(intel_id=f"police/I-{n}", agency="police",
    ...         reported_at=day, category="sighting", source_evaluation=grade[0],
    ...         intelligence_assessment=grade[1], grading=grade + "P", person_ids=people)
    >>> G = person_graph(EvidenceSet(intelligence=[seen(1, ["A", "B"], "1A"),
    ...     seen(2, ["B", "C"], "3C")]), window_end=day)
    >>> H = strong_links(G)
    >>> sorted(H.edges), H.graph["weak_links"], sorted(strong_links(G, min_weight=0.1))
    ([('A', 'B')], 1, ['A', 'B', 'C'])
    """
    _require_undirected(G)
    weight_at_least = float(
        min_weight if min_weight is not None else G.graph.get("min_link_weight", MIN_LINK_WEIGHT)
    )
    records_at_least = int(
        min_records if min_records is not None else G.graph.get("min_link_records", 1)
    )
    use_flag = min_weight is None and min_records is None
    with bulk_allocation():
        rows: list[tuple[str, str, dict[str, object]]] = []
        total = 0
        for a, neighbours in G.adj.items():
            for b, d in neighbours.items():
                if b < a:
                    continue
                total += 1
                strong = d.get("strong") if use_flag else None
                if strong is None:
                    strong = (
                        float(d.get("weight", 1.0)) >= weight_at_least
                        and int(d.get("records", 1)) >= records_at_least
                    )
                if not strong:
                    continue
                weight = d.get("weight", 1.0)
                rows.append(
                    (
                        a,
                        b,
                        {
                            "weight": weight,
                            "distance": d.get("distance", 1.0 / float(weight or 1.0)),
                            "first_seen": d.get("first_seen"),
                            "records": d.get("records", 1),
                            "kinds": d.get("kinds", []),
                            "evidence": d.get("evidence", []),
                        },
                    )
                )
        H = nx.Graph(
            window_start=G.graph.get("window_start"),
            window_end=G.graph.get("window_end"),
            min_link_weight=weight_at_least,
            min_link_records=records_at_least,
            weak_links=total - len(rows),
        )
        # sorted, so that clusters depend on the evidence and the seed, not on read order
        rows.sort(key=lambda row: (row[0], row[1]))
        nodes = G.nodes
        linked = {x for a, b, _ in rows for x in (a, b)}
        H.add_nodes_from((n, nodes[n]) for n in sorted(linked))
        H.add_edges_from(rows)
    return H


def _require_undirected(G: nx.Graph) -> None:
    if G.is_directed() or G.is_multigraph():
        raise nx.NetworkXNotImplemented("not implemented for directed or multigraph type")


def _co_mentions(
    links: _Links, reports: list[IntelligenceEvidence], weights: dict[str, float]
) -> None:
    for r in reports:
        if len(r.person_ids) < 2:
            continue
        people = sorted(set(r.person_ids))
        evidence = EdgeEvidence(
            "same_report",
            (r.intel_id,),
            r.grading,
            weights[r.intel_id],
            r.reported_at,
            r.reported_at,
            r.category,
        )
        edges = links.edges
        for i, a in enumerate(people):
            for b in people[i + 1 :]:
                edges[(a, b)].append(evidence)


def _shared_objects(
    links: _Links,
    reports: list[IntelligenceEvidence],
    weights: dict[str, float],
    cap: int,
    crowded: list[dict[str, object]],
) -> None:
    # (kind, value) -> person -> [(time, report id, weight, grading)]
    objects: dict[tuple[str, str], dict[str, list[tuple[datetime, str, float, str]]]] = {}
    for r in reports:
        if not r.person_ids or not (r.vehicles or r.phones or r.accounts):
            continue
        mention = (r.reported_at, r.intel_id, weights[r.intel_id], r.grading)
        people = list(dict.fromkeys(r.person_ids))
        for kind, values in (
            ("shared_vehicle", r.vehicles),
            ("shared_phone", r.phones),
            ("shared_account", r.accounts),
        ):
            for value in dict.fromkeys(values):
                per_person = objects.setdefault((kind, value), {})
                for pid in people:
                    per_person.setdefault(pid, []).append(mention)
    for (kind, value), per_person in objects.items():
        if len(per_person) < 2:
            continue
        if len(per_person) > cap:
            crowded.append({"kind": kind, "value": value, "people": len(per_person)})
            continue
        sides = {pid: _side(mentions) for pid, mentions in per_person.items()}
        people = sorted(sides)
        for i, a in enumerate(people):
            ids_a, w_a, g_a, first_a, last_a = sides[a]
            for b in people[i + 1 :]:
                ids_b, w_b, g_b, first_b, last_b = sides[b]
                if ids_a == ids_b:
                    continue  # every report names both: ``same_report`` already links them
                weight, grading = (w_a, g_a) if w_a <= w_b else (w_b, g_b)
                links.add(
                    a,
                    b,
                    EdgeEvidence(
                        kind,
                        tuple(sorted(ids_a | ids_b)),
                        grading,
                        weight,
                        max(first_a, first_b),
                        max(last_a, last_b),
                        value,
                    ),
                )


def _side(mentions: list[tuple[datetime, str, float, str]]) -> _Side:
    best = max(mentions, key=lambda m: (m[2], m[1]))
    times = [m[0] for m in mentions]
    return {m[1] for m in mentions}, best[2], best[3], min(times), max(times)


def _found_time(episode: EpisodeEvidence) -> datetime:
    return episode.returned_at or episode.reported_missing_at


def _sightings(
    sel: Selection, reports: list[IntelligenceEvidence], weights: dict[str, float]
) -> dict[str, list[_Sighting]]:
    """Place -> sightings of people there, from reports and from episodes' found-at places."""
    places: dict[str, list[_Sighting]] = {}
    for r in reports:
        if not r.location_ids or not r.person_ids:
            continue
        people = list(dict.fromkeys(r.person_ids))
        for place in dict.fromkeys(sel.place_of(loc) for loc in r.location_ids):
            bucket = places.setdefault(place, [])
            ts = r.reported_at.timestamp()
            for pid in people:
                bucket.append(
                    (ts, r.reported_at, pid, r.intel_id, weights[r.intel_id], r.grading, None, None)
                )
    for e in sel.episodes:
        if e.found_location_id is None:
            continue
        found = _found_time(e)
        if not sel.window_start < found <= sel.window_end:
            continue
        end = e.returned_at or sel.window_end
        places.setdefault(sel.place_of(e.found_location_id), []).append(
            (
                found.timestamp(),
                found,
                e.person_id,
                e.episode_id,
                RECORD_WEIGHT,
                RECORD_GRADING,
                e.reported_missing_at.timestamp(),
                end.timestamp(),
            )
        )
    return places


def _colocations(
    links: _Links,
    places: dict[str, list[_Sighting]],
    *,
    colocation_days: int,
    cap: int,
    skip_overlapping_episodes: bool,
    crowded: list[dict[str, object]],
    factor: float,
) -> None:
    period = colocation_days * _DAY
    # (place, bucket) -> person -> sightings
    buckets: dict[tuple[str, int], dict[str, list[_Sighting]]] = {}
    for place, sightings in places.items():
        for s in sightings:
            key = (place, int(s[0] // period))
            buckets.setdefault(key, {}).setdefault(s[2], []).append(s)
    too_big: set[tuple[str, int]] = set()
    for (place, b), per_person in buckets.items():
        if len(per_person) > cap:
            too_big.add((place, b))
            crowded.append(
                {
                    "place": place,
                    "period_start": datetime.fromtimestamp(b * period, tz=UTC),
                    "people": len(per_person),
                }
            )
    found: dict[tuple[str, str, str], _Pair] = {}
    for (place, b), per_person in buckets.items():
        if (place, b) in too_big:
            continue
        people = sorted(per_person)
        for i, p in enumerate(people):
            for q in people[i + 1 :]:
                _match(
                    found,
                    place,
                    p,
                    q,
                    per_person[p],
                    per_person[q],
                    period,
                    skip_overlapping_episodes,
                )
        following = buckets.get((place, b + 1))
        if following is None or (place, b + 1) in too_big:
            continue
        later = sorted(following)
        for p in people:
            for q in later:
                if p != q:
                    _match(
                        found,
                        place,
                        p,
                        q,
                        per_person[p],
                        following[q],
                        period,
                        skip_overlapping_episodes,
                    )
    edges = links.edges
    for (first, second, place), pair in found.items():
        edges[(first, second)].append(pair.evidence(place, factor))


def _match(
    found: dict[tuple[str, str, str], _Pair],
    place: str,
    p: str,
    q: str,
    seen_p: list[_Sighting],
    seen_q: list[_Sighting],
    max_gap: float,
    skip_overlapping_episodes: bool,
) -> None:
    """Record every pair of sightings of p and q within ``max_gap`` seconds."""
    p_first = p < q
    key = (p, q, place) if p_first else (q, p, place)
    for s in seen_p:
        for u in seen_q:
            if s[3] == u[3]:
                continue  # one record naming both: ``same_report`` covers it
            if abs(s[0] - u[0]) > max_gap:
                continue
            if (
                skip_overlapping_episodes
                and s[6] is not None
                and u[6] is not None
                and s[7] is not None
                and u[7] is not None
                and s[6] <= u[7]
                and u[6] <= s[7]
            ):
                continue  # missing together and found at the same place: ``missing_together``
            when = s[1] if s[0] >= u[0] else u[1]
            pair = found.get(key)
            if pair is None:
                pair = found[key] = _Pair(when)
            if p_first:
                pair.add(s, u, when)
            else:
                pair.add(u, s, when)


def _missing_links(links: _Links, sel: Selection, *, mode: MissingOverlap, cap: int) -> int:
    """Links from missing episodes; returns how many episodes were not paired (crowded)."""
    for e in sel.episodes:
        for other in dict.fromkeys(e.missing_with):
            if other != e.person_id:
                links.add(
                    e.person_id,
                    other,
                    EdgeEvidence(
                        "missing_with",
                        (e.episode_id,),
                        RECORD_GRADING,
                        RECORD_WEIGHT,
                        e.reported_missing_at,
                        _found_time(e),
                        None,
                    ),
                )
    if mode == "off":
        return 0
    skipped = 0
    by_place: dict[str, list[EpisodeEvidence]] = {}
    for e in sel.episodes:
        if e.found_location_id is not None:
            by_place.setdefault(sel.place_of(e.found_location_id), []).append(e)
    for place, episodes in by_place.items():
        for x, y in _overlaps(episodes, sel.window_end, cap):
            if x is None or y is None:
                skipped += 1
                continue
            links.add(
                x.person_id,
                y.person_id,
                _overlap_evidence("missing_together", x, y, RECORD_WEIGHT, sel.window_end, place),
            )
    if mode == "any":
        for x, y in _overlaps(sel.episodes, sel.window_end, cap):
            if x is None or y is None:
                skipped += 1
                continue
            if (
                x.found_location_id is not None
                and y.found_location_id is not None
                and sel.place_of(x.found_location_id) == sel.place_of(y.found_location_id)
            ):
                continue  # already ``missing_together``
            links.add(
                x.person_id,
                y.person_id,
                _overlap_evidence("missing_overlap", x, y, OVERLAP_WEIGHT, sel.window_end, None),
            )
    return skipped


def _overlaps(
    episodes: list[EpisodeEvidence], window_end: datetime, cap: int
) -> list[tuple[EpisodeEvidence | None, EpisodeEvidence | None]]:
    """Pairs of episodes of different people whose missing periods overlap (sweep line).

    An episode that starts while more than ``cap`` others are open is not paired; it is
    reported as ``(None, None)``.
    """
    pairs: list[tuple[EpisodeEvidence | None, EpisodeEvidence | None]] = []
    active: list[tuple[datetime, EpisodeEvidence]] = []
    for e in sorted(episodes, key=lambda x: (x.reported_missing_at, x.episode_id)):
        start = e.reported_missing_at
        active = [(end, f) for end, f in active if end >= start]
        if len(active) > cap:
            pairs.append((None, None))
        else:
            pairs.extend((f, e) for _, f in active if f.person_id != e.person_id)
        active.append((e.returned_at or window_end, e))
    return pairs


def _overlap_evidence(
    kind: str,
    e: EpisodeEvidence,
    f: EpisodeEvidence,
    weight: float,
    window_end: datetime,
    detail: str | None,
) -> EdgeEvidence:
    start = max(e.reported_missing_at, f.reported_missing_at)
    end = min(e.returned_at or window_end, f.returned_at or window_end)
    return EdgeEvidence(
        kind,
        tuple(sorted((e.episode_id, f.episode_id))),
        RECORD_GRADING,
        weight,
        start,
        end,
        detail,
    )


def person_location_graph(
    evidence: EvidenceSet | Selection,
    *,
    window_end: datetime | None = None,
    window_days: int = 365,
    agencies: Collection[str] | None = None,
    categories: Collection[str] | None = None,
    min_grading: str | None = None,
) -> nx.Graph:
    """People and the places the window's evidence puts them at (a bipartite graph).

    Parameters
    ----------
    evidence : EvidenceSet or Selection
        As for :func:`person_graph`.
    window_end, window_days, agencies, categories, min_grading
        As for :func:`person_graph`.

    Returns
    -------
    networkx.Graph
        Person nodes (``bipartite=0``; ``role``, ``risk_level``, ``pseudonym``, ``label``) and
        place nodes (``bipartite=1``; node id is the resolved place's id, or the location id
        without one; ``name``, ``kind``, ``latitude``, ``longitude``, ``location_ids``). An edge
        person–place carries ``evidence`` (:class:`EdgeEvidence` of kind ``intelligence`` or
        ``missing_found``, one per record, ``detail`` = location id), ``kinds``, ``first_seen``,
        ``last_seen``, ``weight`` (sum of grading weights) and ``records``. Reports assessed E
        add no edge. Only places with an edge are nodes.

    Raises
    ------
    ValueError
        If a place id equals a person id (node ids must be unique).

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> from cseboard.models.evidence import EvidenceSet, IntelligenceEvidence, LocationNode
    >>> day = datetime(2024, 5, 1, tzinfo=UTC)
    >>> report = IntelligenceEvidence(intel_id="police/I-1", agency="police",
    ...     reported_at=day, category="sighting", source_evaluation="1",
    ...     intelligence_assessment="A", grading="1AP", person_ids=["P-1"],
    ...     location_ids=["L-1"])
    >>> place = LocationNode(location_id="L-1", place_id="PL-1",
    ...     name="Chicken Shop", kind="takeaway")
    >>> B = person_location_graph(EvidenceSet(intelligence=[report], locations=[place]),
    ...     window_end=day)
    >>> list(B["P-1"]), B.nodes["PL-1"]["bipartite"]
    (['PL-1'], 1)
    """
    sel = _selection(evidence, window_end, window_days, agencies, categories, min_grading)
    with bulk_allocation():
        return _person_location_graph(sel)


def _display_name(names: list[str]) -> str:
    """The name a place is shown by when its agencies spell it differently: the most common,
    preferring one written in mixed case (not ``ALL CAPS`` or ``all lower``), then the shortest.

    Examples
    --------
    >>> _display_name(["STAR HOTEL", "Star Hotel", "star hotel, mill lane", "Star Hotel"])
    'Star Hotel'
    """
    counts = Counter(names)
    return min(
        counts,
        key=lambda n: (-counts[n], n.isupper() or n.islower(), len(n), n),
    )


def _person_location_graph(sel: Selection) -> nx.Graph:
    edges: dict[tuple[str, str], list[EdgeEvidence]] = {}
    for r in sel.linking:
        if not r.location_ids or not r.person_ids:
            continue
        weight = grading_weight(r.source_evaluation, r.intelligence_assessment)
        for location_id in dict.fromkeys(r.location_ids):
            item = EdgeEvidence(
                "intelligence",
                (r.intel_id,),
                r.grading,
                weight,
                r.reported_at,
                r.reported_at,
                location_id,
            )
            place = sel.place_of(location_id)
            for pid in dict.fromkeys(r.person_ids):
                edges.setdefault((pid, place), []).append(item)
    for e in sel.episodes:
        if e.found_location_id is None:
            continue
        found = _found_time(e)
        if not sel.window_start < found <= sel.window_end:
            continue
        edges.setdefault((e.person_id, sel.place_of(e.found_location_id)), []).append(
            EdgeEvidence(
                "missing_found",
                (e.episode_id,),
                RECORD_GRADING,
                RECORD_WEIGHT,
                found,
                found,
                e.found_location_id,
            )
        )

    B = nx.Graph(
        window_start=sel.window_start, window_end=sel.window_end, filters=dict(sel.filters)
    )
    B.add_nodes_from(
        (
            pid,
            {
                "bipartite": 0,
                "role": p.role,
                "risk_level": p.risk_level,
                "pseudonym": p.pseudonym,
                "label": p.label,
            },
        )
        for pid, p in sel.persons.items()
    )
    places: dict[str, dict[str, object]] = {}
    for _, place in edges:
        if place not in places:
            places[place] = {
                "bipartite": 1,
                "name": None,
                "kind": None,
                "postcode": None,
                "latitude": None,
                "longitude": None,
                "location_ids": [],
            }
    names: dict[str, list[str]] = {}
    for loc in sel.locations.values():
        attrs = places.get(loc.place)
        if attrs is None:
            continue
        location_ids = attrs["location_ids"]
        assert isinstance(location_ids, list)
        location_ids.append(loc.location_id)
        if loc.name:
            names.setdefault(loc.place, []).append(loc.name)
        for key in ("kind", "postcode", "latitude", "longitude"):
            if attrs[key] is None:
                attrs[key] = getattr(loc, key)
    for place, given in names.items():
        places[place]["name"] = _display_name(given)
    for place, attrs in places.items():
        if place in sel.persons:
            raise ValueError(f"place id {place!r} is also a person id")
        location_ids = attrs["location_ids"]
        assert isinstance(location_ids, list)
        if not location_ids:
            location_ids.append(place)
        location_ids.sort()
    B.add_nodes_from(places.items())
    for (pid, place), items in edges.items():
        items.sort(key=lambda e: (e.when, e.ids))
        B.add_edge(
            pid,
            place,
            evidence=items,
            kinds=sorted({e.kind for e in items}),
            first_seen=items[0].when,
            last_seen=items[-1].last,
            weight=round(sum(e.weight for e in items), 6),
            records=len(items),
        )
    return B


@dataclass(frozen=True)
class Projection:
    """One window's projection with one set of parameters.

    ``graph`` has every link (to explain), ``strong`` only the links that count (clusters,
    roles, alerts), ``places`` is the person–place graph.
    """

    evidence: EvidenceSet
    params: AnalysisParams
    selection: Selection
    graph: nx.Graph
    places: nx.Graph
    strong: nx.Graph


def project(evidence: EvidenceSet, params: AnalysisParams) -> Projection:
    """The selection, person graph, strong links and person–place graph of ``params``.

    The one place where analysis parameters become a graph: every page and the analysis run
    project through here, so a link means the same thing everywhere.

    Examples
    --------
    >>> from cseboard.models.evidence import IntelligenceEvidence
    >>> t = datetime(2024, 5, 1, tzinfo=UTC)
    >>> ev = EvidenceSet(intelligence=[IntelligenceEvidence(intel_id="police/I-1",
    ...     agency="police", reported_at=t, category="sighting", grading="3DP",
    ...     source_evaluation="3", intelligence_assessment="D", person_ids=["P-1", "P-2"])])
    >>> p = project(ev, AnalysisParams(window_end=t))
    >>> p.graph.number_of_edges(), p.strong.number_of_edges()
    (1, 0)
    """
    sel = select(
        evidence,
        window_end=params.window_end,
        window_days=params.window_days,
        agencies=params.agencies,
        categories=params.categories,
        min_grading=params.min_grading,
    )
    G = person_graph(
        sel,
        colocation_days=params.colocation_days,
        max_colocation_group=params.max_colocation_group,
        max_object_group=params.max_object_group,
        missing_overlap=params.missing_overlap,
        colocation_weight=params.colocation_weight,
        min_link_weight=params.min_link_weight,
        min_link_records=params.min_link_records,
    )
    return Projection(evidence, params, sel, G, person_location_graph(sel), strong_links(G))
