"""The CSE strategy's action plan: objectives, actions, dated updates and the figures they move."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal, get_args

from pydantic import Field, field_validator

from cseboard.models.base import FrozenModel
from cseboard.models.evidence import UtcDatetime
from cseboard.models.exchange import normalise_agency
from cseboard.models.values import parse_text

__all__ = [
    "PLAN_STATUSES",
    "FigureValue",
    "PlanAction",
    "PlanChange",
    "PlanImportResult",
    "PlanObjective",
    "PlanRow",
    "PlanSection",
    "PlanStatus",
    "PlanUpdate",
    "PlanView",
    "UpdateKind",
    "parse_status",
    "status_label",
]

PlanStatus = Literal["not_started", "on_track", "at_risk", "off_track", "complete"]
PLAN_STATUSES: tuple[PlanStatus, ...] = get_args(PlanStatus)
UpdateKind = Literal["created", "progress", "decision", "figures"]

OBJECTIVE_MAX = 300
ACTION_MAX = 2000
ROLE_MAX = 200
NOTE_MAX = 4000
_WORDS = re.compile(r"[\s\-]+")


def parse_status(value: str) -> PlanStatus:
    """A status as partnerships write it in a spreadsheet: any case, spaces or hyphens.

    Examples
    --------
    >>> parse_status("On track"), parse_status("OFF-TRACK"), parse_status("completed")
    ('on_track', 'off_track', 'complete')
    """
    code = _WORDS.sub("_", str(value).strip().lower())
    if code == "completed":
        code = "complete"
    for status in PLAN_STATUSES:
        if code == status:
            return status
    words = ", ".join(s.replace("_", " ") for s in PLAN_STATUSES)
    raise ValueError(f"{value!r} is not a plan status ({words})")


def status_label(status: str) -> str:
    """``on_track`` → ``On track``."""
    return status.replace("_", " ").capitalize()


def _text(value: object, limit: int, what: str) -> str:
    cleaned = parse_text(str(value or ""), max_length=limit)
    if not cleaned:
        raise ValueError(f"{what} is required")
    return cleaned


class PlanRow(FrozenModel):
    """One row of an action-plan spreadsheet, validated (the import's exchange format).

    Attributes
    ----------
    objective, action: the strategy objective and the action under it (together they name the
        action: re-importing the same pair updates it).
    owner_agency: agency code of the owner (``Children's Social Care`` → ``childrens_social_care``).
    owner_role: the owner's role in words (e.g. "Head of Service").
    due_date: when the action is due (any day; future days are the point).
    status: one of :data:`PLAN_STATUSES`.
    update: a progress note, dated when it is imported (optional).
    figures: oversight figure keys the action is meant to move (optional column).
    """

    objective: str
    action: str
    owner_agency: str
    owner_role: str
    due_date: date
    status: PlanStatus
    update: str | None = None
    figures: list[str] = Field(default_factory=list)

    @field_validator("objective", mode="before")
    @classmethod
    def _objective(cls, value: object) -> str:
        return _text(value, OBJECTIVE_MAX, "objective")

    @field_validator("action", mode="before")
    @classmethod
    def _action(cls, value: object) -> str:
        return _text(value, ACTION_MAX, "action")

    @field_validator("owner_agency", mode="before")
    @classmethod
    def _agency(cls, value: object) -> str:
        return normalise_agency(_text(value, 60, "owner agency").replace("'", ""))

    @field_validator("owner_role", mode="before")
    @classmethod
    def _role(cls, value: object) -> str:
        return _text(value, ROLE_MAX, "owner role")

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: object) -> str:
        return parse_status(str(value or ""))

    @field_validator("update", mode="before")
    @classmethod
    def _update(cls, value: object) -> str | None:
        cleaned = parse_text(str(value or ""), max_length=NOTE_MAX)
        return cleaned or None


class PlanUpdate(FrozenModel):
    """One dated entry of an action's history.

    Attributes
    ----------
    kind: ``created``, ``progress`` (a status and/or a note), ``decision`` (the strategic
        board's decision, recorded by a strategic member) or ``figures`` (linked figures changed).
    status, previous_status: the status after and before the entry.
    source: ``board``, ``cli`` or ``import:<file name>``.
    """

    update_id: str
    at: UtcDatetime
    by: str
    kind: UpdateKind
    status: PlanStatus | None = None
    previous_status: PlanStatus | None = None
    note: str | None = None
    source: str = "board"


class FigureValue(FrozenModel):
    """An oversight figure as the plan shows it beside an action, suppressed like the page.

    Attributes
    ----------
    key: the stable figure key (e.g. ``missing_episodes``).
    label: what the figure is.
    text: its value over the reporting period, as it may be shown (``<5``, ``[c]``).
    recent: the last months' cells as ``(month, text)``, oldest first (monthly figures only).
    available: false when the oversight report has no such figure.
    """

    key: str
    label: str
    text: str
    period: str = ""
    recent: list[tuple[str, str]] = Field(default_factory=list)
    available: bool = True


class PlanAction(FrozenModel):
    """An action of the strategy's plan with its history (newest first)."""

    action_id: str
    objective_id: str
    objective: str
    text: str
    owner_agency: str
    owner_role: str
    due_date: date
    status: PlanStatus
    figures: list[str] = Field(default_factory=list)
    created_at: UtcDatetime
    updated_at: UtcDatetime | None = None
    overdue: bool = False
    updates: list[PlanUpdate] = Field(default_factory=list)

    @property
    def last_decision(self) -> PlanUpdate | None:
        return next((u for u in self.updates if u.kind == "decision"), None)


class PlanObjective(FrozenModel):
    """An objective of the strategy and its actions (by due date)."""

    objective_id: str
    title: str
    actions: list[PlanAction]


class PlanView(FrozenModel):
    """The plan as a page, the CLI or the report reads it.

    Attributes
    ----------
    by_status: how many actions have each status (every status listed).
    overdue: actions not complete whose due date has passed (UK day).
    figures: values of the figures linked to any action, by key (empty unless asked for).
    figures_period: the reporting period the figures cover, in words.
    """

    as_of: date
    objectives: list[PlanObjective]
    by_status: dict[str, int]
    overdue: int
    figures: dict[str, FigureValue] = Field(default_factory=dict)
    figures_period: str = ""

    @property
    def actions(self) -> list[PlanAction]:
        return [a for o in self.objectives for a in o.actions]


class PlanChange(FrozenModel):
    """Something that happened to an action since the last strategic report."""

    action_id: str
    action: str
    at: UtcDatetime
    kind: UpdateKind
    what: str


class PlanSection(FrozenModel):
    """The action plan's part of the strategic report.

    Attributes
    ----------
    since: when the last strategic report was produced (``None``: this is the first).
    changes: what changed since then, oldest first.
    """

    as_of: date
    by_status: dict[str, int]
    actions: list[PlanAction]
    overdue: list[PlanAction]
    since: UtcDatetime | None = None
    changes: list[PlanChange] = Field(default_factory=list)
    figures: dict[str, FigureValue] = Field(default_factory=dict)


class PlanImportResult(FrozenModel):
    """What an import of a plan spreadsheet did.

    Attributes
    ----------
    read: data rows read.
    created, updated, unchanged: action ids by what happened to them.
    problems: ``(line, column, value, reason, outcome)`` per problem, as in the rejects report.
    report: where the rejects report was written, if there were problems.
    """

    file: str
    read: int
    created: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    problems: list[tuple[int, str, str, str, str]] = Field(default_factory=list)
    report: str | None = None

    @property
    def rejected(self) -> int:
        return len({p[0] for p in self.problems if p[4] == "rejected"})
