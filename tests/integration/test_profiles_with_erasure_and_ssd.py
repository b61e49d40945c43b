"""Partner files brought in through their import profiles meet the rules of issues 11 and 12.

Written by hand the way the partners export them: a police force with its own column names
and handling wording, a council's case system with its own names for the SSD columns and
``yyyy/mm/dd`` dates. Through the profile path (the command line's ``import_paths`` and the
board's upload, ``import_partner_files``): an erased child stays erased (tombstones), wording the
profile does not map lands restricted and reported, each report is 0600 in
``IMPORT_REPORTS_DIR``; the council's date-only episodes stay days and, on the same day as the
police's, are the evidence that proposes the council's child as the police's child.
"""

from __future__ import annotations

import csv
from pathlib import Path

import neo4j
import pytest

from cseboard.config import Settings
from cseboard.models.casework import UploadedPartnerFile
from cseboard.models.ids import person_id_for
from cseboard.models.users import Role, User
from cseboard.services import resolve
from cseboard.services.context import ServiceContext
from cseboard.services.erasure import erase_person
from cseboard.services.imports import ImportOutcome, import_partner_files, import_paths
from support.partner_files import write_csv

ADMIN = User(username="dpo", display_name="DPO", roles=frozenset({Role.ADMIN}))
LEAD = User(username="lead", display_name="Lead", roles=frozenset({Role.PRACTICE_LEAD}))
CSC = "childrens_social_care"

POLICE_PROFILE = """
agency = "police"

[columns]
"occurrence ref" = "source_ref"

[columns.people]
forename = "first_name"
surname = "last_name"
dob = "date_of_birth"
sex = "gender"
"nominal type" = "role"

[columns.missing_episodes]
"subject ref" = "person_ref"
"reported missing" = "reported_missing_at"
"date returned" = "returned_at"

[columns.intelligence]
"date logged" = "reported_at"
"intel type" = "category"
"subjects" = "people"
"handling" = "handling_conditions"
"source grade" = "source_evaluation"
"intel grade" = "intelligence_assessment"
"handling code" = "handling_code"

[values.role]
victim = "young_person"
nominal = "associate"

[values.handling_conditions]
"csc only" = "share_with: childrens_social_care"
"""

COUNCIL_PROFILE = """
agency = "childrens_social_care"
date_order = "ymd"

[columns.ssd_person]
"child id" = "pers_person_id"
"sex" = "pers_sex"
"birth date" = "pers_dob"
"nhs no" = "pers_common_child_id"

[columns.ssd_missing]
"episode id" = "miss_table_id"
"child id" = "miss_la_person_id"
"start" = "miss_mis_epi_start"
"episode type" = "miss_mis_epi_type"
"end" = "miss_mis_epi_end"
"rhi offered" = "miss_mis_epi_rhi_offered"
"rhi accepted" = "miss_mis_epi_rhi_accepted"
"""


def _police_files(folder: Path) -> list[Path]:
    people = write_csv(
        folder / "people.csv",
        [
            {"occurrence ref": "PN-1", "nominal type": "Victim", "forename": "Zelda",
             "surname": "Quince", "dob": "03/02/2010", "sex": "F"},
            {"occurrence ref": "PN-2", "nominal type": "Nominal", "forename": "Victor",
             "surname": "Ash", "dob": "01/01/1980", "sex": "M"},
        ],
    )
    episodes = write_csv(
        folder / "missing_episodes.csv",
        [{"occurrence ref": "PM-1", "subject ref": "PN-1",
          "reported missing": "02/06/2025 22:00", "date returned": "03/06/2025 08:00"}],
    )
    intel = write_csv(
        folder / "intelligence.csv",
        [
            {"occurrence ref": "I-1", "date logged": "01/06/2025 10:00", "intel type": "association",
             "summary": "Z seen with V at the arcade", "source grade": "1", "intel grade": "A",
             "handling code": "C", "handling": "CSC only", "subjects": "PN-1;PN-2"},
            {"occurrence ref": "I-2", "date logged": "01/06/2025 11:00", "intel type": "sighting",
             "summary": "V seen at the school gate", "source grade": "2", "intel grade": "B",
             "handling code": "C", "handling": "Police only - NOT to be shared with schools",
             "subjects": "PN-2"},
        ],
    )
    return [people, episodes, intel]


def _lines(outcome: ImportOutcome) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    for f in outcome.summary.files:
        if f.report_path is not None:
            with f.report_path.open(encoding="utf-8", newline="") as handle:
                found.extend(csv.DictReader(handle))
    return found


@pytest.fixture
def profiled(
    clean_driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> ServiceContext:
    """A board whose profiles folder holds the police's and the council's profiles."""
    profiles = tmp_path / "partners"
    profiles.mkdir()
    (profiles / "police.toml").write_text(POLICE_PROFILE, encoding="utf-8")
    (profiles / f"{CSC}.toml").write_text(COUNCIL_PROFILE, encoding="utf-8")
    settings = neo4j_settings.model_copy(
        update={
            "partner_profiles_dir": profiles,
            "import_reports_dir": tmp_path / "import-reports",
            "rejects_dirs": [],
        }
    )
    return ServiceContext(clean_driver, settings)


def test_an_erased_child_stays_erased_when_the_partner_sends_its_own_export_again(
    profiled: ServiceContext, tmp_path: Path
) -> None:
    ctx = profiled
    files = _police_files(tmp_path / "police")
    first = import_paths(ctx, LEAD, files, agency="police")
    assert [(f.record_type, f.landed, f.rejected) for f in first.summary.files] == [
        ("people", 2, 0),
        ("intelligence", 2, 0),
        ("missing_episodes", 1, 0),
    ]
    # Worked out by hand: the profile maps "CSC only"; the second wording it does not map is
    # read as the police only and reported; nothing else is a problem.
    assert {(r["file"], r["line"], r["column"], r["outcome"]) for r in _lines(first)} == {
        ("intelligence.csv", "3", "handling_conditions", "restricted_reading"),
    }
    stored = {
        r["ref"]: r["c"]
        for r in ctx.driver.execute_query(
            "MATCH (i:Intelligence {agency: 'police'}) "
            "RETURN i.source_ref AS ref, i.handling_conditions AS c"
        ).records
    }
    assert stored == {
        "I-1": "share_with: childrens_social_care",
        "I-2": "Police only - NOT to be shared with schools",
    }
    reports = ctx.settings.import_reports_dir.resolve()
    [report] = [f.report_path for f in first.summary.files if f.report_path is not None]
    assert report.parent == reports and report.name.startswith("police-intelligence-IMP-")
    assert report.stat().st_mode & 0o777 == 0o600

    erase_person(ctx, ADMIN, person_id_for("police", "PN-1"), reason="Erasure request ER-21")

    # The board's upload of the same export, through the same profile.
    uploads = [UploadedPartnerFile(name=p.name, data=p.read_bytes()) for p in files]
    again = import_partner_files(ctx, LEAD, uploads, agency="police")
    assert again.profile is not None and again.profile.endswith("police.toml")
    assert {(r.file, r.column, r.value, r.outcome) for r in again.rejects} == {
        ("people.csv", "source_ref", "PN-1", "erased"),
        ("missing_episodes.csv", "person_ref", "PN-1", "erased"),
        ("intelligence.csv", "people", "PN-1", "erased"),
        ("intelligence.csv", "handling_conditions",
         "Police only - NOT to be shared with schools", "restricted_reading"),
    }
    left = ctx.driver.execute_query(
        "MATCH (p:Person) RETURN collect(p.person_id) AS people, "
        "COUNT { MATCH (e:MissingEpisode) } AS episodes, "
        "COLLECT { MATCH (:Intelligence {source_ref: 'I-1'})-[:MENTIONS]->(q:Person) "
        "          RETURN q.person_id } AS named"
    ).records[0]
    assert left["people"] == [person_id_for("police", "PN-2")]
    assert left["episodes"] == 0
    assert left["named"] == [person_id_for("police", "PN-2")]
    kept = sorted(reports.glob("*.rejects.csv"))
    assert len(kept) == 4  # the first run's and the upload's three, none overwritten
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in kept)


def _council_files(folder: Path) -> list[Path]:
    children = write_csv(
        folder / "council_ssd_person.csv",
        [{"child id": "S-100", "sex": "F", "birth date": "2010/05/01", "nhs no": ""}],
    )
    episodes = write_csv(
        folder / "council_ssd_missing.csv",
        [
            # the police's PM-1 evening, as the council records it: a day, no time
            {"episode id": "MS-1", "child id": "S-100", "start": "2025/03/03",
             "episode type": "M", "end": "2025/03/04", "rhi offered": "Yes",
             "rhi accepted": "No"},
            # the case system's date column exported as a date-time at midnight
            {"episode id": "MS-2", "child id": "S-100", "start": "2025-03-10 00:00:00",
             "episode type": "A", "end": "2025-03-10 00:00:00", "rhi offered": "",
             "rhi accepted": ""},
        ],
    )
    return [children, episodes]


def test_the_councils_date_only_episodes_through_its_profile_propose_its_child(
    profiled: ServiceContext, tmp_path: Path
) -> None:
    ctx = profiled
    police = tmp_path / "police"
    people = write_csv(
        police / "people.csv",
        [{"occurrence ref": "P-AMY", "nominal type": "victim", "forename": "Amy",
          "surname": "Hollins", "dob": "01/05/2010", "sex": "female"}],
    )
    episodes = write_csv(
        police / "missing_episodes.csv",
        [{"occurrence ref": "PM-1", "subject ref": "P-AMY",
          "reported missing": "03/03/2025 20:00", "date returned": "04/03/2025 09:00"}],
    )
    import_paths(ctx, LEAD, [people, episodes], agency="police")
    council = import_paths(ctx, LEAD, _council_files(tmp_path / "csc"), agency=CSC, fmt="ssd")
    assert [(f.record_type, f.landed, f.rejected) for f in council.summary.files] == [
        ("ssd_person", 1, 0),
        ("ssd_missing", 2, 0),
    ]
    assert _lines(council) == []
    rows = {
        r["id"]: r
        for r in ctx.driver.execute_query(
            "MATCH (e:MissingEpisode) RETURN e.episode_id AS id, e.date_only AS days, "
            "e.absence_type AS type, e.reported_missing_at AS start"
        ).records
    }
    assert sorted(rows[f"{CSC}/MS-1"]["days"]) == ["reported_missing_at", "returned_at"]
    assert sorted(rows[f"{CSC}/MS-2"]["days"]) == ["reported_missing_at", "returned_at"]
    assert rows[f"{CSC}/MS-1"]["start"].to_native().date().isoformat() == "2025-03-03"
    assert rows[f"{CSC}/MS-2"]["type"] == "away_without_authorisation"
    assert list(rows["police/PM-1"]["days"] or []) == []

    summary = resolve.find_duplicates(ctx, LEAD)
    assert summary.automatic_merges == 0, "never merged automatically"
    pair = frozenset((person_id_for("police", "P-AMY"), person_id_for(CSC, "S-100")))
    [view] = [
        v
        for v in resolve.candidates(ctx, LEAD)
        if frozenset((v.candidate.person_a, v.candidate.person_b)) == pair
    ]
    evidence = [c for c in view.candidate.contributions if c.field == "missing_episode"]
    assert [c.level for c in evidence] == ["same_day"]
    assert {tuple(sorted((a.episode_id, b.episode_id))) for a, b in view.same_day_episodes} == {
        (f"{CSC}/MS-1", "police/PM-1")
    }
