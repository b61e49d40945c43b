"""The add-intelligence form: the import's validation and messages, the user's agency, roles."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
import streamlit as st

from cseboard.access.audit import AuditLog
from cseboard.config import Settings
from cseboard.ingest.importer import Importer
from cseboard.models.casework import md_escape
from cseboard.models.users import AuditAction, Role
from support.board import page, point_board_at, user
from support.partner_files import write_csv

LEAD = user("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
GRADING = "grading needs source_evaluation, intelligence_assessment and handling_code"


@pytest.fixture(scope="module")
def records(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """Two person records and a place of the lead's agency (the form offers them)."""
    root = tmp_path_factory.mktemp("intake")
    write_csv(
        root / "people.csv",
        [
            {
                "source_ref": "CS-1",
                "role": "young_person",
                "first_name": "Dana",
                "last_name": "Example",
                "date_of_birth": "2011-04-05",
            },
            {
                "source_ref": "CS-2",
                "role": "associate",
                "first_name": "Eddie",
                "last_name": "Example",
            },
        ],
    )
    write_csv(
        root / "locations.csv",
        [
            {"source_ref": "CL-1", "name": "Riverside Park", "kind": "park", "postcode": "S2 3AB"},
        ],
    )
    Importer(driver, agency="childrens_social_care").run(sorted(root.glob("*.csv")))
    point_board_at(neo4j_settings)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield root
    st.cache_resource.clear()


def fill(at: object, **values: object) -> None:
    defaults: dict[str, object] = {
        "intake_category": "gifts_money_substances",
        "intake_summary": "Young person seen with new trainers and a phone from an older male.",
        "intake_source": "2",
        "intake_assessment": "B",
        "intake_handling": "P",
    }
    defaults.update(values)
    for key, value in defaults.items():
        if key in {"intake_summary"}:
            at.text_area(key=key).input(value)  # type: ignore[attr-defined]
        elif key in {"intake_people_refs", "intake_phones"}:
            at.text_input(key=key).input(value)  # type: ignore[attr-defined]
        elif key in {"intake_people", "intake_places", "intake_conditions"}:
            at.multiselect(key=key).set_value(value)  # type: ignore[attr-defined]
        else:
            at.selectbox(key=key).set_value(value)  # type: ignore[attr-defined]


def submit(at: object) -> None:
    next(b for b in at.button if b.label == "Add intelligence").click().run()  # type: ignore[attr-defined]


def import_reasons(tmp_path: Path, **values: str) -> list[str]:
    row = {
        "agency": "childrens_social_care",
        "source_ref": "X-1",
        "reported_at": "01/02/2025 10:00",
        "category": "gifts_money_substances",
        "summary": "Seen with an older male.",
        "source_evaluation": "2",
        "intelligence_assessment": "B",
        "handling_code": "P",
        "handling_conditions": "",
    }
    row.update(values)
    path = write_csv(tmp_path / "intelligence.csv", [row])
    summary = Importer(None, agency="childrens_social_care", dry_run=True).run([path])
    report = summary.files[0].report_path
    assert report is not None
    with report.open(encoding="utf-8") as handle:
        return [r["reason"] for r in csv.DictReader(handle)]


def test_valid_report_is_saved_as_the_users_agency(records: Path, driver: neo4j.Driver) -> None:
    at = page("add_intelligence_page.py", LEAD)
    assert not at.exception
    people = at.multiselect(key="intake_people")
    assert len(people.options) == 2
    fill(
        at,
        intake_people=["CS-1"],
        intake_places=["CL-1"],
        intake_people_refs="CS-9",
        intake_phones="07700 900456",
    )
    submit(at)
    assert not at.exception
    assert not at.error
    assert any("Intelligence saved" in s.value for s in at.success)
    row = driver.execute_query(
        "MATCH (i:Intelligence) WHERE i.source_ref STARTS WITH 'FORM-' "
        "RETURN i.intel_id AS id, i.agency AS agency, i.grading AS grading, "
        "COUNT { (i)-[:MENTIONS]->(:Person) } AS people, "
        "COUNT { (i)-[:MENTIONS]->(:Location) } AS places, "
        "COUNT { (i)-[:MENTIONS]->(:Phone) } AS phones"
    ).records
    assert len(row) == 1
    saved = row[0].data()
    assert (
        saved["agency"],
        saved["grading"],
        saved["people"],
        saved["places"],
        saved["phones"],
    ) == ("childrens_social_care", "2BP", 2, 1, 1)
    assert any(saved["id"] in t.value for t in at.text)
    assert any("people: CS-9" in t.value for t in at.text)  # awaiting its record
    [event] = AuditLog(driver).events(action=AuditAction.COLLECTION.value, record=saved["id"])
    assert event.username == "lead"
    # The form is empty again for the next report.
    assert at.text_area(key="intake_summary").value == ""


def test_missing_grading_is_rejected_with_the_imports_message(
    records: Path, driver: neo4j.Driver, tmp_path: Path
) -> None:
    at = page("add_intelligence_page.py", LEAD)
    fill(at, intake_source="")
    submit(at)
    assert not at.exception
    expected = import_reasons(tmp_path, source_evaluation="")
    assert expected == [GRADING]
    assert [e.value for e in at.error] == [md_escape(GRADING)]
    assert (
        driver.execute_query(
            "MATCH (i:Intelligence) WHERE i.summary STARTS WITH 'Young person seen with new' "
            "RETURN count(i) AS n"
        ).records[0]["n"]
        == 1
    )  # only the earlier valid one


def test_an_empty_form_shows_every_problem_next_to_its_field(records: Path) -> None:
    at = page("add_intelligence_page.py", LEAD)
    submit(at)
    assert not at.exception
    messages = [e.value for e in at.error]
    assert md_escape(GRADING) in messages
    assert md_escape("intelligence needs a summary") in messages
    assert len(messages) >= 3  # grading, category and summary


@pytest.mark.parametrize(
    ("form", "column"),
    [
        ({"intake_phones": "not a phone"}, {"phones": "not a phone"}),
        ({"intake_category": "", "intake_summary": ""}, {"category": "", "summary": ""}),
    ],
)
def test_other_errors_are_the_imports_errors(
    records: Path, tmp_path: Path, form: dict[str, str], column: dict[str, str]
) -> None:
    at = page("add_intelligence_page.py", LEAD)
    fill(at, **form)
    submit(at)
    assert not at.exception
    expected = import_reasons(tmp_path, **column)
    assert expected
    assert sorted(e.value for e in at.error) == sorted(md_escape(r) for r in expected)


@pytest.mark.parametrize(
    "who",
    [
        user("ops.police", Role.OPERATIONAL, agency="police", operations=("OP-FERN",)),
        user("board", Role.STRATEGIC),
    ],
)
def test_other_roles_are_refused(records: Path, who: object) -> None:
    at = page("add_intelligence_page.py", who)  # type: ignore[arg-type]
    assert not at.exception
    assert at.error and "add intelligence" in at.error[0].value
    assert not at.text_area
