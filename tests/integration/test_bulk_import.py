"""`cseboard import --bulk` builds the same graph as row-by-row imports, and refuses to replace data.

The same partner folders are loaded both ways, row by row into the tests' shared server and with
the offline importer into a second local server of their own, and the graphs are compared whole:
every node with its labels and properties, every relationship with its ends and properties. Left
out: import-run and audit nodes (a run id and a hash chain per load) and the clock's own
timestamps (when a row was imported, received, created, linked) and the ids a run draws at random.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from typer.testing import CliRunner

from cseboard.cli import app
from cseboard.config import Settings
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.models.users import Role, User
from cseboard.services.bulk_import import bulk_import
from cseboard.services.demo_data import DEMO_LOADER, import_partner_folders
from cseboard.services.partner_folders import partner_folders
from cseboard.store.admin import wipe_database
from cseboard.store.connection import connect, resolve_target, wait_until_ready
from cseboard.store.local_server import LocalNeo4j
from cseboard.store.reads import graph_counts
from cseboard.synthetic import generate
from support.partner_files import write_csv

LOADER = DEMO_LOADER
"""The row-by-row side's user too: place merges record who made them."""
LEFT_OUT_LABELS = {"ImportRun", "AuditEvent", "AuditChain"}
GENERATED = {"imported_at", "received_at", "created_at", "changed_at", "since", "at", "import_run"}
GENERATED |= {"found_at", "merge_id", "candidate_id"}
"""The clock's timestamps, and the ids a run draws at random (import runs, place merges)."""


# -- a second local server, for the offline importer ------------------------------------------
@pytest.fixture(scope="module")
def bulk_settings(
    neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    if neo4j_settings.neo4j_uri:
        pytest.skip("the bulk import needs the project's own local server")
    home = tmp_path_factory.mktemp("bulk-neo4j")
    # The same jars as the tests' server: nothing to fetch again.
    shared = neo4j_settings.local_neo4j_home.resolve() / "lib"
    (home / "lib").symlink_to(shared, target_is_directory=True)
    settings = neo4j_settings.model_copy(
        update={
            "local_neo4j_home": home,
            "local_neo4j_bolt_port": neo4j_settings.local_neo4j_bolt_port + 9,
            "import_reports_dir": home / "reports",
        }
    )
    yield settings
    LocalNeo4j.from_settings(settings).stop()


@pytest.fixture
def bulk_driver(bulk_settings: Settings) -> Iterator[neo4j.Driver]:
    """A driver to the bulk server (started if it is not running)."""
    LocalNeo4j.from_settings(bulk_settings).start(resolve_target(bulk_settings).password)
    driver = connect(bulk_settings)
    try:
        wait_until_ready(driver, deadline_s=180)
        yield driver
    finally:
        driver.close()


def _empty_bulk_server(settings: Settings) -> None:
    server = LocalNeo4j.from_settings(settings)
    if server.pid() is None:
        return
    driver = connect(settings)
    try:
        wipe_database(driver)
    finally:
        driver.close()


# -- comparing graphs ---------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    if hasattr(value, "iso_format"):
        return (type(value).__name__, value.iso_format())
    return value


def _node(labels: list[str], props: dict[str, Any]) -> tuple[Any, ...]:
    kept = tuple(sorted((k, _plain(v)) for k, v in props.items() if k not in GENERATED))
    return (tuple(sorted(labels)), kept)


def graph_of(driver: neo4j.Driver) -> tuple[Counter[Any], Counter[Any]]:
    """Every node and relationship, as comparable values, without runs, audit and clock."""
    records, _, _ = driver.execute_query(
        "MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props"
    )
    nodes = {
        r["id"]: _node(r["labels"], r["props"])
        for r in records
        if not LEFT_OUT_LABELS & set(r["labels"])
    }
    records, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN elementId(a) AS a, type(r) AS type, properties(r) AS props, "
        "elementId(b) AS b"
    )
    rels = Counter(
        (nodes[r["a"]], r["type"], _node([], r["props"])[1], nodes[r["b"]])
        for r in records
        if r["a"] in nodes and r["b"] in nodes
    )
    return Counter(nodes.values()), rels


def _differences(row: Counter[Any], bulk: Counter[Any]) -> str:
    only_row, only_bulk = sorted(map(repr, row - bulk)), sorted(map(repr, bulk - row))
    return f"only row by row: {only_row[:2]}\nonly in the bulk load: {only_bulk[:2]}"


def assert_same_graph(row: neo4j.Driver, bulk: neo4j.Driver) -> None:
    nodes_a, rels_a = graph_of(row)
    nodes_b, rels_b = graph_of(bulk)
    assert sum(nodes_a.values()) > 0
    assert nodes_a == nodes_b, _differences(nodes_a, nodes_b)
    assert rels_a == rels_b, _differences(rels_a, rels_b)


def _schema(driver: neo4j.Driver) -> set[tuple[str, str]]:
    records, _, _ = driver.execute_query("SHOW INDEXES YIELD name, state")
    return {(r["name"], r["state"]) for r in records}


def _problems(folder: Path) -> list[tuple[str, ...]]:
    """Every rejects report line under a folder (file, line, column, value, reason, outcome)."""
    lines = []
    for report in sorted(folder.rglob("*.rejects.csv")):
        with report.open(encoding="utf-8", newline="") as handle:
            lines += [tuple(row.values()) for row in csv.DictReader(handle)]
    return sorted(lines)


# -- the town world, both ways ------------------------------------------------------------------
def test_a_bulk_load_of_the_town_world_builds_the_same_graph_as_row_by_row_imports(
    clean_driver: neo4j.Driver,
    neo4j_settings: Settings,
    bulk_settings: Settings,
    tmp_path: Path,
) -> None:
    town = tmp_path / "town"
    generate("town", 2, town)
    import_partner_folders(clean_driver, town, neo4j_settings, rejects_dir=tmp_path / "row")

    outcome = bulk_import(
        bulk_settings, LOADER, partner_folders(town), rejects_dir=tmp_path / "bulk"
    )

    driver = connect(bulk_settings)
    try:
        assert_same_graph(clean_driver, driver)
        assert _schema(driver) == _schema(clean_driver)  # every constraint and index, online
        assert graph_counts(driver)[0] > outcome.nodes  # and the runs, audit and place merges
        runs, _, _ = driver.execute_query("MATCH (r:ImportRun) RETURN count(r) AS n")
        assert runs[0]["n"] == sum(len(s.files) for s in outcome.summaries.values())
    finally:
        driver.close()
    assert _problems(tmp_path / "row") == _problems(tmp_path / "bulk")
    assert outcome.places is not None and outcome.places.automatic_merges > 0


# -- partner files written by hand --------------------------------------------------------------
def _police(folder: Path) -> None:
    write_csv(
        folder / "locations.csv",
        [
            {
                "agency": "police",
                "source_ref": "L1",
                "name": "Star Hotel",
                "kind": "hotel",
                "postcode": "S1 2AB",
            },
            {
                "agency": "police",
                "source_ref": "L2",
                "name": "Bus station",
                "kind": "transport",
                "postcode": "",
            },
        ],
    )
    write_csv(
        folder / "people.csv",
        [
            {
                "agency": "police",
                "source_ref": "P1",
                "role": "young_person",
                "first_name": "Amy",
                "last_name": "Example",
                "aliases": "",
                "date_of_birth": "01/02/2011",
                "gender": "F",
                "risk_level": "high",
            },
            {
                "agency": "police",
                "source_ref": "P2",
                "role": "associate",
                "first_name": "Dan",
                "last_name": "Sample",
                "aliases": "Danny;D",
                "date_of_birth": "",
                "gender": "M",
                "risk_level": "",
            },
            # A typo in an optional field: the row lands without the date, reported.
            {
                "agency": "police",
                "source_ref": "P3",
                "role": "young_person",
                "first_name": "Cara",
                "last_name": "Test",
                "aliases": "",
                "date_of_birth": "31/02/2010",
                "gender": "F",
                "risk_level": "",
            },
        ],
    )
    write_csv(
        folder / "intelligence.csv",
        [
            {
                "agency": "police",
                "source_ref": "I1",
                "reported_at": "01/03/2025 21:15",
                "category": "sighting",
                "summary": 'Seen at the "Star" with P2',
                "source_evaluation": "1",
                "intelligence_assessment": "B",
                "handling_code": "P",
                "handling_conditions": "",
                "people": "P1;P2",
                "locations": "L1",
                "vehicles": "AB12 CDE",
                "phones": "07700 900123",
                "online_accounts": "snapchat:@amy",
            },
            # P9 is sent later (pending), L9 never (a pending location).
            {
                "agency": "police",
                "source_ref": "I2",
                "reported_at": "02/03/2025",
                "category": "sighting",
                "summary": "Line one\nline two",
                "source_evaluation": "2",
                "intelligence_assessment": "C",
                "handling_code": "P",
                "handling_conditions": "",
                "people": "P9;P1",
                "locations": "L9",
                "vehicles": "",
                "phones": "",
                "online_accounts": "",
            },
            # Rejected: no summary.
            {
                "agency": "police",
                "source_ref": "I3",
                "reported_at": "02/03/2025",
                "category": "sighting",
                "summary": "",
                "source_evaluation": "2",
                "intelligence_assessment": "C",
                "handling_code": "P",
                "handling_conditions": "",
                "people": "P1",
                "locations": "",
                "vehicles": "",
                "phones": "",
                "online_accounts": "",
            },
        ],
    )
    # A second file: I1 again, changed (its links are rebuilt), I2 again unchanged.
    write_csv(
        folder / "intelligence_update.csv",
        [
            {
                "agency": "police",
                "source_ref": "I1",
                "reported_at": "01/03/2025 21:15",
                "category": "sighting",
                "summary": "Seen at the Star Hotel with P2, corrected",
                "source_evaluation": "1",
                "intelligence_assessment": "B",
                "handling_code": "P",
                "handling_conditions": "",
                "people": "P2",
                "locations": "L2",
                "vehicles": "",
                "phones": "07700 900123",
                "online_accounts": "",
            },
        ],
    )
    write_csv(
        folder / "missing_episodes.csv",
        [
            {
                "agency": "police",
                "source_ref": "M1",
                "person_ref": "P1",
                "reported_missing_at": "05/03/2025 23:00",
                "returned_at": "06/03/2025 09:30",
                "found_location_ref": "L1",
                "missing_with": "P3;P1",
            },
            {
                "agency": "police",
                "source_ref": "M2",
                "person_ref": "P9",
                "reported_missing_at": "07/03/2025",
                "returned_at": "",
                "found_location_ref": "",
                "missing_with": "",
            },
        ],
    )


def _council(folder: Path) -> None:
    write_csv(
        folder / "people.csv",
        [
            {
                "agency": "childrens_social_care",
                "source_ref": "100234",
                "role": "young_person",
                "first_name": "Bea",
                "last_name": "Example",
                "aliases": "",
                "date_of_birth": "2010-05-06",
                "gender": "F",
                "looked_after": "yes",
            },
        ],
    )
    write_csv(
        folder / "ssd_person.csv",
        [
            {
                "pers_person_id": "100234",
                "pers_sex": "F",
                "pers_dob": "2010-05-06",
                "pers_common_child_id": "9434765919",
                "pers_ethnicity": "WBRI",
                "pers_upn": "A123",
            },
            {
                "pers_person_id": "100777",
                "pers_sex": "M",
                "pers_dob": "2009-11-30",
                "pers_common_child_id": "",
                "pers_ethnicity": "",
                "pers_upn": "",
            },
        ],
    )
    write_csv(
        folder / "ssd_missing.csv",
        [
            {
                "miss_table_id": "1",
                "miss_la_person_id": "100234",
                "miss_mis_epi_start": "2025-03-01 22:00",
                "miss_mis_epi_type": "M",
                "miss_mis_epi_end": "2025-03-02 08:00",
                "miss_mis_epi_rhi_offered": "Yes",
                "miss_mis_epi_rhi_accepted": "No",
            },
            {
                "miss_table_id": "2",
                "miss_la_person_id": "100999",
                "miss_mis_epi_start": "2025-03-05",
                "miss_mis_epi_type": "A",
                "miss_mis_epi_end": "",
                "miss_mis_epi_rhi_offered": "",
                "miss_mis_epi_rhi_accepted": "",
            },
        ],
    )


def _school(folder: Path) -> None:
    folder.mkdir(parents=True)
    rows = [
        {
            "agency": "education",
            "source_ref": "E-7",
            "role": "young_person",
            "first_name": "Amy",
            "last_name": "Example",
            "date_of_birth": "2011-02-01",
        },
        {"agency": "education", "source_ref": "E-8", "role": "young_person", "first_name": "Zoe"},
    ]
    (folder / "people.jsonl").write_text(
        "".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8"
    )


def test_hand_written_partner_folders_land_the_same_both_ways(
    clean_driver: neo4j.Driver,
    neo4j_settings: Settings,
    bulk_settings: Settings,
    tmp_path: Path,
) -> None:
    root = tmp_path / "partners-send"
    _police(root / "police")
    _council(root / "childrens_social_care")
    _school(root / "education")
    import_partner_folders(clean_driver, root, neo4j_settings, rejects_dir=tmp_path / "row")
    _empty_bulk_server(bulk_settings)

    outcome = bulk_import(bulk_settings, LOADER, partner_folders(root), rejects_dir=tmp_path / "b")

    police = {f.path.name: f for f in outcome.summaries["police"].files}
    assert (police["intelligence.csv"].landed, police["intelligence.csv"].rejected) == (2, 1)
    assert police["intelligence.csv"].pending_refs == 2  # P9 and L9
    assert police["intelligence_update.csv"].changed == 1
    driver = connect(bulk_settings)
    try:
        assert_same_graph(clean_driver, driver)
        records, _, _ = driver.execute_query(
            "MATCH (i:Intelligence {intel_id: 'police/I1'})-[:MENTIONS]->(n) RETURN i.summary AS "
            "summary, collect(coalesce(n.display_name, n.name, n.e164)) AS ends"
        )
        assert sorted(records[0]["ends"]) == ["+447700900123", "Bus station", "Dan Sample"]
        assert records[0]["summary"] == "Seen at the Star Hotel with P2, corrected"
        aliases, _, _ = driver.execute_query(
            "MATCH (r:AgencyRecord {record_key: 'police/P1'}) RETURN r.aliases AS aliases"
        )
        assert aliases[0]["aliases"] == []  # an empty list, as a transaction stores it
    finally:
        driver.close()
    assert _problems(tmp_path / "row") == _problems(tmp_path / "b")


# -- refusals -----------------------------------------------------------------------------------
def test_a_bulk_import_into_a_database_holding_anything_is_refused_and_changes_nothing(
    bulk_settings: Settings, tmp_path: Path, bulk_driver: neo4j.Driver
) -> None:
    bulk_driver.execute_query("CREATE (:User {username: 'dpo'})")
    before = graph_counts(bulk_driver)
    folder = tmp_path / "police"
    write_csv(
        folder / "people.csv", [{"agency": "police", "source_ref": "P1", "role": "associate"}]
    )

    with pytest.raises(ValidationFailed, match="only loads an empty one"):
        bulk_import(bulk_settings, LOADER, [folder])

    assert graph_counts(bulk_driver) == before


def test_a_bulk_import_is_refused_for_a_server_the_project_does_not_run(
    bulk_settings: Settings, tmp_path: Path
) -> None:
    external = bulk_settings.model_copy(update={"neo4j_uri": "neo4j://db.council.example:7687"})
    folder = tmp_path / "police"
    folder.mkdir()
    with pytest.raises(ValidationFailed, match=r"NEO4J_URI points at neo4j://db\.council\.example"):
        bulk_import(external, LOADER, [folder])


@pytest.mark.parametrize(
    ("name", "reason"),
    [("Police Force", "name the folder 'police_force'"), ("police (2024)", "agency's code")],
)
def test_a_folder_not_named_by_an_agency_code_is_refused_before_anything_runs(
    bulk_settings: Settings, tmp_path: Path, name: str, reason: str
) -> None:
    folder = tmp_path / name
    folder.mkdir()
    with pytest.raises(ValidationFailed, match=reason):
        bulk_import(bulk_settings, LOADER, [folder])


def test_the_command_line_refuses_bulk_with_an_agency(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["import", "--bulk", str(tmp_path), "--agency", "police"])
    assert result.exit_code == 1
    assert "no --agency" in result.output


@pytest.mark.parametrize(
    "user",
    [
        User(
            username="ops.police",
            display_name="operational police officer",
            roles=frozenset({Role.OPERATIONAL}),
            agency="police",
            operations=frozenset({"OP-FERN"}),
        ),
        User(username="board", display_name="board member", roles=frozenset({Role.STRATEGIC})),
    ],
)
def test_only_those_who_may_import_can_replace_the_database_with_a_bulk_load(
    bulk_settings: Settings, tmp_path: Path, user: User
) -> None:
    folder = tmp_path / "police"
    write_csv(
        folder / "people.csv", [{"agency": "police", "source_ref": "P1", "role": "associate"}]
    )
    with pytest.raises(AccessDenied, match="may not import files"):
        bulk_import(bulk_settings, user, [folder])
    assert not (bulk_settings.import_reports_dir / "police").exists()  # nothing was read
