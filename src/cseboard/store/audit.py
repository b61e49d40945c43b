"""Append-only audit storage: a hash chain whose head is locked for each append."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from cseboard.models.users import AuditEvent
from cseboard.store.base import GraphStore, Transaction, to_python

__all__ = ["AuditStore"]

HashFunction = Callable[[dict[str, Any]], str]


class AuditStore(GraphStore):
    """Appends and reads ``AuditEvent`` nodes; never updates or deletes them."""

    def append(self, fields: dict[str, Any], hash_of: HashFunction) -> AuditEvent:
        """Lock the head, chain the event to it, write it, all in one transaction."""

        def work(tx: Transaction) -> AuditEvent:
            head = tx.single("audit_lock_head", now=datetime.now(UTC))
            event = dict(fields, seq=int(head["seq"]) + 1, prev_hash=str(head["head"]))
            event["hash"] = hash_of(event)
            tx.run("audit_append", event=event)
            return AuditEvent(**to_python(event))

        return self.transaction(work, what="appending an audit event")

    def events_after(self, seq: int, *, limit: int) -> list[AuditEvent]:
        """Up to ``limit`` events after sequence number ``seq``, in chain order (one page)."""
        rows = self.read("audit_events_after", after=seq, limit=limit)
        return [AuditEvent(**r["event"]) for r in rows]

    def count(self) -> int:
        return int(self.read("audit_count")[0]["events"])

    def head(self) -> tuple[int, str]:
        row = self.read("audit_head")[0]
        return int(row["seq"]), str(row["head"])

    def events(
        self,
        *,
        username: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        record: str | None = None,
        skip: int = 0,
        limit: int = 1_000_000,
    ) -> list[AuditEvent]:
        rows = self.read(
            "audit_events",
            username=username,
            action=action,
            since=since,
            record=record,
            skip=skip,
            limit=limit,
        )
        return [AuditEvent(**r["event"]) for r in rows]
