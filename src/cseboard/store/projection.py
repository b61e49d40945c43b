"""Reads of the evidence analysis needs: the whole window in four bulk queries, or the part of
it around a few people (everything that can link them to anyone), no per-node round trips."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import neo4j
from neo4j.time import DateTime

from cseboard.models.evidence import (
    EpisodeEvidence,
    EvidenceSet,
    IntelligenceEvidence,
    LocationNode,
    PersonNode,
)
from cseboard.store.cypher import query

__all__ = ["read_evidence", "read_evidence_around"]


def _native(record: neo4j.Record) -> dict[str, Any]:
    return {k: v.to_native() if isinstance(v, DateTime) else v for k, v in record.data().items()}


def _rows(
    driver: neo4j.Driver, name: str, database: str | None, **params: Any
) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(
        query(name), params, database_=database, routing_=neo4j.RoutingControl.READ
    )
    return [_native(r) for r in records]


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
    """
    agency_list = sorted(agencies) if agencies is not None else None
    intelligence = _rows(
        driver,
        "projection_intelligence",
        database,
        window_start=window_start,
        window_end=window_end,
        agencies=agency_list,
        categories=sorted(categories) if categories is not None else None,
    )
    episodes = _rows(
        driver,
        "projection_episodes",
        database,
        window_start=min(window_start, episodes_start or window_start),
        window_end=window_end,
        agencies=agency_list,
    )
    return EvidenceSet(
        persons=[PersonNode(**r) for r in _rows(driver, "projection_persons", database)],
        locations=[LocationNode(**r) for r in _rows(driver, "projection_locations", database)],
        intelligence=[IntelligenceEvidence(**r) for r in intelligence],
        episodes=[EpisodeEvidence(**r) for r in episodes],
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
    places = _rows(driver, "evidence_around_locations", database, person_ids=ids, **window)
    location_ids = sorted({str(r["location_id"]) for r in places})
    intelligence = _rows(
        driver,
        "evidence_around_intelligence",
        database,
        person_ids=ids,
        location_ids=location_ids,
        **window,
        **filters,
    )
    episodes = _rows(
        driver,
        "evidence_around_episodes",
        database,
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
            PersonNode(**r)
            for r in _rows(driver, "projection_persons_of", database, person_ids=sorted(people))
        ],
        locations=[
            LocationNode(**r)
            for r in _rows(
                driver, "projection_locations_of", database, location_ids=sorted(locations)
            )
        ],
        intelligence=[IntelligenceEvidence(**r) for r in intelligence],
        episodes=[EpisodeEvidence(**r) for r in episodes],
    )
