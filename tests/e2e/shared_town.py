"""Town demo data with two stored analysis runs, loaded once and shared by the analysis tests.

Loading the town into Neo4j and running the analysis takes about a minute on the shared test
machine; the network, clusters, alerts and places tests (pages, services and browser) all read
the same data, so they load it once per test session. A marker report (which also carries the
script-tag summary the browser test checks) tells whether the database still holds it: any
other test module wipes the database first, and then the next of these tests loads it again.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import neo4j
import streamlit as st

from cseboard.config import Settings
from cseboard.models.ids import person_id_for
from cseboard.models.users import Role, User
from cseboard.services.analysis import analysis_params, run_network_analysis
from cseboard.services.context import ServiceContext
from cseboard.services.demo_data import (
    create_demo_users,
    import_partner_folders,
    seed_demo_leads,
    seed_demo_operation,
    seed_demo_plan,
)
from cseboard.services.scope import forget_scopes
from cseboard.store.admin import wipe_database
from cseboard.store.schema import apply_schema
from cseboard.synthetic import generate
from support.board import point_board_at
from support.partner_files import write_csv

__all__ = ["XSS_SUMMARY", "TownRun", "load_town_run"]

XSS_SUMMARY = "<script>alert(1)</script> seen near the bus station with an older male"
LEAD = User(
    username="lead",
    display_name="CSE practice lead (demo)",
    roles=frozenset({Role.PRACTICE_LEAD}),
    agency="childrens_social_care",
)


@dataclass(frozen=True)
class TownRun:
    """What the tests need to know about the loaded data."""

    files: Path
    earlier_run_id: str
    run_id: str
    passwords: dict[str, str]
    xss_intel_id: str
    xss_person_id: str


_loaded: dict[str, TownRun] = {}


def _marker_ref() -> str:
    return f"E2E-XSS-{datetime.now(UTC):%Y%m%d}"


def _present(driver: neo4j.Driver, intel_id: str) -> list[str]:
    """The loader's two runs (the one ending 30 days ago, then the next), or empty.

    Empty unless the marker report is there too. Tests may store more runs after these.
    """
    records = driver.execute_query(
        "MATCH (i:Intelligence {intel_id: $intel_id}) "
        "MATCH (r:AnalysisRun) WITH r ORDER BY r.run_at "
        "RETURN collect(r.run_id) AS runs, "
        "collect(r.window_end < r.run_at - duration({days: 29})) AS back_dated",
        intel_id=intel_id,
    ).records
    if not records:
        return []
    runs, back_dated = list(records[0]["runs"]), list(records[0]["back_dated"])
    first = next((i for i, old in enumerate(back_dated) if old), None)
    if first is None or first + 1 >= len(runs):
        return []
    return runs[first : first + 2]


def _xss_rows(files: Path, root: Path) -> tuple[Path, str]:
    """A police report naming the demo cohort's first young person, with a script tag in it."""
    truth = json.loads((files / "truth.json").read_text(encoding="utf-8"))
    first = truth["groups"][0]["young_people"][0]
    ref = next(
        r["source_ref"] for r in truth["people"][first]["records"] if r["agency"] == "police"
    )
    when = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")
    folder = root / "police"
    write_csv(
        folder / "intelligence.csv",
        [
            {
                "agency": "police",
                "source_ref": _marker_ref(),
                "reported_at": when,
                "category": "sighting",
                "summary": XSS_SUMMARY,
                "source_evaluation": "1",
                "intelligence_assessment": "B",
                "handling_code": "P",
                "handling_conditions": "",
                "people": ref,
                "locations": "",
                "vehicles": "",
                "phones": "",
                "online_accounts": "",
            }
        ],
    )
    return root, person_id_for("police", ref)


def load_town_run(driver: neo4j.Driver, settings: Settings, workdir: Path) -> TownRun:
    """The town demo, the script-tag report, demo users and two runs (30 days apart).

    The earlier run ends 30 days ago, so the later one has new members and alerts to show.
    """
    intel_id = f"police/{_marker_ref()}"
    point_board_at(settings)
    st.cache_data.clear()
    st.cache_resource.clear()
    runs = _present(driver, intel_id)
    cached = _loaded.get(intel_id)
    if runs and cached is not None and cached.run_id == runs[1]:
        return cached
    files = workdir / "town"
    if not (files / "truth.json").exists():
        generate("town", 5, files)
    xss_root, xss_person = _xss_rows(files, workdir / "xss")
    if not runs:
        wipe_database(driver)
        forget_scopes()
        Path(os.environ["AUDIT_ANCHOR_FILE"]).unlink(missing_ok=True)
        apply_schema(driver)
        import_partner_folders(driver, files, settings)
        seed_demo_operation(driver, files / "truth.json")
        import_partner_folders(driver, xss_root, settings)
        ctx = ServiceContext(driver, settings)
        now = datetime.now(UTC)
        for end in (now - timedelta(days=30), now):
            run_network_analysis(ctx, LEAD, analysis_params(ctx, window_end=end, broker_k=10))
        runs = _present(driver, intel_id)
    else:
        # Data kept from an earlier test session (a kept test server): reopen the alerts
        # that session reviewed, so the review tests find open alerts again.
        driver.execute_query(
            "MATCH (al:Alert) WHERE al.status <> 'open' "
            "SET al.status = 'open' REMOVE al.owner, al.note, al.reviewed_at"
        )
    passwords = create_demo_users(driver, settings)
    seed_demo_leads(driver, database=settings.neo4j_database)
    seed_demo_plan(ServiceContext(driver, settings), workdir)
    town = TownRun(
        files=files,
        earlier_run_id=runs[0],
        run_id=runs[1],
        passwords=passwords,
        xss_intel_id=intel_id,
        xss_person_id=xss_person,
    )
    _loaded[intel_id] = town
    return town
