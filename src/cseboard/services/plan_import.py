"""Importing the action plan from the partnership's spreadsheet (CSV or XLSX).

The same rules as partner imports: each row is validated on its own; a broken row is reported
(file, line, column, value, reason) and the others land; re-importing the same file changes
nothing; a changed row updates its action and adds a dated history entry.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cseboard.access.policy import Permission, require
from cseboard.ingest.readers import RawRow, open_spreadsheet
from cseboard.ingest.rejects import Outcome, Problem, problems_from_validation, write_report
from cseboard.models.plan import PlanAction, PlanImportResult, PlanRow
from cseboard.models.users import AuditAction, User
from cseboard.models.values import parse_date
from cseboard.services.context import ServiceContext
from cseboard.services.plan import (
    action_id_for,
    action_row,
    load_plan,
    new_update,
    objective_id_for,
    plan_store,
    plan_today,
)
from cseboard.services.plan_figures import FIGURES

__all__ = ["OPTIONAL_COLUMNS", "PLAN_COLUMNS", "import_plan", "read_plan_rows"]

PLAN_COLUMNS = ("objective", "action", "owner_agency", "owner_role", "due_date", "status", "update")
OPTIONAL_COLUMNS = ("figures",)
_LAST_DAY = date(9999, 12, 31)


def _due(value: str | None) -> date:
    if value is None or not value.strip():
        raise ValueError("due date is required")
    return parse_date(value, today=_LAST_DAY)


def _row(raw: RawRow, name: str) -> tuple[PlanRow | None, list[Problem]]:
    values = raw.values
    problems: list[Problem] = []
    figures: list[str] = []
    for key in (values.get("figures") or "").replace(",", ";").split(";"):
        key = key.strip().lower()
        if not key:
            continue
        if key in FIGURES:
            figures.append(key)
        else:
            problems.append(
                Problem(
                    name,
                    raw.line,
                    "figures",
                    key,
                    f"no oversight figure {key!r} (docs/duties-and-plan.md lists the keys)",
                    Outcome.LANDED_WITHOUT_VALUE,
                )
            )
    try:
        due = _due(values.get("due_date"))
    except ValueError as e:
        problems.append(Problem(name, raw.line, "due_date", values.get("due_date") or "", str(e)))
        due = None
    try:
        row = PlanRow(
            objective=values.get("objective") or "",
            action=values.get("action") or "",
            owner_agency=values.get("owner_agency") or "",
            owner_role=values.get("owner_role") or "",
            due_date=due or _LAST_DAY,
            status=values.get("status") or "",
            update=values.get("update"),
            figures=sorted(set(figures)),
        )
    except ValidationError as e:
        problems += problems_from_validation(e, file=name, line=raw.line, values=values)
        return None, problems
    return (row if due is not None else None), problems


def read_plan_rows(path: Path) -> tuple[list[tuple[int, PlanRow]], list[Problem], bool]:
    """Validated rows with their line, the problems, and whether a ``figures`` column exists.

    Raises
    ------
    ImportFileError
        When the file cannot be read or lacks a required column (nothing is imported).
    """
    from cseboard.errors import ImportFileError

    table = open_spreadsheet(path)
    missing = [c for c in PLAN_COLUMNS if c not in table.header]
    if missing:
        raise ImportFileError(f"{path.name} has no column {', '.join(missing)}")
    problems = [
        Problem(
            path.name, 1, column, column, "not a column of the plan format", Outcome.IGNORED_COLUMN
        )
        for column in table.header
        if column and column not in PLAN_COLUMNS and column not in OPTIONAL_COLUMNS
    ]
    rows: list[tuple[int, PlanRow]] = []
    seen: dict[str, int] = {}
    for raw in table.rows:
        if raw.problem:
            problems.append(Problem(path.name, raw.line, "(row)", "", raw.problem))
            continue
        row, found = _row(raw, path.name)
        problems += found
        if row is None:
            continue
        key = action_id_for(row.objective, row.action)
        if key in seen:
            problems.append(
                Problem(
                    path.name,
                    raw.line,
                    "action",
                    row.action[:200],
                    f"the same objective and action are on line {seen[key]} already",
                )
            )
            continue
        seen[key] = raw.line
        rows.append((raw.line, row))
    return rows, problems, "figures" in table.header


def _changes(old: PlanAction, new: PlanRow, figures: bool) -> list[str]:
    changed = []
    if old.owner_agency != new.owner_agency:
        changed.append(f"owner agency {old.owner_agency} to {new.owner_agency}")
    if old.owner_role != new.owner_role:
        changed.append(f"owner role {old.owner_role} to {new.owner_role}")
    if old.due_date != new.due_date:
        changed.append(f"due date {old.due_date:%d/%m/%Y} to {new.due_date:%d/%m/%Y}")
    if figures and old.figures != new.figures:
        changed.append(f"linked figures: {', '.join(new.figures) or 'none'}")
    return changed


def import_plan(
    ctx: ServiceContext,
    user: User,
    path: Path,
    *,
    rejects_dir: Path | None = None,
    now: datetime | None = None,
) -> PlanImportResult:
    """Import the plan spreadsheet; only the practice lead maintains the plan.

    An action is known by its objective and its wording: a row with the same pair updates it
    (owner, due date, status; its ``update`` note becomes a dated progress entry when it is
    new), a new pair creates an action. Actions missing from the file are left as they are.
    Problems go to ``<file>.rejects.csv`` beside the file (or in ``rejects_dir``).
    """
    require(user, Permission.MANAGE_PLAN)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    rows, problems, has_figures = read_plan_rows(path)
    existing = {a.action_id: a for a in load_plan(ctx, plan_today(moment))}
    notes = {r["action_id"]: r.get("import_note") for r in plan_store(ctx).actions()}
    source = f"import:{path.name}"
    writes: list[dict[str, Any]] = []
    created: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    for _line, row in rows:
        action_id = action_id_for(row.objective, row.action)
        old = existing.get(action_id)
        if old is None:
            created.append(action_id)
            writes.append(
                {
                    "objective_id": objective_id_for(row.objective),
                    "objective": row.objective,
                    "action_id": action_id,
                    "text": row.action,
                    "owner_agency": row.owner_agency,
                    "owner_role": row.owner_role,
                    "due_date": row.due_date,
                    "status": row.status,
                    "figures": row.figures,
                    "import_note": row.update,
                    "updates": [
                        new_update("created", status=row.status, note=row.update, source=source)
                    ],
                }
            )
            continue
        changed = _changes(old, row, has_figures)
        new_note = row.update if row.update and row.update != notes.get(action_id) else None
        if not changed and old.status == row.status and new_note is None:
            unchanged.append(action_id)
            continue
        updated.append(action_id)
        entry = new_update(
            "progress",
            status=row.status,
            previous=old.status,
            note=new_note,
            changed="; ".join(changed) or None,
            source=source,
        )
        writes.append(
            action_row(
                old,
                [entry],
                owner_agency=row.owner_agency,
                owner_role=row.owner_role,
                due_date=row.due_date,
                status=row.status,
                figures=row.figures if has_figures else list(old.figures),
                import_note=row.update,
            )
        )
    plan_store(ctx).write_actions(writes, by=user.username, now=moment)
    report = None
    if problems:
        folder = rejects_dir or path.parent
        report_path = folder / f"{path.name}.rejects.csv"
        write_report(report_path, problems)
        report = str(report_path)
    result = PlanImportResult(
        file=path.name,
        read=len(rows) + len({p.line for p in problems if p.outcome is Outcome.REJECTED}),
        created=created,
        updated=updated,
        unchanged=unchanged,
        problems=[(p.line, p.column, p.value, p.reason, p.outcome.value) for p in problems],
        report=report,
    )
    ctx.audit.record(
        user,
        AuditAction.ALTERATION,
        f"action plan imported from {path.name}: {len(created)} created, {len(updated)} "
        f"updated, {len(unchanged)} unchanged, {result.rejected} row(s) rejected",
        records=[*created, *updated],
    )
    return result
