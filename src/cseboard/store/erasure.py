"""Erasure in the graph: the person, what merges kept of them, tombstones, redaction tasks.

Everything a person's erasure removes or amends is one write transaction; nothing here decides
who may erase or what counts as naming the person (``services.erasure``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cseboard.store.base import GraphStore, Transaction

__all__ = ["Amend", "ErasureCounts", "ErasureStore", "TaskRecord"]

Amend = Callable[[str, dict[str, Any]], dict[str, Any]]
"""(kind, stored properties) → the properties to replace, with the erased person taken out."""


@dataclass(frozen=True)
class ErasureCounts:
    """What one erasure removed or changed, as counts."""

    agency_records: int
    missing_episodes: int
    risk_assessments: int
    mentions_dropped: int
    links_dropped: int
    clusters_amended: int
    runs_amended: int
    alerts_amended: int
    meetings_amended: int
    lead_assignments: int
    absorbed_people: int
    merges: int
    tombstones: int
    redaction_tasks: int


@dataclass(frozen=True)
class TaskRecord:
    """A redaction task with the record it names (``node`` is ``None`` when the record is gone)."""

    task: dict[str, Any]
    node: str | None
    props: dict[str, Any]


class ErasureStore(GraphStore):
    """Reads before an erasure, the erasure itself, tombstones and redaction tasks."""

    def person(self, person_id: str) -> tuple[bool, str | None]:
        """(is a person, the person a merge absorbed this id into)."""
        row = self.read("erasure_person_exists", person_id=person_id)[0]
        return bool(row["exists"]), row["merged_into"]

    def identity(self, person_id: str) -> dict[str, Any] | None:
        rows = self.read("erasure_identity", person_id=person_id)
        return rows[0] if rows else None

    def absorbed(self, person_ids: list[str]) -> list[dict[str, Any]]:
        return [r["person"] for r in self.read("erasure_absorbed", person_ids=person_ids)]

    def merges(self, person_ids: list[str]) -> list[str]:
        return [str(r["merge_id"]) for r in self.read("erasure_merges", person_ids=person_ids)]

    def text_candidates(
        self, person_id: str, *, terms: list[str], weak_terms: list[str]
    ) -> list[dict[str, Any]]:
        return self.read(
            "erasure_text_candidates", person_id=person_id, terms=terms, weak_terms=weak_terms
        )

    def erase(
        self,
        person_id: str,
        amend: Amend,
        *,
        absorbed_ids: list[str],
        merge_ids: list[str],
        stones: list[dict[str, str]],
        tasks: list[dict[str, Any]],
    ) -> ErasureCounts:
        """Amend stored analysis results, delete the person, what merges kept of them and their
        merge records, write tombstones and redaction tasks: one transaction."""

        def work(tx: Transaction) -> ErasureCounts:
            amended = {"cluster": 0, "run": 0, "alert": 0, "meeting": 0}
            now = datetime.now(UTC)
            for pid in [person_id, *absorbed_ids]:
                for r in tx.run("erasure_analysis_refs", person_id=pid):
                    props = amend(r["kind"], dict(r["props"]))
                    tx.run("erasure_amend_node", node=r["node"], props=props, now=now)
                    amended[r["kind"]] += 1
            row = tx.single("erasure_erase_person", person_id=person_id)
            chain = tx.single(
                "erasure_delete_chain", person_ids=absorbed_ids, merge_ids=merge_ids
            )
            stoned = tx.single("tombstones_write", stones=stones, now=now)
            made = tx.single("redaction_tasks_create", tasks=tasks, now=now)
            return ErasureCounts(
                agency_records=int(row["agency_records"]),
                missing_episodes=int(row["episodes"]),
                risk_assessments=int(row["assessments"]),
                mentions_dropped=int(row["mentions"]),
                links_dropped=int(row["companions"]) + int(row["links"]) + int(row["candidates"]),
                clusters_amended=amended["cluster"],
                runs_amended=amended["run"],
                alerts_amended=amended["alert"],
                meetings_amended=amended["meeting"],
                lead_assignments=int(row["lead_assignments"]),
                absorbed_people=int(chain["absorbed"]),
                merges=int(chain["merges"]),
                tombstones=int(stoned["tombstones"]),
                redaction_tasks=int(made["tasks"]),
            )

        return self.transaction(work, what=f"erasing {person_id}")

    # -- tombstones ---------------------------------------------------------------------------
    def tombstones(self, agency: str) -> set[str]:
        return {str(r["key"]) for r in self.read("tombstones_of", agency=agency)}

    # -- rejects reports ----------------------------------------------------------------------
    def rejects_reports(self) -> list[tuple[str, str | None]]:
        """(path, agency) of the rejects reports import runs recorded."""
        return [(str(r["path"]), r["agency"]) for r in self.read("rejects_reports")]

    # -- redaction tasks ----------------------------------------------------------------------
    def tasks(self, *, status: str | None, limit: int) -> list[dict[str, Any]]:
        return [r["task"] for r in self.read("redaction_tasks_list", status=status, limit=limit)]

    def task_record(self, task_id: str) -> TaskRecord | None:
        rows = self.read("redaction_task_record", task_id=task_id)
        if not rows:
            return None
        row = rows[0]
        return TaskRecord(task=row["task"], node=row["node"], props=row["props"] or {})

    def redact(
        self, task_id: str, *, node: str | None, props: dict[str, Any], by: str, masked: int
    ) -> dict[str, Any]:
        """Write the redacted fields (if any) and close the task, in one transaction."""

        def work(tx: Transaction) -> dict[str, Any]:
            now = datetime.now(UTC)
            if node is not None and props:
                tx.run("redaction_set_text", node=node, props=props, now=now)
            status = "redacted" if masked else "nothing_to_redact"
            closed = tx.single(
                "redaction_task_close",
                task_id=task_id,
                status=status,
                by=by,
                now=now,
                masked=masked,
            )
            return dict(closed["task"])

        return self.transaction(work, what=f"redacting for task {task_id}")
