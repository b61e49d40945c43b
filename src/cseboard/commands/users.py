"""``cseboard users``: add, list and disable local accounts (through the admin services)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from cseboard.cli_support import AsUser, acting_as, console, wide_console
from cseboard.models.users import Role

__all__ = ["users_app"]

users_app = typer.Typer(help="Local accounts: add, list, disable.", no_args_is_help=True)


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

    password = _password(password_stdin)
    with acting_as(as_user, default_role=Role.ADMIN) as (ctx, actor):
        account = add_account(
            ctx,
            actor,
            username=name,
            password=password,
            roles=roles,
            display_name=display_name,
            agency=agency,
            operations=operations or [],
        )
    console.print(f"Added {account.username} ({', '.join(account.roles)}).")


@users_app.command("list")
def users_list(as_user: AsUser = None) -> None:
    """List accounts (never their password hashes)."""
    from cseboard.services.accounts import list_accounts

    with acting_as(as_user, default_role=Role.ADMIN) as (ctx, actor):
        accounts = list_accounts(ctx, actor)
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
    wide_console().print(table)


@users_app.command("disable")
def users_disable(
    name: Annotated[str, typer.Argument(help="Username to disable.")], as_user: AsUser = None
) -> None:
    """Disable an account at once."""
    from cseboard.services.accounts import disable_account

    with acting_as(as_user, default_role=Role.ADMIN) as (ctx, actor):
        disable_account(ctx, actor, name)
    console.print(f"Disabled {name.strip().lower()}.")
