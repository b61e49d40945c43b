"""Reads partner CSV (any line ends, optional BOM), JSON Lines and XLSX into numbered rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from cseboard.errors import ImportFileError

__all__ = ["RawRow", "Table", "count_lines", "open_spreadsheet", "open_table"]


@dataclass(frozen=True)
class RawRow:
    """One row as read: ``line`` is the physical line where it starts (header is line 1).

    ``problem`` is set when the row could not even be split into cells.
    """

    line: int
    values: dict[str, str | None]
    problem: str | None = None


@dataclass
class Table:
    """A readable partner file: its normalised header and a one-pass row iterator."""

    path: Path
    header: list[str]
    rows: Iterator[RawRow]

    def renamed(self, names: dict[str, str]) -> Table:
        """The table with columns called by other names (an import profile's ``[columns]``),
        before any row is read. A CSV's rows take the new names from the header itself, so
        renaming costs nothing per row; JSON Lines rows are renamed one by one."""
        if not names:
            return self
        header = [names.get(c, c) for c in self.header]
        if self.path.suffix.lower() == ".csv":
            self.header[:] = header  # the row reader zips this same list
            return self
        rows = (
            RawRow(r.line, {names.get(k, k): v for k, v in r.values.items()}, r.problem)
            for r in self.rows
        )
        return Table(self.path, header, rows)


def _normalise_header(names: list[str]) -> list[str]:
    return [name.strip().lstrip("\ufeff").strip().lower() for name in names]


def count_lines(path: Path) -> int:
    """Physical line count, for progress bars (quoted line breaks make it an upper bound)."""
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ImportFileError(
            f"{path.name} is not UTF-8 (bad byte at line {line}); export it as 'CSV UTF-8'"
        ) from None


def _csv_rows(text: str, header_len: int, header: list[str]) -> Iterator[RawRow]:
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if not "".join(cells).strip():
            continue  # blank, or only spaces
        if len(cells) != header_len:
            yield RawRow(line, {}, f"row has {len(cells)} cells but the header has {header_len}")
            continue
        yield RawRow(line, dict(zip(header, cells, strict=True)))


def _jsonl_rows(lines: list[str]) -> Iterator[RawRow]:
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as e:
            yield RawRow(number, {}, f"not valid JSON: {e.msg}")
            continue
        if not isinstance(obj, dict):
            yield RawRow(number, {}, "a JSON Lines row must be an object")
            continue
        values = {
            str(k).strip().lower(): (
                None
                if v is None
                else v
                if isinstance(v, str)
                else json.dumps(v)
                if isinstance(v, list | dict)
                else str(v)
            )
            for k, v in obj.items()
        }
        yield RawRow(number, values)


def open_table(path: Path) -> Table:
    """Open a ``.csv`` or ``.jsonl``/``.ndjson`` file.

    Raises
    ------
    ImportFileError
        If the file is missing, empty, not UTF-8, or of an unknown type.
    """
    if not path.is_file():
        raise ImportFileError(f"{path} does not exist")
    suffix = path.suffix.lower()
    text = _decode(path)
    if suffix == ".csv":
        first = next(csv.reader(io.StringIO(text, newline="")), None)
        if not first:
            raise ImportFileError(f"{path.name} is empty (no header row)")
        header = _normalise_header(first)
        return Table(path, header, _csv_rows(text, len(header), header))
    if suffix in {".jsonl", ".ndjson"}:
        lines = text.splitlines()
        keys: list[str] = []
        for row in _jsonl_rows(lines[:50]):
            keys.extend(k for k in row.values if k not in keys)
        return Table(path, keys, _jsonl_rows(lines))
    raise ImportFileError(f"{path.name}: only .csv and .jsonl files can be imported")


def _xlsx_text(value: object) -> str | None:
    """A workbook cell as the text a CSV export would hold (dates as ISO days)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_table(path: Path) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as e:
        raise ImportFileError(f"{path.name} is not a readable .xlsx workbook ({e})") from None
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        raise ImportFileError(f"{path.name} has no worksheet")
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    book.close()
    if not rows or not any(c is not None for c in rows[0]):
        raise ImportFileError(f"{path.name} is empty (no header row)")
    header = _normalise_header([_xlsx_text(c) or "" for c in rows[0]])
    while header and not header[-1]:
        header.pop()

    def data() -> Iterator[RawRow]:
        for number, cells in enumerate(rows[1:], start=2):
            texts = [_xlsx_text(c) for c in cells]
            if not any(t and t.strip() for t in texts):
                continue
            extra = [t for t in texts[len(header) :] if t and t.strip()]
            if extra:
                yield RawRow(number, {}, f"row has values beyond the {len(header)} headed columns")
                continue
            texts += [None] * (len(header) - len(texts))
            yield RawRow(number, dict(zip(header, texts[: len(header)], strict=True)))

    return Table(path, header, data())


def open_spreadsheet(path: Path) -> Table:
    """Open a ``.csv`` or ``.xlsx`` (first worksheet) file as a table with line numbers.

    The line of a workbook row is its row number in the sheet (the header is row 1), so a
    report names the row the person sees in their spreadsheet.

    Raises
    ------
    ImportFileError
        If the file is missing, empty, unreadable or neither CSV nor XLSX.
    """
    if not path.is_file():
        raise ImportFileError(f"{path} does not exist")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return open_table(path)
    if suffix == ".xlsx":
        return _xlsx_table(path)
    raise ImportFileError(f"{path.name}: only .csv and .xlsx files can be imported")
