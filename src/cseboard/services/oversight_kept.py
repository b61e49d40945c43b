"""The oversight figures kept per user for a page shown again (the figures take seconds).

``oversight_report`` computes and audits; here a computed report is kept for the same user,
reporting period and choice while the graph is unchanged (``services.kept``), and a kept report
shown again is audited as a consultation too, saying when its figures were computed.
"""

from __future__ import annotations

from datetime import datetime

from cseboard.models.oversight import OversightReport
from cseboard.models.users import AuditAction, User
from cseboard.models.values import LONDON
from cseboard.services.context import ServiceContext
from cseboard.services.kept import kept
from cseboard.services.oversight_figures import check_oversight_request, oversight_report

__all__ = ["kept_oversight_report"]


def kept_oversight_report(
    ctx: ServiceContext,
    user: User,
    *,
    period: str | None = None,
    months: int | None = None,
    exact: bool = False,
    agency: str | None = None,
) -> OversightReport:
    """:func:`~cseboard.services.oversight_figures.oversight_report`, kept for this user.

    Raises
    ------
    AccessDenied, ValidationFailed
        As ``oversight_report`` (checked, and a refusal audited, before a kept report is shown).
    """
    check_oversight_request(
        ctx, user, months=months, period=period, exact=exact, agency=agency, last_month=None
    )
    today = datetime.now(LONDON).date()
    report, was_kept = kept(
        ctx,
        user,
        "oversight",
        (period, months, exact, agency, today),
        lambda: oversight_report(
            ctx, user, period=period, months=months, exact=exact, agency=agency
        ),
    )
    if was_kept:
        computed = report.generated_at.astimezone(LONDON)
        ctx.audit.record(
            user,
            AuditAction.CONSULTATION,
            f"viewed partnership oversight {report.period.key}"
            + (f" for {agency}" if agency else "")
            + f" ({'exact' if exact else 'suppressed'} aggregates, computed {computed:%H:%M})",
            records=[],
        )
    return report
