"""Meetings, actions and the cohort reads an operational meeting needs (no access checks here)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from cseboard.store.base import GraphStore

__all__ = ["MeetingStore"]


class MeetingStore(GraphStore):
    """Reads and writes of the meeting board. Services decide who may call what."""

    # -- reads -------------------------------------------------------------------------------

    def operation(self, operation_id: str) -> dict[str, Any] | None:
        rows = self.read("meeting_operation", operation_id=operation_id)
        return rows[0] if rows else None

    def cohort(self, operation_id: str) -> list[dict[str, Any]]:
        return self.read("meeting_cohort", operation_id=operation_id)

    def intelligence(
        self, operation_id: str, *, start: datetime, end: datetime
    ) -> list[dict[str, Any]]:
        return self.read("meeting_intelligence", operation_id=operation_id, start=start, end=end)

    def episodes(
        self, operation_id: str, *, start: datetime, end: datetime
    ) -> list[dict[str, Any]]:
        return self.read("meeting_episodes", operation_id=operation_id, start=start, end=end)

    def assessments(
        self, operation_id: str, *, start: datetime, end: datetime
    ) -> list[dict[str, Any]]:
        return self.read("meeting_assessments", operation_id=operation_id, start=start, end=end)

    def names(self, person_ids: list[str]) -> dict[str, str | None]:
        rows = self.read("meeting_people", person_ids=sorted(set(person_ids)))
        return {r["person_id"]: r["display_name"] for r in rows}

    def agencies(self, operation_id: str) -> list[str]:
        return [r["agency"] for r in self.read("meeting_agencies", operation_id=operation_id)]

    def known_agencies(self) -> set[str]:
        return {r["agency"] for r in self.read("meeting_known_agencies")}

    def actions(self, operation_id: str, action_id: str | None = None) -> list[dict[str, Any]]:
        rows = self.read("action_list", operation_id=operation_id, action_id=action_id)
        return [dict(r["action"], person_id=r["person_id"]) for r in rows]

    def meetings(
        self, operation_id: str, *, before: datetime | None = None, limit: int = 100
    ) -> list[dict[str, Any]]:
        return self.read("meeting_list", operation_id=operation_id, before=before, limit=limit)

    def meeting(self, operation_id: str, meeting_id: str) -> dict[str, Any] | None:
        rows = self.read("meeting_get", operation_id=operation_id, meeting_id=meeting_id)
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
            self.write(
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
            self.write(
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
            self.write(
                "meeting_create",
                operation_id=operation_id,
                meeting_id=meeting_id,
                held_at=held_at,
                taken_by=taken_by,
                snapshot_json=snapshot_json,
            )
        )
