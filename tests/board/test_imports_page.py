"""The imports page: upload, summary numbers match the store, rejects report, checks, roles."""

from __future__ import annotations

import io
from collections.abc import Iterator

import neo4j
import pandas as pd
import pytest
import streamlit as st

from cseboard.access.audit import AuditLog
from cseboard.config import Settings
from cseboard.models.users import AuditAction, Role
from support.board import page, point_board_at, user

LEAD = user("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
PEOPLE = (
    b"source_ref,role,first_name,last_name,date_of_birth\n"
    b"YO-1,young_person,Fay,Example,2010-05-06\n"
    b"YO-2,young_person,Gail,Example,2011-06-07\n"
    b'YO-3,young_person,=HYPERLINK("http://evil"),Example,not a date\n'
)
INTEL = (
    b"source_ref,reported_at,category,summary,source_evaluation,intelligence_assessment,"
    b"handling_code,handling_conditions,people\n"
    b"YI-1,01/02/2025 10:00,sighting,Seen with an older male at the bus station,1,B,P,,YO-1;YO-9\n"
    b"YI-2,01/02/2025 11:00,sighting,No grading given,,,,,YO-2\n"
)


@pytest.fixture(scope="module")
def board(driver: neo4j.Driver, neo4j_settings: Settings) -> Iterator[neo4j.Driver]:
    """An empty store (schema only) that the board reads."""
    point_board_at(neo4j_settings)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield driver
    st.cache_resource.clear()


def count(driver: neo4j.Driver, cypher: str) -> int:
    return int(driver.execute_query(cypher).records[0][0])


def test_upload_shows_the_summary_and_rejects(board: neo4j.Driver) -> None:
    at = page("imports_page.py", LEAD)
    assert not at.exception
    at.file_uploader(key="imports_files").set_value(
        [("people.csv", PEOPLE, "text/csv"), ("intelligence.csv", INTEL, "text/csv")]
    )
    at.selectbox(key="imports_agency").set_value("(another agency: type its code)")
    at.text_input(key="imports_agency_typed").input("Youth Offending")
    next(b for b in at.button if b.label == "Import").click().run()
    assert not at.exception
    assert not at.error

    summary = next(f.value for f in at.dataframe if "New or changed" in f.value.columns)
    people = summary[summary["File"] == "people.csv"].iloc[0]
    intel = summary[summary["File"] == "intelligence.csv"].iloc[0]
    assert (people["Read"], people["Landed"], people["Rejected"]) == (3, 2, 1)
    assert (intel["Read"], intel["Landed"], intel["Rejected"], intel["Pending references"]) == (
        2,
        1,
        1,
        1,
    )
    assert people["Landed"] == count(
        board,
        "MATCH (r:AgencyRecord {agency: 'youth_offending'}) WHERE r.pending IS NULL "
        "RETURN count(r)",
    )
    assert intel["Landed"] == count(
        board, "MATCH (i:Intelligence {agency: 'youth_offending'}) RETURN count(i)"
    )
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Rows read": "5", "Rows landed": "3", "Rows rejected": "2"}

    rejects = next(f.value for f in at.dataframe if "Reason" in f.value.columns)
    assert set(rejects["Outcome"]) == {"rejected", "pending_reference"}
    assert "'not a date' is not a date (use yyyy-mm-dd or dd/mm/yyyy)" in set(rejects["Reason"])
    [download] = at.get("download_button")
    assert download is not None

    [event] = AuditLog(board).events(action=AuditAction.COLLECTION.value, username="lead")
    assert "people.csv" in event.what and "intelligence.csv" in event.what
    assert event.records == ["youth_offending/intelligence.csv", "youth_offending/people.csv"]


def test_rejects_report_download_is_neutralised(board: neo4j.Driver) -> None:
    data = b'source_ref,name,kind\nYL-1,Bus station,=HYPERLINK("http://evil")\n'
    at = page("imports_page.py", LEAD)
    at.file_uploader(key="imports_files").set_value([("locations.csv", data, "text/csv")])
    at.selectbox(key="imports_agency").set_value("(another agency: type its code)")
    at.text_input(key="imports_agency_typed").input("youth_offending")
    next(b for b in at.button if b.label == "Import").click().run()
    assert not at.exception
    rejects = next(f.value for f in at.dataframe if "Reason" in f.value.columns)
    assert list(rejects["Value"]) == ['\'=HYPERLINK("http://evil")']
    report = at.session_state["imports_last:lead"].rejects_csv
    frame = pd.read_csv(io.StringIO(report))
    assert not any(str(v).startswith(("=", "+", "-", "@")) for v in frame.to_numpy().ravel())


def test_uploader_takes_partner_files_only_within_the_size_limit(
    board: neo4j.Driver, neo4j_settings: Settings
) -> None:
    at = page("imports_page.py", LEAD)
    uploader = at.file_uploader(key="imports_files")
    assert sorted(uploader.allowed_type) == [".csv", ".jsonl"]
    assert uploader.proto.max_upload_size_mb == neo4j_settings.upload_max_mb
    # Nothing was imported by merely opening the page (the service re-checks type and size).
    assert count(board, "MATCH (r:ImportRun {agency: 'police'}) RETURN count(r)") == 0


@pytest.mark.parametrize(
    "who",
    [
        user("ops.police", Role.OPERATIONAL, agency="police", operations=("OP-FERN",)),
        user("board", Role.STRATEGIC),
    ],
)
def test_other_roles_are_refused(board: neo4j.Driver, who: object) -> None:
    at = page("imports_page.py", who)  # type: ignore[arg-type]
    assert not at.exception
    assert at.error and "import files" in at.error[0].value
    assert not at.file_uploader
