"""Stable pseudonyms for oversight views: a keyed HMAC, so they cannot be reversed by guessing."""

from __future__ import annotations

import base64
import hashlib
import hmac

__all__ = ["pseudonym"]


def pseudonym(person_id: str, key: bytes, *, prefix: str = "YP") -> str:
    """``YP-7KQ2M4XD`` style: the same person and key always give the same pseudonym.

    Examples
    --------
    >>> pseudonym("P-1", b"k" * 32) == pseudonym("P-1", b"k" * 32)
    True
    >>> pseudonym("P-1", b"k" * 32) != pseudonym("P-1", b"x" * 32)
    True
    """
    digest = hmac.new(key, person_id.encode("utf-8"), hashlib.sha256).digest()
    return f"{prefix}-{base64.b32encode(digest).decode('ascii')[:8]}"
