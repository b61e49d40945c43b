"""Use cases of place resolution: find the same place across agencies, review, merge, un-merge.

Like people's resolution (``services.resolve``): only the practice lead may resolve places
(``Permission.RESOLVE_PLACES``); a search merges automatically only pairs whose postcodes are
the same and whose names agree with nothing against, and proposes the rest for review; every
merge and un-merge writes a COMBINATION audit event (automatic merges of one search in one event
naming each merge); confirming or rejecting needs a reason; an un-merge puts the location
records back and remembers the pair as different places. Imports run a search afterwards, so
hotspots and co-location count a place once as soon as its records arrive.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from cseboard.access.policy import Permission, require
from cseboard.errors import ValidationFailed
from cseboard.models.places import (
    PlaceCandidate,
    PlaceCandidateView,
    PlaceProfile,
    PlaceResolveSummary,
)
from cseboard.models.resolve import CandidateStatus, MergeStatus, MergeView
from cseboard.models.users import AuditAction, User
from cseboard.resolve.candidates import RejectedPairs
from cseboard.resolve.places import (
    PlaceSettings,
    find_place_candidates,
    make_place_candidate,
    place_candidate_id,
    place_features,
    resolve_place_profiles,
)
from cseboard.services.context import ServiceContext
from cseboard.services.scope import forget_scopes
from cseboard.store.places import MergeRow, PlaceStore, StoredPlaceCandidate

__all__ = [
    "confirm_place_candidate",
    "place_candidate",
    "place_candidate_counts",
    "place_candidates",
    "place_merges",
    "reject_place_candidate",
    "resolve_places",
    "unmerge_place",
]

_REVIEW = "duplicate places review"
_AUTOMATIC = "automatic: the same postcode and agreeing names, nothing against"


def _store(ctx: ServiceContext) -> PlaceStore:
    return PlaceStore(ctx.driver, database=ctx.database)


def _reason(reason: str | None) -> str:
    if reason is None or not reason.strip():
        raise ValidationFailed("give a reason (it is recorded with the decision)")
    return reason.strip()


def resolve_places(
    ctx: ServiceContext,
    user: User,
    *,
    auto_merge: bool = True,
    config: PlaceSettings | None = None,
) -> PlaceResolveSummary:
    """Search every place for the same place recorded by others; merge the certain pairs and
    replace the open candidates with the rest.

    The certain pairs are merged group by group (every place certain pairs link goes into
    one), searching the merged places again until nothing certain is left
    (``resolve.places.resolve_place_profiles``); the merges are then written in one
    transaction and audited together.
    """
    require(user, Permission.RESOLVE_PLACES)
    config = config or PlaceSettings()
    store = _store(ctx)
    start = time.perf_counter()
    store.ensure_places()
    profiles = {p.place_id: p for p in store.profiles()}
    done = resolve_place_profiles(
        profiles.values(),
        config=config,
        rejected=RejectedPairs(store.rejected_pairs()),
        auto_merge=auto_merge,
    )
    rows = [
        MergeRow(
            survivor=group[0],
            absorbed=absorbed,
            survivor_records=tuple(r.location_id for r in profiles[group[0]].records),
        )
        for group in done.groups
        for absorbed in group[1:]
    ]
    merged = store.merge(rows, by=user.username, reason=_AUTOMATIC, automatic=True)
    store.replace_open_candidates(done.candidates)
    if merged:
        ctx.audit.record(
            user,
            AuditAction.COMBINATION,
            f"automatic place merges: {len(merged)} places absorbed into the same place "
            "recorded by another agency (same postcode, names agree)",
            records=[x for m in merged for x in (m.merge_id, m.survivor, m.absorbed)],
            justification=_AUTOMATIC,
        )
        forget_scopes()  # co-location now counts the merged places once
    return PlaceResolveSummary(
        places=len(profiles),
        records=sum(len(p.records) for p in profiles.values()),
        pairs_compared=done.search.pairs_compared,
        candidates=len(done.candidates),
        automatic_merges=len(merged),
        suppressed_rejected=done.search.suppressed_rejected,
        seconds=round(time.perf_counter() - start, 2),
        merges=tuple(m.merge_id for m in merged),
    )


def _view(
    stored: StoredPlaceCandidate, profiles: dict[str, PlaceProfile], config: PlaceSettings
) -> PlaceCandidateView:
    found = stored.candidate
    a, b = profiles.get(found.place_a), profiles.get(found.place_b)
    live = found
    if stored.status is CandidateStatus.OPEN and a is not None and b is not None:
        live = make_place_candidate(place_features(a), place_features(b), config)
    return PlaceCandidateView(
        candidate=live,
        status=stored.status,
        found_at=stored.found_at,
        decided_by=stored.decided_by,
        decided_at=stored.decided_at,
        reason=stored.reason,
        records_a=a.records if a is not None else (),
        records_b=b.records if b is not None else (),
    )


def place_candidates(
    ctx: ServiceContext,
    user: User,
    *,
    status: CandidateStatus = CandidateStatus.OPEN,
    limit: int = 50,
    skip: int = 0,
    config: PlaceSettings | None = None,
) -> list[PlaceCandidateView]:
    """A page of place candidates, strongest first, each explained live from the records.

    Places include home addresses, so viewing them is audited as a consultation.
    """
    require(user, Permission.RESOLVE_PLACES)
    config = config or PlaceSettings()
    store = _store(ctx)
    stored = store.candidates(status, skip=skip, limit=limit)
    ids = sorted({p for s in stored for p in (s.candidate.place_a, s.candidate.place_b)})
    profiles = {p.place_id: p for p in store.profiles(ids)} if ids else {}
    if ids:
        ctx.audit.record(
            user,
            AuditAction.CONSULTATION,
            f"viewed {len(stored)} {status.value} duplicate place candidates",
            records=ids,
            justification=_REVIEW,
        )
    return [_view(s, profiles, config) for s in stored]


def place_candidate(
    ctx: ServiceContext, user: User, candidate_id: str, *, config: PlaceSettings | None = None
) -> PlaceCandidateView:
    """One place candidate with its live explanation and both places' records."""
    require(user, Permission.RESOLVE_PLACES)
    store = _store(ctx)
    stored = store.candidate(candidate_id)
    ids = [stored.candidate.place_a, stored.candidate.place_b]
    profiles = {p.place_id: p for p in store.profiles(ids)}
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"viewed duplicate place candidate {candidate_id}",
        records=ids,
        justification=_REVIEW,
    )
    return _view(stored, profiles, config or PlaceSettings())


def place_candidate_counts(ctx: ServiceContext, user: User) -> dict[str, int]:
    """How many place candidates are open, rejected and merged (no personal data)."""
    require(user, Permission.RESOLVE_PLACES)
    counts = _store(ctx).candidate_counts()
    return {status.value: counts.get(status.value, 0) for status in CandidateStatus}


def _rescore_around(ctx: ServiceContext, places: Sequence[str], config: PlaceSettings) -> None:
    """Open candidates naming these places are stale: search again (no automatic merges)."""
    store = _store(ctx)
    store.drop_candidates_of(list(places))
    profiles = store.profiles()
    search = find_place_candidates(
        profiles, config=config, rejected=RejectedPairs(store.rejected_pairs())
    )
    wanted = set(places)
    store.write_candidates(
        [c for c in search.candidates if c.place_a in wanted or c.place_b in wanted]
    )


def confirm_place_candidate(
    ctx: ServiceContext,
    user: User,
    candidate_id: str,
    *,
    reason: str,
    survivor: str | None = None,
    config: PlaceSettings | None = None,
) -> MergeView:
    """Merge the pair: the absorbed place's location records join the survivor.

    Raises
    ------
    ValidationFailed
        Without a reason, when the candidate is not open, when ``survivor`` is not one of the
        pair, or when either place has since been merged into another.
    """
    require(user, Permission.RESOLVE_PLACES)
    why = _reason(reason)
    store = _store(ctx)
    stored = store.candidate(candidate_id)
    found = stored.candidate
    if stored.status is not CandidateStatus.OPEN:
        raise ValidationFailed(f"candidate {candidate_id} is {stored.status.value}, not open")
    pair = (found.place_a, found.place_b)
    if survivor is not None and survivor not in pair:
        raise ValidationFailed(f"{survivor} is not one of the pair ({', '.join(pair)})")
    if survivor is None:
        survivor = found.place_b if len(found.records_b) > len(found.records_a) else found.place_a
    absorbed = pair[1] if survivor == pair[0] else pair[0]
    kept = found.records_a if survivor == found.place_a else found.records_b
    made = store.merge(
        [MergeRow(survivor, absorbed, tuple(kept), found.candidate_id, found.score)],
        by=user.username,
        reason=why,
        automatic=False,
    )
    if not made:
        raise ValidationFailed(
            f"{survivor} and {absorbed} cannot be merged: both must be current places "
            "(one may already have been merged)"
        )
    merge = made[0]
    store.decide(
        found,
        CandidateStatus.MERGED,
        records_a=found.records_a,
        records_b=found.records_b,
        by=user.username,
        reason=why,
        merge_id=merge.merge_id,
    )
    ctx.audit.record(
        user,
        AuditAction.COMBINATION,
        f"confirmed place merge {merge.merge_id}: place {absorbed} absorbed into {survivor} "
        f"({len(merge.records)} location records)",
        records=[merge.merge_id, survivor, absorbed, *merge.records],
        justification=why,
    )
    _rescore_around(ctx, [survivor, absorbed], config or PlaceSettings())
    forget_scopes()
    return merge


def reject_place_candidate(
    ctx: ServiceContext, user: User, candidate_id: str, *, reason: str
) -> PlaceCandidateView:
    """Record that the pair are different places: they are never proposed or merged again."""
    require(user, Permission.RESOLVE_PLACES)
    why = _reason(reason)
    store = _store(ctx)
    stored = store.candidate(candidate_id)
    if stored.status is not CandidateStatus.OPEN:
        raise ValidationFailed(f"candidate {candidate_id} is {stored.status.value}, not open")
    found = stored.candidate
    decided = store.decide(
        found,
        CandidateStatus.REJECTED,
        records_a=found.records_a,
        records_b=found.records_b,
        by=user.username,
        reason=why,
    )
    ctx.audit.record(
        user,
        AuditAction.ALTERATION,
        f"rejected duplicate place candidate {candidate_id}: {found.place_a} and "
        f"{found.place_b} are different places",
        records=[candidate_id, found.place_a, found.place_b],
        justification=why,
    )
    return PlaceCandidateView(
        candidate=decided.candidate,
        status=decided.status,
        found_at=decided.found_at,
        decided_by=decided.decided_by,
        decided_at=decided.decided_at,
        reason=decided.reason,
    )


def unmerge_place(
    ctx: ServiceContext,
    user: User,
    merge_id: str,
    *,
    reason: str,
    remember_rejection: bool = True,
    config: PlaceSettings | None = None,
) -> MergeView:
    """Undo a place merge exactly: the absorbed place and its location records come back.

    With ``remember_rejection`` (the default) the pair is also recorded as different places, so
    no later search merges them again.
    """
    require(user, Permission.RESOLVE_PLACES)
    why = _reason(reason)
    store = _store(ctx)
    before, survivor_records = store.merge_record(merge_id)
    undone = store.unmerge(merge_id, by=user.username, reason=why)
    ctx.audit.record(
        user,
        AuditAction.COMBINATION,
        f"un-merged place merge {merge_id}: place {undone.absorbed} separated again from "
        f"{undone.survivor} ({len(undone.records)} location records restored)",
        records=[merge_id, undone.survivor, undone.absorbed, *undone.records],
        justification=why,
    )
    forget_scopes()
    if remember_rejection:
        low, high = sorted(
            [(undone.survivor, tuple(survivor_records)), (undone.absorbed, before.records)]
        )
        store.decide(
            PlaceCandidate(
                candidate_id=place_candidate_id(undone.survivor, undone.absorbed),
                place_a=low[0],
                place_b=high[0],
                records_a=low[1],
                records_b=high[1],
                score=before.weight or 0.0,
                contributions=(),
            ),
            CandidateStatus.REJECTED,
            records_a=low[1],
            records_b=high[1],
            by=user.username,
            reason=f"un-merged: {why}",
            merge_id=merge_id,
        )
    _rescore_around(ctx, [undone.survivor, undone.absorbed], config or PlaceSettings())
    return undone


def place_merges(
    ctx: ServiceContext,
    user: User,
    *,
    status: MergeStatus | None = None,
    limit: int = 50,
    skip: int = 0,
) -> list[MergeView]:
    """Place merges (automatic and confirmed), latest first: ids and counts only."""
    require(user, Permission.RESOLVE_PLACES)
    return _store(ctx).merges(status=status, skip=skip, limit=limit)
