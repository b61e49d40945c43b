"""The strategic board's charts and PDF report, built only from a suppressed ``OversightReport``.

Charts never receive a hidden count: a cell shown as ``<5`` or ``[c]`` has no value here, so it
is listed by its label in a strip under the chart, and lines break there instead of
interpolating.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from cseboard.models.oversight import Cell, MonthlyTable, OversightReport, Share
from cseboard.models.plan import PlanSection
from cseboard.models.values import LONDON
from cseboard.reports.plan_section import plan_pages

__all__ = [
    "MARKING",
    "SUMMARY",
    "AnyChart",
    "chart_frame",
    "charts",
    "monthly_chart",
    "share_text",
    "strategic_pdf",
]

MARKING = "OFFICIAL-SENSITIVE"
AnyChart = alt.Chart | alt.LayerChart | alt.FacetChart | alt.VConcatChart
"""What the chart builders return (what ``st.altair_chart`` accepts)."""
SUMMARY = (
    "missing_episodes",
    "missing_children",
    "away_episodes",
    "away_children",
    "still_missing_episodes",
    "still_missing_children",
    "returned_missing_episodes",
    "rhi_offered",
    "rhi_offered_within",
    "rhi_offered_late",
    "rhi_offered_time_unknown",
    "rhi_completed",
    "rhi_declined",
    "repeat_missing_children",
)
"""The figures of the report's summary, by their names in ``docs/kpis.md``."""
_HIDDEN_COLOUR = "#7a7a7a"
_MARKING_RGB = (153, 0, 0)


def share_text(share: Share) -> str:
    """``212 of 735 (28.8%)``; the percentage only when both counts are shown."""
    percent = f" ({share.percent:.1f}%)" if share.percent is not None else ""
    return f"{share.part.text} of {share.whole.text}{percent}"


def chart_frame(table: MonthlyTable, keys: Sequence[str] | None = None) -> pd.DataFrame:
    """Long form (month, series, value, label): ``value`` is empty for hidden cells."""
    rows: list[dict[str, Any]] = []
    for series in table.series:
        if keys is not None and series.key not in keys:
            continue
        for month, cell in zip(table.months, series.cells, strict=True):
            rows.append(
                {"month": month, "series": series.label, "value": cell.value, "label": cell.text}
            )
    return pd.DataFrame(rows, columns=["month", "series", "value", "label"])


def monthly_chart(
    table: MonthlyTable,
    *,
    keys: Sequence[str] | None = None,
    title: str | None = None,
    bars: bool = False,
    width: int = 640,
    height: int = 220,
) -> AnyChart:
    """Lines (or bars) of the shown counts; hidden cells are listed in a strip underneath,
    one row per measure, so a reader sees which month hides what (lines break there)."""
    frame = chart_frame(table, keys)
    shown = frame[frame["value"].notna()]
    hidden = frame[frame["value"].isna()]
    labels = [s.label for s in table.series if keys is None or s.key in keys]
    axis = alt.Axis(labelAngle=-45)
    x = alt.X("month:O", title=None, sort=table.months, axis=None if len(hidden) else axis)
    y = alt.Y(
        "value:Q",
        title=table.unit,
        scale=alt.Scale(domainMin=0),
        axis=alt.Axis(format="d", tickMinStep=1),
    )
    colour = alt.Color(
        "series:N",
        title=None,
        sort=labels,
        legend=alt.Legend(orient="bottom", columns=3, labelLimit=320),
    )
    tooltip = [
        alt.Tooltip("month:O"),
        alt.Tooltip("series:N"),
        alt.Tooltip("label:N", title="count"),
    ]
    base = alt.Chart(shown if bars else frame)
    if bars:
        main = base.mark_bar().encode(x=x, xOffset="series:N", y=y, color=colour, tooltip=tooltip)
    else:
        main = base.mark_line(point=True, invalid="break-paths-show-domains").encode(
            x=x, y=y, color=colour, tooltip=tooltip
        )
    main = main.properties(width=width, height=height)
    if not len(hidden):
        titled: alt.Chart = main.properties(title=title or table.title)
        return titled
    strip = (
        alt.Chart(hidden)
        .mark_text(fontSize=10, fontWeight="bold")
        .encode(
            x=alt.X(
                "month:O",
                title=None,
                sort=table.months,
                scale=alt.Scale(domain=table.months),
                axis=axis,
            ),
            y=alt.Y("series:N", sort=labels, scale=alt.Scale(domain=labels), title="hidden"),
            text="label:N",
            color=colour,
            tooltip=tooltip,
        )
        .properties(width=width, height=14 * len(labels))
    )
    if not (shown["value"] > 0).any():
        # Nothing to draw but hidden cells: the strip alone says it all.
        only: alt.Chart = strip.properties(title=title or table.title, height=24 * len(labels))
        return only
    return alt.vconcat(main, strip, spacing=4).properties(title=title or table.title)


def _bar_chart(
    labels: Sequence[str], cells: Sequence[Cell], *, title: str, unit: str, width: int = 640
) -> AnyChart:
    frame = pd.DataFrame(
        {
            "category": list(labels),
            "value": [c.value for c in cells],
            "label": [c.text for c in cells],
        }
    )
    y = alt.Y("category:N", sort=list(labels), title=None)
    bars = (
        alt.Chart(frame[frame["value"].notna()])
        .mark_bar()
        .encode(x=alt.X("value:Q", title=unit), y=y, tooltip=["category", "label"])
    )
    text = (
        alt.Chart(frame)
        .mark_text(align="left", dx=4, fontSize=10)
        .encode(
            x=alt.X("value:Q"),
            y=y,
            text="label:N",
            color=alt.condition(
                "datum.value === null", alt.value(_HIDDEN_COLOUR), alt.value("#222222")
            ),
        )
        .transform_calculate(value="datum.value === null ? 0 : datum.value")
    )
    return alt.layer(bars, text).properties(title=title, width=width, height=22 * len(labels) + 10)


def charts(report: OversightReport) -> dict[str, AnyChart]:
    """Every chart of the oversight page and report, by name, from suppressed data only."""
    out: dict[str, AnyChart] = {}
    now = report.risk_now
    levels = [s for s in now.series if s.key != "all"]
    out["risk_now"] = _bar_chart(
        [s.label for s in levels],
        [s.cells[0] for s in levels],
        title=now.title,
        unit=now.unit,
    )
    if report.risk_over_time is not None:
        out["risk_over_time"] = monthly_chart(report.risk_over_time)
    out["missing"] = monthly_chart(report.missing)
    out["rhi"] = monthly_chart(report.rhi)
    out["repeat"] = monthly_chart(report.repeat)
    out["intelligence"] = monthly_chart(report.intelligence)
    out["disruption"] = monthly_chart(report.disruption, keys=["cawn", "nrm_referral"], bars=True)
    clusters = report.clusters
    if clusters.clusters:
        out["clusters"] = _bar_chart(
            [c.cluster_id for c in clusters.clusters],
            [c.members for c in clusters.clusters],
            title="Members of each cluster (latest analysis run)",
            unit="people",
        )
    return out


# --------------------------------------------------------------------------- PDF


def _latin1(text: object) -> str:
    """Core PDF fonts are Latin-1: common typography is mapped, anything else becomes '?'."""
    value = str(text)
    for a, b in {
        "\u2013": "-",
        "\u2014": "-",
        "\u2019": "'",
        "\u2018": "'",
        "\u2264": "<=",
    }.items():
        value = value.replace(a, b)
    return value.encode("latin-1", "replace").decode("latin-1")


class _Pdf(FPDF):
    def __init__(self, footer_note: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_note = footer_note
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(15, 18, 15)

    def header(self) -> None:
        self.set_y(7)
        self.set_font("Helvetica", "B", 10)
        self.set_text_color(*_MARKING_RGB)
        self.cell(0, 5, MARKING, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.set_y(18)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font("Helvetica", "B", 9)
        self.set_text_color(*_MARKING_RGB)
        self.cell(0, 4, MARKING, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("Helvetica", "", 7)
        self.set_text_color(90, 90, 90)
        self.cell(0, 4, _latin1(f"{self.footer_note}   Page {self.page_no()}/{{nb}}"), align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: int = 13) -> None:
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, 6.5, _latin1(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def para(self, text: str, *, size: float = 9.5, grey: bool = False) -> None:
        self.set_font("Helvetica", "", size)
        if grey:
            self.set_text_color(80, 80, 80)
        self.multi_cell(0, 4.6, _latin1(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(1)

    def chart(self, chart: AnyChart) -> None:
        import io

        import vl_convert as vlc

        png = vlc.vegalite_to_png(chart.to_dict(), scale=2)
        width = self.epw
        # Keep the chart with its heading: start a page if less than a chart's height is left.
        if self.get_y() > self.h - 95:
            self.add_page()
        self.image(io.BytesIO(png), w=width)
        self.ln(2)

    def grid(
        self, columns: Sequence[str], rows: Sequence[Sequence[str]], *, first: float = 24.0
    ) -> None:
        self.set_font("Helvetica", "", 8)
        other = (self.epw - first) / max(len(columns) - 1, 1)
        with self.table(
            col_widths=(first, *([other] * (len(columns) - 1))),
            text_align=("LEFT", *(["RIGHT"] * (len(columns) - 1))),
            line_height=4.4,
            first_row_as_headings=True,
            headings_style=_headings(),
        ) as table:
            for row in (columns, *rows):
                line = table.row()
                for value in row:
                    line.cell(_latin1(value))
        self.ln(3)


def _headings() -> Any:
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", fill_color=(220, 227, 236))


def _table_rows(table: MonthlyTable) -> tuple[list[str], list[list[str]]]:
    """Months down the page, measures across (24 months fit; 24 columns would not)."""
    columns = ["Month", *[s.label for s in table.series]]
    rows = [
        [month, *[s.cells[i].text for s in table.series]] for i, month in enumerate(table.months)
    ]
    if any(s.total is not None for s in table.series):
        rows.append(["Period", *[s.total.text if s.total else "-" for s in table.series]])
    return columns, rows


def _monthly_section(pdf: _Pdf, table: MonthlyTable, chart: AnyChart | None) -> None:
    pdf.heading(table.title, 12)
    if table.note:
        pdf.para(table.note, size=8.5, grey=True)
    if chart is not None:
        pdf.chart(chart)
    columns, rows = _table_rows(table)
    pdf.grid(columns, rows)


def strategic_pdf(
    report: OversightReport,
    *,
    generated_by: str,
    recipients: Sequence[str],
    plan: PlanSection | None = None,
) -> bytes:
    """The strategic report as PDF bytes, marked OFFICIAL-SENSITIVE on every page.

    Raises
    ------
    ValueError
        For an unsuppressed report: exact figures never leave the board as a document.
    """
    if not report.suppressed:
        raise ValueError("the strategic report is only made from suppressed figures")
    made = report.generated_at.astimezone(LONDON)
    figures = charts(report)
    pdf = _Pdf(footer_note=f"Partnership oversight report, {report.period.label}")
    pdf.set_title("Partnership oversight report: CSE and missing children")
    pdf.set_author("CSE & missing children board")
    pdf.set_creation_date(report.generated_at)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.heading("Partnership oversight report: child sexual exploitation and missing children", 16)
    pdf.para(
        f"Reporting period: {report.period.label}, {report.period_start:%d/%m/%Y} to "
        f"{report.period_end:%d/%m/%Y} ({len(report.months)} months). Produced "
        f"{made:%d/%m/%Y %H:%M} by {generated_by} for: {'; '.join(recipients)}."
    )
    pdf.para(
        "Each figure is defined in the partnership's KPI definitions (docs/kpis.md): one "
        "absence recorded by several agencies counts once; missing and away (absent without "
        "authorisation) are counted apart; interviews are measured over returned missing "
        "episodes, and an offer without a time is neither within nor later than the time due.",
        grey=True,
    )
    pdf.para(
        "Aggregates and pseudonyms only: this report names no child or adult. Counts from 1 to "
        "4 are shown as <5, and [c] hides a further count where a <5 could otherwise be worked "
        "out from a total. Charts list hidden counts in a strip under the chart, never as values.",
        grey=True,
    )
    for note in report.notes[1:]:
        pdf.para(note, grey=True)

    pdf.heading("Summary", 13)
    labels = {
        series.key: series.label
        for table in (report.missing, report.rhi, report.repeat)
        for series in table.series
    }
    summary = [[labels[name], _figure(report, name)] for name in SUMMARY if name in labels]
    if report.top20_share is not None:
        summary.append([report.top20_share.label, share_text(report.top20_share)])
    summary += [
        [report.cohort_share.label, share_text(report.cohort_share)],
        ["Clusters (latest analysis run)", _cell_text(report.clusters.cluster_count)],
        ["Hotspots (latest analysis run)", _cell_text(report.clusters.hotspot_count)],
        ["Intelligence reports in the period", _total(report.intelligence, "all")],
        ["Disruption records in the period", _total(report.disruption, "all")],
    ]
    pdf.grid(["Measure", "Count"], summary, first=120.0)

    pdf.add_page()
    pdf.heading(report.risk_now.title, 12)
    pdf.para(report.risk_now.note, size=8.5, grey=True)
    pdf.chart(figures["risk_now"])
    if report.risk_over_time is not None:
        _monthly_section(pdf, report.risk_over_time, figures.get("risk_over_time"))
    for key, table in (
        ("missing", report.missing),
        ("rhi", report.rhi),
        ("repeat", report.repeat),
    ):
        pdf.add_page()
        _monthly_section(pdf, table, figures[key])

    pdf.add_page()
    if report.top20_share is not None:
        pdf.heading(f"The {len(report.top_children)} most-missing children (pseudonyms)", 12)
        pdf.para(share_text(report.top20_share) + " missing episodes in the period.", size=9)
        pdf.grid(
            ["Pseudonym", "Missing episodes in the period"],
            [[c.pseudonym, c.episodes.text] for c in report.top_children],
            first=60.0,
        )
    else:
        pdf.heading("The most-missing children", 12)
        pdf.para("Given for financial years only (see the financial year's report).", size=9)
    pdf.heading("Missing children and the exploitation cohort", 12)
    pdf.para(f"{report.cohort_share.label}: {share_text(report.cohort_share)}.", size=9)

    pdf.add_page()
    pdf.heading("Clusters and hotspots", 12)
    view = report.clusters
    if view.run_id is None:
        pdf.para("No analysis run yet: clusters and hotspots appear after the first run.")
    else:
        run_at = view.run_at.astimezone(LONDON) if view.run_at else None
        pdf.para(
            f"Latest analysis run {view.run_id}"
            + (f" of {run_at:%d/%m/%Y %H:%M}" if run_at else "")
            + f": {_cell_text(view.cluster_count)} clusters, {_cell_text(view.hotspot_count)} "
            "hotspots. Clusters are advisory: each is explained by the records behind it.",
            size=9,
        )
        if "clusters" in figures:
            pdf.chart(figures["clusters"])
        pdf.grid(
            ["Cluster", "Members", "Young people", "Adults", "Others"],
            [
                [c.cluster_id, c.members.text, c.young_people.text, c.adults.text, c.others.text]
                for c in view.clusters
            ],
        )
    for key, table in (("intelligence", report.intelligence), ("disruption", report.disruption)):
        pdf.add_page()
        _monthly_section(pdf, table, figures[key])
    if plan is not None:
        plan_pages(pdf, plan)
    return bytes(pdf.output())


def _cell_text(cell: Cell | None) -> str:
    return cell.text if cell is not None else "not available"


def _figure(report: OversightReport, name: str) -> str:
    cell = report.figures.get(name)
    return cell.text if cell is not None else "-"


def _total(table: MonthlyTable, key: str) -> str:
    for series in table.series:
        if series.key == key:
            return series.total.text if series.total is not None else "-"
    return "-"
