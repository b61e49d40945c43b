"""Which Neo4j to use and how to open a driver to it; the caller owns and closes the driver."""

from __future__ import annotations

import time
from dataclasses import dataclass

import neo4j
from neo4j import GraphDatabase

from cseboard.config import Settings
from cseboard.errors import StoreError
from cseboard.store import local_server
from cseboard.store.base import GraphStore

__all__ = ["Target", "connect", "resolve_target", "wait_until_ready"]


@dataclass(frozen=True)
class Target:
    """Where the store lives: an external server (``NEO4J_URI``) or the project's local one."""

    uri: str
    user: str
    password: str
    database: str
    external: bool


def resolve_target(settings: Settings) -> Target:
    """``NEO4J_URI`` wins when set; otherwise the local server and its generated password."""
    if settings.neo4j_uri:
        return Target(
            uri=settings.neo4j_uri,
            user=settings.neo4j_user,
            password=settings.neo4j_password.get_secret_value(),
            database=settings.neo4j_database,
            external=True,
        )
    server = local_server.LocalNeo4j.from_settings(settings)
    return Target(
        uri=server.bolt_uri,
        user="neo4j",
        password=settings.neo4j_password.get_secret_value() or server.password(),
        database=settings.neo4j_database,
        external=False,
    )


def connect(settings: Settings) -> neo4j.Driver:
    """A driver for the configured target (not yet verified: see ``wait_until_ready``)."""
    target = resolve_target(settings)
    # Notices such as "property key does not exist" are expected on a young database.
    return GraphDatabase.driver(
        target.uri,
        auth=(target.user, target.password),
        notifications_disabled_classifications=["UNRECOGNIZED"],
    )


def wait_until_ready(
    driver: neo4j.Driver, *, deadline_s: float = 60.0, database: str | None = None
) -> None:
    """Poll until Bolt answers and the database (default: the server's) serves a query, then
    fail with the last error once the deadline passes: a server just started, or a database just
    replaced on disk, opens Bolt before the database is online."""
    stop = time.monotonic() + deadline_s
    while True:
        try:
            driver.verify_connectivity()
            GraphStore(driver, database=database).read("database_ready")
            return
        except (
            neo4j.exceptions.ServiceUnavailable,
            neo4j.exceptions.SessionExpired,
            OSError,
            StoreError,  # the database is not online yet (after the driver's own retries)
        ) as e:
            if time.monotonic() > stop:
                raise StoreError(f"Neo4j did not answer within {deadline_s:.0f} s: {e}") from e
            time.sleep(0.5)
        except neo4j.exceptions.AuthError as e:
            raise StoreError(f"Neo4j refused the credentials: {e}") from e
