"""Meetings, actions and the cohort reads an operational meeting needs (no access checks here)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import neo4j

from cseboard.store.cypher import query

__all__ = ["MeetingStore"]


def _native(value: Any) -> Any:
    """Neo4j temporal values (DateTime, Date) as Python ones; everything else unchanged."""
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    return {k: _native(v) for k, v in data.items()}


class MeetingStore:
    """Reads and writes of the meeting board. Services decide who may call what."""

    def __init__(self, driver: neo4j.Driver, *, database: str | None = None) -> None:
        self._driver = driver
        self._database = database

    def _run(self, name: str, *, read: bool = False, **params: Any) -> list[dict[str, Any]]:
        """One managed transaction. "Unrecognized" notices are silenced: risk assessments,
        meetings and actions may not exist yet in a store, and that is not worth a warning."""
        statement = query(name)

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [_plain(r.data()) for r in tx.run(statement, params)]

        with self._driver.session(
            database=self._database,
            notifications_disabled_classifications=[
                neo4j.NotificationDisabledClassification.UNRECOGNIZED
            ],
        ) as session:
            return session.execute_read(work) if read else session.execute_write(work)

    # -- reads -------------------------------------------------------------------------------

    def operation(self, operation_id: str) -> dict[str, Any] | None:
        rows = self._run("meeting_operation", read=True, operation_id=operation_id)
        return rows[0] if rows else None

    def cohort(self, operation_id: str) -> list[dict[str, Any]]:
        return self._run("meeting_cohort", read=True, operation_id=operation_id)

    def intelligence(
        self, operation_id: str, *, start: datetime, end: datetime
    ) -> list[dict[str, Any]]:
        return self._run(
            "meeting_intelligence", read=True, operation_id=operation_id, start=start, end=end
        )

    def episodes(
        self, operation_id: str, *, start: datetime, end: datetime
    ) -> list[dict[str, Any]]:
        return self._run(
            "meeting_episodes", read=True, operation_id=operation_id, start=start, end=end
        )

    def assessments(
        self, operation_id: str, *, start: datetime, end: datetime
    ) -> list[dict[str, Any]]:
        return self._run(
            "meeting_assessments", read=True, operation_id=operation_id, start=start, end=end
        )

    def network(self, operation_id: str, *, start: datetime, end: datetime) -> list[dict[str, Any]]:
        return self._run(
            "meeting_network", read=True, operation_id=operation_id, start=start, end=end
        )

    def names(self, person_ids: list[str]) -> dict[str, str | None]:
        rows = self._run("meeting_people", read=True, person_ids=sorted(set(person_ids)))
        return {r["person_id"]: r["display_name"] for r in rows}

    def agencies(self, operation_id: str) -> list[str]:
        return [
            r["agency"] for r in self._run("meeting_agencies", read=True, operation_id=operation_id)
        ]

    def known_agencies(self) -> set[str]:
        return {r["agency"] for r in self._run("meeting_known_agencies", read=True)}

    def actions(self, operation_id: str, action_id: str | None = None) -> list[dict[str, Any]]:
        rows = self._run("action_list", read=True, operation_id=operation_id, action_id=action_id)
        return [dict(_plain(r["action"]), person_id=r["person_id"]) for r in rows]

    def meetings(
        self, operation_id: str, *, before: datetime | None = None, limit: int = 100
    ) -> list[dict[str, Any]]:
        return self._run(
            "meeting_list", read=True, operation_id=operation_id, before=before, limit=limit
        )

    def meeting(self, operation_id: str, meeting_id: str) -> dict[str, Any] | None:
        rows = self._run("meeting_get", read=True, operation_id=operation_id, meeting_id=meeting_id)
        return rows[0] if rows else None

    # -- writes ------------------------------------------------------------------------------

    def create_action(
        self,
        *,
        operation_id: str,
        action_id: str,
        text: str,
        owner_agency: str,
        due_date: date,
        person_id: str | None,
        by: str,
        now: datetime,
    ) -> bool:
        return bool(
            self._run(
                "action_create",
                operation_id=operation_id,
                action_id=action_id,
                text=text,
                owner_agency=owner_agency,
                due_date=due_date,
                person_id=person_id,
                by=by,
                now=now,
            )
        )

    def update_action(
        self,
        *,
        operation_id: str,
        action_id: str,
        text: str,
        owner_agency: str,
        due_date: date,
        status: str,
        person_id: str | None,
        by: str,
        now: datetime,
    ) -> bool:
        return bool(
            self._run(
                "action_update",
                operation_id=operation_id,
                action_id=action_id,
                text=text,
                owner_agency=owner_agency,
                due_date=due_date,
                status=status,
                person_id=person_id,
                by=by,
                now=now,
            )
        )

    def create_meeting(
        self,
        *,
        operation_id: str,
        meeting_id: str,
        held_at: datetime,
        taken_by: str,
        snapshot_json: str,
    ) -> bool:
        return bool(
            self._run(
                "meeting_create",
                operation_id=operation_id,
                meeting_id=meeting_id,
                held_at=held_at,
                taken_by=taken_by,
                snapshot_json=snapshot_json,
            )
        )
