"""Board entry point: builds the navigation; every page lives in ``cseboard.board``."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

BOARD = Path(__file__).parent / "src" / "cseboard" / "board"

st.set_page_config(page_title="CSE & missing children board", layout="wide")
pages = {
    "Partnership": [
        st.Page(
            BOARD / "overview_page.py", title="Loaded data", icon=":material/dataset:", default=True
        ),
    ],
}
st.navigation(pages).run()
