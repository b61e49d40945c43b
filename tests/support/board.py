"""Runs board pages in Streamlit's AppTest as a given user against the test Neo4j."""

from __future__ import annotations

import os
from pathlib import Path

from streamlit.testing.v1 import AppTest

from cseboard.board.session import session_entries
from cseboard.config import Settings
from cseboard.models.users import AccountState, Role, User
from cseboard.store.connection import connect, resolve_target
from cseboard.store.users import UserStore

__all__ = ["BOARD", "ROOT", "account_for", "page", "point_board_at", "user"]

ROOT = Path(__file__).resolve().parents[2]
BOARD = ROOT / "src" / "cseboard" / "board"


def point_board_at(settings: Settings) -> None:
    """Make the board's own ``Settings()`` read the test server (AppTest runs in-process).

    Keeping results per process (``services.kept``) is off, as in every test's settings: tests change the
    graph behind the services' back (raw Cypher), which no change marker can see; the tests of
    the cache turn it on themselves.
    """
    target = resolve_target(settings)
    os.environ.update(
        NEO4J_URI=target.uri, NEO4J_USER=target.user, NEO4J_PASSWORD=target.password,
        NEO4J_DATABASE=target.database, PSEUDONYM_KEY="test-pseudonym-key-not-secret",
        IMPORT_REPORTS_DIR=str(settings.import_reports_dir),
        PARTNER_PROFILES_DIR=str(settings.partner_profiles_dir),
        RESULT_CACHE_ENTRIES="0",
    )


def user(username: str, *roles: Role, agency: str | None = None, operations: tuple[str, ...] = ()) -> User:
    return User(username=username, display_name=username, roles=frozenset(roles), agency=agency,
                operations=frozenset(operations))


def account_for(as_user: User) -> AccountState:
    """Store ``as_user`` as a local account (no password) in the board's database, as it is:
    a session re-reads its account at every page run."""
    settings = Settings()
    driver = connect(settings)
    try:
        store = UserStore(driver, database=settings.neo4j_database)
        store.upsert(
            username=as_user.username,
            display_name=as_user.display_name,
            roles=sorted(r.value for r in as_user.roles),
            agency=as_user.agency,
            operations=sorted(as_user.operations),
            password_hash=None,
        )
        row = store.session(as_user.username)
    finally:
        driver.close()
    assert row is not None
    return AccountState(user=as_user, version=int(row["version"]), source="local")


def page(name: str, as_user: User | None, *, timeout: float = 60, **state: object) -> AppTest:
    """Run ``src/cseboard/board/<name>`` signed in as ``as_user`` (None: signed out)."""
    at = AppTest.from_file(str(BOARD / name), default_timeout=timeout)
    if as_user is not None:
        for key, value in session_entries(as_user, account_for(as_user)).items():
            at.session_state[key] = value
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()
