"""The board's controlled vocabularies as an import sees them: codes, columns, what unknown means.

One table says, for each vocabulary a partner's words must be mapped to, which columns of which
record types use it, which codes it knows and what a value outside it becomes: ``other`` where
the vocabulary has a safe "other" (category, location kind), else *not recorded* (the field's
blank value). Import profiles (``[values.<name>]``), the row models and the import check all read
this table, so they cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from cseboard.models.codes import (
    DEFAULT_RISK_LEVELS,
    Gender,
    IntelligenceCategory,
    LocationKind,
    MissingFrom,
    PersonRole,
    PoliceRiskLevel,
)

__all__ = [
    "DATE_COLUMNS",
    "VOCABULARIES",
    "YES_NO_WORDS",
    "Vocabulary",
    "code_of",
    "value_key",
    "vocabulary_of",
]

YES_NO_WORDS: tuple[str, ...] = ("yes", "no", "true", "false", "y", "n", "1", "0", "t", "f")
"""Words the import reads as yes or no (``models.values.parse_bool``)."""

_GENDER_LETTERS = {"f": "female", "m": "male", "u": "unknown", "o": "other"}


def value_key(value: str) -> str:
    """How a partner's word is compared with a profile's keys: trimmed, lower case, one space.

    Examples
    --------
    >>> value_key("  Online   Grooming ")
    'online grooming'
    """
    return re.sub(r"\s+", " ", value.strip().lower())


def code_of(value: str) -> str:
    """A partner's word as a code: lower case, spaces as underscores (``Transport Hub``).

    Examples
    --------
    >>> code_of(" Transport Hub ")
    'transport_hub'
    """
    return value_key(value).replace(" ", "_")


@dataclass(frozen=True)
class Vocabulary:
    """One controlled vocabulary.

    Attributes
    ----------
    name: the profile's table name (``[values.category]``).
    label: in words, for reports and the board.
    codes: the codes it knows (risk levels come from the settings instead, see ``codes_for``).
    other: what an unknown value becomes: a code (``other``) or ``None`` for *not recorded*.
    columns: record type -> the columns that use it.
    aliases: other spellings the import already understands (``F`` for female).
    """

    name: str
    label: str
    codes: tuple[str, ...]
    other: str | None
    columns: dict[str, tuple[str, ...]]
    aliases: dict[str, str] = field(default_factory=dict)

    def codes_for(self, risk_levels: Iterable[str] | None = None) -> tuple[str, ...]:
        """The known codes; the partnership's own risk levels for ``risk_level``."""
        if self.name == "risk_level" and risk_levels is not None:
            return tuple(risk_levels)
        return self.codes

    def known(self, value: str, risk_levels: Iterable[str] | None = None) -> str | None:
        """The code a raw value stands for, or ``None`` when the vocabulary does not know it.

        Examples
        --------
        >>> VOCABULARIES["gender"].known("F"), VOCABULARIES["category"].known("Phone")
        ('female', None)
        """
        key = value_key(value)
        if self.name == "yes_no":
            return key if key in YES_NO_WORDS else None
        code = key.replace(" ", "_")
        code = self.aliases.get(code, code)
        return code if code in self.codes_for(risk_levels) else None


VOCABULARIES: dict[str, Vocabulary] = {
    v.name: v
    for v in (
        Vocabulary(
            "category",
            "intelligence category",
            tuple(c.value for c in IntelligenceCategory),
            IntelligenceCategory.OTHER.value,
            {"intelligence": ("category",)},
        ),
        Vocabulary(
            "kind",
            "kind of place",
            tuple(k.value for k in LocationKind),
            LocationKind.OTHER.value,
            {"locations": ("kind",)},
        ),
        Vocabulary(
            "role",
            "role (young person or associate)",
            tuple(r.value for r in PersonRole),
            None,
            {"people": ("role",)},
        ),
        Vocabulary(
            "gender",
            "gender",
            tuple(g.value for g in Gender),
            None,
            {"people": ("gender",)},
            aliases=_GENDER_LETTERS,
        ),
        Vocabulary(
            "risk_level",
            "risk level",
            DEFAULT_RISK_LEVELS,
            None,
            {"people": ("risk_level",)},
        ),
        Vocabulary(
            "yes_no",
            "yes/no",
            YES_NO_WORDS,
            None,
            {
                "people": ("looked_after", "cp_plan", "child_in_need"),
                "missing_episodes": ("rhi_declined",),
            },
        ),
        Vocabulary(
            "missing_from",
            "missing from",
            tuple(m.value for m in MissingFrom),
            None,
            {"missing_episodes": ("missing_from",)},
        ),
        Vocabulary(
            "police_risk_level",
            "police risk grade",
            tuple(p.value for p in PoliceRiskLevel),
            None,
            {"missing_episodes": ("police_risk_level",)},
        ),
    )
}
"""Every vocabulary a profile may map, by its table name."""


def vocabulary_of(record_type: str, column: str) -> Vocabulary | None:
    """The vocabulary a column of a record type uses, if any.

    Examples
    --------
    >>> vocabulary_of("intelligence", "category").name
    'category'
    >>> vocabulary_of("people", "first_name") is None
    True
    """
    return _BY_COLUMN.get((record_type, column))


_BY_COLUMN: dict[tuple[str, str], Vocabulary] = {
    (record_type, column): v
    for v in VOCABULARIES.values()
    for record_type, columns in v.columns.items()
    for column in columns
}

DATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "people": ("date_of_birth",),
    "intelligence": ("reported_at",),
    "missing_episodes": (
        "reported_missing_at",
        "returned_at",
        "rhi_offered_at",
        "rhi_completed_at",
    ),
    "ssd_person": ("pers_dob",),
    "ssd_missing": ("miss_mis_epi_start", "miss_mis_epi_end"),
}
"""Columns holding dates or date-times, which a profile's ``date_order`` applies to."""
