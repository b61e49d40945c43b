"""DPA 2018 s62 logging: every processing of personal data writes a hash-chained event."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import neo4j

from cseboard.models.users import AuditAction, AuditEvent, User
from cseboard.store.audit import AuditStore

__all__ = ["AuditLog", "ChainReport", "event_hash"]

_HASHED = (
    "event_id",
    "seq",
    "at",
    "username",
    "action",
    "what",
    "records",
    "justification",
    "recipients",
    "prev_hash",
)


def event_hash(event: dict[str, Any]) -> str:
    """SHA-256 over the event's fields in a canonical form, including the previous hash."""
    canonical = {k: event.get(k) for k in _HASHED}
    at = canonical["at"]
    if isinstance(at, datetime):
        canonical["at"] = at.astimezone(UTC).isoformat()
    blob = json.dumps(canonical, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """Result of ``audit verify``: ok, or the first place the chain breaks."""

    ok: bool
    events: int
    problem: str | None = None


class AuditLog:
    """Writes and verifies audit events. Events name records by id, never by content."""

    def __init__(self, driver: neo4j.Driver, *, database: str | None = None) -> None:
        self._store = AuditStore(driver, database=database)

    def record(
        self,
        user: User | str,
        action: AuditAction,
        what: str,
        *,
        records: list[str] | None = None,
        justification: str | None = None,
        recipients: list[str] | None = None,
    ) -> AuditEvent:
        username = user if isinstance(user, str) else user.username
        fields = {
            "event_id": str(uuid.uuid4()),
            "at": datetime.now(UTC),
            "username": username,
            "action": action.value,
            "what": what,
            "records": sorted(set(records or [])),
            "justification": justification,
            "recipients": list(recipients or []),
        }
        return self._store.append(fields, event_hash)

    def events(self, **filters: Any) -> list[AuditEvent]:
        return self._store.events(**filters)

    def verify(self) -> ChainReport:
        """Recompute the chain: an edited, inserted or deleted event breaks it."""
        previous = "genesis"
        events = self._store.events()
        for expected_seq, event in enumerate(events, start=1):
            data = event.model_dump()
            if event.seq != expected_seq:
                return ChainReport(
                    False, len(events), f"event {expected_seq} is missing (found {event.seq})"
                )
            if event.prev_hash != previous:
                return ChainReport(
                    False, len(events), f"event {event.seq} does not follow event {event.seq - 1}"
                )
            if event_hash(data) != event.hash:
                return ChainReport(
                    False, len(events), f"event {event.seq} was altered after it was written"
                )
            previous = event.hash
        seq, head = self._store.head()
        if seq != len(events) or head != previous:
            return ChainReport(
                False, len(events), f"the chain head says {seq} events but {len(events)} remain"
            )
        return ChainReport(True, len(events))
