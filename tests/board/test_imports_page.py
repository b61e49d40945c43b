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
    # the third child's date of birth is not a date: the child lands without it
    assert (people["Read"], people["Landed"], people["With a field dropped"], people["Rejected"]) == (3, 3, 1, 0)
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
    assert metrics == {
        "Rows read": "5",
        "Rows landed": "4",
        "With a field dropped": "1",
        "With an unknown value": "0",
        "Rows rejected": "1",
    }

    rejects = next(f.value for f in at.dataframe if "Reason" in f.value.columns)
    assert set(rejects["Outcome"]) == {"rejected", "pending_reference", "field_dropped"}
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


SCHOOL_INTEL = (
    b"Ref,Logged,Concern type,Details,source_evaluation,intelligence_assessment,handling_code\n"
    b"SC-1,01/02/2025 10:00,Mobile Phone,New phone from an older male,2,B,P\n"
    b"SC-2,01/02/2025 11:00,Social Media,Messages from an adult account,2,B,P\n"
    b"SC-3,01/02/2025 12:00,Mobile Phone,Second phone seen,2,C,P\n"
)


def _choose(at: object, files: list[tuple[str, bytes, str]], agency: str) -> None:
    at.file_uploader(key="imports_files").set_value(files)  # type: ignore[attr-defined]
    at.selectbox(key="imports_agency").set_value("(another agency: type its code)")  # type: ignore[attr-defined]
    at.text_input(key="imports_agency_typed").input(agency)  # type: ignore[attr-defined]


def test_check_shows_unknown_columns_and_values_and_writes_nothing(board: neo4j.Driver) -> None:
    at = page("imports_page.py", LEAD)
    _choose(at, [("intelligence.csv", SCHOOL_INTEL, "text/csv")], "education")
    next(b for b in at.button if b.label == "Check the files").click().run()
    assert not at.exception and not at.error
    files = next(f.value for f in at.dataframe if "Would land" in f.value.columns)
    assert "required column(s) missing" in files.iloc[0]["Problem with the file"]
    columns = next(f.value for f in at.dataframe if "Problem" in f.value.columns)
    assert set(columns[columns["Problem"] == "required, not found"]["Column"]) >= {
        "source_ref", "reported_at", "category", "summary"
    }
    assert count(board, "MATCH (i:Intelligence {agency: 'education'}) RETURN count(i)") == 0
    [download] = at.get("download_button")
    assert download is not None


def test_with_the_agencys_profile_the_check_is_clean_and_the_import_maps(
    board: neo4j.Driver, neo4j_settings: Settings
) -> None:
    folder = neo4j_settings.partner_profiles_dir
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "education.toml").write_text(
        '''agency = "education"
[columns.intelligence]
ref = "source_ref"
logged = "reported_at"
"concern type" = "category"
details = "summary"
[values.category]
"mobile phone" = "phone_or_device"
''',
        encoding="utf-8",
    )
    try:
        at = page("imports_page.py", LEAD)
        _choose(at, [("intelligence.csv", SCHOOL_INTEL, "text/csv")], "education")
        next(b for b in at.button if b.label == "Check the files").click().run()
        assert not at.exception
        values = next(f.value for f in at.dataframe if "Partner's value" in f.value.columns)
        assert list(values["Partner's value"]) == ["Social Media"]
        assert list(values["The import would"]) == ["kept as other"]
        next(b for b in at.button if b.label == "Import").click().run()
        assert not at.exception
        categories = board.execute_query(
            "MATCH (i:Intelligence {agency: 'education'}) RETURN i.source_ref AS r, i.category AS c "
            "ORDER BY r"
        ).records
        assert [(r["r"], r["c"]) for r in categories] == [
            ("SC-1", "phone_or_device"), ("SC-2", "other"), ("SC-3", "phone_or_device"),
        ]
    finally:
        (folder / "education.toml").unlink()


def test_past_imports_are_listed_and_their_report_opens_audited(board: neo4j.Driver) -> None:
    at = page("imports_page.py", LEAD)
    assert not at.exception
    runs = next(f.value for f in at.dataframe if "Rejects report" in f.value.columns)
    assert len(runs) >= 1 and runs["Rejects report"].str.endswith(".rejects.csv").any()
    at.button(key="imports_open_report").click().run()
    assert not at.exception
    downloads = at.get("download_button")
    assert downloads
    opened = board.execute_query(
        "MATCH (e:AuditEvent {username: 'lead', action: 'consultation'}) "
        "WHERE e.what STARTS WITH 'opened the rejects report' RETURN count(e) AS n"
    ).records[0]["n"]
    assert opened >= 1
