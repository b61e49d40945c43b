"""Local accounts: adding users, logging in with lock-out, and turning stored rows into ``User``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import neo4j

from cseboard.access.audit import AuditLog
from cseboard.access.passwords import hash_password, verify_password
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.models.exchange import normalise_agency
from cseboard.models.users import AuditAction, Role, User
from cseboard.store.users import UserStore

__all__ = [
    "LOCKOUT",
    "MAX_FAILED_LOGINS",
    "add_user",
    "authenticate",
    "disable_user",
    "user_from_row",
]

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
# Verified against when the username is unknown, so both paths cost the same argon2 work.
_DUMMY_HASH = hash_password("not-a-real-password-0000")


def user_from_row(row: dict[str, Any]) -> User:
    return User(
        username=row["username"],
        display_name=row.get("display_name") or row["username"],
        roles=frozenset(Role(r) for r in row.get("roles") or []),
        agency=row.get("agency"),
        operations=frozenset(row.get("operations") or []),
    )


def add_user(
    driver: neo4j.Driver,
    *,
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
    AuditLog(driver, database=database).record(
        added_by,
        AuditAction.ALTERATION,
        f"account {username} set with roles {sorted(r.value for r in roles)}",
        records=[f"user/{username}"],
    )
    row = store.get(username)
    assert row is not None
    return user_from_row(row)


def disable_user(
    driver: neo4j.Driver, username: str, *, by: str = "cli", database: str | None = None
) -> None:
    if not UserStore(driver, database=database).set_disabled(username.strip().lower(), True):
        raise ValidationFailed(f"no user named {username!r}")
    AuditLog(driver, database=database).record(
        by, AuditAction.ALTERATION, f"account {username} disabled", records=[f"user/{username}"]
    )


def authenticate(
    driver: neo4j.Driver, username: str, password: str, *, database: str | None = None
) -> User:
    """Check a password. Repeated failures lock the account for ``LOCKOUT``.

    Raises
    ------
    AccessDenied
        With one message for unknown user and wrong password alike, and a distinct one when
        the account is locked or disabled (the holder needs to know to ask an administrator).
    """
    store = UserStore(driver, database=database)
    audit = AuditLog(driver, database=database)
    name = username.strip().lower()
    row = store.get(name)
    now = datetime.now(UTC)
    if row is None:
        verify_password(_DUMMY_HASH, password)
        audit.record(name or "(blank)", AuditAction.LOGIN, "login refused: unknown user")
        raise AccessDenied("wrong username or password")
    if row.get("disabled"):
        audit.record(name, AuditAction.LOGIN, "login refused: account disabled")
        raise AccessDenied("this account is disabled; ask an administrator")
    locked_until = row.get("locked_until")
    if locked_until is not None and locked_until > now:
        audit.record(name, AuditAction.LOGIN, "login refused: account locked")
        raise AccessDenied("too many failed logins: this account is locked for a while")
    if not verify_password(row.get("password_hash") or _DUMMY_HASH, password):
        store.login_failed(name, max_failures=MAX_FAILED_LOGINS, lock_until=now + LOCKOUT)
        audit.record(name, AuditAction.LOGIN, "login refused: wrong password")
        raise AccessDenied("wrong username or password")
    store.login_ok(name)
    audit.record(name, AuditAction.LOGIN, "logged in")
    return user_from_row(row)
