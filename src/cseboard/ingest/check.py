"""The check before an import: which values and columns the board would not know, and a profile.

``check_files`` runs the import as a dry run (the same reading, profile and validation, nothing
written) and lists, per column, the partner's values outside the vocabulary with their counts
and the closest known value (rapidfuzz), and the columns it would not read. ``starter_profile``
turns that into a profile the analyst edits and saves as ``<folder>/<agency>.toml``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from rapidfuzz import fuzz, process

from cseboard.ingest.importer import Importer
from cseboard.models.imports import CheckedFile, ColumnProblem, ImportCheck, UnknownValue
from cseboard.models.profile import EXCHANGE_COLUMNS, ImportProfile
from cseboard.models.vocabularies import VOCABULARIES, value_key, vocabulary_of

__all__ = ["SUGGEST_SCORE", "check_files", "closest", "starter_profile"]

SUGGEST_SCORE = 80.0
"""A starting profile maps a word to its closest known value only from this similarity up;
below it the suggestion is written as a comment for the analyst to decide."""


def closest(value: str, choices: Iterable[str]) -> tuple[str | None, float]:
    """The choice most like ``value`` (codes compared as words) and its score, 0-100.

    Examples
    --------
    >>> closest("phone", ["sighting", "phone_or_device", "online_contact"])
    ('phone_or_device', 90.0)
    """
    options = {c: c.replace("_", " ") for c in choices}
    if not options or not value.strip():
        return None, 0.0
    found = process.extractOne(value_key(value).replace("_", " "), options, scorer=fuzz.WRatio)
    if found is None:
        return None, 0.0
    _, score, code = found
    return str(code), round(float(score), 1)


def check_files(
    paths: Sequence[Path],
    *,
    agency: str,
    fmt: str = "exchange",
    profile: ImportProfile | None = None,
    risk_levels: Iterable[str] = ("none", "low", "medium", "high"),
    extra_columns_allowed: Iterable[str] = (),
) -> ImportCheck:
    """What importing these files would do, without writing anything.

    Raises
    ------
    ImportFileError
        From the import, when the format or the profile does not fit the agency.
    """
    levels = list(risk_levels)
    importer = Importer(
        None,
        agency=agency,
        fmt=fmt,
        risk_levels=levels,
        extra_columns_allowed=extra_columns_allowed,
        dry_run=True,
        profile=profile,
    )
    summary = importer.run(paths)
    files: list[CheckedFile] = []
    values: Counter[tuple[str, str, str, str]] = Counter()
    columns: list[ColumnProblem] = []
    for f in summary.files:
        files.append(
            CheckedFile(
                file=f.path.name,
                record_type=f.record_type,
                read=f.read,
                landed=f.landed,
                rejected=f.rejected,
                dropped=f.dropped,
                kept_as_other=f.kept_as_other,
                not_recorded=f.not_recorded,
                mapped=f.mapped,
                error=f.error,
            )
        )
        for (column, value, outcome), rows in f.unknown_values.items():
            values[(f.record_type, column, value, outcome)] += rows
        exchange = EXCHANGE_COLUMNS.get(f.record_type, ())
        for column in f.ignored_columns:
            near, score = closest(column, exchange)
            columns.append(
                ColumnProblem(
                    file=f.path.name,
                    record_type=f.record_type,
                    column=column,
                    kind="unknown",
                    closest=near,
                    score=score,
                )
            )
        for column in f.missing_columns:
            near, score = closest(column, f.ignored_columns)
            columns.append(
                ColumnProblem(
                    file=f.path.name,
                    record_type=f.record_type,
                    column=column,
                    kind="missing",
                    closest=near,
                    score=score,
                )
            )
    unknown: list[UnknownValue] = []
    for (record_type, column, value, outcome), rows in values.items():
        if column == "handling_conditions":
            # Not a vocabulary: no closest value; the analyst says whom it may be shared with.
            unknown.append(
                UnknownValue(
                    record_type=record_type,
                    column=column,
                    vocabulary="handling_conditions",
                    value=value,
                    rows=rows,
                    outcome=outcome,
                )
            )
            continue
        vocabulary = vocabulary_of(record_type, column)
        if vocabulary is None:  # an SSD column: pers_sex, the yes/no flags
            name = "yes_no" if "rhi" in column else "gender"
            vocabulary = VOCABULARIES[name]
        near, score = closest(value, vocabulary.codes_for(levels))
        unknown.append(
            UnknownValue(
                record_type=record_type,
                column=column,
                vocabulary=vocabulary.name,
                value=value,
                rows=rows,
                outcome=outcome,
                closest=near,
                score=score,
            )
        )
    unknown.sort(key=lambda u: (u.record_type, u.column, -u.rows, u.value))
    return ImportCheck(
        agency=importer.agency,
        fmt=fmt,
        profile=profile.source if profile is not None else None,
        files=files,
        unknown_values=unknown,
        columns=columns,
    )


def _toml(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def starter_profile(check: ImportCheck, existing: ImportProfile | None = None) -> str:
    """A profile for the analyst to edit: the existing mappings plus a suggestion for each
    unknown column and value (the closest known one, with its score as a comment).

    Suggestions are only suggestions: a value the board has no word for is better left as
    ``other`` (delete its line) than mapped to a wrong code.

    Examples
    --------
    >>> check = ImportCheck(agency="police", fmt="exchange", unknown_values=[UnknownValue(
    ...     record_type="intelligence", column="category", vocabulary="category",
    ...     value="phone", rows=12, outcome="kept_as_other", closest="phone_or_device",
    ...     score=90.0)])
    >>> text = starter_profile(check)
    >>> [line for line in text.splitlines() if line.startswith('"phone"')]
    ['"phone" = "phone_or_device"  # 12 rows; closest known value (score 90)']
    """
    lines = [
        f"# Import profile of {check.agency}: the partner's column names and words, mapped to",
        "# the board's. Check every suggestion below, change what is wrong, delete what has no",
        "# match (an unknown category then lands as 'other', other values as not recorded),",
        "# and save this file as <profiles folder>/<agency>.toml.",
        f"agency = {_toml(check.agency)}",
        f"date_order = {_toml(existing.date_order if existing else 'dmy')}"
        "  # dmy (dd/mm/yyyy), mdy (mm/dd/yyyy) or ymd",
        "",
    ]
    shared = dict(existing.columns) if existing else {}
    by_type: dict[str, dict[str, tuple[str, str]]] = {}
    if existing:
        for record_type, table in existing.columns_by_type.items():
            for partner, column in table.items():
                by_type.setdefault(record_type, {})[partner] = (column, "")
    for problem in check.columns:
        if problem.kind == "unknown" and problem.closest and problem.score >= SUGGEST_SCORE:
            note = f"  # suggested (score {problem.score:.0f}); delete if wrong"
            by_type.setdefault(problem.record_type, {}).setdefault(
                problem.column, (problem.closest, note)
            )
    lines.append("[columns]  # partner column = exchange column, in every file")
    lines += [f"{_toml(k)} = {_toml(v)}" for k, v in sorted(shared.items())]
    lines.append("")
    for record_type in sorted(by_type):
        lines.append(f"[columns.{record_type}]")
        for partner, (column, note) in sorted(by_type[record_type].items()):
            lines.append(f"{_toml(partner)} = {_toml(column)}{note}")
        lines.append("")
    tables: dict[str, dict[str, tuple[str, str]]] = {}
    if existing:
        for name, table in existing.values.items():
            for word, code in table.items():
                tables.setdefault(name, {})[word] = (code, "")
    wording: list[str] = []
    for u in check.unknown_values:
        if u.vocabulary == "handling_conditions":
            key = value_key(u.value)
            if key not in tables.get("handling_conditions", {}):
                wording.append(
                    f"# {_toml(key)} = \"share_with: \"  # {u.rows} rows; read as the "
                    "originating agency only: list the agencies it may be shared with"
                )
            continue
        if u.closest is None:
            continue
        note = f"  # {u.rows} rows; closest known value (score {u.score:.0f})"
        if u.score < SUGGEST_SCORE:
            note += ": a weak match, decide"
        tables.setdefault(u.vocabulary, {}).setdefault(value_key(u.value), (u.closest, note))
    for name in [*VOCABULARIES, "handling_conditions"]:
        if name not in tables and not (name == "handling_conditions" and wording):
            continue
        lines.append(f"[values.{name}]")
        for word, (code, note) in sorted(tables.get(name, {}).items()):
            weak = note.endswith("decide")
            lines.append(f"{'# ' if weak else ''}{_toml(word)} = {_toml(code)}{note}")
        if name == "handling_conditions":
            lines += sorted(wording)
        lines.append("")
    if "handling_conditions" not in tables and not wording:
        lines += [
            "# [values.handling_conditions]  # the partner's wording = who may see a C item",
            '# "not to be shared outside csc" = "share_with: childrens_social_care"',
            "",
        ]
    return "\n".join(lines)
