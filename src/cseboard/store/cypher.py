"""Loads named Cypher statements shipped with the package as ``cseboard.cypher``.

The statements live in the repository's top-level ``cypher/`` folder, which the build maps into the
package (``pyproject.toml``), so an installed copy finds them exactly as a checkout does. They are
static text with ``$parameters``; nothing is ever formatted into them.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import LiteralString

from cseboard.errors import StoreError

__all__ = ["query", "statements"]

_PACKAGE = "cseboard.cypher"


@cache
def _read(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise StoreError(f"invalid statement name {name!r}")
    resource = files(_PACKAGE).joinpath(f"{name}.cypher")
    try:
        return resource.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StoreError(f"no Cypher statement named {name!r} in {_PACKAGE}") from None


def query(name: str) -> LiteralString:
    """The single statement in ``cypher/<name>.cypher``."""
    text = _read(name).strip().rstrip(";").strip()
    # The text comes from a file shipped with the package, never from input: a literal in spirit.
    return text


def statements(name: str) -> list[LiteralString]:
    """Every ``;``-terminated statement of a multi-statement file (``//`` comment lines dropped)."""
    lines = [ln for ln in _read(name).splitlines() if not ln.strip().startswith("//")]
    parts = "\n".join(lines).split(";")
    return [p.strip() for p in parts if p.strip()]
