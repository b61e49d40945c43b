"""Small-number suppression marks for strategic outputs: counts 1-4 show as "<5", and a further
count is hidden as "[c]" where a "<5" could otherwise be worked out by subtraction."""

from __future__ import annotations

__all__ = ["SECONDARY", "SUPPRESSED", "THRESHOLD"]

SUPPRESSED = "<5"
"""Shown instead of a count from 1 to 4."""
SECONDARY = "[c]"
"""Marks a count of 5 or more hidden only so that a "<5" cell cannot be worked out."""
THRESHOLD = 5
"""Counts above zero and below this are suppressed."""
