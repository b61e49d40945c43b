"""Exporting a network chart as JSON data or an SVG picture: a disclosure with recipients."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Literal

from cseboard.access.policy import Permission, require
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.models.network import NetworkExport, NetworkView
from cseboard.models.users import AuditAction, User
from cseboard.models.values import LONDON
from cseboard.reports.network_svg import network_svg
from cseboard.services.context import ServiceContext
from cseboard.services.scope import person_scope

__all__ = ["export_network", "network_json"]


def network_json(view: NetworkView, *, exported_by: str, exported_at: datetime) -> str:
    """The chart's data (nodes, links, every piece of evidence) as JSON."""
    return json.dumps(
        {
            "classification": "OFFICIAL-SENSITIVE",
            "exported_by": exported_by,
            "exported_at": exported_at.isoformat(),
            "note": "Links are advisory and come from the records listed with each; "
            "no score is computed for any person.",
            **view.model_dump(mode="json"),
        },
        indent=2,
        ensure_ascii=False,
    )


def export_network(
    ctx: ServiceContext,
    user: User,
    view: NetworkView,
    *,
    fmt: Literal["svg", "json"],
    recipients: list[str],
    justification: str,
    now: datetime | None = None,
) -> NetworkExport:
    """The chart as SVG or its data as JSON, recorded as a DISCLOSURE to the recipients.

    Only the practice lead exports: operational users have no export beyond the meeting pack.
    """
    require(user, Permission.VIEW_NETWORK)
    scope = person_scope(ctx, user)
    if scope.people is not None:
        raise AccessDenied(
            "operational users have no export beyond the meeting pack; ask the practice lead"
        )
    named = [r.strip() for r in recipients if r and r.strip()]
    if not named:
        raise ValidationFailed("name who will receive the export (recipients)")
    reason = (justification or "").strip()
    if not reason:
        raise ValidationFailed("give the reason for the disclosure")
    moment = now or datetime.now(UTC)
    stamp = moment.astimezone(LONDON).strftime("%Y%m%d-%H%M")
    if fmt == "svg":
        content = network_svg(view, exported_by=user.username, exported_at=moment)
        media_type, suffix = "image/svg+xml", "svg"
    elif fmt == "json":
        content = network_json(view, exported_by=user.username, exported_at=moment)
        media_type, suffix = "application/json", "json"
    else:
        raise ValidationFailed(f"unknown export format {fmt!r}")
    people = [n.node_id for n in view.people()]
    ctx.audit.record(
        user,
        AuditAction.DISCLOSURE,
        f"exported a network chart as {suffix.upper()}: {len(people)} people, "
        f"{len(view.links)} links",
        records=people,
        justification=reason,
        recipients=named,
    )
    return NetworkExport(
        filename=f"network-{stamp}.{suffix}",
        media_type=media_type,
        content=content.encode("utf-8"),
        recipients=named,
    )
