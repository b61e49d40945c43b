"""Browser tests: the whole board served by Streamlit, driven by Debian's Chromium (Playwright).

The board runs as a subprocess on a free loopback port against the test Neo4j, with the town
demo, demo users and two analysis runs loaded. Chromium is launched from ``/usr/bin/chromium``
(Playwright never downloads a browser here); the tests skip, saying so, when it is absent.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from cseboard.config import Settings
from e2e.shared_town import TownRun, load_town_run

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium) - no browser tests")
    return CHROMIUM


@pytest.fixture(scope="module")
def town(
    chromium: Path,
    session_driver: neo4j.Driver,
    neo4j_settings: Settings,
    tmp_path_factory: pytest.TempPathFactory,
) -> TownRun:
    return load_town_run(session_driver, neo4j_settings, tmp_path_factory.mktemp("e2e"))


@pytest.fixture(scope="module")
def board_url(town: TownRun, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``streamlit run streamlit_app.py`` on a free loopback port, until the module ends."""
    port = _free_port()
    log = tmp_path_factory.mktemp("board-log") / "streamlit.log"
    # NEO4J_* set by point_board_at; the board keeps results per user as in production (the
    # browser tests change no record behind its back).
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "RESULT_CACHE_ENTRIES": "24"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "streamlit_app.py",
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.fileWatcherType",
                "none",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the board did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()
