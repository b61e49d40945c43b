"""The one way every store runs a named statement: routing, native values, ``StoreError``.

Reads ask for read routing, writes for write routing, and a unit of work that must land whole
(audit append, merges, an analysis run, an erasure, an import batch) runs its statements in one
write transaction. Driver errors become ``StoreError`` naming the statement; rows come back as
plain dicts with Neo4j temporal values made native, also inside lists and maps. Notices about
labels or properties that do not exist yet are silenced for the whole driver (``connect``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import neo4j
from neo4j.time import Date, DateTime, Time

from cseboard.errors import StoreError
from cseboard.store.cypher import query, statements

__all__ = ["DRIVER_ERRORS", "GraphStore", "Row", "Transaction", "to_python"]

Row = dict[str, Any]
T = TypeVar("T")

DRIVER_ERRORS: tuple[type[Exception], ...] = (
    neo4j.exceptions.Neo4jError,
    neo4j.exceptions.ServiceUnavailable,
    neo4j.exceptions.SessionExpired,
)
"""What the driver raises when the server refuses a statement or cannot be reached."""


def to_python(value: Any) -> Any:
    """Neo4j temporal values (also inside maps and lists) as Python ``datetime``/``date``/``time``.

    Examples
    --------
    >>> from neo4j.time import Date
    >>> to_python({"on": [Date(2024, 5, 1)], "n": 1})
    {'on': [datetime.date(2024, 5, 1)], 'n': 1}
    """
    if isinstance(value, DateTime | Date | Time):
        return value.to_native()
    if isinstance(value, dict):
        return {k: to_python(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_python(v) for v in value]
    return value


def _rows(records: list[neo4j.Record]) -> list[Row]:
    return [to_python(r.data()) for r in records]


def _failure(what: str, e: Exception) -> StoreError:
    message = e.message if isinstance(e, neo4j.exceptions.Neo4jError) else str(e)
    return StoreError(f"{what} failed: {message}")


class Transaction:
    """The open write transaction of one unit of work; ``run`` executes a named statement in it."""

    def __init__(self, tx: neo4j.ManagedTransaction) -> None:
        self._tx = tx
        self.statement: str | None = None
        """The statement running (or last run), so a failure can name it."""

    def run(self, name: str, /, **params: Any) -> list[Row]:
        """Every row of ``cypher/<name>.cypher``, consumed inside the transaction."""
        self.statement = name
        return _rows(list(self._tx.run(query(name), params)))

    def single(self, name: str, /, **params: Any) -> Row:
        """The first row of a statement that always returns one (else ``StoreError``)."""
        rows = self.run(name, **params)
        if not rows:
            raise StoreError(f"{name} returned no row")
        return rows[0]


class GraphStore:
    """Base of every store: holds the caller's driver (never closes it) and the database name."""

    def __init__(self, driver: neo4j.Driver, *, database: str | None = None) -> None:
        self._driver = driver
        self._database = database

    def read(self, name: str, /, *, raw: bool = False, **params: Any) -> list[Row]:
        """Run a read statement with read routing; rows as plain dicts.

        Every read of the package goes through here, so that pointed at a cluster
        (``neo4j://``) reads go to secondaries. ``raw`` skips the conversion of temporal
        values, for bulk reads whose statements return none (they return epoch numbers).
        """
        return self._execute(name, neo4j.RoutingControl.READ, params, convert=not raw)

    def write(self, name: str, /, **params: Any) -> list[Row]:
        """Run a write statement in its own transaction; rows as plain dicts."""
        return self._execute(name, neo4j.RoutingControl.WRITE, params)

    def write_each(self, name: str, /, **params: Any) -> int:
        """Run every statement of a multi-statement file (e.g. the schema), one at a time."""
        done = 0
        for statement in statements(name):
            try:
                self._driver.execute_query(
                    statement, params, database_=self._database, routing_=neo4j.RoutingControl.WRITE
                )
            except DRIVER_ERRORS as e:
                raise _failure(f"{name} (statement {done + 1})", e) from e
            done += 1
        return done

    def write_together(self, name: str, /, **params: Any) -> int:
        """Run every statement of a multi-statement file in ONE transaction: schema changes made
        together are populated by one scan of the store instead of one each."""

        def unit(tx: neo4j.ManagedTransaction) -> int:
            for statement in statements(name):
                tx.run(statement, params).consume()
            return len(statements(name))

        try:
            with self._driver.session(database=self._database) as session:
                return session.execute_write(unit)
        except DRIVER_ERRORS as e:
            raise _failure(name, e) from e

    def autocommit(self, name: str, /, **params: Any) -> None:
        """Run a statement that manages its own transactions (``CALL {…} IN TRANSACTIONS``)."""
        try:
            with self._driver.session(database=self._database) as session:
                session.run(query(name), params).consume()
        except DRIVER_ERRORS as e:
            raise _failure(name, e) from e

    def transaction(self, work: Callable[[Transaction], T], *, what: str) -> T:
        """Run ``work`` in ONE write transaction: it commits when ``work`` returns and rolls
        back whole on any exception (transient failures are retried by the driver).

        Errors that ``work`` raises on purpose (e.g. ``ValidationFailed``) pass through; driver
        errors become ``StoreError`` naming ``what`` and the statement that failed.
        """
        current: list[Transaction] = []

        def unit(tx: neo4j.ManagedTransaction) -> T:
            current[:] = [Transaction(tx)]
            return work(current[0])

        try:
            with self._driver.session(
                database=self._database,
                bookmark_manager=self._driver.execute_query_bookmark_manager,
            ) as session:
                return session.execute_write(unit)
        except DRIVER_ERRORS as e:
            statement = current[0].statement if current else None
            where = f"{what} ({statement})" if statement else what
            raise _failure(where, e) from e

    def _execute(
        self,
        name: str,
        routing: neo4j.RoutingControl,
        params: dict[str, Any],
        *,
        convert: bool = True,
    ) -> list[Row]:
        try:
            records, _, _ = self._driver.execute_query(
                query(name), params, database_=self._database, routing_=routing
            )
        except DRIVER_ERRORS as e:
            raise _failure(name, e) from e
        return _rows(records) if convert else [r.data() for r in records]
