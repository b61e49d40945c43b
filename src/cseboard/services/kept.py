"""Expensive results a board process keeps per user, reused while the graph has not changed.

A page shown again in a new session (another sign-in, another browser tab) would otherwise read
and compute everything afresh. Services keep what is expensive to compute (a user's projection
around some people, the oversight figures) here, keyed by:

- the user's whole identity as the session re-reads it at every page run (name, display
  name, roles, agency, operations) and the stored account's version (which changes on any
  edit of the account, disabling included): one user's result, which leaves out what *they*
  may not see, never serves another user, nor the same user after their account changed. A
  disabled account is never served a kept result, and results kept for an earlier identity or
  version of an account are dropped as soon as the account is seen again (so widening an
  account back never brings back what was kept before it was narrowed);
- the kind of result and its arguments;
- the graph's change marker (``store.projection.graph_marker``): an import, a report added on
  the board, a risk level, a merge or an erasure changes it, and nothing kept before is used.

Only computations are kept, never the audit: the service still writes the audit event of every
view, whether the result was kept or not. The size is ``Settings.result_cache_entries`` (0 turns
keeping off, as the tests do, since they change the graph behind the services' back).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from cseboard.models.users import User
from cseboard.services.context import ServiceContext
from cseboard.store.projection import graph_marker
from cseboard.store.users import UserStore

__all__ = ["KeptResults", "forget_kept", "forget_user_results", "kept"]

T = TypeVar("T")


class KeptResults:
    """A bounded, process-level store of results, least recently used first.

    ``key → (marker, value)``; the key is ``(owner, identity, name, arguments)``, where
    ``owner`` is the database and user name and ``identity`` the user's whole identity and
    account version. Values are shared read-only: callers never change what they get.
    """

    def __init__(self) -> None:
        self._entries: OrderedDict[Hashable, tuple[Hashable, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, marker: Hashable, fits: Callable[[Any], bool]) -> Any | None:
        """The kept value for ``key`` if the marker is unchanged and ``fits(value)``."""
        with self._lock:
            hit = self._entries.get(key)
            if hit is None or hit[0] != marker or not fits(hit[1]):
                return None
            self._entries.move_to_end(key)
            return hit[1]

    def put(self, key: Hashable, marker: Hashable, value: Any, *, limit: int) -> None:
        with self._lock:
            self._entries.pop(key, None)
            if limit < 1:
                return
            while len(self._entries) >= limit:
                self._entries.popitem(last=False)
            self._entries[key] = (marker, value)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def drop_owner(self, owner: Hashable, *, keep_identity: Hashable | None = None) -> int:
        """Drop the owner's results, except those of ``keep_identity``; returns how many."""
        with self._lock:
            gone = [
                k
                for k in self._entries
                if isinstance(k, tuple) and k[0] == owner and k[1] != keep_identity
            ]
            for k in gone:
                del self._entries[k]
            return len(gone)

    def __len__(self) -> int:
        return len(self._entries)


_KEPT = KeptResults()


def forget_kept() -> None:
    """Drop every kept result of this process."""
    _KEPT.clear()


def _owner(ctx: ServiceContext, username: str) -> tuple[int, str, str]:
    return (id(ctx.driver), ctx.database, username)


def forget_user_results(ctx: ServiceContext, username: str) -> None:
    """Drop every result kept for this user name (a session ended or was narrowed)."""
    _KEPT.drop_owner(_owner(ctx, username))


def kept(
    ctx: ServiceContext,
    user: User,
    name: str,
    key: Hashable,
    load: Callable[[], T],
    *,
    fits: Callable[[T], bool] | None = None,
) -> tuple[T, bool]:
    """``load()``'s result for this user, kind and arguments: kept, or computed and kept.

    Parameters
    ----------
    name, key:
        The kind of result and the arguments it depends on (besides the user and the graph).
    load:
        Computes the result (reads, analysis); never audits (the caller does, every time).
    fits:
        Whether a kept value may serve this call (e.g. its window ends close enough to now).

    Returns
    -------
    value, was_kept
    """
    limit = ctx.settings.result_cache_entries
    if limit < 1:
        return load(), False
    owner = _owner(ctx, user.username)
    account = UserStore(ctx.driver, database=ctx.database).session(user.username)
    if account is not None and account.get("disabled"):
        _KEPT.drop_owner(owner)
        return load(), False
    # No stored account (a test's or a benchmark's user): the identity alone keys the result.
    version = None if account is None else account.get("version")
    identity = (user.model_dump_json(), version)
    _KEPT.drop_owner(owner, keep_identity=identity)
    full_key = (owner, identity, name, key)
    marker = graph_marker(ctx.driver, database=ctx.database)
    found = _KEPT.get(full_key, marker, fits or (lambda _: True))
    if found is not None:
        value: T = found
        return value, True
    fresh = load()
    _KEPT.put(full_key, marker, fresh, limit=limit)
    return fresh, False
