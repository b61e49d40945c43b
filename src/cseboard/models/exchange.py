"""Rows of the partner exchange format and of SSD extracts, validated field by field.

Every model takes the raw strings of one CSV/JSONL row; a ``ValidationError`` names the column.
Risk levels are configurable, so they are checked against ``context={"risk_levels": [...]}``.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime, time
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from cseboard.models.codes import (
    DEFAULT_RISK_LEVELS,
    Gender,
    IntelligenceCategory,
    LocationKind,
    MissingFrom,
    PersonRole,
    PoliceRiskLevel,
)
from cseboard.models.grading import Grading, parse_grading
from cseboard.models.handling import UNREADABLE_REASON
from cseboard.models.values import (
    LONDON,
    blank_to_none,
    has_time,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_list,
    parse_nhs_number,
    parse_online_account,
    parse_phone,
    parse_postcode,
    parse_text,
    parse_vrm,
)

__all__ = [
    "DATE_ONLY_FIELDS",
    "RECORD_TYPES",
    "ExchangeRow",
    "IntelligenceRow",
    "LocationRow",
    "MissingEpisodeRow",
    "PersonRow",
    "SsdMissingRow",
    "SsdPersonRow",
    "normalise_agency",
    "row_hash",
]

DATE_ONLY_FIELDS = ("reported_missing_at", "returned_at", "rhi_offered_at")
"""Episode times a partner may record as a day without a time of day."""

_AGENCY = re.compile(r"^[a-z0-9][a-z0-9_\-]{1,39}$")
_REF = re.compile(r"^[^;\r\n]{1,100}$")


def normalise_agency(value: str) -> str:
    """Agency codes are lower case with underscores: ``Youth Offending`` → ``youth_offending``."""
    code = re.sub(r"[\s]+", "_", str(value).strip().lower())
    if not _AGENCY.match(code):
        raise ValueError(f"{value!r} is not an agency code (letters, digits, _ or -)")
    return code


def _ref(value: object) -> str:
    text = str(value).strip()
    if not _REF.match(text):
        raise ValueError("reference must be 1-100 characters without ';' or line breaks")
    return text


def _opt(parser: Any) -> Any:
    """Wrap a parser so that blank cells become ``None`` before it runs."""

    def run(value: object) -> object:
        value = blank_to_none(value)
        return None if value is None else parser(value)

    return BeforeValidator(run)


def _lower(value: object) -> object:
    value = blank_to_none(value)
    return value.strip().lower().replace(" ", "_") if isinstance(value, str) else value


Agency = Annotated[str, BeforeValidator(normalise_agency)]
Ref = Annotated[str, BeforeValidator(_ref)]
Text = Annotated[str, BeforeValidator(lambda v: parse_text(str(v)))]
OptText = Annotated[str | None, _opt(lambda v: parse_text(str(v)) or None)]
OptDate = Annotated[date | None, _opt(parse_date)]
OptDateTime = Annotated[datetime | None, _opt(parse_datetime)]
ReqDateTime = Annotated[datetime, BeforeValidator(parse_datetime)]
OptBool = Annotated[bool | None, _opt(parse_bool)]
OptNhs = Annotated[str | None, _opt(parse_nhs_number)]
OptPostcode = Annotated[str | None, _opt(parse_postcode)]
RefList = Annotated[list[str], BeforeValidator(lambda v: [_ref(x) for x in parse_list(v)])]
TextList = Annotated[list[str], BeforeValidator(lambda v: [parse_text(x) for x in parse_list(v)])]
VrmList = Annotated[list[str], BeforeValidator(lambda v: [parse_vrm(x) for x in parse_list(v)])]
PhoneList = Annotated[list[str], BeforeValidator(lambda v: [parse_phone(x) for x in parse_list(v)])]
AccountList = Annotated[
    list[tuple[str, str]],
    BeforeValidator(lambda v: [parse_online_account(x) for x in parse_list(v)]),
]


Latitude = Annotated[float, Field(ge=49.0, le=61.0)]
Longitude = Annotated[float, Field(ge=-9.0, le=2.5)]


def row_hash(params: dict[str, Any]) -> str:
    """A digest of a row's normalised content: a re-import of an unchanged row writes nothing."""
    blob = json.dumps(params, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.blake2b(blob.encode("utf-8"), digest_size=16).hexdigest()


class ExchangeRow(BaseModel):
    """Fields every exchange row has.

    Attributes
    ----------
    agency: the partner agency that holds the record (normalised code).
    source_ref: that agency's own reference for the record.
    """

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, use_enum_values=True
    )
    record_type: ClassVar[str]
    columns: ClassVar[tuple[str, ...]]

    agency: Agency
    source_ref: Ref

    def write_params(self) -> dict[str, Any]:
        """The values the store writes, including a content hash for change detection."""
        params = self.model_dump(mode="python")
        params["row_hash"] = row_hash(params)
        return params

    def warnings(self) -> list[tuple[str, str, str]]:
        """``(column, value, reason)`` of values the row landed with in a restricted reading."""
        return []


class PersonRow(ExchangeRow):
    """A partner's record of a young person or an associate (an adult or peer of concern).

    Attributes
    ----------
    role, first_name, last_name, aliases, date_of_birth, gender, nhs_number, postcode,
    looked_after, cp_plan, child_in_need, risk_level: the ``people`` file's columns.
    """

    record_type: ClassVar[str] = "people"
    columns: ClassVar[tuple[str, ...]] = (
        "agency",
        "source_ref",
        "role",
        "first_name",
        "last_name",
        "aliases",
        "date_of_birth",
        "gender",
        "nhs_number",
        "postcode",
        "looked_after",
        "cp_plan",
        "child_in_need",
        "risk_level",
    )

    role: Annotated[PersonRole, BeforeValidator(_lower)]
    first_name: OptText = None
    last_name: OptText = None
    aliases: TextList = Field(default_factory=list)
    date_of_birth: OptDate = None
    gender: Annotated[Gender, BeforeValidator(lambda v: _lower(v) or "unknown")] = Gender.UNKNOWN
    nhs_number: OptNhs = None
    postcode: OptPostcode = None
    looked_after: OptBool = None
    cp_plan: OptBool = None
    child_in_need: OptBool = None
    risk_level: Annotated[str | None, BeforeValidator(_lower)] = None

    @field_validator("gender", mode="before")
    @classmethod
    def _gender_letters(cls, value: object) -> object:
        letters = {"f": "female", "m": "male", "u": "unknown", "o": "other"}
        if isinstance(value, str) and value.strip().lower() in letters:
            return letters[value.strip().lower()]
        return value

    @field_validator("risk_level")
    @classmethod
    def _known_risk_level(cls, value: str | None, info: ValidationInfo) -> str | None:
        levels = (info.context or {}).get("risk_levels", DEFAULT_RISK_LEVELS)
        if value is not None and value not in levels:
            raise ValueError(f"risk level {value!r} is not one of {', '.join(levels)}")
        return value

    @model_validator(mode="after")
    def _named(self) -> PersonRow:
        if not (self.first_name or self.last_name or self.aliases):
            raise ValueError("a person needs a first name, a last name or an alias")
        return self


class LocationRow(ExchangeRow):
    """A place a partner records (a row of its ``locations`` file)."""

    record_type: ClassVar[str] = "locations"
    columns: ClassVar[tuple[str, ...]] = (
        "agency",
        "source_ref",
        "name",
        "kind",
        "postcode",
        "latitude",
        "longitude",
    )

    name: Text
    kind: Annotated[LocationKind, BeforeValidator(_lower)]
    postcode: OptPostcode = None
    latitude: Annotated[Latitude | None, BeforeValidator(blank_to_none)] = None
    longitude: Annotated[Longitude | None, BeforeValidator(blank_to_none)] = None

    @field_validator("name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value:
            raise ValueError("a location needs a name")
        return value

    @model_validator(mode="after")
    def _both_coordinates(self) -> LocationRow:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude, or neither")
        return self


class IntelligenceRow(ExchangeRow):
    """One graded intelligence report (a row of a partner's ``intelligence`` file).

    ``people`` and ``locations`` are the same agency's source_refs; objects are identified by
    their own keys (VRM, E.164 phone, platform:handle).
    """

    record_type: ClassVar[str] = "intelligence"
    columns: ClassVar[tuple[str, ...]] = (
        "agency",
        "source_ref",
        "reported_at",
        "category",
        "summary",
        "source_evaluation",
        "intelligence_assessment",
        "handling_code",
        "handling_conditions",
        "people",
        "locations",
        "vehicles",
        "phones",
        "online_accounts",
    )

    reported_at: ReqDateTime
    category: Annotated[IntelligenceCategory, BeforeValidator(_lower)]
    summary: Text
    grading: Grading
    people: RefList = Field(default_factory=list)
    locations: RefList = Field(default_factory=list)
    vehicles: VrmList = Field(default_factory=list)
    phones: PhoneList = Field(default_factory=list)
    online_accounts: AccountList = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _grading_from_columns(cls, data: Any) -> Any:
        if isinstance(data, dict) and "grading" not in data:
            data = dict(data)
            data["grading"] = parse_grading(
                blank_to_none(data.pop("source_evaluation", None)),  # type: ignore[arg-type]
                blank_to_none(data.pop("intelligence_assessment", None)),  # type: ignore[arg-type]
                blank_to_none(data.pop("handling_code", None)),  # type: ignore[arg-type]
                blank_to_none(data.pop("handling_conditions", None)),  # type: ignore[arg-type]
            )
        return data

    @field_validator("summary")
    @classmethod
    def _has_summary(cls, value: str) -> str:
        if not value:
            raise ValueError("intelligence needs a summary")
        return value

    def warnings(self) -> list[tuple[str, str, str]]:
        """Conditions that are not a ``share_with:`` list: landed for the holder only."""
        if self.grading.conditions_readable:
            return []
        return [("handling_conditions", self.grading.handling_conditions or "", UNREADABLE_REASON)]

    def write_params(self) -> dict[str, Any]:
        params = super().write_params()
        grading = params.pop("grading")
        legacy = grading.get("legacy")
        params.update(
            source_evaluation=self.grading.source_evaluation
            and self.grading.source_evaluation.value,
            intelligence_assessment=self.grading.intelligence_assessment
            and self.grading.intelligence_assessment.value,
            handling_code=self.grading.handling_code.value,
            handling_conditions=self.grading.handling_conditions,
            grading=self.grading.code,
            legacy_grading=str(self.grading.legacy) if legacy else None,
            builds_links=self.grading.builds_links,
            online_accounts=[{"platform": p, "handle": h} for p, h in self.online_accounts],
        )
        return params


class MissingEpisodeRow(ExchangeRow):
    """One missing (or away-without-authorisation) episode of a young person."""

    record_type: ClassVar[str] = "missing_episodes"
    columns: ClassVar[tuple[str, ...]] = (
        "agency",
        "source_ref",
        "person_ref",
        "missing_from",
        "reported_missing_at",
        "returned_at",
        "police_risk_level",
        "found_location_ref",
        "missing_with",
        "rhi_offered_at",
        "rhi_completed_at",
        "rhi_declined",
    )

    person_ref: Ref
    missing_from: Annotated[MissingFrom | None, BeforeValidator(_lower)] = None
    absence_type: Annotated[str, BeforeValidator(lambda v: _lower(v) or "missing")] = "missing"
    reported_missing_at: ReqDateTime
    returned_at: OptDateTime = None
    police_risk_level: Annotated[PoliceRiskLevel | None, BeforeValidator(_lower)] = None
    found_location_ref: Annotated[str | None, _opt(_ref)] = None
    missing_with: RefList = Field(default_factory=list)
    rhi_offered: OptBool = None
    rhi_offered_at: OptDateTime = None
    rhi_completed_at: OptDateTime = None
    rhi_declined: OptBool = None
    date_only: tuple[str, ...] = ()
    """The times recorded as a day without a time of day (each stands for the whole day)."""

    @model_validator(mode="before")
    @classmethod
    def _days_without_time(cls, data: Any) -> Any:
        if isinstance(data, dict) and "date_only" not in data:
            data = dict(data)
            data["date_only"] = tuple(
                name
                for name in DATE_ONLY_FIELDS
                if blank_to_none(data.get(name)) is not None and not has_time(data[name])
            )
        return data

    @model_validator(mode="after")
    def _consistent(self) -> MissingEpisodeRow:
        if self.returned_at is not None and self.returned_at < self.reported_missing_at:
            raise ValueError("returned_at is before reported_missing_at")
        if self.rhi_completed_at is not None and self.rhi_declined:
            raise ValueError("a return home interview cannot be both completed and declined")
        if self.absence_type not in {"missing", "away_without_authorisation"}:
            raise ValueError("absence type must be missing or away_without_authorisation")
        return self

    def write_params(self) -> dict[str, Any]:
        params = super().write_params()
        if params["rhi_offered"] is None and self.rhi_offered_at is not None:
            params["rhi_offered"] = True
        params["date_only"] = list(self.date_only)
        return params


class SsdPersonRow(BaseModel):
    """A row of the Standard Safeguarding Dataset ``ssd_person`` extract (no names in SSD)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
    columns: ClassVar[tuple[str, ...]] = (
        "pers_person_id",
        "pers_sex",
        "pers_dob",
        "pers_common_child_id",
        "pers_ethnicity",
    )
    ignored: ClassVar[frozenset[str]] = frozenset(
        {
            "pers_legacy_id",
            "pers_upn",
            "pers_gender",
            "pers_upn_unknown",
            "pers_send_flag",
            "pers_expected_dob",
            "pers_death_date",
            "pers_is_mother",
            "pers_nationality",
        }
    )

    pers_person_id: Ref
    pers_sex: Annotated[str, BeforeValidator(lambda v: blank_to_none(v) or "U")] = "U"
    pers_dob: OptDate = None
    pers_common_child_id: OptNhs = None
    pers_ethnicity: OptText = None

    @field_validator("pers_sex")
    @classmethod
    def _sex(cls, value: str) -> str:
        if value.upper() not in {"F", "M", "U"}:
            raise ValueError("pers_sex must be F, M or U")
        return value.upper()

    def to_person(self, agency: str) -> PersonRow:
        """SSD people are children known to social care; they carry no name, only the LA id."""
        return PersonRow.model_construct(
            agency=agency,
            source_ref=self.pers_person_id,
            role=PersonRole.YOUNG_PERSON,
            first_name=None,
            last_name=None,
            aliases=[],
            date_of_birth=self.pers_dob,
            gender={"F": Gender.FEMALE, "M": Gender.MALE}.get(self.pers_sex, Gender.UNKNOWN),
            nhs_number=self.pers_common_child_id,
            postcode=None,
            looked_after=None,
            cp_plan=None,
            child_in_need=None,
            risk_level=None,
        )


def _ssd_day(value: object) -> bool:
    """An SSD date-time that is a day: no time of day, or UK midnight exactly."""
    if blank_to_none(value) is None:
        return False
    if not has_time(value):
        return True
    try:
        moment = parse_datetime(value)  # type: ignore[arg-type]
    except ValueError:
        return False
    return moment.astimezone(LONDON).time() == time()


class SsdMissingRow(BaseModel):
    """A row of the SSD ``ssd_missing`` extract."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
    columns: ClassVar[tuple[str, ...]] = (
        "miss_table_id",
        "miss_la_person_id",
        "miss_mis_epi_start",
        "miss_mis_epi_type",
        "miss_mis_epi_end",
        "miss_mis_epi_rhi_offered",
        "miss_mis_epi_rhi_accepted",
    )
    ignored: ClassVar[frozenset[str]] = frozenset()

    miss_table_id: Ref
    miss_la_person_id: Ref
    miss_mis_epi_start: ReqDateTime
    miss_mis_epi_type: Annotated[str, BeforeValidator(lambda v: str(v).strip().upper())]
    miss_mis_epi_end: OptDateTime = None
    miss_mis_epi_rhi_offered: OptBool = None
    miss_mis_epi_rhi_accepted: OptBool = None
    date_only: tuple[str, ...] = ()
    """``reported_missing_at`` / ``returned_at`` when the extract gives a day: no time, or
    midnight exactly (case systems export a date column as a date-time at midnight)."""

    @model_validator(mode="before")
    @classmethod
    def _days(cls, data: Any) -> Any:
        if isinstance(data, dict) and "date_only" not in data:
            data = dict(data)
            found = []
            for column, name in (
                ("miss_mis_epi_start", "reported_missing_at"),
                ("miss_mis_epi_end", "returned_at"),
            ):
                if _ssd_day(data.get(column)):
                    found.append(name)
            data["date_only"] = tuple(found)
        return data

    @field_validator("miss_mis_epi_type")
    @classmethod
    def _type(cls, value: str) -> str:
        if value not in {"M", "A"}:
            raise ValueError(
                "miss_mis_epi_type must be M (missing) or A (away without authorisation)"
            )
        return value

    @model_validator(mode="after")
    def _ends_after_start(self) -> SsdMissingRow:
        if self.miss_mis_epi_end is not None and self.miss_mis_epi_end < self.miss_mis_epi_start:
            raise ValueError("miss_mis_epi_end is before miss_mis_epi_start")
        return self

    def to_episode(self, agency: str) -> MissingEpisodeRow:
        """SSD records whether an interview was accepted, not when; a refusal counts as declined."""
        declined = (
            True
            if self.miss_mis_epi_rhi_offered and self.miss_mis_epi_rhi_accepted is False
            else None
        )
        return MissingEpisodeRow.model_validate(
            {
                "agency": agency,
                "source_ref": self.miss_table_id,
                "person_ref": self.miss_la_person_id,
                "absence_type": "missing"
                if self.miss_mis_epi_type == "M"
                else "away_without_authorisation",
                "reported_missing_at": self.miss_mis_epi_start,
                "returned_at": self.miss_mis_epi_end,
                "rhi_offered": self.miss_mis_epi_rhi_offered,
                "rhi_declined": declined,
                "date_only": self.date_only,
            }
        )


RECORD_TYPES: dict[str, type[ExchangeRow]] = {
    model.record_type: model
    for model in (PersonRow, LocationRow, IntelligenceRow, MissingEpisodeRow)
}
