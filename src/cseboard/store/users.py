"""Local accounts in Neo4j: create, read, list, disable, and login-failure bookkeeping."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import neo4j
from neo4j.time import DateTime

from cseboard.store.cypher import query

__all__ = ["UserStore"]


def _plain(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v.to_native() if isinstance(v, DateTime) else v for k, v in props.items()}


class UserStore:
    """Account storage; authentication and policy live in ``access``."""

    def __init__(self, driver: neo4j.Driver, *, database: str | None = None) -> None:
        self._driver = driver
        self._database = database

    def _run(self, name: str, *, read: bool = False, **params: Any) -> list[neo4j.Record]:
        records, _, _ = self._driver.execute_query(
            query(name),
            params,
            database_=self._database,
            routing_=neo4j.RoutingControl.READ if read else neo4j.RoutingControl.WRITE,
        )
        return records

    def upsert(
        self,
        *,
        username: str,
        display_name: str,
        roles: list[str],
        agency: str | None,
        operations: list[str],
        password_hash: str | None,
    ) -> None:
        self._run(
            "user_upsert",
            username=username,
            display_name=display_name,
            roles=roles,
            agency=agency,
            operations=operations,
            password_hash=password_hash,
            now=datetime.now(UTC),
        )

    def get(self, username: str) -> dict[str, Any] | None:
        records = self._run("user_get", read=True, username=username)
        return _plain(records[0]["user"]) if records else None

    def all(self) -> list[dict[str, Any]]:
        return [_plain(r["user"]) for r in self._run("user_list", read=True)]

    def set_disabled(self, username: str, disabled: bool) -> bool:
        return bool(
            self._run(
                "user_set_disabled", username=username, disabled=disabled, now=datetime.now(UTC)
            )
        )

    def login_failed(self, username: str, *, max_failures: int, lock_until: datetime) -> None:
        self._run(
            "user_login_failed", username=username, max_failures=max_failures, lock_until=lock_until
        )

    def login_ok(self, username: str) -> None:
        self._run("user_login_ok", username=username, now=datetime.now(UTC))
