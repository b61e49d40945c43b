"""The table of records behind a link or an alert: restricted reports show only whom to ask."""

from __future__ import annotations

import pandas as pd

from cseboard.board.components.common import agency_label
from cseboard.models.casework import category_label, uk_time
from cseboard.models.network import RecordDetail

__all__ = ["records_frame"]

_TYPES = {"intelligence": "Intelligence report", "missing_episode": "Missing episode"}


def records_frame(records: list[RecordDetail]) -> pd.DataFrame:
    """One row per record; people outside the user's scope are counted, never named."""
    rows = []
    for r in records:
        if r.restricted:
            rows.append(
                {
                    "Record": r.record_id,
                    "Type": "Restricted report",
                    "Agency": agency_label(r.agency),
                    "Date": "",
                    "Grading": "",
                    "Category": "",
                    "People named": r.notice or "",
                }
            )
            continue
        named = [p.label for p in r.people]
        if r.hidden_people:
            named.append(f"{r.hidden_people} outside your scope")
        rows.append(
            {
                "Record": r.record_id,
                "Type": _TYPES.get(r.type, "No longer held"),
                "Agency": agency_label(r.agency),
                "Date": uk_time(r.at),
                "Grading": "record" if r.grading == "record" else (r.grading or ""),
                "Category": category_label(r.category) if r.category else "",
                "People named": "; ".join(named),
            }
        )
    return pd.DataFrame(rows)
