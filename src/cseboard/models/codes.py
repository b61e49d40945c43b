"""Controlled vocabularies of the domain: categories, kinds, levels, roles, gradings."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "DEFAULT_RISK_LEVELS",
    "Gender",
    "HandlingCode",
    "IntelligenceAssessment",
    "IntelligenceCategory",
    "LocationKind",
    "MissingFrom",
    "PersonRole",
    "PoliceRiskLevel",
    "SourceEvaluation",
]


class PersonRole(StrEnum):
    """Whether a partner recorded the person as a child or as an adult around children."""

    YOUNG_PERSON = "young_person"
    ASSOCIATE = "associate"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class IntelligenceCategory(StrEnum):
    """Non-victim-blaming categories: they describe what was observed, not the child."""

    SIGHTING = "sighting"
    ASSOCIATION = "association"
    ONLINE_CONTACT = "online_contact"
    GIFTS_MONEY_SUBSTANCES = "gifts_money_substances"
    VEHICLE = "vehicle"
    LOCATION_OF_CONCERN = "location_of_concern"
    PHONE_OR_DEVICE = "phone_or_device"
    DISCLOSURE = "disclosure"
    MISSING_RELATED = "missing_related"
    OTHER = "other"


class LocationKind(StrEnum):
    HOME_ADDRESS = "home_address"
    PLACEMENT = "placement"
    SCHOOL = "school"
    HOTEL = "hotel"
    TAKEAWAY = "takeaway"
    PARK = "park"
    SHOP = "shop"
    TRANSPORT_HUB = "transport_hub"
    ONLINE_MEETING_POINT = "online_meeting_point"
    OTHER = "other"


class MissingFrom(StrEnum):
    HOME = "home"
    CARE_PLACEMENT = "care_placement"
    SCHOOL = "school"


class PoliceRiskLevel(StrEnum):
    """Police missing-person risk grade (dated list; 'no apparent risk' replaced 'absent')."""

    NO_APPARENT_RISK = "no_apparent_risk"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class SourceEvaluation(StrEnum):
    """3x5x2 source evaluation."""

    RELIABLE = "1"
    UNTESTED = "2"
    NOT_RELIABLE = "3"


class IntelligenceAssessment(StrEnum):
    """3x5x2 intelligence assessment."""

    KNOWN_DIRECTLY = "A"
    KNOWN_INDIRECTLY_CORROBORATED = "B"
    KNOWN_INDIRECTLY = "C"
    NOT_KNOWN = "D"
    SUSPECTED_FALSE = "E"


class HandlingCode(StrEnum):
    """3x5x2 handling code: P may be shared; C only as the conditions allow."""

    PERMITTED = "P"
    CONDITIONS = "C"


DEFAULT_RISK_LEVELS: tuple[str, ...] = ("none", "low", "medium", "high")
"""Partnership default: medium is 'suspected', high is 'known'. Configurable in settings."""
