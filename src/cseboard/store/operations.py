"""Operations and their cohorts, and the people an operational user's scope covers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import neo4j

from cseboard.store.cypher import query

__all__ = ["OperationStore"]


class OperationStore:
    def __init__(self, driver: neo4j.Driver, *, database: str | None = None) -> None:
        self._driver = driver
        self._database = database

    def _run(self, statement: str, *, read: bool = False, **params: Any) -> list[neo4j.Record]:
        records, _, _ = self._driver.execute_query(
            query(statement),
            params,
            database_=self._database,
            routing_=neo4j.RoutingControl.READ if read else neo4j.RoutingControl.WRITE,
        )
        return records

    def upsert(self, operation_id: str, name: str, *, by: str) -> None:
        self._run(
            "operation_upsert", operation_id=operation_id, name=name, by=by, now=datetime.now(UTC)
        )

    def nominate(self, operation_id: str, person_id: str, *, by: str, rationale: str) -> bool:
        return bool(
            self._run(
                "operation_nominate",
                operation_id=operation_id,
                person_id=person_id,
                by=by,
                rationale=rationale,
                now=datetime.now(UTC),
            )
        )

    def all(self) -> list[dict[str, Any]]:
        return [r.data() for r in self._run("operations_list", read=True)]

    def scope(self, operations: list[str]) -> dict[str, bool]:
        """person_id → whether they are in a cohort (else only linked to one)."""
        records = self._run("scope_people", read=True, operations=sorted(operations))
        return {r["person_id"]: bool(r["in_cohort"]) for r in records}
