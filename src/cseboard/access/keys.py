"""Secrets the application needs at run time, from configuration or made once locally."""

from __future__ import annotations

import secrets

from cseboard.config import Settings

__all__ = ["pseudonym_key"]


def pseudonym_key(settings: Settings) -> bytes:
    """The HMAC key of pseudonyms: configured, or generated once into ``secrets_dir`` (0600)."""
    configured = settings.pseudonym_key.get_secret_value()
    if configured:
        return configured.encode("utf-8")
    path = settings.secrets_dir / "pseudonym.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip().encode("utf-8")
