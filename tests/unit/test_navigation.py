"""The board's menu is derived from the permission table: pinned here role by role."""

from __future__ import annotations

from cseboard.access.policy import Permission, allowed
from cseboard.board.navigation import PAGES, menu_for
from cseboard.models.users import Role
from support.board import BOARD, user

MENUS: dict[Role, dict[str, list[str]]] = {
    Role.PRACTICE_LEAD: {
        "Partnership": ["Loaded data"],
        "Casework": [
            "What is due",
            "Intelligence inbox",
            "Person profile",
            "Add intelligence",
            "Imports",
            "Network explorer",
            "Timeline",
            "Clusters",
            "Cluster detail",
            "Alerts",
            "Places",
            "Duplicate people",
            "Duplicate places",
        ],
        "Meetings": ["Meeting", "Meeting pack"],
        "Oversight": ["Partnership oversight", "Strategy action plan"],
        "Administration": ["Redaction after erasure"],
    },
    Role.OPERATIONAL: {
        "Casework": ["What is due", "Person profile", "Network explorer", "Timeline"],
        "Meetings": ["Meeting", "Meeting pack"],
    },
    Role.STRATEGIC: {
        "Partnership": ["Loaded data"],
        "Oversight": ["Partnership oversight", "Strategy action plan"],
    },
    Role.ADMIN: {"Partnership": ["Loaded data"], "Administration": ["Users", "Audit trail"]},
}


def _titles(*roles: Role) -> dict[str, list[str]]:
    return {s: [p.title for p in ps] for s, ps in menu_for(user("u", *roles)).items()}


def test_each_role_sees_its_menu() -> None:
    for role, menu in MENUS.items():
        assert _titles(role) == menu, role


def test_several_roles_see_the_union_in_menu_order() -> None:
    both = _titles(Role.STRATEGIC, Role.ADMIN)
    assert both == {
        "Partnership": ["Loaded data"],
        "Oversight": ["Partnership oversight", "Strategy action plan"],
        "Administration": ["Users", "Audit trail"],
    }
    assert _titles() == {}


def test_a_page_is_shown_exactly_when_its_permission_is_granted() -> None:
    for role in Role:
        who = user("u", role)
        shown = {p.file for ps in menu_for(who).values() for p in ps}
        for entries in PAGES.values():
            for p in entries:
                assert (p.file in shown) == allowed(who, p.permission)


def test_every_page_file_is_in_the_menu_once() -> None:
    files = [p.file for ps in PAGES.values() for p in ps]
    assert len(files) == len(set(files))
    on_disk = {f.name for f in BOARD.glob("*_page.py")} - {"login_page.py", "logout_page.py"}
    assert set(files) == on_disk
    assert all(isinstance(p.permission, Permission) for ps in PAGES.values() for p in ps)
