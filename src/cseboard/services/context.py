"""What every service function is handed: the store, the settings and the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import neo4j

from cseboard.access.audit import AuditLog
from cseboard.config import Settings

__all__ = ["ServiceContext"]


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
        return AuditLog(self.driver, database=self.database)
