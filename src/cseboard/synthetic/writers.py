"""Partner files on disk: CSV with each agency's BOM and line-end habits, or JSON Lines.

Each writer knows the physical line every row starts on (header = line 1, quoted line breaks
counted), which is what truth and the import's rejects report both refer to.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from types import TracebackType
from typing import TextIO

from cseboard.synthetic.styles import AgencyStyle

__all__ = ["TableWriter"]


class TableWriter:
    """Writes one file of one record type for one agency.

    Rows are given in exchange column names; the file's header is the agency's own names.
    """

    def __init__(self, root: Path, agency: str, record_type: str, columns: tuple[str, ...],
                 style: AgencyStyle) -> None:
        self.agency, self.record_type, self.columns = agency, record_type, columns
        suffix = ".jsonl" if style.jsonl else ".csv"
        self.relative = f"{agency}/{record_type}{suffix}"
        self.path = root / agency / f"{record_type}{suffix}"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.jsonl = style.jsonl
        self.header = style.header(record_type, columns)
        self.rows = 0
        self.invalid = 0
        self.field_problems = 0
        encoding = "utf-8-sig" if style.bom and not style.jsonl else "utf-8"
        self._handle: TextIO = self.path.open(
            "w", encoding=encoding, newline="", buffering=1 << 20
        )
        self._next_line = 1
        if not self.jsonl:
            self._csv = csv.writer(self._handle, lineterminator="\r\n" if style.crlf else "\n")
            self._csv.writerow(self.header)
            self._next_line = 2

    def write(self, row: dict[str, str]) -> int:
        """Write a row; returns the physical line it starts on."""
        line = self._next_line
        values = [row[c] for c in self.columns]
        if self.jsonl:
            self._handle.write(
                json.dumps(dict(zip(self.header, values, strict=True)), ensure_ascii=False)
            )
            self._handle.write("\n")
            self._next_line += 1
        else:
            self._csv.writerow(values)
            self._next_line += 1 + "".join(values).count("\n")
        self.rows += 1
        return line

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
