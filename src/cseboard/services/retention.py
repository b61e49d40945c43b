"""Retention review: the records due for review under the partnership's rules (erasing a person
is ``services.erasure``)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from cseboard.access.policy import Permission, require
from cseboard.errors import ValidationFailed
from cseboard.models.oversight import RetentionItem, RetentionReview
from cseboard.models.users import AuditAction, User
from cseboard.models.values import LONDON
from cseboard.services.context import ServiceContext
from cseboard.store.oversight import RetentionStore

__all__ = [
    "DEFAULT_RETENTION_RULES",
    "RECORD_TYPES",
    "retention_review",
    "retention_rules",
    "rule_for",
]

RECORD_TYPES = ("intelligence", "missing_episode", "person_record")

DEFAULT_RETENTION_RULES: dict[str, int] = {
    "police/intelligence": 6,
    "intelligence": 6,
    "missing_episode": 6,
    "person_record": 6,
}
"""Years until review, by ``agency/record_type``, ``record_type`` or ``*`` (most specific wins).

Police intelligence is reviewed six years after it was reported (APP on information management);
the partnership sets the others. ``person_record`` counts from the record's last activity (the
latest report or episode made through it). Override with the ``RETENTION_RULES`` environment
variable, a JSON object of the same shape, merged over these defaults.
"""


def retention_rules(overrides: Mapping[str, int] | None = None) -> dict[str, int]:
    """The defaults, then ``RETENTION_RULES`` (JSON) from the environment, then ``overrides``.

    Raises
    ------
    ValidationFailed
        For a rule that is not a whole number of years between 1 and 100, or JSON that does
        not parse.
    """
    rules = dict(DEFAULT_RETENTION_RULES)
    configured = os.environ.get("RETENTION_RULES", "").strip()
    if configured:
        try:
            loaded = json.loads(configured)
        except ValueError as e:
            raise ValidationFailed(f"RETENTION_RULES is not JSON: {e}") from e
        if not isinstance(loaded, dict):
            raise ValidationFailed("RETENTION_RULES must be a JSON object of years")
        rules.update(loaded)
    rules.update(overrides or {})
    for key, years in rules.items():
        if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 100:
            raise ValidationFailed(f"retention rule {key!r}: a whole number of years, 1-100")
        record_type = key.split("/")[-1]
        if record_type not in (*RECORD_TYPES, "*"):
            raise ValidationFailed(
                f"retention rule {key!r}: record type one of {', '.join(RECORD_TYPES)} or *"
            )
    return rules


def rule_for(rules: Mapping[str, int], agency: str, record_type: str) -> tuple[str, int] | None:
    """The most specific rule: ``agency/type``, ``type``, ``agency/*``, ``*``.

    Examples
    --------
    >>> rule_for({"police/intelligence": 6, "intelligence": 3}, "health", "intelligence")
    ('intelligence', 3)
    """
    for key in (f"{agency}/{record_type}", record_type, f"{agency}/*", "*"):
        if key in rules:
            return key, rules[key]
    return None


def _plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def retention_review(
    ctx: ServiceContext,
    user: User,
    *,
    as_of: date | None = None,
    rules: Mapping[str, int] | None = None,
) -> RetentionReview:
    """Records due for review by ``as_of`` (default today), oldest due first.

    Intelligence also falls due on its own review date when one was recorded.
    """
    require(user, Permission.RETENTION)
    chosen = retention_rules(rules)
    today = as_of or datetime.now(LONDON).date()
    store = RetentionStore(ctx.driver, database=ctx.database)
    items: list[RetentionItem] = []
    for record_type in RECORD_TYPES:
        years = [y for k, y in chosen.items() if k.split("/")[-1] in (record_type, "*")]
        if not years and record_type != "intelligence":
            continue
        cutoff_day = _plus_years(today, -min(years)) if years else date(1900, 1, 1)
        cutoff = datetime.combine(cutoff_day + timedelta(days=1), datetime.min.time(), UTC)
        for row in store.candidates(record_type, cutoff=cutoff, today=today):
            item = _due_item(record_type, row, chosen, today)
            if item is not None:
                items.append(item)
    items.sort(key=lambda i: (i.due, i.record_type, i.record_id))
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"retention review as of {today.isoformat()}: {len(items)} records due",
    )
    return RetentionReview(as_of=today, rules=chosen, items=items)


def _due_item(
    record_type: str, row: dict[str, Any], rules: Mapping[str, int], today: date
) -> RetentionItem | None:
    agency = str(row.get("agency") or "unknown")
    reported: datetime | None = row.get("reported_at")
    options: list[tuple[date, str, date, str]] = []
    rule = rule_for(rules, agency, record_type)
    if rule is not None and reported is not None:
        basis_day = reported.astimezone(LONDON).date()
        basis = "last_activity" if record_type == "person_record" else "reported_at"
        options.append(
            (_plus_years(basis_day, rule[1]), basis, basis_day, f"{rule[0]}: {rule[1]} years")
        )
    review_date = row.get("review_date")
    if isinstance(review_date, date):
        options.append((review_date, "review_date", review_date, "review date on the record"))
    due = [o for o in options if o[0] <= today]
    if not due:
        return None
    when, basis, basis_date, text = min(due)
    return RetentionItem(
        record_type=record_type,
        record_id=str(row["record_id"]),
        agency=agency,
        basis=basis,
        basis_date=basis_date,
        due=when,
        rule=text,
        person_ids=sorted(set(row.get("person_ids") or [])),
    )
