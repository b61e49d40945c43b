"""Operations and the people nominated to their cohorts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cseboard.store.base import GraphStore

__all__ = ["OperationStore"]


class OperationStore(GraphStore):
    """Operations, cohort nominations and the scope of people an operational user may see."""

    def upsert(self, operation_id: str, name: str, *, by: str) -> None:
        self.write(
            "operation_upsert", operation_id=operation_id, name=name, by=by, now=datetime.now(UTC)
        )

    def nominate(self, operation_id: str, person_id: str, *, by: str, rationale: str) -> bool:
        return bool(
            self.write(
                "operation_nominate",
                operation_id=operation_id,
                person_id=person_id,
                by=by,
                rationale=rationale,
                now=datetime.now(UTC),
            )
        )

    def all(self) -> list[dict[str, Any]]:
        return self.read("operations_list")

    def cohort(self, operations: list[str]) -> set[str]:
        """The people nominated to these operations' cohorts."""
        rows = self.read("operation_cohort", operations=sorted(operations))
        return {str(r["person_id"]) for r in rows}
