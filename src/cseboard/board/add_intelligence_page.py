"""Add intelligence page: one graded report typed in, validated exactly as an imported row."""

from __future__ import annotations

from datetime import date, datetime, time

import streamlit as st

from cseboard.board.session import current_user, services
from cseboard.errors import CseBoardError
from cseboard.models.casework import IntakeOptions, category_label, md_escape
from cseboard.models.handling import format_conditions
from cseboard.models.values import LONDON, parse_list
from cseboard.services.intake import FormRejected, add_intelligence, intake_options

__all__ = ["render"]

SOURCE = {
    "1": "1 - reliable",
    "2": "2 - untested",
    "3": "3 - not reliable",
}
ASSESSMENT = {
    "A": "A - known directly to the source",
    "B": "B - known indirectly, corroborated",
    "C": "C - known indirectly",
    "D": "D - not known",
    "E": "E - suspected to be false or malicious",
}
HANDLING = {
    "P": "P - lawful sharing permitted",
    "C": "C - lawful sharing with conditions",
}
GRADING = "source_evaluation/intelligence_assessment/handling_code"
_ERRORS = "intake_errors"
_DONE = "intake_done"
_KEYS = (
    "intake_date",
    "intake_time",
    "intake_category",
    "intake_summary",
    "intake_source",
    "intake_assessment",
    "intake_handling",
    "intake_conditions",
    "intake_people",
    "intake_people_refs",
    "intake_places",
    "intake_places_refs",
    "intake_vehicles",
    "intake_phones",
    "intake_accounts",
)


def _choose(options: dict[str, str]) -> list[str]:
    return ["", *options]


def _errors_for(errors: dict[str, list[str]], *fields: str) -> None:
    """The import's messages for these fields, under the fields they concern."""
    for field in fields:
        for message in errors.get(field, []):
            st.error(md_escape(message), icon=":material/error:")


def _refs(chosen: list[str], typed: str) -> str:
    return ";".join(dict.fromkeys([*chosen, *parse_list(typed or "")]))


def _form(options: IntakeOptions, errors: dict[str, list[str]]) -> dict[str, str] | None:
    now = datetime.now(LONDON)
    people = {o.source_ref: o.label for o in options.people}
    places = {o.source_ref: o.label for o in options.places}
    with st.form("add_intelligence_form"):
        left, right = st.columns(2)
        day = left.date_input(
            "Date reported",
            value=now.date(),
            max_value=now.date(),
            format="DD/MM/YYYY",
            key="intake_date",
        )
        moment = right.time_input(
            "Time reported (UK)", value=time(now.hour, now.minute), step=60, key="intake_time"
        )
        _errors_for(errors, "reported_at")
        category = st.selectbox(
            "Category",
            ["", *options.categories],
            format_func=lambda c: category_label(c) if c else "Choose a category",
            key="intake_category",
        )
        _errors_for(errors, "category")
        summary = st.text_area(
            "Summary: what was seen or said, by whom, in factual words",
            key="intake_summary",
            max_chars=10_000,
        )
        _errors_for(errors, "summary")
        st.text("Grading (3x5x2, all three required)")
        a, b, c = st.columns(3)
        source = a.selectbox(
            "Source evaluation",
            _choose(SOURCE),
            format_func=lambda v: SOURCE.get(v, "Choose"),
            key="intake_source",
        )
        assessment = b.selectbox(
            "Intelligence assessment",
            _choose(ASSESSMENT),
            format_func=lambda v: ASSESSMENT.get(v, "Choose"),
            key="intake_assessment",
        )
        handling = c.selectbox(
            "Handling code",
            _choose(HANDLING),
            format_func=lambda v: HANDLING.get(v, "Choose"),
            key="intake_handling",
        )
        _errors_for(errors, GRADING)
        shared = st.multiselect(
            "Handling code C: the other agencies it may be shared with (none: yours only)",
            options.agencies,
            format_func=lambda a: a.replace("_", " "),
            key="intake_conditions",
        )
        _errors_for(errors, "handling_conditions")
        agency = options.agency.replace("_", " ").capitalize()
        st.text(f"People and places: {agency} records, or references to them")
        left, right = st.columns(2)
        chosen_people = left.multiselect(
            "People (your agency's records)",
            list(people),
            format_func=lambda r: people.get(r, r),
            key="intake_people",
        )
        typed_people = right.text_input(
            "Other person references (;-separated)", key="intake_people_refs"
        )
        _errors_for(errors, "people")
        chosen_places = left.multiselect(
            "Places (your agency's records)",
            list(places),
            format_func=lambda r: places.get(r, r),
            key="intake_places",
        )
        typed_places = right.text_input(
            "Other location references (;-separated)", key="intake_places_refs"
        )
        _errors_for(errors, "locations")
        a, b, c = st.columns(3)
        vehicles = a.text_input("Vehicles (registrations, ;-separated)", key="intake_vehicles")
        phones = b.text_input("Phone numbers (;-separated)", key="intake_phones")
        accounts = c.text_input(
            "Online accounts (platform:handle, ;-separated)", key="intake_accounts"
        )
        _errors_for(errors, "vehicles", "phones", "online_accounts")
        submitted = st.form_submit_button("Add intelligence", type="primary")
    if not submitted:
        return None
    when = ""
    if isinstance(day, date) and moment is not None:
        when = f"{day:%d/%m/%Y} {moment:%H:%M}"
    return {
        "reported_at": when,
        "category": category or "",
        "summary": summary,
        "source_evaluation": source or "",
        "intelligence_assessment": assessment or "",
        "handling_code": handling or "",
        "handling_conditions": format_conditions(shared) if handling == "C" else "",
        "people": _refs(chosen_people, typed_people),
        "locations": _refs(chosen_places, typed_places),
        "vehicles": vehicles,
        "phones": phones,
        "online_accounts": accounts,
    }


def render() -> None:
    user = current_user()
    if user is None:
        st.stop()
    ctx = services()
    st.title("Add intelligence")
    st.caption(
        "The same checks as a partner file. The report is recorded as your agency's, with a "
        "FORM- reference, and the collection is audited. Describe what adults did and what "
        "was observed; do not describe a child as choosing or consenting to exploitation."
    )
    try:
        options = intake_options(ctx, user)
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        st.stop()
    done: dict[str, object] | None = st.session_state.pop(_DONE, None)
    if done:
        st.success("Intelligence saved.", icon=":material/check_circle:")
        st.text(f"Reference: {done['intel_id']}")
        if done["pending"]:
            st.text(
                "These references have no record yet; the links complete when the record "
                f"arrives: {done['pending']}"
            )
    errors: dict[str, list[str]] = st.session_state.get(_ERRORS, {})
    general = [m for k, v in errors.items() if k.startswith("(") for m in v]
    for message in general:
        st.error(md_escape(message))
    values = _form(options, errors)
    if values is None:
        return
    try:
        result = add_intelligence(ctx, user, values)
    except FormRejected as e:
        st.session_state[_ERRORS] = e.errors
        st.rerun()
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return
    st.session_state.pop(_ERRORS, None)
    for key in _KEYS:
        st.session_state.pop(key, None)
    st.session_state[_DONE] = {
        "intel_id": result.intel_id,
        "pending": ", ".join(result.pending_refs),
    }
    st.rerun()


render()
