"""Writes small partner files for integration tests (synthetic values only)."""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["write_csv"]


def write_csv(
    path: Path, rows: list[dict[str, str]], *, bom: bool = False, crlf: bool = False
) -> Path:
    """Write rows with the union of their keys as header."""
    header: list[str] = []
    for row in rows:
        header.extend(k for k in row if k not in header)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\r\n" if crlf else "\n")
        writer.writeheader()
        writer.writerows(rows)
    return path
