"""How each partner's system exports: encoding quirks, date formats, yes/no words, labels.

Fixed per agency (not drawn from the seed) so every generated data set exercises every quirk.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SSD_STYLE", "STYLES", "AgencyStyle"]


@dataclass(frozen=True, slots=True)
class AgencyStyle:
    """One agency's export habits.

    ``alt_datetime`` is the format a minority of rows use (a second system or a manual edit).
    ``comma_lists`` is the share of list cells written with ``,`` instead of ``;``.
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


_LETTERS = {"F": "F", "M": "M", "U": "U"}
_WORDS = {"F": "Female", "M": "Male", "U": "Unknown"}
_LOWER = {"F": "female", "M": "male", "U": "unknown"}

STYLES: dict[str, AgencyStyle] = {
    s.agency: s
    for s in (
        AgencyStyle("police", "police", False, False, False, "iso_t", "uk", "iso", "Y", "N",
                    _LETTERS, False, 0.35, 0.0, 0.0),
        AgencyStyle("health", "health", False, True, True, "iso_offset", "iso_t", "iso", "true",
                    "false", _WORDS, False, 0.0, 0.0, 0.5),
        AgencyStyle("education", "Education", False, True, True, "uk", "uk_seconds", "uk", "Yes",
                    "No", _LETTERS, True, 0.0, 0.0, 0.0),
        AgencyStyle("youth_offending", "Youth Offending", False, False, True, "iso_space", "uk",
                    "uk", "1", "0", _LOWER, False, 0.1, 0.3, 0.0),
        AgencyStyle("childrens_social_care", "childrens_social_care", False, True, False, "uk",
                    "iso_space", "iso", "yes", "no", _LETTERS, False, 0.0, 0.0, 0.2),
        AgencyStyle("third_sector", "third_sector", True, False, False, "iso_short", "uk", "uk",
                    "y", "n", _LOWER, True, 0.0, 0.0, 0.0),
    )
}

# The SSD extracts come straight from the council's SQL Server: CRLF, no BOM, SQL timestamps.
SSD_STYLE = AgencyStyle("childrens_social_care", "childrens_social_care", False, False, True,
                        "sql", "sql", "sql", "Yes", "No", _LETTERS, False, 0.0, 0.0, 0.0)
