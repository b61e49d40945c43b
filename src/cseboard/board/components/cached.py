"""Service results kept for the signed-in user of one board session, per page cache and arguments.

Every page that keeps a result between reruns keeps it here, so that three rules hold in one
place:

- a result belongs to one user: the store holds the results of a single user (their name,
  roles, agency and operations); another user, or the same user with a changed role or
  operation, starts from empty, and signing in or out empties it (``forget_all``);
- a result is kept per page cache (``name``) and argument set (``key``), never shared
  between sessions (unlike ``st.cache_data``);
- each load calls the service, which checks access and writes the audit event of the view;
  a rerun of the page with the same arguments shows the kept result, as a page redrawn is not
  a new consultation. Pages drop a result (``forget``) when what it shows has changed or the
  user asks for the records again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import streamlit as st

from cseboard.models.users import User

__all__ = ["CACHE", "PageCache", "cached", "forget", "forget_all"]

CACHE = "cseboard_cache"
"""The session-state key of the store (tests read kept results through it)."""

T = TypeVar("T")


@dataclass
class PageCache:
    """One user's kept results: ``entries[name][key] = (loaded at, result)``, oldest first."""

    owner: str
    entries: dict[str, dict[Hashable, tuple[float, Any]]] = field(default_factory=dict)


def _store(user: User) -> PageCache:
    owner = user.model_dump_json()
    store: PageCache | None = st.session_state.get(CACHE)
    if store is None or store.owner != owner:
        store = PageCache(owner)
        st.session_state[CACHE] = store
    return store


def cached(
    user: User,
    name: str,
    key: Hashable,
    load: Callable[[], T],
    *,
    keep: int | None = None,
    ttl: float | None = None,
) -> T:
    """The result of ``load()`` for this user, page cache and arguments; loaded on first use.

    Parameters
    ----------
    user:
        The signed-in user; results of anyone else are never returned.
    name:
        The page cache (one per kind of result, e.g. ``"profile"``).
    key:
        The arguments the result depends on (besides the user).
    load:
        Calls the service. When it raises, nothing is kept and the error reaches the page.
    keep:
        At most this many results under ``name``; the oldest goes first. ``None``: no bound.
    ttl:
        Seconds after which a kept result is loaded again. ``None``: until forgotten.
    """
    entries = _store(user).entries.setdefault(name, {})
    now = time.monotonic()
    hit = entries.get(key)
    if hit is not None and (ttl is None or now - hit[0] <= ttl):
        value: T = hit[1]
        return value
    result = load()
    entries.pop(key, None)
    if keep is not None:
        while len(entries) >= keep:
            entries.pop(next(iter(entries)))
    entries[key] = (now, result)
    return result


def forget(name: str, *keys: Hashable) -> None:
    """Drop the results kept under ``name`` for these keys (every key when none is given)."""
    store: PageCache | None = st.session_state.get(CACHE)
    if store is None or name not in store.entries:
        return
    if not keys:
        del store.entries[name]
    for key in keys:
        store.entries[name].pop(key, None)


def forget_all() -> None:
    """Drop every kept result (sign-in and sign-out)."""
    st.session_state.pop(CACHE, None)
