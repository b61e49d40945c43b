"""Grading mixes: planted intelligence is mostly well graded, noise weaker, false links graded E.

Old police and social-care records come in the legacy 5x5x5 system, as they do in real archives.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

__all__ = ["CONDITIONS", "Grader", "GradingCells"]

GradingCells = tuple[str, str, str, str]
"""source_evaluation, intelligence_assessment, handling_code, handling_conditions."""

CONDITIONS: tuple[str, ...] = (
    "share_with: police; childrens_social_care",
    "share_with: police",
    "share_with: childrens_social_care; health",
    "share_with: police; childrens_social_care; health",
    "share_with: police; youth_offending",
)
"""Structured handling conditions (``models.handling``): the agencies besides the holder."""
_PLANTED = (("1", "A"), ("1", "B"), ("2", "B"), ("2", "C"), ("1", "C"), ("2", "A"))
_PLANTED_W = (20, 25, 25, 20, 5, 5)
_NOISE = (("2", "C"), ("2", "B"), ("1", "B"), ("3", "C"), ("3", "D"), ("2", "D"), ("1", "A"),
          ("2", "A"), ("1", "C"), ("3", "B"))
_NOISE_W = (25, 15, 10, 12, 6, 8, 6, 6, 6, 6)
_LEGACY_GOOD = (("A", "1", "1"), ("B", "2", "1"), ("B", "3", "1"), ("A", "2", "2"),
                ("B", "2", "3"), ("B", "3", "4"), ("C", "3", "1"), ("B", "4", "1"))
_LEGACY_NOISE = (("C", "3", "1"), ("D", "3", "2"), ("E", "4", "1"), ("B", "3", "1"),
                 ("C", "4", "2"), ("A", "2", "1"))
_LEGACY_AGENCIES = frozenset({"police", "childrens_social_care"})


class Grader:
    """Picks gradings; records older than ``legacy_before`` may be in 5x5x5."""

    def __init__(self, end: datetime) -> None:
        self.legacy_before = end - timedelta(days=540)

    def _legacy(self, rng: random.Random, agency: str, when: datetime) -> bool:
        return agency in _LEGACY_AGENCIES and when < self.legacy_before and rng.random() < 0.6

    def _handling(self, rng: random.Random, share_c: float) -> tuple[str, str]:
        if rng.random() < share_c:
            return "C", rng.choice(CONDITIONS)
        return "P", ""

    def planted(self, rng: random.Random, agency: str, when: datetime) -> GradingCells:
        if self._legacy(rng, agency, when):
            se, ia, hc = rng.choice(_LEGACY_GOOD)
            return se, ia, hc, rng.choice(CONDITIONS) if hc in "345" and rng.random() < 0.5 else ""
        se, ia = rng.choices(_PLANTED, weights=_PLANTED_W)[0]
        return (se, ia, *self._handling(rng, 0.15))

    def noise(self, rng: random.Random, agency: str, when: datetime) -> GradingCells:
        if self._legacy(rng, agency, when):
            se, ia, hc = rng.choice(_LEGACY_NOISE)
            return se, ia, hc, ""
        se, ia = rng.choices(_NOISE, weights=_NOISE_W)[0]
        return (se, ia, *self._handling(rng, 0.08))

    def false(self, rng: random.Random, agency: str, when: datetime) -> GradingCells:
        """Suspected false or malicious: analysis must show it but never link on it."""
        if self._legacy(rng, agency, when):
            return "E", "5", "1", ""
        return rng.choice(("2", "3")), "E", "P", ""
