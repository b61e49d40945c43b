"""An installed wheel (not the checkout) finds its Cypher statements and runs one against Neo4j."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import neo4j
import pytest

from cseboard.config import Settings
from cseboard.store.connection import resolve_target

ROOT = Path(__file__).resolve().parents[2]

_RUN_INSTALLED = """
import json, os, sys
sys.path[:0] = [os.environ["WHEEL_TARGET"], os.environ["WHEEL_DEPS"]]
import neo4j
import cseboard
from importlib.resources import files
from cseboard.store.reads import graph_counts
driver = neo4j.GraphDatabase.driver(
    os.environ["WHEEL_NEO4J_URI"],
    auth=(os.environ["WHEEL_NEO4J_USER"], os.environ["WHEEL_NEO4J_PASSWORD"]),
)
try:
    counts = graph_counts(driver, database=os.environ["WHEEL_NEO4J_DATABASE"] or None)
finally:
    driver.close()
print(json.dumps({
    "package": cseboard.__file__,
    "statements": str(files("cseboard.cypher")),
    "counts": list(counts),
}))
"""


def _build_wheel(tmp: Path) -> Path:
    """Build from a copy of what the wheel is made of, so no stale ``build/`` leaks in."""
    source = tmp / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for folder in ("src", "cypher"):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            str(source),
            "-w",
            str(tmp / "dist"),
        ],
        check=True,
        cwd=tmp,
        timeout=600,
    )
    (wheel,) = (tmp / "dist").glob("cseboard-*.whl")
    return wheel


@pytest.mark.slow
def test_installed_wheel_runs_a_statement(
    tmp_path: Path, driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    wheel = _build_wheel(tmp_path)

    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n.removeprefix("cseboard/cypher/") for n in names if n.endswith(".cypher")}
    assert shipped == {p.name for p in (ROOT / "cypher").glob("*.cypher")}
    packages = {
        "cseboard/" + str(p.parent.relative_to(ROOT / "src" / "cseboard")) + "/__init__.py"
        for p in (ROOT / "src" / "cseboard").rglob("__init__.py")
    }
    missing = {p.replace("/./", "/") for p in packages} - names
    assert not missing, f"packages missing from pyproject's list: {sorted(missing)}"

    target = tmp_path / "target"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=600,
    )

    driver.execute_query("CREATE (:WheelCheck)-[:SEES]->(:WheelCheck)")
    where = resolve_target(neo4j_settings)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "WHEEL_TARGET": str(target),
        "WHEEL_DEPS": sysconfig.get_paths()["purelib"],
        "WHEEL_NEO4J_URI": where.uri,
        "WHEEL_NEO4J_USER": where.user,
        "WHEEL_NEO4J_PASSWORD": where.password,
        "WHEEL_NEO4J_DATABASE": where.database,
    }
    # -S: no site-packages .pth files, so the editable install's finder cannot supply the checkout;
    # the working directory is outside the repository, so src/ is nowhere on the path.
    done = subprocess.run(
        [sys.executable, "-S", "-c", _RUN_INSTALLED],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert Path(report["package"]).is_relative_to(target)
    assert Path(report["statements"]).is_relative_to(target)
    assert report["counts"] == [2, 1]
