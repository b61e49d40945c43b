"""Reads of the evidence analysis needs: the whole window in four bulk queries, or the part of
it around a few people (everything that can link them to anyone), no per-node round trips."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from sys import intern
from typing import Any, cast

import neo4j

from cseboard.models.evidence import (
    EpisodeEvidence,
    EvidenceSet,
    IntelligenceEvidence,
    LocationNode,
    PersonNode,
)
from cseboard.store.base import GraphStore

__all__ = ["graph_marker", "read_evidence", "read_evidence_around"]


_ID_BOUNDS = ("", *(f"P-{c}" for c in "123456789abcdef"), "\U0010ffff")
"""Person-id ranges read in parallel (ids are ``P-`` and hex digits; the ends catch any other)."""
_EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
_WORKERS = 4
_SLICE_DAYS = 31


def _ms(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value / 1000, UTC)


def _code(value: str | None) -> str | None:
    """One shared string object per code (agency, category, grading…): a national read holds
    millions of copies of a few dozen words otherwise."""
    return None if value is None else intern(value)


def _ids(values: list[str]) -> list[str]:
    return [intern(v) for v in values]


def _person(r: list[Any]) -> PersonNode:
    return PersonNode(
        person_id=intern(r[0]),
        role=cast(Any, _code(r[1])),
        risk_level=_code(r[2]),
        pseudonym=r[3],
        label=r[4],
    )


def _location(r: list[Any]) -> LocationNode:
    return LocationNode(
        location_id=intern(r[0]),
        place_id=_code(r[1]),
        name=r[2],
        kind=_code(r[3]),
        postcode=r[4],
        latitude=r[5],
        longitude=r[6],
    )


def _intelligence(r: list[Any]) -> IntelligenceEvidence:
    return IntelligenceEvidence(
        intel_id=r[0],
        agency=intern(r[1]),
        reported_at=datetime.fromtimestamp(r[2] / 1000, UTC),
        category=intern(r[3] or "other"),
        source_evaluation=r[4],  # one character: already shared
        intelligence_assessment=r[5],
        grading=intern(r[6] or "?"),
        handling_code=_code(r[7]),
        handling_conditions=r[8],
        person_ids=_ids(r[9]),
        location_ids=_ids(r[10]),
        vehicles=r[11],
        phones=r[12],
        accounts=r[13],
    )


def _episode(r: list[Any]) -> EpisodeEvidence:
    return EpisodeEvidence(
        episode_id=r[0],
        agency=intern(r[1]),
        person_id=intern(r[2]),
        reported_missing_at=datetime.fromtimestamp(r[3] / 1000, UTC),
        returned_at=_ms(r[4]),
        found_location_id=_code(r[5]),
        missing_with=_ids(r[6]),
        rhi_offered=r[7],
        rhi_offered_at=_ms(r[8]),
        rhi_completed_at=_ms(r[9]),
        rhi_declined=r[10],
    )


def _time_slices(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """``[start, end]`` as consecutive half-open slices of about a month (the last one closed)."""
    bounds = [start]
    while bounds[-1] + timedelta(days=_SLICE_DAYS) < end:
        bounds.append(bounds[-1] + timedelta(days=_SLICE_DAYS))
    bounds.append(end + timedelta(microseconds=1))
    return list(pairwise(bounds))


def read_evidence(
    driver: neo4j.Driver,
    *,
    window_start: datetime,
    window_end: datetime,
    agencies: Iterable[str] | None = None,
    categories: Iterable[str] | None = None,
    episodes_start: datetime | None = None,
    database: str | None = None,
) -> EvidenceSet:
    """Persons, locations, and the reports and episodes of a window, as an ``EvidenceSet``.

    ``episodes_start`` reaches further back for missing episodes, so that 30/90-day counts and
    repeat-missing flags are complete even when the analysis window is short.

    The read is split into slices (people by id range, reports and episodes by month) that run
    concurrently, each returning its rows as one record with times as epoch milliseconds:
    decoding is the cost of a bulk read, and one record of lists with numbers decodes many times
    faster than a record per row with temporal values. Rows become evidence as slices arrive.
    """
    store = GraphStore(driver, database=database)
    agency_list = sorted(agencies) if agencies is not None else None
    category_list = sorted(categories) if categories is not None else None
    reach = min(window_start, episodes_start or window_start)
    tasks: list[tuple[str, Callable[[list[Any]], Any], dict[str, Any]]] = [
        ("projection_locations", _location, {}),
        *(
            ("projection_persons", _person, {"lower": low, "upper": high})
            for low, high in pairwise(_ID_BOUNDS)
        ),
        *(
            (
                "projection_intelligence",
                _intelligence,
                {"lower": low, "upper": high, "agencies": agency_list, "categories": category_list},
            )
            for low, high in _time_slices(window_start, window_end)
        ),
        *(
            (
                "projection_episodes",
                _episode,
                {
                    "lower": low,
                    "upper": high,
                    "window_start": reach,
                    "window_end": window_end,
                    "agencies": agency_list,
                },
            )
            for low, high in [(_EARLIEST, reach), *_time_slices(reach, window_end)]
        ),
    ]
    results: list[list[Any]] = [[] for _ in tasks]
    with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
        pending = {
            pool.submit(store.read, name, raw=True, **params): index
            for index, (name, _, params) in enumerate(tasks)
        }
        for done in as_completed(pending):
            index = pending[done]
            make = tasks[index][1]
            results[index] = [make(r) for row in done.result() for r in row["rows"]]
    kinds: dict[str, list[Any]] = {}
    for (name, _, _), rows in zip(tasks, results, strict=True):
        kinds.setdefault(name, []).extend(rows)
    return EvidenceSet(
        persons=kinds["projection_persons"],
        locations=kinds["projection_locations"],
        intelligence=kinds["projection_intelligence"],
        episodes=kinds["projection_episodes"],
    )


def read_evidence_around(
    driver: neo4j.Driver,
    person_ids: Iterable[str],
    *,
    window_start: datetime,
    window_end: datetime,
    agencies: Iterable[str] | None = None,
    categories: Iterable[str] | None = None,
    database: str | None = None,
) -> EvidenceSet:
    """The evidence of a window that can link any of ``person_ids`` to anyone, as an EvidenceSet.

    That is their reports and episodes, every report naming a phone, vehicle or account their
    reports name, and every report and episode at one of their places (with every location
    record of the same place). Projected with the same parameters, it gives these people the
    same links as the whole window does: co-location, shared objects and missing-together
    links only ever join people through such records, and the crowding caps count everyone at
    those places and objects. (Overlapping missing periods at *different* places, the
    ``missing_overlap="any"`` mode, are not local: read the whole window for that.)
    """
    ids = sorted(set(person_ids))
    window: dict[str, Any] = {"window_start": window_start, "window_end": window_end}
    filters: dict[str, Any] = {
        "agencies": sorted(agencies) if agencies is not None else None,
        "categories": sorted(categories) if categories is not None else None,
    }
    store = GraphStore(driver, database=database)
    places = store.read("evidence_around_locations", person_ids=ids, **window)
    location_ids = sorted({str(r["location_id"]) for r in places})
    intelligence = store.read(
        "evidence_around_intelligence",
        person_ids=ids,
        location_ids=location_ids,
        **window,
        **filters,
    )
    episodes = store.read(
        "evidence_around_episodes",
        person_ids=ids,
        location_ids=location_ids,
        agencies=filters["agencies"],
        **window,
    )
    people = set(ids)
    locations = set(location_ids)
    for r in intelligence:
        people.update(r["person_ids"])
        locations.update(r["location_ids"])
    for r in episodes:
        people.add(r["person_id"])
        people.update(r["missing_with"])
        if r["found_location_id"] is not None:
            locations.add(r["found_location_id"])
    return EvidenceSet(
        persons=[
            PersonNode(**r) for r in store.read("projection_persons_of", person_ids=sorted(people))
        ],
        locations=[
            LocationNode(**r)
            for r in store.read("projection_locations_of", location_ids=sorted(locations))
        ],
        intelligence=[IntelligenceEvidence(**r) for r in intelligence],
        episodes=[EpisodeEvidence(**r) for r in episodes],
    )


def graph_marker(driver: neo4j.Driver, *, database: str | None = None) -> tuple[Any, ...]:
    """What changes whenever the records pages are computed from change (a few constant-time
    counts, the latest import, the redactions done and the current places); equal markers mean
    a kept result may be reused."""
    rows = GraphStore(driver, database=database).read("graph_marker")
    row = rows[0] if rows else {}
    return (
        row.get("nodes"),
        row.get("relationships"),
        row.get("persons"),
        row.get("last_import"),
        row.get("redactions"),
        row.get("places"),
    )
