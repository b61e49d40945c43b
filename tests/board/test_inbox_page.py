"""The intelligence inbox: numbers match the store, filters, mark reviewed, roles, text only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import neo4j

from cseboard.access.audit import AuditLog
from cseboard.ingest.rows import write_row
from cseboard.models.exchange import IntelligenceRow
from cseboard.models.users import AuditAction, Role
from cseboard.store.writes import GraphWriter
from support.board import page, user

LEAD = user("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
HOSTILE = '<script>alert(\'inbox\')</script> =HYPERLINK("http://evil","x") ![i](http://evil/i.png)'


def unreviewed(driver: neo4j.Driver, where: str = "", **params: object) -> int:
    records, _, _ = driver.execute_query(
        f"MATCH (i:Intelligence) WHERE i.reviewed_at IS NULL {where} RETURN count(i) AS n", params
    )
    return int(records[0]["n"])


def metrics(at: object) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}  # type: ignore[attr-defined]


def texts(at: object) -> list[str]:
    return [t.value for t in at.text]  # type: ignore[attr-defined]


def test_awaiting_review_matches_the_store_and_filters_apply(
    town: Path, driver: neo4j.Driver
) -> None:
    at = page("inbox_page.py", LEAD)
    assert not at.exception
    assert metrics(at)["Awaiting review"] == f"{unreviewed(driver):,}"
    assert metrics(at)["On this page"] == "25"

    at.multiselect(key="inbox_agencies").select("police").run()
    at.selectbox(key="inbox_min_grading").select("1B").run()
    expected = unreviewed(
        driver,
        "AND i.agency = 'police' AND i.source_evaluation <= '1' AND i.intelligence_assessment <= 'B'",
    )
    assert not at.exception
    assert metrics(at)["Awaiting review"] == f"{expected:,}"
    # Newest first, UK local times, agency and grading in every header.
    headers = [t for t in texts(at) if " · Police · " in t]
    assert headers and all("grading 1" in h for h in headers)
    stamps = [datetime.strptime(h.split(" · ")[0], "%d/%m/%Y %H:%M") for h in headers]
    assert stamps == sorted(stamps, reverse=True)


def test_mark_reviewed_one_and_many_persists(town: Path, driver: neo4j.Driver) -> None:
    at = page("inbox_page.py", LEAD)
    before = unreviewed(driver)
    first = at.button(
        key=next(b.key for b in at.button if b.key and b.key.startswith("inbox_rev_"))
    )
    intel_id = first.key.removeprefix("inbox_rev_")
    first.click().run()
    assert not at.exception
    assert unreviewed(driver) == before - 1
    row = driver.execute_query(
        "MATCH (i:Intelligence {intel_id: $id}) RETURN i.reviewed_by AS by, i.reviewed_at AS at",
        id=intel_id,
    ).records[0]
    assert row["by"] == "lead" and row["at"] is not None
    assert metrics(at)["Awaiting review"] == f"{before - 1:,}"
    assert any("1 report(s) marked reviewed" in s.value for s in at.success)

    boxes = [c for c in at.checkbox if c.key and c.key.startswith("inbox_sel_")][:3]
    chosen = [c.key.removeprefix("inbox_sel_") for c in boxes]
    for box in boxes:
        box.check()
    at.run()
    [bulk] = [b for b in at.button if b.label.startswith("Mark selected reviewed")]
    assert bulk.label == "Mark selected reviewed (3)"
    bulk.click().run()
    assert unreviewed(driver) == before - 4
    events = AuditLog(driver).events(username="lead", action=AuditAction.ALTERATION.value)
    assert events[-1].records == sorted(chosen)
    assert events[-2].records == [intel_id]


def test_open_profile_chooses_the_person(town: Path) -> None:
    at = page("inbox_page.py", LEAD)
    opener = next(b for b in at.button if b.key and b.key.startswith("inbox_open_"))
    person_id = opener.key.rsplit("_", 1)[1]
    opener.click().run()
    assert not at.exception
    assert at.session_state["profile_person_id"] == person_id


def test_summary_with_script_and_markup_is_shown_as_text(town: Path, driver: neo4j.Driver) -> None:
    row = IntelligenceRow.model_validate(
        {
            "agency": "police",
            "source_ref": "HOSTILE-1",
            "reported_at": datetime.now(UTC) - timedelta(minutes=1),
            "category": "other",
            "summary": HOSTILE,
            "source_evaluation": "1",
            "intelligence_assessment": "A",
            "handling_code": "P",
            "handling_conditions": "",
        }
    )
    GraphWriter(driver).write("intelligence", [write_row(row)], run_id="TEST-HOSTILE")
    at = page("inbox_page.py", LEAD)
    assert not at.exception
    assert HOSTILE in texts(at)
    rendered = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not any("<script" in v or "evil" in v for v in rendered)


def test_operational_and_strategic_users_are_refused(town: Path) -> None:
    for who in (
        user("ops.police", Role.OPERATIONAL, agency="police", operations=("OP-FERN",)),
        user("board", Role.STRATEGIC),
    ):
        at = page("inbox_page.py", who)
        assert not at.exception
        assert [e.value for e in at.error] and "review intelligence" in at.error[0].value
        assert not at.metric and not at.checkbox
