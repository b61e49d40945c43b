"""Attacks on board sessions: a session must not outlive, or outgrow, its account.

Each test signs a user in (the board's own session entries), changes the account behind the
session's back as an administrator would, and runs the page again. The identity provider is
simulated with AppTest's ``user`` (no provider is contacted).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import neo4j
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from cseboard.board.components.cached import CACHE
from cseboard.board.session import session_entries
from cseboard.config import Settings
from cseboard.models.users import AccountState, Role, User
from cseboard.services.accounts import add_account, disable_account
from cseboard.services.context import ServiceContext
from cseboard.store.operations import OperationStore
from cseboard.store.users import UserStore
from support.board import BOARD, point_board_at

ADMIN = User(username="dpo", display_name="DPO", roles=frozenset({Role.ADMIN}))
PASSWORD = "correct horse battery"  # noqa: S105 (a test account)


@pytest.fixture(scope="module")
def ctx(driver: neo4j.Driver, neo4j_settings: Settings) -> Iterator[ServiceContext]:
    point_board_at(neo4j_settings)
    st.cache_resource.clear()
    OperationStore(driver).upsert("OP-A", "Operation A", by="test")
    OperationStore(driver).upsert("OP-B", "Operation B", by="test")
    yield ServiceContext(driver, neo4j_settings)
    st.cache_resource.clear()


def signed_in(ctx: ServiceContext, username: str, file: str, **shift: float) -> AppTest:
    """A page run by a session of ``username`` signed in now (``shift`` moves its clocks)."""
    row = UserStore(ctx.driver).session(username)
    assert row is not None
    account = AccountState(
        user=User(
            username=row["username"],
            display_name=row["display_name"],
            roles=frozenset(Role(r) for r in row["roles"]),
            agency=row.get("agency"),
            operations=frozenset(row.get("operations") or []),
        ),
        version=row["version"],
    )
    entries = session_entries(account.user, account)
    state = dict(entries["cseboard_session"])  # type: ignore[arg-type]
    for key, seconds in shift.items():
        state[key] = float(state[key]) - seconds
    entries["cseboard_session"] = state
    at = AppTest.from_file(str(BOARD / file), default_timeout=60)
    for key, value in entries.items():
        at.session_state[key] = value
    return at.run()


def test_a_disabled_account_loses_its_session_at_the_next_page(ctx: ServiceContext) -> None:
    add_account(ctx, ADMIN, username="board1", password=PASSWORD, roles=["strategic"])
    at = signed_in(ctx, "board1", "overview_page.py")
    assert not at.exception and at.metric
    disable_account(ctx, ADMIN, "board1")
    at.run()
    assert not at.exception and not at.metric
    assert "cseboard_session" not in at.session_state
    assert "disabled" in at.session_state["cseboard_ended"]


def test_a_removed_role_takes_effect_at_once_and_drops_kept_results(
    ctx: ServiceContext,
) -> None:
    add_account(ctx, ADMIN, username="lead1", password=PASSWORD, roles=["practice_lead"])
    at = signed_in(ctx, "lead1", "inbox_page.py")
    assert not at.exception and not at.error
    at.session_state[CACHE] = "a result kept for the practice lead"
    UserStore(ctx.driver).upsert(
        username="lead1",
        display_name="lead1",
        roles=["strategic"],
        agency=None,
        operations=[],
        password_hash=None,
    )
    at.run()
    assert not at.exception
    assert at.error and "may not review intelligence" in at.error[0].value
    assert CACHE not in at.session_state or (
        at.session_state[CACHE] != "a result kept for the practice lead"
    )
    kept = at.session_state["cseboard_session"]["user"]
    assert kept["roles"] == ["strategic"]


def test_a_removed_operation_narrows_the_session(ctx: ServiceContext) -> None:
    add_account(
        ctx,
        ADMIN,
        username="ops1",
        password=PASSWORD,
        roles=["operational"],
        agency="education",
        operations=["OP-A", "OP-B"],
    )
    at = signed_in(ctx, "ops1", "meeting_page.py")
    assert not at.exception
    UserStore(ctx.driver).upsert(
        username="ops1",
        display_name="ops1",
        roles=["operational"],
        agency="education",
        operations=["OP-B"],
        password_hash=None,
    )
    at.run()
    assert not at.exception
    assert at.session_state["cseboard_session"]["user"]["operations"] == ["OP-B"]
    assert not any("OP-A" in key for key in at.session_state["cseboard_purposes"])


def test_a_new_password_ends_the_session(ctx: ServiceContext) -> None:
    add_account(ctx, ADMIN, username="board2", password=PASSWORD, roles=["strategic"])
    at = signed_in(ctx, "board2", "overview_page.py")
    assert at.metric
    UserStore(ctx.driver).upsert(
        username="board2",
        display_name="board2",
        roles=["strategic"],
        agency=None,
        operations=[],
        password_hash="$argon2id$v=19$m=65536,t=3,p=4$reset",  # noqa: S106 (not a real hash)
    )
    at.run()
    assert not at.metric and "cseboard_session" not in at.session_state


def test_activity_does_not_keep_a_session_alive_beyond_its_lifetime(ctx: ServiceContext) -> None:
    """Attack: keep clicking so the idle timer never runs out."""
    add_account(ctx, ADMIN, username="board3", password=PASSWORD, roles=["strategic"])
    hours = ctx.settings.session_max_hours
    at = signed_in(ctx, "board3", "overview_page.py", signed_in_at=hours * 3600 + 60)
    assert not at.metric
    assert "maximum length" in at.session_state["cseboard_ended"]


def test_an_idle_session_ends(ctx: ServiceContext) -> None:
    add_account(ctx, ADMIN, username="board4", password=PASSWORD, roles=["strategic"])
    idle = ctx.settings.session_idle_minutes * 60 + 5
    at = signed_in(ctx, "board4", "overview_page.py", last_active=idle)
    assert not at.metric and "without activity" in at.session_state["cseboard_ended"]


# -- the identity provider (simulated) -----------------------------------------------------------


@pytest.fixture
def oidc(ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("OIDC_ENABLED", "true")
    st.cache_resource.clear()
    yield
    monkeypatch.delenv("OIDC_ENABLED")
    st.cache_resource.clear()


def provider_page(claims: dict[str, object], file: str = "overview_page.py") -> AppTest:
    at = AppTest.from_file(str(BOARD / file), default_timeout=60)
    at.user = {"is_logged_in": True, **claims}
    return at.run()


def test_a_provider_user_disabled_on_the_board_is_signed_out_there_too(
    ctx: ServiceContext, oidc: None
) -> None:
    """Attack: the provider still vouches for someone the board has disabled; without
    ``st.logout`` its cookie would sign them straight back in at the next run."""
    at = provider_page({"email": "sso1@council.example", "name": "SSO", "roles": ["strategic"]})
    assert not at.exception and at.metric
    disable_account(ctx, ADMIN, "sso1@council.example")
    at.run()
    assert not at.metric
    assert at.user == {"is_logged_in": False}  # st.logout() was called
    at.run()
    assert not at.metric and "cseboard_session" not in at.session_state


def test_a_disabled_provider_user_is_refused_whatever_the_claims_say(
    ctx: ServiceContext, oidc: None
) -> None:
    provider_page({"email": "sso2@council.example", "roles": ["practice_lead"]})
    disable_account(ctx, ADMIN, "sso2@council.example")
    at = provider_page({"email": "sso2@council.example", "roles": ["practice_lead"]})
    assert not at.metric and "cseboard_session" not in at.session_state
    refused = ctx.audit.events(username="sso2@council.example", action="login")
    assert refused[-1].what == "login refused: account disabled (provider)"
    at.run()
    assert len(ctx.audit.events(username="sso2@council.example", action="login")) == len(refused)


def test_claims_are_read_again_at_every_run(ctx: ServiceContext, oidc: None) -> None:
    at = provider_page({"email": "sso3@council.example", "roles": ["practice_lead"]}, "inbox_page.py")
    assert not at.error
    at.user = {"is_logged_in": True, "email": "sso3@council.example", "roles": ["strategic"]}
    at.run()
    assert at.error and "may not review intelligence" in at.error[0].value
    at.user = {"is_logged_in": True, "email": "sso3@council.example", "roles": []}
    at.run()
    assert "cseboard_session" not in at.session_state
    assert at.user == {"is_logged_in": False}


def test_a_provider_session_that_times_out_signs_out_at_the_provider(
    ctx: ServiceContext, oidc: None
) -> None:
    at = provider_page({"email": "sso4@council.example", "roles": ["strategic"]})
    assert at.metric
    state = dict(at.session_state["cseboard_session"])
    state["last_active"] = time.time() - ctx.settings.session_idle_minutes * 60 - 5
    at.session_state["cseboard_session"] = state
    at.run()
    assert not at.metric and at.user == {"is_logged_in": False}


def test_signing_out_signs_out_at_the_provider(ctx: ServiceContext, oidc: None) -> None:
    at = provider_page({"email": "sso5@council.example", "roles": ["strategic"]})
    assert at.metric
    out = AppTest.from_file(str(BOARD / "logout_page.py"), default_timeout=60)
    out.user = dict(at.user)
    out.run()
    assert not out.exception
    assert out.user == {"is_logged_in": False}
