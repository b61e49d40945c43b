"""Oversight figures for the strategic board and the practice lead, suppressed in here.

Every page, command and report gets its figures from ``oversight_report``, so the board, the
strategic PDF and ``cseboard kpis`` say the same. Strategic users choose among fixed reporting
periods (financial years and their quarters); all of those, the loaded-data counts and the latest
analysis run are one grid, suppressed as a whole (``services/oversight_grid.py``), so that no
combination of views gives a hidden count away. Counts 1-4 read ``<5``; a further cell reads
``[c]`` wherever a hidden count could otherwise be worked out. The practice lead may also ask for
any number of months, one agency's episodes, the per-agency view and exact figures.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from cseboard.access.keys import pseudonym_key
from cseboard.access.policy import Permission, require
from cseboard.access.suppression import Grid
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.models.oversight import (
    AgencyFigures,
    Cell,
    ClusterRow,
    ClustersView,
    EpisodeRecords,
    MonthlyTable,
    OversightReport,
    ReportingPeriod,
    Series,
)
from cseboard.models.users import AuditAction, Role, User
from cseboard.models.values import LONDON
from cseboard.services.context import ServiceContext
from cseboard.services.missing_figures import (
    FIGURES,
    add_missing_figures,
    missing_tables,
    period_figures,
)
from cseboard.services.oversight_grid import OversightGrid, build_grid
from cseboard.services.oversight_tables import (
    TOTAL,
    Column,
    add_months,
    month_columns,
    month_keys,
    monthly_table,
    offered_periods,
    period_columns,
)

__all__ = [
    "MERGED_SHOWN",
    "OTHER_FIGURES",
    "check_oversight_request",
    "oversight_report",
    "reporting_periods",
    "strategic_grid",
]

MERGED_SHOWN = 500
"""How many episodes built from several records the practice lead's report lists."""

OTHER_FIGURES = {
    "intelligence_reports": "Intelligence reports",
    "cawns": "Child Abduction Warning Notices",
    "nrm_referrals": "National Referral Mechanism referrals",
}
"""Figures beyond the missing family that ``figures`` and ``by_month`` carry by name."""
_OTHER_KEYS = {
    "intelligence_reports": "intelligence:all",
    "cawns": "disruption:cawn",
    "nrm_referrals": "disruption:nrm_referral",
}


def _today() -> date:
    return datetime.now(LONDON).date()


def reporting_periods(ctx: ServiceContext, user: User) -> list[ReportingPeriod]:
    """The fixed periods a user may choose on the oversight page, newest first."""
    require(user, Permission.VIEW_OVERSIGHT)
    return offered_periods(_today())


def strategic_grid(ctx: ServiceContext, *, suppress: bool = True) -> OversightGrid:
    """Everything a strategic user can obtain, in one grid: every offered period (months,
    quarters, financial years), the loaded-data counts and the latest analysis run."""
    offered = offered_periods(_today())
    return build_grid(
        ctx,
        period_columns(offered),
        suppress=suppress,
        top_columns=[p.key for p in offered if p.kind == "financial_year"],
        cohort_columns=[p.key for p in offered if p.kind != "months"],
        with_loaded=True,
    )


def _refuse(ctx: ServiceContext, user: User, what: str) -> AccessDenied:
    ctx.audit.record(user, AuditAction.REFUSAL, f"oversight refused: {what}", records=[])
    return AccessDenied(f"only the practice lead may ask for {what}")


def check_oversight_request(
    ctx: ServiceContext,
    user: User,
    *,
    months: int | None,
    period: str | None,
    exact: bool,
    agency: str | None,
    last_month: date | None,
) -> None:
    """Refuse (and audit) what only the practice lead may ask for; reject impossible choices.

    Run by ``oversight_report`` and again before a kept report is shown
    (``services.oversight_kept``), so a kept report never skips the check.
    """
    require(user, Permission.VIEW_OVERSIGHT)
    if not user.has(Role.PRACTICE_LEAD):
        for asked, what in (
            (exact, "unsuppressed oversight figures"),
            (agency is not None, "one agency's oversight figures"),
            (months is not None or last_month is not None, "a free number of months"),
        ):
            if asked:
                raise _refuse(ctx, user, what)
    if months is not None and period is not None:
        raise ValidationFailed("ask for a reporting period or a number of months, not both")
    if months is not None and not 1 <= months <= 120:
        raise ValidationFailed("months: between 1 and 120")


def _risk_tables(
    data: OversightGrid, months: list[str]
) -> tuple[MonthlyTable, MonthlyTable | None]:
    grid = data.grid
    series = [
        Series(
            key=level,
            label=level.replace("_", " ").capitalize(),
            cells=[grid.cell((f"risk:{level}", "now"))],
        )
        for level in data.risk_levels
    ]
    series.append(
        Series(key="all", label="All young people", cells=[grid.cell(("risk:all", "now"))])
    )
    risk_now = MonthlyTable(
        key="risk_now",
        title="Young people at each risk level now",
        unit="young people",
        months=["now"],
        series=series,
        note="Levels set by practitioners with a written rationale; 'not set' where none is.",
    )
    if not data.risk_history_levels:
        return risk_now, None
    rows = [
        (level, level.replace("_", " ").capitalize(), False) for level in data.risk_history_levels
    ]
    rows.append(("assessed", "Young people assessed", False))
    over_time = monthly_table(
        grid,
        "risk_over_time",
        "Young people at each risk level, at the end of each month",
        "young people",
        months,
        rows,
        total=None,
        prefix="risk:",
        note="Each young person's latest risk assessment made by the end of the month.",
    )
    return risk_now, over_time


def _clusters(data: OversightGrid) -> ClustersView:
    grid = data.grid
    runs = [(when, grid.cell(("clusters:run", str(i)))) for i, (when, _) in enumerate(data.runs)]
    latest = data.latest
    if latest is None:
        return ClustersView(runs=runs)
    has_hotspots = ("clusters:latest", "hotspots") in grid.values
    return ClustersView(
        run_id=latest.run_id,
        run_at=latest.run_at,
        cluster_count=grid.cell(("clusters:latest", "clusters")),
        hotspot_count=grid.cell(("clusters:latest", "hotspots")) if has_hotspots else None,
        clusters=[
            ClusterRow(
                cluster_id=cid,
                members=grid.cell((f"cluster:{cid}", "members")),
                young_people=grid.cell((f"cluster:{cid}", "young_people")),
                adults=grid.cell((f"cluster:{cid}", "adults")),
                others=grid.cell((f"cluster:{cid}", "others")),
            )
            for cid in data.cluster_ids
        ],
        runs=runs,
    )


def _family(
    data: OversightGrid,
    prefix: str,
    kinds: dict[str, str],
    months: list[str],
    total: str,
    **text: str,
) -> MonthlyTable:
    rows = [(kind, label, True) for kind, label in kinds.items()]
    rows.append(("all", "All", True))
    return monthly_table(
        data.grid,
        text["key"],
        text["title"],
        text["unit"],
        months,
        rows,
        total=total,
        prefix=prefix,
        note=text["note"],
    )


def _named(grid: Grid, column: str) -> dict[str, Cell]:
    found = period_figures(grid, FIGURES, column)
    for name, key in _OTHER_KEYS.items():
        if (key, column) in grid.values:
            found[name] = grid.cell((key, column))
    return found


def _by_agency(
    data: OversightGrid, ctx: ServiceContext, column: Column, suppress: bool
) -> list[AgencyFigures]:
    """The missing figures over each agency's episodes, in one grid per agency."""
    settings = ctx.settings
    out = []
    column = Column(column.key, column.months)  # on its own: no parts in this grid
    for agency in sorted({a for e in data.episodes for a in e.agencies}):
        grid = Grid(suppress=suppress)
        add_missing_figures(
            grid,
            [e for e in data.episodes if agency in e.agencies],
            [column],
            due=timedelta(hours=settings.rhi_due_hours),
            repeat_count=settings.repeat_missing_count,
            repeat_window=timedelta(days=settings.repeat_missing_days),
            cohort_columns=[column.key],
        )
        out.append(AgencyFigures(agency=agency, figures=period_figures(grid, FIGURES, column.key)))
    return out


def _merged(data: OversightGrid, months: list[str]) -> list[EpisodeRecords]:
    """The view's episodes that several records make up, latest first."""
    wanted = set(months)
    found = [
        e
        for e in data.episodes
        if len(e.records) > 1 and e.reported.astimezone(LONDON).strftime("%Y-%m") in wanted
    ]
    found.sort(key=lambda e: (e.reported, e.key), reverse=True)
    return [
        EpisodeRecords(
            episode=e.key,
            absence=e.absence,
            began=e.reported,
            returned=e.returned,
            records=list(e.records),
        )
        for e in found[:MERGED_SHOWN]
    ]


def oversight_report(
    ctx: ServiceContext,
    user: User,
    *,
    period: str | None = None,
    months: int | None = None,
    last_month: date | None = None,
    exact: bool = False,
    agency: str | None = None,
) -> OversightReport:
    """The partnership's oversight figures for one reporting period.

    Strategic users choose a ``period`` among ``reporting_periods`` (default: the current
    financial year). The practice lead may instead ask for ``months`` months ending with
    ``last_month`` (default this month), for the episodes ``agency`` recorded, and for
    ``exact`` (unsuppressed) figures; asked by anyone else, these are refused and the refusal
    is audited. The practice lead's report also carries the per-agency view.

    Raises
    ------
    AccessDenied
        Without the oversight permission, or asking for what only the practice lead may.
    ValidationFailed
        For a period that is not offered, or a number of months outside 1-120.
    """
    check_oversight_request(
        ctx, user, months=months, period=period, exact=exact, agency=agency, last_month=last_month
    )
    settings = ctx.settings
    suppress = not exact
    lead = user.has(Role.PRACTICE_LEAD)
    if months is None and last_month is None:
        offered = offered_periods(_today())
        chosen = next((p for p in offered if p.key == (period or offered[0].key)), None)
        if chosen is None:
            keys = ", ".join(p.key for p in offered)
            raise ValidationFailed(f"period: one of {keys}")
        if agency is None and suppress:
            data = strategic_grid(ctx)
        else:
            data = build_grid(
                ctx,
                period_columns(offered),
                suppress=suppress,
                top_columns=[p.key for p in offered if p.kind == "financial_year"],
                cohort_columns=[p.key for p in offered],
                agency=agency,
                with_loaded=agency is None,
            )
        total = chosen.key
        top = data.top.get(total)
        view_months = chosen.months
    else:
        view_months = month_keys(last_month or _today(), months or 24)
        first, last = view_months[0], view_months[-1]
        chosen = ReportingPeriod(
            key=f"{first} to {last}",
            kind="months",
            label=f"{len(view_months)} months, {first} to {last}",
            months=view_months,
        )
        data = build_grid(
            ctx,
            month_columns(view_months),
            suppress=suppress,
            top_columns=[TOTAL],
            cohort_columns=[TOTAL],
            agency=agency,
        )
        total = TOTAL
        top = data.top.get(total)
    grid = data.grid
    missing, rhi, repeat, top_share, cohort_share, top_children = missing_tables(
        grid,
        view_months,
        total,
        hours=settings.rhi_due_hours,
        repeat_count=settings.repeat_missing_count,
        repeat_days=settings.repeat_missing_days,
        top=top,
        key=pseudonym_key(settings),
    )
    risk_now, risk_over_time = _risk_tables(data, view_months)
    intelligence = _family(
        data,
        "intelligence:",
        data.intelligence_kinds,
        view_months,
        total,
        key="intelligence",
        title="Intelligence submitted per agency per month",
        unit="reports",
        note="Month the report was made (UK time), by the agency that submitted it.",
    )
    disruption = _family(
        data,
        "disruption:",
        data.disruption_kinds,
        view_months,
        total,
        key="disruption",
        title="Disruption activity and NRM referrals per month",
        unit="records",
        note="Recorded on the oversight page by the practice lead.",
    )
    notes = [
        "Counts from 1 to 4 are shown as <5; [c] hides a further count so that a <5 cannot be "
        "worked out from a total, from another period or from the loaded-data counts.",
    ]
    if not suppress:
        notes = ["EXACT FIGURES for the practice lead: never share them outside the partnership."]
    if agency is not None:
        notes.append(f"Missing figures over the episodes {agency} recorded only.")
    if not data.risk_history_levels:
        notes.append("No risk-assessment history yet: only current risk levels are shown.")
    if top is None:
        notes.append("The 20 most-missing children are given for financial years.")
    column = next(c for c in data.columns if c.key == total)
    by_agency = _by_agency(data, ctx, column, suppress) if lead and agency is None else []
    merged = _merged(data, view_months) if lead else []
    period_start = date.fromisoformat(f"{view_months[0]}-01")
    report = OversightReport(
        generated_at=datetime.now(UTC),
        period=chosen,
        period_start=period_start,
        period_end=add_months(date.fromisoformat(f"{view_months[-1]}-01"), 1) - timedelta(days=1),
        months=view_months,
        suppressed=suppress,
        risk_source="history" if risk_over_time is not None else "current",
        risk_now=risk_now,
        risk_over_time=risk_over_time,
        missing=missing,
        rhi=rhi,
        repeat=repeat,
        top20_share=top_share,
        cohort_share=cohort_share,
        top_children=top_children,
        clusters=_clusters(data),
        intelligence=intelligence,
        disruption=disruption,
        figures=_named(grid, total),
        by_month={m: _named(grid, m) for m in view_months},
        agency=agency,
        by_agency=by_agency,
        merged_episodes=merged,
        notes=notes,
    )
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"viewed partnership oversight {chosen.key}"
        + (f" for {agency}" if agency else "")
        + f" ({'exact' if exact else 'suppressed'} aggregates)",
        records=[],
    )
    return report
