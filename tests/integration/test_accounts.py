"""Accounts: added and listed without hashes, brute-force lock-out, disabled users refused."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from typer.testing import CliRunner

from cseboard.access.accounts import MAX_FAILED_LOGINS
from cseboard.cli import app
from cseboard.config import Settings
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.models.users import Role, User
from cseboard.services.accounts import add_account, disable_account, list_accounts, log_in
from cseboard.services.context import ServiceContext
from cseboard.store.connection import resolve_target
from cseboard.store.operations import OperationStore

ADMIN = User(username="dpo", display_name="DPO", roles=frozenset({Role.ADMIN}))
LEAD = User(username="lead", display_name="Lead", roles=frozenset({Role.PRACTICE_LEAD}))
PASSWORD = "correct horse battery"  # noqa: S105 (a test account)
runner = CliRunner()


@pytest.fixture
def ctx(clean_driver: neo4j.Driver, neo4j_settings: Settings) -> ServiceContext:
    OperationStore(clean_driver).upsert("OP-TEST", "Operation Test", by="test")
    return ServiceContext(clean_driver, neo4j_settings)


@pytest.fixture
def as_external(neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    target = resolve_target(neo4j_settings)
    monkeypatch.setenv("NEO4J_URI", target.uri)
    monkeypatch.setenv("NEO4J_USER", target.user)
    monkeypatch.setenv("NEO4J_PASSWORD", target.password)
    yield


def test_admin_adds_and_lists_accounts_without_hashes(ctx: ServiceContext) -> None:
    account = add_account(
        ctx,
        ADMIN,
        username="Ops.Police",
        password=PASSWORD,
        roles=["operational"],
        agency="police",
        operations=["OP-TEST"],
        display_name="PC Example",
    )
    assert account.username == "ops.police" and account.roles == ["operational"]
    listed = list_accounts(ctx, ADMIN)
    assert [a.username for a in listed] == ["ops.police"]
    assert "hash" not in listed[0].model_dump_json()
    user = log_in(ctx, "ops.police", PASSWORD)
    assert user.agency == "police" and user.operations == frozenset({"OP-TEST"})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"password": "short"}, "12 characters"),
        ({"roles": ["superuser"]}, "role"),
        ({"roles": ["operational"], "operations": ["OP-TEST"]}, "agency"),
        ({"roles": ["operational"], "agency": "police", "operations": ["OP-NONE"]}, "operation"),
        ({"username": "bad name!"}, "username"),
    ],
)
def test_invalid_accounts_are_refused(
    ctx: ServiceContext, kwargs: dict[str, object], message: str
) -> None:
    values: dict[str, object] = {
        "username": "new.user",
        "password": PASSWORD,
        "roles": ["strategic"],
    }
    values.update(kwargs)
    with pytest.raises(ValidationFailed, match=message):
        add_account(ctx, ADMIN, **values)  # type: ignore[arg-type]


def test_existing_names_are_not_overwritten_and_only_admins_manage(ctx: ServiceContext) -> None:
    add_account(ctx, ADMIN, username="board", password=PASSWORD, roles=["strategic"])
    with pytest.raises(ValidationFailed, match="already exists"):
        add_account(
            ctx,
            ADMIN,
            username="board",
            password="another password!",  # noqa: S106
            roles=["admin"],
        )
    with pytest.raises(AccessDenied):
        add_account(ctx, LEAD, username="x.y", password=PASSWORD, roles=["admin"])
    with pytest.raises(AccessDenied):
        list_accounts(ctx, LEAD)
    with pytest.raises(ValidationFailed, match="own account"):
        disable_account(
            ctx, User(username="board", display_name="b", roles=frozenset({Role.ADMIN})), "board"
        )


def test_brute_force_is_locked_out_after_five_failures(ctx: ServiceContext) -> None:
    add_account(ctx, ADMIN, username="board", password=PASSWORD, roles=["strategic"])
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(AccessDenied, match="wrong username or password"):
            log_in(ctx, "board", "guess-guess-guess")
    with pytest.raises(AccessDenied, match="locked"):
        log_in(ctx, "board", PASSWORD)
    account = next(a for a in list_accounts(ctx, ADMIN) if a.username == "board")
    assert account.failed_logins == MAX_FAILED_LOGINS and account.locked_until is not None
    refusals = [e.what for e in ctx.audit.events(username="board", action="login")]
    wrong = [r for r in refusals if r.startswith("login refused: wrong password")]
    assert len(wrong) == MAX_FAILED_LOGINS
    assert refusals[-1].startswith("login refused: account locked")


def test_disabled_users_are_refused(ctx: ServiceContext) -> None:
    add_account(ctx, ADMIN, username="board", password=PASSWORD, roles=["strategic"])
    assert log_in(ctx, "board", PASSWORD).username == "board"
    disable_account(ctx, ADMIN, "board")
    with pytest.raises(AccessDenied, match="disabled"):
        log_in(ctx, "board", PASSWORD)
    assert next(a for a in list_accounts(ctx, ADMIN) if a.username == "board").disabled
    event = ctx.audit.events(username="dpo", action="alteration")[-1]
    assert event.records == ["user/board"] and "disabled" in event.what


def test_users_commands(ctx: ServiceContext, as_external: None) -> None:
    result = runner.invoke(
        app,
        [
            "users",
            "add",
            "board",
            "--role",
            "strategic",
            "--display-name",
            "Board member",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app, ["users", "add", "weak", "--role", "admin", "--password-stdin"], input="short\n"
    )
    assert result.exit_code == 1 and "12 characters" in result.output
    result = runner.invoke(
        app, ["users", "add", "typed", "--role", "admin"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["users", "list"])
    assert result.exit_code == 0 and "board" in result.output and "argon2" not in result.output
    assert runner.invoke(app, ["users", "disable", "board"]).exit_code == 0
    with pytest.raises(AccessDenied, match="disabled"):
        log_in(ctx, "board", PASSWORD)
    assert runner.invoke(app, ["users", "disable", "nobody"]).exit_code == 1
    added = ctx.audit.events(action="alteration")
    assert any(e.username.startswith("cli:") and e.records == ["user/typed"] for e in added)
