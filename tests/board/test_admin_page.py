"""The administration pages: accounts without hashes, adding and disabling users, the audit
trail with its chain check and CSV export; casework roles are refused."""

from __future__ import annotations

import csv
import io

import neo4j
import pytest
import streamlit as st

from cseboard.access.accounts import add_user
from cseboard.config import Settings
from cseboard.models.users import AuditAction, Role
from cseboard.services.context import audit_log
from support.board import page, point_board_at, user

ADMIN = user("dpo", Role.ADMIN)
LEAD = user("lead", Role.PRACTICE_LEAD)
PASSWORD = "a long enough password"  # noqa: S105 (test account)


@pytest.fixture(scope="module")
def board(driver: neo4j.Driver, neo4j_settings: Settings) -> neo4j.Driver:
    point_board_at(neo4j_settings)
    st.cache_data.clear()
    st.cache_resource.clear()
    audit = audit_log(driver, neo4j_settings)
    add_user(driver, audit=audit, username="dpo", password=PASSWORD, roles=[Role.ADMIN])
    add_user(driver, audit=audit, username="board", password=PASSWORD, roles=[Role.STRATEGIC])
    audit.record("lead", AuditAction.CONSULTATION, "viewed", justification="=1+2")
    return driver


def test_users_are_listed_without_hashes(board: neo4j.Driver) -> None:
    at = page("admin_users_page.py", ADMIN)
    assert not at.exception
    frame = at.dataframe[0].value
    assert set(frame["Username"]) == {"board", "dpo"}
    assert "argon2" not in frame.to_csv() and not any("hash" in c.lower() for c in frame.columns)


def test_admin_adds_a_user_and_the_form_validates(board: neo4j.Driver) -> None:
    at = page("admin_users_page.py", ADMIN)
    at.text_input(key="user_username").input("new.analyst")
    at.multiselect(key="user_roles").set_value(["strategic"])
    at.text_input(key="user_password").input("short")
    at.text_input(key="user_confirm").input("short")
    at = at.button(key="user_add").click().run()
    assert at.error and "12 characters" in at.error[0].value
    at.text_input(key="user_username").input("new.analyst")
    at.multiselect(key="user_roles").set_value(["strategic"])
    at.text_input(key="user_password").input(PASSWORD)
    at.text_input(key="user_confirm").input(PASSWORD + "x")
    at = at.button(key="user_add").click().run()
    assert at.error and "differ" in at.error[0].value
    at.text_input(key="user_username").input("new.analyst")
    at.multiselect(key="user_roles").set_value(["strategic"])
    at.text_input(key="user_password").input(PASSWORD)
    at.text_input(key="user_confirm").input(PASSWORD)
    at = at.button(key="user_add").click().run()
    assert not at.exception and not at.error
    assert "new.analyst" in set(at.dataframe[0].value["Username"])
    stored = board.execute_query(
        "MATCH (u:User {username: 'new.analyst'}) RETURN u.roles AS roles"
    ).records[0]["roles"]
    assert list(stored) == ["strategic"]


def test_admin_disables_a_user(board: neo4j.Driver) -> None:
    at = page("admin_users_page.py", ADMIN)
    assert "dpo" not in at.selectbox(key="disable_target").options
    at.selectbox(key="disable_target").set_value("board")
    at = at.button(key="disable_submit").click().run()
    assert at.error and "confirm" in at.error[0].value
    at.selectbox(key="disable_target").set_value("board")
    at.checkbox(key="disable_sure").check()
    at = at.button(key="disable_submit").click().run()
    assert not at.exception
    frame = at.dataframe[0].value
    assert frame.set_index("Username").loc["board", "Status"] == "disabled"


def test_audit_page_filters_verifies_and_exports(board: neo4j.Driver) -> None:
    at = page("admin_audit_page.py", ADMIN)
    assert not at.exception
    assert len(at.dataframe[0].value) >= 3
    at = at.button(key="audit_anchor").click().run()
    assert at.success and at.success[0].value.startswith("Anchored at event")
    at = at.button(key="audit_verify").click().run()
    assert at.success and at.success[0].value.startswith("Chain OK")
    at.selectbox(key="audit_action").set_value("consultation")
    at.text_input(key="audit_user").input("lead")
    at = at.button(key="audit_show").click().run()
    frame = at.dataframe[0].value
    assert list(frame["User"]) == ["lead"] and list(frame["Justification"]) == ["=1+2"]
    at.text_input(key="audit_recipients").input("Information governance")
    at = at.button(key="audit_export").click().run()
    assert not at.exception
    download = at.get("download_button")
    assert download
    exported = board.execute_query(
        "MATCH (e:AuditEvent {action: 'disclosure', username: 'dpo'}) RETURN e.recipients AS r"
    ).records
    assert [list(r["r"]) for r in exported] == [["Information governance"]]


def test_csv_export_neutralises_formulas(board: neo4j.Driver) -> None:
    from cseboard.models.oversight import AuditFilter
    from cseboard.services.audit_trail import export_audit
    from cseboard.services.context import ServiceContext

    data = export_audit(ServiceContext(board, Settings()), ADMIN, AuditFilter(username="lead"))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["justification"] for r in rows if r["action"] == "consultation"] == ["'=1+2"]


def test_a_broken_chain_is_shown_as_broken(board: neo4j.Driver) -> None:
    board.execute_query("MATCH (e:AuditEvent {seq: 2}) SET e.what = 'edited'")
    at = page("admin_audit_page.py", ADMIN)
    at = at.button(key="audit_verify").click().run()
    assert at.error and "BROKEN" in at.error[0].value and "event 2" in at.error[0].value


def test_casework_roles_are_refused(board: neo4j.Driver) -> None:
    for name in ("admin_users_page.py", "admin_audit_page.py"):
        at = page(name, LEAD)
        assert not at.exception
        assert at.error and "may not" in at.error[0].value
        assert not at.dataframe
