"""The oversight figures kept per user for a page shown again (the figures take seconds).

``oversight_report`` computes and audits; here a computed report is kept for the same user,
period and choice while the graph is unchanged (``services.kept``), and a kept report shown
again is audited as a consultation too, saying when its figures were computed.
"""

from __future__ import annotations

from datetime import datetime

from cseboard.access.policy import Permission, require
from cseboard.errors import AccessDenied
from cseboard.models.oversight import OversightReport
from cseboard.models.users import AuditAction, Role, User
from cseboard.models.values import LONDON
from cseboard.services.context import ServiceContext
from cseboard.services.kept import kept
from cseboard.services.oversight_figures import oversight_report

__all__ = ["kept_oversight_report"]


def kept_oversight_report(
    ctx: ServiceContext, user: User, *, months: int = 24, exact: bool = False
) -> OversightReport:
    """:func:`~cseboard.services.oversight_figures.oversight_report`, kept for this user.

    Raises
    ------
    AccessDenied, ValidationFailed
        As ``oversight_report`` (checked again before a kept report is shown).
    """
    require(user, Permission.VIEW_OVERSIGHT)
    if exact and not user.has(Role.PRACTICE_LEAD):
        raise AccessDenied("only the practice lead may see unsuppressed oversight figures")
    today = datetime.now(LONDON).date()
    report, was_kept = kept(
        ctx,
        user,
        "oversight",
        (months, exact, today),
        lambda: oversight_report(ctx, user, months=months, exact=exact),
    )
    if was_kept:
        computed = report.generated_at.astimezone(LONDON)
        ctx.audit.record(
            user,
            AuditAction.CONSULTATION,
            f"viewed partnership oversight {report.months[0]} to {report.months[-1]} "
            f"({'exact' if exact else 'suppressed'} aggregates, computed {computed:%H:%M})",
            records=[],
        )
    return report
