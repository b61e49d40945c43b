"""Bulk reads of the evidence analysis needs: four queries, no per-node round trips."""

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

__all__ = ["read_evidence"]


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
