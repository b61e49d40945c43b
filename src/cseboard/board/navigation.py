"""Which pages each role's menu shows (presentation only; services enforce access)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from cseboard.models.users import Role, User

__all__ = ["PAGES", "pages_for"]

# section → (file, title, icon, roles that see it)
PAGES: dict[str, list[tuple[str, str, str, frozenset[Role]]]] = {
    "Partnership": [
        (
            "overview_page.py",
            "Loaded data",
            ":material/dataset:",
            frozenset({Role.PRACTICE_LEAD, Role.STRATEGIC, Role.ADMIN}),
        ),
    ],
}


def pages_for(user: User, board: Path) -> dict[str, list[StreamlitPage]]:
    """The menu for a user; the first page they may see is the default."""
    menu: dict[str, list[StreamlitPage]] = {}
    first = True
    for section, entries in PAGES.items():
        pages = []
        for file, title, icon, roles in entries:
            if roles & user.roles:
                pages.append(st.Page(board / file, title=title, icon=icon, default=first))
                first = False
        if pages:
            menu[section] = pages
    menu.setdefault("Account", []).append(
        st.Page(board / "logout_page.py", title="Sign out", icon=":material/logout:", default=first)
    )
    return menu
