"""How are these two people connected? The k shortest chains of links a user may see.

Chains are searched on the user's own projection (``user_projection``): the same links, with
the same evidence, as their scope, their chart and the analysis, never a report their agency
may not read. The search grows outwards from both people a neighbourhood at a time (each read
gives its people exactly the whole window's links), so it costs a few neighbourhood reads, not
a read of the whole window. Where a shorter chain exists only through restricted reports, the
answer names the agency holding them and whom to ask, never the people on it. People outside
an operational user's scope may be on a chain, without their names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import networkx as nx

from cseboard.access.policy import Permission, require
from cseboard.access.scope import PersonScope, may_see_item
from cseboard.analysis.explain import shortest_chains
from cseboard.errors import NotFound, ValidationFailed
from cseboard.models.analysis import AnalysisParams, Chain
from cseboard.models.evidence import EvidenceSet
from cseboard.models.paths import PathAnswer, PathChain, PathHop, PathRecord, RestrictedShorter
from cseboard.models.users import AuditAction, Role, User
from cseboard.services.analysis import analysis_params
from cseboard.services.context import ServiceContext
from cseboard.services.projection import user_projection
from cseboard.services.records import person_label
from cseboard.services.scope import require_person
from cseboard.store.casework import CaseworkStore

__all__ = [
    "DEFAULT_K",
    "DEFAULT_MAX_HOPS",
    "MAX_FRONTIER",
    "MAX_HOPS",
    "MAX_K",
    "find_chains",
    "resolve_person",
]

DEFAULT_K = 3
MAX_K = 10
DEFAULT_MAX_HOPS = 4
MAX_HOPS = 8
MAX_FRONTIER = 3000
"""Most people one step of the search reads around; beyond it the search stops and says so."""
EPISODE_CATEGORY = "missing_episode"


def resolve_person(ctx: ServiceContext, reference: str) -> str:
    """A person id from a person id or an agency record key (``agency/source_ref``).

    Raises
    ------
    NotFound
        When no person has that id or no record that key.
    """
    text = reference.strip()
    store = CaseworkStore(ctx.driver, database=ctx.database)
    if "/" in text:
        found = store.person_of_record(text)
        if found is None:
            raise NotFound(f"no person has the agency record {text}")
        return found
    if not store.people([text]):
        raise NotFound(f"no person {text}")
    return text


@dataclass
class _Known:
    """What the search has read so far: links of the people read around, and their records."""

    graph: nx.Graph = field(default_factory=nx.Graph)
    records: dict[str, PathRecord] = field(default_factory=dict)
    restricted: dict[str, str] = field(default_factory=dict)
    """Restricted report id → holding agency (reports the user may not read)."""
    names: dict[str, str | None] = field(default_factory=dict)
    roles: dict[str, str | None] = field(default_factory=dict)
    read: set[str] = field(default_factory=set)

    def add(self, people: set[str], graph: nx.Graph, evidence: EvidenceSet) -> None:
        """Keep the links of ``people`` (exact: read around them) and the records behind them."""
        for person in people:
            self.graph.add_node(person)
            if person not in graph:
                continue
            for other, data in graph[person].items():
                self.graph.add_edge(person, other, **data)
        for p in evidence.persons:
            self.names.setdefault(p.person_id, p.label)
            self.roles.setdefault(p.person_id, p.role)
        for i in evidence.intelligence:
            self.records.setdefault(
                i.intel_id,
                PathRecord(
                    record_id=i.intel_id,
                    agency=i.agency,
                    grading=i.grading,
                    category=i.category,
                    reported_at=i.reported_at,
                ),
            )
        for e in evidence.episodes:
            self.records.setdefault(
                e.episode_id,
                PathRecord(
                    record_id=e.episode_id,
                    agency=e.agency,
                    grading="record",
                    category=EPISODE_CATEGORY,
                    reported_at=e.reported_missing_at,
                ),
            )
        self.read |= people

    def chains(self, a: str, b: str, *, k: int, max_hops: int) -> list[Chain]:
        if a not in self.graph or b not in self.graph:
            return []
        return shortest_chains(self.graph, a, b, k=k, max_hops=max_hops)


@dataclass(frozen=True)
class _Search:
    chains: list[Chain]
    known: _Known
    searched: int
    """Every chain of at most this many links was searched."""
    stopped: bool
    """The search stopped early because a neighbourhood was too large to read."""


def _search(
    ctx: ServiceContext,
    user: User,
    params: AnalysisParams,
    a: str,
    b: str,
    *,
    k: int,
    max_hops: int,
    keep_restricted: bool,
) -> _Search:
    """Grow from both ends, the smaller side first, until the k best chains are known.

    After ``d_a`` steps from ``a`` and ``d_b`` from ``b``, every chain of at most ``d_a + d_b``
    links is in ``known.graph`` (each of its links touches a person read around), so the k
    best of those are the k best of all once there are k of them.
    """
    known = _Known()
    depth = {a: 0, b: 0}
    seen: dict[str, dict[str, int]] = {a: {a: 0}, b: {b: 0}}
    frontier: dict[str, set[str]] = {a: {a}, b: {b}}
    while True:
        bound = depth[a] + depth[b]
        exhausted = not frontier[a] or not frontier[b]
        if bound > 0 or exhausted:
            limit = max_hops if exhausted else min(bound, max_hops)
            chains = known.chains(a, b, k=k, max_hops=limit)
            if len(chains) >= k or bound >= max_hops or exhausted:
                return _Search(chains, known, limit, stopped=False)
        side = a if len(frontier[a]) <= len(frontier[b]) else b
        people = frontier[side] - known.read
        if len(people) > MAX_FRONTIER:
            chains = known.chains(a, b, k=k, max_hops=min(bound, max_hops))
            return _Search(chains, known, min(bound, max_hops), stopped=True)
        if people:
            seen_ = user_projection(
                ctx, user, params, around=sorted(people), keep_restricted=keep_restricted
            ).projection
            known.add(people, seen_.graph, seen_.evidence)
            if keep_restricted:
                for i in seen_.evidence.intelligence:
                    if not may_see_item(
                        user,
                        holder=i.agency,
                        handling_code=i.handling_code,
                        conditions=i.handling_conditions,
                    ):
                        known.restricted[i.intel_id] = i.agency
        depth[side] += 1
        following = {v for u in frontier[side] if u in known.graph for v in known.graph[u]}
        following -= set(seen[side])
        for v in following:
            seen[side][v] = depth[side]
        frontier[side] = following


def _restricted_shorter(
    ctx: ServiceContext,
    user: User,
    params: AnalysisParams,
    a: str,
    b: str,
    *,
    shorter_than: int,
) -> RestrictedShorter | None:
    """Whom to ask when the records the user may not read hold a shorter chain."""
    if shorter_than < 2:
        return None
    found = _search(ctx, user, params, a, b, k=1, max_hops=shorter_than - 1, keep_restricted=True)
    if not found.chains:
        return None
    chain = found.chains[0]
    holders = Counter(
        found.known.restricted[i]
        for hop in chain.hops
        for e in hop.evidence
        for i in e.ids
        if i in found.known.restricted
    )
    if not holders:
        return None
    agency = sorted(holders.items(), key=lambda x: (-x[1], x[0]))[0][0]
    contact = ctx.settings.agency_contacts.get(agency) or (
        f"the {agency.replace('_', ' ')} single point of contact"
    )
    return RestrictedShorter(agency=agency, contact=contact, hops=len(chain.hops))


def _records(known: _Known, ids: Iterable[str]) -> list[PathRecord]:
    found = [known.records[i] for i in dict.fromkeys(ids) if i in known.records]
    earliest = datetime.min.replace(tzinfo=UTC)
    return sorted(found, key=lambda r: (r.reported_at or earliest, r.record_id))


def _answer_chains(
    chains: list[Chain], known: _Known, scope: PersonScope
) -> tuple[list[PathChain], int]:
    """Chains as the user may see them: people outside scope numbered, never named."""
    unnamed: dict[str, int] = {}

    def who(pid: str) -> tuple[str | None, str, str]:
        if scope.covers(pid):
            role = known.roles.get(pid)
            kind = role if role in ("young_person", "associate") else "person"
            return pid, person_label(pid, {"label": known.names.get(pid)}), str(kind)
        number = unnamed.setdefault(pid, len(unnamed) + 1)
        return None, f"Person outside your scope ({number})", "unnamed"

    result = []
    for chain in chains:
        shown = [who(p) for p in chain.persons]
        hops = [
            PathHop(
                source=shown[i][0],
                target=shown[i + 1][0],
                source_label=shown[i][1],
                target_label=shown[i + 1][1],
                weight=round(hop.weight, 6),
                weakest=i == chain.weakest,
                kinds=list(hop.kinds),
                evidence=_records(known, (x for e in hop.evidence for x in e.ids)),
            )
            for i, hop in enumerate(chain.hops)
        ]
        result.append(
            PathChain(
                people=[s[0] for s in shown],
                labels=[s[1] for s in shown],
                kinds=[s[2] for s in shown],
                hops=hops,
            )
        )
    return result, len(unnamed)


def find_chains(
    ctx: ServiceContext,
    user: User,
    start: str,
    end: str,
    *,
    purpose: str | None,
    k: int = DEFAULT_K,
    max_hops: int = DEFAULT_MAX_HOPS,
    min_grading: str | None = None,
    window_days: int = 365,
    now: datetime | None = None,
) -> PathAnswer:
    """The ``k`` shortest chains of links between two people, each hop with its records.

    ``start`` and ``end`` are person ids or agency record keys (``agency/source_ref``). Both
    people go through ``require_person`` (purpose, scope, audit, as a profile view does), and
    the chains viewed are recorded as one more CONSULTATION with the purpose.

    Raises
    ------
    AccessDenied
        Without the network permission, or for a person outside the user's scope.
    ValidationFailed
        Without a purpose, for the same person twice, or bounds out of range.
    NotFound
        An unknown person or record.
    """
    require(user, Permission.VIEW_NETWORK)
    if not 1 <= k <= MAX_K:
        raise ValidationFailed(f"ask for 1 to {MAX_K} chains")
    if not 1 <= max_hops <= MAX_HOPS:
        raise ValidationFailed(f"chains of 1 to {MAX_HOPS} links")
    if not purpose or not purpose.strip():
        raise ValidationFailed("say why you are looking for the connection (purpose)")
    a, b = resolve_person(ctx, start), resolve_person(ctx, end)
    if a == b:
        raise ValidationFailed("choose two different people")
    require_person(ctx, user, a, purpose=purpose)
    scope = require_person(ctx, user, b, purpose=purpose)
    moment = now or datetime.now(UTC)
    params = analysis_params(
        ctx, window_end=moment, window_days=window_days, min_grading=min_grading
    )
    found = _search(ctx, user, params, a, b, k=k, max_hops=max_hops, keep_restricted=False)
    chains, unnamed = _answer_chains(found.chains, found.known, scope)
    notes = []
    if found.stopped:
        notes.append(
            f"Only chains of up to {found.searched} links were searched: the network around "
            "these people is too large to search further here. Narrow the window or the "
            "grading."
        )
    if unnamed:
        notes.append(
            f"{unnamed} person(s) on these chains are outside your operation's scope: they "
            "are shown without a name."
        )
    restricted = None
    if not user.has(Role.PRACTICE_LEAD):
        shortest = len(chains[0].hops) if chains else max_hops + 1
        restricted = _restricted_shorter(ctx, user, params, a, b, shorter_than=shortest)
        if restricted is not None:
            notes.append(
                f"A shorter chain ({restricted.hops} links) exists only through records that "
                f"{restricted.agency.replace('_', ' ')} holds with handling conditions that "
                f"exclude your agency. Ask {restricted.contact} if you need it."
            )
    answer = PathAnswer(
        source=a,
        target=b,
        source_label=person_label(a, {"label": found.known.names.get(a)}),
        target_label=person_label(b, {"label": found.known.names.get(b)}),
        chains=chains,
        restricted_shorter=restricted,
        k=k,
        max_hops=max_hops,
        min_grading=min_grading,
        window_start=moment - timedelta(days=window_days),
        window_end=moment,
        unnamed=unnamed,
        notes=notes,
    )
    named = [p for c in chains for p in c.people if p is not None]
    records = [r.record_id for c in chains for h in c.hops for r in h.evidence]
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"viewed the chains of links between {a} and {b}: {len(chains)} chain(s)",
        records=[a, b, *named, *records],
        justification=purpose.strip(),
    )
    return answer
