"""How each partner's system exports: encoding quirks, date formats, words and column names.

Fixed per agency (not drawn from the seed) so every generated data set exercises every quirk.
Each agency has its own words for the board's categories (and some their own words for other
vocabularies, their own column names and date order); ``synthetic.profiles`` writes the import
profile that maps them, as a partnership's analyst would.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["SSD_STYLE", "STYLES", "AgencyStyle"]


@dataclass(frozen=True, slots=True)
class AgencyStyle:
    """One agency's export habits.

    ``alt_datetime`` is the format a minority of rows use (a second system or a manual edit).
    ``comma_lists`` is the share of list cells written with ``,`` instead of ``;``.
    ``words`` maps a vocabulary (``category``, ``missing_from``…) to the agency's word for each
    board code it words differently; ``columns`` a record type to the agency's name for each
    exchange column it names differently; ``date_order`` is how its ``n/n/yyyy`` dates read.
    """

    agency: str
    label: str
    jsonl: bool
    bom: bool
    crlf: bool
    datetime_style: str
    alt_datetime: str
    date_style: str
    yes: str
    no: str
    genders: dict[str, str]
    title_case_codes: bool
    upper_surnames: float
    comma_lists: float
    nhs_spaced: float
    words: dict[str, dict[str, str]] = field(default_factory=dict)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    date_order: str = "dmy"

    def word(self, vocabulary: str, code: str) -> str:
        """The agency's word for a board code (its display label when it has no word of its own)."""
        own = self.words.get(vocabulary, {}).get(code)
        if own is not None:
            return own
        return code.replace("_", " ").title() if self.title_case_codes else code

    def header(self, record_type: str, columns: tuple[str, ...]) -> tuple[str, ...]:
        """The agency's column names for a record type's exchange columns."""
        names = self.columns.get(record_type, {})
        return tuple(names.get(c, c) for c in columns)


_LETTERS = {"F": "F", "M": "M", "U": "U"}
_WORDS = {"F": "Female", "M": "Male", "U": "Unknown"}
_LOWER = {"F": "female", "M": "male", "U": "unknown"}

_SAME = ("sighting", "vehicle", "disclosure", "other")
"""Codes most agencies word as the board does (in their own case)."""

STYLES: dict[str, AgencyStyle] = {
    s.agency: s
    for s in (
        AgencyStyle("police", "police", False, False, False, "iso_t", "uk", "iso", "Y", "N",
                    _LETTERS, False, 0.35, 0.0, 0.0,
                    words={"category": {
                        "phone_or_device": "phone", "online_contact": "online",
                        "gifts_money_substances": "gifts", "association": "associates",
                        "location_of_concern": "premises", "missing_related": "misper",
                        "sighting": "sighting", "vehicle": "vehicle", "disclosure": "disclosure",
                        "other": "other",
                    }},
                    columns={
                        "intelligence": {"source_ref": "urn", "reported_at": "date_reported",
                                         "category": "intel_category"},
                        "people": {"source_ref": "nominal_ref"},
                        "missing_episodes": {"police_risk_level": "risk_grade"},
                    }),
        AgencyStyle("health", "health", False, True, True, "iso_offset", "iso_t", "iso", "true",
                    "false", _WORDS, False, 0.0, 0.0, 0.5,
                    words={"category": {
                        "sighting": "Seen with adult", "association": "Association",
                        "online_contact": "Online contact", "gifts_money_substances":
                        "Unexplained gifts", "phone_or_device": "New phone",
                        "vehicle": "Vehicle", "location_of_concern": "Place of concern",
                        "disclosure": "Disclosure", "missing_related": "Missing",
                        "other": "Other",
                    }},
                    columns={"people": {"nhs_number": "nhs_no", "date_of_birth": "dob"}}),
        AgencyStyle("education", "Education", False, True, True, "uk", "uk_seconds", "uk", "Yes",
                    "No", _LETTERS, True, 0.0, 0.0, 0.0,
                    words={"category": {
                        "phone_or_device": "Mobile Phone", "online_contact": "Social Media",
                        "gifts_money_substances": "Gifts/Money", "association": "Peer Concern",
                        "location_of_concern": "Location", "missing_related": "Absconding",
                    }}),
        AgencyStyle("youth_offending", "Youth Offending", False, False, True, "iso_space", "uk",
                    "uk", "1", "0", _LOWER, False, 0.1, 0.3, 0.0,
                    words={"category": {
                        "vehicle": "car", "phone_or_device": "phone/device",
                        "online_contact": "online", "gifts_money_substances": "money or drugs",
                        "association": "peer association", "location_of_concern": "address",
                        "missing_related": "missing", **{c: c for c in ("sighting",
                                                                        "disclosure", "other")},
                    }}),
        AgencyStyle("childrens_social_care", "childrens_social_care", False, True, False, "uk",
                    "iso_space", "iso", "yes", "no", _LETTERS, False, 0.0, 0.0, 0.2,
                    words={
                        "category": {
                            "online_contact": "online exploitation",
                            "gifts_money_substances": "gifts/money/substances",
                            "phone_or_device": "phone", "location_of_concern": "location",
                            "missing_related": "missing episode", "association": "association",
                            **{c: c for c in _SAME},
                        },
                        "missing_from": {"care_placement": "placement", "home": "family home",
                                         "school": "school"},
                    }),
        AgencyStyle("third_sector", "third_sector", True, False, False, "us", "iso_short", "us",
                    "y", "n", {"F": "girl", "M": "boy", "U": "not known"}, True, 0.0, 0.0,
                    0.0,
                    words={"category": {
                        "online_contact": "online grooming", "gifts_money_substances": "gifts",
                        "phone_or_device": "phone", "association": "friendship group",
                        "location_of_concern": "hangout", "missing_related": "went missing",
                        **{c: c for c in _SAME},
                    }},
                    date_order="mdy"),
    )
}

# The SSD extracts come straight from the council's SQL Server: CRLF, no BOM, SQL timestamps.
SSD_STYLE = AgencyStyle("childrens_social_care", "childrens_social_care", False, False, True,
                        "sql", "sql", "sql", "Yes", "No", _LETTERS, False, 0.0, 0.0, 0.0)
