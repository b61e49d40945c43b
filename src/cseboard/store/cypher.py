"""Loads named Cypher statements from the project's ``cypher/`` folder.

Statements are static text with ``$parameters``; nothing is ever formatted into them.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import LiteralString

from cseboard.errors import StoreError

__all__ = ["cypher_dir", "query", "statements"]


def cypher_dir() -> Path:
    """``$CSEBOARD_CYPHER_DIR`` or the ``cypher/`` folder at the project root."""
    configured = os.environ.get("CSEBOARD_CYPHER_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "cypher"


@cache
def _read(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise StoreError(f"invalid statement name {name!r}")
    path = cypher_dir() / f"{name}.cypher"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StoreError(f"no Cypher statement named {name!r} at {path}") from None


def query(name: str) -> LiteralString:
    """The single statement in ``cypher/<name>.cypher``."""
    text = _read(name).strip().rstrip(";").strip()
    # The text comes from a file in the repository, never from input: a literal in spirit.
    return text


def statements(name: str) -> list[LiteralString]:
    """Every ``;``-terminated statement of a multi-statement file (``//`` comment lines dropped)."""
    lines = [ln for ln in _read(name).splitlines() if not ln.strip().startswith("//")]
    parts = "\n".join(lines).split(";")
    return [p.strip() for p in parts if p.strip()]
