"""Board tests: town-scale demo data loaded once per module into the test Neo4j."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
import streamlit as st

from cseboard.config import Settings
from cseboard.services.demo_data import import_partner_folders, seed_demo_operation
from cseboard.synthetic import generate
from support.board import point_board_at


@pytest.fixture(scope="session")
def town_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("town-demo")
    generate("town", 5, root)
    return root


@pytest.fixture(scope="module")
def town(driver: neo4j.Driver, neo4j_settings: Settings, town_files: Path) -> Iterator[Path]:
    """The town demo imported (and its demo operation seeded) into an empty test database."""
    import_partner_folders(driver, town_files, neo4j_settings)
    seed_demo_operation(driver, town_files / "truth.json")
    point_board_at(neo4j_settings)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield town_files
    st.cache_resource.clear()
