"""A killed import leaves only whole batches, and running it again completes it exactly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import neo4j

from cseboard.config import Settings
from cseboard.store.admin import wipe_database
from cseboard.store.connection import resolve_target
from cseboard.store.reads import graph_counts
from support.partner_files import write_csv

ROWS = 6000
BATCH = 200


def _cli_env(settings: Settings) -> dict[str, str]:
    target = resolve_target(settings)
    env = dict(os.environ)
    env.update(
        NEO4J_URI=target.uri,
        NEO4J_USER=target.user,
        NEO4J_PASSWORD=target.password,
        NEO4J_DATABASE=target.database,
    )
    return env


def _intelligence_count(driver: neo4j.Driver) -> int:
    return int(driver.execute_query("MATCH (i:Intelligence) RETURN count(i) AS c").records[0]["c"])


def _import(path: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cseboard",
            "import",
            "--agency",
            "police",
            "--batch-size",
            str(BATCH),
            str(path),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_killed_import_resumes_to_the_same_graph(
    clean_driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    rows = [
        {
            "agency": "police",
            "source_ref": f"I-{n}",
            "reported_at": "01/02/2025 10:00",
            "category": "sighting",
            "summary": f"Report {n}",
            "source_evaluation": "1",
            "intelligence_assessment": "B",
            "handling_code": "P",
            "handling_conditions": "",
            "people": f"PN-{n % 300};PN-{(n * 7) % 300}",
            "locations": f"L-{n % 40}",
            "vehicles": "",
            "phones": f"07700 9{n % 500:05d}",
            "online_accounts": "",
        }
        for n in range(ROWS)
    ]
    path = write_csv(tmp_path / "intelligence.csv", rows)
    env = _cli_env(neo4j_settings)

    process = _import(path, env)
    deadline = time.monotonic() + 120
    while _intelligence_count(clean_driver) < BATCH * 3 and time.monotonic() < deadline:
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = _intelligence_count(clean_driver)
    assert partial % BATCH == 0, "only whole batches may be committed"
    assert partial < ROWS, "the import finished before it could be killed; raise ROWS"

    assert _import(path, env).wait(timeout=300) == 0
    resumed = graph_counts(clean_driver)
    assert _intelligence_count(clean_driver) == ROWS

    wipe_database(clean_driver)
    assert _import(path, env).wait(timeout=300) == 0
    assert graph_counts(clean_driver) == resumed
