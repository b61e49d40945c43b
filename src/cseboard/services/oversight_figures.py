"""Oversight figures for the strategic board and the practice lead, suppressed in here.

The strategic role only ever receives suppressed, pseudonymised read models: the suppression
happens in this layer, not in the page, so every page, command and report gets the same
protection. Counts 1-4 read ``<5``; a further cell reads ``[c]`` wherever a hidden count could
otherwise be worked out from a total or from the other cells of a breakdown.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta

from cseboard.access.keys import pseudonym_key
from cseboard.access.policy import Permission, require
from cseboard.access.suppression import Grid
from cseboard.analysis.episodes import group_episodes
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.models.oversight import (
    ClusterRow,
    ClustersView,
    MonthlyTable,
    OversightReport,
    Series,
)
from cseboard.models.users import AuditAction, Role, User
from cseboard.models.values import LONDON
from cseboard.services.context import ServiceContext
from cseboard.services.disruption import DISRUPTION_KINDS
from cseboard.services.missing_figures import missing_figures
from cseboard.services.oversight_tables import (
    add_months,
    add_summed_series,
    month_keys,
    monthly_table,
    uk_midnight,
)
from cseboard.store.oversight import OversightStore

__all__ = ["oversight_report"]


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
        month_end = uk_midnight(add_months(date.fromisoformat(f"{m}-01"), 1))
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
    table = monthly_table(
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
        add_summed_series(grid, kind, months, counts.get(kind, Counter()))
    for m in [*months, "total"]:
        grid.add(("all", m), sum(grid.values[(kind, m)] for kind in labels))
        grid.relate(("all", m), [(kind, m) for kind in labels])
    table_rows = [(kind, label, True) for kind, label in labels.items()]
    table_rows.append(("all", "All", True))
    return monthly_table(grid, key, title, unit, months, table_rows, note=note)


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
    """The partnership's oversight figures over ``months`` months ending with ``last_month``.

    Risk levels now and over time, missing episodes and children, return home interviews,
    repeat missing, the top-20 and cohort shares, clusters, intelligence per agency and
    disruption activity (default period: the months up to now).

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
    start = uk_midnight(date.fromisoformat(f"{month_list[0]}-01"))
    end = uk_midnight(add_months(date.fromisoformat(f"{month_list[-1]}-01"), 1))
    store = OversightStore(ctx.driver, database=ctx.database)
    repeat_window = timedelta(days=settings.repeat_missing_days)
    episodes = group_episodes(store.missing_episodes(start - repeat_window, end))
    key = pseudonym_key(settings)
    missing, rhi, repeat, top_share, cohort_share, top_children = missing_figures(
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
        period_end=add_months(date.fromisoformat(f"{month_list[-1]}-01"), 1) - timedelta(days=1),
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
