"""Local accounts in Neo4j: create, read, list, disable, and login-failure bookkeeping."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cseboard.store.base import GraphStore, Transaction

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

    def session(self, username: str) -> dict[str, Any] | None:
        """The account as a session re-reads it (no password hash)."""
        rows = self.read("user_session", username=username)
        return dict(rows[0]["user"]) if rows else None

    def oidc_seen(
        self,
        *,
        username: str,
        display_name: str,
        roles: list[str],
        agency: str | None,
        operations: list[str],
    ) -> dict[str, Any]:
        """Make or refresh the row of an identity-provider user; returns it (no hash)."""
        rows = self.write(
            "user_oidc_seen",
            username=username,
            display_name=display_name,
            roles=roles,
            agency=agency,
            operations=operations,
            now=datetime.now(UTC),
        )
        return dict(rows[0]["user"])

    def all(self) -> list[dict[str, Any]]:
        return [dict(r["user"]) for r in self.read("user_list")]

    def set_disabled(self, username: str, disabled: bool) -> bool:
        return bool(
            self.write(
                "user_set_disabled", username=username, disabled=disabled, now=datetime.now(UTC)
            )
        )

    def login_reserve(
        self, username: str, *, max_failures: int, now: datetime, lock_until: datetime
    ) -> dict[str, Any] | None:
        """Count a sign-in attempt under the account's lock (see ``user_login_reserve``).

        Returns ``locked``, ``disabled``, ``password_hash`` and ``user``; ``None`` for no such
        account.
        """

        def work(tx: Transaction) -> dict[str, Any] | None:
            if not tx.run("user_login_lock", username=username, now=now):
                return None
            return tx.single(
                "user_login_reserve",
                username=username,
                max_failures=max_failures,
                now=now,
                lock_until=lock_until,
            )

        return self.transaction(work, what="counting a sign-in attempt")

    def throttle_take(
        self, keys: list[str], *, limit: int, now: datetime, window_start: datetime
    ) -> tuple[list[str], list[str]]:
        """Take one attempt from each counter, atomically; nothing is taken when any is spent.

        Returns the keys over their limit and, of those, the ones whose refusal is new this
        window (to be recorded once).
        """

        def work(tx: Transaction) -> tuple[list[str], list[str]]:
            tx.run("login_throttle_lock", keys=keys, now=now)
            rows = tx.run("login_throttle_read", keys=keys, now=now, window_start=window_start)
            over = sorted(str(r["key"]) for r in rows if int(r["failures"]) >= limit)
            new = sorted(str(r["key"]) for r in rows if str(r["key"]) in over and not r["noted"])
            if over:
                tx.run("login_throttle_count", keys=keys, add=0, noted=new)
            else:
                tx.run("login_throttle_count", keys=keys, add=1, noted=[])
            return over, new

        return self.transaction(work, what="counting a sign-in attempt")

    def throttle_refund(self, keys: list[str], *, stale: datetime) -> None:
        self.write("login_throttle_refund", keys=keys, stale=stale)

    def login_ok(self, username: str) -> None:
        self.write("user_login_ok", username=username, now=datetime.now(UTC))
