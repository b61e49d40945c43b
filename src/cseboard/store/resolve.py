"""Entity-resolution storage: people's records, candidates, decisions, merges and un-merges.

A merge re-points the absorbed person's agency records and every relationship of that person
(whatever its type, found generically with static Cypher and dynamic types) to the survivor, in
one write transaction. Moved relationships carry a ``merge_trail`` entry so that un-merge puts
each back exactly; one the survivor already has (same type, same other node) is parked on the
``Merge`` node instead, so nothing is counted twice; the absorbed node keeps its properties as a
``MergedPerson``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from cseboard.errors import NotFound, ValidationFailed
from cseboard.models.resolve import (
    Candidate,
    CandidateStatus,
    Contribution,
    MergeStatus,
    MergeView,
    MissingMark,
    PersonProfile,
    PersonRecord,
)
from cseboard.models.values import LONDON
from cseboard.store.base import GraphStore, Transaction

__all__ = ["ResolveStore", "StoredCandidate", "merge_view", "new_merge_id"]

_CLEAR_BATCH = 10_000
_WRITE_BATCH = 5_000


def _marks(found: Iterable[dict[str, Any]]) -> tuple[MissingMark, ...]:
    marks = []
    for e in found:
        if e.get("at") is None:
            continue
        at = datetime.fromtimestamp(int(e["at"]), UTC)
        marks.append(
            MissingMark(
                episode_id=e["episode_id"],
                day=at.astimezone(LONDON).date(),
                reported_missing_at=at,
                date_only=bool(e.get("date_only")),
                absence=e.get("absence") or "missing",
            )
        )
    return tuple(sorted(marks, key=lambda m: (m.reported_missing_at, m.episode_id)))


def _record(data: dict[str, Any], identifiers: Iterable[str]) -> PersonRecord:
    dob = data.get("date_of_birth")
    return PersonRecord(
        record_key=data["record_key"],
        agency=data["agency"],
        source_ref=data["source_ref"],
        role=data.get("role"),
        first_name=data.get("first_name"),
        last_name=data.get("last_name"),
        aliases=tuple(data.get("aliases") or ()),
        date_of_birth=dob if isinstance(dob, date) else None,
        gender=data.get("gender"),
        nhs_number=data.get("nhs_number"),
        postcode=data.get("postcode"),
        identifiers=tuple(sorted(identifiers)),
        missing_episodes=_marks(data.get("missing_episodes") or ()),
    )


class StoredCandidate:
    """A candidate as stored, with its review state."""

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
        self.candidate = Candidate(
            candidate_id=data["candidate_id"],
            person_a=data.get("person_a") or "",
            person_b=data.get("person_b") or "",
            records_a=tuple(data.get("records_a") or ()),
            records_b=tuple(data.get("records_b") or ()),
            weight=float(data.get("weight") or 0.0),
            prior=float(data.get("prior") or 0.0),
            probability=float(data.get("probability") or 0.0),
            contributions=tuple(contributions),
            automatic=bool(data.get("automatic")),
        )
        self.status = CandidateStatus(data.get("status") or "open")
        self.found_at: datetime | None = data.get("found_at")
        self.decided_by: str | None = data.get("decided_by")
        self.decided_at: datetime | None = data.get("decided_at")
        self.reason: str | None = data.get("reason")
        self.merge_id: str | None = data.get("merge_id")


def merge_view(data: dict[str, Any]) -> MergeView:
    """A stored merge (of people or of places: they share the record) as its view."""
    return MergeView(
        merge_id=data["merge_id"],
        at=data["at"],
        by=data["by"],
        survivor=data["survivor"],
        absorbed=data["absorbed"],
        records=tuple(data.get("records") or ()),
        relationships=int(data.get("relationships") or 0),
        automatic=bool(data.get("automatic")),
        candidate_id=data.get("candidate_id"),
        weight=data.get("weight"),
        reason=data.get("reason"),
        status=MergeStatus(data.get("status") or "merged"),
        unmerged_at=data.get("unmerged_at"),
        unmerged_by=data.get("unmerged_by"),
    )


def new_merge_id() -> str:
    return "M-" + uuid.uuid4().hex[:16]


class ResolveStore(GraphStore):
    """Reads and writes of entity resolution; the caller owns the driver."""

    # -- people --------------------------------------------------------------------------

    def profiles(self, person_ids: Sequence[str] | None = None) -> list[PersonProfile]:
        """People (all, or these) with their non-pending records and attributed identifiers."""
        if person_ids is None:
            rows = self.read("resolve_profiles")
            attributed = self.read("resolve_identifiers")
        else:
            ids = sorted(set(person_ids))
            rows = self.read("resolve_profiles_of", person_ids=ids) if ids else []
            keys = sorted({r["record_key"] for row in rows for r in row["records"]})
            attributed = self.read("resolve_identifiers_of", record_keys=keys) if keys else []
        found = {row["record_key"]: list(row["identifiers"]) for row in attributed}
        profiles = []
        for row in rows:
            records = sorted(
                (_record(r, found.get(r["record_key"], ())) for r in row["records"]),
                key=lambda r: r.record_key,
            )
            profiles.append(PersonProfile(person_id=row["person_id"], records=tuple(records)))
        profiles.sort(key=lambda p: p.person_id)
        return profiles

    # -- candidates ----------------------------------------------------------------------

    def rejected_pairs(self) -> list[tuple[str, str]]:
        """Every (record, record) pair a reviewer said are different people."""
        pairs = []
        for row in self.read("resolve_rejected_pairs"):
            for a in row["records_a"] or ():
                for b in row["records_b"] or ():
                    pairs.append((a, b))
        return pairs

    def replace_open_candidates(self, candidates: Sequence[Candidate]) -> int:
        """Drop the open candidates and write these; rejected and merged decisions stay."""
        while True:
            deleted = self.write("resolve_candidates_clear_open", limit=_CLEAR_BATCH)
            if not deleted or int(deleted[0]["deleted"]) == 0:
                break
        return self.write_candidates(candidates)

    def write_candidates(self, candidates: Sequence[Candidate]) -> int:
        now = datetime.now(UTC)
        written = 0
        rows = [
            {
                "candidate_id": c.candidate_id,
                "person_a": c.person_a,
                "person_b": c.person_b,
                "records_a": list(c.records_a),
                "records_b": list(c.records_b),
                "weight": c.weight,
                "prior": c.prior,
                "probability": c.probability,
                "contributions": json.dumps(
                    [
                        contribution.model_dump(exclude={"values"})
                        for contribution in c.contributions
                    ],
                    separators=(",", ":"),
                ),
                "automatic": c.automatic,
            }
            for c in candidates
        ]
        for start in range(0, len(rows), _WRITE_BATCH):
            result = self.write(
                "resolve_candidates_write", rows=rows[start : start + _WRITE_BATCH], now=now
            )
            written += int(result[0]["written"]) if result else 0
        return written

    def candidates(
        self,
        status: CandidateStatus = CandidateStatus.OPEN,
        *,
        person_id: str | None = None,
        skip: int = 0,
        limit: int = 50,
    ) -> list[StoredCandidate]:
        rows = self.read(
            "resolve_candidates_list",
            status=status.value,
            person_id=person_id,
            skip=skip,
            limit=limit,
        )
        return [StoredCandidate(r["candidate"]) for r in rows]

    def candidate_counts(self) -> dict[str, int]:
        return {r["status"]: int(r["count"]) for r in self.read("resolve_candidates_count")}

    def candidate(self, candidate_id: str) -> StoredCandidate:
        rows = self.read("resolve_candidate_get", candidate_id=candidate_id)
        if not rows:
            raise NotFound(f"no candidate {candidate_id}")
        return StoredCandidate(rows[0]["candidate"])

    def decide(
        self,
        candidate_id: str,
        status: CandidateStatus,
        *,
        person_a: str,
        person_b: str,
        records_a: Sequence[str],
        records_b: Sequence[str],
        by: str,
        reason: str | None,
        weight: float | None = None,
        merge_id: str | None = None,
    ) -> StoredCandidate:
        rows = self.write(
            "resolve_candidate_decide",
            candidate_id=candidate_id,
            status=status.value,
            person_a=person_a,
            person_b=person_b,
            records_a=list(records_a),
            records_b=list(records_b),
            weight=weight,
            by=by,
            reason=reason,
            merge_id=merge_id,
            now=datetime.now(UTC),
        )
        return StoredCandidate(rows[0]["candidate"])

    def drop_candidates_of(
        self, person_ids: Sequence[str]
    ) -> list[tuple[tuple[str, str], float | None]]:
        """Delete open candidates naming these people; returns their pairs and priors."""
        rows = self.write("resolve_candidates_drop_person", person_ids=list(person_ids))
        return [((r["pair"][0], r["pair"][1]), r["prior"]) for r in rows]

    # -- merges --------------------------------------------------------------------------

    def merge(
        self,
        survivor: str,
        absorbed: str,
        *,
        by: str,
        reason: str,
        automatic: bool = False,
        candidate_id: str | None = None,
        weight: float | None = None,
    ) -> MergeView:
        """Absorb one person into another in ONE write transaction.

        Raises
        ------
        ValidationFailed
            When either is no longer a person (absorbed by an earlier merge) or both are one.
        """
        merge_id = new_merge_id()
        params = {"survivor": survivor, "absorbed": absorbed, "merge_id": merge_id}

        def work(tx: Transaction) -> MergeView:
            rows = tx.run("resolve_merge_lock", **params)
            if not rows:
                raise ValidationFailed(
                    f"{survivor} and {absorbed} cannot be merged: both must be current people "
                    "(one may already have been merged)"
                )
            locked = rows[0]
            tx.run(
                "resolve_merge_begin",
                **params,
                labels=list(locked["labels"]),
                records=sorted(locked["records"]),
                survivor_records=sorted(locked["survivor_records"]),
                now=datetime.now(UTC),
                by=by,
                automatic=automatic,
                candidate_id=candidate_id,
                weight=weight,
                reason=reason,
            )
            tx.run("resolve_merge_records", **params)
            moved = 0
            for name in ("resolve_merge_incoming", "resolve_merge_outgoing"):
                moved += int(tx.single(name, **params)["moved"])
            finished = tx.single(
                "resolve_merge_finish",
                **params,
                labels=list(locked["labels"]),
                relationships=moved,
            )
            return merge_view(finished["merge"])

        return self.transaction(work, what=f"merging {absorbed} into {survivor}")

    def unmerge(self, merge_id: str, *, by: str, reason: str) -> MergeView:
        """Undo a merge in ONE write transaction: records, relationships and labels go back.

        Raises
        ------
        NotFound
            No such merge.
        ValidationFailed
            Already undone, or the survivor was itself absorbed later (undo that merge first).
        """
        params = {"merge_id": merge_id}

        def work(tx: Transaction) -> MergeView:
            rows = tx.run("resolve_unmerge_lock", **params)
            if not rows:
                raise NotFound(f"no merge {merge_id}")
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
            tx.run("resolve_unmerge_restore", **params)
            tx.run("resolve_unmerge_records", **params)
            for name in (
                "resolve_unmerge_incoming",
                "resolve_unmerge_outgoing",
                "resolve_unmerge_parked",
            ):
                tx.run(name, **params)
            finished = tx.single(
                "resolve_unmerge_finish",
                **params,
                now=datetime.now(UTC),
                by=by,
                reason=reason,
            )
            return merge_view(finished["merge"])

        return self.transaction(work, what=f"un-merging {merge_id}")

    def merges(
        self,
        *,
        status: MergeStatus | None = None,
        person_id: str | None = None,
        skip: int = 0,
        limit: int = 50,
    ) -> list[MergeView]:
        rows = self.read(
            "resolve_merges_list",
            status=status.value if status else None,
            person_id=person_id,
            skip=skip,
            limit=limit,
        )
        return [merge_view(r["merge"]) for r in rows]

    def merge_record(self, merge_id: str) -> tuple[MergeView, list[str]]:
        """A merge and the survivor's records at the time of the merge."""
        rows = self.read("resolve_merge_get", merge_id=merge_id)
        if not rows:
            raise NotFound(f"no merge {merge_id}")
        data = rows[0]["merge"]
        return merge_view(data), list(data.get("survivor_records") or ())
