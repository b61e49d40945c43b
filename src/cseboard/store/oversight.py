"""Reads and writes for oversight: partnership KPIs, disruption records, retention candidates.

Reads return plain rows for the services to aggregate and suppress; nothing here decides what a
role may see.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from cseboard.models.evidence import EpisodeRow
from cseboard.store.base import GraphStore

__all__ = [
    "AnalysisSnapshot",
    "DisruptionStore",
    "OversightStore",
    "RetentionStore",
    "episode_row",
]


def _as_datetime(value: Any) -> datetime | None:
    """datetime or date (risk assessments may store either) as an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=UTC)
    return None


def _epoch(value: Any) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(int(value), UTC)


@dataclass(frozen=True)
class AnalysisSnapshot:
    """The latest analysis run as oversight needs it: sizes only, no member ids."""

    run_id: str
    run_at: datetime | None
    hotspot_count: int | None
    clusters: list[dict[str, Any]]


def episode_row(r: dict[str, Any]) -> EpisodeRow | None:
    """One agency's episode record from a row of ``kpi_missing_episodes`` (or a statement with
    the same columns); ``None`` without a report time."""
    reported = _epoch(r["reported_missing_at"])
    if reported is None:
        return None
    date_only = set(r["date_only"] or ())
    return EpisodeRow(
        episode_id=r["episode_id"],
        agency=r["agency"] or "unknown",
        person_id=r["person_id"],
        reported_missing_at=reported,
        returned_at=_epoch(r["returned_at"]),
        rhi_offered=r["rhi_offered"],
        rhi_offered_at=_epoch(r["rhi_offered_at"]),
        rhi_completed_at=_epoch(r["rhi_completed_at"]),
        rhi_declined=r["rhi_declined"],
        in_cohort=bool(r["in_cohort"]),
        absence="away" if r["absence_type"] == "away_without_authorisation" else "missing",
        reported_date_only="reported_missing_at" in date_only,
        returned_date_only="returned_at" in date_only,
        rhi_offered_date_only="rhi_offered_at" in date_only,
    )


class OversightStore(GraphStore):
    """The reads behind the oversight KPIs."""

    def missing_episodes(self, start: datetime, end: datetime) -> list[EpisodeRow]:
        """Episode records reported in ``[start, end)``, one per agency record."""
        rows = (episode_row(r) for r in self.read("kpi_missing_episodes", start=start, end=end))
        return [row for row in rows if row is not None]

    def risk_history(self, end: datetime) -> list[tuple[str, datetime, str]]:
        """(person_id, assessed_at, level), oldest first."""
        out = []
        for r in self.read("kpi_risk_history", end=end):
            when = _as_datetime(r["assessed_at"])
            if when is not None and r["level"]:
                out.append((str(r["person_id"]), when, str(r["level"])))
        return out

    def has_risk_history(self) -> bool:
        return int(self.read("kpi_risk_assessment_count")[0]["count"]) > 0

    def risk_current(self) -> dict[str, int]:
        return {str(r["level"]): int(r["count"]) for r in self.read("kpi_risk_current")}

    def intelligence_by_month(self, start: datetime, end: datetime) -> list[tuple[str, str, int]]:
        """(agency, ``YYYY-MM``, count)."""
        return [
            (str(r["agency"]), f"{r['year']:04d}-{r['month']:02d}", int(r["count"]))
            for r in self.read("kpi_intelligence_by_month", start=start, end=end)
        ]

    def disruption_by_month(self, start: datetime, end: datetime) -> list[tuple[str, str, int]]:
        """(kind, ``YYYY-MM``, count)."""
        return [
            (str(r["kind"]), f"{r['year']:04d}-{r['month']:02d}", int(r["count"]))
            for r in self.read("kpi_disruption_by_month", start=start, end=end)
        ]

    def latest_analysis(self) -> AnalysisSnapshot | None:
        records = self.read("kpi_latest_analysis")
        if not records:
            return None
        r = records[0]
        hotspots = r["hotspot_count"]
        if hotspots is None and r["hotspots_json"]:
            try:
                hotspots = len(json.loads(r["hotspots_json"]))
            except (TypeError, ValueError):
                hotspots = None
        return AnalysisSnapshot(
            run_id=str(r["run_id"]),
            run_at=_as_datetime(r["run_at"]),
            hotspot_count=None if hotspots is None else int(hotspots),
            clusters=[dict(c) for c in r["clusters"]],
        )

    def analysis_runs(self, *, limit: int = 24) -> list[tuple[datetime, int]]:
        """(run time, clusters found), oldest first."""
        out = []
        for r in self.read("kpi_analysis_runs", limit=limit):
            when = _as_datetime(r["run_at"])
            if when is not None:
                out.append((when, int(r["clusters"] or 0)))
        return sorted(out)


class DisruptionStore(GraphStore):
    """Disruption records: created by the practice lead, counted for the strategic board."""

    def create(
        self,
        *,
        record_id: str,
        kind: str,
        recorded_at: datetime,
        recorded_by: str,
        operation_id: str | None,
    ) -> None:
        self.write(
            "kpi_disruption_create",
            record_id=record_id,
            kind=kind,
            recorded_at=recorded_at,
            recorded_by=recorded_by,
            operation_id=operation_id,
            now=datetime.now(UTC),
        )

    def latest(self, *, limit: int = 50) -> list[dict[str, Any]]:
        return self.read("kpi_disruption_list", limit=limit)


class RetentionStore(GraphStore):
    """Retention candidates (erasure is ``store.erasure``)."""

    def candidates(
        self, record_type: str, *, cutoff: datetime, today: date
    ) -> list[dict[str, Any]]:
        name = {
            "intelligence": "retention_intelligence",
            "missing_episode": "retention_episodes",
            "person_record": "retention_person_records",
        }[record_type]
        rows = []
        for data in self.read(name, cutoff=cutoff, today=today):
            data["reported_at"] = _as_datetime(data.get("reported_at"))
            rows.append(data)
        return rows
