"""Property maps as the write statements receive them: dates and date-times as ISO text.

The driver packs a temporal parameter through ``neo4j.time`` in Python, about 35 µs a value:
more than validating the whole row, and done holding the GIL the importer's parser needs. ISO
text packs at C speed, and each statement turns it back (``date()``, ``datetime()``) into the
value the driver would have stored::

    SET n += row.props
    FOREACH (k IN keys(row.props_dates) | SET n[k] = date(row.props_dates[k]))
    FOREACH (k IN keys(row.props_datetimes) | SET n[k] = datetime(row.props_datetimes[k]))
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

__all__ = ["wire_row", "wired"]

_PLAIN = frozenset({str, int, float, bool, type(None), list, tuple, dict})


def wired(props: dict[str, Any], name: str = "props") -> dict[str, Any]:
    """``props`` as three maps: ``<name>`` (the rest), ``<name>_dates`` and
    ``<name>_datetimes`` (dates and date-times with an offset, as ISO text).

    A date-time without an offset stays in ``<name>``: the driver stores it as a local one.
    """
    rest: dict[str, Any] = {}
    dates: dict[str, str] = {}
    moments: dict[str, str] = {}
    for key, value in props.items():
        if type(value) in _PLAIN:
            rest[key] = value  # most values: one set lookup rather than two isinstance checks
        elif isinstance(value, datetime):
            if value.utcoffset() is None:
                rest[key] = value  # a local date-time: the driver's type, as before
            else:
                moments[key] = value.isoformat()
        elif isinstance(value, date):
            dates[key] = value.isoformat()
        else:
            rest[key] = value
    return {name: rest, f"{name}_dates": dates, f"{name}_datetimes": moments}


def wire_row(row: dict[str, Any], *maps: str) -> dict[str, Any]:
    """A copy of ``row`` with each of its property ``maps`` split by :func:`wired`."""
    out = dict(row)
    for name in maps:
        out.update(wired(row[name], name))
    return out
