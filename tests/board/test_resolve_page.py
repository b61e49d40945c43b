"""The duplicate-people page: search, review with explanations, merge, reject, un-merge."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest

from cseboard.config import Settings
from cseboard.models.resolve import CandidateStatus, MergeStatus
from cseboard.models.users import AuditAction, Role
from cseboard.services import resolve as service
from cseboard.services.context import ServiceContext
from support.board import page, user

LEAD = user("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
PAGE = "resolve_page.py"


@pytest.fixture(scope="module")
def searched(town: Path, driver: neo4j.Driver, neo4j_settings: Settings) -> ServiceContext:
    """The town searched once through the page, with automatic merges."""
    at = page(PAGE, LEAD, timeout=240)
    assert not at.exception
    at.button(key="resolve_search").click().run(timeout=240)
    assert not at.exception
    assert any("candidates to review" in s.value for s in at.success)
    return ServiceContext(driver, neo4j_settings)


def metrics(at: object) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}  # type: ignore[attr-defined]


def test_counts_match_the_store_and_candidates_are_explained(searched: ServiceContext) -> None:
    at = page(PAGE, LEAD)
    assert not at.exception
    counts = service.candidate_counts(searched, LEAD)
    shown = metrics(at)
    assert shown["To review"] == f"{counts['open']:,}" and counts["open"] > 0
    assert shown["Merged"] == f"{counts['merged']:,}" and counts["merged"] > 0
    first = service.candidates(searched, LEAD, limit=1)[0]
    assert at.selectbox(key="resolve_candidate").value == first.candidate.candidate_id
    explanation = at.dataframe[0].value
    assert set(explanation["field"]) >= {"First name", "Surname", "Date of birth"}
    assert explanation["bits"].sum() == pytest.approx(
        first.candidate.weight - first.candidate.prior, abs=0.2
    )


def test_confirming_merges_and_the_merge_can_be_undone(searched: ServiceContext) -> None:
    at = page(PAGE, LEAD)
    chosen = at.selectbox(key="resolve_candidate").value
    at.button(key="resolve_confirm").click().run()
    assert at.error  # a reason is required
    at.text_input(key="resolve_reason").input("same child: confirmed with school")
    at.button(key="resolve_confirm").click().run()
    assert not at.exception
    assert any("Merged into" in s.value for s in at.success)
    merge = next(m for m in service.merges(searched, LEAD) if m.candidate_id == chosen)
    assert not merge.automatic and merge.status is MergeStatus.MERGED
    events = searched.audit.events(action=AuditAction.COMBINATION.value)
    assert any(merge.merge_id in e.records and e.username == "lead" for e in events)

    at = page(PAGE, LEAD)
    at.selectbox(key="resolve_merge").select(merge.merge_id)
    at.text_input(key="resolve_unmerge_reason").input("two different children")
    at.button(key="resolve_unmerge").click().run()
    assert not at.exception
    assert any("Un-merged" in s.value for s in at.success)
    [undone] = [m for m in service.merges(searched, LEAD) if m.merge_id == merge.merge_id]
    assert undone.status is MergeStatus.UNMERGED


def test_rejecting_removes_the_candidate_for_good(searched: ServiceContext) -> None:
    at = page(PAGE, LEAD)
    chosen = at.selectbox(key="resolve_candidate").value
    at.text_input(key="resolve_reason").input("different children")
    at.button(key="resolve_reject").click().run()
    assert not at.exception
    rejected = service.candidates(searched, LEAD, status=CandidateStatus.REJECTED, limit=500)
    assert chosen in {v.candidate.candidate_id for v in rejected}
    service.find_duplicates(searched, LEAD, auto_merge=False)
    still_open = service.candidates(searched, LEAD, limit=5000)
    assert chosen not in {v.candidate.candidate_id for v in still_open}
    at = page(PAGE, LEAD)
    assert not at.exception and at.selectbox(key="resolve_candidate").value != chosen


def test_other_roles_are_refused_and_signed_out_sees_nothing(town: Path) -> None:
    ops = user("ops", Role.OPERATIONAL, agency="police", operations=("OP-FERN",))
    at = page(PAGE, ops)
    assert not at.exception
    assert at.error and not at.metric
    at = page(PAGE, None)
    assert not at.exception and not at.metric
