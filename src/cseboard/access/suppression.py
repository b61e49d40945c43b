"""Small-number suppression for strategic outputs: counts 1-4 show as "<5", and further counts
as "[c]" wherever a hidden count could otherwise be worked out from totals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cseboard.models.oversight import Cell

__all__ = ["SECONDARY", "SUPPRESSED", "THRESHOLD", "Grid", "Key"]

SUPPRESSED = "<5"
SECONDARY = "[c]"
"""Marks a count of 5 or more hidden only so that a "<5" cell cannot be worked out."""
THRESHOLD = 5
"""Counts from 1 to ``THRESHOLD - 1`` are never shown to strategic users."""


Key = tuple[str, str]


@dataclass
class Grid:
    """Counts with the linear relations between them, suppressed as a whole.

    A cell may be displayed or not: a complement (e.g. "episodes with no interview offered") is
    never shown, but it can be worked out as ``parent - shown children``, so it is protected as
    if it were. ``protect`` hides every displayed count of 1-4 and then, while any count of 1-4
    can still be derived through the relations (chains of them included), hides one more
    displayed cell of the relation that gives it away (the smallest non-zero child first).
    Hiding only ever grows, so it terminates.

    Examples
    --------
    >>> g = Grid()
    >>> for k, v in {"a": 3, "b": 10, "c": 7}.items():
    ...     g.add(("row", k), v)
    >>> g.add(("row", "total"), 20)
    >>> g.relate(("row", "total"), [("row", "a"), ("row", "b"), ("row", "c")])
    >>> [g.cell(("row", k)).text for k in ("a", "b", "c", "total")]
    ['<5', '10', '[c]', '20']
    """

    values: dict[Key, int] = field(default_factory=dict)
    displayed: set[Key] = field(default_factory=set)
    relations: list[tuple[Key, list[Key]]] = field(default_factory=list)
    suppress: bool = True
    _hidden: dict[Key, str] | None = None

    def add(self, key: Key, value: int, *, displayed: bool = True) -> None:
        self.values[key] = int(value)
        if displayed:
            self.displayed.add(key)
        self._hidden = None

    def relate(self, parent: Key, children: Sequence[Key]) -> None:
        """Record that ``parent`` is the sum of ``children`` (all must have been added)."""
        self.relations.append((parent, list(children)))
        self._hidden = None

    def _derivable(self, hidden: Mapping[Key, str]) -> tuple[set[Key], dict[Key, int]]:
        known = {k for k in self.displayed if k not in hidden}
        via: dict[Key, int] = {}
        changed = True
        while changed:
            changed = False
            for index, (parent, children) in enumerate(self.relations):
                unknown = [m for m in (parent, *children) if m not in known]
                if len(unknown) == 1:
                    known.add(unknown[0])
                    via[unknown[0]] = index
                    changed = True
        return known, via

    def protect(self) -> dict[Key, str]:
        """Displayed key → ``<5`` or ``[c]`` for every hidden cell."""
        if self._hidden is not None:
            return self._hidden
        hidden: dict[Key, str] = {}
        if not self.suppress:
            self._hidden = hidden
            return hidden
        small = {k for k, v in self.values.items() if 0 < v < THRESHOLD}
        for key in self.displayed & small:
            hidden[key] = SUPPRESSED
        for _ in range(len(self.values) + 1):
            known, via = self._derivable(hidden)
            leaks = sorted(
                k for k in small if k in known and (k in hidden or k not in self.displayed)
            )
            if not leaks:
                break
            self._break(leaks[0], hidden, via)
        self._hidden = hidden
        return hidden

    def _break(self, leak: Key, hidden: dict[Key, str], via: dict[Key, int]) -> None:
        target = leak
        for _ in range(len(self.relations) + 1):
            parent, children = self.relations[via[target]]
            open_children = [
                m for m in children if m in self.displayed and m not in hidden and m != target
            ]
            order = sorted(open_children, key=lambda m: (self.values[m] == 0, self.values[m], m))
            if parent in self.displayed and parent not in hidden and parent != target:
                order.append(parent)
            if order:
                hidden[order[0]] = SECONDARY
                return
            # Every other member is itself derived: cut the chain one step further back.
            target = next(m for m in (parent, *children) if m != target and m in via)
        raise AssertionError("suppression could not break a derivation")  # pragma: no cover

    def cell(self, key: Key) -> Cell:
        hidden = self.protect()
        if key in hidden:
            return Cell(value=None, text=hidden[key])
        value = self.values[key]
        return Cell(value=value, text=str(value))
