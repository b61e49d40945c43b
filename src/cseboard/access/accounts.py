"""Local accounts: adding users, signing in with lock-out and throttling, and ``User`` rows.

Failed sign-ins are recorded on the audit trail, but they must not be a way to fill it: every
attempt first takes one from a counter per client and one per account name (one transaction,
so concurrent guesses cannot overshoot). Once a counter is spent for its window, further
attempts are refused unchecked; that refusal is recorded once per window, not per attempt. An
account's own lock-out is counted in the transaction that checks it (``UserStore.login_reserve``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import neo4j

from cseboard.access.audit import AuditLog
from cseboard.access.passwords import hash_password, verify_password
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.models.exchange import normalise_agency
from cseboard.models.users import AccountState, AuditAction, Role, User
from cseboard.store.users import UserStore

__all__ = [
    "LOCKOUT",
    "MAX_FAILED_LOGINS",
    "SignInLimits",
    "account_from_row",
    "add_user",
    "authenticate",
    "disable_user",
    "user_from_row",
]

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
# Verified against when the username is unknown, so both paths cost the same argon2 work.
_DUMMY_HASH = hash_password("not-a-real-password-0000")
_UNPRINTABLE = re.compile(r"[^\x20-\x7e]")


def user_from_row(row: dict[str, Any]) -> User:
    return User(
        username=row["username"],
        display_name=row.get("display_name") or row["username"],
        roles=frozenset(Role(r) for r in row.get("roles") or [] if r in Role.__members__.values()),
        agency=row.get("agency"),
        operations=frozenset(row.get("operations") or []),
    )


def account_from_row(row: dict[str, Any]) -> AccountState:
    """The account as a session sees it (``version`` 0 for rows older than versions)."""
    return AccountState(
        user=user_from_row(row),
        disabled=bool(row.get("disabled")),
        version=int(row.get("version") or 0),
        source=str(row.get("source") or "local"),
    )


def add_user(
    driver: neo4j.Driver,
    *,
    audit: AuditLog,
    username: str,
    password: str,
    roles: list[Role],
    display_name: str | None = None,
    agency: str | None = None,
    operations: list[str] | None = None,
    added_by: str = "cli",
    database: str | None = None,
) -> User:
    """Create or update an account. Operational users need an agency and an operation."""
    username = username.strip().lower()
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise ValidationFailed("username: letters, digits, '.', '_' or '-' only")
    if not roles:
        raise ValidationFailed("a user needs at least one role")
    if Role.OPERATIONAL in roles and (not agency or not operations):
        raise ValidationFailed("an operational user needs --agency and at least one --operation")
    try:
        password_hash = hash_password(password)
        agency_code = normalise_agency(agency) if agency else None
    except ValueError as e:
        raise ValidationFailed(str(e)) from e
    store = UserStore(driver, database=database)
    store.upsert(
        username=username,
        display_name=display_name or username,
        roles=sorted(r.value for r in roles),
        agency=agency_code,
        operations=sorted(operations or []),
        password_hash=password_hash,
    )
    audit.record(
        added_by,
        AuditAction.ALTERATION,
        f"account {username} set with roles {sorted(r.value for r in roles)}",
        records=[f"user/{username}"],
    )
    row = store.get(username)
    assert row is not None
    return user_from_row(row)


def disable_user(
    driver: neo4j.Driver,
    username: str,
    *,
    audit: AuditLog,
    by: str = "cli",
    database: str | None = None,
) -> None:
    if not UserStore(driver, database=database).set_disabled(username.strip().lower(), True):
        raise ValidationFailed(f"no user named {username!r}")
    audit.record(
        by, AuditAction.ALTERATION, f"account {username} disabled", records=[f"user/{username}"]
    )


class SignInLimits:
    """How many failed sign-ins a client, or an account name, may make in a window."""

    def __init__(self, *, failures: int = 20, window: timedelta = timedelta(minutes=15)) -> None:
        self.failures = failures
        self.window = window


def _printable(text: str, limit: int = 64) -> str:
    return _UNPRINTABLE.sub("?", text)[:limit]


def authenticate(
    driver: neo4j.Driver,
    username: str,
    password: str,
    *,
    audit: AuditLog,
    client: str | None = None,
    limits: SignInLimits | None = None,
    database: str | None = None,
) -> User:
    """Check a password. Repeated failures lock the account for ``LOCKOUT``.

    Parameters
    ----------
    client:
        Where the attempt comes from (the board passes the browser's address); attempts are
        counted per client and per account name.

    Raises
    ------
    AccessDenied
        With one message for unknown user and wrong password alike, and a distinct one when
        the account is locked or disabled (the holder needs to know to ask an administrator)
        or too many attempts came from the client or for the name.
    """
    store = UserStore(driver, database=database)
    limits = limits or SignInLimits()
    account = username.strip().lower()
    name = _printable(account) or "(blank)"  # as counters and audit events name it
    origin = _printable(client or "unknown", 100)
    now = datetime.now(UTC)
    keys = [f"client:{origin}", f"name:{name}"]
    over, new = store.throttle_take(
        keys, limit=limits.failures, now=now, window_start=now - limits.window
    )
    if over:
        for key in new:
            what = "this client" if key.startswith("client:") else "this account name"
            audit.record(
                name,
                AuditAction.LOGIN,
                f"login refused: too many failed sign-ins from {what} (client {origin}); "
                f"further attempts are refused unchecked and unrecorded for "
                f"{int(limits.window.total_seconds() // 60)} minutes",
            )
        raise AccessDenied("too many failed sign-ins: wait a while before trying again")
    row = store.login_reserve(
        account, max_failures=MAX_FAILED_LOGINS, now=now, lock_until=now + LOCKOUT
    )
    if row is None:
        verify_password(_DUMMY_HASH, password)
        audit.record(name, AuditAction.LOGIN, f"login refused: unknown user (client {origin})")
        raise AccessDenied("wrong username or password")
    if row["disabled"]:
        audit.record(name, AuditAction.LOGIN, f"login refused: account disabled (client {origin})")
        raise AccessDenied("this account is disabled; ask an administrator")
    if row["locked"]:
        audit.record(name, AuditAction.LOGIN, f"login refused: account locked (client {origin})")
        raise AccessDenied("too many failed logins: this account is locked for a while")
    stored_hash = row.get("password_hash")
    # An account without a password (made for an identity-provider user) never signs in here;
    # the dummy hash is still checked so that the refusal costs the same time.
    matched = verify_password(stored_hash or _DUMMY_HASH, password) and bool(stored_hash)
    if not matched:
        audit.record(name, AuditAction.LOGIN, f"login refused: wrong password (client {origin})")
        raise AccessDenied("wrong username or password")
    store.login_ok(account)
    store.throttle_refund(keys, stale=now - timedelta(days=1))
    audit.record(name, AuditAction.LOGIN, "logged in")
    return user_from_row(row["user"])
