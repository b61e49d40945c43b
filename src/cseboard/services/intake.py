"""Collection of partner intelligence typed into the add-intelligence form (uploaded partner
files are ``services.imports``)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from cseboard.access.policy import Permission, require
from cseboard.errors import ValidationFailed
from cseboard.ingest.rejects import problems_from_validation
from cseboard.ingest.rows import write_row
from cseboard.models.casework import (
    IntakeOptions,
    IntakeResult,
    RecordOption,
)
from cseboard.models.codes import IntelligenceCategory
from cseboard.models.exchange import IntelligenceRow, vocabulary_notes
from cseboard.models.users import AuditAction, User
from cseboard.services.context import ServiceContext
from cseboard.services.kept import kept
from cseboard.store.casework import CaseworkStore
from cseboard.store.writes import GraphWriter

__all__ = [
    "FORM_FIELDS",
    "FormRejected",
    "add_intelligence",
    "intake_options",
]

FORM_FIELDS: tuple[str, ...] = tuple(c for c in IntelligenceRow.columns if c != "agency")
"""The form's fields are the exchange format's intelligence columns (agency is the user's)."""
_GRADING_FIELD = "source_evaluation/intelligence_assessment/handling_code"
_STAND_IN_GRADING = {
    "source_evaluation": "1",
    "intelligence_assessment": "A",
    "handling_code": "P",
    "handling_conditions": "",
}


class FormRejected(ValidationFailed):
    """The form failed validation; ``errors`` maps each field to its messages.

    The messages are the import's own (the same model and the same rejects wording), so a
    partner sees one rule whether they type a report or send a file.
    """

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        fields = ", ".join(sorted(errors))
        super().__init__(f"the report was not saved: check {fields}")


def _agency_of(user: User) -> str:
    if not user.agency:
        raise ValidationFailed("your account has no agency: ask an administrator to set one")
    return user.agency


def _person_label(row: dict[str, Any]) -> str:
    names = " ".join(n for n in (row.get("first_name"), row.get("last_name")) if n)
    name = names or next(iter(row.get("aliases") or []), "") or "no name recorded"
    born = row.get("date_of_birth")
    dob = f", born {born.strftime('%d/%m/%Y')}" if born else ""
    return f"{name}{dob} ({row['source_ref']})"


def intake_options(ctx: ServiceContext, user: User) -> IntakeOptions:
    """The user's agency's own person and location records, for the form's pickers.

    Only the agency's records are offered because a report names people and places by its own
    agency's source refs, as a partner file does; other agencies' records cannot be named here.
    """
    require(user, Permission.ADD_INTELLIGENCE)
    agency = _agency_of(user)

    def load() -> IntakeOptions:
        store = CaseworkStore(ctx.driver, database=ctx.database)
        people = [
            RecordOption(source_ref=r["source_ref"], label=_person_label(r))
            for r in store.agency_people(agency)
        ]
        places = []
        for r in store.agency_locations(agency):
            extra = ", ".join(x for x in (r.get("kind", "") or "", r.get("postcode") or "") if x)
            label = f"{r.get('name') or 'unnamed place'}"
            places.append(
                RecordOption(
                    source_ref=r["source_ref"],
                    label=f"{label} ({extra.replace('_', ' ')}; {r['source_ref']})"
                    if extra
                    else f"{label} ({r['source_ref']})",
                )
            )
        return IntakeOptions(
            agency=agency,
            people=sorted(people, key=lambda o: o.label.lower()),
            places=sorted(places, key=lambda o: o.label.lower()),
            categories=[c.value for c in IntelligenceCategory],
            agencies=sorted(
                (set(store.agencies()) | set(ctx.settings.agency_contacts)) - {agency}
            ),
        )

    # Kept for the user while the graph is unchanged: a form shown again answers at once.
    contacts = tuple(sorted(ctx.settings.agency_contacts))
    options, _ = kept(ctx, user, "intake_options", (agency, contacts), load)
    return options


def _form_errors(error: ValidationError, values: dict[str, str | None]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for problem in problems_from_validation(error, file="form", line=0, values=values):
        errors.setdefault(problem.column, []).append(problem.reason)
    return errors


def add_intelligence(
    ctx: ServiceContext, user: User, values: Mapping[str, str | None]
) -> IntakeResult:
    """Validate a typed report exactly as an imported row and write it through the import's
    writer, as the user's agency with a generated ``FORM-<uuid>`` reference.

    The form takes 3x5x2 grading only (a legacy 5x5x5 grade is for old records, not new
    ones). References to records the agency has not sent yet land as pending links, as in an
    import. One COLLECTION audit event names the new report.

    Raises
    ------
    FormRejected
        With the import's messages per field (every field at once: where the import would
        stop at a bad grading, the other fields are checked too).
    """
    require(user, Permission.ADD_INTELLIGENCE)
    agency = _agency_of(user)
    source_ref = f"FORM-{uuid.uuid4()}"
    data: dict[str, str | None] = {
        k: ("" if values.get(k) is None else str(values.get(k))) for k in FORM_FIELDS
    }
    data.update(agency=agency, source_ref=source_ref)
    context = {"risk_levels": list(ctx.settings.risk_levels)}
    # A person typing a report can correct what an import would land as "other": the form
    # asks for it, with the import's words.
    unknown = {n.column: [n.reason] for n in vocabulary_notes("intelligence", data)}
    try:
        model = IntelligenceRow.model_validate(data, context=context)
    except ValidationError as e:
        errors = _form_errors(e, data)
        if set(errors) <= {_GRADING_FIELD, "handling_conditions"}:
            # The row model stops at a bad grading before it reads the other columns. An import
            # would report those on the next attempt; the form lists them now, with the same
            # messages, by checking the row again with a stand-in grading.
            stand_in = {**data, **_STAND_IN_GRADING}
            try:
                IntelligenceRow.model_validate(stand_in, context=context)
            except ValidationError as more:
                for field, messages in _form_errors(more, stand_in).items():
                    errors.setdefault(field, []).extend(messages)
        raise FormRejected({**unknown, **errors}) from None
    if not model.grading.conditions_readable:
        # Typed on the board, unreadable conditions are refused rather than read restrictively.
        unknown["handling_conditions"] = ["choose the agencies it may be shared with, or none"]
    if unknown:
        raise FormRejected(unknown)
    if model.grading.legacy is not None:
        raise FormRejected(
            {
                _GRADING_FIELD: [
                    "the form takes 3x5x2 grading only: source evaluation 1-3, "
                    "intelligence assessment A-E, handling code P or C"
                ]
            }
        )
    store = CaseworkStore(ctx.driver, database=ctx.database)
    known_people, known_places = store.known_refs(agency)
    pending = [f"people: {r}" for r in model.people if r not in known_people]
    pending += [f"locations: {r}" for r in model.locations if r not in known_places]
    GraphWriter(ctx.driver, database=ctx.database).write(
        "intelligence", [write_row(model)], run_id=source_ref
    )
    intel_id = f"{agency}/{source_ref}"
    ctx.audit.record(
        user,
        AuditAction.COLLECTION,
        "intelligence report added through the board form",
        records=[intel_id],
    )
    return IntakeResult(intel_id=intel_id, source_ref=source_ref, pending_refs=pending)
