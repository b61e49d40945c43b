"""Every read goes through the one store method that asks for read routing.

Pointed at a Neo4j cluster (``neo4j://``), reads then go to secondaries and writes to the leader.
Community has no cluster to test against, so this checks the code itself: only
``store/base.py`` talks to the driver, and each named statement is run as what it is.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "cseboard"
CYPHER = ROOT / "cypher"
WRITES = re.compile(r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE)\b")
LEADER_ONLY = {"await_indexes"}
"""Read-only statements that must still run where the schema is written (the leader)."""
DRIVER_CALLS = {"execute_query", "session", "begin_transaction", "execute_write", "execute_read"}


def _code(path: Path) -> str:
    return "\n".join(
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.strip().startswith("//")
    )


def _calls() -> list[tuple[Path, str, str]]:
    """(file, method, first literal argument) of every method call; ``session`` only on a
    driver (stores have a ``session`` method of their own: the user's board session)."""
    found = []
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                name = node.func.attr
                receiver = node.func.value
                last = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", "")
                if name == "session" and "driver" not in last:
                    continue
                first = node.args[0] if node.args else None
                statement = first.value if isinstance(first, ast.Constant) else None
                found.append((path, name, statement if isinstance(statement, str) else ""))
    return found


def test_only_the_store_base_talks_to_the_driver() -> None:
    offenders = sorted(
        f"{path.relative_to(SRC)}: {name}"
        for path, name, _ in _calls()
        if name in DRIVER_CALLS and path != SRC / "store" / "base.py"
    )
    assert offenders == []


def test_reads_are_read_statements_and_writes_write() -> None:
    checked = 0
    for path, name, statement in _calls():
        if not re.fullmatch(r"[a-z_0-9]+", statement) or not (CYPHER / f"{statement}.cypher").exists():
            continue
        writes = statement in LEADER_ONLY or bool(WRITES.search(_code(CYPHER / f"{statement}.cypher")))
        if name == "read":
            assert not writes, f"{path.relative_to(SRC)} reads with a write statement {statement}"
            checked += 1
        elif name == "write":
            assert writes, f"{path.relative_to(SRC)} runs read-only {statement} as a write"
            checked += 1
    assert checked > 50
