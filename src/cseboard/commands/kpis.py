"""``cseboard kpis``: the oversight figures on the command line, as the board computes them."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from cseboard.cli_support import AsUser, acting_as, wide_console
from cseboard.models.oversight import Cell, OversightReport

__all__ = ["kpis", "kpis_json", "register"]


def _value(cell: Cell) -> int | str:
    """The count, or ``"<5"`` / ``"[c]"`` where it is suppressed."""
    return cell.value if cell.value is not None else cell.text


def kpis_json(report: OversightReport) -> dict[str, Any]:
    """One object: the period's totals under their names in ``docs/kpis.md`` at the top level,
    the same names per month under ``by_month`` (and per agency under ``by_agency``)."""
    out: dict[str, Any] = {
        "period": report.period.key,
        "months": report.months,
        "suppressed": report.suppressed,
    }
    if report.agency is not None:
        out["agency"] = report.agency
    out.update({name: _value(cell) for name, cell in report.figures.items()})
    out["by_month"] = {
        month: {name: _value(cell) for name, cell in figures.items()}
        for month, figures in report.by_month.items()
    }
    if report.by_agency:
        out["by_agency"] = {
            a.agency: {name: _value(cell) for name, cell in a.figures.items()}
            for a in report.by_agency
        }
    return out


def kpis(
    months: Annotated[
        int | None,
        typer.Option("--months", help="Months ending this month (practice lead only)."),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="A financial year (2024-25) or quarter (2024-25 Q1)."),
    ] = None,
    agency: Annotated[
        str | None,
        typer.Option("--agency", help="Only the episodes this agency recorded (practice lead)."),
    ] = None,
    exact: Annotated[
        bool, typer.Option("--exact", help="Unsuppressed figures (practice lead only).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    as_user: AsUser = None,
) -> None:
    """Print the oversight figures (defined in docs/kpis.md), as the practice lead unless --as.

    Default: the current financial year. --months, --agency and --exact are the practice
    lead's; anyone else is refused (and the refusal audited).
    """
    from cseboard.services.oversight_figures import oversight_report

    with acting_as(as_user) as (ctx, user):
        report = oversight_report(
            ctx, user, period=period, months=months, exact=exact, agency=agency
        )
    if as_json:
        typer.echo(json.dumps(kpis_json(report), indent=None, sort_keys=False))
        return
    out = wide_console()
    totals = Table(title=f"Oversight figures, {report.period.label}")
    totals.add_column("figure")
    totals.add_column("value", justify="right")
    for name, cell in report.figures.items():
        totals.add_row(name, cell.text)
    out.print(totals)
    by_month = Table(title="By month (the month the episode began, UK time)")
    names = [n for n in report.figures if any(n in f for f in report.by_month.values())]
    by_month.add_column("figure")
    for month in report.by_month:
        by_month.add_column(month, justify="right")
    for name in names:
        cells = [f[name].text if name in f else "" for f in report.by_month.values()]
        by_month.add_row(name, *cells)
    out.print(by_month)
    for note in report.notes:
        out.print(note)


def register(app: typer.Typer) -> None:
    """Add ``kpis`` to the main app."""
    app.command("kpis")(kpis)
