"""Oversight KPIs of DESIGN §5 for the strategic board and the practice lead, suppressed in here.

The strategic role only ever receives suppressed, pseudonymised read models: the suppression
happens in this module, not in the page, so every page, command and report gets the same
protection. Counts 1-4 read ``<5``; a further cell reads ``[c]`` wherever a hidden count could
otherwise be worked out from a total or from the other cells of a breakdown.
"""

from __future__ import annotations

import secrets
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from cseboard.access.keys import pseudonym_key
from cseboard.access.policy import Permission, require
from cseboard.access.pseudonyms import pseudonym
from cseboard.access.suppression import SECONDARY, SUPPRESSED
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.models.oversight import (
    Cell,
    ClusterRow,
    ClustersView,
    DisruptionKind,
    DisruptionRecord,
    MonthlyTable,
    OversightReport,
    Series,
    Share,
    TopChild,
)
from cseboard.models.users import AuditAction, Role, User
from cseboard.models.values import LONDON
from cseboard.reports.strategic import AnyChart, charts, strategic_pdf
from cseboard.services.context import ServiceContext
from cseboard.store.operations import OperationStore
from cseboard.store.oversight import DisruptionStore, EpisodeRow, OversightStore

__all__ = [
    "DISRUPTION_KINDS",
    "TOP_CHILDREN",
    "AnyChart",
    "Grid",
    "disruption_operations",
    "list_disruptions",
    "month_keys",
    "oversight_charts",
    "oversight_report",
    "record_disruption",
    "strategic_report_pdf",
]

TOP_CHILDREN = 20
DISRUPTION_KINDS: dict[str, str] = {
    "cawn": "Child Abduction Warning Notices",
    "nrm_referral": "National Referral Mechanism referrals",
}
_THRESHOLD = 5


# --------------------------------------------------------------------------- suppression


Key = tuple[str, str]


@dataclass
class Grid:
    """Counts with the linear relations between them, suppressed as a whole.

    A cell may be displayed or not: a complement (e.g. "episodes with no interview offered") is
    never shown, but it can be worked out as ``parent - shown children``, so it is protected as
    if it were. ``protect`` hides every displayed count of 1-4 and then, while any count of 1-4
    can still be derived through the relations (chains of them included), hides one more
    displayed cell of the relation that gives it away (the smallest non-zero child first, as
    ``suppress_row`` does). Hiding only ever grows, so it terminates.

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
        small = {k for k, v in self.values.items() if 0 < v < _THRESHOLD}
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


def _share(label: str, part: Cell, whole: Cell) -> Share:
    percent = None
    if part.value is not None and whole.value:
        percent = round(100.0 * part.value / whole.value, 1)
    return Share(label=label, part=part, whole=whole, percent=percent)


# --------------------------------------------------------------------------- periods


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_keys(last: date, count: int) -> list[str]:
    """``count`` months ending with the month of ``last``, oldest first.

    Examples
    --------
    >>> month_keys(date(2026, 2, 14), 3)
    ['2025-12', '2026-01', '2026-02']
    """
    first = _add_months(_month_start(last), -(count - 1))
    return [_add_months(first, i).strftime("%Y-%m") for i in range(count)]


def _uk_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=LONDON).astimezone(UTC)


def _month_of(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m")


# --------------------------------------------------------------------------- episodes


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}

    def find(self, item: Hashable) -> Hashable:
        self.parent.setdefault(item, item)
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb, key=str)] = min(ra, rb, key=str)


@dataclass(frozen=True)
class _Episode:
    """One episode after records of it from several agencies are put together."""

    child: str
    reported: datetime
    returned: datetime | None
    offered: bool
    offered_at: datetime | None
    completed: bool
    declined: bool
    in_cohort: bool


def _loose_dob(dob: str) -> str:
    """A date of birth with day and month in either order (a common transposition).

    Examples
    --------
    >>> _loose_dob("2012-09-11") == _loose_dob("2012-11-09")
    True
    """
    year, _, rest = dob.partition("-")
    return year + "-" + "-".join(sorted(rest.split("-")))


def _child_ref(row: EpisodeRow) -> str:
    return row.person_id or f"episode:{row.episode_id}"


def _episodes(rows: Sequence[EpisodeRow]) -> list[_Episode]:
    """Records of one child reported missing in the same minute are one episode.

    "One child" is the same person (people confirmed as the same by the practice lead are one
    node) or, across agencies whose records are not merged yet, the same date of birth (day
    and month in either order); a record without one joins the only dated child of that
    minute. The children of merged episodes are one child for the distinct-children counts.
    This only counts: it never merges people (that stays the practice lead's decision).
    """
    records = _UnionFind()
    first_seen: dict[tuple[str, datetime, str], int] = {}
    by_minute: dict[datetime, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        minute = row.reported_missing_at.replace(second=0, microsecond=0)
        by_minute[minute].append(index)
        keys = [("person", minute, _child_ref(row))]
        if row.dob:
            keys.append(("dob", minute, _loose_dob(row.dob)))
        for key in keys:
            if key in first_seen:
                records.union(index, first_seen[key])
            else:
                first_seen[key] = index
    # A record without a date of birth joins the only child with one reported that minute.
    for indices in by_minute.values():
        dated = {records.find(i) for i in indices if rows[i].dob}
        if len(dated) == 1:
            (root,) = dated
            for i in indices:
                if not rows[i].dob:
                    records.union(i, root)
    groups: dict[Hashable, list[EpisodeRow]] = defaultdict(list)
    for index, row in enumerate(rows):
        groups[records.find(index)].append(row)
    children = _UnionFind()
    for members in groups.values():
        refs = [_child_ref(r) for r in members]
        for ref in refs[1:]:
            children.union(refs[0], ref)
    episodes = []
    for members in groups.values():
        returned = [r.returned_at for r in members if r.returned_at is not None]
        offered_at = [r.rhi_offered_at for r in members if r.rhi_offered_at is not None]
        completed = any(r.rhi_completed_at is not None for r in members)
        declined = any(bool(r.rhi_declined) for r in members)
        episodes.append(
            _Episode(
                child=str(children.find(_child_ref(members[0]))),
                reported=min(r.reported_missing_at for r in members),
                returned=min(returned) if returned else None,
                offered=bool(offered_at)
                or completed
                or declined
                or any(bool(r.rhi_offered) for r in members),
                offered_at=min(offered_at) if offered_at else None,
                completed=completed,
                declined=declined and not completed,
                in_cohort=any(r.in_cohort for r in members),
            )
        )
    return sorted(episodes, key=lambda e: (e.reported, e.child))


# --------------------------------------------------------------------------- report


def _table(
    grid: Grid,
    key: str,
    title: str,
    unit: str,
    months: list[str],
    rows: Iterable[tuple[str, str, bool]],
    note: str = "",
) -> MonthlyTable:
    """Rows are (series key, label, has a period total)."""
    series = [
        Series(
            key=skey,
            label=label,
            cells=[grid.cell((skey, m)) for m in months],
            total=grid.cell((skey, "total")) if has_total else None,
        )
        for skey, label, has_total in rows
    ]
    return MonthlyTable(key=key, title=title, unit=unit, months=months, series=series, note=note)


def _summed(grid: Grid, skey: str, months: list[str], counts: Mapping[str, int]) -> None:
    """A displayed monthly series with its displayed period total."""
    for m in months:
        grid.add((skey, m), counts.get(m, 0))
    grid.add((skey, "total"), sum(counts.get(m, 0) for m in months))
    grid.relate((skey, "total"), [(skey, m) for m in months])


def _missing_family(
    episodes: list[_Episode],
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
    in_period = [e for e in episodes if e.reported >= start and _month_of(e.reported) in months]
    in_period_set = set(in_period)
    by_month: dict[str, list[_Episode]] = defaultdict(list)
    for e in in_period:
        by_month[_month_of(e.reported)].append(e)
    columns = [*months, "total"]

    def count(pred: str, items: list[_Episode]) -> int:
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
            repeaters[_month_of(e.reported)].add(e.child)
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
    missing = _table(
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
    missing = _with_total(missing, "children", grid.cell(("children", "total")))
    rhi = _table(
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
    repeat = _table(
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
    repeat = _with_total(repeat, "repeat_children", grid.cell(("repeat_children", "total")))
    repeat = _with_total(repeat, "children", grid.cell(("children", "total")))
    top_share = _share(
        f"Episodes of the {TOP_CHILDREN} most-missing children",
        grid.cell(("top20", "total")),
        grid.cell(("episodes", "total")),
    )
    cohort_share = _share(
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


def _with_total(table: MonthlyTable, skey: str, total: Cell) -> MonthlyTable:
    series = [s.model_copy(update={"total": total}) if s.key == skey else s for s in table.series]
    return table.model_copy(update={"series": series})


def _flag(e: _Episode, what: str, due: timedelta) -> bool:
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


def _risk(
    store: OversightStore,
    months: list[str],
    levels: list[str],
    end: datetime,
    suppress: bool,
) -> tuple[MonthlyTable, MonthlyTable | None, bool]:
    grid = Grid(suppress=suppress)
    current = store.risk_current()
    order = [*levels, *sorted(k for k in current if k not in levels and k != "not set")]
    order.append("not set")
    for level in order:
        grid.add((level, "now"), current.get(level, 0))
    grid.add(("all", "now"), sum(current.values()))
    grid.relate(("all", "now"), [(level, "now") for level in order])
    now_series = [
        Series(
            key=level, label=level.replace("_", " ").capitalize(), cells=[grid.cell((level, "now"))]
        )
        for level in order
    ]
    now_series.append(
        Series(key="all", label="All young people", cells=[grid.cell(("all", "now"))])
    )
    risk_now = MonthlyTable(
        key="risk_now",
        title="Young people at each risk level now",
        unit="young people",
        months=["now"],
        series=now_series,
        note="Levels set by practitioners with a written rationale; 'not set' where none is.",
    )
    if not store.has_risk_history():
        return risk_now, None, False
    history = store.risk_history(end)
    over = Grid(suppress=suppress)
    latest: dict[str, str] = {}
    pending = list(history)
    position = 0
    seen_levels: list[str] = list(levels)
    for m in months:
        month_end = _uk_midnight(_add_months(date.fromisoformat(f"{m}-01"), 1))
        while position < len(pending) and pending[position][1] < month_end:
            person, _, level = pending[position]
            latest[person] = level
            if level not in seen_levels:
                seen_levels.append(level)
            position += 1
        counts = Counter(latest.values())
        for level in seen_levels:
            over.add((level, m), counts.get(level, 0))
        over.add(("assessed", m), len(latest))
    for m in months:
        for level in seen_levels:
            if (level, m) not in over.values:
                over.add((level, m), 0)
        over.relate(("assessed", m), [(level, m) for level in seen_levels])
    rows = [(level, level.replace("_", " ").capitalize(), False) for level in seen_levels]
    rows.append(("assessed", "Young people assessed", False))
    table = _table(
        over,
        "risk_over_time",
        "Young people at each risk level, at the end of each month",
        "young people",
        months,
        rows,
        note="Each young person's latest risk assessment made by the end of the month.",
    )
    return risk_now, table, True


def _monthly_family(
    rows: Iterable[tuple[str, str, int]],
    months: list[str],
    kinds: Mapping[str, str],
    *,
    key: str,
    title: str,
    unit: str,
    note: str,
    suppress: bool,
) -> MonthlyTable:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, month, n in rows:
        counts[kind][month] += n
    labels = dict(kinds)
    for kind in sorted(counts):
        labels.setdefault(kind, kind.replace("_", " ").capitalize())
    grid = Grid(suppress=suppress)
    for kind in labels:
        _summed(grid, kind, months, counts.get(kind, Counter()))
    for m in [*months, "total"]:
        grid.add(("all", m), sum(grid.values[(kind, m)] for kind in labels))
        grid.relate(("all", m), [(kind, m) for kind in labels])
    table_rows = [(kind, label, True) for kind, label in labels.items()]
    table_rows.append(("all", "All", True))
    return _table(grid, key, title, unit, months, table_rows, note=note)


def _clusters(store: OversightStore, suppress: bool) -> ClustersView:
    latest = store.latest_analysis()
    runs = store.analysis_runs()
    grid = Grid(suppress=suppress)
    for index, (_, n) in enumerate(runs):
        grid.add(("run", str(index)), n)
    run_cells = [(when, grid.cell(("run", str(i)))) for i, (when, _) in enumerate(runs)]
    if latest is None:
        return ClustersView(runs=run_cells)
    rows = sorted(
        latest.clusters, key=lambda c: (-int(c.get("members") or 0), str(c["cluster_id"]))
    )
    for c in rows:
        cid = str(c["cluster_id"])
        members = int(c.get("members") or 0)
        young = int(c.get("young_people") or 0)
        adults = int(c.get("adults") or 0)
        grid.add((cid, "members"), members)
        grid.add((cid, "young_people"), young)
        grid.add((cid, "adults"), adults)
        grid.add((cid, "others"), max(members - young - adults, 0))
        grid.relate((cid, "members"), [(cid, "young_people"), (cid, "adults"), (cid, "others")])
    grid.add(("latest", "clusters"), len(rows))
    if latest.hotspot_count is not None:
        grid.add(("latest", "hotspots"), latest.hotspot_count)
    return ClustersView(
        run_id=latest.run_id,
        run_at=latest.run_at,
        cluster_count=grid.cell(("latest", "clusters")),
        hotspot_count=(
            grid.cell(("latest", "hotspots")) if latest.hotspot_count is not None else None
        ),
        clusters=[
            ClusterRow(
                cluster_id=str(c["cluster_id"]),
                members=grid.cell((str(c["cluster_id"]), "members")),
                young_people=grid.cell((str(c["cluster_id"]), "young_people")),
                adults=grid.cell((str(c["cluster_id"]), "adults")),
                others=grid.cell((str(c["cluster_id"]), "others")),
            )
            for c in rows
        ],
        runs=run_cells,
    )


def oversight_report(
    ctx: ServiceContext,
    user: User,
    *,
    months: int = 24,
    last_month: date | None = None,
    exact: bool = False,
) -> OversightReport:
    """The KPIs of DESIGN §5 over ``months`` months ending with ``last_month`` (default: now).

    Parameters
    ----------
    exact:
        Unsuppressed counts, for the practice lead's own checking only; refused for anyone
        else. The strategic role always gets suppressed figures.

    Raises
    ------
    AccessDenied
        Without the oversight permission, or asking for exact figures without being the
        practice lead.
    """
    require(user, Permission.VIEW_OVERSIGHT)
    if exact and not user.has(Role.PRACTICE_LEAD):
        raise AccessDenied("only the practice lead may see unsuppressed oversight figures")
    if not 1 <= months <= 120:
        raise ValidationFailed("months: between 1 and 120")
    settings = ctx.settings
    suppress = not exact
    today = datetime.now(LONDON).date()
    month_list = month_keys(last_month or today, months)
    start = _uk_midnight(date.fromisoformat(f"{month_list[0]}-01"))
    end = _uk_midnight(_add_months(date.fromisoformat(f"{month_list[-1]}-01"), 1))
    store = OversightStore(ctx.driver, database=ctx.database)
    repeat_window = timedelta(days=settings.repeat_missing_days)
    episodes = _episodes(store.missing_episodes(start - repeat_window, end))
    key = pseudonym_key(settings)
    missing, rhi, repeat, top_share, cohort_share, top_children = _missing_family(
        episodes,
        month_list,
        start=start,
        due=timedelta(hours=settings.rhi_due_hours),
        repeat_count=settings.repeat_missing_count,
        repeat_window=repeat_window,
        key=key,
        suppress=suppress,
    )
    risk_now, risk_over_time, has_history = _risk(
        store, month_list, list(settings.risk_levels), end, suppress
    )
    intelligence = _monthly_family(
        store.intelligence_by_month(start, end),
        month_list,
        {},
        key="intelligence",
        title="Intelligence submitted per agency per month",
        unit="reports",
        note="Month the report was made (UK time), by the agency that submitted it.",
        suppress=suppress,
    )
    disruption = _monthly_family(
        store.disruption_by_month(start, end),
        month_list,
        DISRUPTION_KINDS,
        key="disruption",
        title="Disruption activity and NRM referrals per month",
        unit="records",
        note="Recorded on the oversight page by the practice lead.",
        suppress=suppress,
    )
    notes = [
        "Counts from 1 to 4 are shown as <5; [c] hides a further count so that a <5 cannot be "
        "worked out from a total.",
    ]
    if not suppress:
        notes = ["EXACT FIGURES for the practice lead: never share them outside the partnership."]
    if not has_history:
        notes.append("No risk-assessment history yet: only current risk levels are shown.")
    report = OversightReport(
        generated_at=datetime.now(UTC),
        period_start=date.fromisoformat(f"{month_list[0]}-01"),
        period_end=_add_months(date.fromisoformat(f"{month_list[-1]}-01"), 1) - timedelta(days=1),
        months=month_list,
        suppressed=suppress,
        risk_source="history" if has_history else "current",
        risk_now=risk_now,
        risk_over_time=risk_over_time,
        missing=missing,
        rhi=rhi,
        repeat=repeat,
        top20_share=top_share,
        cohort_share=cohort_share,
        top_children=top_children,
        clusters=_clusters(store, suppress),
        intelligence=intelligence,
        disruption=disruption,
        notes=notes,
    )
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"viewed partnership oversight {month_list[0]} to {month_list[-1]} "
        f"({'exact' if exact else 'suppressed'} aggregates)",
        records=[],
    )
    return report


# --------------------------------------------------------------------------- disruption


def _require_lead(user: User) -> None:
    require(user, Permission.VIEW_OVERSIGHT)
    if not user.has(Role.PRACTICE_LEAD):
        raise AccessDenied(f"{user.username} may not record disruption activity")


def record_disruption(
    ctx: ServiceContext,
    user: User,
    *,
    kind: str,
    on: date,
    operation_id: str | None = None,
) -> DisruptionRecord:
    """Record a CAWN served or an NRM referral made (the partnership counts these itself).

    Raises
    ------
    ValidationFailed
        For an unknown kind, a future date, or an unknown operation.
    """
    _require_lead(user)
    if kind not in DISRUPTION_KINDS:
        raise ValidationFailed(f"kind: one of {', '.join(DISRUPTION_KINDS)}")
    today = datetime.now(LONDON).date()
    if on > today:
        raise ValidationFailed("date: the activity cannot be in the future")
    if on < today - timedelta(days=366 * 10):
        raise ValidationFailed("date: more than ten years ago")
    operation = (operation_id or "").strip() or None
    if operation is not None:
        known = {o["operation_id"] for o in OperationStore(ctx.driver, database=ctx.database).all()}
        if operation not in known:
            raise ValidationFailed(f"operation: no operation {operation!r}")
    record_id = f"DR-{secrets.token_hex(6)}"
    # Midday UK time: the day is what is known, and midday stays in that day in any month.
    recorded_at = datetime.combine(on, time(12), tzinfo=LONDON).astimezone(UTC)
    DisruptionStore(ctx.driver, database=ctx.database).create(
        record_id=record_id,
        kind=kind,
        recorded_at=recorded_at,
        recorded_by=user.username,
        operation_id=operation,
    )
    ctx.audit.record(
        user,
        AuditAction.ALTERATION,
        f"recorded disruption activity ({kind})",
        records=[record_id, *([operation] if operation else [])],
    )
    return DisruptionRecord(
        record_id=record_id,
        kind=_kind(kind),
        recorded_at=recorded_at,
        recorded_by=user.username,
        operation_id=operation,
    )


def _kind(kind: str) -> DisruptionKind:
    return "cawn" if kind == "cawn" else "nrm_referral"


def list_disruptions(ctx: ServiceContext, user: User, *, limit: int = 50) -> list[DisruptionRecord]:
    """The latest disruption records, for the practice lead to check what was entered."""
    _require_lead(user)
    return [
        DisruptionRecord(
            record_id=r["record_id"],
            kind=_kind(r["kind"]),
            recorded_at=r["recorded_at"],
            recorded_by=r["recorded_by"],
            operation_id=r["operation_id"],
        )
        for r in DisruptionStore(ctx.driver, database=ctx.database).latest(limit=limit)
    ]


def disruption_operations(ctx: ServiceContext, user: User) -> dict[str, str]:
    """Operation id → name, for the disruption form."""
    _require_lead(user)
    return {
        o["operation_id"]: o["name"] or o["operation_id"]
        for o in OperationStore(ctx.driver, database=ctx.database).all()
    }


# --------------------------------------------------------------------------- report export


def oversight_charts(report: OversightReport) -> dict[str, AnyChart]:
    """The charts of a report the caller already holds (so they carry its suppression)."""
    return charts(report)


def strategic_report_pdf(
    ctx: ServiceContext,
    user: User,
    *,
    recipients: Sequence[str],
    months: int = 24,
    last_month: date | None = None,
) -> bytes:
    """The strategic report as PDF: always suppressed, and disclosed on the audit trail.

    Raises
    ------
    ValidationFailed
        Without at least one recipient: a disclosure records whom it went to.
    """
    require(user, Permission.EXPORT_STRATEGIC_REPORT)
    named = [r.strip() for r in recipients if r and r.strip()]
    if not named:
        raise ValidationFailed("recipients: say who the report is for")
    if any(len(r) > 200 for r in named):
        raise ValidationFailed("recipients: at most 200 characters each")
    report = oversight_report(ctx, user, months=months, last_month=last_month)
    pdf = strategic_pdf(report, generated_by=user.display_name, recipients=named)
    ctx.audit.record(
        user,
        AuditAction.DISCLOSURE,
        f"strategic report {report.months[0]} to {report.months[-1]} exported as PDF "
        "(suppressed aggregates and pseudonyms)",
        records=[],
        recipients=named,
    )
    return pdf
