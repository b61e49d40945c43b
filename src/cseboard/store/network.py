"""Reads of the network explorer, clusters, alerts and places pages, and the alert review write.

Runs, clusters and memberships themselves are read through ``AnalysisRunStore``; this store adds
what those pages need beyond it: one run by id, people's names, the records behind a link or an
alert, handling codes, and alerts with their review state.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cseboard.store.analysis_runs import StoredRun
from cseboard.store.base import GraphStore

__all__ = ["NetworkStore"]


class NetworkStore(GraphStore):
    """One statement file per method; every value is a parameter; the caller owns the driver."""

    # -- runs -------------------------------------------------------------------------------------
    def run(self, run_id: str) -> StoredRun | None:
        """One stored run with its roles and hotspots, or ``None``."""
        rows = self.read("network_run_get", run_id=run_id)
        return StoredRun(rows[0]["run"]) if rows else None

    # -- people, agencies, records ----------------------------------------------------------------
    def agencies(self) -> list[str]:
        return [str(r["name"]) for r in self.read("network_agencies")]

    def people(self, person_ids: list[str]) -> dict[str, dict[str, Any]]:
        """person_id → ``display_name``, ``role``, ``risk_level`` (unknown ids are absent)."""
        if not person_ids:
            return {}
        rows = self.read("network_people", person_ids=sorted(set(person_ids)))
        return {str(r["person_id"]): r for r in rows}

    def records(self, record_ids: list[str]) -> dict[str, dict[str, Any]]:
        """record id → type, agency, dates, grading, category, handling, people named."""
        if not record_ids:
            return {}
        rows = self.read("network_records", record_ids=sorted(set(record_ids)))
        return {str(r["record_id"]): r for r in rows}

    # -- alerts -----------------------------------------------------------------------------------
    def alerts(
        self,
        *,
        kinds: list[str] | None,
        statuses: list[str] | None,
        run_id: str | None,
        skip: int,
        limit: int,
    ) -> list[dict[str, Any]]:
        rows = self.read(
            "alert_list", kinds=kinds, statuses=statuses, run_id=run_id, skip=skip, limit=limit
        )
        return [r["alert"] for r in rows]

    def alert_counts(self, *, run_id: str | None) -> list[dict[str, Any]]:
        """Rows of ``kind``, ``status``, ``alerts``."""
        return self.read("alert_counts", run_id=run_id)

    def alert(self, alert_id: str) -> dict[str, Any] | None:
        rows = self.read("alert_get", alert_id=alert_id)
        return rows[0]["alert"] if rows else None

    def review_alert(
        self, alert_id: str, *, status: str, owner: str, note: str, now: datetime
    ) -> dict[str, Any] | None:
        """The reviewed alert, or ``None`` when it does not exist or is no longer open."""
        rows = self.write(
            "alert_review",
            alert_id=alert_id,
            status=status,
            owner=owner,
            note=note,
            now=now,
        )
        return rows[0]["alert"] if rows else None
