"""The timeline's read: reports, missing episodes and risk levels of some people in a window."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cseboard.store.base import GraphStore

__all__ = ["TimelineStore"]


class TimelineStore(GraphStore):
    """One statement; every value a parameter; the caller owns the driver."""

    def events(
        self, person_ids: list[str], *, window_start: datetime, window_end: datetime
    ) -> list[dict[str, Any]]:
        """Every event of the people in the window, oldest first (one row per person)."""
        if not person_ids:
            return []
        return self.read(
            "timeline_events",
            person_ids=sorted(set(person_ids)),
            window_start=window_start,
            window_end=window_end,
        )
