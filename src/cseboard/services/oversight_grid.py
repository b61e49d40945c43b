"""One grid of every oversight figure a view draws on, suppressed as a whole.

A strategic user may load every offered period, the loaded-data counts and the latest analysis
run, and combine them. So all of it goes into one ``Grid`` with every relation between the
figures (a quarter is the sum of its months, a financial year of its quarters, a total of its
breakdowns, an all-time count of its months and what lies outside them), and every view reads
its cells from that one grid: a count hidden in one view is hidden, or no more derivable, in
every other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from cseboard.access.suppression import Grid
from cseboard.analysis.episodes import Episode, group_episodes
from cseboard.models.overview import Overview
from cseboard.services.context import ServiceContext
from cseboard.services.disruption import DISRUPTION_KINDS
from cseboard.services.missing_figures import add_missing_figures
from cseboard.services.oversight_tables import (
    Column,
    add_additive_family,
    add_months,
    uk_midnight,
)
from cseboard.store.oversight import AnalysisSnapshot, OversightStore
from cseboard.store.reads import overview

__all__ = ["LOADED_KINDS", "OversightGrid", "build_grid", "load_episodes"]

LOADED_KINDS = (
    "young_people",
    "associates",
    "people_awaiting_record",
    "agency_records",
    "locations",
    "intelligence",
    "missing_episodes",
    "vehicles",
    "phones",
    "online_accounts",
)
_BY_AGENCY_PARENT = {
    "intelligence": "intelligence",
    "missing_episodes": "missing_episodes",
    "locations": "locations",
    "people": "agency_records",
}


@dataclass
class OversightGrid:
    """The grid and what the views need to lay it out.

    Attributes
    ----------
    risk_levels: the order of the risk rows now; ``risk_history_levels`` over time (empty
        without assessment history).
    top: the 20 most-missing children (child, episodes) of each column that offers them.
    episodes: the episodes counted (for the per-agency view; never leaves the services).
    """

    grid: Grid
    columns: list[Column]
    risk_levels: list[str]
    risk_history_levels: list[str]
    intelligence_kinds: dict[str, str]
    disruption_kinds: dict[str, str]
    top: dict[str, list[tuple[str, int]]]
    latest: AnalysisSnapshot | None
    cluster_ids: list[str]
    runs: list[tuple[datetime, int]]
    episodes: list[Episode] = field(default_factory=list)
    loaded: Overview | None = None


def load_episodes(
    ctx: ServiceContext, columns: Sequence[Column], *, agency: str | None = None
) -> list[Episode]:
    """The episodes starting within the columns, and those of the repeat window before them.

    With ``agency``, only the episodes that agency recorded (one of their records is its own).
    """
    store = OversightStore(ctx.driver, database=ctx.database)
    window = timedelta(days=ctx.settings.repeat_missing_days)
    start = min(c.start for c in columns)
    end = max(c.end for c in columns)
    episodes = group_episodes(store.missing_episodes(start - window, end))
    if agency is not None:
        episodes = [e for e in episodes if agency in e.agencies]
    return episodes


def _risk(
    grid: Grid,
    store: OversightStore,
    months: list[str],
    levels: list[str],
) -> tuple[list[str], list[str]]:
    current = store.risk_current()
    order = [*levels, *sorted(k for k in current if k not in levels and k != "not set")]
    order.append("not set")
    for level in order:
        grid.add((f"risk:{level}", "now"), current.get(level, 0))
    grid.add(("risk:all", "now"), sum(current.values()))
    grid.relate(("risk:all", "now"), [(f"risk:{level}", "now") for level in order])
    if not store.has_risk_history() or not months:
        return order, []
    end = uk_midnight(add_months(date.fromisoformat(f"{months[-1]}-01"), 1))
    history = store.risk_history(end)
    latest: dict[str, str] = {}
    position = 0
    seen: list[str] = list(levels)
    counts_by_month: dict[str, Counter[str]] = {}
    for m in months:
        month_end = uk_midnight(add_months(date.fromisoformat(f"{m}-01"), 1))
        while position < len(history) and history[position][1] < month_end:
            person, _, level = history[position]
            latest[person] = level
            if level not in seen:
                seen.append(level)
            position += 1
        counts_by_month[m] = Counter(latest.values())
    for m in months:
        counts = counts_by_month[m]
        for level in seen:
            grid.add((f"risk:{level}", m), counts.get(level, 0))
        grid.add(("risk:assessed", m), sum(counts.values()))
        grid.relate(("risk:assessed", m), [(f"risk:{level}", m) for level in seen])
    return order, seen


def _clusters(
    grid: Grid, store: OversightStore
) -> tuple[AnalysisSnapshot | None, list[str], list[tuple[datetime, int]]]:
    latest = store.latest_analysis()
    runs = store.analysis_runs()
    for index, (_, n) in enumerate(runs):
        grid.add(("clusters:run", str(index)), n)
    if latest is None:
        return None, [], list(runs)
    rows = sorted(
        latest.clusters, key=lambda c: (-int(c.get("members") or 0), str(c["cluster_id"]))
    )
    ids = []
    for c in rows:
        cid = f"cluster:{c['cluster_id']}"
        ids.append(str(c["cluster_id"]))
        members = int(c.get("members") or 0)
        young = int(c.get("young_people") or 0)
        adults = int(c.get("adults") or 0)
        grid.add((cid, "members"), members)
        grid.add((cid, "young_people"), young)
        grid.add((cid, "adults"), adults)
        grid.add((cid, "others"), max(members - young - adults, 0))
        grid.relate((cid, "members"), [(cid, "young_people"), (cid, "adults"), (cid, "others")])
    grid.add(("clusters:latest", "clusters"), len(rows))
    if latest.hotspot_count is not None:
        grid.add(("clusters:latest", "hotspots"), latest.hotspot_count)
    return latest, ids, list(runs)


def _loaded(grid: Grid, loaded: Overview, months: list[str], intelligence: dict[str, str]) -> None:
    """The loaded-data counts, tied to the figures they share records with."""
    for kind in LOADED_KINDS:
        grid.add(("loaded", kind), loaded.counts.get(kind, 0))
    grid.relate(("loaded", "young_people"), [("risk:all", "now")])
    children: dict[str, list[tuple[str, str]]] = {
        parent: [] for parent in _BY_AGENCY_PARENT.values()
    }
    for row in loaded.by_agency:
        parent = _BY_AGENCY_PARENT.get(row.kind)
        if parent is None:
            continue
        key = (f"loaded:{row.agency}", row.kind)
        grid.add(key, row.count)
        children[parent].append(key)
        if row.kind == "intelligence" and months:
            # All time = the offered months + what lies outside them.
            inside = (
                sum(grid.values.get((f"intelligence:{row.agency}", m), 0) for m in months)
                if row.agency in intelligence
                else 0
            )
            outside = (f"_loaded_outside:{row.agency}", "intelligence")
            grid.add(outside, row.count - inside, displayed=False)
            if row.agency in intelligence:
                grid.relate(key, [*((f"intelligence:{row.agency}", m) for m in months), outside])
    for parent, keys in children.items():
        whole = grid.values[("loaded", parent)]
        rest = whole - sum(grid.values[k] for k in keys)
        if rest:
            grid.add(("_loaded_unattributed", parent), rest, displayed=False)
            keys = [*keys, ("_loaded_unattributed", parent)]
        grid.relate(("loaded", parent), keys)


def build_grid(
    ctx: ServiceContext,
    columns: list[Column],
    *,
    suppress: bool,
    top_columns: Sequence[str],
    cohort_columns: Sequence[str],
    agency: str | None = None,
    with_loaded: bool = False,
) -> OversightGrid:
    """Every figure of ``columns`` (and, ``with_loaded``, the loaded-data counts) in one grid."""
    settings = ctx.settings
    store = OversightStore(ctx.driver, database=ctx.database)
    grid = Grid(suppress=suppress)
    months = [c.key for c in columns if not c.parts]
    episodes = load_episodes(ctx, columns, agency=agency)
    top = add_missing_figures(
        grid,
        episodes,
        columns,
        due=timedelta(hours=settings.rhi_due_hours),
        repeat_count=settings.repeat_missing_count,
        repeat_window=timedelta(days=settings.repeat_missing_days),
        top_columns=top_columns,
        cohort_columns=cohort_columns,
    )
    start = min(c.start for c in columns)
    end = max(c.end for c in columns)
    risk_levels, history_levels = _risk(grid, store, months, list(settings.risk_levels))
    intel_rows = store.intelligence_by_month(start, end)
    if agency is not None:
        intel_rows = [r for r in intel_rows if r[0] == agency]
    intelligence = add_additive_family(grid, "intelligence:", intel_rows, columns, {})
    disruption = add_additive_family(
        grid, "disruption:", store.disruption_by_month(start, end), columns, DISRUPTION_KINDS
    )
    latest, cluster_ids, runs = _clusters(grid, store)
    loaded = None
    if with_loaded:
        loaded = overview(ctx.driver, database=ctx.database, recent=0)
        _loaded(grid, loaded, months, intelligence)
    return OversightGrid(
        grid=grid,
        columns=columns,
        risk_levels=risk_levels,
        risk_history_levels=history_levels,
        intelligence_kinds=intelligence,
        disruption_kinds=disruption,
        top=top,
        latest=latest,
        cluster_ids=cluster_ids,
        runs=runs,
        episodes=episodes,
        loaded=loaded,
    )
