"""Lead practitioners of operations and lead professionals of cohort members, with history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cseboard.store.base import GraphStore

__all__ = ["LeadStore"]


class LeadStore(GraphStore):
    """Dated lead assignments: a new one ends the current one, nothing is overwritten."""

    def assign(
        self,
        *,
        assignment_id: str,
        kind: str,
        operation_id: str,
        person_id: str | None,
        username: str | None,
        name: str | None,
        agency: str | None,
        contact: str | None,
        by: str,
        now: datetime,
    ) -> bool:
        return bool(
            self.write(
                "lead_assign",
                assignment_id=assignment_id,
                kind=kind,
                operation_id=operation_id,
                person_id=person_id,
                username=username,
                name=name,
                agency=agency,
                contact=contact,
                by=by,
                now=now,
            )
        )

    def assignments(
        self, operations: list[str] | None, *, history: bool = False
    ) -> list[dict[str, Any]]:
        """Assignments of these operations (``None``: all), current only unless ``history``."""
        rows = self.read("lead_assignments", operations=operations, history=history)
        return [dict(r["assignment"], display_name=r["display_name"]) for r in rows]

    def led_operations(self, username: str) -> list[str]:
        return [r["operation_id"] for r in self.read("lead_led_operations", username=username)]
