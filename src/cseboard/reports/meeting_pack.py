"""The operational meeting pack: agenda, cohort, changes, missing episodes, actions by agency."""

from __future__ import annotations

from collections import defaultdict

from cseboard.models.meetings import (
    ActionItem,
    CohortMember,
    IntelligenceItem,
    MeetingPack,
    MissingEpisodeItem,
    rag_for,
)
from cseboard.reports.documents import (
    Block,
    Bullets,
    Cell,
    Document,
    Heading,
    Image,
    Paragraph,
    Table,
    render_docx,
    render_pdf,
    uk_date,
    uk_time,
)
from cseboard.reports.timeline_chart import timeline_png

__all__ = [
    "AGENDA",
    "RATIONALE_CHARS",
    "SUMMARY_CHARS",
    "meeting_pack_document",
    "meeting_pack_docx",
    "meeting_pack_pdf",
]

AGENDA = (
    "Introductions, apologies and confidentiality",
    "Actions from the last meeting, by agency",
    "What has changed since the last meeting",
    "Each young person: risk level, rationale and plan",
    "Missing episodes and return home interviews",
    "New actions: owner agency and due date",
    "Any other business and date of the next meeting",
)
RATIONALE_CHARS = 300
"""Rationales are summarised: the full text stays on the board, behind its audit."""
SUMMARY_CHARS = 400

_ROLES = {"young_person": "Young person", "associate": "Adult"}


def _short(text: str | None, limit: int) -> str:
    if not text:
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _agency(code: str | None) -> str:
    return (code or "").replace("_", " ")


def _rhi(e: MissingEpisodeItem) -> str:
    if e.rhi_completed_at:
        return f"completed {uk_date(e.rhi_completed_at)}"
    if e.rhi_declined:
        return "declined"
    if e.rhi_offered_at:
        return f"offered {uk_date(e.rhi_offered_at)}"
    if e.rhi_offered:
        return "offered"
    return "not recorded" if e.returned_at else "not yet returned"


def _intelligence_rows(items: list[IntelligenceItem]) -> tuple[tuple[str | Cell, ...], ...]:
    rows: list[tuple[str | Cell, ...]] = []
    for i in items:
        if i.restricted:
            rows.append(
                (
                    uk_time(i.reported_at),
                    _agency(i.holder),
                    i.grading or "",
                    "",
                    Cell(f"RESTRICTED. {i.notice or ''}", fill="grey"),
                )
            )
            continue
        names = ", ".join(p.display_name for p in i.people)
        if i.others_named:
            names += f" (+{i.others_named} not in cohort)"
        rows.append(
            (
                uk_time(i.reported_at),
                _agency(i.holder),
                i.grading or "",
                names,
                f"{_agency(i.category)}: {_short(i.summary, SUMMARY_CHARS)}",
            )
        )
    return tuple(rows)


def _episode_rows(episodes: list[MissingEpisodeItem]) -> tuple[tuple[str | Cell, ...], ...]:
    return tuple(
        (
            e.display_name,
            uk_time(e.reported_missing_at),
            uk_time(e.returned_at, empty="still missing"),
            _agency(e.missing_from),
            e.police_risk_level or "",
            e.found_at or "",
            _rhi(e),
        )
        for e in episodes
    )


def _lead(m: CohortMember) -> str | Cell:
    """A young person's lead professional, or a flag when nobody is named yet."""
    lead = m.lead_professional
    if lead is not None:
        return f"{lead.name} ({_agency(lead.agency)}), {lead.contact}"
    if m.needs_lead:
        return Cell("NONE NAMED", fill="amber", bold=True)
    return ""


def _actions_by_agency(actions: list[ActionItem]) -> list[Block]:
    if not actions:
        return [Paragraph("No actions recorded for this operation.")]
    by_agency: dict[str, list[ActionItem]] = defaultdict(list)
    for a in actions:
        by_agency[a.owner_agency].append(a)
    blocks: list[Block] = []
    for agency in sorted(by_agency):
        blocks.append(Heading(_agency(agency).capitalize(), level=2))
        rows: list[tuple[str | Cell, ...]] = []
        for a in by_agency[agency]:
            if a.status == "done":
                status: str | Cell = f"done {uk_date(a.completed_at)}"
            elif a.overdue:
                status = Cell("OVERDUE", fill="red", bold=True)
            else:
                status = "open"
            rows.append((a.text, a.person_name or "", a.due_date.strftime("%d/%m/%Y"), status))
        blocks.append(Table(("Action", "About", "Due", "Status"), tuple(rows), (6, 2.2, 1.4, 1.6)))
    return blocks


def meeting_pack_document(pack: MeetingPack) -> Document:
    """The pack as document blocks, in agenda order."""
    board = pack.board
    counts = board.counts
    op = board.operation
    last = (
        f"last meeting snapshot {uk_time(board.last_meeting.held_at)}"
        if board.last_meeting
        else "no earlier meeting snapshot"
    )
    subtitle = (
        f"Operation {op.operation_id}. Period {uk_time(board.period_start)} to "
        f"{uk_time(board.period_end)} ({last}).",
        "Lead practitioner: "
        + (
            f"{board.lead_practitioner.display_name} (since "
            f"{uk_date(board.lead_practitioner.since)})."
            if board.lead_practitioner
            else "NOT NAMED."
        ),
        f"Prepared {uk_time(pack.generated_at)} by {pack.generated_by}.",
        f"Recipients: {', '.join(_agency(r) for r in pack.recipients)}.",
    )
    blocks: list[Block] = [
        Paragraph(
            f"{pack.marking}: personal data about children and adults discussed by the "
            "operational group. Share only with the recipients listed; do not copy or forward. "
            "This disclosure is logged.",
            style="strong",
        ),
        Heading("Agenda"),
        Bullets(AGENDA, numbered=True),
        Heading("Summary"),
        Table(
            ("Cohort", "Young people", "Red", "Amber", "Green", "Grey (not set)"),
            (
                (
                    str(counts.cohort),
                    str(counts.young_people),
                    Cell(str(counts.by_rag.get("red", 0)), fill="red"),
                    Cell(str(counts.by_rag.get("amber", 0)), fill="amber"),
                    Cell(str(counts.by_rag.get("green", 0)), fill="green"),
                    Cell(str(counts.by_rag.get("grey", 0)), fill="grey"),
                ),
            ),
        ),
        Table(
            (
                "New intelligence",
                "of which restricted",
                "Missing episodes",
                "Children missing",
                "Risk changes",
                "Open actions",
                "Overdue",
            ),
            (
                (
                    str(counts.new_intelligence),
                    str(counts.restricted_intelligence),
                    str(counts.missing_episodes),
                    str(counts.children_missing),
                    str(counts.risk_changes),
                    str(counts.open_actions),
                    Cell(
                        str(counts.overdue_actions), fill="red" if counts.overdue_actions else None
                    ),
                ),
            ),
        ),
        Heading("Actions by agency"),
        *_actions_by_agency(board.actions),
        Heading("Changes since the last meeting"),
        Heading("Risk level changes", level=2),
        Table(
            ("Name", "Was", "Now", "When", "By", "Rationale"),
            tuple(
                (
                    c.display_name,
                    c.previous_level or "not set",
                    Cell(c.level or "not set", fill=rag_for(c.level)),
                    uk_date(c.assessed_at, empty="since last meeting"),
                    " ".join(x for x in (c.by, _agency(c.agency)) if x),
                    _short(c.rationale, RATIONALE_CHARS),
                )
                for c in board.changes.risk_changes
            ),
            (2, 1, 1, 1.3, 1.6, 4),
            empty="No risk level changes in the period.",
        ),
        Heading("Joined or left the cohort", level=2),
        Paragraph(_cohort_changes(pack)),
        Heading("New intelligence naming cohort members", level=2),
        Table(
            ("Reported", "Holder", "Grading", "Cohort members named", "Category and summary"),
            _intelligence_rows(board.changes.new_intelligence),
            (1.5, 1.3, 1.2, 2.2, 4.8),
            empty="No new intelligence in the period.",
        ),
    ]
    if pack.withheld_for_audience:
        blocks.append(
            Paragraph(
                f"{pack.withheld_for_audience} item(s) with handling conditions are shown as "
                "restricted because not every recipient of this pack may see them.",
                style="note",
            )
        )
    blocks += [
        Heading("Cohort"),
        Table(
            (
                "Name",
                "Role",
                "Risk level (RAG)",
                "Rationale summary",
                "Lead professional",
                "In cohort since",
            ),
            tuple(
                (
                    m.display_name,
                    _ROLES.get(m.role or "", "Not recorded"),
                    Cell(m.rag_text, fill=m.rag, bold=m.rag == "red"),
                    (f"[{m.rationale_source}] " if m.rationale_source else "")
                    + _short(m.rationale, RATIONALE_CHARS),
                    _lead(m),
                    uk_date(m.in_cohort_since),
                )
                for m in board.cohort
            ),
            (2.2, 1.2, 1.5, 4.2, 2.4, 1.3),
            empty="The cohort is empty.",
        ),
        Paragraph(
            f"{counts.without_lead_professional} young person(s) of the cohort have no lead "
            "professional named: the group should name one."
            if counts.without_lead_professional
            else "Every young person of the cohort has a named lead professional.",
            style="strong" if counts.without_lead_professional else "note",
        ),
        Paragraph(
            "RAG mirrors the risk level a practitioner set with a written rationale: "
            "red high, amber medium, green low or none, grey not set. It is not a score.",
            style="note",
        ),
        Heading("Missing episodes in the period"),
        Table(
            (
                "Name",
                "Reported missing",
                "Returned",
                "Missing from",
                "Police risk",
                "Found at",
                "Return home interview",
            ),
            _episode_rows(board.missing_episodes),
            (1.8, 1.5, 1.5, 1.3, 1.1, 1.8, 1.6),
            empty="No missing episodes in the period.",
        ),
    ]
    blocks += _timeline_blocks(pack)
    return Document(
        title=f"Operational meeting pack: {op.name}",
        marking=pack.marking,
        subtitle=subtitle,
        blocks=tuple(blocks),
        footer_note=f"{op.operation_id} meeting pack {uk_date(pack.generated_at)}",
        meta={"author": pack.generated_by},
    )


def _timeline_blocks(pack: MeetingPack) -> list[Block]:
    """The cohort's timeline as a picture, with what it leaves out."""
    timeline = pack.timeline
    if timeline is None:
        return []
    blocks: list[Block] = [Heading("Timeline of the cohort")]
    if not timeline.events:
        return [*blocks, Paragraph("Nothing recorded for the cohort in the timeline's window.")]
    blocks.append(
        Image(
            timeline_png(timeline),
            caption=(
                f"{uk_date(timeline.window_start)} to {uk_date(timeline.window_end)}: "
                f"{len(timeline.events)} events for {len(timeline.lanes)} people, one lane "
                "each, coloured by the agency holding the record; gradings printed above "
                "reports. Restricted reports show only that an agency holds something."
            ),
        )
    )
    blocks += [Paragraph(note, style="note") for note in timeline.notes]
    return blocks


def _cohort_changes(pack: MeetingPack) -> str:
    joined = pack.board.changes.joined_cohort
    left = pack.board.changes.left_cohort
    parts = []
    parts.append(
        "Joined: " + ", ".join(p.display_name for p in joined) + "."
        if joined
        else "Nobody joined the cohort."
    )
    if left:
        parts.append(f"{len(left)} person(s) left the cohort since the last meeting.")
    return " ".join(parts)


def meeting_pack_docx(pack: MeetingPack) -> bytes:
    """The pack as a .docx file."""
    return render_docx(meeting_pack_document(pack))


def meeting_pack_pdf(pack: MeetingPack) -> bytes:
    """The pack as a PDF file."""
    return render_pdf(meeting_pack_document(pack))
