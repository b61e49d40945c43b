"""Small-number suppression for strategic outputs: counts 1-4 show as "<5", and further counts
as "[c]" wherever a hidden count could otherwise be worked out from totals and bounds."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from cseboard.models.oversight import Cell

__all__ = ["SECONDARY", "SUPPRESSED", "THRESHOLD", "Grid", "Key"]

SUPPRESSED = "<5"
SECONDARY = "[c]"
"""Marks a count (of any size) hidden so that no count of 1-4 can be worked out."""
THRESHOLD = 5
"""Counts from 1 to ``THRESHOLD - 1`` are never shown to strategic users."""


Key = tuple[str, str]


_OPEN = float("inf")


@dataclass
class Grid:
    """Counts with the linear relations between them, suppressed as a whole.

    A cell may be displayed or not: a complement (e.g. "episodes with no interview offered") is
    never shown, but it can be worked out as ``parent - shown children``, so it is protected as
    if it were. Besides sums (``relate``) the grid knows inequalities a reader knows too
    (``at_most``: distinct children are at most the episodes, a period's children at most the
    sum of its months').

    ``protect`` reasons as an attacker would: a shown count is known, ``<5`` is 1 to 4, ``[c]``
    and never-shown counts are any count from 0. It narrows every count's possible range
    through the relations until nothing changes (interval propagation); while a count of 1-4 is
    left with a single possible value, it hides one more cell of the relation that pinned it (a
    shown cell as ``[c]``, the smallest non-zero first; where every other cell of the relation
    is hidden already, a ``<5`` becomes ``[c]``, which no longer says "at most 4"). Hiding only
    ever grows, so it terminates.

    A list shown largest first (``ordered``: the 20 most-missing children and their total) says
    more than its pairwise inequalities: with the total, the order can pin hidden counts that
    no single relation pins (six ``<5`` cells before a smaller one, whose sum is 27 or 28, are
    all 4). Such a list is also checked exactly (every order-respecting assignment of its
    cells' ranges), and a shown cell of it hidden while that finds a count of 1-4 pinned.

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
    bounds: list[tuple[Key, list[Key]]] = field(default_factory=list)
    lists: list[tuple[Key, list[Key]]] = field(default_factory=list)
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

    def at_most(self, small: Key, parts: Sequence[Key]) -> None:
        """Record that ``small`` is at most the sum of ``parts`` (all must have been added)."""
        self.bounds.append((small, list(parts)))
        self._hidden = None

    def ordered(self, parent: Key, children: Sequence[Key]) -> None:
        """Record that ``parent`` is the sum of ``children``, shown largest first (each child
        at most the one before it), as a reader of the list knows."""
        keys = list(children)
        self.relate(parent, keys)
        for before, after in pairwise(keys):
            self.at_most(after, [before])
        self.lists.append((parent, keys))

    def _constraints(self) -> list[tuple[list[tuple[int, Key]], float, float]]:
        """Every relation as ``low <= sum(sign * cell) <= high``."""
        found: list[tuple[list[tuple[int, Key]], float, float]] = []
        for parent, children in self.relations:
            found.append(([(1, parent), *((-1, c) for c in children)], 0.0, 0.0))
        for small, parts in self.bounds:
            found.append(([(1, small), *((-1, c) for c in parts)], -_OPEN, 0.0))
        return found

    def _ranges(
        self,
        hidden: Mapping[Key, str],
        constraints: list[tuple[list[tuple[int, Key]], float, float]],
        members: dict[Key, list[int]],
    ) -> tuple[dict[Key, tuple[float, float]], dict[Key, int]]:
        """Each count's possible range as an attacker can narrow it, and the constraint that
        narrowed it last."""
        ranges: dict[Key, tuple[float, float]] = {}
        for key, value in self.values.items():
            if key in self.displayed and key not in hidden:
                ranges[key] = (value, value)
            elif hidden.get(key) == SUPPRESSED:
                ranges[key] = (1, THRESHOLD - 1)
            else:
                ranges[key] = (0, _OPEN)
        via: dict[Key, int] = {}
        queue = list(range(len(constraints)))
        queued = set(queue)
        steps = 0
        while queue and steps < 200 * (len(constraints) + 1):
            steps += 1
            index = queue.pop()
            queued.discard(index)
            terms, low, high = constraints[index]
            spans = []
            for sign, key in terms:
                lo, hi = ranges[key]
                spans.append((lo, hi) if sign > 0 else (-hi, -lo))
            least = [lo for lo, _ in spans]
            most = [hi for _, hi in spans]
            least_sum, least_open = _finite_sum(least)
            most_sum, most_open = _finite_sum(most)
            for position, (sign, key) in enumerate(terms):
                # sign * x within [low - (most of the others), high - (least of the others)]
                others_most = _without(most_sum, most_open, most[position], _OPEN)
                others_least = _without(least_sum, least_open, least[position], -_OPEN)
                top = high - others_least
                bottom = low - others_most
                lo, hi = ranges[key]
                new_lo, new_hi = (bottom, top) if sign > 0 else (-top, -bottom)
                new_lo = lo if math.isinf(new_lo) else max(lo, math.ceil(new_lo))
                new_hi = hi if math.isinf(new_hi) else min(hi, math.floor(new_hi))
                if (new_lo, new_hi) != (lo, hi) and new_lo <= new_hi:
                    ranges[key] = (new_lo, new_hi)
                    via[key] = index
                    for other in members[key]:
                        if other not in queued:
                            queue.append(other)
                            queued.add(other)
        return ranges, via

    def protect(self) -> dict[Key, str]:
        """Displayed key → ``<5`` or ``[c]`` for every hidden cell."""
        if self._hidden is not None:
            return self._hidden
        hidden: dict[Key, str] = {}
        if not self.suppress:
            self._hidden = hidden
            return hidden
        small = sorted(k for k, v in self.values.items() if 0 < v < THRESHOLD)
        for key in small:
            if key in self.displayed:
                hidden[key] = SUPPRESSED
        constraints = self._constraints()
        members: dict[Key, list[int]] = {k: [] for k in self.values}
        for index, (terms, _, _) in enumerate(constraints):
            for _, key in terms:
                members[key].append(index)
        for _ in range(2 * len(self.values) + 1):
            ranges, via = self._ranges(hidden, constraints, members)
            leaks = [k for k in small if ranges[k][0] == ranges[k][1]]
            if not leaks:
                if self._break_lists(ranges, hidden):
                    continue
                break
            # Break every leak of this round through a different constraint, then look again.
            used: set[int] = set()
            for leak in leaks:
                if via.get(leak) in used:
                    continue
                used.add(via.get(leak, -1))
                self._break(leak, hidden, via, constraints, members)
        self._hidden = hidden
        return hidden

    def _break_lists(
        self, ranges: Mapping[Key, tuple[float, float]], hidden: dict[Key, str]
    ) -> bool:
        """Hide one more cell of the first ordered list whose order pins a count of 1-4."""
        for parent, children in self.lists:
            exact = _ordered_ranges([ranges[k] for k in children], ranges[parent])
            if exact is None:
                continue
            pinned = [
                k
                for k, (lo, hi) in zip(children, exact, strict=True)
                if lo == hi and 0 < self.values[k] < THRESHOLD
            ]
            if not pinned:
                continue
            shown = [
                (self.values[k] == 0, self.values[k], -i, k)
                for i, k in enumerate(children)
                if k in self.displayed and k not in hidden
            ]
            if shown:
                hidden[min(shown)[-1]] = SECONDARY
            elif parent in self.displayed and parent not in hidden:
                hidden[parent] = SECONDARY
            else:
                capped = [k for k in children if hidden.get(k) == SUPPRESSED]
                if not capped:  # pragma: no cover - a pinned small cell is a "<5" one
                    continue
                hidden[capped[0]] = SECONDARY
            return True
        return False

    def _break(
        self,
        leak: Key,
        hidden: dict[Key, str],
        via: dict[Key, int],
        constraints: list[tuple[list[tuple[int, Key]], float, float]],
        members: dict[Key, list[int]],
    ) -> None:
        # Walk back through what pinned the leak, nearest first. Hide a shown cell of a
        # breakdown (a total only when no breakdown cell is left: the headline stays shown), the
        # nearest and smallest non-zero first; where nothing is shown, widen a "<5".
        for everything in (False, True):
            if self._hide_near(leak, hidden, via, constraints, members, everything=everything):
                return
        if leak in self.displayed:
            hidden[leak] = SECONDARY
            return
        raise AssertionError("suppression could not break a derivation")  # pragma: no cover

    def _hide_near(
        self,
        leak: Key,
        hidden: dict[Key, str],
        via: dict[Key, int],
        constraints: list[tuple[list[tuple[int, Key]], float, float]],
        members: dict[Key, list[int]],
        *,
        everything: bool,
    ) -> bool:
        """Hide one cell near ``leak``: through the constraints that pinned it, or (with
        ``everything``) through every constraint around it. False when none was found."""
        queue = [(leak, 0)]
        seen: set[Key] = {leak}
        found: list[tuple[bool, int, bool, int, Key]] = []
        capped: list[tuple[int, int, Key]] = []
        while queue:
            target, depth = queue.pop(0)
            if everything:
                around = members[target]
            elif target in via:
                around = [via[target]]
            else:
                continue
            for index in around:
                self._scan(constraints[index][0], target, depth, hidden, seen, queue, found, capped)
        if found:
            # Around the pinning constraints a breakdown cell first; around everything the
            # nearest first (a far cell would not break this derivation).
            order = (lambda f: (f[1], f[0], f[2], f[3], f[4])) if everything else (lambda f: f)
            hidden[min(found, key=order)[-1]] = SECONDARY
            return True
        if capped:
            # "<5" says "at most 4": the nearest, largest such cell no longer says so.
            hidden[min(capped)[-1]] = SECONDARY
            return True
        return False

    def _scan(
        self,
        constraint: list[tuple[int, Key]],
        target: Key,
        depth: int,
        hidden: dict[Key, str],
        seen: set[Key],
        queue: list[tuple[Key, int]],
        found: list[tuple[bool, int, bool, int, Key]],
        capped: list[tuple[int, int, Key]],
    ) -> None:
        terms = [key for _, key in constraint]
        for k in terms:
            if k == target:
                continue
            if k in self.displayed and k not in hidden:
                found.append((k == terms[0], depth, self.values[k] == 0, self.values[k], k))
            elif hidden.get(k) == SUPPRESSED:
                capped.append((depth, -self.values[k], k))
            if k not in seen:
                seen.add(k)
                queue.append((k, depth + 1))
        if hidden.get(target) == SUPPRESSED:
            capped.append((depth, -self.values[target], target))

    def cell(self, key: Key) -> Cell:
        hidden = self.protect()
        if key in hidden:
            return Cell(value=None, text=hidden[key])
        value = self.values[key]
        return Cell(value=value, text=str(value))


_MAX_LIST_SUM = 200_000
"""Above this total an ordered list is not checked exactly (the check is linear in it)."""


def _ordered_ranges(
    cells: Sequence[tuple[float, float]], total: tuple[float, float]
) -> list[tuple[int, int]] | None:
    """Each cell's smallest and largest value over every non-increasing integer sequence within
    the cells' ranges whose sum lies within ``total``; ``None`` when not checked (an unbounded
    total) or when no sequence fits (the ranges came from a looser reasoning).

    Examples
    --------
    Six "<5" cells after a cell of 5 or 6, seven hidden cells summing with it to 33:

    >>> cells = [(5, 6)] + [(1, 4)] * 7
    >>> _ordered_ranges(cells, (33, 33))[1:]
    [(4, 4), (4, 4), (4, 4), (4, 4), (4, 4), (4, 4), (3, 4)]
    >>> _ordered_ranges([(1, 4), (1, 4)], (5, 5))
    [(3, 4), (1, 2)]
    """
    low_total, high_total = total
    if not cells or math.isinf(high_total) or high_total > _MAX_LIST_SUM:
        return None
    top = int(high_total)
    los = [max(0, int(lo)) for lo, _ in cells]
    his = [top if math.isinf(hi) else min(int(hi), top) for _, hi in cells]
    # The order alone: no cell above the one before it, none below the one after it.
    for i in range(1, len(cells)):
        his[i] = min(his[i], his[i - 1])
    for i in range(len(cells) - 2, -1, -1):
        los[i] = max(los[i], los[i + 1])
    if any(lo > hi for lo, hi in zip(los, his, strict=True)):
        return None
    mask = (1 << (top + 1)) - 1
    n = len(cells)
    # forward[i][v]: sums of cells 0..i (bit s set) with cell i = v; backward likewise to the end
    forward: list[dict[int, int]] = []
    for i in range(n):
        row: dict[int, int] = {}
        carried = 0
        previous = forward[i - 1] if i else None
        for v in range(his[i], los[i] - 1, -1):
            if previous is None:
                row[v] = (1 << v) & mask
            else:
                carried |= previous.get(v, 0) if v < his[i] else _at_least(previous, v)
                row[v] = (carried << v) & mask
        forward.append(row)
    backward: list[dict[int, int]] = [{} for _ in range(n)]
    for i in range(n - 1, -1, -1):
        carried = 0
        following = backward[i + 1] if i + 1 < n else None
        for v in range(los[i], his[i] + 1):
            if following is None:
                backward[i][v] = (1 << v) & mask
            else:
                carried |= following.get(v, 0) if v > los[i] else _at_most_of(following, v)
                backward[i][v] = (carried << v) & mask
    low = max(0, math.ceil(low_total))
    found: list[tuple[int, int]] = []
    for i in range(n):
        fits = [
            v
            for v in range(los[i], his[i] + 1)
            if _meets(forward[i].get(v, 0), backward[i].get(v, 0), v, low, top)
        ]
        if not fits:
            return None
        found.append((min(fits), max(fits)))
    return found


def _at_least(row: Mapping[int, int], v: int) -> int:
    """The union of ``row``'s sums for values ``v`` and above."""
    union = 0
    for value, sums in row.items():
        if value >= v:
            union |= sums
    return union


def _at_most_of(row: Mapping[int, int], v: int) -> int:
    """The union of ``row``'s sums for values ``v`` and below."""
    union = 0
    for value, sums in row.items():
        if value <= v:
            union |= sums
    return union


def _meets(before: int, after: int, v: int, low: int, high: int) -> bool:
    """Whether a prefix sum (bits of ``before``, ending with ``v``) and a suffix sum (bits of
    ``after``, starting with ``v``) make a total within ``[low, high]``."""
    if not before or not after:
        return False
    s = before
    while s:
        bit = s & -s
        prefix = bit.bit_length() - 1
        s ^= bit
        lo, hi = low - prefix + v, high - prefix + v
        if hi < 0:
            break
        window = after >> max(lo, 0)
        if window and (window & ((1 << (hi - max(lo, 0) + 1)) - 1)):
            return True
    return False


def _finite_sum(values: list[float]) -> tuple[float, int]:
    """(sum of the finite values, how many are infinite)."""
    total = 0.0
    infinite = 0
    for value in values:
        if math.isinf(value):
            infinite += 1
        else:
            total += value
    return total, infinite


def _without(total: float, infinite: int, own: float, endless: float) -> float:
    """The sum of the other terms of a list: ``total`` (its finite terms) less ``own``;
    ``endless`` (the list's infinity) when another term is infinite."""
    if math.isinf(own):
        return total if infinite == 1 else endless
    return endless if infinite else total - own
