"""The meeting pack page per role: the export works, is a recorded disclosure, and is refused."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest

from cseboard.config import Settings
from cseboard.models.casework import md_escape
from cseboard.models.users import Role
from cseboard.services.demo_data import create_demo_users
from support.board import page, user

PAGE = "meeting_pack_page.py"
POLICE = user("ops.police", Role.OPERATIONAL, agency="police", operations=("OP-FERN",))
OTHER = user("ops.other", Role.OPERATIONAL, agency="health", operations=("OP-OTHER",))
LEAD = user("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")


@pytest.fixture(scope="module")
def accounts(town: Path, driver: neo4j.Driver, neo4j_settings: Settings) -> None:
    """The demo accounts: the operation's agencies are those of its members (police, education)."""
    create_demo_users(driver, neo4j_settings)


def disclosures(driver: neo4j.Driver, username: str) -> list[list[str]]:
    records = driver.execute_query(
        "MATCH (e:AuditEvent {username: $u, action: 'disclosure'}) RETURN e.recipients ORDER BY e.seq",
        u=username,
    ).records
    return [list(r[0]) for r in records]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_operational_user_exports_the_pack(accounts: None, driver: neo4j.Driver, fmt: str) -> None:
    at = page(PAGE, POLICE)
    assert not at.exception
    assert at.selectbox(key="pack_operation").value == "OP-FERN"
    assert at.multiselect(key="pack_recipients").value == ["education", "police"]
    at.radio(key="pack_format").set_value(fmt)
    at.text_input(key="pack_other_recipients").input("Jo Bloggs (school nurse)")
    at = at.button(key="pack_prepare").click().run()
    assert not at.exception
    assert at.success and md_escape(f".{fmt}") in at.success[0].value
    assert (
        md_escape("Disclosure recorded to education, police, Jo Bloggs (school nurse)")
        in at.success[0].value
    )
    assert disclosures(driver, "ops.police")[-1] == [
        "education",
        "police",
        "Jo Bloggs (school nurse)",
    ]


def test_recipients_are_required(accounts: None, driver: neo4j.Driver) -> None:
    before = len(disclosures(driver, "ops.police"))
    at = page(PAGE, POLICE)
    at.multiselect(key="pack_recipients").set_value([])
    at = at.button(key="pack_prepare").click().run()
    assert not at.exception
    assert at.error and "recipients" in at.error[0].value
    assert len(disclosures(driver, "ops.police")) == before


def test_practice_lead_may_choose_any_operation(accounts: None) -> None:
    at = page(PAGE, LEAD)
    assert not at.exception
    assert any("(OP-FERN)" in o for o in at.selectbox(key="pack_operation").options)


def test_other_roles_and_groups_are_refused(accounts: None) -> None:
    at = page(PAGE, user("board", Role.STRATEGIC))
    assert not at.exception
    assert at.error and "may not" in at.error[0].value
    at = page(PAGE, OTHER)
    assert not at.exception
    assert at.info and "not bound to an operation" in at.info[0].value
