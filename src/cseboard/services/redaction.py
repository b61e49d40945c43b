"""Redacting free text that may still name an erased person: the tasks an erasure leaves.

Reading a field is a consultation and masking words in it an alteration, both audited with the
record's id (never the words). Only roles with casework access (``Permission.REDACT_TEXT``,
the practice lead) read the text; the administrator who erases does not.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError

from cseboard.access.policy import Permission, require
from cseboard.errors import NotFound, ValidationFailed
from cseboard.models.meetings import MeetingSnapshot
from cseboard.models.oversight import RedactionTask, RedactionView
from cseboard.models.users import AuditAction, User
from cseboard.services.context import ServiceContext
from cseboard.services.erasure import ERASED
from cseboard.store.erasure import ErasureStore, TaskRecord

__all__ = ["mask_words", "redact", "redaction_tasks", "redaction_text"]

_FIELDS = {
    "intelligence": {"summary"},
    "action": {"text"},
    "alert": {"summary", "note"},
    "meeting": {"snapshot_json"},
    "plan_update": {"note"},
}


def mask_words(text: str, words: list[str]) -> tuple[str, int]:
    """``text`` with each whole-word occurrence of ``words`` (any case) masked.

    Examples
    --------
    >>> mask_words("Amy and amy's friend Amyra", ["amy"])
    ("[erased] and [erased]'s friend Amyra", 2)
    """
    total = 0
    for word in sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True):
        text, count = re.subn(rf"(?<!\w){re.escape(word)}(?!\w)", ERASED, text, flags=re.I)
        total += count
    return text, total


def _mask_json(value: Any, words: list[str]) -> tuple[Any, int]:
    if isinstance(value, str):
        return mask_words(value, words)
    if isinstance(value, list):
        masked = [_mask_json(v, words) for v in value]
        return [m[0] for m in masked], sum(m[1] for m in masked)
    if isinstance(value, dict):
        pairs = {k: _mask_json(v, words) for k, v in value.items()}
        return {k: p[0] for k, p in pairs.items()}, sum(p[1] for p in pairs.values())
    return value, 0


def _store(ctx: ServiceContext) -> ErasureStore:
    return ErasureStore(ctx.driver, database=ctx.database)


def _task(ctx: ServiceContext, task_id: str) -> TaskRecord:
    found = _store(ctx).task_record(task_id)
    if found is None:
        raise NotFound(f"no redaction task {task_id!r}")
    return found


def redaction_tasks(
    ctx: ServiceContext, user: User, *, status: str | None = "open", limit: int = 500
) -> list[RedactionTask]:
    """The tasks (which record and field, never its text), open first."""
    require(user, Permission.REDACT_TEXT)
    rows = _store(ctx).tasks(status=status, limit=max(1, min(limit, 5000)))
    return [RedactionTask(**row) for row in rows]


def redaction_text(ctx: ServiceContext, user: User, task_id: str) -> RedactionView:
    """A task with its field's current text; reading it is a CONSULTATION of the record."""
    require(user, Permission.REDACT_TEXT)
    found = _task(ctx, task_id)
    task = RedactionTask(**found.task)
    text = found.props.get(task.property) if found.node is not None else None
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"read a {task.kind} {task.property} to redact after an erasure",
        records=[task.record, task.erased_person],
    )
    return RedactionView(task=task, text=None if text is None else str(text))


def redact(ctx: ServiceContext, user: User, task_id: str, *, mask: list[str]) -> RedactionTask:
    """Mask these words (whole words, any case) in the task's field and close the task; with no
    words, close it as having nothing to redact. An ALTERATION event names the record.

    Raises
    ------
    ValidationFailed
        Words that do not occur in the field (nothing would change), a task already closed,
        or a meeting snapshot that would no longer read back.
    """
    require(user, Permission.REDACT_TEXT)
    found = _task(ctx, task_id)
    task = RedactionTask(**found.task)
    if task.status != "open":
        raise ValidationFailed(f"task {task_id} is already closed ({task.status})")
    if task.property not in _FIELDS[task.kind]:
        raise ValidationFailed(f"{task.kind} has no field {task.property} to redact")
    words = [w for w in mask if w and w.strip()]
    props: dict[str, Any] = {}
    masked = 0
    current = found.props.get(task.property)
    if words and found.node is not None and isinstance(current, str):
        if task.kind == "meeting":
            decoded, masked = _mask_json(json.loads(current), words)
            new = json.dumps(decoded)
            try:
                MeetingSnapshot.model_validate_json(new)
            except ValidationError as e:
                raise ValidationFailed("masking these words would break the snapshot") from e
        else:
            new, masked = mask_words(current, words)
        if not masked:
            raise ValidationFailed("none of these words occurs in the text")
        props[task.property] = new
    elif words:
        raise ValidationFailed("the record no longer holds this text")
    closed = _store(ctx).redact(
        task_id, node=found.node, props=props, by=user.username, masked=masked
    )
    ctx.audit.record(
        user,
        AuditAction.ALTERATION,
        (
            f"redacted {masked} place(s) in a {task.kind} {task.property} after an erasure"
            if masked
            else f"found nothing to redact in a {task.kind} {task.property} after an erasure"
        ),
        records=[task.record, task.erased_person],
    )
    return RedactionTask(**closed)
