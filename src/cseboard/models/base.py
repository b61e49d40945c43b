"""The one pydantic base of the board's read and domain models: strict and immutable."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["FrozenModel"]


class FrozenModel(BaseModel):
    """Unknown fields are an error (a typo never passes silently) and instances are frozen.

    Frozen models are hashable and can be cached and shared between page runs without one
    caller changing what another sees.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
