"""Small hand-built evidence for the analysis tests (times relative to one window end)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from cseboard.models.evidence import (
    EpisodeEvidence,
    IntelligenceEvidence,
    LocationNode,
    PersonNode,
)

__all__ = ["END", "at", "episode", "girl", "location", "man", "person", "report"]

END = datetime(2024, 6, 30, 12, 0, tzinfo=UTC)
"""Window end of every test."""


def at(days_ago: float) -> datetime:
    """A moment ``days_ago`` days before the window end."""
    return END - timedelta(days=days_ago)


def person(pid: str, role: str | None = None, risk: str | None = None) -> PersonNode:
    return PersonNode(
        person_id=pid,
        role=role,  # type: ignore[arg-type]
        risk_level=risk,
        pseudonym=f"X-{pid}",
    )


def girl(pid: str, risk: str | None = None) -> PersonNode:
    return person(pid, "young_person", risk)


def man(pid: str) -> PersonNode:
    return person(pid, "associate")


def location(lid: str, place_id: str | None = None, kind: str = "takeaway") -> LocationNode:
    return LocationNode(location_id=lid, place_id=place_id, name=f"name of {lid}", kind=kind)


def report(
    n: int,
    people: Sequence[str],
    *,
    days_ago: float = 1,
    when: datetime | None = None,
    grade: str = "1A",
    agency: str = "police",
    category: str = "sighting",
    locations: Sequence[str] = (),
    phones: Sequence[str] = (),
    vehicles: Sequence[str] = (),
    accounts: Sequence[str] = (),
) -> IntelligenceEvidence:
    """Report ``agency/I-n``; ``grade`` like ``2B``, or ``??`` for a legacy grade without one."""
    se = grade[0] if grade[0] != "?" else None
    ia = grade[1] if grade[1] != "?" else None
    return IntelligenceEvidence(
        intel_id=f"{agency}/I-{n}",
        agency=agency,
        reported_at=when or at(days_ago),
        category=category,
        source_evaluation=se,  # type: ignore[arg-type]
        intelligence_assessment=ia,  # type: ignore[arg-type]
        grading=f"{grade}P",
        person_ids=list(people),
        location_ids=list(locations),
        phones=list(phones),
        vehicles=list(vehicles),
        accounts=list(accounts),
    )


def episode(
    n: int,
    pid: str,
    *,
    missing_days_ago: float,
    hours: float | None = 12,
    found: str | None = None,
    missing_with: Sequence[str] = (),
    rhi_offered_hours: float | None = None,
    rhi_completed_hours: float | None = None,
    rhi_declined: bool | None = None,
    agency: str = "police",
) -> EpisodeEvidence:
    """Episode ``agency/M-n``: missing ``missing_days_ago``, back after ``hours`` (None: still
    missing); RHI times are hours after return."""
    gone = at(missing_days_ago)
    back = gone + timedelta(hours=hours) if hours is not None else None
    return EpisodeEvidence(
        episode_id=f"{agency}/M-{n}",
        agency=agency,
        person_id=pid,
        reported_missing_at=gone,
        returned_at=back,
        found_location_id=found,
        missing_with=list(missing_with),
        rhi_offered_at=back + timedelta(hours=rhi_offered_hours)
        if back is not None and rhi_offered_hours is not None
        else None,
        rhi_completed_at=back + timedelta(hours=rhi_completed_hours)
        if back is not None and rhi_completed_hours is not None
        else None,
        rhi_declined=rhi_declined,
    )
