"""What every service function is handed: the store, the settings and the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import neo4j

from cseboard.access.audit import AuditLog
from cseboard.access.keys import audit_key
from cseboard.config import Settings

__all__ = ["ServiceContext", "audit_log"]


@dataclass(frozen=True)
class ServiceContext:
    """Dependencies of the use cases; the caller owns the driver."""

    driver: neo4j.Driver
    settings: Settings

    @property
    def database(self) -> str:
        return self.settings.neo4j_database

    @cached_property
    def audit(self) -> AuditLog:
        """The audit log, keyed with the chain's key and anchored in the configured file."""
        return audit_log(self.driver, self.settings)


def audit_log(driver: neo4j.Driver, settings: Settings) -> AuditLog:
    """An audit log that can write, verify and anchor (the key and anchor file of ``settings``)."""
    return AuditLog(
        driver,
        key=audit_key(settings),
        anchor_file=settings.audit_anchor_file,
        database=settings.neo4j_database,
    )
