"""Places page: hotspots of the latest run on an offline map and in a table, heat matrix."""

from __future__ import annotations

import json

import neo4j
import pytest

from cseboard.config import Settings
from cseboard.models.users import Role
from cseboard.store.analysis_runs import AnalysisRunStore
from e2e.shared_town import TownRun, load_town_run
from support.board import page, user

LEAD = user("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
SCHOOL = user("ops.school", Role.OPERATIONAL, agency="education", operations=("OP-FERN",))


@pytest.fixture(scope="module")
def town_run(
    session_driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> TownRun:
    return load_town_run(session_driver, neo4j_settings, tmp_path_factory.mktemp("places"))


def test_hotspots_match_the_store_and_the_map_needs_no_internet(
    town_run: TownRun, session_driver: neo4j.Driver
) -> None:
    latest = AnalysisRunStore(session_driver).latest()
    assert latest is not None
    hotspots = latest.hotspots()
    at = page("places_page.py", LEAD)
    assert not at.exception
    assert not at.error
    assert {m.label: m.value for m in at.metric}["Hotspots"] == str(len(hotspots))
    table = next(f.value for f in at.dataframe if "Young people" in f.value.columns)
    assert list(table["Young people"]) == [len(h.young_people) for h in hotspots]
    assert list(table["Records"]) == [len(h.record_ids) for h in hotspots]
    [deck] = at.get("deck_gl_json_chart")
    spec = json.loads(deck.proto.json)
    # pydeck's "no style" marker: Streamlit then draws no base map (no tiles, no token).
    assert spec.get("mapStyle") == "__MAP_STYLE__"
    assert "http" not in deck.proto.json
    located = [h for h in hotspots if h.latitude is not None and h.longitude is not None]
    assert len(spec["layers"][0]["data"]) == len(located)


def test_a_place_has_a_weekday_hour_matrix_and_months(
    town_run: TownRun, session_driver: neo4j.Driver
) -> None:
    latest = AnalysisRunStore(session_driver).latest()
    assert latest is not None
    busiest = latest.hotspots()[1]
    at = page("places_page.py", LEAD)
    at.selectbox(key="places_choice").select_index(1).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Records"] == str(len(busiest.record_ids))
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2
    heat = json.loads(charts[0].proto.spec)
    mark = heat["mark"]["type"] if isinstance(heat["mark"], dict) else heat["mark"]
    assert mark == "rect"
    assert heat["encoding"]["x"]["field"] == "Hour" and heat["encoding"]["y"]["field"] == "Day"
    months = json.loads(charts[1].proto.spec)
    assert months["encoding"]["x"]["field"] == "Month"


@pytest.mark.parametrize(
    ("who", "message"),
    [
        (SCHOOL, "for the CSE practice lead"),
        (user("board", Role.STRATEGIC), "may not view network"),
        (user("admin", Role.ADMIN), "may not view network"),
    ],
    ids=["operational", "strategic", "admin"],
)
def test_other_roles_are_refused(town_run: TownRun, who: object, message: str) -> None:
    at = page("places_page.py", who)  # type: ignore[arg-type]
    assert not at.exception
    assert at.error and message in at.error[0].value
    assert not at.get("deck_gl_json_chart")
