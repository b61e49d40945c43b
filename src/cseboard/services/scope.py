"""The people a user may consult: an operational user's cohort and the people linked to it.

"Linked" means a strong link of the person graph *that user* may see (``services.projection``'s
``user_projection``, the links their charts draw and the ones that count in clusters, roles and
alerts), within the analysis window (``ANALYSIS_WINDOW_DAYS``). A handling-code C report the
user's agency may not read never puts anyone in scope, and neither does a record older than the
window. Weak links (one co-location, a report from a source graded 3) only explain: at region
scale they would put about a hundred strangers seen at the same shop or in the same taxi into a
school user's scope; strong links put about two dozen.

Working the scope out reads the evidence around the cohort, so a result is kept for
``SCOPE_CACHE_SECONDS`` per user (the whole account: another user, or the same user with other
roles, agency or operations, never gets it) while the graph's change marker
(``store.projection.graph_marker``, the one ``services.kept`` compares) is unchanged: an import,
a report added, a merge or an erasure in any process is seen at the next page. It is also
dropped whenever a cohort, a person or a merge changes in this process (``forget_scopes``).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from datetime import UTC, datetime

from cseboard.access.policy import Permission, require
from cseboard.access.scope import PersonScope
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.models.users import AuditAction, Role, User
from cseboard.services.analysis import analysis_params
from cseboard.services.context import ServiceContext
from cseboard.services.projection import user_projection
from cseboard.store.operations import OperationStore
from cseboard.store.projection import graph_marker

__all__ = ["all_cohorts", "forget_scopes", "person_scope", "require_person"]

_KEEP = 256
_CACHE: OrderedDict[tuple[str, str, str, int], tuple[float, Hashable, PersonScope]] = (
    OrderedDict()
)
_LOCK = threading.Lock()


def forget_scopes() -> None:
    """Drop every kept scope (a cohort, a person or a merge changed)."""
    with _LOCK:
        _CACHE.clear()


def _key(ctx: ServiceContext, user: User) -> tuple[str, str, str, int]:
    return (
        ctx.settings.neo4j_uri,
        ctx.database,
        user.model_dump_json(),
        ctx.settings.analysis_window_days,
    )


def _build(ctx: ServiceContext, user: User) -> PersonScope:
    cohort = OperationStore(ctx.driver, database=ctx.database).cohort(sorted(user.operations))
    if not cohort:
        return PersonScope(frozenset(), frozenset())
    params = analysis_params(
        ctx, window_end=datetime.now(UTC), window_days=ctx.settings.analysis_window_days
    )
    strong = user_projection(ctx, user, params, around=sorted(cohort)).projection.strong
    linked = {other for member in cohort if member in strong for other in strong[member]}
    return PersonScope(frozenset(cohort | linked), frozenset(cohort))


def person_scope(ctx: ServiceContext, user: User) -> PersonScope:
    """The people a user may see; refuses roles with no casework view at all.

    The practice lead sees everyone. An operational user sees their operations' cohorts and
    the people one strong link away from a cohort member in the person graph they may see, over
    the analysis window.
    """
    require(user, Permission.VIEW_PERSON)
    if user.has(Role.PRACTICE_LEAD):
        return PersonScope(None, frozenset())
    ttl = ctx.settings.scope_cache_seconds
    key = _key(ctx, user)
    now = time.monotonic()
    marker: Hashable = graph_marker(ctx.driver, database=ctx.database) if ttl > 0 else None
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None and now - hit[0] <= ttl and hit[1] == marker:
            _CACHE.move_to_end(key)
            return hit[2]
    scope = _build(ctx, user)
    if ttl > 0:
        with _LOCK:
            _CACHE[key] = (now, marker, scope)
            _CACHE.move_to_end(key)
            while len(_CACHE) > _KEEP:
                _CACHE.popitem(last=False)
    return scope


def all_cohorts(ctx: ServiceContext) -> set[str]:
    """Every operation's cohort members (the practice lead's list of people to open)."""
    operations = OperationStore(ctx.driver, database=ctx.database)
    return operations.cohort([str(o["operation_id"]) for o in operations.all()])


def require_person(
    ctx: ServiceContext, user: User, person_id: str, *, purpose: str | None
) -> PersonScope:
    """Check that the user may consult this person, and audit the consultation or the refusal.

    Raises
    ------
    ValidationFailed
        Without a stated purpose (asked at the first view of a person in a session).
    AccessDenied
        Outside the user's role or scope; the refusal is audited too.
    """
    audit = ctx.audit
    try:
        scope = person_scope(ctx, user)
    except AccessDenied:
        audit.record(user, AuditAction.REFUSAL, "person record refused: role", records=[person_id])
        raise
    if not scope.covers(person_id):
        audit.record(
            user,
            AuditAction.REFUSAL,
            "person record refused: outside the user's cohorts",
            records=[person_id],
            justification=purpose,
        )
        raise AccessDenied("this person is outside your operation's cohort")
    if not purpose or not purpose.strip():
        raise ValidationFailed("say why you are viewing this record (purpose)")
    audit.record(
        user,
        AuditAction.CONSULTATION,
        "viewed person record",
        records=[person_id],
        justification=purpose.strip(),
    )
    return scope
