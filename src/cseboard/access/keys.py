"""Secrets the application needs at run time, from configuration or made once locally.

Every key lives outside Neo4j: whoever holds the database password must not hold these too.
A generated key file is created with mode 0600 from its first byte (never written
world-readable and chmod-ed after) and published atomically, so two processes starting at once
agree on one key.
"""

from __future__ import annotations

import secrets

from pydantic import SecretStr

from cseboard.config import Settings
from cseboard.private_files import private_file

__all__ = ["audit_key", "pseudonym_key", "tombstone_key"]


def _key(settings: Settings, configured: SecretStr, name: str) -> bytes:
    value = configured.get_secret_value()
    if value:
        return value.encode("utf-8")
    made = secrets.token_hex(32).encode("ascii")
    return private_file(settings.secrets_dir / name, made).strip()


def pseudonym_key(settings: Settings) -> bytes:
    """The HMAC key of pseudonyms: configured, or generated once into ``secrets_dir`` (0600)."""
    return _key(settings, settings.pseudonym_key, "pseudonym.key")


def audit_key(settings: Settings) -> bytes:
    """The HMAC key of the audit chain: configured (``AUDIT_KEY``) or generated once (0600)."""
    return _key(settings, settings.audit_key, "audit.key")


def tombstone_key(settings: Settings) -> bytes:
    """The HMAC key of erasure tombstones: ``TOMBSTONE_KEY`` or generated once (0600)."""
    return _key(settings, settings.tombstone_key, "tombstone.key")
