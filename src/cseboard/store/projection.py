"""Reads of the evidence analysis needs: the whole window in four bulk queries, or the part of
it around a few people (everything that can link them to anyone), no per-node round trips."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

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
    store = GraphStore(driver, database=database)
    agency_list = sorted(agencies) if agencies is not None else None
    intelligence = store.read(
        "projection_intelligence",
        window_start=window_start,
        window_end=window_end,
        agencies=agency_list,
        categories=sorted(categories) if categories is not None else None,
    )
    episodes = store.read(
        "projection_episodes",
        window_start=min(window_start, episodes_start or window_start),
        window_end=window_end,
        agencies=agency_list,
    )
    return EvidenceSet(
        persons=[PersonNode(**r) for r in store.read("projection_persons")],
        locations=[LocationNode(**r) for r in store.read("projection_locations")],
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
    counts, the latest import and the redactions done); equal markers mean a kept result may
    be reused."""
    rows = GraphStore(driver, database=database).read("graph_marker")
    row = rows[0] if rows else {}
    return (
        row.get("nodes"),
        row.get("relationships"),
        row.get("persons"),
        row.get("last_import"),
        row.get("redactions"),
    )
