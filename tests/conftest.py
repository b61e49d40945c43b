"""Test fixtures: a real Neo4j 5 server, started by the project itself, wiped per test module.

Tests never touch the server the board uses: they start their own local server in
``.neo4j-test`` on another port, or use ``CSEBOARD_TEST_NEO4J_URI`` when it is set (that database
is wiped!). There is no mock of the database or the driver anywhere.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from pydantic import SecretStr

from cseboard.config import Settings
from cseboard.errors import CseBoardError
from cseboard.services.kept import forget_kept
from cseboard.services.scope import forget_scopes
from cseboard.store.admin import wipe_database
from cseboard.store.connection import connect, wait_until_ready
from cseboard.store.local_server import LocalNeo4j
from cseboard.store.schema import apply_schema

ROOT = Path(__file__).resolve().parents[1]
TEST_PORT = int(os.environ.get("CSEBOARD_TEST_BOLT_PORT", "17687"))
TEST_FILES = Path(tempfile.gettempdir()) / f"cseboard-test-{TEST_PORT}"
"""Rejects reports of test imports, and an (empty) import profiles folder: never the repo's."""
# Keys and audit anchors of the tests live beside the test server, never in the board's own
# folders; the CLI and the board (AppTest) run in-process and read the same variables.
TEST_SECRETS = Path(os.environ.get("CSEBOARD_TEST_NEO4J_HOME", str(ROOT / ".neo4j-test"))) / "secrets"
os.environ.setdefault("SECRETS_DIR", str(TEST_SECRETS))
os.environ.setdefault("AUDIT_ANCHOR_FILE", str(TEST_SECRETS / f"audit-anchors-{TEST_PORT}.jsonl"))


def _test_settings() -> Settings:
    external = os.environ.get("CSEBOARD_TEST_NEO4J_URI", "")
    return Settings(
        neo4j_uri=external,
        neo4j_user=os.environ.get("CSEBOARD_TEST_NEO4J_USER", "neo4j"),
        neo4j_password=SecretStr(os.environ.get("CSEBOARD_TEST_NEO4J_PASSWORD", "")),
        local_neo4j_home=Path(os.environ.get("CSEBOARD_TEST_NEO4J_HOME", str(ROOT / ".neo4j-test"))),
        local_neo4j_bolt_port=TEST_PORT,
        local_neo4j_heap="1g",
        local_neo4j_pagecache="512m",
        local_neo4j_tx_log_retention="256M size",
        import_reports_dir=TEST_FILES / "import-reports",
        partner_profiles_dir=TEST_FILES / "partners",
        result_cache_entries=0,  # tests write behind the services' back; see support.board
        _env_file=None,
    )


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Settings]:
    """Settings pointing at the test server, which is started (once) if it is not running."""
    settings = _test_settings()
    started = False
    if not settings.neo4j_uri:
        server = LocalNeo4j.from_settings(settings)
        try:
            started = server.start(server.password(), deadline_s=240)
        except CseBoardError as e:
            pytest.fail(f"could not start the test Neo4j: {e}")
    yield settings
    if started and os.environ.get("CSEBOARD_KEEP_TEST_NEO4J") != "1":
        LocalNeo4j.from_settings(settings).stop()


@pytest.fixture(scope="session")
def session_driver(neo4j_settings: Settings) -> Iterator[neo4j.Driver]:
    driver = connect(neo4j_settings)
    try:
        wait_until_ready(driver, deadline_s=120)
    except CseBoardError as e:
        pytest.fail(f"the test Neo4j did not answer: {e}")
    apply_schema(driver)
    yield driver
    driver.close()


@pytest.fixture(scope="module")
def driver(session_driver: neo4j.Driver) -> neo4j.Driver:
    """A driver to an empty database (with schema) at the start of each test module."""
    _wipe(session_driver)
    return session_driver


@pytest.fixture
def clean_driver(session_driver: neo4j.Driver) -> neo4j.Driver:
    """A driver to an empty database at the start of one test."""
    _wipe(session_driver)
    return session_driver


def _wipe(driver: neo4j.Driver) -> None:
    """Empty the database, and forget what described it: kept scopes, kept results and audit
    anchors."""
    wipe_database(driver)
    forget_scopes()
    forget_kept()
    Path(os.environ["AUDIT_ANCHOR_FILE"]).unlink(missing_ok=True)
