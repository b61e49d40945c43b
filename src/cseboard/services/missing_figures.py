"""The missing-children family of oversight figures: episodes, interviews, repeats, top 20, cohort.

One grid holds every figure of the family, so that suppression covers the relations between
them (an episode total and its breakdowns): no hidden count from 1 to 4 can be worked out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta

from cseboard.access.pseudonyms import pseudonym
from cseboard.access.suppression import Grid, Key
from cseboard.analysis.episodes import Episode
from cseboard.models.oversight import MonthlyTable, Share, TopChild
from cseboard.services.oversight_tables import month_of, monthly_table, share_of, with_total

__all__ = ["TOP_CHILDREN", "MissingFigures", "missing_figures"]

TOP_CHILDREN = 20


MissingFigures = tuple[MonthlyTable, MonthlyTable, MonthlyTable, Share, Share, list[TopChild]]
"""(missing, return home interviews, repeat missing, top-20 share, cohort share, top children)."""


def missing_figures(
    episodes: list[Episode],
    months: list[str],
    *,
    start: datetime,
    due: timedelta,
    repeat_count: int,
    repeat_window: timedelta,
    key: bytes,
    suppress: bool,
) -> tuple[MonthlyTable, MonthlyTable, MonthlyTable, Share, Share, list[TopChild]]:
    grid = Grid(suppress=suppress)
    in_period = [e for e in episodes if e.reported >= start and month_of(e.reported) in months]
    in_period_set = set(in_period)
    by_month: dict[str, list[Episode]] = defaultdict(list)
    for e in in_period:
        by_month[month_of(e.reported)].append(e)
    columns = [*months, "total"]

    def count(pred: str, items: list[Episode]) -> int:
        return sum(1 for e in items if _flag(e, pred, due))

    for col in columns:
        items = in_period if col == "total" else by_month.get(col, [])
        values = {
            "episodes": len(items),
            "rhi_offered": count("offered", items),
            "rhi_within": count("within", items),
            "rhi_completed": count("completed", items),
            "rhi_declined": count("declined", items),
        }
        for skey, value in values.items():
            grid.add((skey, col), value)
        grid.add(("_not_offered", col), values["episodes"] - values["rhi_offered"], displayed=False)
        grid.add(("_late", col), values["rhi_offered"] - values["rhi_within"], displayed=False)
        grid.add(
            ("_no_outcome", col),
            values["rhi_offered"] - values["rhi_completed"] - values["rhi_declined"],
            displayed=False,
        )
        grid.relate(("episodes", col), [("rhi_offered", col), ("_not_offered", col)])
        grid.relate(("rhi_offered", col), [("rhi_within", col), ("_late", col)])
        grid.relate(
            ("rhi_offered", col),
            [("rhi_completed", col), ("rhi_declined", col), ("_no_outcome", col)],
        )
    for skey in ("episodes", "rhi_offered", "rhi_within", "rhi_completed", "rhi_declined"):
        grid.relate((skey, "total"), [(skey, m) for m in months])
    for skey in ("_not_offered", "_late", "_no_outcome"):
        grid.relate((skey, "total"), [(skey, m) for m in months])

    # Repeat missing: an episode that is at least the child's Nth within the window.
    history: dict[str, list[datetime]] = defaultdict(list)
    repeaters: dict[str, set[str]] = defaultdict(set)
    for e in episodes:
        times = history[e.child]
        times.append(e.reported)
        recent = [t for t in times if e.reported - t <= repeat_window]
        if e in in_period_set and len(recent) >= repeat_count:
            repeaters[month_of(e.reported)].add(e.child)
    for col in columns:
        items = in_period if col == "total" else by_month.get(col, [])
        children = {e.child for e in items}
        repeated = (
            set().union(*repeaters.values()) if col == "total" else repeaters.get(col, set())
        ) & children
        grid.add(("children", col), len(children))
        grid.add(("repeat_children", col), len(repeated))
        grid.add(("_not_repeat", col), len(children) - len(repeated), displayed=False)
        grid.relate(("children", col), [("repeat_children", col), ("_not_repeat", col)])

    # The 20 most-missing children and the exploitation cohort.
    per_child = Counter(e.child for e in in_period)
    top = sorted(per_child.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_CHILDREN]
    top_keys: list[Key] = []
    for child, n in top:
        ckey = ("child", child)
        grid.add(ckey, n)
        top_keys.append(ckey)
    grid.add(("top20", "total"), sum(n for _, n in top))
    grid.relate(("top20", "total"), top_keys)
    grid.add(("_other", "total"), len(in_period) - sum(n for _, n in top), displayed=False)
    grid.relate(("episodes", "total"), [("top20", "total"), ("_other", "total")])
    cohort = {e.child for e in in_period if e.in_cohort}
    grid.add(("cohort_children", "total"), len(cohort))
    grid.add(("_not_cohort", "total"), len(per_child) - len(cohort), displayed=False)
    grid.relate(("children", "total"), [("cohort_children", "total"), ("_not_cohort", "total")])

    hours = int(due.total_seconds() // 3600)
    missing = monthly_table(
        grid,
        "missing",
        "Missing episodes and children per month",
        "episodes / children",
        months,
        [("episodes", "Missing episodes", True), ("children", "Children missing", False)],
        note=(
            "Month of the report of the child missing (UK time). An episode recorded by several "
            "agencies counts once: records of the same child, or of a child with the same date "
            "of birth, reported missing in the same minute. 'Children' counts each child once "
            "per month; the total column counts each child once over the period."
        ),
    )
    # The children total is distinct over the period, not a sum of months.
    missing = with_total(missing, "children", grid.cell(("children", "total")))
    rhi = monthly_table(
        grid,
        "rhi",
        "Return home interviews, by month of the episode",
        "episodes",
        months,
        [
            ("episodes", "Missing episodes", True),
            ("rhi_offered", "Interview offered", True),
            ("rhi_within", f"Offered within {hours} hours of return", True),
            ("rhi_completed", "Interview completed", True),
            ("rhi_declined", "Interview declined", True),
        ],
        note=(
            f"An interview is due within {hours} hours of the child's return (DfE statutory "
            "guidance). 'Offered' includes offers the child declined; an offer without a time "
            f"cannot count as within {hours} hours."
        ),
    )
    repeat = monthly_table(
        grid,
        "repeat",
        f"Children missing {repeat_count} or more times in {repeat_window.days} days",
        "children",
        months,
        [
            ("repeat_children", "Repeat-missing children", False),
            ("children", "Children missing", False),
        ],
        note=(
            "A child counts in a month when an episode that month is at least their "
            f"{_ordinal(repeat_count)} within {repeat_window.days} days."
        ),
    )
    repeat = with_total(repeat, "repeat_children", grid.cell(("repeat_children", "total")))
    repeat = with_total(repeat, "children", grid.cell(("children", "total")))
    top_share = share_of(
        f"Episodes of the {TOP_CHILDREN} most-missing children",
        grid.cell(("top20", "total")),
        grid.cell(("episodes", "total")),
    )
    cohort_share = share_of(
        "Missing children who are in an operation's exploitation cohort",
        grid.cell(("cohort_children", "total")),
        grid.cell(("children", "total")),
    )
    top_children = [
        TopChild(pseudonym=_child_pseudonym(child, key), episodes=grid.cell(("child", child)))
        for child, _ in top
    ]
    return missing, rhi, repeat, top_share, cohort_share, top_children


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _child_pseudonym(child: str, key: bytes) -> str:
    if child.startswith("episode:"):
        return pseudonym(child, key, prefix="EP")
    return pseudonym(child, key)


def _flag(e: Episode, what: str, due: timedelta) -> bool:
    if what == "offered":
        return e.offered
    if what == "within":
        return (
            e.offered_at is not None and e.returned is not None and e.offered_at <= e.returned + due
        )
    if what == "completed":
        return e.completed and e.offered
    if what == "declined":
        return e.declined and e.offered
    raise ValueError(what)
