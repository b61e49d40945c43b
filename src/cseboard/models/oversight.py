"""Read models of oversight: partnership KPIs for the strategic board, and data-protection views."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from cseboard.models.base import FrozenModel

__all__ = [
    "Account",
    "AgencyFigures",
    "AuditFilter",
    "Cell",
    "ClusterRow",
    "ClustersView",
    "DisruptionKind",
    "DisruptionRecord",
    "EpisodeRecords",
    "ErasureResult",
    "MonthlyTable",
    "OversightReport",
    "RedactionTask",
    "RedactionView",
    "ReportingPeriod",
    "RetentionItem",
    "RetentionReview",
    "Series",
    "Share",
    "TopChild",
]

DisruptionKind = Literal["cawn", "nrm_referral"]


class Cell(FrozenModel):
    """One count as it may be shown.

    Attributes
    ----------
    value: the count, or ``None`` when it is hidden (so a chart or page never holds the true
        small number).
    text: what to print: the number, ``<5`` (a count of 1-4) or ``[c]`` (a count of any size,
        hidden so that no count of 1-4 can be worked out from the others).
    """

    value: int | None
    text: str


class Series(FrozenModel):
    """One measure over the months of its table, with its total over the period.

    Attributes
    ----------
    key: stable name (``episodes``, ``police``, ``high``...).
    label: what a reader sees.
    cells: one per month of the table, in the table's month order.
    total: the period total, or ``None`` where a total makes no sense (distinct children are
        not additive over months).
    """

    key: str
    label: str
    cells: list[Cell]
    total: Cell | None = None


class MonthlyTable(FrozenModel):
    """Several measures counted per month (``YYYY-MM``, UK time).

    Attributes
    ----------
    key, title: name and heading.
    unit: what is counted (episodes, children, reports...).
    months: the columns.
    series: the rows.
    note: how the numbers were counted, in words.
    """

    key: str
    title: str
    unit: str
    months: list[str]
    series: list[Series]
    note: str = ""


class Share(FrozenModel):
    """A part of a whole, always with both counts (never a percentage alone).

    Attributes
    ----------
    label: what the share is of.
    part, whole: the counts; ``percent`` is given only when both are shown.
    """

    label: str
    part: Cell
    whole: Cell
    percent: float | None = None


class TopChild(FrozenModel):
    """One of the most-missing children, by pseudonym only."""

    pseudonym: str
    episodes: Cell


class ClusterRow(FrozenModel):
    """A cluster of the latest analysis run: its id and sizes (no member is named)."""

    cluster_id: str
    members: Cell
    young_people: Cell
    adults: Cell
    others: Cell


class ClustersView(FrozenModel):
    """Clusters and hotspots of the latest analysis run, if there has been one.

    Attributes
    ----------
    run_id, run_at: the run the figures come from (``None``: no analysis run yet).
    cluster_count, hotspot_count: how many of each that run found.
    clusters: largest first.
    runs: earlier runs as (run time, cluster count) for the trend, oldest first.
    """

    run_id: str | None = None
    run_at: datetime | None = None
    cluster_count: Cell | None = None
    hotspot_count: Cell | None = None
    clusters: list[ClusterRow] = Field(default_factory=list)
    runs: list[tuple[datetime, Cell]] = Field(default_factory=list)


class ReportingPeriod(FrozenModel):
    """A period the figures cover.

    Strategic users choose among fixed periods only (financial years, April to March, and their
    quarters), so that no two views they can load differ by a small count; the practice lead
    may also ask for any number of months (``kind`` ``months``).

    Attributes
    ----------
    key: ``2024-25`` (financial year), ``2024-25 Q1`` (quarter) or ``last 24 months``.
    months: the calendar months covered, oldest first (a current period: up to this month).
    """

    key: str
    kind: Literal["financial_year", "quarter", "months"]
    label: str
    months: list[str]


class AgencyFigures(FrozenModel):
    """The missing-children figures over the episodes one agency recorded (practice lead only).

    Attributes
    ----------
    agency: the agency code.
    figures: the period's figures by their names in ``docs/kpis.md``.
    """

    agency: str
    figures: dict[str, Cell]


class EpisodeRecords(FrozenModel):
    """One absence put together from several agencies' records: what the episode was built from
    (record ids only; practice lead only).

    Attributes
    ----------
    episode: the episode's key (its smallest record id).
    absence: ``missing`` or ``away``.
    began, returned: the episode's start and return (``None``: still missing).
    records: ``agency/source_ref`` of every record of it.
    """

    episode: str
    absence: str
    began: datetime
    returned: datetime | None = None
    records: list[str]


class OversightReport(FrozenModel):
    """Everything the oversight page and the strategic report show.

    For the strategic role it is always suppressed: counts 1-4 read ``<5``, and further cells
    are hidden where a small count could otherwise be worked out. People appear only by
    pseudonym.

    Attributes
    ----------
    generated_at: when the figures were computed.
    months: the reporting months, oldest first (UK time).
    suppressed: whether small-number suppression was applied (always, for the strategic role).
    period: the reporting period (a financial year or quarter, or the practice lead's months).
    risk_source: ``history`` (risk assessments over time) or ``current`` (levels now only).
    risk_now: young people at each risk level now (``not set`` included).
    risk_over_time: young people at each level at the end of each month (history only).
    missing: missing and away episodes and children, and those still missing, per month.
    rhi: return home interviews of returned missing episodes, per month of the episode.
    repeat: children missing repeatedly per month.
    top20_share: the share of missing episodes from the 20 most-missing children (``None``
        where not offered: a strategic user sees it for financial years only).
    cohort_share: the share of missing children who are also in the exploitation cohort.
    top_children: the 20 most-missing children of the period, by pseudonym.
    figures: the period's totals under the names of ``docs/kpis.md`` (what ``cseboard kpis
        --json`` prints at its top level).
    by_month: the same names per month.
    agency: the agency the missing figures are limited to (practice lead only), if any.
    by_agency: the missing figures of each agency's episodes (practice lead only).
    merged_episodes: the period's episodes built from more than one record, with the records
        (practice lead only; at most ``MERGED_SHOWN``, latest first).
    clusters: clusters and hotspots of the latest analysis run.
    intelligence: reports per agency per month.
    disruption: CAWNs and NRM referrals per month.
    notes: caveats a reader needs.
    """

    generated_at: datetime
    period: ReportingPeriod
    period_start: date
    period_end: date
    months: list[str]
    suppressed: bool
    risk_source: Literal["history", "current"]
    risk_now: MonthlyTable
    risk_over_time: MonthlyTable | None
    missing: MonthlyTable
    rhi: MonthlyTable
    repeat: MonthlyTable
    top20_share: Share | None
    cohort_share: Share
    top_children: list[TopChild]
    clusters: ClustersView
    intelligence: MonthlyTable
    disruption: MonthlyTable
    figures: dict[str, Cell] = Field(default_factory=dict)
    by_month: dict[str, dict[str, Cell]] = Field(default_factory=dict)
    agency: str | None = None
    by_agency: list[AgencyFigures] = Field(default_factory=list)
    merged_episodes: list[EpisodeRecords] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class DisruptionRecord(FrozenModel):
    """A disruption the partnership counts itself: a CAWN served or an NRM referral made.

    Attributes
    ----------
    record_id: ``DR-`` + random hex.
    kind: ``cawn`` (Child Abduction Warning Notice) or ``nrm_referral``.
    recorded_at: when it happened (UTC).
    recorded_by: the practice lead who entered it.
    operation_id: the operation it belongs to, if any.
    """

    record_id: str
    kind: DisruptionKind
    recorded_at: datetime
    recorded_by: str
    operation_id: str | None = None


class Account(FrozenModel):
    """A local account as the admin pages show it: never the password hash."""

    username: str
    display_name: str
    roles: list[str]
    agency: str | None = None
    operations: list[str] = Field(default_factory=list)
    disabled: bool = False
    locked_until: datetime | None = None
    failed_logins: int = 0
    last_login_at: datetime | None = None


class AuditFilter(FrozenModel):
    """Which audit events to show or export (every field optional)."""

    username: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    record: str | None = None


class RetentionItem(FrozenModel):
    """A record due for review under a retention rule (ids and dates only, never content).

    Attributes
    ----------
    record_type: ``intelligence``, ``missing_episode`` or ``person_record``.
    record_id: ``agency/source_ref``.
    agency: the holder.
    basis: which date the rule counts from (``reported_at``, ``review_date``...).
    basis_date: that date.
    due: when the review falls due.
    rule: the rule applied, e.g. ``police/intelligence: 6 years``.
    person_ids: the people the record refers to (for erasure).
    """

    record_type: str
    record_id: str
    agency: str
    basis: str
    basis_date: date
    due: date
    rule: str
    person_ids: list[str] = Field(default_factory=list)


class RetentionReview(FrozenModel):
    """The review list and the rules it used."""

    as_of: date
    rules: dict[str, int]
    items: list[RetentionItem]


class ErasureResult(FrozenModel):
    """What an erasure removed, as counts (the audit event records the same, without content)."""

    person_id: str
    agency_records: int
    missing_episodes: int
    risk_assessments: int
    mentions_dropped: int
    links_dropped: int
    clusters_amended: int
    runs_amended: int
    alerts_amended: int
    meetings_amended: int = 0
    lead_assignments: int = 0
    absorbed_people: int = 0
    merges: int = 0
    tombstones: int = 0
    redaction_tasks: int = 0
    rejects_rows_removed: int = 0
    rejects_files_changed: int = 0


class RedactionTask(FrozenModel):
    """A free-text field that may still name an erased person, for a person to redact.

    Attributes
    ----------
    task_id: the task's id (``RD-…``).
    erased_person: the id of the person erased.
    kind, record, property: which field: ``intelligence`` summary, ``action`` text, ``alert``
        summary or note, ``meeting`` snapshot, ``plan_update`` note (the action plan's progress
        notes and board decisions).
    about: the record was about the person (a first name alone then counted as naming them).
    status: ``open``, ``redacted`` or ``nothing_to_redact``.
    masked: how many places were masked when it was closed.
    """

    task_id: str
    erased_person: str
    kind: Literal["intelligence", "action", "alert", "meeting", "plan_update"]
    record: str
    property: str
    about: bool = False
    status: Literal["open", "redacted", "nothing_to_redact"] = "open"
    created_at: datetime | None = None
    closed_by: str | None = None
    closed_at: datetime | None = None
    masked: int | None = None


class RedactionView(FrozenModel):
    """A task with the field's current text (``None`` when the record no longer exists)."""

    task: RedactionTask
    text: str | None
