"""Bulk reads of the evidence analysis needs: four queries, no per-node round trips."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import neo4j

from cseboard.models.evidence import (
    EpisodeEvidence,
    EvidenceSet,
    IntelligenceEvidence,
    LocationNode,
    PersonNode,
)
from cseboard.store.base import GraphStore

__all__ = ["read_evidence"]


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
