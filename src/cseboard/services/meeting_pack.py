"""The meeting pack as a use case: build it for an audience, render it, audit the disclosure."""

# The pack is the only export operational users have (no bulk export beyond it). It goes to
# several agencies at once, so a handling-code C report appears with its content only when the
# exporting user AND every recipient agency may see it; otherwise it is a restricted notice.

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Literal

from cseboard.access.policy import Permission
from cseboard.access.scope import may_see_item
from cseboard.errors import ValidationFailed
from cseboard.models.exchange import normalise_agency
from cseboard.models.handling import allowed_agencies
from cseboard.models.meetings import MeetingPack, PackExport
from cseboard.models.users import AuditAction, User
from cseboard.models.values import LONDON
from cseboard.reports.meeting_pack import meeting_pack_docx, meeting_pack_pdf
from cseboard.services.context import ServiceContext
from cseboard.services.meeting_board import assemble_board
from cseboard.services.operations import require_operation
from cseboard.services.timeline import build_timeline
from cseboard.store.meetings import MeetingStore

__all__ = [
    "FORMATS",
    "MAX_RECIPIENTS",
    "PACK_TIMELINE_DAYS",
    "PackFormat",
    "build_meeting_pack",
    "clean_recipients",
    "export_meeting_pack",
]

PackFormat = Literal["docx", "pdf"]
FORMATS: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
MAX_RECIPIENTS = 30
PACK_TIMELINE_DAYS = 90
"""The pack's timeline picture covers the cohort's last three months."""
_RECIPIENT = re.compile(r"^[^\x00-\x1f\x7f]{1,200}$")


def clean_recipients(recipients: list[str]) -> list[str]:
    """Recipients as given, trimmed and de-duplicated in order; at least one is required.

    Examples
    --------
    >>> clean_recipients([" police", "education", "police", ""])
    ['police', 'education']
    """
    seen: dict[str, None] = {}
    for r in recipients:
        text = " ".join(str(r).split())
        if not text:
            continue
        if not _RECIPIENT.match(text):
            raise ValidationFailed("recipients: up to 200 characters each, no control characters")
        seen.setdefault(text, None)
    if not seen:
        raise ValidationFailed("say who will receive the meeting pack (recipients)")
    if len(seen) > MAX_RECIPIENTS:
        raise ValidationFailed(f"at most {MAX_RECIPIENTS} recipients")
    return list(seen)


def _agency_code(recipient: str, known: set[str]) -> str | None:
    try:
        code = normalise_agency(recipient)
    except ValueError:
        return None
    return code if code in known else None


def build_meeting_pack(
    ctx: ServiceContext,
    user: User,
    operation_id: str,
    *,
    recipients: list[str],
    since: datetime | None = None,
    now: datetime | None = None,
) -> MeetingPack:
    """The pack's content for these recipients (checks access; the export audits).

    A C report shows its content only if the user may see it and every recipient is a known
    agency allowed by its conditions; a typed recipient that is not an agency code therefore
    withholds all C content, because nobody can tell what that recipient may see.
    """
    operation = require_operation(
        ctx, user, operation_id, permission=Permission.EXPORT_MEETING_PACK
    )
    audience = clean_recipients(recipients)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    store = MeetingStore(ctx.driver, database=ctx.database)
    known = store.known_agencies() | set(store.agencies(operation_id))
    codes = [_agency_code(r, known) for r in audience]
    withheld = 0

    def for_audience(holder: str, code: str | None, conditions: str | None) -> bool:
        if not may_see_item(user, holder=holder, handling_code=code, conditions=conditions):
            return False
        if code != "C":
            return True
        allowed = allowed_agencies(holder, conditions)
        return all(c is not None and c in allowed for c in codes)

    def visible(holder: str, code: str | None, conditions: str | None) -> bool:
        nonlocal withheld
        if for_audience(holder, code, conditions):
            return True
        if code == "C" and may_see_item(
            user, holder=holder, handling_code=code, conditions=conditions
        ):
            withheld += 1
        return False

    board = assemble_board(ctx, operation, visible=visible, since=since, now=moment)
    timeline = build_timeline(
        ctx,
        [m.person_id for m in board.cohort],
        subject="operation",
        subject_id=operation_id,
        title=f"the cohort of {operation.name}",
        window_start=moment - timedelta(days=PACK_TIMELINE_DAYS),
        window_end=moment,
        visible=for_audience,
    )
    return MeetingPack(
        generated_at=moment,
        generated_by=user.display_name,
        recipients=audience,
        board=board,
        withheld_for_audience=withheld,
        timeline=timeline,
    )


def export_meeting_pack(
    ctx: ServiceContext,
    user: User,
    operation_id: str,
    *,
    fmt: str,
    recipients: list[str],
    justification: str | None = None,
    since: datetime | None = None,
    now: datetime | None = None,
) -> PackExport:
    """Render the pack as DOCX or PDF and audit it as a DISCLOSURE with its recipients."""
    if fmt not in FORMATS:
        raise ValidationFailed("format: docx or pdf")
    pack = build_meeting_pack(ctx, user, operation_id, recipients=recipients, since=since, now=now)
    content = meeting_pack_docx(pack) if fmt == "docx" else meeting_pack_pdf(pack)
    board = pack.board
    shown = [i.intel_id for i in board.changes.new_intelligence if not i.restricted]
    ctx.audit.record(
        user,
        AuditAction.DISCLOSURE,
        f"meeting pack ({fmt}) of operation {operation_id} exported",
        records=[
            operation_id,
            *(m.person_id for m in board.cohort),
            *shown,
            *(e.episode_id for e in board.missing_episodes),
        ],
        justification=(justification or "").strip() or "operational group meeting pack",
        recipients=pack.recipients,
    )
    day = pack.generated_at.astimezone(LONDON)
    return PackExport(
        filename=f"meeting-pack-{operation_id}-{day:%Y%m%d-%H%M}.{fmt}",
        media_type=FORMATS[fmt],
        content=content,
        recipients=pack.recipients,
    )
