"""Read models of the overview: what is loaded, from whom, and the latest imports."""

from __future__ import annotations

from datetime import datetime

from cseboard.models.base import FrozenModel
from cseboard.models.oversight import Cell

__all__ = ["AgencyContribution", "AgencyCount", "ImportRecord", "LoadedData", "Overview"]


class AgencyContribution(FrozenModel):
    """Records one agency has sent, by record type."""

    agency: str
    kind: str
    count: int


class ImportRecord(FrozenModel):
    """One imported file as recorded by its ``ImportRun`` node."""

    agency: str
    file_name: str
    record_type: str
    read: int
    landed: int
    changed: int
    rejected: int
    pending_refs: int
    finished_at: datetime | None


class Overview(FrozenModel):
    """Counts by type and agency and the latest imports.

    Attributes
    ----------
    counts: nodes per kind (young_people, associates, intelligence, ...).
    by_agency: contributions per agency and kind.
    recent_imports: newest first.
    """

    counts: dict[str, int]
    by_agency: list[AgencyContribution]
    recent_imports: list[ImportRecord]


class AgencyCount(FrozenModel):
    """Records one agency has sent of one type, as the viewer may see the count."""

    agency: str
    kind: str
    count: Cell


class LoadedData(FrozenModel):
    """The "Loaded data" page as one viewer may see it.

    Attributes
    ----------
    exact: counts are exact (the practice lead); otherwise counts of 1-4, and any count that
        would give one away, are hidden (``Cell.text`` "<5" or "[c]").
    counts: nodes per kind.
    by_agency: contributions per agency and kind.
    recent_imports: the latest imported files with their counts (the practice lead only).
    """

    exact: bool
    counts: dict[str, Cell]
    by_agency: list[AgencyCount]
    recent_imports: list[ImportRecord]
