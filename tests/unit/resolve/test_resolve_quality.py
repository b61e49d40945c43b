"""Quality on a synthetic town: precision and recall against truth.json at the default threshold."""

from __future__ import annotations

from pathlib import Path

import pytest

from cseboard.bench.resolve import (
    place_figures,
    profiles_from_files,
    truth_pairs,
    truth_place_pairs,
)
from cseboard.resolve.candidates import find_candidates
from cseboard.resolve.evaluate import pair_metrics
from cseboard.resolve.places import PlaceSettings
from cseboard.resolve.settings import ResolveSettings
from cseboard.synthetic import generate


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("resolve-town")
    generate("town", 11, root)
    return root


def test_town_candidates_meet_the_targets(town: Path) -> None:
    config = ResolveSettings()
    profiles, _ = profiles_from_files(town)
    found = find_candidates(profiles, weights=config.weights, threshold=config.review_threshold)
    predicted = [(a, b) for c in found.candidates for a in c.records_a for b in c.records_b]
    metrics = pair_metrics(predicted, truth_pairs(town))
    assert metrics.precision >= 0.98, metrics
    assert metrics.recall >= 0.90, metrics


def test_town_places_meet_the_targets(town: Path) -> None:
    """Places resolved (automatic merges plus every review candidate) against truth."""
    _, places = profiles_from_files(town)
    figures = place_figures(places, truth_place_pairs(town), PlaceSettings())
    assert figures["places_precision"] >= 0.98, figures
    assert figures["places_recall"] >= 0.90, figures
    assert figures["places_auto_precision"] >= 0.99, figures
