"""Erasure must not leave the child behind: merge chains, free text, rejects reports and a later
re-import of the partner's file, played against the real Neo4j.

Zelda Quince (synthetic) is recorded by the police, health and a school; the school's record
was merged into health's and health's into the police's. Reports name her in their summaries,
a meeting action is about her, and rejects reports of earlier imports quote her reference and,
in a report format that keeps the raw row, her name.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from cseboard.access.keys import tombstone_key
from cseboard.cli import app
from cseboard.config import Settings
from cseboard.errors import AccessDenied, ImportFileError, NotFound
from cseboard.ingest.importer import Importer
from cseboard.models.ids import person_id_for
from cseboard.models.users import Role, User
from cseboard.services.context import ServiceContext
from cseboard.services.erasure import erase_person
from cseboard.services.leads import set_lead_professional
from cseboard.services.plan_import import import_plan
from cseboard.services.redaction import redact, redaction_tasks, redaction_text
from cseboard.store.connection import resolve_target
from cseboard.store.operations import OperationStore
from cseboard.store.resolve import ResolveStore
from support.partner_files import write_csv

ADMIN = User(username="dpo", display_name="DPO", roles=frozenset({Role.ADMIN}))
LEAD = User(username="lead", display_name="Lead", roles=frozenset({Role.PRACTICE_LEAD}))
POLICE_ZELDA = person_id_for("police", "PC-7")
HEALTH_ZELDA = person_id_for("health", "H-7")
SCHOOL_ZELDA = person_id_for("education", "E-7")
NHS = "9434765919"
TRACES = ("zelda", "quince", NHS, "zedz", "2010-02-03", "PC-7", "H-7", "E-7")


def _person(agency: str, ref: str, **kw: str) -> dict[str, str]:
    row = {
        "agency": agency,
        "source_ref": ref,
        "role": "young_person",
        "first_name": "Zelda",
        "last_name": "Quince",
        "aliases": "Zedz",
        "date_of_birth": "2010-02-03",
        "gender": "F",
        "nhs_number": NHS,
    }
    row.update(kw)
    return row


def _intel(ref: str, people: str, summary: str) -> dict[str, str]:
    return {
        "agency": "police",
        "source_ref": ref,
        "reported_at": "2025-06-01T10:00:00+00:00",
        "category": "association",
        "summary": summary,
        "source_evaluation": "1",
        "intelligence_assessment": "A",
        "handling_code": "P",
        "people": people,
    }


def _files(root: Path) -> dict[str, list[Path]]:
    police = root / "police"
    adult = _person("police", "PA-8", first_name="Victor", last_name="Ash", aliases="")
    adult.update(role="associate", date_of_birth="1980-01-01", nhs_number="", gender="M")
    write_csv(police / "people.csv", [_person("police", "PC-7"), adult, _person("police", "PC-7")])
    write_csv(
        police / "intelligence.csv",
        [
            _intel("I-1", "PC-7;PA-8", "Zelda Quince seen with Victor Ash at the arcade"),
            _intel("I-2", "PA-8", "Victor Ash asked about Zelda Quince at the school gate"),
            _intel("I-3", "PA-8", "Victor Ash seen alone at the arcade"),
        ],
    )
    write_csv(
        police / "missing_episodes.csv",
        [
            {
                "agency": "police",
                "source_ref": "MP-1",
                "person_ref": "PC-7",
                "reported_missing_at": "2025-06-02T22:00:00+00:00",
                "returned_at": "2025-06-03T08:00:00+00:00",
            }
        ],
    )
    write_csv(root / "health" / "people.csv", [_person("health", "H-7")])
    write_csv(root / "education" / "people.csv", [_person("education", "E-7")])
    return {
        "police": [police / "people.csv", police / "missing_episodes.csv"],
        "police-intel": [police / "intelligence.csv"],
        "health": [root / "health" / "people.csv"],
        "education": [root / "education" / "people.csv"],
    }


def _import(
    ctx: ServiceContext, agency: str, files: list[Path], rejects: Path
) -> list[dict[str, str]]:
    summary = Importer(
        ctx.driver, agency=agency, tombstone_key=tombstone_key(ctx.settings)
    ).run(files, rejects_dir=rejects)
    lines: list[dict[str, str]] = []
    for f in summary.files:
        if f.report_path is not None:
            with f.report_path.open(encoding="utf-8") as handle:
                lines.extend(csv.DictReader(handle))
    return lines


@pytest.fixture
def world(
    clean_driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> tuple[ServiceContext, dict[str, list[Path]], Path]:
    rejects = tmp_path / "rejects"
    settings = neo4j_settings.model_copy(update={"rejects_dirs": [rejects]})
    ctx = ServiceContext(clean_driver, settings)
    files = _files(tmp_path / "in")
    # The reports arrive before the people they name: pending references in the rejects report.
    _import(ctx, "police", files["police-intel"], rejects / "police-1")
    _import(ctx, "police", files["police"], rejects / "police-2")
    _import(ctx, "health", files["health"], rejects / "health")
    _import(ctx, "education", files["education"], rejects / "education")
    # A report in a format that keeps the raw row, named by its import run (not in rejects_dirs).
    raw = write_csv(
        tmp_path / "elsewhere" / "people.rejects.csv",
        [
            {"file": "people.csv", "line": "4", "column": "postcode", "value": "XX1",
             "reason": "not a postcode", "outcome": "landed_without_field",
             "raw": "health,H-7,young_person,Zelda,Quince"},
            {"file": "people.csv", "line": "5", "column": "postcode", "value": "YY2",
             "reason": "not a postcode", "outcome": "landed_without_field",
             "raw": "health,H-9,young_person,Bea,Other"},
        ],
    )
    clean_driver.execute_query(
        "MATCH (r:ImportRun {agency: 'health'}) SET r.rejects_path = $p", p=str(raw)
    )
    resolve = ResolveStore(clean_driver)
    resolve.merge(HEALTH_ZELDA, SCHOOL_ZELDA, by="lead", reason="same NHS number")
    resolve.merge(POLICE_ZELDA, HEALTH_ZELDA, by="lead", reason="same NHS number")
    clean_driver.execute_query(
        "MATCH (p:Person {person_id: $p}) "
        "CREATE (:Action {action_id: 'ACT-1', text: 'Ask the school about Zelda and her phone', "
        "status: 'open'})-[:ABOUT]->(p) "
        "CREATE (:Action {action_id: 'ACT-2', text: 'Chase the arcade CCTV', status: 'open'})",
        p=POLICE_ZELDA,
    )
    return ctx, files, tmp_path


def traces(driver: neo4j.Driver) -> list[str]:
    """Every node or relationship property that still holds one of Zelda's identifiers."""
    found = []
    for trace in TRACES:
        rows = driver.execute_query(
            """
            CALL () {
              MATCH (n) RETURN labels(n)[0] AS what, properties(n) AS props
              UNION ALL
              MATCH ()-[r]->() RETURN type(r) AS what, properties(r) AS props
            }
            UNWIND keys(props) AS k
            WITH what, k, props[k] AS v
            WHERE (v IS :: STRING AND v =~ $pattern)
               OR (v IS :: LIST<STRING> AND any(x IN v WHERE x =~ $pattern))
            RETURN what + '.' + k AS where
            """,
            # As a whole token: a random id (an audit event's uuid "…4e-7a…") is not "E-7".
            pattern=f"(?is).*(^|[^a-z0-9]){re.escape(trace)}([^a-z0-9]|$).*",
        ).records
        found.extend(f"{r['where']} holds {trace}" for r in rows)
    return sorted(found)


def test_erasing_a_merged_child_leaves_no_trace_once_the_free_text_is_redacted(
    world: tuple[ServiceContext, dict[str, list[Path]], Path],
) -> None:
    ctx, _, _ = world
    before = traces(ctx.driver)
    assert any(t.startswith("MergedPerson") for t in before)
    result = erase_person(ctx, ADMIN, POLICE_ZELDA, reason="Erasure request ER-12")
    assert (result.absorbed_people, result.merges) == (2, 2)
    assert result.tombstones == 3 and result.redaction_tasks == 3
    left = traces(ctx.driver)
    # Only the free text listed for redaction still names her (her refs are tombstoned as
    # keyed hashes, never in clear).
    assert {t.split(" holds ")[0] for t in left} <= {"Intelligence.summary", "Action.text"}
    tasks = redaction_tasks(ctx, LEAD)
    assert sorted((t.kind, t.record) for t in tasks) == [
        ("action", "ACT-1"),
        ("intelligence", "police/I-1"),
        ("intelligence", "police/I-2"),
    ]
    for task in tasks:
        view = redaction_text(ctx, LEAD, task.task_id)
        assert view.text is not None and "zelda" in view.text.lower()
        redact(ctx, LEAD, task.task_id, mask=["Zelda Quince", "Zelda"])
    assert traces(ctx.driver) == []
    summary = ctx.driver.execute_query(
        "MATCH (i:Intelligence {intel_id: 'police/I-1'}) RETURN i.summary AS s"
    ).records[0]["s"]
    assert summary == "[erased] seen with Victor Ash at the arcade"
    assert redaction_tasks(ctx, LEAD) == []
    with pytest.raises(AccessDenied):
        redaction_tasks(ctx, ADMIN)  # the administrator erases; casework text is the lead's


def test_erasure_removes_the_rejects_lines_that_name_the_child(
    world: tuple[ServiceContext, dict[str, list[Path]], Path],
) -> None:
    ctx, _, tmp = world
    elsewhere = tmp / "elsewhere" / "people.rejects.csv"
    reports = [*sorted((tmp / "rejects").rglob("*.rejects.csv")), elsewhere]
    text = "".join(p.read_text(encoding="utf-8") for p in reports)
    assert "PC-7" in text and "Zelda" in text
    result = erase_person(ctx, ADMIN, POLICE_ZELDA, reason="Erasure request ER-12")
    assert result.rejects_rows_removed >= 3 and result.rejects_files_changed == 3
    for path in reports:
        content = path.read_text(encoding="utf-8")
        assert "PC-7" not in content and "Zelda" not in content and "H-7" not in content
        assert (path.stat().st_mode & 0o777) == 0o600
    assert "PA-8" in text and "PA-8" in "".join(p.read_text(encoding="utf-8") for p in reports)
    assert "H-9" in (tmp / "elsewhere" / "people.rejects.csv").read_text(encoding="utf-8")


def test_reimporting_the_partners_files_does_not_bring_the_child_back(
    world: tuple[ServiceContext, dict[str, list[Path]], Path],
) -> None:
    """Attack (or accident): the partner sends the same files again after the erasure."""
    ctx, files, tmp = world
    erase_person(ctx, ADMIN, POLICE_ZELDA, reason="Erasure request ER-12")
    again = tmp / "rejects-again"
    lines = _import(ctx, "police", files["police"] + files["police-intel"], again / "police")
    lines += _import(ctx, "health", files["health"], again / "health")
    lines += _import(ctx, "education", files["education"], again / "education")
    people = ctx.driver.execute_query(
        "MATCH (p:Person) WHERE p.person_id IN $ids RETURN count(p) AS n",
        ids=[POLICE_ZELDA, HEALTH_ZELDA, SCHOOL_ZELDA],
    ).records[0]["n"]
    assert people == 0
    assert ctx.driver.execute_query(
        "MATCH (e:MissingEpisode {episode_id: 'police/MP-1'}) RETURN count(e) AS n"
    ).records[0]["n"] == 0
    mentioned = ctx.driver.execute_query(
        "MATCH (:Intelligence {intel_id: 'police/I-1'})-[:MENTIONS]->(p:Person) "
        "RETURN collect(p.person_id) AS ids"
    ).records[0]["ids"]
    assert mentioned == [person_id_for("police", "PA-8")]
    erased = [(r["file"], r["column"], r["outcome"]) for r in lines if r["outcome"] == "erased"]
    assert ("people.csv", "source_ref", "erased") in erased
    assert ("missing_episodes.csv", "person_ref", "erased") in erased
    assert ("intelligence.csv", "people", "erased") in erased
    assert sum(1 for f, _, _ in erased if f == "people.csv") == 4  # police twice, health, school
    assert [t for t in traces(ctx.driver) if "Person" in t or "AgencyRecord" in t] == []


def test_an_import_without_the_tombstone_key_is_refused(
    world: tuple[ServiceContext, dict[str, list[Path]], Path],
) -> None:
    ctx, files, tmp = world
    erase_person(ctx, ADMIN, POLICE_ZELDA, reason="Erasure request ER-12")
    with pytest.raises(ImportFileError, match="tombstone key"):
        Importer(ctx.driver, agency="police").run(files["police"], rejects_dir=tmp / "x")


def test_an_absorbed_id_names_the_person_to_erase(
    world: tuple[ServiceContext, dict[str, list[Path]], Path],
) -> None:
    ctx, _, _ = world
    with pytest.raises(NotFound, match=f"erase {POLICE_ZELDA}"):
        erase_person(ctx, ADMIN, HEALTH_ZELDA, reason="Erasure request ER-12")


def test_the_redaction_commands_list_show_and_mask(
    world: tuple[ServiceContext, dict[str, list[Path]], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx, _, _ = world
    target = resolve_target(ctx.settings)
    for key, value in {
        "NEO4J_URI": target.uri,
        "NEO4J_USER": target.user,
        "NEO4J_PASSWORD": target.password,
    }.items():
        monkeypatch.setenv(key, value)
    erase_person(ctx, ADMIN, POLICE_ZELDA, reason="Erasure request ER-12")
    runner = CliRunner()
    listed = runner.invoke(app, ["retention", "redactions", "--json"])
    assert listed.exit_code == 0, listed.output
    tasks = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(tasks) == 3 and "zelda" not in listed.stdout.lower()
    action = next(t for t in tasks if t["kind"] == "action")
    shown = runner.invoke(app, ["retention", "redact", action["task_id"], "--show"])
    assert shown.exit_code == 0 and "Zelda" in shown.stdout
    masked = runner.invoke(app, ["retention", "redact", action["task_id"], "--mask", "Zelda"])
    assert masked.exit_code == 0, masked.output
    text = ctx.driver.execute_query(
        "MATCH (a:Action {action_id: 'ACT-1'}) RETURN a.text AS t"
    ).records[0]["t"]
    assert text == "Ask the school about [erased] and her phone"
    again = runner.invoke(app, ["retention", "redact", action["task_id"], "--nothing"])
    assert again.exit_code == 1 and "already closed" in again.output


def test_erasure_takes_the_childs_lead_professional_and_lists_plan_notes_naming_her(
    world: tuple[ServiceContext, dict[str, list[Path]], Path],
) -> None:
    """The action plan and the lead professionals (issue 13) hold her too: a progress note
    someone typed names her, and the operation named a lead professional for her."""
    ctx, _, tmp = world
    operations = OperationStore(ctx.driver)
    operations.upsert("OP-Z", "Operation Z", by="test")
    operations.nominate("OP-Z", POLICE_ZELDA, by="test", rationale="test cohort")
    set_lead_professional(
        ctx, LEAD, "OP-Z", POLICE_ZELDA, name="Sam Carter", agency="childrens_social_care",
        contact="0114 496 0000",
    )
    plan = tmp / "plan.csv"
    write_csv(
        plan,
        [
            {"objective": "Children who go missing are heard",
             "action": "Offer every return home interview within 72 hours",
             "owner_agency": "childrens_social_care", "owner_role": "Head of Service",
             "due_date": "31/03/2026", "status": "at_risk",
             "update": "Zelda Quince was not offered one over a weekend"},
        ],
    )
    import_plan(ctx, LEAD, plan)
    result = erase_person(ctx, ADMIN, POLICE_ZELDA, reason="Erasure request ER-13")
    assert result.lead_assignments == 1
    left = ctx.driver.execute_query(
        "MATCH (a:LeadAssignment) WHERE a.person_id IS NOT NULL RETURN count(a) AS n"
    ).records[0]["n"]
    assert left == 0
    [note] = [t for t in redaction_tasks(ctx, LEAD) if t.kind == "plan_update"]
    redact(ctx, LEAD, note.task_id, mask=["Zelda Quince"])
    assert "zelda" not in (redaction_text(ctx, LEAD, note.task_id).text or "").lower()


def test_erasure_finds_the_import_reports_folder_and_values_left_out_of_her_record(
    clean_driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    """Issue 10's imports write each run's report to IMPORT_REPORTS_DIR (0600) and land a row
    whose NHS number fails its check digit without it, the raw number kept on the record: the
    report's line quoting that number is hers too, even when no run names the report."""
    from cseboard.services.imports import import_paths

    reports = tmp_path / "import-reports"
    settings = neo4j_settings.model_copy(
        update={"import_reports_dir": reports, "rejects_dirs": []}
    )
    ctx = ServiceContext(clean_driver, settings)
    bad = "1234567890"  # worked out by hand: the modulus 11 check digit would be 3, not 0
    people = write_csv(
        tmp_path / "in" / "people.csv",
        [
            _person("health", "H-7", nhs_number=bad),
            _person("health", "H-9", first_name="Bea", last_name="Other", aliases="",
                    nhs_number="", postcode="NOT A POSTCODE"),
        ],
    )
    outcome = import_paths(ctx, LEAD, [people], agency="health")
    report = outcome.summary.files[0].report_path
    assert report is not None and report.parent == reports.resolve()
    assert report.name.startswith("health-people-IMP-")
    assert report.stat().st_mode & 0o777 == 0o600

    def lines() -> set[tuple[str, str, str]]:
        with report.open(encoding="utf-8") as handle:
            return {(r["line"], r["column"], r["outcome"]) for r in csv.DictReader(handle)}

    assert lines() == {("2", "nhs_number", "field_dropped"), ("3", "postcode", "field_dropped")}
    # The run no longer names its report: the folder is searched all the same.
    clean_driver.execute_query("MATCH (r:ImportRun) REMOVE r.rejects_path")
    result = erase_person(
        ctx, ADMIN, person_id_for("health", "H-7"), reason="Erasure request ER-13"
    )
    assert (result.rejects_rows_removed, result.rejects_files_changed) == (1, 1)
    assert lines() == {("3", "postcode", "field_dropped")}
    assert report.stat().st_mode & 0o777 == 0o600
    assert bad not in report.read_text(encoding="utf-8")
