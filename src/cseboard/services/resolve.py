"""Use cases of entity resolution: search for duplicate people, review, merge and un-merge.

Only the practice lead may resolve people (``Permission.RESOLVE_PEOPLE``). Every merge and
un-merge, automatic or confirmed, writes a COMBINATION audit event naming the people, the merge
and the agency records concerned (ids only). Viewing candidates is audited as a consultation,
rejecting one as an alteration.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from cseboard.access.policy import Permission, require
from cseboard.errors import ValidationFailed
from cseboard.ingest.importer import ProgressCallback
from cseboard.models.resolve import (
    Candidate,
    CandidateStatus,
    CandidateView,
    MergeStatus,
    MergeView,
    PersonProfile,
    RefreshSummary,
)
from cseboard.models.users import AuditAction, User
from cseboard.resolve.candidates import (
    RejectedPairs,
    candidate_id,
    find_candidates,
    make_candidate,
)
from cseboard.resolve.features import features_of
from cseboard.resolve.scoring import Scorer
from cseboard.resolve.settings import ResolveSettings
from cseboard.services.context import ServiceContext
from cseboard.services.scope import forget_scopes
from cseboard.store.resolve import ResolveStore, StoredCandidate

__all__ = [
    "candidate",
    "candidate_counts",
    "candidates",
    "confirm_candidate",
    "find_duplicates",
    "merges",
    "reject_candidate",
    "unmerge",
]

_REVIEW = "duplicate people review"
_MAX_ROUNDS = 3


def _store(ctx: ServiceContext) -> ResolveStore:
    return ResolveStore(ctx.driver, database=ctx.database)


def _reason(reason: str | None) -> str:
    if reason is None or not reason.strip():
        raise ValidationFailed("give a reason (it is recorded with the decision)")
    return reason.strip()


def _survivor(candidate: Candidate, chosen: str | None) -> tuple[str, str]:
    """(survivor, absorbed): the person chosen, else the one with more records, else ``a``."""
    pair = (candidate.person_a, candidate.person_b)
    if chosen is not None:
        if chosen not in pair:
            raise ValidationFailed(f"{chosen} is not one of the pair ({', '.join(pair)})")
        return chosen, pair[1] if chosen == pair[0] else pair[0]
    if len(candidate.records_b) > len(candidate.records_a):
        return candidate.person_b, candidate.person_a
    return candidate.person_a, candidate.person_b


def _audit_merge(ctx: ServiceContext, user: User, merge: MergeView, *, how: str) -> None:
    ctx.audit.record(
        user,
        AuditAction.COMBINATION,
        f"{how} merge {merge.merge_id}: person {merge.absorbed} absorbed into {merge.survivor} "
        f"({len(merge.records)} agency records, {merge.relationships} relationships re-pointed)",
        records=[merge.merge_id, merge.survivor, merge.absorbed, *merge.records],
        justification=merge.reason,
    )


def _merge(
    ctx: ServiceContext,
    user: User,
    found: Candidate,
    *,
    reason: str,
    survivor: str | None,
    automatic: bool,
) -> MergeView:
    store = _store(ctx)
    keep, absorb = _survivor(found, survivor)
    merge = store.merge(
        keep,
        absorb,
        by=user.username,
        reason=reason,
        automatic=automatic,
        candidate_id=found.candidate_id,
        weight=found.weight,
    )
    store.decide(
        found.candidate_id,
        CandidateStatus.MERGED,
        person_a=found.person_a,
        person_b=found.person_b,
        records_a=found.records_a,
        records_b=found.records_b,
        by=user.username,
        reason=reason,
        weight=found.weight,
        merge_id=merge.merge_id,
    )
    _audit_merge(ctx, user, merge, how="automatic" if automatic else "confirmed")
    forget_scopes()
    return merge


def _rescore_around(
    ctx: ServiceContext, people: Sequence[str], config: ResolveSettings, prior: float | None
) -> int:
    """Replace open candidates naming ``people`` by fresh ones against the same other people."""
    store = _store(ctx)
    dropped = store.drop_candidates_of(list(people))
    others = {p for pair, _ in dropped for p in pair} - set(people)
    if not others:
        return 0
    if prior is None:
        prior = next((p for _, p in dropped if p is not None), None)
    profiles = {p.person_id: p for p in store.profiles([*people, *others])}
    rejected = RejectedPairs(store.rejected_pairs())
    scorer = Scorer(config.weights, prior=prior)
    fresh: list[Candidate] = []
    for person in people:
        if person not in profiles:
            continue
        mine = features_of(profiles[person])
        for other in sorted(others):
            if other not in profiles:
                continue
            theirs = features_of(profiles[other])
            if rejected.blocks(mine.record_keys, theirs.record_keys):
                continue
            if scorer.score(mine, theirs) >= config.review_threshold:
                fresh.append(make_candidate(mine, theirs, scorer, config.auto_merge_threshold))
    return store.write_candidates(fresh)


def find_duplicates(
    ctx: ServiceContext,
    user: User,
    *,
    auto_merge: bool | None = None,
    config: ResolveSettings | None = None,
    progress: ProgressCallback | None = None,
) -> RefreshSummary:
    """Search every person for likely duplicates and replace the open candidates with the result.

    With ``auto_merge`` (default from ``ResolveSettings``) pairs at or above the automatic
    threshold (same valid NHS number, nothing against) are merged at once, audited as
    automatic, listed with the other merges and reversible; the search then runs again on the
    merged people (at most three rounds).
    """
    require(user, Permission.RESOLVE_PEOPLE)
    config = config or ResolveSettings()
    auto = config.auto_merge if auto_merge is None else auto_merge
    store = _store(ctx)
    start = time.perf_counter()
    merged: list[str] = []
    rounds = 0
    while True:
        rounds += 1
        profiles = store.profiles()
        rejected = RejectedPairs(store.rejected_pairs())
        search = find_candidates(
            profiles,
            weights=config.weights,
            threshold=config.review_threshold,
            auto_threshold=config.auto_merge_threshold if auto else None,
            rejected=rejected,
            max_block=config.max_block,
            progress=progress,
        )
        automatic = [c for c in search.candidates if c.automatic]
        if not automatic or rounds > _MAX_ROUNDS:
            break
        touched: set[str] = set()
        for found in automatic:
            if found.person_a in touched or found.person_b in touched:
                continue  # the next round compares the merged person again
            touched.update((found.person_a, found.person_b))
            try:
                merge = _merge(
                    ctx,
                    user,
                    found,
                    reason="automatic: the same valid NHS number and nothing against",
                    survivor=None,
                    automatic=True,
                )
            except ValidationFailed:
                continue  # merged by someone else meanwhile: the next round sees it
            merged.append(merge.merge_id)
            if progress is not None:
                progress("automatic merges", len(merged), len(automatic))
    store.replace_open_candidates(search.candidates)
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"searched {search.people} people for duplicates: {len(search.candidates)} candidates, "
        f"{len(merged)} automatic merges",
        justification=_REVIEW,
    )
    return RefreshSummary(
        people=search.people,
        records=search.records,
        pairs_compared=search.pairs_compared,
        candidates=len(search.candidates),
        automatic_merges=len(merged),
        suppressed_rejected=search.suppressed_rejected,
        seconds=round(time.perf_counter() - start, 2),
        merges=tuple(merged),
    )


def _view(
    stored: StoredCandidate,
    profiles: dict[str, PersonProfile],
    config: ResolveSettings,
) -> CandidateView:
    found = stored.candidate
    a, b = profiles.get(found.person_a), profiles.get(found.person_b)
    live = found
    if stored.status is CandidateStatus.OPEN and a is not None and b is not None:
        scorer = Scorer(config.weights, prior=found.prior)
        live = make_candidate(
            features_of(a), features_of(b), scorer, config.auto_merge_threshold, values=True
        )
    return CandidateView(
        candidate=live,
        status=stored.status,
        found_at=stored.found_at,
        decided_by=stored.decided_by,
        decided_at=stored.decided_at,
        reason=stored.reason,
        records_a=a.records if a is not None else (),
        records_b=b.records if b is not None else (),
    )


def candidates(
    ctx: ServiceContext,
    user: User,
    *,
    status: CandidateStatus = CandidateStatus.OPEN,
    person_id: str | None = None,
    limit: int = 50,
    skip: int = 0,
    config: ResolveSettings | None = None,
) -> list[CandidateView]:
    """A page of candidates, strongest first, each explained live from both people's records."""
    require(user, Permission.RESOLVE_PEOPLE)
    config = config or ResolveSettings()
    store = _store(ctx)
    stored = store.candidates(status, person_id=person_id, skip=skip, limit=limit)
    ids = sorted({p for s in stored for p in (s.candidate.person_a, s.candidate.person_b)})
    profiles = {p.person_id: p for p in store.profiles(ids)} if ids else {}
    if ids:
        ctx.audit.record(
            user,
            AuditAction.CONSULTATION,
            f"viewed {len(stored)} {status.value} duplicate candidates",
            records=ids,
            justification=_REVIEW,
        )
    return [_view(s, profiles, config) for s in stored]


def candidate_counts(ctx: ServiceContext, user: User) -> dict[str, int]:
    """How many candidates are open, rejected and merged (no personal data)."""
    require(user, Permission.RESOLVE_PEOPLE)
    counts = _store(ctx).candidate_counts()
    return {status.value: counts.get(status.value, 0) for status in CandidateStatus}


def candidate(
    ctx: ServiceContext, user: User, candidate_id: str, *, config: ResolveSettings | None = None
) -> CandidateView:
    """One candidate with its live explanation and both people's records."""
    require(user, Permission.RESOLVE_PEOPLE)
    config = config or ResolveSettings()
    store = _store(ctx)
    stored = store.candidate(candidate_id)
    ids = [stored.candidate.person_a, stored.candidate.person_b]
    profiles = {p.person_id: p for p in store.profiles(ids)}
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"viewed duplicate candidate {candidate_id}",
        records=ids,
        justification=_REVIEW,
    )
    return _view(stored, profiles, config)


def confirm_candidate(
    ctx: ServiceContext,
    user: User,
    candidate_id: str,
    *,
    reason: str,
    survivor: str | None = None,
    config: ResolveSettings | None = None,
) -> MergeView:
    """Merge the pair: the absorbed person's records and relationships move to the survivor.

    Raises
    ------
    ValidationFailed
        Without a reason, when the candidate is not open, or when either person has since been
        merged into someone else.
    """
    require(user, Permission.RESOLVE_PEOPLE)
    config = config or ResolveSettings()
    why = _reason(reason)
    stored = _store(ctx).candidate(candidate_id)
    if stored.status is not CandidateStatus.OPEN:
        raise ValidationFailed(f"candidate {candidate_id} is {stored.status.value}, not open")
    merge = _merge(ctx, user, stored.candidate, reason=why, survivor=survivor, automatic=False)
    _rescore_around(ctx, [merge.survivor, merge.absorbed], config, stored.candidate.prior)
    return merge


def reject_candidate(
    ctx: ServiceContext, user: User, candidate_id: str, *, reason: str
) -> CandidateView:
    """Record that the pair are different people: it is never proposed again."""
    require(user, Permission.RESOLVE_PEOPLE)
    why = _reason(reason)
    store = _store(ctx)
    stored = store.candidate(candidate_id)
    if stored.status is not CandidateStatus.OPEN:
        raise ValidationFailed(f"candidate {candidate_id} is {stored.status.value}, not open")
    found = stored.candidate
    decided = store.decide(
        candidate_id,
        CandidateStatus.REJECTED,
        person_a=found.person_a,
        person_b=found.person_b,
        records_a=found.records_a,
        records_b=found.records_b,
        by=user.username,
        reason=why,
        weight=found.weight,
    )
    ctx.audit.record(
        user,
        AuditAction.ALTERATION,
        f"rejected duplicate candidate {candidate_id}: {found.person_a} and {found.person_b} "
        "are different people",
        records=[candidate_id, found.person_a, found.person_b],
        justification=why,
    )
    return CandidateView(
        candidate=decided.candidate,
        status=decided.status,
        found_at=decided.found_at,
        decided_by=decided.decided_by,
        decided_at=decided.decided_at,
        reason=decided.reason,
    )


def unmerge(
    ctx: ServiceContext,
    user: User,
    merge_id: str,
    *,
    reason: str,
    remember_rejection: bool = True,
    config: ResolveSettings | None = None,
) -> MergeView:
    """Undo a merge exactly: records, relationships and the absorbed person come back.

    With ``remember_rejection`` (the default) the pair is also recorded as different people, so
    neither a search nor an automatic merge joins them again.
    """
    require(user, Permission.RESOLVE_PEOPLE)
    config = config or ResolveSettings()
    why = _reason(reason)
    store = _store(ctx)
    before, survivor_records = store.merge_record(merge_id)
    undone = store.unmerge(merge_id, by=user.username, reason=why)
    forget_scopes()
    ctx.audit.record(
        user,
        AuditAction.COMBINATION,
        f"un-merged {merge_id}: person {undone.absorbed} separated again from {undone.survivor} "
        f"({len(undone.records)} agency records and their relationships restored)",
        records=[merge_id, undone.survivor, undone.absorbed, *undone.records],
        justification=why,
    )
    pair = sorted(
        [(undone.survivor, survivor_records), (undone.absorbed, list(before.records))],
        key=lambda p: p[0],
    )
    if remember_rejection:
        store.decide(
            candidate_id(undone.survivor, undone.absorbed),
            CandidateStatus.REJECTED,
            person_a=pair[0][0],
            person_b=pair[1][0],
            records_a=pair[0][1],
            records_b=pair[1][1],
            by=user.username,
            reason=f"un-merged: {why}",
            weight=before.weight,
            merge_id=merge_id,
        )
    _rescore_around(ctx, [undone.survivor, undone.absorbed], config, None)
    return undone


def merges(
    ctx: ServiceContext,
    user: User,
    *,
    status: MergeStatus | None = None,
    person_id: str | None = None,
    limit: int = 50,
    skip: int = 0,
) -> list[MergeView]:
    """Merges (automatic and confirmed), latest first: ids and counts, no personal data."""
    require(user, Permission.RESOLVE_PEOPLE)
    return _store(ctx).merges(status=status, person_id=person_id, skip=skip, limit=limit)
