"""Finds a partner's import profile (``<folder>/<agency>.toml``) and applies it to raw rows.

The profile renames the partner's columns to the exchange format's, replaces the partner's words
by the board's codes and reorders ``n/n/yyyy`` dates, all on the raw text before validation, so
the row models stay the one place where values are checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cseboard.errors import ImportFileError, ValidationFailed
from cseboard.models.exchange import normalise_agency
from cseboard.models.profile import ImportProfile
from cseboard.models.vocabularies import DATE_COLUMNS, value_key

__all__ = ["RowMapper", "load_profile", "profile_path"]

_MDY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(.*)$", re.DOTALL)
_YMD = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(.*)$", re.DOTALL)


def profile_path(folder: Path, agency: str) -> Path:
    """Where an agency's profile is looked for: ``<folder>/<agency code>.toml``."""
    return folder / f"{normalise_agency(agency)}.toml"


def load_profile(
    folder: Path | None, agency: str, *, risk_levels: Iterable[str] | None = None
) -> ImportProfile | None:
    """The agency's profile, or ``None`` when the folder holds none for it.

    Raises
    ------
    ValidationFailed
        When the file exists but is not a valid profile, or is for another agency.
    """
    if folder is None:
        return None
    path = profile_path(folder, agency)
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise ValidationFailed(f"{path} cannot be read: {e}") from None
    profile = ImportProfile.from_toml(text, source=str(path), risk_levels=risk_levels)
    if normalise_agency(profile.agency) != normalise_agency(agency):
        raise ValidationFailed(
            f"{path} is the profile of {profile.agency!r}, not of {normalise_agency(agency)!r}"
        )
    return profile


def _reorder(value: str | None, order: str) -> str | None:
    """A partner's ``n/n/yyyy`` date rewritten as the UK order the validators read."""
    if not value:
        return value
    text = value.strip()
    if order == "mdy":
        match = _MDY.match(text)
        if match:
            month, day, year, rest = match.groups()
            return f"{day}/{month}/{year}{rest}"
    elif order == "ymd":
        match = _YMD.match(text)
        if match:
            year, month, day, rest = match.groups()
            return f"{day}/{month}/{year}{rest}"
    return value


@dataclass
class RowMapper:
    """A profile compiled for one record type: rename the header once, map each row's cells.

    ``mapped`` counts the cells whose value the profile replaced (the import summary shows it;
    such values are not listed in the rejects report).
    """

    rename: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    date_columns: tuple[str, ...] = ()
    date_order: str = "dmy"
    mapped: int = 0

    @classmethod
    def for_type(cls, profile: ImportProfile | None, record_type: str) -> RowMapper:
        if profile is None:
            return cls()
        dates = DATE_COLUMNS.get(record_type, ()) if profile.date_order != "dmy" else ()
        return cls(
            rename=profile.column_map(record_type),
            values=profile.value_maps(record_type),
            date_columns=dates,
            date_order=profile.date_order,
        )

    @property
    def active(self) -> bool:
        return bool(self.rename or self.values or self.date_columns)

    def header(self, header: list[str]) -> list[str]:
        """The header in exchange names.

        Raises
        ------
        ImportFileError
            When two of the file's columns would both become the same exchange column.
        """
        renamed = [self.rename.get(c, c) for c in header]
        twice = sorted({c for c in renamed if renamed.count(c) > 1 and c})
        if twice:
            raise ImportFileError(
                f"the profile maps two columns of the file to {', '.join(twice)}: "
                "keep one of them in the profile's [columns]"
            )
        return renamed

    def apply(
        self, values: dict[str, str | None], *, renamed: bool = False
    ) -> dict[str, str | None]:
        """One row's cells with exchange column names and the board's words (``renamed``: the
        columns already have their exchange names, see ``readers.Table.renamed``). The dict
        given may be changed in place."""
        if self.rename and not renamed:
            values = {self.rename.get(k, k): v for k, v in values.items()}
        for column, table in self.values.items():
            raw = values.get(column)
            if raw:
                code = table.get(value_key(raw))
                if code is not None:
                    values[column] = code
                    self.mapped += 1
        for column in self.date_columns:
            raw = values.get(column)
            if raw:
                values[column] = _reorder(raw, self.date_order)
        return values
