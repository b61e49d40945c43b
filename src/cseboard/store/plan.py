"""The strategy's action plan in the graph: objectives, actions, history entries, report marks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cseboard.store.base import GraphStore, Transaction

__all__ = ["PlanStore"]


class PlanStore(GraphStore):
    """Reads and writes of the action plan. Services decide who may call what."""

    def actions(self) -> list[dict[str, Any]]:
        """Each action's properties with ``objective_id``, ``objective`` and ``updates``."""
        return [
            dict(
                r["action"],
                objective_id=r["objective_id"],
                objective=r["objective"],
                updates=r["updates"],
            )
            for r in self.read("plan_actions")
        ]

    def write_actions(self, rows: list[dict[str, Any]], *, by: str, now: datetime) -> int:
        """Create or update actions with their new history entries, all in one transaction."""

        def work(tx: Transaction) -> int:
            written = 0
            for start in range(0, len(rows), 1000):
                part = rows[start : start + 1000]
                written += int(
                    tx.single("plan_actions_write", rows=part, by=by, now=now)["written"]
                )
            return written

        return self.transaction(work, what="writing the action plan") if rows else 0

    def mark_reported(self, report_id: str, *, by: str, now: datetime) -> None:
        self.write("plan_report_mark", report_id=report_id, by=by, now=now)

    def last_reported(self) -> datetime | None:
        rows = self.read("plan_last_report")
        at = rows[0]["at"] if rows else None
        return at if isinstance(at, datetime) else None
