"""Small-number suppression for strategic outputs: counts 1-4 show as "<5", and totals too
where a suppressed cell could otherwise be worked out by subtraction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = ["SECONDARY", "SUPPRESSED", "suppress_count", "suppress_row"]

SUPPRESSED = "<5"
SECONDARY = "[c]"
"""Marks a count of 5 or more hidden only so that a "<5" cell cannot be worked out."""
THRESHOLD = 5


def suppress_count(count: int) -> str:
    """Zero and counts of 5 or more are shown; 1-4 become ``<5``.

    Examples
    --------
    >>> [suppress_count(n) for n in (0, 1, 4, 5, 12)]
    ['0', '<5', '<5', '5', '12']
    """
    return SUPPRESSED if 0 < count < THRESHOLD else str(count)


def suppress_row(
    cells: Mapping[str, int], *, total: int | None = None
) -> tuple[dict[str, str], str | None]:
    """Suppress a row of counts and its total so no suppressed cell can be recovered.

    Primary suppression hides cells 1-4 as ``<5``. If exactly one cell is hidden and the total is
    shown, that cell equals the total minus the others, so a second cell (the smallest shown
    non-zero one) is hidden as ``[c]``; if there is none, the total is hidden instead.

    Examples
    --------
    >>> suppress_row({"a": 3, "b": 10, "c": 7}, total=20)
    ({'a': '<5', 'b': '10', 'c': '[c]'}, '20')
    >>> suppress_row({"a": 3, "b": 0}, total=3)
    ({'a': '<5', 'b': '0'}, '<5')
    """
    shown = {k: suppress_count(v) for k, v in cells.items()}
    hidden = [k for k, v in shown.items() if v == SUPPRESSED]
    total_text = None if total is None else suppress_count(total)
    if total is not None and total_text != SUPPRESSED and len(hidden) == 1:
        candidates: Sequence[str] = sorted(
            (k for k, v in cells.items() if v > 0 and shown[k] != SUPPRESSED),
            key=lambda k: (cells[k], k),
        )
        if candidates:
            shown[candidates[0]] = SECONDARY
        else:
            total_text = SUPPRESSED
    return shown, total_text
