"""Oversight figures an action of the plan is meant to move, by stable key, from the one report.

A key names a figure of ``oversight_report`` (a table and one of its series, a share, or a
count of the latest analysis run); the value is read from the report the caller got, so it
carries that report's suppression and its one definition of each figure (``docs/kpis.md``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cseboard.models.oversight import Cell, MonthlyTable, OversightReport, Share
from cseboard.models.plan import FigureValue

__all__ = ["FIGURES", "RECENT_MONTHS", "Figure", "figure_values", "unknown_figures"]

RECENT_MONTHS = 3


@dataclass(frozen=True)
class Figure:
    """Where a figure lives in the oversight report.

    ``table`` is a monthly table's key (``series`` one of its rows), or ``share:<field>`` for a
    share of the report, or ``clusters:<field>`` for a count of the latest analysis run.
    ``kpi`` is the figure's name in ``docs/kpis.md``: a report that carries its figures by name
    (``figures`` and ``by_month``) is read by that name first.
    """

    label: str
    table: str
    series: str = ""
    kpi: str | None = None


FIGURES: dict[str, Figure] = {
    "missing_episodes": Figure("Missing episodes", "missing", "episodes", kpi="missing_episodes"),
    "children_missing": Figure("Children missing", "missing", "children", kpi="missing_children"),
    "rhi_offered": Figure(
        "Return home interviews offered", "rhi", "rhi_offered", kpi="rhi_offered"
    ),
    "rhi_offered_within_72h": Figure(
        "Return home interviews offered within 72 hours",
        "rhi",
        "rhi_within",
        kpi="rhi_offered_within",
    ),
    "rhi_completed": Figure(
        "Return home interviews completed", "rhi", "rhi_completed", kpi="rhi_completed"
    ),
    "rhi_declined": Figure(
        "Return home interviews declined", "rhi", "rhi_declined", kpi="rhi_declined"
    ),
    "repeat_missing_children": Figure(
        "Repeat-missing children", "repeat", "repeat_children", kpi="repeat_missing_children"
    ),
    "top20_share": Figure("Episodes of the 20 most-missing children", "share:top20_share"),
    "cohort_share": Figure("Missing children in an exploitation cohort", "share:cohort_share"),
    "young_people_high_risk": Figure("Young people at high risk now", "risk_now", "high"),
    "young_people_medium_risk": Figure("Young people at medium risk now", "risk_now", "medium"),
    "intelligence_reports": Figure(
        "Intelligence reports submitted", "intelligence", "all", kpi="intelligence_reports"
    ),
    "cawns": Figure("Child Abduction Warning Notices", "disruption", "cawn", kpi="cawns"),
    "nrm_referrals": Figure("National Referral Mechanism referrals", "disruption", "nrm_referral"),
    "clusters": Figure("Clusters (latest analysis run)", "clusters:cluster_count"),
    "hotspots": Figure("Hotspots (latest analysis run)", "clusters:hotspot_count"),
}
"""The stable keys a plan may link to. A key never changes meaning; new figures get new keys."""


def unknown_figures(keys: Iterable[str]) -> list[str]:
    """The keys that name no figure."""
    return sorted({k for k in keys if k not in FIGURES})


def _tables(report: OversightReport) -> dict[str, MonthlyTable]:
    return {
        value.key: value for value in report.__dict__.values() if isinstance(value, MonthlyTable)
    }


def _missing(key: str, figure: Figure) -> FigureValue:
    return FigureValue(key=key, label=figure.label, text="not available", available=False)


def _named(report: OversightReport, key: str, figure: Figure, period: str) -> FigureValue | None:
    """The figure by its ``docs/kpis.md`` name, when the report carries figures by name."""
    named = getattr(report, "figures", None)
    if figure.kpi is None or not isinstance(named, dict) or figure.kpi not in named:
        return None
    by_month = getattr(report, "by_month", None) or {}
    recent = [
        (m, by_month[m][figure.kpi].text)
        for m in report.months
        if m in by_month and figure.kpi in by_month[m]
    ]
    total: Cell = named[figure.kpi]
    return FigureValue(
        key=key, label=figure.label, text=total.text, period=period, recent=recent[-RECENT_MONTHS:]
    )


def _value(report: OversightReport, key: str, tables: dict[str, MonthlyTable]) -> FigureValue:
    figure = FIGURES[key]
    period = f"{report.months[0]} to {report.months[-1]}"
    named = _named(report, key, figure, period)
    if named is not None:
        return named
    kind, _, field = figure.table.partition(":")
    if kind == "share":
        share = getattr(report, field, None)
        if not isinstance(share, Share):
            return _missing(key, figure)
        percent = f" ({share.percent:.1f}%)" if share.percent is not None else ""
        text = f"{share.part.text} of {share.whole.text}{percent}"
        return FigureValue(key=key, label=figure.label, text=text, period=period)
    if kind == "clusters":
        if not hasattr(report.clusters, field):
            return _missing(key, figure)
        cell = getattr(report.clusters, field)
        if not isinstance(cell, Cell):
            return FigureValue(key=key, label=figure.label, text="no analysis run yet")
        return FigureValue(key=key, label=figure.label, text=cell.text, period="latest run")
    table = tables.get(figure.table)
    series = next((s for s in table.series if s.key == figure.series), None) if table else None
    if table is None or series is None:
        return _missing(key, figure)
    if table.months == ["now"]:
        return FigureValue(key=key, label=figure.label, text=series.cells[0].text, period="now")
    recent = list(zip(table.months, (c.text for c in series.cells), strict=True))
    total = series.total.text if series.total is not None else series.cells[-1].text
    return FigureValue(
        key=key,
        label=figure.label,
        text=total,
        period=period if series.total is not None else table.months[-1],
        recent=recent[-RECENT_MONTHS:],
    )


def figure_values(report: OversightReport, keys: Iterable[str]) -> dict[str, FigureValue]:
    """The figures with these keys as the report shows them (unknown keys are left out)."""
    tables = _tables(report)
    return {key: _value(report, key, tables) for key in sorted(set(keys)) if key in FIGURES}
