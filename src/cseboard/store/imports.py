"""Reads of past imports: the ``ImportRun`` node each imported file leaves (counts, report)."""

from __future__ import annotations

from typing import Any

from cseboard.errors import NotFound
from cseboard.store.base import GraphStore

__all__ = ["ImportStore"]


class ImportStore(GraphStore):
    """Import runs as rows; writing them is the import's (``store.writes.GraphWriter``)."""

    def runs(
        self, *, agency: str | None = None, skip: int = 0, limit: int = 50
    ) -> list[dict[str, Any]]:
        rows = self.read("import_runs_list", agency=agency, skip=skip, limit=limit)
        return [dict(r["run"]) for r in rows]

    def run(self, run_id: str) -> dict[str, Any]:
        rows = self.read("import_run_get", run_id=run_id)
        if not rows:
            raise NotFound(f"no import run {run_id}")
        return dict(rows[0]["run"])
