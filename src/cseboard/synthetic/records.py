"""Each agency's own records of true people and places, and how it writes them as rows.

A record is created the first time an agency refers to someone (or when the agency would know
the child anyway, e.g. a school its pupils), so every ref an agency uses has a people row,
except the deliberate unresolved ones. Rows are rendered once, at the end of a shard, which is
where the spelling variants, missing and swapped dates of birth are decided.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date

from cseboard.models.codes import LocationKind
from cseboard.synthetic import names
from cseboard.synthetic.identifiers import AGENCIES, RefBook, format_nhs
from cseboard.synthetic.plan import Person, Place, World
from cseboard.synthetic.styles import SSD_STYLE, STYLES, AgencyStyle
from cseboard.synthetic.timeline import fmt_date

__all__ = ["BLANK_COORDINATES", "Registry", "code_label", "join_list"]

_NAME_INITIAL = {"police": 0.04, "third_sector": 0.08, "health": 0.03}
_DOB_BLANK_ADULT = {"police": 0.3, "third_sector": 0.5}
_ALIAS_ONLY = frozenset({"health", "education", "third_sector"})
_DUPLICATE_SHARE = 0.02
_SWAP_SHARE = 0.06
# LocationRow raises TypeError (not a validation error) on blank latitude/longitude: its ge/le
# constraints run on None. Until that is fixed every location row carries coordinates.
BLANK_COORDINATES = False


def _age(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def code_label(style: AgencyStyle, code: str) -> str:
    """Some systems export codes as display labels (``Transport Hub``); import normalises them."""
    return code.replace("_", " ").title() if style.title_case_codes else code


def join_list(rng: random.Random, style: AgencyStyle, items: list[str]) -> str:
    """Lists are ``;``-separated, except one agency that sometimes uses commas."""
    if len(items) > 1 and style.comma_lists and rng.random() < style.comma_lists:
        return ",".join(items)
    return ";".join(items)


class Registry:
    """The agencies' records of one shard's people and places."""

    def __init__(self, refs: RefBook, rng: random.Random, as_of: date) -> None:
        self.refs, self.rng, self.as_of = refs, rng, as_of
        self.people: dict[str, list[tuple[Person, str]]] = {a: [] for a in AGENCIES}
        self.places: dict[str, list[tuple[Place, str]]] = {a: [] for a in AGENCIES}

    def _ref_year(self, person: Person, agency: str) -> int:
        if agency == "education":
            return min(self.as_of.year, person.dob.year + 11)
        return self.as_of.year

    def person_ref(self, person: Person, agency: str) -> str:
        refs = person.records.get(agency)
        if refs is None:
            year = self._ref_year(person, agency)
            refs = [self.refs.next(agency, "people", year)]
            # police systems sometimes hold the same child twice under two references
            if (agency == "police" and person.role == "young_person"
                    and self.rng.random() < _DUPLICATE_SHARE):
                refs.append(self.refs.next(agency, "people", year))
            person.records[agency] = refs
            self.people[agency].extend((person, ref) for ref in refs)
        return refs[0] if len(refs) == 1 else self.rng.choice(refs)

    def place_ref(self, place: Place, agency: str) -> str:
        ref = place.records.get(agency)
        if ref is None:
            ref = self.refs.next(agency, "locations", self.as_of.year)
            place.records[agency] = ref
            self.places[agency].append((place, ref))
        return ref

    def phantom_ref(self, agency: str) -> str:
        """A person ref in the agency's scheme that it never sends a record for."""
        return self.refs.next(agency, "people", self.as_of.year)

    def enrol(self, world: World) -> None:
        """Records agencies hold whether or not anything is reported about the person."""
        rng, as_of = self.rng, self.as_of
        for p in world.young_people:
            age = _age(p.dob, as_of)
            grouped = p.group is not None
            if age <= 16 and rng.random() < 0.85:
                self.person_ref(p, "education")
            if rng.random() < (0.8 if grouped else 0.6):
                self.person_ref(p, "health")
            if p.looked_after or p.cp_plan or p.child_in_need or (grouped and rng.random() < 0.9):
                self.person_ref(p, "childrens_social_care")
            if rng.random() < (0.12 if p.sex == "M" and age >= 13 else 0.03):
                self.person_ref(p, "youth_offending")
            if rng.random() < (0.7 if grouped else 0.04):
                self.person_ref(p, "third_sector")
        for a in world.associates:
            # police records of adults are made when first reported, so file order tells nothing
            if a.group is None and _age(a.dob, as_of) < 21 and rng.random() < 0.3:
                self.person_ref(a, "youth_offending")

    # -- rows ------------------------------------------------------------------------------

    def _dob(self, agency: str, person: Person) -> str:
        rng = self.rng
        style = STYLES[agency]
        blank = _DOB_BLANK_ADULT.get(agency, 0.05) if person.role == "associate" else 0.04
        if agency == "third_sector" and person.role == "young_person":
            blank = 0.2
        if rng.random() < blank:
            return ""
        dob = person.dob
        if (not person.dob_swapped and len(person.records) > 1 and dob.day <= 12
                and dob.day != dob.month and rng.random() < _SWAP_SHARE):
            person.dob_swapped = True
            dob = date(dob.year, dob.day, dob.month)
        return fmt_date(dob, style.date_style)

    def _flag(self, agency: str, style: AgencyStyle, value: bool, young: bool) -> str:
        if not young:
            return ""
        if agency == "childrens_social_care":
            return style.yes if value else style.no
        if value and self.rng.random() < 0.3:
            return style.yes
        return ""

    def _risk(self, agency: str, person: Person) -> str:
        rng = self.rng
        if person.role != "young_person":
            return ""
        if agency == "childrens_social_care":
            level = person.risk
        elif agency == "police":
            known = (person.group and rng.random() < 0.6) or rng.random() < 0.2
            level = person.risk if known else ""
        else:
            return ""
        return level.title() if level and rng.random() < 0.2 else level

    def _postcode(self, postcode: str, share: float) -> str:
        r = self.rng.random()
        if r >= share:
            return ""
        if r < 0.08:
            return postcode.lower()
        if r < 0.16:
            return postcode.replace(" ", "")
        return postcode

    def _person_row(self, agency: str, person: Person, ref: str) -> dict[str, str]:
        rng = self.rng
        style = STYLES[agency]
        young = person.role == "young_person"
        first = names.render_first(rng, person.first, initial=_NAME_INITIAL.get(agency, 0.01),
                                   variant=0.15)
        last = names.render_last(rng, person.last, variant=0.12, upper=style.upper_surnames)
        aliases: list[str] = []
        if person.alias and rng.random() < (0.85 if agency == "police" else 0.4):
            aliases.append(person.alias)
        if young and rng.random() < 0.06:
            nick = names.first_variants(person.first)
            if nick:
                aliases.append(rng.choice(nick))
        if not young and person.alias and agency in _ALIAS_ONLY and rng.random() < 0.5:
            first, last, aliases = "", "", [person.alias]
        nhs = ""
        if agency in {"health", "childrens_social_care"} and rng.random() < (
            0.95 if agency == "health" else 0.85
        ):
            nhs = format_nhs(person.nhs, rng.random() < style.nhs_spaced)
        gender = "" if rng.random() < 0.03 else style.genders[person.sex]
        return {
            "agency": style.label,
            "source_ref": ref,
            "role": code_label(style, person.role),
            "first_name": first,
            "last_name": last,
            "aliases": join_list(rng, style, aliases),
            "date_of_birth": self._dob(agency, person),
            "gender": gender,
            "nhs_number": nhs,
            "postcode": self._postcode(person.postcode, 0.88),
            "looked_after": self._flag(agency, style, person.looked_after, young),
            "cp_plan": self._flag(agency, style, person.cp_plan, young),
            "child_in_need": self._flag(agency, style, person.child_in_need, young),
            "risk_level": self._risk(agency, person),
        }

    def person_rows(self, agency: str) -> Iterator[dict[str, str]]:
        for person, ref in self.people[agency]:
            yield self._person_row(agency, person, ref)

    def _place_name(self, place: Place) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.75:
            return place.name
        if r < 0.85:
            if place.name.startswith("The "):
                return place.name[4:]
            if place.kind != LocationKind.HOME_ADDRESS:
                return f"{place.name}, {place.street}"
        if r < 0.93:
            return place.name.upper()
        return place.name.lower()

    def _location_row(self, agency: str, place: Place, ref: str) -> dict[str, str]:
        rng = self.rng
        style = STYLES[agency]
        police = agency == "police"
        lat = lon = ""
        if rng.random() < (0.85 if police else 0.25) or not BLANK_COORDINATES:
            digits = 5 if police else rng.choice((3, 4))
            lat, lon = f"{place.lat:.{digits}f}", f"{place.lon:.{digits}f}"
        return {
            "agency": style.label,
            "source_ref": ref,
            "name": self._place_name(place),
            "kind": code_label(style, place.kind),
            "postcode": self._postcode(place.postcode, 0.95 if police else 0.8),
            "latitude": lat,
            "longitude": lon,
        }

    def location_rows(self, agency: str) -> Iterator[dict[str, str]]:
        for place, ref in self.places[agency]:
            yield self._location_row(agency, place, ref)

    def ssd_person_rows(self) -> Iterator[dict[str, str]]:
        """The council's SSD extract: the same LA ids as its people file, no names."""
        rng = self.rng
        for person, ref in self.people["childrens_social_care"]:
            if person.role != "young_person":
                continue
            yield {
                "pers_person_id": ref,
                "pers_sex": person.sex,
                "pers_dob": (
                    "" if rng.random() < 0.03 else fmt_date(person.dob, SSD_STYLE.date_style)
                ),
                "pers_common_child_id": person.nhs if rng.random() < 0.9 else "",
                "pers_ethnicity": person.ethnicity,
            }
