"""Read models of imports: the check of a partner's files before import, and past import runs."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from cseboard.models.base import FrozenModel

__all__ = ["CheckedFile", "ColumnProblem", "ImportCheck", "ImportRunRow", "UnknownValue"]


class UnknownValue(FrozenModel):
    """A partner's value that is not in a vocabulary, over all checked files.

    Attributes
    ----------
    record_type, column: where it was found (exchange names).
    vocabulary: the vocabulary's table name in a profile (``category``).
    value: the partner's word as sent.
    rows: how many rows carry it.
    outcome: what an import would do: ``kept_as_other``, ``not_recorded`` or (handling
        wording that is not a ``share_with:`` list) ``restricted_reading``.
    closest, score: the nearest known code and its similarity (0-100), a suggestion only.
    """

    record_type: str
    column: str
    vocabulary: str
    value: str
    rows: int
    outcome: str
    closest: str | None = None
    score: float = 0.0


class ColumnProblem(FrozenModel):
    """A column the import would not read, or a required one it cannot find.

    ``kind`` is ``unknown`` (the file has it, the exchange format does not) or ``missing``
    (required, absent); ``closest`` is the nearest exchange column (for ``unknown``) or the
    file's nearest column (for ``missing``), as a suggestion for the profile's ``[columns]``.
    """

    file: str
    record_type: str
    column: str
    kind: str
    closest: str | None = None
    score: float = 0.0


class CheckedFile(FrozenModel):
    """What an import of one file would do (nothing was written)."""

    file: str
    record_type: str
    read: int = 0
    landed: int = 0
    rejected: int = 0
    dropped: int = 0
    kept_as_other: int = 0
    not_recorded: int = 0
    mapped: int = 0
    error: str | None = None


class ImportCheck(FrozenModel):
    """The check of one agency's files against the board's vocabularies and its profile.

    Attributes
    ----------
    profile: the profile file used (``None`` without one).
    unknown_values: per column, the values outside the vocabulary, most rows first.
    columns: columns the import would not read, and required columns it cannot find.
    starter_profile: a profile (TOML text) for the analyst to edit: the existing mappings and
        a suggestion for each unknown column and value.
    """

    agency: str
    fmt: str
    profile: str | None = None
    files: list[CheckedFile] = Field(default_factory=list)
    unknown_values: list[UnknownValue] = Field(default_factory=list)
    columns: list[ColumnProblem] = Field(default_factory=list)
    starter_profile: str = ""

    @property
    def clean(self) -> bool:
        """Nothing to map: every value is known and every column read."""
        return not self.unknown_values and not self.columns and not any(f.error for f in self.files)


class ImportRunRow(FrozenModel):
    """One past import of one file, as the imports page lists it (counts, no personal data).

    ``report`` is the rejects report's file name and ``report_available`` whether the board can
    still open it.
    """

    run_id: str
    agency: str
    file_name: str
    record_type: str
    read: int = 0
    landed: int = 0
    changed: int = 0
    rejected: int = 0
    pending_refs: int = 0
    dropped: int = 0
    kept_as_other: int = 0
    not_recorded: int = 0
    mapped: int = 0
    profile: str | None = None
    report: str | None = None
    report_available: bool = False
    imported_by: str | None = None
    finished_at: datetime | None = None
