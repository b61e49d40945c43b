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
    "Casework": [
        (
            "inbox_page.py",
            "Intelligence inbox",
            ":material/inbox:",
            frozenset({Role.PRACTICE_LEAD}),
        ),
        (
            "person_page.py",
            "Person profile",
            ":material/person_search:",
            frozenset({Role.PRACTICE_LEAD, Role.OPERATIONAL}),
        ),
        (
            "add_intelligence_page.py",
            "Add intelligence",
            ":material/note_add:",
            frozenset({Role.PRACTICE_LEAD}),
        ),
        (
            "imports_page.py",
            "Imports",
            ":material/upload_file:",
            frozenset({Role.PRACTICE_LEAD}),
        ),
        (
            "network_page.py",
            "Network explorer",
            ":material/hub:",
            frozenset({Role.PRACTICE_LEAD, Role.OPERATIONAL}),
        ),
        (
            "clusters_page.py",
            "Clusters",
            ":material/bubble_chart:",
            frozenset({Role.PRACTICE_LEAD}),
        ),
        (
            "cluster_detail_page.py",
            "Cluster detail",
            ":material/group_work:",
            frozenset({Role.PRACTICE_LEAD}),
        ),
        (
            "alerts_page.py",
            "Alerts",
            ":material/notifications:",
            frozenset({Role.PRACTICE_LEAD}),
        ),
        (
            "places_page.py",
            "Places",
            ":material/location_on:",
            frozenset({Role.PRACTICE_LEAD}),
        ),
        (
            "resolve_page.py",
            "Duplicate people",
            ":material/join_inner:",
            frozenset({Role.PRACTICE_LEAD}),
        ),
    ],
    "Meetings": [
        (
            "meeting_page.py",
            "Meeting",
            ":material/groups:",
            frozenset({Role.PRACTICE_LEAD, Role.OPERATIONAL}),
        ),
        (
            "meeting_pack_page.py",
            "Meeting pack",
            ":material/description:",
            frozenset({Role.PRACTICE_LEAD, Role.OPERATIONAL}),
        ),
    ],
    "Oversight": [
        (
            "oversight_page.py",
            "Partnership oversight",
            ":material/monitoring:",
            frozenset({Role.PRACTICE_LEAD, Role.STRATEGIC}),
        ),
    ],
    "Administration": [
        (
            "admin_users_page.py",
            "Users",
            ":material/manage_accounts:",
            frozenset({Role.ADMIN}),
        ),
        (
            "admin_audit_page.py",
            "Audit trail",
            ":material/policy:",
            frozenset({Role.ADMIN}),
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
