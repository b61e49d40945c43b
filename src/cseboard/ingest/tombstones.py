"""Erased records stay erased: an import skips a row whose person was erased, and reports it.

An erasure leaves a tombstone per agency record: a keyed hash (HMAC-SHA256) of agency and
source_ref, never the values themselves. The import hashes each person reference it meets the
same way: the person's own row is skipped, an episode of the erased child is skipped, and an
erased person named by a report or as a missing companion is left out of that row.
"""

from __future__ import annotations

import hashlib
import hmac

from cseboard.ingest.rejects import Outcome, Problem
from cseboard.models.exchange import ExchangeRow, IntelligenceRow, MissingEpisodeRow, PersonRow

__all__ = ["ERASED_REASON", "Erased", "screen", "tombstone"]

ERASED_REASON = "this person's record was erased from the board; the row was not imported"


def tombstone(key: bytes, agency: str, source_ref: str) -> str:
    """The tombstone of one agency record.

    Examples
    --------
    >>> tombstone(b"k", "police", "P-1") == tombstone(b"k", "police", "P-1")
    True
    >>> tombstone(b"k", "police", "P-1") != tombstone(b"k", "health", "P-1")
    True
    """
    return hmac.new(key, f"{agency}\x1f{source_ref}".encode(), hashlib.sha256).hexdigest()


class Erased:
    """The erased person references of one agency (tombstones checked with the key)."""

    def __init__(self, key: bytes, agency: str, hashes: set[str]) -> None:
        self._key = key
        self._agency = agency
        self._hashes = hashes

    def __contains__(self, source_ref: object) -> bool:
        if not self._hashes or not isinstance(source_ref, str):
            return False
        return tombstone(self._key, self._agency, source_ref) in self._hashes

    def __bool__(self) -> bool:
        return bool(self._hashes)


def screen(
    model: ExchangeRow, erased: Erased, *, file: str, line: int
) -> tuple[ExchangeRow | None, list[Problem]]:
    """The row as it may land (``None``: skipped), and the report lines saying why."""
    if not erased:
        return model, []
    if isinstance(model, PersonRow) and model.source_ref in erased:
        return None, [_skipped(file, line, "source_ref", model.source_ref)]
    if isinstance(model, MissingEpisodeRow):
        if model.person_ref in erased:
            return None, [_skipped(file, line, "person_ref", model.person_ref)]
        gone = [r for r in model.missing_with if r in erased]
        if gone:
            kept = [r for r in model.missing_with if r not in erased]
            return model.model_copy(update={"missing_with": kept}), [
                Problem(file, line, "missing_with", r, _LEFT_OUT, Outcome.ERASED) for r in gone
            ]
    if isinstance(model, IntelligenceRow):
        gone = [r for r in model.people if r in erased]
        if gone:
            kept = [r for r in model.people if r not in erased]
            return model.model_copy(update={"people": kept}), [
                Problem(file, line, "people", r, _LEFT_OUT, Outcome.ERASED) for r in gone
            ]
    return model, []


def _skipped(file: str, line: int, column: str, ref: str) -> Problem:
    return Problem(file, line, column, ref, ERASED_REASON, Outcome.ERASED)


_LEFT_OUT = "this person's record was erased from the board; the row landed without them"
