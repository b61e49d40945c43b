"""Casework reads and writes for the inbox, profiles, risk levels and intake."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cseboard.store.base import GraphStore

__all__ = ["CaseworkStore"]


class CaseworkStore(GraphStore):
    """Reads and the few writes of the casework pages; one statement file per method."""

    # -- inbox ------------------------------------------------------------------------------
    def inbox(self, *, skip: int, limit: int, **filters: Any) -> list[dict[str, Any]]:
        return self.read("casework_inbox_items", skip=skip, limit=limit, **filters)

    def inbox_count(self, **filters: Any) -> int:
        return int(self.read("casework_inbox_count", **filters)[0]["total"])

    def inbox_facet_counts(self, **filters: Any) -> dict[str, int]:
        """Facet → how many reports matching the filters have it (facets with none are absent)."""
        rows = self.read("casework_inbox_facet_counts", **filters)
        return {r["facet"]: int(r["reports"]) for r in rows}

    def mark_reviewed(self, intel_ids: list[str], *, by: str, now: datetime) -> list[str]:
        rows = self.write("casework_mark_reviewed", intel_ids=intel_ids, by=by, now=now)
        return [r["intel_id"] for r in rows]

    def agencies(self) -> list[str]:
        return [r["name"] for r in self.read("casework_agencies")]

    # -- people -----------------------------------------------------------------------------
    def identity(self, person_id: str) -> dict[str, Any] | None:
        rows = self.read("casework_person_identity", person_id=person_id)
        return rows[0] if rows else None

    def people(self, person_ids: list[str]) -> list[dict[str, Any]]:
        if not person_ids:
            return []
        return self.read("casework_people_by_ids", person_ids=sorted(set(person_ids)))

    def person_of_record(self, record_key: str) -> str | None:
        """The person an agency record (``agency/source_ref``) refers to, if any."""
        rows = self.read("person_of_record", record_key=record_key)
        return str(rows[0]["person_id"]) if rows else None

    def search(self, *, text: str, exact: str, scope: list[str] | None, limit: int) -> list[str]:
        rows = self.read("casework_search_people", text=text, exact=exact, scope=scope, limit=limit)
        return [r["person_id"] for r in rows]

    # -- the evidence around one person -------------------------------------------------------
    def neighbourhood(
        self, person_id: str, *, window_start: datetime, window_end: datetime
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(reports, episodes) that can link the person to anyone in the window."""
        window: dict[str, Any] = {"window_start": window_start, "window_end": window_end}
        places = self.read("casework_neighbourhood_locations", person_id=person_id, **window)
        location_ids = sorted(r["location_id"] for r in places)
        reports = self.read(
            "casework_neighbourhood_intelligence",
            person_id=person_id,
            location_ids=location_ids,
            **window,
        )
        episodes = self.read(
            "casework_neighbourhood_episodes",
            person_id=person_id,
            location_ids=location_ids,
            **window,
        )
        return reports, episodes

    # -- risk levels ------------------------------------------------------------------------
    def risk_history(self, person_id: str) -> list[dict[str, Any]]:
        return [r["assessment"] for r in self.read("casework_risk_history", person_id=person_id)]

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
        rows = self.write(
            "casework_set_risk_level",
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
        return self.read("casework_agency_people", agency=agency)

    def agency_locations(self, agency: str) -> list[dict[str, Any]]:
        return self.read("casework_agency_locations", agency=agency)

    def known_refs(self, agency: str) -> tuple[set[str], set[str]]:
        """(person refs, location refs) the agency has sent records for."""
        people = {r["source_ref"] for r in self.read("known_person_refs", agency=agency)}
        places = {r["source_ref"] for r in self.read("known_location_refs", agency=agency)}
        return people, places
