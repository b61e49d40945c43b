"""Partner files as they really arrive, written by hand the way a police force, a school and a
council's case system export them: with and without the agency's import profile."""

from __future__ import annotations

import csv
from pathlib import Path

import neo4j
import pytest

from cseboard.config import Settings
from cseboard.ingest.check import check_files
from cseboard.ingest.importer import Importer, ImportSummary
from cseboard.ingest.profiles import load_profile
from cseboard.models.profile import ImportProfile
from cseboard.models.quality import notes_from_json
from cseboard.models.users import Role, User
from cseboard.services.context import ServiceContext
from cseboard.services.imports import import_paths, import_runs, rejects_report
from cseboard.store.resolve import ResolveStore
from support.partner_files import write_csv

LEAD = User(username="lead", display_name="lead", roles=frozenset({Role.PRACTICE_LEAD}))

# A police force's intelligence export: its own words for three of the board's categories.
# Worked out by hand: I-1..I-3 are "phone", "online", "gifts" (not board codes), I-4 and I-5
# use board codes, in the force's capitals.
POLICE_INTEL = [
    ("I-1", "phone", "Girl A has a phone given by the male known as Jay.", "PN-1;PN-3", "07700 900111", ""),
    ("I-2", "online", "Girl B messaged by snapchat account jay_x.", "PN-2;PN-3", "", "snapchat:jay_x"),
    ("I-3", "gifts", "Girl A and girl B given vapes by Jay.", "PN-1;PN-2;PN-3", "", ""),
    ("I-4", "Sighting", "Jay seen with girl B at the bus station.", "PN-2;PN-3", "", ""),
    ("I-5", "VEHICLE", "Girl A collected by Jay in a car.", "PN-1;PN-3", "", ""),
]
PROFILE = """
agency = "police"
date_order = "dmy"

[values.category]
phone = "phone_or_device"
Online = "online_contact"
"GIFTS" = "gifts_money_substances"

[values.handling_conditions]
"CSC and health only" = "share_with: childrens_social_care; health"
"""
EXPECTED = {
    "I-1": "phone_or_device",
    "I-2": "online_contact",
    "I-3": "gifts_money_substances",
    "I-4": "sighting",
    "I-5": "vehicle",
}


def _people(folder: Path) -> Path:
    rows = [
        {"source_ref": "PN-1", "role": "young_person", "first_name": "Amy", "last_name": "Example"},
        {"source_ref": "PN-2", "role": "young_person", "first_name": "Bea", "last_name": "Example"},
        {"source_ref": "PN-3", "role": "Nominal", "first_name": "Jay", "last_name": "Example"},
    ]
    return write_csv(folder / "people.csv", rows)


def _intel(folder: Path, conditions: str = "") -> Path:
    rows = [
        {
            "source_ref": ref,
            "reported_at": f"0{n}/03/2025 20:00",
            "category": category,
            "summary": summary,
            "source_evaluation": "1",
            "intelligence_assessment": "B",
            "handling_code": "C" if conditions and n == 1 else "P",
            "handling_conditions": conditions if n == 1 else "",
            "people": people,
            "phones": phone,
            "online_accounts": account,
        }
        for n, (ref, category, summary, people, phone, account) in enumerate(POLICE_INTEL, 1)
    ]
    return write_csv(folder / "intelligence.csv", rows)


def _report(summary: ImportSummary, name: str) -> list[dict[str, str]]:
    [found] = [f for f in summary.files if f.path.name == name]
    if found.report_path is None:
        return []
    with found.report_path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _categories(driver: neo4j.Driver) -> dict[str, str]:
    records, _, _ = driver.execute_query(
        "MATCH (i:Intelligence {agency: 'police'}) RETURN i.source_ref AS ref, i.category AS c"
    )
    return {r["ref"]: r["c"] for r in records}


def test_without_its_profile_every_row_lands_and_every_unmapped_word_is_listed(
    clean_driver: neo4j.Driver, tmp_path: Path
) -> None:
    summary = Importer(clean_driver, agency="police").run(
        [_people(tmp_path), _intel(tmp_path)], rejects_dir=tmp_path / "reports"
    )
    intel = next(f for f in summary.files if f.record_type == "intelligence")
    assert (intel.read, intel.landed, intel.rejected, intel.kept_as_other) == (5, 5, 0, 3)
    assert _categories(clean_driver) == {
        "I-1": "other",
        "I-2": "other",
        "I-3": "other",
        "I-4": "sighting",
        "I-5": "vehicle",
    }
    lines = {(r["line"], r["column"], r["value"], r["outcome"]) for r in _report(summary, "intelligence.csv")}
    assert lines == {
        ("2", "category", "phone", "kept_as_other"),
        ("3", "category", "online", "kept_as_other"),
        ("4", "category", "gifts", "kept_as_other"),
    }
    # "Nominal" is not a role the board knows: Jay lands, role not recorded, the word kept
    people = {(r["line"], r["column"], r["value"], r["outcome"]) for r in _report(summary, "people.csv")}
    assert people == {("4", "role", "Nominal", "not_recorded")}
    notes = clean_driver.execute_query(
        "MATCH (i:Intelligence {source_ref: 'I-1'}) RETURN i.data_quality AS q"
    ).records[0]["q"]
    assert [(n.value, n.outcome) for n in notes_from_json(notes)] == [("phone", "kept_as_other")]
    # the phone and the account that tie Jay to both girls are in the graph
    linked = clean_driver.execute_query(
        "MATCH (:Phone)<-[:MENTIONS]-(:Intelligence)-[:MENTIONS]->(p:Person) RETURN count(p) AS n"
    ).records[0]["n"]
    assert linked == 2


def test_with_its_profile_every_row_lands_with_the_right_category_and_re_import_updates(
    clean_driver: neo4j.Driver, tmp_path: Path
) -> None:
    people, intel = _people(tmp_path), _intel(tmp_path)
    Importer(clean_driver, agency="police").run([people, intel], rejects_dir=tmp_path / "r1")
    profile = ImportProfile.from_toml(PROFILE, source="police.toml")
    again = Importer(clean_driver, agency="police", profile=profile).run(
        [people, intel], rejects_dir=tmp_path / "r2"
    )
    intel_file = next(f for f in again.files if f.record_type == "intelligence")
    assert (intel_file.landed, intel_file.rejected, intel_file.kept_as_other) == (5, 0, 0)
    assert intel_file.mapped == 3 and intel_file.changed == 3
    assert _categories(clean_driver) == EXPECTED
    assert _report(again, "intelligence.csv") == []
    cleared = clean_driver.execute_query(
        "MATCH (i:Intelligence {source_ref: 'I-1'}) RETURN i.data_quality AS q"
    ).records[0]["q"]
    assert cleared is None


def _handling_intel(folder: Path) -> Path:
    """Three code-C reports: the force's own wording the profile maps (I-1), wording it does
    not map (I-2) and the structured list itself (I-3)."""
    wording = {
        "I-1": "CSC and Health ONLY",
        "I-2": "Police only - NOT to be shared with schools",
        "I-3": "share_with: education",
    }
    rows = [
        {
            "source_ref": ref,
            "reported_at": "01/03/2025 20:00",
            "category": "sighting",
            "summary": f"Report {ref}",
            "source_evaluation": "1",
            "intelligence_assessment": "B",
            "handling_code": "C",
            "handling_conditions": text,
            "people": "PN-1",
        }
        for ref, text in wording.items()
    ]
    return write_csv(folder / "intelligence.csv", rows)


def _user(agency: str) -> User:
    return User(
        username=agency, display_name=agency, roles=frozenset({Role.OPERATIONAL}), agency=agency
    )


def test_the_profile_maps_handling_wording_to_exactly_the_agencies_it_lists(
    clean_driver: neo4j.Driver, tmp_path: Path
) -> None:
    from cseboard.access.scope import may_see_item

    profile = ImportProfile.from_toml(PROFILE, source="police.toml")
    summary = Importer(clean_driver, agency="police", profile=profile).run(
        [_people(tmp_path), _handling_intel(tmp_path)], rejects_dir=tmp_path / "reports"
    )
    intel = next(f for f in summary.files if f.record_type == "intelligence")
    assert (intel.landed, intel.rejected, intel.mapped) == (3, 0, 1)
    records = clean_driver.execute_query(
        "MATCH (i:Intelligence {agency: 'police'}) RETURN i.source_ref AS ref, "
        "i.handling_code AS code, i.handling_conditions AS c"
    ).records
    stored = {r["ref"]: (r["code"], r["c"]) for r in records}
    assert stored == {
        "I-1": ("C", "share_with: childrens_social_care; health"),
        "I-2": ("C", "Police only - NOT to be shared with schools"),
        "I-3": ("C", "share_with: education"),
    }
    # worked out by hand: who may read each report, agency by agency
    expected = {
        "I-1": {"police", "childrens_social_care", "health"},
        "I-2": {"police"},
        "I-3": {"police", "education"},
    }
    agencies = ("police", "childrens_social_care", "health", "education", "youth_offending")
    for ref, (code, text) in stored.items():
        readers = {
            a
            for a in agencies
            if may_see_item(_user(a), holder="police", handling_code=code, conditions=text)
        }
        assert readers == expected[ref], ref
    # the unmapped wording is reported, read restrictively; the mapped one is not listed
    lines = {
        (r["line"], r["column"], r["outcome"]) for r in _report(summary, "intelligence.csv")
    }
    assert lines == {("3", "handling_conditions", "restricted_reading")}


def test_the_check_lists_unreadable_handling_wording_for_the_profile(tmp_path: Path) -> None:
    check = check_files([_handling_intel(tmp_path)], agency="police")
    found = {(u.column, u.value, u.rows, u.outcome) for u in check.unknown_values}
    assert found == {
        ("handling_conditions", "CSC and Health ONLY", 1, "restricted_reading"),
        ("handling_conditions", "Police only - NOT to be shared with schools", 1,
         "restricted_reading"),
    }
    from cseboard.ingest.check import starter_profile

    text = starter_profile(check)
    # a line to fill in per wording, commented: nothing is granted until the analyst says so
    assert '# "csc and health only" = "share_with: "' in text
    assert ImportProfile.from_toml(text, source="draft.toml").values.get(
        "handling_conditions", {}
    ) == {}


def test_a_partners_own_column_names_and_date_order(
    clean_driver: neo4j.Driver, tmp_path: Path
) -> None:
    """A school's MIS export: its own column names, US date order (set up that way)."""
    rows = [
        {"Pupil Ref": "ED-1", "Type": "young_person", "Forename": "Cara", "Surname": "Example",
         "DOB": "04/23/2011", "Sex": "Girl"},
    ]
    path = write_csv(tmp_path / "people.csv", rows)
    without = Importer(clean_driver, agency="education").run([path])
    assert without.files[0].error is not None
    assert "required column(s) missing: source_ref" in without.files[0].error
    profile = ImportProfile.from_toml(
        """
        agency = "education"
        date_order = "mdy"
        [columns.people]
        "pupil ref" = "source_ref"
        type = "role"
        forename = "first_name"
        surname = "last_name"
        dob = "date_of_birth"
        sex = "gender"
        [values.gender]
        girl = "female"
        """,
        source="education.toml",
    )
    summary = Importer(clean_driver, agency="education", profile=profile).run([path])
    assert (summary.files[0].landed, summary.files[0].dropped) == (1, 0)
    record = clean_driver.execute_query(
        "MATCH (r:AgencyRecord {record_key: 'education/ED-1'}) RETURN r"
    ).records[0]["r"]
    assert (record["first_name"], str(record["date_of_birth"]), record["gender"]) == (
        "Cara",
        "2011-04-23",
        "female",
    )


def test_an_invalid_optional_field_never_loses_the_child_and_is_never_matched_on(
    clean_driver: neo4j.Driver, tmp_path: Path
) -> None:
    """A council's case-system export: one bad postcode, one NHS number with a wrong check
    digit. Both children land, with the values kept for review, and resolution never sees them."""
    path = write_csv(
        tmp_path / "people.csv",
        [
            {"source_ref": "CS-1", "role": "young_person", "first_name": "Dee",
             "last_name": "Example", "postcode": "XF3-4AB", "nhs_number": "943 476 5919"},
            {"source_ref": "CS-2", "role": "young_person", "first_name": "Eve",
             "last_name": "Example", "nhs_number": "1234567890"},
        ],
    )
    episodes = write_csv(
        tmp_path / "missing_episodes.csv",
        [{"source_ref": "M-1", "person_ref": "CS-2", "reported_missing_at": "01/03/2025 21:00"}],
    )
    summary = Importer(clean_driver, agency="childrens_social_care").run([path, episodes])
    people = summary.files[0]
    assert (people.read, people.landed, people.dropped, people.rejected) == (2, 2, 2, 0)
    assert summary.files[1].pending_refs == 0  # the episode's child exists
    lines = {(r["line"], r["column"], r["value"], r["outcome"]) for r in _report(summary, "people.csv")}
    assert lines == {
        ("2", "postcode", "XF3-4AB", "field_dropped"),
        ("3", "nhs_number", "1234567890", "field_dropped"),
    }
    profiles = {
        r.source_ref: r for p in ResolveStore(clean_driver).profiles() for r in p.records
    }
    assert profiles["CS-2"].nhs_number is None and profiles["CS-1"].postcode is None
    assert profiles["CS-1"].nhs_number == "9434765919"


def test_reports_of_two_agencies_and_two_runs_never_overwrite_each_other(
    clean_driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    ctx = ServiceContext(clean_driver, neo4j_settings)
    reports = tmp_path / "reports"
    police = _intel(tmp_path / "police")
    school = write_csv(
        tmp_path / "school" / "intelligence.csv",
        [{"source_ref": "S-1", "reported_at": "01/03/2025 09:00", "category": "peer concern",
          "summary": "Seen with older pupils", "source_evaluation": "2",
          "intelligence_assessment": "C", "handling_code": "P"}],
    )
    first = import_paths(ctx, LEAD, [police], agency="police", rejects_dir=reports)
    import_paths(ctx, LEAD, [school], agency="education", rejects_dir=reports)
    again = import_paths(ctx, LEAD, [police], agency="police", rejects_dir=reports)
    names = sorted(p.name for p in reports.iterdir())
    assert len(names) == 3 and len(set(names)) == 3
    assert sum(n.startswith("police-intelligence-IMP-") for n in names) == 2
    runs = import_runs(ctx, LEAD)
    assert {r.report for r in runs} == set(names)
    assert all(r.report_available for r in runs)
    name, data = rejects_report(ctx, LEAD, first.summary.files[0].run_id or "")
    assert name != again.summary.files[0].report_path.name  # type: ignore[union-attr]
    assert b"kept_as_other" in data


def test_check_lists_unknown_values_with_the_closest_and_a_profile_that_fixes_them(
    tmp_path: Path,
) -> None:
    intel = _intel(tmp_path)
    check = check_files([intel], agency="police")
    found = {(u.column, u.value, u.rows, u.closest) for u in check.unknown_values}
    assert found == {
        ("category", "phone", 1, "phone_or_device"),
        ("category", "online", 1, "online_contact"),
        ("category", "gifts", 1, "gifts_money_substances"),
    }
    assert check.files[0].landed == 5
    profiles = tmp_path / "partners"
    profiles.mkdir()
    from cseboard.ingest.check import starter_profile

    (profiles / "police.toml").write_text(starter_profile(check), encoding="utf-8")
    again = check_files([intel], agency="police", profile=load_profile(profiles, "police"))
    assert again.clean and again.files[0].mapped == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('agency = "police"\n[values.category]\nphone = "telephone"', "not one of"),
        ('agency = "police"\n[values.colour]\nred = "red"', "not a vocabulary"),
        ('agency = "police"\n[columns.intelligence]\nref = "reference"', "not an exchange column"),
        ('agency = "police"\ndate_order = "dym"', "date_order"),
        ("agency = ", "not valid TOML"),
        (
            'agency = "police"\n[values.handling_conditions]\n"csc only" = "CSC and health"',
            "not a list like",
        ),
    ],
)
def test_a_profile_with_a_typo_is_one_clear_error(text: str, message: str) -> None:
    from cseboard.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match=message):
        ImportProfile.from_toml(text, source="police.toml")
