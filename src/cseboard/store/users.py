"""Local accounts in Neo4j: create, read, list, disable, and login-failure bookkeeping."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cseboard.store.base import GraphStore

__all__ = ["UserStore"]


class UserStore(GraphStore):
    """Account storage; authentication and policy live in ``access``."""

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
        self.write(
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
        rows = self.read("user_get", username=username)
        return dict(rows[0]["user"]) if rows else None

    def all(self) -> list[dict[str, Any]]:
        return [dict(r["user"]) for r in self.read("user_list")]

    def set_disabled(self, username: str, disabled: bool) -> bool:
        return bool(
            self.write(
                "user_set_disabled", username=username, disabled=disabled, now=datetime.now(UTC)
            )
        )

    def login_failed(self, username: str, *, max_failures: int, lock_until: datetime) -> None:
        self.write(
            "user_login_failed", username=username, max_failures=max_failures, lock_until=lock_until
        )

    def login_ok(self, username: str) -> None:
        self.write("user_login_ok", username=username, now=datetime.now(UTC))
