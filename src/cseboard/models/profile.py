"""A partner's import profile: its column names and its words, mapped to the exchange format.

A profile is a TOML file the partnership's analyst keeps per agency (see ``partners/README.md``)::

    agency = "police"
    date_order = "dmy"                  # dmy (UK, the default), mdy or ymd for n/n/yyyy dates

    [columns]                           # partner column = exchange column, in every file
    "occurrence ref" = "source_ref"

    [columns.intelligence]              # only in intelligence files
    "intel type" = "category"

    [values.category]                   # partner word = board code
    "phone" = "phone_or_device"

    [values.handling_conditions]        # partner wording = the board's structured text
    "csc and health only" = "share_with: childrens_social_care; health"

Every target is checked when the profile is read, so a typo in a profile is one clear error
rather than a thousand rejected rows.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import Field

from cseboard.errors import ValidationFailed
from cseboard.models.base import FrozenModel
from cseboard.models.exchange import RECORD_TYPES, SsdMissingRow, SsdPersonRow
from cseboard.models.handling import format_conditions, parse_conditions
from cseboard.models.vocabularies import VOCABULARIES, value_key

__all__ = ["EXCHANGE_COLUMNS", "PASS_THROUGH_VALUES", "DateOrder", "ImportProfile"]

DateOrder = Literal["dmy", "mdy", "ymd"]

EXCHANGE_COLUMNS: dict[str, tuple[str, ...]] = {
    **{name: model.columns for name, model in RECORD_TYPES.items()},
    "ssd_person": SsdPersonRow.columns,
    "ssd_missing": SsdMissingRow.columns,
}
EXCHANGE_COLUMNS["missing_episodes"] += ("absence_type", "rhi_offered")
"""The columns a profile may map to, per record type (``models.exchange`` validates them)."""

PASS_THROUGH_VALUES: dict[str, tuple[str, ...]] = {
    "handling_conditions": (),
}
"""Value tables that are not vocabularies: the profile's text replaces the partner's wording
before validation and the column's own parser reads it (``handling_conditions``: the one
reader of conditions, ``models.handling.parse_conditions``, which also checks the profile's
text when the profile is read)."""

_PASS_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "handling_conditions": {"intelligence": ("handling_conditions",)},
}


class ImportProfile(FrozenModel):
    """One agency's import profile.

    Attributes
    ----------
    agency: the agency code the profile is for.
    date_order: how ``n/n/yyyy`` dates are read: ``dmy`` (UK), ``mdy`` (US) or ``ymd``.
    columns: partner column (lower case) -> exchange column, for every file.
    columns_by_type: record type -> partner column -> exchange column (overrides ``columns``).
    values: vocabulary or pass-through table name -> partner word (``value_key``) -> board value.
    source: where the profile was read from, for messages.
    """

    agency: str
    date_order: DateOrder = "dmy"
    columns: dict[str, str] = Field(default_factory=dict)
    columns_by_type: dict[str, dict[str, str]] = Field(default_factory=dict)
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    source: str = ""

    # -- reading ---------------------------------------------------------------------------

    @classmethod
    def from_toml(
        cls, text: str, *, source: str = "", risk_levels: Iterable[str] | None = None
    ) -> ImportProfile:
        """Read and check a profile.

        Raises
        ------
        ValidationFailed
            If the text is not TOML, or names a column, vocabulary or value the board does
            not have (the message says which).

        Examples
        --------
        >>> text = 'agency = "police"\\n[values.category]\\nPhone = "phone_or_device"'
        >>> ImportProfile.from_toml(text).values["category"]
        {'phone': 'phone_or_device'}
        """
        where = source or "import profile"
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise ValidationFailed(f"{where} is not valid TOML: {e}") from None
        return cls.from_mapping(data, source=where, risk_levels=risk_levels)

    @classmethod
    def from_mapping(
        cls, data: dict[str, Any], *, source: str, risk_levels: Iterable[str] | None = None
    ) -> ImportProfile:
        """A profile from parsed TOML (see :meth:`from_toml`)."""
        unknown = set(data) - {"agency", "date_order", "columns", "values", "description"}
        if unknown:
            raise ValidationFailed(f"{source}: unknown setting(s) {', '.join(sorted(unknown))}")
        agency = data.get("agency")
        if not isinstance(agency, str) or not agency.strip():
            raise ValidationFailed(f'{source}: give the agency code, e.g. agency = "police"')
        order = data.get("date_order", "dmy")
        if order not in ("dmy", "mdy", "ymd"):
            raise ValidationFailed(f"{source}: date_order must be dmy, mdy or ymd, not {order!r}")
        columns, by_type = _read_columns(data.get("columns", {}), source)
        values = _read_values(data.get("values", {}), source, risk_levels)
        return cls(
            agency=agency.strip(),
            date_order=order,
            columns=columns,
            columns_by_type=by_type,
            values=values,
            source=source,
        )

    # -- using -----------------------------------------------------------------------------

    def column_map(self, record_type: str) -> dict[str, str]:
        """Partner column -> exchange column for one record type (lower-case names)."""
        mapping = dict(self.columns)
        mapping.update(self.columns_by_type.get(record_type, {}))
        return {k: v for k, v in mapping.items() if k != v}

    def value_maps(self, record_type: str) -> dict[str, dict[str, str]]:
        """Exchange column -> (partner word key -> board value) for one record type."""
        maps: dict[str, dict[str, str]] = {}
        for name, table in self.values.items():
            if not table:
                continue
            columns = (
                VOCABULARIES[name].columns if name in VOCABULARIES else _PASS_COLUMNS[name]
            ).get(record_type, ())
            for column in columns:
                maps[column] = table
        return maps


def _read_columns(raw: Any, source: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    if not isinstance(raw, dict):
        raise ValidationFailed(f"{source}: [columns] must be a table of column names")
    every = {c for cols in EXCHANGE_COLUMNS.values() for c in cols}
    columns: dict[str, str] = {}
    by_type: dict[str, dict[str, str]] = {}
    for key, target in raw.items():
        if isinstance(target, dict):
            if key not in EXCHANGE_COLUMNS:
                raise ValidationFailed(
                    f"{source}: [columns.{key}] is not a record type "
                    f"({', '.join(EXCHANGE_COLUMNS)})"
                )
            table: dict[str, str] = {}
            for partner, column in target.items():
                table[_header(partner)] = _target(column, EXCHANGE_COLUMNS[key], source, key)
            by_type[key] = table
        else:
            columns[_header(key)] = _target(target, tuple(every), source, "columns")
    return columns, by_type


def _header(name: str) -> str:
    return str(name).strip().lstrip("\ufeff").strip().lower()


def _target(column: Any, allowed: tuple[str, ...], source: str, table: str) -> str:
    if not isinstance(column, str) or column.strip().lower() not in allowed:
        raise ValidationFailed(
            f"{source}: [{table}] maps to {column!r}, which is not an exchange column"
        )
    return column.strip().lower()


def _read_values(
    raw: Any, source: str, risk_levels: Iterable[str] | None
) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict):
        raise ValidationFailed(f"{source}: [values] must hold one table per vocabulary")
    levels = tuple(risk_levels) if risk_levels is not None else None
    values: dict[str, dict[str, str]] = {}
    for name, table in raw.items():
        if name not in VOCABULARIES and name not in PASS_THROUGH_VALUES:
            names = ", ".join([*VOCABULARIES, *PASS_THROUGH_VALUES])
            raise ValidationFailed(f"{source}: [values.{name}] is not a vocabulary ({names})")
        if not isinstance(table, dict):
            raise ValidationFailed(f"{source}: [values.{name}] must be a table")
        mapped: dict[str, str] = {}
        for word, target in table.items():
            if not isinstance(target, str):
                raise ValidationFailed(f"{source}: [values.{name}] {word!r} must map to text")
            if name in VOCABULARIES:
                vocabulary = VOCABULARIES[name]
                code = vocabulary.known(target, levels)
                if code is None:
                    known = ", ".join(vocabulary.codes_for(levels))
                    raise ValidationFailed(
                        f"{source}: [values.{name}] maps {word!r} to {target!r}, "
                        f"which is not one of {known}"
                    )
                target = code
            elif name == "handling_conditions":
                target = _conditions(word, target, source)
            mapped[value_key(str(word))] = target.strip()
        values[name] = mapped
    return values


def _conditions(word: str, target: str, source: str) -> str:
    """A profile's handling text, as the board's one reader of conditions reads it.

    Raises
    ------
    ValidationFailed
        When the text is not a ``share_with:`` list: a profile must say exactly who may see
        an item (its wording would otherwise grant nobody, silently).

    Examples
    --------
    >>> _conditions("csc and health", "share_with: health; childrens_social_care", "p.toml")
    'share_with: childrens_social_care; health'
    >>> _conditions("police only", "", "p.toml")
    'share_with:'
    """
    read = parse_conditions(target)
    if not read.readable:
        raise ValidationFailed(
            f"{source}: [values.handling_conditions] maps {word!r} to {target!r}, which is "
            "not a list like 'share_with: childrens_social_care; health' (or 'share_with:' "
            "for the originating agency only)"
        )
    return read.text or format_conditions([])
