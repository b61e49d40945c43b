"""Accounts as use cases: signing in, and the administrator listing, adding and disabling users.

The board and the CLI call these, never the account store directly. Adding or disabling an
account is audited (as an alteration) in ``access.accounts``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from cseboard.access.accounts import (
    SignInLimits,
    account_from_row,
    add_user,
    authenticate,
    disable_user,
)
from cseboard.access.passwords import check_password_strength
from cseboard.access.policy import Permission, require
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.models.oversight import Account
from cseboard.models.users import AccountState, AuditAction, Role, User
from cseboard.services.context import ServiceContext
from cseboard.store.operations import OperationStore
from cseboard.store.users import UserStore

__all__ = [
    "account_state",
    "add_account",
    "disable_account",
    "list_accounts",
    "log_in",
    "oidc_sign_in",
]


def log_in(
    ctx: ServiceContext, username: str, password: str, *, client: str | None = None
) -> User:
    """Authenticate a local account (lock-out, throttling and audit are ``access``'s)."""
    limits = SignInLimits(
        failures=ctx.settings.login_max_failures,
        window=timedelta(minutes=ctx.settings.login_failure_window_minutes),
    )
    return authenticate(
        ctx.driver,
        username,
        password,
        audit=ctx.audit,
        client=client,
        limits=limits,
        database=ctx.database,
    )


def account_state(ctx: ServiceContext, username: str) -> AccountState | None:
    """The account as it stands now, for a signed-in session to re-read at every page run."""
    row = UserStore(ctx.driver, database=ctx.database).session(username)
    return None if row is None else account_from_row(row)


def oidc_sign_in(ctx: ServiceContext, claims: User) -> AccountState:
    """Sign in a user of the identity provider: their row is made or refreshed (so that an
    administrator can see and disable them) and the sign-in is audited.

    Raises
    ------
    AccessDenied
        The claims carry no role of the board, the account is disabled in the board (whatever
        the claims say), or the name belongs to a local account.
    """
    if not claims.roles:
        raise AccessDenied("your organisation gives you no role on this board")
    row = UserStore(ctx.driver, database=ctx.database).oidc_seen(
        username=claims.username,
        display_name=claims.display_name,
        roles=sorted(r.value for r in claims.roles),
        agency=claims.agency,
        operations=sorted(claims.operations),
    )
    account = account_from_row(row)
    if account.source != "oidc":
        ctx.audit.record(
            claims.username, AuditAction.LOGIN, "login refused: name of a local account"
        )
        raise AccessDenied("this name belongs to a local account; ask an administrator")
    if account.disabled:
        ctx.audit.record(
            claims.username, AuditAction.LOGIN, "login refused: account disabled (provider)"
        )
        raise AccessDenied("this account is disabled on the board; ask an administrator")
    ctx.audit.record(claims.username, AuditAction.LOGIN, "logged in through the identity provider")
    return account.model_copy(update={"user": claims})


def list_accounts(ctx: ServiceContext, user: User) -> list[Account]:
    """Every account without its password hash."""
    require(user, Permission.MANAGE_USERS)
    accounts = []
    for row in UserStore(ctx.driver, database=ctx.database).all():
        accounts.append(
            Account(
                username=row["username"],
                display_name=row.get("display_name") or row["username"],
                roles=sorted(row.get("roles") or []),
                agency=row.get("agency"),
                operations=sorted(row.get("operations") or []),
                disabled=bool(row.get("disabled")),
                locked_until=row.get("locked_until"),
                failed_logins=int(row.get("failed_logins") or 0),
                last_login_at=row.get("last_login_at"),
            )
        )
    return accounts


def add_account(
    ctx: ServiceContext,
    user: User,
    *,
    username: str,
    password: str,
    roles: Iterable[Role | str],
    display_name: str | None = None,
    agency: str | None = None,
    operations: Iterable[str] = (),
) -> Account:
    """Create an account; an existing name is refused (so a typo cannot reset someone's access).

    Raises
    ------
    ValidationFailed
        For an unknown role, a password under 12 characters, an operational user without an
        agency or operation, an unknown operation, or a name already taken.
    """
    require(user, Permission.MANAGE_USERS)
    try:
        role_list = sorted({Role(r) for r in roles})
    except ValueError as e:
        raise ValidationFailed(f"role: one of {', '.join(r.value for r in Role)}") from e
    try:
        check_password_strength(password)
    except ValueError as e:
        raise ValidationFailed(str(e)) from e
    name = username.strip().lower()
    store = UserStore(ctx.driver, database=ctx.database)
    if name and store.get(name) is not None:
        raise ValidationFailed(f"a user named {name!r} already exists")
    wanted = sorted({o.strip() for o in operations if o and o.strip()})
    if wanted:
        known = {o["operation_id"] for o in OperationStore(ctx.driver, database=ctx.database).all()}
        unknown = [o for o in wanted if o not in known]
        if unknown:
            raise ValidationFailed(f"operation: no operation {', '.join(unknown)}")
    add_user(
        ctx.driver,
        audit=ctx.audit,
        username=name,
        password=password,
        roles=role_list,
        display_name=(display_name or "").strip() or None,
        agency=(agency or "").strip() or None,
        operations=wanted,
        added_by=user.username,
        database=ctx.database,
    )
    return next(a for a in list_accounts(ctx, user) if a.username == name)


def disable_account(ctx: ServiceContext, user: User, username: str) -> None:
    """Disable an account at once (its sessions end at their next page view).

    Raises
    ------
    ValidationFailed
        For an unknown name, or an administrator disabling their own account (which could
        leave nobody able to administer the board).
    """
    require(user, Permission.MANAGE_USERS)
    name = username.strip().lower()
    if name == user.username:
        raise ValidationFailed("you cannot disable your own account")
    disable_user(ctx.driver, name, audit=ctx.audit, by=user.username, database=ctx.database)
