"""``cseboard users``: add, list and disable local accounts (through the admin services)."""

from __future__ import annotations

import getpass
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cseboard.cli_support import open_driver
from cseboard.config import Settings
from cseboard.errors import CseBoardError
from cseboard.models.users import Role, User

__all__ = ["AsUser", "admin_user", "fail", "users_app"]

users_app = typer.Typer(help="Local accounts: add, list, disable.", no_args_is_help=True)
console = Console(stderr=True)


def fail(error: CseBoardError) -> typer.Exit:
    """Print the error and exit 1 (the CLI's convention)."""
    console.print(f"[red]error:[/red] {error}")
    return typer.Exit(code=1)


def admin_user(as_user: str | None, settings: Settings) -> User:
    """Who an administration command acts as.

    ``--as`` names an account (unknown or disabled accounts are refused) whose roles then
    apply. Without it, the operator, who holds the database credentials and so could do all
    of this directly, acts as administrator and is recorded as ``cli:<os user>``.
    """
    from cseboard.access.accounts import user_from_row
    from cseboard.store.users import UserStore

    if as_user is None:
        return User(
            username=f"cli:{getpass.getuser()}",
            display_name="command line",
            roles=frozenset({Role.ADMIN}),
        )
    with open_driver(settings) as driver:
        row = UserStore(driver, database=settings.neo4j_database).get(as_user.strip().lower())
    if row is None or row.get("disabled"):
        raise CseBoardError(f"no active user named {as_user!r}")
    return user_from_row(row)


AsUser = Annotated[str | None, typer.Option("--as", help="Act as this user (their roles apply).")]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="Username: letters, digits, '.', '_' or '-'.")],
    roles: Annotated[
        list[str],
        typer.Option("--role", help="practice_lead, operational, strategic or admin (repeat)."),
    ],
    agency: Annotated[
        str | None, typer.Option("--agency", help="Agency code (operational users).")
    ] = None,
    operations: Annotated[
        list[str] | None, typer.Option("--operation", help="Operation id (repeat).")
    ] = None,
    display_name: Annotated[str | None, typer.Option("--display-name")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    as_user: AsUser = None,
) -> None:
    """Add an account; the password is asked twice (hidden) unless --password-stdin."""
    from cseboard.services.accounts import add_account
    from cseboard.services.context import ServiceContext

    settings = Settings()
    password = _password(password_stdin)
    try:
        actor = admin_user(as_user, settings)
        with open_driver(settings) as driver:
            account = add_account(
                ServiceContext(driver, settings),
                actor,
                username=name,
                password=password,
                roles=roles,
                display_name=display_name,
                agency=agency,
                operations=operations or [],
            )
    except CseBoardError as e:
        raise fail(e) from e
    console.print(f"Added {account.username} ({', '.join(account.roles)}).")


@users_app.command("list")
def users_list(as_user: AsUser = None) -> None:
    """List accounts (never their password hashes)."""
    from cseboard.services.accounts import list_accounts
    from cseboard.services.context import ServiceContext

    settings = Settings()
    try:
        actor = admin_user(as_user, settings)
        with open_driver(settings) as driver:
            accounts = list_accounts(ServiceContext(driver, settings), actor)
    except CseBoardError as e:
        raise fail(e) from e
    table = Table(title="Accounts")
    for column in ("username", "name", "roles", "agency", "operations", "status", "failed"):
        table.add_column(column)
    for a in accounts:
        table.add_row(
            a.username,
            a.display_name,
            ", ".join(a.roles),
            a.agency or "",
            ", ".join(a.operations),
            "disabled" if a.disabled else "active",
            str(a.failed_logins),
        )
    Console(width=None if console.is_terminal else 150).print(table)


@users_app.command("disable")
def users_disable(
    name: Annotated[str, typer.Argument(help="Username to disable.")], as_user: AsUser = None
) -> None:
    """Disable an account at once."""
    from cseboard.services.accounts import disable_account
    from cseboard.services.context import ServiceContext

    settings = Settings()
    try:
        actor = admin_user(as_user, settings)
        with open_driver(settings) as driver:
            disable_account(ServiceContext(driver, settings), actor, name)
    except CseBoardError as e:
        raise fail(e) from e
    console.print(f"Disabled {name.strip().lower()}.")
