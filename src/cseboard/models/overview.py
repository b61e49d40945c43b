"""Read models of the overview: what is loaded, from whom, and the latest imports."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

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
    """Records one agency has sent of one type, as a user may see the count."""

    agency: str
    kind: str
    count: Cell


class LoadedData(FrozenModel):
    """What is loaded, as the loaded-data page shows it to one user.

    Attributes
    ----------
    counts: by kind; exact for the practice lead; for anyone else suppressed together with
        every oversight figure they can obtain (one grid, ``services/oversight_grid.py``), so
        no difference of two views gives a count of 1-4 away ("<5", or "[c]" for a count
        hidden so that a "<5" cannot be worked out).
    by_agency: each agency's records by type, suppressed in the same grid.
    recent_imports: the latest imported files with their counts (the practice lead only: they
        are row counts of single partner files).
    suppressed: whether small numbers are hidden (everyone but the practice lead).
    """

    counts: dict[str, Cell]
    by_agency: list[AgencyCount]
    recent_imports: list[ImportRecord] = Field(default_factory=list)
    suppressed: bool = True
