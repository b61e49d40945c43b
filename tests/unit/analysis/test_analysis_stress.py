"""Region-scale timing check (~25k people, 200k reports, 30k episodes); run with ``-m slow``.

pytest -m slow -s tests/unit/analysis/test_analysis_stress.py
"""

from __future__ import annotations

import time

import pytest

from cseboard.analysis.backend import run_analysis
from cseboard.analysis.clusters import clusters
from cseboard.analysis.projection import person_graph, person_location_graph
from cseboard.analysis.selection import select
from cseboard.models.analysis import AnalysisParams
from unit.analysis.region_stress import WINDOW_END, region_evidence

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _only_when_selected(request: pytest.FixtureRequest) -> None:
    if "slow" not in (request.config.getoption("-m") or ""):
        pytest.skip("region-scale timing: run with -m slow")


def test_region_scale_timings() -> None:
    began = time.perf_counter()
    evidence = region_evidence()
    built = time.perf_counter() - began
    t = time.perf_counter()
    sel = select(evidence, window_end=WINDOW_END)
    t_select = time.perf_counter() - t
    t = time.perf_counter()
    G = person_graph(sel)
    t_graph = time.perf_counter() - t
    t = time.perf_counter()
    person_location_graph(sel)
    t_places = time.perf_counter() - t
    t = time.perf_counter()
    found = clusters(G, seed=0)
    t_louvain = time.perf_counter() - t
    result = run_analysis(evidence, AnalysisParams(window_end=WINDOW_END))
    print(
        f"\nevidence: {len(evidence.persons)} people, {len(evidence.intelligence)} reports, "
        f"{len(evidence.episodes)} episodes (validated models built in {built:.1f} s)\n"
        f"person graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges\n"
        f"select {t_select:.2f} s, person_graph {t_graph:.2f} s, "
        f"person_location_graph {t_places:.2f} s, louvain {t_louvain:.2f} s "
        f"({len(found)} clusters)\n"
        f"run_analysis timings: {result.timings}\n"
        f"clusters {len(result.clusters)}, roles {len(result.roles)}, hotspots "
        f"{len(result.hotspots)}, alerts {len(result.alerts)}, indicators "
        f"{len(result.indicators)}"
    )
    assert G.number_of_nodes() == 25_000
    assert t_select + t_graph < 60
    assert result.clusters
