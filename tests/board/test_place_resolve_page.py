"""The duplicate-places page: what imports merged and left for review, explained; merge,
reject, un-merge; practice lead only."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest

from cseboard.config import Settings
from cseboard.models.users import AuditAction, Role
from cseboard.services import place_resolution as service
from cseboard.services.context import ServiceContext
from support.board import page, user

LEAD = user("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
PAGE = "place_resolve_page.py"


@pytest.fixture(scope="module")
def ctx(town: Path, driver: neo4j.Driver, neo4j_settings: Settings) -> ServiceContext:
    """The town as imported: places resolved by the import itself."""
    return ServiceContext(driver, neo4j_settings)


def metrics(at: object) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}  # type: ignore[attr-defined]


def test_candidates_left_by_the_import_are_shown_and_explained(ctx: ServiceContext) -> None:
    counts = service.place_candidate_counts(ctx, LEAD)
    assert counts["open"] > 0
    at = page(PAGE, LEAD)
    assert not at.exception
    assert metrics(at)["To review"] == f"{counts['open']:,}"
    first = service.place_candidates(ctx, LEAD, limit=1)[0]
    assert at.selectbox(key="places_candidate").value == first.candidate.candidate_id
    explanation = at.dataframe[0].value
    assert set(explanation["field"]) >= {"Name", "Postcode", "Distance"}
    assert explanation["points"].sum() == pytest.approx(first.candidate.score, abs=0.05)
    records = at.dataframe[1].value
    assert set(records["place"]) == {"A", "B"}
    merges = at.dataframe[2].value  # the Merges tab: the import's automatic merges
    assert (merges["how"] == "automatic").all() and len(merges) > 0


def test_confirm_needs_a_reason_merges_and_can_be_undone(
    ctx: ServiceContext, driver: neo4j.Driver
) -> None:
    at = page(PAGE, LEAD)
    chosen = at.selectbox(key="places_candidate").value
    at.button(key="places_confirm").click().run()
    assert at.error  # a reason is required
    at.text_input(key="places_reason").input("same bus station: checked on the map")
    at.button(key="places_confirm").click().run()
    assert not at.exception
    assert any("Merged into" in s.value for s in at.success)
    [merge] = [
        m for m in service.place_merges(ctx, LEAD, limit=1000) if m.candidate_id == chosen
    ]
    events = driver.execute_query(
        "MATCH (e:AuditEvent {action: $a}) WHERE e.what CONTAINS $m RETURN count(e) AS n",
        a=AuditAction.COMBINATION.value,
        m=merge.merge_id,
    ).records[0]["n"]
    assert events == 1
    at = page(PAGE, LEAD)
    at.selectbox(key="places_merge").set_value(merge.merge_id).run()
    at.text_input(key="places_unmerge_reason").input("two different stops")
    at.button(key="places_unmerge").click().run()
    assert not at.exception
    assert any("Un-merged" in s.value for s in at.success)


def test_other_roles_are_refused(ctx: ServiceContext) -> None:
    for who in (
        user("ops.police", Role.OPERATIONAL, agency="police", operations=("OP-FERN",)),
        user("board", Role.STRATEGIC),
        user("admin", Role.ADMIN),
    ):
        at = page(PAGE, who)
        assert not at.exception
        assert at.error and "resolve places" in at.error[0].value
        assert not at.button
