"""The offline importer's CSV files: any partner text survives them, and a column has one type."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cseboard.store.bulk_files import BulkFileError, NodeGroup, RelGroup, write_bulk_files
from cseboard.store.local_server import ARRAY_DELIMITER

# Partner text: quotes, commas, line breaks, formula starts, any script; not the delimiter.
TEXT = st.text(st.characters(blacklist_characters=ARRAY_DELIMITER, blacklist_categories=["Cs"]))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@given(summary=TEXT, aliases=st.lists(TEXT.filter(bool), min_size=1, max_size=4))
def test_any_text_and_list_reads_back_as_it_was_written(
    tmp_path_factory: pytest.TempPathFactory, summary: str, aliases: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("bulk")
    nodes = {'po,"lice/1': {"record_key": 'po,"lice/1', "summary": summary, "aliases": aliases}}
    files = write_bulk_files(folder, [NodeGroup("AgencyRecord", "record_key", nodes)], [])
    [row] = _rows(files.nodes[0])
    assert row["record_key:ID(AgencyRecord)"] == 'po,"lice/1'
    assert row["summary:string"] == summary
    assert row["aliases:string[]"].split(ARRAY_DELIMITER) == aliases


def test_each_column_is_typed_from_its_values_and_empty_lists_are_named(tmp_path: Path) -> None:
    nodes = {
        "a": {
            "key": "a",
            "n": 3,
            "ok": True,
            "at": datetime(2025, 3, 1, 22, tzinfo=UTC),
            "tags": [],
        },
        "b": {"key": "b", "n": 4, "on": date(2025, 3, 2), "tags": ["x", "y"], "score": 1.5},
    }
    people = {"p": {"person_id": "p"}}
    files = write_bulk_files(
        tmp_path,
        [
            NodeGroup("Thing", "key", nodes),
            NodeGroup("Person", "person_id", people, {"p": ["YoungPerson"]}),
        ],
        [
            RelGroup(
                "NAMES", "Thing", "Person", [("a", "p", {"via": "police/P1"}), ("b", "p", None)]
            )
        ],
        prefix="police-",
    )
    assert [f.name for f in files.nodes] == ["police-nodes-Thing.csv", "police-nodes-Person.csv"]
    header = files.nodes[0].read_text(encoding="utf-8").splitlines()[0]
    assert header == (
        "key:ID(Thing),at:datetime,n:long,ok:boolean,on:date,score:double,tags:string[],"
        "bulk_empty:string[],:LABEL"
    )
    a, b = _rows(files.nodes[0])
    assert (a["at:datetime"], a["tags:string[]"], a["bulk_empty:string[]"]) == (
        "2025-03-01T22:00:00+00:00",
        "",
        "tags",
    )
    assert (b["on:date"], b["ok:boolean"], b["bulk_empty:string[]"]) == ("2025-03-02", "", "")
    [person] = _rows(files.nodes[1])
    assert person[":LABEL"] == f"Person{ARRAY_DELIMITER}YoungPerson"
    rels = _rows(files.relationships[0])
    assert [(r[":START_ID(Thing)"], r[":END_ID(Person)"], r["via:string"]) for r in rels] == [
        ("a", "p", "police/P1"),
        ("b", "p", ""),
    ]
    assert (files.node_count, files.relationship_count) == (3, 2)


def test_a_property_holding_two_types_is_refused(tmp_path: Path) -> None:
    nodes = {"a": {"risk": "high"}, "b": {"risk": 3}}
    with pytest.raises(BulkFileError, match=r"Thing\.risk holds both"):
        write_bulk_files(tmp_path, [NodeGroup("Thing", "key", nodes)], [])


def test_a_list_value_holding_the_array_delimiter_is_refused(tmp_path: Path) -> None:
    nodes = {"a": {"aliases": [f"Amy{ARRAY_DELIMITER}Jo"]}}
    with pytest.raises(BulkFileError, match="U\\+001F"):
        write_bulk_files(tmp_path, [NodeGroup("Thing", "key", nodes)], [])
