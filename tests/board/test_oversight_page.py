"""The oversight page: suppressed figures for the strategic board, the practice lead's
disruption form and exact view, the audited PDF export, and refusals for everyone else."""

from __future__ import annotations

import re
from pathlib import Path

import neo4j
import pandas as pd
from streamlit.testing.v1 import AppTest

from cseboard.config import Settings
from cseboard.models.users import Role
from cseboard.services.context import ServiceContext
from cseboard.services.oversight_figures import oversight_report
from integration.test_oversight import BOARD, assert_no_identifiers, demo_identifiers
from support.board import page, user

PAGE = "oversight_page.py"
STRATEGIC = user("board", Role.STRATEGIC)
LEAD = user("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
POLICE = user("ops.police", Role.OPERATIONAL, agency="police", operations=("OP-FERN",))
ALLOWED = re.compile(r"^(0|[1-9]\d*|<5|\[c\]|YP-[A-Z2-7]{8}|EP-[A-Z2-7]{8}|C-\d+|)$")


def page_text(at: AppTest) -> str:
    parts = [t.value for t in at.title] + [c.value for c in at.caption]
    parts += [f"{m.label} {m.value}" for m in at.metric] + [s.value for s in at.subheader]
    for frame in at.dataframe:
        value: pd.DataFrame = frame.value
        parts.append(value.to_csv())
    for chart in at.get("vega_lite_chart"):
        parts.append(str(chart.proto))
    return "\n".join(str(p) for p in parts)


def test_strategic_view_is_suppressed_and_names_nobody(town: Path, driver: neo4j.Driver) -> None:
    at = page(PAGE, STRATEGIC)
    assert not at.exception and not at.error
    metrics = {m.label: m.value for m in at.metric}
    # The town fixture pointed the board's settings (and pseudonym key) at the test server.
    report = oversight_report(ServiceContext(driver, Settings()), BOARD)
    assert metrics["Missing episodes"] == report.figures["missing_episodes"].text
    assert metrics["Away episodes"] == report.figures["away_episodes"].text
    assert report.top20_share is not None
    assert "of" in metrics[report.top20_share.label]
    assert "By agency" not in [t.label for t in at.tabs]
    assert len(at.get("vega_lite_chart")) >= 6
    for frame in at.dataframe:
        cells = frame.value.to_numpy().ravel().tolist()
        counts = [str(c) for c in cells]
        assert all(ALLOWED.match(c) for c in counts), [c for c in counts if not ALLOWED.match(c)]
    assert_no_identifiers(page_text(at), demo_identifiers(town), "oversight page")
    assert not at.toggle, "only the practice lead may switch to exact figures"
    events = driver.execute_query(
        "MATCH (e:AuditEvent {username: 'board', action: 'consultation'}) RETURN e.records AS r"
    ).records
    assert events and all(list(r["r"]) == [] for r in events)


def test_strategic_user_exports_the_pdf_as_a_recorded_disclosure(
    town: Path, driver: neo4j.Driver
) -> None:
    at = page(PAGE, STRATEGIC)
    at.text_input(key="strategic_recipients").input("Strategic board; DCS")
    at = at.button(key="strategic_prepare").click().run()
    assert not at.exception and not at.error
    assert at.get("download_button")
    recipients = driver.execute_query(
        "MATCH (e:AuditEvent {username: 'board', action: 'disclosure'}) "
        "RETURN e.recipients AS r ORDER BY e.seq DESC LIMIT 1"
    ).records[0]["r"]
    assert list(recipients) == ["Strategic board", "DCS"]


def test_practice_lead_records_disruption_and_may_see_exact_figures(
    town: Path, driver: neo4j.Driver
) -> None:
    at = page(PAGE, LEAD)
    assert not at.exception
    at.selectbox(key="disruption_kind").set_value("nrm_referral")
    at.selectbox(key="disruption_operation").set_value("OP-FERN")
    at = at.button(key="disruption_record").click().run()
    assert not at.exception and not at.error
    assert at.success and at.success[0].value.startswith("Recorded DR-")
    stored = driver.execute_query(
        "MATCH (d:DisruptionRecord {kind: 'nrm_referral'})-[:FOR_OPERATION]->"
        "(:Operation {operation_id: 'OP-FERN'}) RETURN count(d) AS n"
    ).records[0]["n"]
    assert stored == 1
    at.toggle(key="oversight_exact").set_value(True).run()
    assert not at.exception
    assert any("EXACT FIGURES" in c.value for c in at.caption)


def test_other_roles_are_refused_and_signed_out_users_see_nothing(town: Path) -> None:
    at = page(PAGE, POLICE)
    assert not at.exception
    assert at.error and "may not view oversight" in at.error[0].value
    assert not at.metric
    at = page(PAGE, None)
    assert not at.exception and not at.metric
