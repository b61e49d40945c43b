"""Overview page: what the partnership has loaded, by type and agency, and the latest imports."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cseboard.board.components.common import show_error
from cseboard.board.session import current_user, services
from cseboard.errors import CseBoardError
from cseboard.services.overview import loaded_data_overview

__all__ = ["render"]

LABELS = {
    "young_people": "Young people",
    "associates": "Associates",
    "intelligence": "Intelligence reports",
    "missing_episodes": "Missing episodes",
    "locations": "Locations",
    "vehicles": "Vehicles",
    "phones": "Phones",
    "online_accounts": "Online accounts",
    "agency_records": "Agency records",
    "people_awaiting_record": "People awaiting a record",
}


def _shown(value: int | None, text: str) -> str:
    return f"{value:,}" if value is not None else text


def render() -> None:
    user = current_user()
    if user is None:
        st.stop()
    st.title("Loaded data")
    st.caption("Counts only: no names or other identities are shown on this page.")
    try:
        overview = loaded_data_overview(services(), user)
    except CseBoardError as e:
        show_error(e)
        return
    if overview.suppressed:
        st.caption(
            "Counts from 1 to 4 show as <5; [c] hides a further count where a <5 could otherwise "
            "be worked out, here or together with the oversight figures."
        )
    kinds = list(LABELS)
    for start in range(0, len(kinds), 4):
        columns = st.columns(4)
        for column, kind in zip(columns, kinds[start : start + 4], strict=False):
            cell = overview.counts.get(kind)
            column.metric(LABELS[kind], _shown(cell.value, cell.text) if cell else "0")

    st.subheader("By agency")
    if overview.by_agency:
        frame = pd.DataFrame(
            [
                {"agency": c.agency, "kind": c.kind, "count": _shown(c.count.value, c.count.text)}
                for c in overview.by_agency
            ]
        )
        table = frame.pivot(index="agency", columns="kind", values="count").fillna("0")
        st.dataframe(table, width="stretch")
    else:
        st.info("Nothing has been imported yet. Use `cseboard import` or `cseboard demo load`.")

    if overview.suppressed:
        return  # per-file counts are the practice lead's (they describe single partner files)
    st.subheader("Latest imports")
    if overview.recent_imports:
        st.dataframe(
            pd.DataFrame([r.model_dump() for r in overview.recent_imports]),
            width="stretch",
            hide_index=True,
        )


render()
