"""Writes a graph held in memory as the CSV files Neo4j's offline importer reads.

One file per kind of node and per kind of relationship, header line first; a node's import id is
its key property, in an id space per label, so files written apart (one process per agency) fit
together and relationships name their ends by key. Each column's type is
taken from the values (a property holding two types is refused: the importer stores one type per
column). Neo4j stores an empty list, but the importer cannot write one, so a node's properties
that hold an empty list are named in its ``bulk_empty`` list for ``empty_lists`` to set after the
server starts.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from cseboard.errors import CseBoardError
from cseboard.store.local_server import ARRAY_DELIMITER

__all__ = [
    "BULK_EMPTY",
    "BulkFileError",
    "BulkFiles",
    "NodeGroup",
    "RelGroup",
    "write_bulk_files",
]

BULK_EMPTY = "bulk_empty"
"""The import-only property naming a node's empty lists (removed once they are set)."""


class BulkFileError(CseBoardError):
    """The graph cannot be written for the offline importer (the message says which value)."""


@dataclass(frozen=True)
class NodeGroup:
    """Nodes of one label by their key property's value: their properties (the key among them),
    and labels beyond ``label`` per node."""

    label: str
    key: str
    nodes: Mapping[str, dict[str, Any]]
    extra_labels: Mapping[str, Iterable[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class RelGroup:
    """Relationships of one type between nodes of two labels: (start key, end key, properties)."""

    type: str
    start: str
    end: str
    rows: Iterable[tuple[str, str, dict[str, Any] | None]]


@dataclass(frozen=True)
class BulkFiles:
    """The files written, and how many nodes and relationships they hold."""

    nodes: list[Path]
    relationships: list[Path]
    node_count: int
    relationship_count: int


_SCALARS: tuple[tuple[type, str], ...] = (
    (bool, "boolean"),  # before int: a bool is an int in Python
    (int, "long"),
    (float, "double"),
    (datetime, "datetime"),  # before date: a datetime is a date in Python
    (date, "date"),
    (time, "time"),
    (str, "string"),
)


def _scalar_type(value: Any) -> str:
    for kind, name in _SCALARS:
        if isinstance(value, kind):
            if isinstance(value, datetime) and value.tzinfo is None:
                return "localdatetime"
            return name
    raise BulkFileError(f"a value of type {type(value).__name__} cannot be imported")


def _type_of(value: Any) -> str:
    """The importer's type of a value; ``[]`` for an empty list (any list type fits it)."""
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        kinds = {_scalar_type(v) for v in value}
        if len(kinds) != 1:
            raise BulkFileError(f"a list mixes {', '.join(sorted(kinds))}")
        return kinds.pop() + "[]"
    return _scalar_type(value)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _text(value: Any) -> str:
    if isinstance(value, enum.Enum):
        value = value.value
    return str(value)


def _scalar(value: Any, kind: str) -> str:
    if kind == "string":
        return _quoted(_text(value))
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return repr(float(value))
    if kind == "long":
        return str(int(value))
    return str(value.isoformat())


def _array(values: Iterable[Any], kind: str) -> str:
    parts = []
    for value in values:
        part = _text(value) if kind == "string" else _scalar(value, kind)
        if ARRAY_DELIMITER in part:
            raise BulkFileError(f"a list value holds the control character U+001F: {part!r}")
        parts.append(part)
    return _quoted(ARRAY_DELIMITER.join(parts))


def _encoder(kind: str) -> Callable[[Any], str]:
    if kind.endswith("[]"):
        element = kind[:-2]
        return lambda v: _array(v, element)
    return lambda v: _scalar(v, kind)


def _column_types(rows: Iterable[Mapping[str, Any]], what: str) -> dict[str, str]:
    types: dict[str, str] = {}
    for props in rows:
        for key, value in props.items():
            if value is None:
                continue
            kind = _type_of(value)
            known = types.get(key)
            if known is None or known == "[]":
                types[key] = kind
            elif kind != known and kind != "[]":
                raise BulkFileError(f"{what}.{key} holds both {known} and {kind} values")
    # A property only ever empty is stored as an empty list, whatever its element type.
    return {k: ("string[]" if v == "[]" else v) for k, v in sorted(types.items())}


class _Writer:
    """One CSV file: a header line, then a line per node or relationship."""

    def __init__(self, path: Path, header: list[str]) -> None:
        self.path = path
        self._handle = path.open("w", encoding="utf-8", newline="")
        self._handle.write(",".join(header) + "\n")

    def line(self, cells: Iterable[str]) -> None:
        self._handle.write(",".join(cells) + "\n")

    def close(self) -> None:
        self._handle.close()


def _cells(props: Mapping[str, Any], columns: list[tuple[str, Callable[[Any], str]]]) -> list[str]:
    return ["" if (v := props.get(k)) is None or v == [] else enc(v) for k, enc in columns]


def write_bulk_files(
    folder: Path, nodes: list[NodeGroup], relationships: list[RelGroup], *, prefix: str = ""
) -> BulkFiles:
    """Write every group to ``folder``, each file's name starting with ``prefix``."""
    folder.mkdir(parents=True, exist_ok=True)
    node_files: list[Path] = []
    node_count = 0
    for group in nodes:
        if not group.nodes:
            continue
        types = _column_types(group.nodes.values(), group.label)
        types.pop(group.key, None)
        columns = [(k, _encoder(t)) for k, t in types.items()]
        empty_capable = [k for k, t in types.items() if t.endswith("[]")]
        header = [
            f"{group.key}:ID({group.label})",
            *(f"{k}:{t}" for k, t in types.items()),
            f"{BULK_EMPTY}:string[]",
            ":LABEL",
        ]
        writer = _Writer(folder / f"{prefix}nodes-{group.label}.csv", header)
        for key, props in group.nodes.items():
            empty = [k for k in empty_capable if props.get(k) == []]
            labels = [group.label, *sorted(group.extra_labels.get(key, ()))]
            writer.line(
                [
                    _quoted(key),
                    *_cells(props, columns),
                    _array(empty, "string") if empty else "",
                    ARRAY_DELIMITER.join(labels),
                ]
            )
        node_count += len(group.nodes)
        writer.close()
        node_files.append(writer.path)

    rel_files: list[Path] = []
    rel_count = 0
    for rel in relationships:
        rows = list(rel.rows)
        if not rows:
            continue
        types = _column_types((p for _, _, p in rows if p is not None), rel.type)
        columns = [(k, _encoder(t)) for k, t in types.items()]
        header = [
            f":START_ID({rel.start})",
            f":END_ID({rel.end})",
            *(f"{k}:{t}" for k, t in types.items()),
            ":TYPE",
        ]
        writer = _Writer(folder / f"{prefix}rels-{rel.start}-{rel.type}-{rel.end}.csv", header)
        for start, end, values in rows:
            writer.line([_quoted(start), _quoted(end), *_cells(values or {}, columns), rel.type])
        rel_count += len(rows)
        writer.close()
        rel_files.append(writer.path)
    return BulkFiles(node_files, rel_files, node_count, rel_count)
