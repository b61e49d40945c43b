"""Casework reads and writes for the inbox, profiles, risk levels and intake.

Reads are routed to readers, temporal values are made native, and the caller owns the driver.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import neo4j
from neo4j.time import Date, DateTime

from cseboard.errors import StoreError
from cseboard.store.cypher import query

__all__ = ["CaseworkStore", "native"]


def native(value: Any) -> Any:
    """Neo4j temporal values (also inside maps and lists) as Python ``datetime``/``date``."""
    if isinstance(value, DateTime | Date):
        return value.to_native()
    if isinstance(value, dict):
        return {k: native(v) for k, v in value.items()}
    if isinstance(value, list):
        return [native(v) for v in value]
    return value


class CaseworkStore:
    """Reads and the few writes of the casework pages; one statement file per method."""

    def __init__(self, driver: neo4j.Driver, *, database: str | None = None) -> None:
        self._driver = driver
        self._database = database

    def _rows(self, name: str, *, write: bool = False, **params: Any) -> list[dict[str, Any]]:
        try:
            records, _, _ = self._driver.execute_query(
                query(name),
                params,
                database_=self._database,
                routing_=neo4j.RoutingControl.WRITE if write else neo4j.RoutingControl.READ,
            )
        except neo4j.exceptions.Neo4jError as e:
            raise StoreError(f"{name} failed: {e.message}") from e
        return [native(r.data()) for r in records]

    # -- inbox ------------------------------------------------------------------------------
    def inbox(self, *, skip: int, limit: int, **filters: Any) -> list[dict[str, Any]]:
        return self._rows("casework_inbox_items", skip=skip, limit=limit, **filters)

    def inbox_count(self, **filters: Any) -> int:
        return int(self._rows("casework_inbox_count", **filters)[0]["total"])

    def mark_reviewed(self, intel_ids: list[str], *, by: str, now: datetime) -> list[str]:
        rows = self._rows("casework_mark_reviewed", write=True, intel_ids=intel_ids, by=by, now=now)
        return [r["intel_id"] for r in rows]

    def agencies(self) -> list[str]:
        return [r["name"] for r in self._rows("casework_agencies")]

    # -- people -----------------------------------------------------------------------------
    def identity(self, person_id: str) -> dict[str, Any] | None:
        rows = self._rows("casework_person_identity", person_id=person_id)
        return rows[0] if rows else None

    def people(self, person_ids: list[str]) -> list[dict[str, Any]]:
        if not person_ids:
            return []
        return self._rows("casework_people_by_ids", person_ids=sorted(set(person_ids)))

    def search(self, *, text: str, exact: str, scope: list[str] | None, limit: int) -> list[str]:
        rows = self._rows(
            "casework_search_people", text=text, exact=exact, scope=scope, limit=limit
        )
        return [r["person_id"] for r in rows]

    # -- the evidence around one person -------------------------------------------------------
    def neighbourhood(
        self, person_id: str, *, window_start: datetime, window_end: datetime
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(reports, episodes) that can link the person to anyone in the window."""
        window: dict[str, Any] = {"window_start": window_start, "window_end": window_end}
        places = self._rows("casework_neighbourhood_locations", person_id=person_id, **window)
        location_ids = sorted(r["location_id"] for r in places)
        reports = self._rows(
            "casework_neighbourhood_intelligence",
            person_id=person_id,
            location_ids=location_ids,
            **window,
        )
        episodes = self._rows(
            "casework_neighbourhood_episodes",
            person_id=person_id,
            location_ids=location_ids,
            **window,
        )
        return reports, episodes

    # -- risk levels ------------------------------------------------------------------------
    def risk_history(self, person_id: str) -> list[dict[str, Any]]:
        return [r["assessment"] for r in self._rows("casework_risk_history", person_id=person_id)]

    def set_risk_level(
        self,
        *,
        person_id: str,
        assessment_id: str,
        level: str,
        rationale: str,
        by: str,
        agency: str | None,
        now: datetime,
    ) -> tuple[bool, str | None]:
        """(found, previous level)."""
        rows = self._rows(
            "casework_set_risk_level",
            write=True,
            person_id=person_id,
            assessment_id=assessment_id,
            level=level,
            rationale=rationale,
            by=by,
            agency=agency,
            now=now,
        )
        if not rows:
            return False, None
        return True, rows[0]["previous"]

    # -- intake -----------------------------------------------------------------------------
    def agency_people(self, agency: str) -> list[dict[str, Any]]:
        return self._rows("casework_agency_people", agency=agency)

    def agency_locations(self, agency: str) -> list[dict[str, Any]]:
        return self._rows("casework_agency_locations", agency=agency)

    def known_refs(self, agency: str) -> tuple[set[str], set[str]]:
        """(person refs, location refs) the agency has sent records for."""
        people = {r["source_ref"] for r in self._rows("known_person_refs", agency=agency)}
        places = {r["source_ref"] for r in self._rows("known_location_refs", agency=agency)}
        return people, places
