"""The action plan's pages of the strategic report: actions by status, overdue, what changed."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from cseboard.models.plan import PLAN_STATUSES, PlanAction, PlanSection, status_label
from cseboard.models.values import LONDON

__all__ = ["PdfWriter", "plan_pages"]

NOTE_CHARS = 300
"""Notes are shortened in the report: the full history stays on the plan page."""


class PdfWriter(Protocol):
    """What the section needs of the report's PDF (the strategic report's writer has it)."""

    def add_page(self) -> None: ...

    def heading(self, text: str, size: int = 13) -> None: ...

    def para(self, text: str, *, size: float = 9.5, grey: bool = False) -> None: ...

    def grid(
        self, columns: Sequence[str], rows: Sequence[Sequence[str]], *, first: float = 24.0
    ) -> None: ...

    @property
    def epw(self) -> float: ...

    def set_font(self, family: str | None = None, style: str = "", size: float = 0) -> None: ...

    def ln(self, h: float | None = None) -> None: ...

    def table(self, *args: Any, **kwargs: Any) -> AbstractContextManager[Any]: ...


def _pdf_text(value: str) -> str:
    """The report's core fonts are Latin-1: typographic marks mapped, anything else '?'."""
    for a, b in {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'"}.items():
        value = value.replace(a, b)
    return value.encode("latin-1", "replace").decode("latin-1")


def _text_table(
    pdf: PdfWriter, columns: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
) -> None:
    """A table of words: every column left-aligned, widths relative to the page."""
    from fpdf.fonts import FontFace

    scale = pdf.epw / sum(widths)
    pdf.set_font("Helvetica", "", 8)
    with pdf.table(
        col_widths=tuple(w * scale for w in widths),
        text_align="LEFT",
        line_height=4.4,
        first_row_as_headings=True,
        headings_style=FontFace(emphasis="BOLD", fill_color=(220, 227, 236)),
    ) as table:
        for row in (columns, *rows):
            line = table.row()
            for value in row:
                line.cell(_pdf_text(value))
    pdf.ln(3)


def _short(text: str, limit: int = NOTE_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3].rstrip() + "..."


def _owner(a: PlanAction) -> str:
    return f"{a.owner_agency.replace('_', ' ').capitalize()}, {a.owner_role}"


def _figures(a: PlanAction, section: PlanSection) -> str:
    shown = [section.figures[k] for k in a.figures if k in section.figures]
    return "; ".join(f"{f.label}: {f.text}" for f in shown)


def plan_pages(pdf: PdfWriter, section: PlanSection) -> None:
    """Add the plan's pages: counts by status, overdue actions, changes, every action."""
    pdf.add_page()
    pdf.heading("The CSE strategy's action plan", 13)
    total = sum(section.by_status.values())
    if not total:
        pdf.para("No action plan has been imported yet.")
        return
    since = (
        f"since the last report of {section.since.astimezone(LONDON):%d/%m/%Y %H:%M}"
        if section.since
        else "since the plan was started (this is the first report that carries it)"
    )
    pdf.para(
        f"{total} actions as at {section.as_of:%d/%m/%Y}; {len(section.overdue)} overdue. "
        "Linked oversight figures are over this report's period and suppressed like it. "
        "The plan is about the partnership's work and names no child or adult.",
        size=9,
    )
    pdf.grid(
        ["Status", "Actions"],
        [[status_label(s), str(section.by_status.get(s, 0))] for s in PLAN_STATUSES]
        + [["All", str(total)]],
        first=120.0,
    )
    pdf.heading("Overdue actions", 12)
    if section.overdue:
        _text_table(
            pdf,
            ["Action", "Owner", "Due", "Status"],
            [
                [_short(a.text, 160), _owner(a), f"{a.due_date:%d/%m/%Y}", status_label(a.status)]
                for a in section.overdue
            ],
            (5, 3, 1.3, 1.2),
        )
    else:
        pdf.para("No action is overdue.", size=9)
    pdf.heading(f"What changed {since}", 12)
    if section.changes:
        _text_table(
            pdf,
            ["What changed", "Action", "When"],
            [
                [_short(c.what), _short(c.action, 120), f"{c.at.astimezone(LONDON):%d/%m/%Y}"]
                for c in section.changes
            ],
            (5, 4, 1.3),
        )
    else:
        pdf.para("Nothing has changed since the last report.", size=9)
    for status in PLAN_STATUSES:
        actions = [a for a in section.actions if a.status == status]
        if not actions:
            continue
        pdf.heading(f"{status_label(status)} ({len(actions)})", 12)
        _text_table(
            pdf,
            ["Action (objective)", "Owner", "Due", "Linked figures"],
            [
                [
                    f"{_short(a.text, 160)} ({_short(a.objective, 80)})",
                    _owner(a),
                    f"{a.due_date:%d/%m/%Y}" + (" OVERDUE" if a.overdue else ""),
                    _figures(a, section),
                ]
                for a in actions
            ],
            (4.5, 2.6, 1.4, 3),
        )
