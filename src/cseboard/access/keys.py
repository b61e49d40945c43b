"""Secrets the application needs at run time, from configuration or made once locally.

Every key lives outside Neo4j: whoever holds the database password must not hold these too.
A generated key file is created with mode 0600 from its first byte (never written
world-readable and chmod-ed after) and published atomically, so two processes starting at once
agree on one key.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from pydantic import SecretStr

from cseboard.config import Settings

__all__ = ["audit_key", "private_file", "pseudonym_key", "tombstone_key", "write_private"]


def write_private(path: Path, data: bytes) -> None:
    """Write ``path`` readable by its owner only (0600 from creation), replacing it atomically.

    The bytes go to a new temporary file in the same folder, created 0600 with ``O_EXCL``, and
    are then renamed over ``path``; a reader sees the old file or the new one, never a part.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


def private_file(path: Path, make: bytes) -> bytes:
    """The content of ``path``, creating it with ``make`` (0600) when it does not exist.

    Creation links a complete temporary file into place, which fails if another process got
    there first: the loser reads the winner's key, so everyone uses the same one.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(make)
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            temporary.unlink()
    return path.read_bytes()


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
