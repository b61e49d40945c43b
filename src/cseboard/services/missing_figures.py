"""The missing-children family of oversight figures, each defined once (``docs/kpis.md``).

Every figure of every column (month, quarter, financial year, range) goes into one grid with
the relations between them (a total and its breakdowns, a period and its months), so that
suppression covers them together: no hidden count from 1 to 4 can be worked out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from cseboard.access.pseudonyms import pseudonym
from cseboard.access.suppression import Grid, Key
from cseboard.analysis.episodes import Episode, interview_timing
from cseboard.models.oversight import Cell, MonthlyTable, Share, TopChild
from cseboard.services.oversight_tables import Column, month_of, monthly_table, share_of

__all__ = [
    "FIGURES",
    "TOP_CHILDREN",
    "MissingTables",
    "add_missing_figures",
    "missing_tables",
    "period_figures",
    "repeat_episodes",
]

TOP_CHILDREN = 20

FIGURES: dict[str, tuple[str, bool]] = {
    "missing_episodes": ("Missing episodes", True),
    "missing_children": ("Children missing", False),
    "away_episodes": ("Away episodes (absent without authorisation)", True),
    "away_children": ("Children away", False),
    "still_missing_episodes": ("Missing episodes with no return yet", True),
    "still_missing_children": ("Children still missing", False),
    "returned_missing_episodes": ("Returned missing episodes (interview due)", True),
    "rhi_offered": ("Interview offered", True),
    "rhi_not_offered": ("No interview offered", True),
    "rhi_offered_within": ("Offered within {hours} hours of return", True),
    "rhi_offered_late": ("Offered later than {hours} hours", True),
    "rhi_offered_time_unknown": ("Offered, time not recorded", True),
    "rhi_completed": ("Interview completed", True),
    "rhi_declined": ("Interview declined", True),
    "repeat_missing_children": ("Repeat-missing children", False),
    "cohort_missing_children": ("Missing children in an exploitation cohort", False),
    "top20_missing_episodes": ("Missing episodes of the 20 most-missing children", False),
}
"""Name → (label, adds up over months). The names are those of ``docs/kpis.md``."""

_HIDDEN_ADDITIVE = ("_rhi_no_outcome",)


def repeat_episodes(episodes: Iterable[Episode], count: int, window: timedelta) -> set[str]:
    """Keys of the missing episodes that are at least the child's ``count``-th missing episode
    within ``window`` (counting back from the episode's start, the episode included)."""
    by_child: dict[str, list[Episode]] = defaultdict(list)
    for e in episodes:
        if e.absence == "missing":
            by_child[e.child].append(e)
    found: set[str] = set()
    for items in by_child.values():
        items.sort(key=lambda e: (e.reported, e.key))
        for i, e in enumerate(items):
            recent = [o for o in items[: i + 1] if e.reported - o.reported <= window]
            if len(recent) >= count:
                found.add(e.key)
    return found


@dataclass(frozen=True)
class _Counts:
    values: dict[str, int]
    top: list[tuple[str, int]]


def _count(
    items: Sequence[Episode],
    *,
    due: timedelta,
    repeats: set[str],
    top: bool,
    cohort: bool,
) -> _Counts:
    missing = [e for e in items if e.absence == "missing"]
    away = [e for e in items if e.absence == "away"]
    still = [e for e in missing if e.still_missing]
    returned = [e for e in missing if not e.still_missing]
    offered = [e for e in returned if e.offered]
    timing = Counter(interview_timing(e, due) for e in offered)
    completed = sum(1 for e in offered if e.completed)
    declined = sum(1 for e in offered if e.declined)
    children = {e.child for e in missing}
    values = {
        "missing_episodes": len(missing),
        "missing_children": len(children),
        "away_episodes": len(away),
        "away_children": len({e.child for e in away}),
        "still_missing_episodes": len(still),
        "still_missing_children": len({e.child for e in still}),
        "returned_missing_episodes": len(returned),
        "rhi_offered": len(offered),
        "rhi_not_offered": len(returned) - len(offered),
        "rhi_offered_within": timing["within"],
        "rhi_offered_late": timing["late"],
        "rhi_offered_time_unknown": timing["unknown"],
        "rhi_completed": completed,
        "rhi_declined": declined,
        "_rhi_no_outcome": len(offered) - completed - declined,
        "repeat_missing_children": len({e.child for e in missing if e.key in repeats}),
    }
    if cohort:
        values["cohort_missing_children"] = len({e.child for e in missing if e.in_cohort})
    ranked: list[tuple[str, int]] = []
    if top:
        per_child = Counter(e.child for e in missing)
        ranked = sorted(per_child.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_CHILDREN]
        values["top20_missing_episodes"] = sum(n for _, n in ranked)
    return _Counts(values, ranked)


def add_missing_figures(
    grid: Grid,
    episodes: Sequence[Episode],
    columns: Sequence[Column],
    *,
    due: timedelta,
    repeat_count: int,
    repeat_window: timedelta,
    top_columns: Iterable[str] = (),
    cohort_columns: Iterable[str] = (),
) -> dict[str, list[tuple[str, int]]]:
    """Add every missing figure of every column to ``grid`` with the relations between them.

    ``episodes`` may start before the first column (they count towards repeat missing only).
    Returns the 20 most-missing children (child, episodes) of each of ``top_columns``.
    """
    repeats = repeat_episodes(episodes, repeat_count, repeat_window)
    by_month: dict[str, list[Episode]] = defaultdict(list)
    for e in episodes:
        by_month[month_of(e.reported)].append(e)
    tops, cohorts = set(top_columns), set(cohort_columns)
    ranked: dict[str, list[tuple[str, int]]] = {}
    for column in columns:
        items = [e for m in column.months for e in by_month.get(m, ())]
        counts = _count(
            items,
            due=due,
            repeats=repeats,
            top=column.key in tops,
            cohort=column.key in cohorts,
        )
        col = column.key
        for name, value in counts.values.items():
            grid.add((name, col), value, displayed=not name.startswith("_"))
        _relate_column(grid, col, counts.values)
        if column.key in tops:
            ranked[col] = counts.top
            child_keys: list[Key] = []
            for child, n in counts.top:
                grid.add((f"top:{child}", col), n)
                child_keys.append((f"top:{child}", col))
            # listed most-missing first: the order itself is something a reader knows
            grid.ordered(("top20_missing_episodes", col), child_keys)
            other = counts.values["missing_episodes"] - counts.values["top20_missing_episodes"]
            grid.add(("_other_than_top20", col), other, displayed=False)
            grid.relate(
                ("missing_episodes", col),
                [("top20_missing_episodes", col), ("_other_than_top20", col)],
            )
        if column.parts:
            for name, (_, additive) in FIGURES.items():
                if (name, col) not in grid.values or any(
                    (name, p) not in grid.values for p in column.parts
                ):
                    continue
                parts = [(name, p) for p in column.parts]
                if additive:
                    grid.relate((name, col), parts)
                else:
                    # Children of a period: at most those of its parts added up, and at least
                    # those of any one part.
                    grid.at_most((name, col), parts)
                    for part in parts:
                        grid.at_most(part, [(name, col)])
            for name in _HIDDEN_ADDITIVE:
                if all((name, p) in grid.values for p in column.parts):
                    grid.relate((name, col), [(name, p) for p in column.parts])
    return ranked


def _relate_column(grid: Grid, col: str, values: dict[str, int]) -> None:
    """The breakdowns of one column: each partition of a count is a relation."""

    def relate(parent: str, *children: str) -> None:
        grid.relate((parent, col), [(c, col) for c in children])

    def complement(name: str, whole: str, part: str) -> None:
        grid.add((name, col), values[whole] - values[part], displayed=False)
        relate(whole, part, name)

    relate("missing_episodes", "still_missing_episodes", "returned_missing_episodes")
    for children, episodes in (
        ("missing_children", "missing_episodes"),
        ("away_children", "away_episodes"),
        ("still_missing_children", "still_missing_episodes"),
    ):
        grid.at_most((children, col), [(episodes, col)])
    relate("returned_missing_episodes", "rhi_offered", "rhi_not_offered")
    relate("rhi_offered", "rhi_offered_within", "rhi_offered_late", "rhi_offered_time_unknown")
    relate("rhi_offered", "rhi_completed", "rhi_declined", "_rhi_no_outcome")
    complement("_children_all_returned", "missing_children", "still_missing_children")
    complement("_children_not_repeat", "missing_children", "repeat_missing_children")
    if "cohort_missing_children" in values:
        complement("_children_not_cohort", "missing_children", "cohort_missing_children")


MissingTables = tuple[MonthlyTable, MonthlyTable, MonthlyTable, Share | None, Share, list[TopChild]]
"""(missing, return home interviews, repeat missing, top-20 share, cohort share, top children)."""


def _label(name: str, hours: int) -> str:
    return FIGURES[name][0].format(hours=hours)


def missing_tables(
    grid: Grid,
    months: list[str],
    total: str,
    *,
    hours: int,
    repeat_count: int,
    repeat_days: int,
    top: list[tuple[str, int]] | None,
    key: bytes,
) -> MissingTables:
    """The tables of one view (its months and its period column ``total``), read from the grid.

    ``top`` is ``None`` where the view offers no top 20 (a strategic quarter).
    """

    def rows(*names: str) -> list[tuple[str, str, bool]]:
        return [(n, _label(n, hours), True) for n in names]

    missing = monthly_table(
        grid,
        "missing",
        "Missing and away episodes and children per month",
        "episodes / children",
        months,
        rows(
            "missing_episodes",
            "missing_children",
            "away_episodes",
            "away_children",
            "still_missing_episodes",
            "still_missing_children",
        ),
        total=total,
        note=(
            "Month the absence began (UK time). One absence recorded by several agencies counts "
            "once: records of the same child (after duplicate people are resolved) and kind of "
            "absence whose periods overlap, a record with a date only standing for the whole "
            "day. Missing and away (absent without authorisation) are counted apart and never "
            "added together. 'Still missing': no agency has recorded a return. Children count "
            "once per month, and once over the period in the period column."
        ),
    )
    rhi = monthly_table(
        grid,
        "rhi",
        "Return home interviews of returned missing episodes, by month of the episode",
        "episodes",
        months,
        rows(
            "returned_missing_episodes",
            "rhi_offered",
            "rhi_not_offered",
            "rhi_offered_within",
            "rhi_offered_late",
            "rhi_offered_time_unknown",
            "rhi_completed",
            "rhi_declined",
        ),
        total=total,
        note=(
            f"An interview is due within {hours} hours of the child's return (DfE statutory "
            "guidance, 2014). Only returned missing episodes count: a child still missing is "
            "not yet due one. An offer without a time is 'time not recorded', neither within "
            f"nor later than {hours} hours. Completed and declined as the agencies recorded "
            "them; an SSD 'accepted' is not a completed interview."
        ),
    )
    repeat = monthly_table(
        grid,
        "repeat",
        f"Children missing {repeat_count} or more times in {repeat_days} days",
        "children",
        months,
        [
            ("repeat_missing_children", _label("repeat_missing_children", hours), True),
            ("missing_children", _label("missing_children", hours), True),
        ],
        total=total,
        note=(
            "A child counts in a month when a missing episode that month is at least their "
            f"{_ordinal(repeat_count)} within {repeat_days} days (one absence recorded by "
            "several agencies counts once; away episodes do not count)."
        ),
    )
    top_share: Share | None = None
    top_children: list[TopChild] = []
    if top is not None:
        top_share = share_of(
            f"Missing episodes of the {TOP_CHILDREN} most-missing children",
            grid.cell(("top20_missing_episodes", total)),
            grid.cell(("missing_episodes", total)),
        )
        top_children = [
            TopChild(
                pseudonym=_child_pseudonym(child, key), episodes=grid.cell((f"top:{child}", total))
            )
            for child, _ in top
        ]
    cohort_share = share_of(
        "Missing children who are in an operation's exploitation cohort",
        grid.cell(("cohort_missing_children", total)),
        grid.cell(("missing_children", total)),
    )
    return missing, rhi, repeat, top_share, cohort_share, top_children


def period_figures(grid: Grid, names: Iterable[str], column: str) -> dict[str, Cell]:
    """The named figures of one column, where the grid holds them."""
    return {n: grid.cell((n, column)) for n in names if (n, column) in grid.values}


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _child_pseudonym(child: str, key: bytes) -> str:
    if child.startswith("episode:"):
        return pseudonym(child, key, prefix="EP")
    return pseudonym(child, key)
