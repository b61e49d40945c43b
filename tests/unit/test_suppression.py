"""Small-number suppression: counts 1-4 hidden, and no hidden count recoverable by differencing."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cseboard.access.suppression import SECONDARY, SUPPRESSED, Grid, Key
from cseboard.models.oversight import Cell, MonthlyTable, Series
from cseboard.reports.strategic import chart_frame, monthly_chart


def _row(cells: dict[str, int], total: int) -> tuple[dict[str, str], str]:
    grid = Grid()
    for name, value in cells.items():
        grid.add(("row", name), value)
    grid.add(("row", "total"), total)
    grid.relate(("row", "total"), [("row", name) for name in cells])
    return {k: grid.cell(("row", k)).text for k in cells}, grid.cell(("row", "total")).text


def test_counts_one_to_four_are_suppressed() -> None:
    grid = Grid()
    for n in range(7):
        grid.add(("n", str(n)), n)
    assert [grid.cell(("n", str(n))).text for n in range(7)] == [
        "0",
        "<5",
        "<5",
        "<5",
        "<5",
        "5",
        "6",
    ]


def test_a_single_hidden_cell_takes_a_second_one_with_it() -> None:
    shown, total = _row({"police": 3, "health": 12, "school": 7}, total=22)
    assert shown == {"police": SUPPRESSED, "health": "12", "school": SECONDARY}
    assert total == "22"


def test_differencing_a_total_cannot_recover_the_hidden_cell() -> None:
    cells = {"a": 2, "b": 40, "c": 9, "d": 0}
    shown, total = _row(cells, total=51)
    known = sum(int(v) for v in shown.values() if v.isdigit())
    hidden = [k for k, v in shown.items() if not v.isdigit()]
    assert total == "51"
    # The total minus the shown cells is the sum of at least two hidden cells, never one.
    assert len(hidden) >= 2
    assert 51 - known == sum(cells[k] for k in hidden)


def test_when_nothing_else_can_be_hidden_the_total_is() -> None:
    shown, total = _row({"a": 3, "b": 0}, total=3)
    assert shown == {"a": "<5", "b": "0"} and total in {"<5", "[c]"}
    shown, total = _row({"a": 3, "b": 0, "c": 5}, total=8)
    assert shown["a"] == "<5" and (shown["c"] != "5" or total != "8")


def _rhi_grid(values: list[tuple[int, int, int, int, int]]) -> Grid:
    """The return-home-interview family of the oversight service, over len(values) months."""
    grid = Grid()
    cols = [str(i) for i in range(len(values))]
    totals = [0] * 8
    for col, (episodes, offered, within, completed, declined) in zip(cols, values, strict=True):
        row = [
            episodes,
            offered,
            within,
            completed,
            declined,
            episodes - offered,
            offered - within,
            offered - completed - declined,
        ]
        _add_family(grid, col, row)
        totals = [t + v for t, v in zip(totals, row, strict=True)]
    _add_family(grid, "total", totals)
    for name in ("E", "O", "W", "C", "D", "notO", "late", "none"):
        grid.relate((name, "total"), [(name, c) for c in cols])
    return grid


def _add_family(grid: Grid, col: str, row: list[int]) -> None:
    names = ("E", "O", "W", "C", "D", "notO", "late", "none")
    for name, value in zip(names, row, strict=True):
        grid.add((name, col), value, displayed=not name.islower() or name == "E")
    grid.relate(("E", col), [("O", col), ("notO", col)])
    grid.relate(("O", col), [("W", col), ("late", col)])
    grid.relate(("O", col), [("C", col), ("D", col), ("none", col)])


def _determined(grid: Grid, hidden: dict[Key, str]) -> set[Key]:
    """Cells whose value follows from the shown cells and the relations (linear algebra)."""
    keys = sorted(grid.values)
    index = {k: i for i, k in enumerate(keys)}
    rows = []
    for parent, children in grid.relations:
        row = np.zeros(len(keys))
        row[index[parent]] = 1
        for child in children:
            row[index[child]] -= 1
        rows.append(row)
    for key in grid.displayed:
        if key not in hidden:
            row = np.zeros(len(keys))
            row[index[key]] = 1
            rows.append(row)
    base = np.array(rows)
    rank = np.linalg.matrix_rank(base)
    found = set()
    for key in keys:
        unit = np.zeros(len(keys))
        unit[index[key]] = 1
        if np.linalg.matrix_rank(np.vstack([base, unit])) == rank:
            found.add(key)
    return found


month = st.tuples(
    st.integers(0, 12), st.integers(0, 12), st.integers(0, 12), st.integers(0, 6), st.integers(0, 6)
).map(
    lambda t: (
        t[0] + t[1] + t[3] + t[4],  # episodes
        t[1] + t[3] + t[4],  # offered
        min(t[2], t[1] + t[3] + t[4]),  # within
        t[3],  # completed
        t[4],  # declined
    )
)


@settings(max_examples=60, deadline=None)
@given(st.lists(month, min_size=1, max_size=5))
def test_no_small_count_can_be_worked_out_from_what_is_shown(
    values: list[tuple[int, int, int, int, int]],
) -> None:
    grid = _rhi_grid(values)
    hidden = grid.protect()
    determined = _determined(grid, hidden)
    for key, value in grid.values.items():
        if 0 < value < 5:
            assert key not in determined, f"{key}={value} can be worked out"
        if key in grid.displayed:
            cell = grid.cell(key)
            assert cell.value in (None, value)
            if 0 < value < 5:
                # "<5", or "[c]" where "at most 4" would pin a count down with the others.
                assert cell.text in (SUPPRESSED, SECONDARY)


def test_exact_grids_hide_nothing() -> None:
    grid = _rhi_grid([(9, 3, 2, 1, 1)])
    grid.suppress = False
    assert grid.cell(("O", "0")) == Cell(value=3, text="3")


def test_charts_never_carry_a_hidden_count() -> None:
    table = MonthlyTable(
        key="t",
        title="Test",
        unit="episodes",
        months=["2026-01", "2026-02"],
        series=[
            Series(
                key="e",
                label="Episodes",
                cells=[Cell(value=None, text="<5"), Cell(value=12, text="12")],
            )
        ],
    )
    frame = chart_frame(table)
    assert frame["value"].isna().tolist() == [True, False]
    spec = monthly_chart(table).to_dict()
    values = [row for data in spec["datasets"].values() for row in data]
    assert {"month": "2026-01", "series": "Episodes", "value": None, "label": "<5"} in values
    assert all(row.get("value") in (None, 12) for row in values)


def _ordered_grid(values: list[int]) -> Grid:
    """A most-missing list (largest first) and its total, as the oversight service adds them."""
    grid = Grid()
    keys = [("top", str(i)) for i in range(len(values))]
    for key, value in zip(keys, values, strict=True):
        grid.add(key, value)
    grid.add(("top", "total"), sum(values))
    grid.ordered(("top", "total"), keys)
    return grid


def _attacker_range(grid: Grid, hidden: dict[Key, str], target: Key) -> tuple[float, float]:
    """The smallest and largest value of ``target`` an attacker can prove: integers, shown
    cells known, "<5" 1 to 4, "[c]" any count, the list in order and its total (scipy's MILP,
    independent of the grid's own reasoning)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    keys = sorted(grid.values)
    index = {k: i for i, k in enumerate(keys)}
    low, high = [], []
    for k in keys:
        if k in grid.displayed and k not in hidden:
            low.append(grid.values[k])
            high.append(grid.values[k])
        elif hidden.get(k) == SUPPRESSED:
            low.append(1)
            high.append(4)
        else:
            low.append(0)
            high.append(10**6)
    rows, lows, highs = [], [], []
    for parent, children in grid.relations:
        row = np.zeros(len(keys))
        row[index[parent]] = 1
        for child in children:
            row[index[child]] -= 1
        rows.append(row)
        lows.append(0)
        highs.append(0)
    for small, parts in grid.bounds:
        row = np.zeros(len(keys))
        row[index[small]] = 1
        for part in parts:
            row[index[part]] -= 1
        rows.append(row)
        lows.append(-np.inf)
        highs.append(0)
    constraints = LinearConstraint(np.array(rows), lows, highs)
    found = []
    for sign in (1.0, -1.0):
        c = np.zeros(len(keys))
        c[index[target]] = sign
        result = milp(
            c, constraints=constraints, bounds=Bounds(low, high), integrality=np.ones(len(keys))
        )
        assert result.status == 0, result.message
        found.append(sign * result.fun)
    return found[0], found[1]


def test_the_order_of_a_most_missing_list_cannot_pin_its_hidden_counts() -> None:
    """Found by the attacker test on the town data: with the total shown, six "<5" children
    before one more "<5" whose hidden sum can only be 27 or 28 were all 4 (the order says no
    later child has more), although no single relation pinned any of them."""
    values = [14, 7, 6, 6, 6, 6, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 4]
    grid = _ordered_grid(values)
    hidden = grid.protect()
    assert grid.cell(("top", "total")).text == "108"  # the headline stays
    for key, value in grid.values.items():
        if 0 < value < 5:
            low, high = _attacker_range(grid, hidden, key)
            assert low < high, f"{key}={value} can be worked out"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=2, max_size=12))
def test_no_small_count_of_an_ordered_list_can_be_worked_out(values: list[int]) -> None:
    grid = _ordered_grid(sorted(values, reverse=True))
    hidden = grid.protect()
    for key, value in grid.values.items():
        if 0 < value < 5:
            low, high = _attacker_range(grid, hidden, key)
            assert low < high, f"{key}={value} can be worked out from {values}"
