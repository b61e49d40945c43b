"""The strategic report as a disclosure: suppressed figures as PDF, audited with recipients."""

from __future__ import annotations

from collections.abc import Sequence

from cseboard.access.policy import Permission, require
from cseboard.errors import ValidationFailed
from cseboard.models.oversight import OversightReport
from cseboard.models.users import AuditAction, User
from cseboard.reports.strategic import AnyChart, charts, strategic_pdf
from cseboard.services.context import ServiceContext
from cseboard.services.oversight_figures import oversight_report
from cseboard.services.plan_report import mark_plan_reported, plan_section

__all__ = ["AnyChart", "oversight_charts", "strategic_report_pdf"]


def oversight_charts(report: OversightReport) -> dict[str, AnyChart]:
    """The charts of a report the caller already holds (so they carry its suppression)."""
    return charts(report)


def strategic_report_pdf(
    ctx: ServiceContext,
    user: User,
    *,
    recipients: Sequence[str],
    period: str | None = None,
    months: int | None = None,
) -> bytes:
    """The strategic report as PDF: always suppressed, and disclosed on the audit trail.

    The figures are ``oversight_report``'s for the same ``period`` (or, for the practice
    lead, ``months``), so the PDF says what the page and ``cseboard kpis`` say.

    Raises
    ------
    ValidationFailed
        Without at least one recipient: a disclosure records whom it went to.
    """
    require(user, Permission.EXPORT_STRATEGIC_REPORT)
    named = [r.strip() for r in recipients if r and r.strip()]
    if not named:
        raise ValidationFailed("recipients: say who the report is for")
    if any(len(r) > 200 for r in named):
        raise ValidationFailed("recipients: at most 200 characters each")
    report = oversight_report(ctx, user, period=period, months=months)
    plan = plan_section(ctx, user, report)
    pdf = strategic_pdf(report, generated_by=user.display_name, recipients=named, plan=plan)
    mark_plan_reported(ctx, user)
    ctx.audit.record(
        user,
        AuditAction.DISCLOSURE,
        f"strategic report {report.period.key} exported as PDF "
        "(suppressed aggregates and pseudonyms) with the action plan",
        records=[a.action_id for a in plan.actions],
        recipients=named,
    )
    return pdf
