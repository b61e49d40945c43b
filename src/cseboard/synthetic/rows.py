"""Turns events into the rows each reporting agency sends, in that agency's refs and formats."""

from __future__ import annotations

import random
from datetime import datetime

from cseboard.synthetic.events import IntelEvent, MissingEvent
from cseboard.synthetic.identifiers import RefBook, format_phone, format_vrm
from cseboard.synthetic.records import Registry, code_label, join_list
from cseboard.synthetic.styles import SSD_STYLE, STYLES, AgencyStyle
from cseboard.synthetic.timeline import fmt_datetime

__all__ = ["RowMaker"]

_FOUND_SHARE = {"police": 1.0, "childrens_social_care": 0.6, "third_sector": 0.5}
_WITH_SHARE = {"police": 1.0, "childrens_social_care": 0.7, "third_sector": 0.5}


class RowMaker:
    """Renders events as exchange rows; creates agency records on first reference."""

    def __init__(self, registry: Registry, refs: RefBook, rng: random.Random) -> None:
        self.registry, self.refs, self.rng = registry, refs, rng

    def _when(self, style: AgencyStyle, moment: datetime | None) -> str:
        if moment is None:
            return ""
        fmt = style.alt_datetime if self.rng.random() < 0.05 else style.datetime_style
        return fmt_datetime(moment, fmt)

    def intel(self, event: IntelEvent) -> tuple[dict[str, str], str | None]:
        """The row, and the unresolved person ref it carries (if it was planted with one)."""
        rng, registry, agency = self.rng, self.registry, event.agency
        style = STYLES[agency]
        people: list[str] = []
        for person in event.people:
            ref = registry.person_ref(person, agency)
            if ref not in people:
                people.append(ref)
        phantom = registry.phantom_ref(agency) if event.unresolved else None
        if phantom is not None:
            people.append(phantom)
        places = [registry.place_ref(place, agency) for place in event.places]
        accounts = []
        for account in event.accounts:
            platform, name = account.split(":", 1)
            accounts.append(
                f"{platform.capitalize()}:@{name}" if rng.random() < 0.2 else account
            )
        se, ia, hc, conditions = event.grading
        vrms = [format_vrm(v, rng.randrange(3)) for v in event.vrms]
        phones = [format_phone(p, rng.randrange(4)) for p in event.phones]
        row = {
            "agency": style.label,
            "source_ref": self.refs.next(agency, "intelligence", event.when.year),
            "reported_at": self._when(style, event.when),
            "category": style.word("category", event.category),
            "summary": event.summary,
            "source_evaluation": se,
            "intelligence_assessment": ia.lower() if rng.random() < 0.02 else ia,
            "handling_code": hc,
            "handling_conditions": conditions,
            "people": join_list(rng, style, people),
            "locations": join_list(rng, style, places),
            "vehicles": join_list(rng, style, vrms),
            "phones": join_list(rng, style, phones),
            "online_accounts": join_list(rng, style, accounts),
        }
        return row, phantom

    def missing(self, event: MissingEvent) -> list[tuple[str, dict[str, str]]]:
        """One row per agency that recorded the episode."""
        rng, registry = self.rng, self.registry
        rows: list[tuple[str, dict[str, str]]] = []
        for agency in event.agencies:
            style = STYLES[agency]
            found = ""
            if event.found is not None and rng.random() < _FOUND_SHARE.get(agency, 0.0):
                found = registry.place_ref(event.found, agency)
            with_refs: list[str] = []
            if rng.random() < _WITH_SHARE.get(agency, 0.0):
                with_refs = [registry.person_ref(p, agency) for p in event.with_people]
            risk = ""
            if agency == "police" or (agency == "childrens_social_care" and rng.random() < 0.5):
                risk = code_label(style, event.police_risk)
            offered = completed = declined = ""
            if agency == event.rhi_by:
                offered = self._when(style, event.rhi_offered_at)
                completed = self._when(style, event.rhi_completed_at)
                if event.rhi_declined:
                    declined = style.yes
                elif event.rhi_completed_at is not None:
                    declined = style.no
            rows.append((agency, {
                "agency": style.label,
                "source_ref": self.refs.next(agency, "missing_episodes", event.start.year),
                "person_ref": registry.person_ref(event.person, agency),
                "missing_from": style.word("missing_from", event.missing_from),
                "reported_missing_at": self._when(style, event.start),
                "returned_at": self._when(style, event.end),
                "police_risk_level": risk,
                "found_location_ref": found,
                "missing_with": join_list(rng, style, with_refs),
                "rhi_offered_at": offered,
                "rhi_completed_at": completed,
                "rhi_declined": declined,
            }))
        return rows

    def ssd_missing(self, event: MissingEvent, csc_row: dict[str, str]) -> dict[str, str]:
        """The SSD extract's view of a social-care episode: same ids, fewer details."""
        fmt = SSD_STYLE.datetime_style
        accepted = ""
        if event.rhi_completed_at is not None:
            accepted = "Yes"
        elif event.rhi_declined:
            accepted = "No"
        return {
            "miss_table_id": csc_row["source_ref"],
            "miss_la_person_id": csc_row["person_ref"],
            "miss_mis_epi_start": fmt_datetime(event.start, fmt),
            "miss_mis_epi_type": event.absence,
            "miss_mis_epi_end": fmt_datetime(event.end, fmt) if event.end else "",
            "miss_mis_epi_rhi_offered": "Yes" if event.rhi_offered_at else "No",
            "miss_mis_epi_rhi_accepted": accepted,
        }
