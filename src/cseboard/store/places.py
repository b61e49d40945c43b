"""Place-resolution storage: places and their location records, candidates, merges, un-merges.

A place is a ``Place`` node; each agency location record belongs to one through
``(:Location)-[:AT_PLACE]->(:Place)``. A merge re-points the absorbed place's location records to
the survivor in one write transaction and keeps the absorbed node as a ``MergedPlace``; the
``PlaceMerge`` node records which records moved, so un-merge puts exactly those back. Nothing
else points at a place (reports and episodes name location records), so a merge moves no other
relationship: analysis reads each location's place.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cseboard.errors import NotFound, ValidationFailed
from cseboard.models.places import PlaceCandidate, PlaceProfile, PlaceRecord
from cseboard.models.resolve import CandidateStatus, Contribution, MergeStatus, MergeView
from cseboard.store.base import GraphStore, Transaction
from cseboard.store.resolve import merge_view, new_merge_id

__all__ = ["MergeRow", "PlaceStore", "StoredPlaceCandidate"]

_CLEAR_BATCH = 10_000
_WRITE_BATCH = 5_000
_ENSURE_BATCH = 10_000


def _profile(row: dict[str, Any]) -> PlaceProfile:
    records = sorted((PlaceRecord(**r) for r in row["records"]), key=lambda r: r.location_id)
    return PlaceProfile(place_id=row["place_id"], records=tuple(records))


@dataclass(frozen=True)
class MergeRow:
    """One place to absorb into another, with what the merge records."""

    survivor: str
    absorbed: str
    survivor_records: tuple[str, ...] = ()
    candidate_id: str | None = None
    score: float | None = None


class StoredPlaceCandidate:
    """A place candidate as stored, with its review state."""

    __slots__ = (
        "candidate",
        "decided_at",
        "decided_by",
        "found_at",
        "merge_id",
        "reason",
        "status",
    )

    def __init__(self, data: dict[str, Any]) -> None:
        contributions = [Contribution(**c) for c in json.loads(data.get("contributions") or "[]")]
        self.candidate = PlaceCandidate(
            candidate_id=data["candidate_id"],
            place_a=data.get("place_a") or "",
            place_b=data.get("place_b") or "",
            records_a=tuple(data.get("records_a") or ()),
            records_b=tuple(data.get("records_b") or ()),
            score=float(data.get("score") or 0.0),
            contributions=tuple(contributions),
            automatic=bool(data.get("automatic")),
        )
        self.status = CandidateStatus(data.get("status") or "open")
        self.found_at: datetime | None = data.get("found_at")
        self.decided_by: str | None = data.get("decided_by")
        self.decided_at: datetime | None = data.get("decided_at")
        self.reason: str | None = data.get("reason")
        self.merge_id: str | None = data.get("merge_id")


class PlaceStore(GraphStore):
    """Reads and writes of place resolution; the caller owns the driver."""

    def ensure_places(self) -> int:
        """Give every landed location record without a place its own (older databases)."""
        total = 0
        while True:
            rows = self.write("ensure_places", limit=_ENSURE_BATCH, now=datetime.now(UTC))
            done = int(rows[0]["ensured"]) if rows else 0
            total += done
            if done < _ENSURE_BATCH:
                return total

    def profiles(self, place_ids: Sequence[str] | None = None) -> list[PlaceProfile]:
        """Places (all, or these) with their landed location records."""
        if place_ids is None:
            rows = self.read("place_profiles")
        else:
            ids = sorted(set(place_ids))
            rows = self.read("place_profiles_of", place_ids=ids) if ids else []
        return sorted((_profile(r) for r in rows), key=lambda p: p.place_id)

    # -- candidates ----------------------------------------------------------------------

    def rejected_pairs(self) -> list[tuple[str, str]]:
        """Every (location, location) pair a reviewer said are different places."""
        return [
            (a, b)
            for row in self.read("place_rejected_pairs")
            for a in row["records_a"] or ()
            for b in row["records_b"] or ()
        ]

    def replace_open_candidates(self, candidates: Sequence[PlaceCandidate]) -> int:
        """Drop the open candidates and write these; rejected and merged decisions stay."""
        while True:
            deleted = self.write("place_candidates_clear_open", limit=_CLEAR_BATCH)
            if not deleted or int(deleted[0]["deleted"]) == 0:
                break
        return self.write_candidates(candidates)

    def write_candidates(self, candidates: Sequence[PlaceCandidate]) -> int:
        now = datetime.now(UTC)
        rows = [
            {
                "candidate_id": c.candidate_id,
                "place_a": c.place_a,
                "place_b": c.place_b,
                "records_a": list(c.records_a),
                "records_b": list(c.records_b),
                "score": c.score,
                "contributions": json.dumps(
                    [x.model_dump(exclude={"values"}) for x in c.contributions],
                    separators=(",", ":"),
                ),
                "automatic": c.automatic,
            }
            for c in candidates
        ]
        written = 0
        for start in range(0, len(rows), _WRITE_BATCH):
            result = self.write(
                "place_candidates_write", rows=rows[start : start + _WRITE_BATCH], now=now
            )
            written += int(result[0]["written"]) if result else 0
        return written

    def candidates(
        self, status: CandidateStatus = CandidateStatus.OPEN, *, skip: int = 0, limit: int = 50
    ) -> list[StoredPlaceCandidate]:
        rows = self.read("place_candidates_list", status=status.value, skip=skip, limit=limit)
        return [StoredPlaceCandidate(r["candidate"]) for r in rows]

    def candidate_counts(self) -> dict[str, int]:
        return {r["status"]: int(r["count"]) for r in self.read("place_candidates_count")}

    def candidate(self, candidate_id: str) -> StoredPlaceCandidate:
        rows = self.read("place_candidate_get", candidate_id=candidate_id)
        if not rows:
            raise NotFound(f"no place candidate {candidate_id}")
        return StoredPlaceCandidate(rows[0]["candidate"])

    def decide(
        self,
        candidate: PlaceCandidate,
        status: CandidateStatus,
        *,
        records_a: Sequence[str],
        records_b: Sequence[str],
        by: str,
        reason: str | None,
        merge_id: str | None = None,
    ) -> StoredPlaceCandidate:
        rows = self.write(
            "place_candidate_decide",
            candidate_id=candidate.candidate_id,
            status=status.value,
            place_a=candidate.place_a,
            place_b=candidate.place_b,
            records_a=list(records_a),
            records_b=list(records_b),
            score=candidate.score,
            by=by,
            reason=reason,
            merge_id=merge_id,
            now=datetime.now(UTC),
        )
        return StoredPlaceCandidate(rows[0]["candidate"])

    def drop_candidates_of(self, place_ids: Sequence[str]) -> int:
        """Delete open candidates naming these places (their records just changed)."""
        rows = self.write("place_candidates_drop_place", place_ids=list(place_ids))
        return int(rows[0]["dropped"]) if rows else 0

    # -- merges --------------------------------------------------------------------------

    def merge(
        self, rows: Sequence[MergeRow], *, by: str, reason: str, automatic: bool
    ) -> list[MergeView]:
        """Absorb places into others in ONE write transaction (one ``MergeRow`` each).

        A row whose places are no longer both current places (merged meanwhile) is skipped:
        the returned merges are those made.
        """
        params = [
            {
                "merge_id": new_merge_id(),
                "survivor": r.survivor,
                "absorbed": r.absorbed,
                "survivor_records": sorted(r.survivor_records),
                "candidate_id": r.candidate_id,
                "score": r.score,
            }
            for r in rows
        ]
        made: list[MergeView] = []
        for start in range(0, len(params), _WRITE_BATCH):
            batch = params[start : start + _WRITE_BATCH]
            found = self.write(
                "place_merge",
                rows=batch,
                now=datetime.now(UTC),
                by=by,
                automatic=automatic,
                reason=reason,
            )
            made.extend(merge_view(r["merge"]) for r in found)
        return made

    def unmerge(self, merge_id: str, *, by: str, reason: str) -> MergeView:
        """Undo a place merge in ONE write transaction.

        Raises
        ------
        NotFound
            No such merge.
        ValidationFailed
            Already undone, or the survivor was itself absorbed later (undo that merge first).
        """

        def work(tx: Transaction) -> MergeView:
            rows = tx.run("place_unmerge_lock", merge_id=merge_id)
            if not rows:
                raise NotFound(f"no place merge {merge_id}")
            locked = rows[0]
            merge = locked["merge"]
            if merge.get("status") != MergeStatus.MERGED.value:
                raise ValidationFailed(f"merge {merge_id} has already been undone")
            if not locked["survivor_active"]:
                later = ", ".join(locked["survivor_absorbed_by"]) or "a later merge"
                raise ValidationFailed(
                    f"{merge['survivor']} was merged again afterwards: undo {later} first"
                )
            if not locked["absorbed_held"]:
                raise ValidationFailed(f"{merge['absorbed']} is not held by merge {merge_id}")
            done = tx.single(
                "place_unmerge", merge_id=merge_id, now=datetime.now(UTC), by=by, reason=reason
            )
            return merge_view(done["merge"])

        return self.transaction(work, what=f"un-merging {merge_id}")

    def merges(
        self, *, status: MergeStatus | None = None, skip: int = 0, limit: int = 50
    ) -> list[MergeView]:
        rows = self.read(
            "place_merges_list",
            status=status.value if status else None,
            skip=skip,
            limit=limit,
        )
        return [merge_view(r["merge"]) for r in rows]

    def merge_record(self, merge_id: str) -> tuple[MergeView, list[str]]:
        """A place merge and the survivor's location records at the time of the merge."""
        rows = self.read("place_merge_get", merge_id=merge_id)
        if not rows:
            raise NotFound(f"no place merge {merge_id}")
        data = rows[0]["merge"]
        return merge_view(data), list(data.get("survivor_records") or ())
