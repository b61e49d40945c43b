"""Append-only audit storage: a hash chain whose head is locked for each append."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import neo4j
from neo4j.time import DateTime

from cseboard.models.users import AuditEvent
from cseboard.store.cypher import query

__all__ = ["AuditStore"]

HashFunction = Callable[[dict[str, Any]], str]


def _event(props: dict[str, Any]) -> AuditEvent:
    data = {k: v.to_native() if isinstance(v, DateTime) else v for k, v in props.items()}
    return AuditEvent(**data)


class AuditStore:
    """Appends and reads ``AuditEvent`` nodes; never updates or deletes them."""

    def __init__(self, driver: neo4j.Driver, *, database: str | None = None) -> None:
        self._driver = driver
        self._database = database

    def append(self, fields: dict[str, Any], hash_of: HashFunction) -> AuditEvent:
        """Lock the head, chain the event to it, write it, all in one transaction."""

        def work(tx: neo4j.ManagedTransaction) -> AuditEvent:
            head = tx.run(query("audit_lock_head"), now=datetime.now(UTC)).single(strict=True)
            event = dict(fields, seq=int(head["seq"]) + 1, prev_hash=str(head["head"]))
            event["hash"] = hash_of(event)
            tx.run(query("audit_append"), event=event).consume()
            return _event(event)

        with self._driver.session(database=self._database) as session:
            return session.execute_write(work)

    def head(self) -> tuple[int, str]:
        record = self._driver.execute_query(
            query("audit_head"), database_=self._database, routing_=neo4j.RoutingControl.READ
        ).records[0]
        return int(record["seq"]), str(record["head"])

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
        records, _, _ = self._driver.execute_query(
            query("audit_events"),
            username=username,
            action=action,
            since=since,
            record=record,
            skip=skip,
            limit=limit,
            database_=self._database,
            routing_=neo4j.RoutingControl.READ,
        )
        return [_event(r["event"]) for r in records]
