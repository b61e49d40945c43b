"""Sign-in as a use case: the board calls this, never the account store directly."""

from __future__ import annotations

import neo4j

from cseboard.access.accounts import authenticate
from cseboard.models.users import User

__all__ = ["log_in"]


def log_in(
    driver: neo4j.Driver, username: str, password: str, *, database: str | None = None
) -> User:
    """Authenticate a local account (lock-out and audit are handled in ``access``)."""
    return authenticate(driver, username, password, database=database)
