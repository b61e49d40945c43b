"""What is compared of a person: their records' values, normalised once per person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cseboard.models.resolve import PersonProfile
from cseboard.resolve.names import compact, normalise_name

__all__ = ["Features", "features_of"]

_GENDERS = frozenset({"female", "male"})


@dataclass(frozen=True, slots=True)
class Features:
    """Normalised, de-duplicated values of all of a person's records.

    Attributes
    ----------
    first_names, surnames, aliases: normalised names (lower case ASCII, hyphens kept).
    genders: ``female`` / ``male`` only (unknown and other are not evidence either way).
    identifiers: phones and online accounts attributed to one of the person's records.
    districts: outward codes of the postcodes (``XA1 2BC`` → ``XA1``).
    missing_days: (agency, UK day) of each missing or away episode the person's records hold.
    """

    person_id: str
    record_keys: tuple[str, ...]
    agencies: frozenset[str]
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]
    aliases: tuple[str, ...]
    dates_of_birth: tuple[date, ...]
    nhs_numbers: frozenset[str]
    postcodes: frozenset[str]
    genders: frozenset[str]
    identifiers: frozenset[str]
    districts: frozenset[str] = frozenset()
    missing_days: frozenset[tuple[str, date]] = frozenset()


def _names(values: list[str | None]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        if value:
            name = normalise_name(value)
            if compact(name):
                seen.setdefault(name, None)
    return tuple(seen)


def features_of(profile: PersonProfile) -> Features:
    """Features of a person from all of their records.

    Examples
    --------
    >>> from cseboard.models.resolve import PersonRecord
    >>> record = PersonRecord(record_key="police/PN-1", agency="police", source_ref="PN-1",
    ...                       first_name="Kayleigh-Ann", last_name="SMYTH", gender="female")
    >>> f = features_of(PersonProfile(person_id="P-1", records=(record,)))
    >>> f.first_names, f.surnames, sorted(f.genders)
    (('kayleigh-ann',), ('smyth',), ['female'])
    """
    records = profile.records
    postcodes = frozenset(r.postcode.upper() for r in records if r.postcode)
    return Features(
        person_id=profile.person_id,
        record_keys=tuple(r.record_key for r in records),
        agencies=frozenset(r.agency for r in records),
        first_names=_names([r.first_name for r in records]),
        surnames=_names([r.last_name for r in records]),
        aliases=_names([a for r in records for a in r.aliases]),
        dates_of_birth=tuple(dict.fromkeys(r.date_of_birth for r in records if r.date_of_birth)),
        nhs_numbers=frozenset(r.nhs_number for r in records if r.nhs_number),
        postcodes=postcodes,
        genders=frozenset(g for r in records if (g := (r.gender or "").lower()) in _GENDERS),
        identifiers=frozenset(i for r in records for i in r.identifiers),
        districts=frozenset(p.split(" ", 1)[0] for p in postcodes),
        missing_days=frozenset((r.agency, m.day) for r in records for m in r.missing_episodes),
    )
