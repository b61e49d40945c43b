"""What a partner's row landed without, kept on the record: the data-quality note.

A value outside a vocabulary (kept as ``other`` or not recorded) or an invalid optional field
(dropped) leaves the row landing without it; the note keeps the partner's raw value and the
reason, on the record (``data_quality``, JSON text) and in the rejects report.
"""

from __future__ import annotations

import json
from typing import Literal

from cseboard.models.base import FrozenModel

__all__ = ["DataQualityNote", "NoteOutcome", "notes_from_json", "notes_json"]

NoteOutcome = Literal["kept_as_other", "not_recorded", "field_dropped"]


class DataQualityNote(FrozenModel):
    """A value a row landed without, kept on the record for review.

    Attributes
    ----------
    column: the exchange column (``category``, ``nhs_number``…).
    value: what the partner sent, as sent.
    reason: why the board did not take it, in words.
    outcome: ``kept_as_other`` (landed as ``other``), ``not_recorded`` (a vocabulary without a
        safe other: the field is left blank) or ``field_dropped`` (an invalid optional field).
    """

    column: str
    value: str
    reason: str
    outcome: NoteOutcome

    @property
    def sentence(self) -> str:
        """The note as the board shows it.

        Examples
        --------
        >>> DataQualityNote(column="nhs_number", value="1234567890",
        ...                 reason="NHS number check digit is wrong (modulus 11)",
        ...                 outcome="field_dropped").sentence
        "NHS number '1234567890' was left empty: NHS number check digit is wrong (modulus 11)"
        """
        name = _COLUMN_WORDS.get(self.column, self.column.replace("_", " "))
        name = name[:1].upper() + name[1:]
        if self.outcome == "kept_as_other":
            return f"{name} {self.value!r} is not in the board's list: recorded as other"
        if self.outcome == "not_recorded":
            return f"{name} {self.value!r} is not in the board's list: not recorded"
        return f"{name} {self.value!r} was left empty: {self.reason}"


_COLUMN_WORDS = {
    "nhs_number": "NHS number",
    "date_of_birth": "date of birth",
    "cp_plan": "child protection plan",
    "rhi_offered_at": "return home interview offered at",
    "rhi_completed_at": "return home interview completed at",
    "rhi_declined": "return home interview declined",
    "pers_common_child_id": "NHS number",
    "pers_dob": "date of birth",
    "pers_sex": "sex",
}


def notes_json(notes: tuple[DataQualityNote, ...] | list[DataQualityNote]) -> str | None:
    """How notes are stored on a record (one JSON text property, ``None`` when there are none)."""
    if not notes:
        return None
    return json.dumps([n.model_dump() for n in notes], separators=(",", ":"), ensure_ascii=False)


def notes_from_json(text: str | None) -> list[DataQualityNote]:
    """The notes a record keeps (see :func:`notes_json`); unreadable text gives none."""
    if not text:
        return []
    try:
        return [DataQualityNote(**item) for item in json.loads(text)]
    except (ValueError, TypeError):
        return []
