"""The store base against a real Neo4j: native values, read routing, StoreError, whole rollback."""

from __future__ import annotations

from datetime import UTC, date, datetime

import neo4j
import pytest

from cseboard.errors import StoreError, ValidationFailed
from cseboard.store.base import GraphStore, Transaction, to_python

AT = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


def _operations(driver: neo4j.Driver) -> list[str]:
    records = driver.execute_query("MATCH (o:Operation) RETURN o.operation_id AS id ORDER BY id")
    return [r["id"] for r in records.records]


def test_to_python_converts_temporal_values_at_any_depth(driver: neo4j.Driver) -> None:
    record = driver.execute_query(
        "RETURN datetime('2024-05-01T09:30:00Z') AS at, date('2024-05-02') AS on, "
        "localtime('10:15') AS time, [date('2024-05-03'), date('2024-05-04')] AS dates, "
        "{when: datetime('2024-05-01T09:30:00Z'), inner: [{on: date('2024-05-05')}], n: 3} "
        "AS nested, 'text' AS text"
    ).records[0]
    row = to_python(record.data())
    assert row["at"] == AT and isinstance(row["at"], datetime)
    assert row["on"] == date(2024, 5, 2) and type(row["on"]) is date
    assert row["time"].isoformat() == "10:15:00"
    assert row["dates"] == [date(2024, 5, 3), date(2024, 5, 4)]
    assert row["nested"] == {"when": AT, "inner": [{"on": date(2024, 5, 5)}], "n": 3}
    assert row["text"] == "text"


def test_read_returns_native_rows(driver: neo4j.Driver) -> None:
    driver.execute_query(
        "CREATE (:AnalysisRun {run_id: 'R-base', run_at: $at, window_start: $day, days: [$day]})",
        at=AT,
        day=date(2024, 4, 1),
    )
    rows = GraphStore(driver).read("network_run_get", run_id="R-base")
    run = rows[0]["run"]
    assert run["run_at"] == AT and isinstance(run["run_at"], datetime)
    assert run["window_start"] == date(2024, 4, 1)
    assert run["days"] == [date(2024, 4, 1)]


def test_read_asks_for_read_routing(driver: neo4j.Driver) -> None:
    """A write statement sent through ``read`` runs in a read transaction, which refuses it."""
    store = GraphStore(driver)
    with pytest.raises(StoreError, match="operation_upsert failed"):
        store.read("operation_upsert", operation_id="OP-R", name="R", by="test", now=AT)
    assert "OP-R" not in _operations(driver)
    store.write("operation_upsert", operation_id="OP-R", name="R", by="test", now=AT)
    assert "OP-R" in _operations(driver)


def test_a_failing_statement_raises_store_error_naming_it(driver: neo4j.Driver) -> None:
    store = GraphStore(driver)
    with pytest.raises(StoreError, match=r"network_run_get failed: .*run_id"):
        store.read("network_run_get")  # the $run_id parameter is missing
    with pytest.raises(StoreError, match="no Cypher statement named 'no_such_statement'"):
        store.write("no_such_statement")


def test_an_unreachable_server_raises_store_error() -> None:
    unreachable = neo4j.GraphDatabase.driver(
        "bolt://127.0.0.1:9",
        auth=("neo4j", "x"),
        max_transaction_retry_time=0,
        connection_timeout=2,
    )
    try:
        with pytest.raises(StoreError, match="graph_counts failed"):
            GraphStore(unreachable).read("graph_counts")
    finally:
        unreachable.close()


def test_a_transaction_rolls_back_whole_and_names_the_failing_statement(
    driver: neo4j.Driver,
) -> None:
    store = GraphStore(driver)

    def work(tx: Transaction) -> None:
        tx.run("operation_upsert", operation_id="OP-T1", name="first", by="test", now=AT)
        tx.run("operation_upsert", operation_id="OP-T2", name="second", by="test", now=AT)
        tx.run("operation_nominate", operation_id="OP-T1")  # parameters missing: fails

    with pytest.raises(StoreError, match=r"nominating \(operation_nominate\) failed"):
        store.transaction(work, what="nominating")
    assert not {"OP-T1", "OP-T2"} & set(_operations(driver))


def test_an_error_raised_by_the_work_passes_through_and_rolls_back(driver: neo4j.Driver) -> None:
    store = GraphStore(driver)

    def work(tx: Transaction) -> None:
        tx.run("operation_upsert", operation_id="OP-V", name="v", by="test", now=AT)
        raise ValidationFailed("changed my mind")

    with pytest.raises(ValidationFailed, match="changed my mind"):
        store.transaction(work, what="validating")
    assert "OP-V" not in _operations(driver)


def test_a_transaction_commits_and_returns_what_the_work_returns(driver: neo4j.Driver) -> None:
    store = GraphStore(driver)

    def work(tx: Transaction) -> str:
        tx.run("operation_upsert", operation_id="OP-C", name="c", by="test", now=AT)
        return str(
            tx.single("operation_upsert", operation_id="OP-C", name="c2", by="test", now=AT)[
                "operation_id"
            ]
        )

    assert store.transaction(work, what="committing") == "OP-C"
    assert "OP-C" in _operations(driver)
    with pytest.raises(StoreError, match="operation_nominate returned no row"):
        store.transaction(
            lambda tx: tx.single(
                "operation_nominate",
                operation_id="OP-C",
                person_id="nobody",
                by="t",
                rationale="r",
                now=AT,
            ),
            what="nominating nobody",
        )
