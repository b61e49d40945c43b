"""The board's menu: each page names the permission it needs, and ``access.policy`` decides.

The menu is presentation only; the services behind every page check the same permission again.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from cseboard.access.policy import Permission, allowed
from cseboard.models.users import User

__all__ = ["PAGES", "BoardPage", "menu_for", "pages_for"]


class BoardPage(NamedTuple):
    """A page of the menu: its file in ``board/``, title, icon and the permission it needs."""

    file: str
    title: str
    icon: str
    permission: Permission


PAGES: dict[str, list[BoardPage]] = {
    "Partnership": [
        BoardPage(
            "overview_page.py", "Loaded data", ":material/dataset:", Permission.VIEW_LOADED_DATA
        ),
    ],
    "Casework": [
        BoardPage("due_page.py", "What is due", ":material/alarm:", Permission.VIEW_DUE),
        BoardPage(
            "inbox_page.py",
            "Intelligence inbox",
            ":material/inbox:",
            Permission.REVIEW_INTELLIGENCE,
        ),
        BoardPage(
            "person_page.py", "Person profile", ":material/person_search:", Permission.VIEW_PERSON
        ),
        BoardPage(
            "add_intelligence_page.py",
            "Add intelligence",
            ":material/note_add:",
            Permission.ADD_INTELLIGENCE,
        ),
        BoardPage("imports_page.py", "Imports", ":material/upload_file:", Permission.IMPORT_FILES),
        BoardPage("network_page.py", "Network explorer", ":material/hub:", Permission.VIEW_NETWORK),
        BoardPage("timeline_page.py", "Timeline", ":material/timeline:", Permission.VIEW_PERSON),
        BoardPage(
            "clusters_page.py", "Clusters", ":material/bubble_chart:", Permission.VIEW_CLUSTERS
        ),
        BoardPage(
            "cluster_detail_page.py",
            "Cluster detail",
            ":material/group_work:",
            Permission.VIEW_CLUSTERS,
        ),
        BoardPage("alerts_page.py", "Alerts", ":material/notifications:", Permission.REVIEW_ALERTS),
        BoardPage("places_page.py", "Places", ":material/location_on:", Permission.VIEW_PLACES),
        BoardPage(
            "resolve_page.py",
            "Duplicate people",
            ":material/join_inner:",
            Permission.RESOLVE_PEOPLE,
        ),
        BoardPage(
            "place_resolve_page.py",
            "Duplicate places",
            ":material/add_location_alt:",
            Permission.RESOLVE_PLACES,
        ),
    ],
    "Meetings": [
        BoardPage("meeting_page.py", "Meeting", ":material/groups:", Permission.RUN_MEETING),
        BoardPage(
            "meeting_pack_page.py",
            "Meeting pack",
            ":material/description:",
            Permission.EXPORT_MEETING_PACK,
        ),
    ],
    "Oversight": [
        BoardPage(
            "oversight_page.py",
            "Partnership oversight",
            ":material/monitoring:",
            Permission.VIEW_OVERSIGHT,
        ),
        BoardPage(
            "plan_page.py", "Strategy action plan", ":material/checklist:", Permission.VIEW_PLAN
        ),
    ],
    "Administration": [
        BoardPage(
            "admin_users_page.py", "Users", ":material/manage_accounts:", Permission.MANAGE_USERS
        ),
        BoardPage("admin_audit_page.py", "Audit trail", ":material/policy:", Permission.VIEW_AUDIT),
        BoardPage(
            "redaction_page.py",
            "Redaction after erasure",
            ":material/ink_eraser:",
            Permission.REDACT_TEXT,
        ),
    ],
}


def menu_for(user: User) -> dict[str, list[BoardPage]]:
    """The sections and pages this user's permissions allow, in menu order (empty sections go)."""
    menu: dict[str, list[BoardPage]] = {}
    for section, entries in PAGES.items():
        visible = [p for p in entries if allowed(user, p.permission)]
        if visible:
            menu[section] = visible
    return menu


def pages_for(user: User, board: Path) -> dict[str, list[StreamlitPage]]:
    """The menu for a user as Streamlit pages; the first page they may see is the default."""
    menu: dict[str, list[StreamlitPage]] = {}
    first = True
    for section, entries in menu_for(user).items():
        menu[section] = []
        for p in entries:
            menu[section].append(st.Page(board / p.file, title=p.title, icon=p.icon, default=first))
            first = False
    menu.setdefault("Account", []).append(
        st.Page(board / "logout_page.py", title="Sign out", icon=":material/logout:", default=first)
    )
    return menu
