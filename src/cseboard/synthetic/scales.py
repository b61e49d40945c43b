"""Target sizes of the synthetic worlds, so tests and benchmarks agree on what a scale means."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["SCALES", "ScaleSpec", "resolve_scale"]


class ScaleSpec(BaseModel):
    """Approximate counts of distinct real things in one shard, and how many shards to write.

    A shard is an independent area (one town, or a region of several towns). National scale is
    several region shards written one after another, which is what keeps its memory bounded.
    """

    model_config = ConfigDict(frozen=True)

    name: str
    shards: int
    towns_per_shard: int
    young_people: int
    associates: int
    locations: int
    intelligence: int
    missing_episodes: int
    groups: int

    def total(self, field: str) -> int:
        """Target over all shards (``young_people``, ``intelligence``, ...)."""
        return int(getattr(self, field)) * self.shards


_TOWN = ScaleSpec(
    name="town", shards=1, towns_per_shard=1, young_people=400, associates=150, locations=200,
    intelligence=5_000, missing_episodes=1_000, groups=6,
)
_REGION = ScaleSpec(
    name="region", shards=1, towns_per_shard=8, young_people=20_000, associates=5_000,
    locations=3_000, intelligence=200_000, missing_episodes=30_000, groups=150,
)
_NATIONAL = _REGION.model_copy(update={"name": "national", "shards": 10})

SCALES: dict[str, ScaleSpec] = {s.name: s for s in (_TOWN, _REGION, _NATIONAL)}


def resolve_scale(scale: str) -> ScaleSpec:
    """The spec for a scale name; unknown names fail with the choices, not a KeyError."""
    key = str(scale).strip().lower()
    if key not in SCALES:
        raise ValueError(f"unknown scale {scale!r} (one of {', '.join(SCALES)})")
    return SCALES[key]
