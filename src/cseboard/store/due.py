"""Reads of what is due: interview clocks, risk reviews, meeting actions, cohort contacts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from cseboard.store.base import GraphStore

__all__ = ["DueStore"]


class DueStore(GraphStore):
    """``operations=None`` reads for every child / operation; services decide who may."""

    def episodes(self, *, since: datetime, earliest: datetime) -> list[dict[str, Any]]:
        """Every agency's records (the service puts absences together, then scopes them)."""
        return self.read("due_episodes", since=since, earliest=earliest)

    def risk_reviews(
        self, operations: list[str] | None, *, cutoff: datetime, lowest: str
    ) -> list[dict[str, Any]]:
        return self.read("due_risk_reviews", operations=operations, cutoff=cutoff, lowest=lowest)

    def meeting_actions(self, operations: list[str] | None, *, until: date) -> list[dict[str, Any]]:
        return self.read("due_meeting_actions", operations=operations, until=until)

    def contacts(self, operations: list[str] | None) -> list[dict[str, Any]]:
        return self.read("due_contacts", operations=operations)
