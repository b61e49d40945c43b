"""Thresholds and weights of entity resolution, from ``CSEBOARD_RESOLVE_*`` variables."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from cseboard.resolve.scoring import MatchWeights

__all__ = ["ResolveSettings"]


class ResolveSettings(BaseSettings):
    """Configuration of the search for duplicate people.

    Attributes
    ----------
    review_threshold:
        Match weight (bits) at or above which a pair is proposed to the practice lead. 4 bits is
        odds of 16 to 1 (probability about 0.94).
    auto_merge:
        Whether pairs at or above ``auto_merge_threshold`` are merged without review (they are
        still listed, audited and can be un-merged).
    auto_merge_threshold:
        Very high on purpose: only pairs whose valid NHS numbers agree can reach it, and only
        when names and date of birth do not disagree.
    max_block:
        Blocks larger than this are skipped by blocking (see ``resolve.blocking``).
    weights:
        The comparison weights (``MatchWeights``); set as JSON in ``CSEBOARD_RESOLVE_WEIGHTS``.
    """

    model_config = SettingsConfigDict(
        env_prefix="CSEBOARD_RESOLVE_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    review_threshold: float = 4.0
    auto_merge: bool = True
    auto_merge_threshold: float = 30.0
    max_block: int = 400
    weights: MatchWeights = Field(default_factory=MatchWeights)
