"""Tables the duplicate people and duplicate places pages share: explanations and merges."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from cseboard.models.resolve import Contribution, MergeView

__all__ = ["explanation_frame", "merges_frame"]


def explanation_frame(
    contributions: Sequence[Contribution], fields: Mapping[str, str], unit: str
) -> pd.DataFrame:
    """Each field's agreement and what it adds (+) or takes away (−), in ``unit`` (the values
    compared only when the explanation carries them)."""
    frame = pd.DataFrame(
        [
            {
                "field": fields.get(c.field, c.field),
                "agreement": c.level.replace("_", " "),
                "values compared": c.values or "",
                unit: round(c.weight, 1),
                "meaning": c.detail,
            }
            for c in contributions
        ]
    )
    if not any(c.values for c in contributions):
        frame = frame.drop(columns=["values compared"], errors="ignore")
    return frame


def merges_frame(merges: Sequence[MergeView], *, relationships: bool = True) -> pd.DataFrame:
    """One row per merge: when, by whom, what was kept and absorbed, how, and its state."""
    return pd.DataFrame(
        [
            {
                "merge": m.merge_id,
                "when": m.at.strftime("%Y-%m-%d %H:%M"),
                "by": m.by,
                "kept": m.survivor,
                "absorbed": m.absorbed,
                "records moved": len(m.records),
                **({"relationships moved": m.relationships} if relationships else {}),
                "how": "automatic" if m.automatic else "confirmed",
                "status": m.status.value,
            }
            for m in merges
        ]
    )
