"""Runs board pages in Streamlit's AppTest as a given user against the test Neo4j."""

from __future__ import annotations

import os
from pathlib import Path

from streamlit.testing.v1 import AppTest

from cseboard.config import Settings
from cseboard.models.users import Role, User
from cseboard.store.connection import resolve_target

__all__ = ["BOARD", "ROOT", "page", "point_board_at", "user"]

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
        RESULT_CACHE_ENTRIES="0",
    )


def user(username: str, *roles: Role, agency: str | None = None, operations: tuple[str, ...] = ()) -> User:
    return User(username=username, display_name=username, roles=frozenset(roles), agency=agency,
                operations=frozenset(operations))


def page(name: str, as_user: User | None, *, timeout: float = 60, **state: object) -> AppTest:
    """Run ``src/cseboard/board/<name>`` signed in as ``as_user`` (None: signed out)."""
    import time

    at = AppTest.from_file(str(BOARD / name), default_timeout=timeout)
    if as_user is not None:
        at.session_state["cseboard_user"] = as_user.model_dump(mode="json")
        at.session_state["cseboard_last_active"] = time.monotonic()
        at.session_state["cseboard_purposes"] = {}
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()
