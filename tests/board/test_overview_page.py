"""The overview page shows counts that match the store, and only to signed-in users."""

from __future__ import annotations

from pathlib import Path

import neo4j

from cseboard.models.users import Role
from cseboard.store.reads import overview
from support.board import page, user


def test_overview_numbers_match_the_store(town: Path, driver: neo4j.Driver) -> None:
    at = page("overview_page.py", user("lead", Role.PRACTICE_LEAD))
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    counts = overview(driver).counts
    assert metrics["Young people"] == f"{counts['young_people']:,}"
    assert metrics["Intelligence reports"] == f"{counts['intelligence']:,}"


def test_overview_shows_nothing_when_signed_out(town: Path) -> None:
    at = page("overview_page.py", None)
    assert not at.exception
    assert not at.metric


def test_overview_is_refused_where_the_policy_does_not_grant_it(town: Path) -> None:
    for who in (user("board", Role.STRATEGIC), user("admin", Role.ADMIN)):
        at = page("overview_page.py", who)
        assert not at.exception and at.metric
    ops = user("ops", Role.OPERATIONAL, agency="education", operations=("OP-FERN",))
    at = page("overview_page.py", ops)
    assert not at.exception
    assert not at.metric and "may not view loaded data" in at.error[0].value
