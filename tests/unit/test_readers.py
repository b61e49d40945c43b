"""Partner files: BOM, Windows line ends, quoted line breaks and JSON Lines keep true line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from cseboard.errors import ImportFileError
from cseboard.ingest.readers import open_table


def test_csv_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(
        "\ufeffAgency, Source_Ref ,role\r\npolice,P1,young_person\r\n\r\npolice,P2,associate\r\n".encode()
    )
    table = open_table(path)
    assert table.header == ["agency", "source_ref", "role"]
    rows = list(table.rows)
    assert [(r.line, r.values["source_ref"]) for r in rows] == [(2, "P1"), (4, "P2")]


def test_quoted_line_breaks_keep_the_starting_line(tmp_path: Path) -> None:
    path = tmp_path / "intelligence.csv"
    path.write_text('source_ref,summary\nI1,"two\nlines"\nI2,one\n', encoding="utf-8")
    assert [(r.line, r.values["source_ref"]) for r in open_table(path).rows] == [
        (2, "I1"),
        (4, "I2"),
    ]


def test_short_rows_are_reported_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("a,b,c\n1,2\n", encoding="utf-8")
    (row,) = open_table(path).rows
    assert row.line == 2 and row.problem and "2 cells" in row.problem


def test_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text('{"source_ref": "P1", "looked_after": true}\nnot json\n[1]\n', encoding="utf-8")
    rows = list(open_table(path).rows)
    assert rows[0].values == {"source_ref": "P1", "looked_after": "True"}
    assert rows[1].line == 2 and rows[1].problem and "JSON" in rows[1].problem
    assert rows[2].problem == "a JSON Lines row must be an object"


def test_non_utf8_and_unknown_types_are_refused_whole(tmp_path: Path) -> None:
    latin = tmp_path / "people.csv"
    latin.write_bytes(b"a,b\n\xe9,1\n")
    with pytest.raises(ImportFileError, match="not UTF-8"):
        open_table(latin)
    xlsx = tmp_path / "people.xlsx"
    xlsx.write_bytes(b"PK")
    with pytest.raises(ImportFileError, match=r"only \.csv and \.jsonl"):
        open_table(xlsx)
