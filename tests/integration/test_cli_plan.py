"""``cseboard plan`` and ``cseboard due`` against the real test server, as named users."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from cseboard.access.accounts import add_user
from cseboard.cli import app
from cseboard.config import Settings
from cseboard.models.users import Role
from cseboard.services.context import audit_log
from cseboard.store.connection import resolve_target
from cseboard.store.operations import OperationStore
from integration.test_plan import CAWN, PLAN_V1

runner = CliRunner()


@pytest.fixture(scope="module")
def cli(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    target = resolve_target(neo4j_settings)
    patch = pytest.MonkeyPatch()
    patch.setenv("NEO4J_URI", target.uri)
    patch.setenv("NEO4J_USER", target.user)
    patch.setenv("NEO4J_PASSWORD", target.password)
    folder = tmp_path_factory.mktemp("cli-plan")
    patch.chdir(folder)
    OperationStore(driver).upsert("OP-A", "Operation A", by="test")
    audit = audit_log(driver, neo4j_settings)
    add_user(
        driver,
        audit=audit,
        username="board",
        password=secrets.token_urlsafe(16),
        roles=[Role.STRATEGIC],
    )
    add_user(
        driver,
        audit=audit,
        username="ops.a",
        password=secrets.token_urlsafe(16),
        roles=[Role.OPERATIONAL],
        agency="police",
        operations=["OP-A"],
    )
    yield folder
    patch.undo()


def test_plan_import_reports_the_bad_row_and_exits_2(cli: Path) -> None:
    path = cli / "plan.csv"
    path.write_bytes(PLAN_V1.encode("utf-8"))
    result = runner.invoke(app, ["plan", "import", str(path)])
    assert result.exit_code == 2, result.output
    assert "4 rows read; 3 actions created, 0 updated, 0 unchanged, 1 row(s) rejected" in " ".join(
        result.output.split()
    )
    assert (cli / "plan.csv.rejects.csv").exists()


def test_plan_list_as_json_and_overdue(cli: Path) -> None:
    listed = runner.invoke(app, ["plan", "list", "--json", "--as", "board"])
    assert listed.exit_code == 0, listed.output
    plan = json.loads(listed.stdout)
    assert sum(plan["by_status"].values()) == 3
    overdue = json.loads(runner.invoke(app, ["plan", "list", "--overdue", "--json"]).stdout)
    titles = [a["text"] for o in overdue["objectives"] for a in o["actions"]]
    assert titles == ["Offer every return home interview within 72 hours"]


def test_plan_update_records_progress_and_refuses_the_board(cli: Path) -> None:
    done = runner.invoke(
        app, ["plan", "update", CAWN, "--status", "off track", "--note", "Court date moved"]
    )
    assert done.exit_code == 0, done.output
    assert f"{CAWN}: off_track" in done.output
    refused = runner.invoke(
        app, ["plan", "update", CAWN, "--status", "complete", "--note", "x", "--as", "board"]
    )
    assert refused.exit_code == 1 and "may not manage plan" in refused.output


def test_due_lists_everyone_for_the_practice_lead_and_refuses_others_lists(cli: Path) -> None:
    everyone = runner.invoke(app, ["due", "--json"])
    assert everyone.exit_code == 0, everyone.output
    assert json.loads(everyone.stdout)["everyone"] is True
    own = json.loads(runner.invoke(app, ["due", "--json", "--as", "ops.a"]).stdout)
    assert own["everyone"] is False and own["operations"] == []
    refused = runner.invoke(app, ["due", "--user", "board", "--as", "ops.a"])
    assert refused.exit_code == 1 and "practice lead" in refused.output
    table = runner.invoke(app, ["due"])
    assert table.exit_code == 0 and "Return home interviews" in table.output
