"""Scored comparison of two people: a match weight in bits with each field's contribution.

The model is Fellegi-Sunter, as in UK government record linkage (and ``splink``): each field is
compared to a level (exact, variant, swapped, missing, different…), each level carries a weight
``log2(m / u)`` (how much more often that level occurs for the same person than for two different
people), and the weights add up with a prior. The default weights are set from what is known of
how partners record people (see ``MatchWeights``) and were checked, not fitted, on synthetic data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict

from cseboard.models.resolve import Contribution
from cseboard.resolve.dates import DateLevel, compare_dates
from cseboard.resolve.features import Features
from cseboard.resolve.names import NameLevel, compare_first_names, compare_surnames

__all__ = [
    "FIELDS",
    "Level",
    "MatchWeights",
    "Scorer",
    "population_prior",
    "probability",
    "same_day",
]

FIELDS = (
    "nhs_number",
    "first_name",
    "last_name",
    "alias",
    "date_of_birth",
    "postcode",
    "gender",
    "phone_or_account",
    "missing_episode",
    "agency",
)

MISSING = "missing"
_EXPLAINED = "explained_by_alias"
_DEFAULT_PEOPLE = 20_000

_WORDS: dict[str, str] = {
    "exact": "the same",
    "variant": "a known variant or short form",
    "part": "part of a double or hyphenated name",
    "similar": "spelt or sounding alike",
    "initial": "an initial that fits",
    "initial_different": "an initial that does not fit",
    "different": "different",
    "missing": "not recorded on one side: no evidence either way",
    "day_month_swapped": "the same with day and month swapped",
    "one_digit_off": "one digit (or one day) apart",
    "year_only": "the same year only",
    "district": "in the same postcode district",
    "shared": "a phone or online account attributed to both",
    "same_day": (
        "missing on the same day, recorded by different agencies, with the same date of birth "
        "and sex"
    ),
    "same_agency": "held by the same agency under different references (weaker evidence)",
    "other_agencies": "held by different agencies",
    "explained_by_alias": "different, but one's alias is the other's name (the alias counts)",
}


class MatchWeights(BaseModel):
    """Weights (bits, ``log2(m/u)``) of each comparison level, and the prior.

    Attributes
    ----------
    prior:
        ``log2(λ / (1 - λ))`` for λ the chance that two people are one. ``None`` (the default)
        works it out from how many people are compared (``population_prior``).
    duplicates_per_person:
        How many other records of the same person a person has on average before resolution,
        for the population prior.
    min_people:
        The population prior never assumes fewer people than this (a partnership's smallest
        realistic register), so a store that is still nearly empty does not make every pair
        with the same surname and date of birth a candidate.
    first_name, last_name:
        Exact names are common enough to count less than a date of birth. A full first name that
        differs (not a variant, short form, part, initial or alias) outweighs the same surname,
        date of birth and postcode together: twins share all three, and twins recorded without
        an NHS number must not be proposed.
    alias:
        Only agreement counts, and only where first names do not already agree; an alias that
        agrees with the other's first name or alias outweighs first names that differ.
    date_of_birth:
        Exact; day and month swapped (US-style entry); one digit or one day apart (typing);
        same year only (counts against); different.
    nhs_number:
        Validated (modulus 11) at import, so the same number is decisive and a different one
        is, in effect, a veto: no agreement of every other field can reach the review threshold.
        (A wrong but valid number is corrected at source, then the pair is found again.)
    postcode:
        The same full postcode is strong; people move, so a different one counts little.
    agency:
        Two references at one agency are usually two people (the agency would know), so a pair
        that shares an agency gets less credit than one across agencies.
    missing_episode:
        Both were recorded missing (or away) on the same day by different agencies, and their
        dates of birth and sex agree. A council's case-system extract (SSD) carries no name,
        often no NHS number: police and the council recording the same absence is then what
        tells the same child. Two different children of the same date of birth and sex rarely
        go missing on the same day, so it is strong; it only counts with the date of birth and
        sex agreeing, and it never makes a pair automatic (that needs the NHS number).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    prior: float | None = None
    duplicates_per_person: float = 2.0
    min_people: int = 2_000
    first_name: dict[str, float] = {
        "exact": 7.0,
        "variant": 5.5,
        "part": 5.5,
        "similar": 4.5,
        "initial": 2.0,
        "initial_different": -4.0,
        "different": -25.0,
    }
    last_name: dict[str, float] = {
        "exact": 7.0,
        "variant": 6.0,
        "part": 5.5,
        "similar": 5.0,
        "initial": 1.5,
        "initial_different": -4.0,
        "different": -8.0,
    }
    alias: dict[str, float] = {
        "exact": 4.0,
        "variant": 3.0,
        "part": 3.0,
        "similar": 2.5,
    }
    date_of_birth: dict[str, float] = {
        "exact": 11.0,
        "day_month_swapped": 8.0,
        "one_digit_off": 4.0,
        "year_only": -3.0,
        "different": -9.0,
    }
    nhs_number: dict[str, float] = {"exact": 20.0, "different": -40.0}
    postcode: dict[str, float] = {"exact": 8.0, "district": 1.5, "different": -1.5}
    gender: dict[str, float] = {"exact": 1.0, "different": -5.0}
    phone_or_account: dict[str, float] = {"shared": 6.0}
    missing_episode: dict[str, float] = {"same_day": 10.0}
    agency: dict[str, float] = {"same_agency": -2.0}

    def table(self, field: str) -> dict[str, float]:
        return getattr(self, field)  # type: ignore[no-any-return]


Level = tuple[str, str, str | None]
"""(field, level, the values that gave the level, or None when not asked for)."""

_ALIAS_LEVELS = frozenset({NameLevel.EXACT, NameLevel.VARIANT, NameLevel.PART, NameLevel.SIMILAR})


@dataclass(frozen=True, slots=True)
class _Best:
    level: str
    weight: float
    values: str | None


def _sets(
    a: frozenset[str], b: frozenset[str], table: dict[str, float], want: bool
) -> _Best | None:
    if not a or not b:
        return None
    shared = a & b
    if shared:
        return _Best("exact", table.get("exact", 0.0), ", ".join(sorted(shared)) if want else None)
    shown = f"{', '.join(sorted(a))} / {', '.join(sorted(b))}" if want else None
    return _Best("different", table.get("different", 0.0), shown)


class Scorer:
    """Scores pairs of people with one set of weights and a prior; caches name comparisons.

    ``score`` is the fast path run on every blocked pair; ``compare`` and ``explain`` give the
    same levels with their values, for the pairs a reviewer sees. Where a person has several
    values (several records), the best-agreeing pair of values counts.
    """

    def __init__(
        self,
        weights: MatchWeights | None = None,
        *,
        people: int | None = None,
        prior: float | None = None,
    ) -> None:
        self.weights = weights or MatchWeights()
        if prior is None:
            prior = self.weights.prior
        if prior is None:
            population = max(people or _DEFAULT_PEOPLE, self.weights.min_people)
            prior = population_prior(population, self.weights.duplicates_per_person)
        self.prior = prior
        w = self.weights
        self._first = {level: w.first_name.get(level.value, 0.0) for level in NameLevel}
        self._last = {level: w.last_name.get(level.value, 0.0) for level in NameLevel}
        self._alias = {
            level: (w.alias.get(level.value, 0.0) if level in _ALIAS_LEVELS else 0.0)
            for level in NameLevel
        }
        self._dob = {level: w.date_of_birth.get(level.value, 0.0) for level in DateLevel}
        self._nhs_same = w.nhs_number.get("exact", 0.0)
        self._nhs_diff = w.nhs_number.get("different", 0.0)
        self._pc_same = w.postcode.get("exact", 0.0)
        self._pc_district = w.postcode.get("district", 0.0)
        self._pc_diff = w.postcode.get("different", 0.0)
        self._sex_same = w.gender.get("exact", 0.0)
        self._sex_diff = w.gender.get("different", 0.0)
        self._shared_id = w.phone_or_account.get("shared", 0.0)
        self._same_day = w.missing_episode.get("same_day", 0.0)
        self._same_agency = w.agency.get("same_agency", 0.0)
        self._cache_first: dict[tuple[str, str], tuple[float, str]] = {}
        self._cache_last: dict[tuple[str, str], tuple[float, str]] = {}
        self._cache_alias: dict[tuple[str, str], tuple[float, str]] = {}
        self._contributions: dict[tuple[str, str], Contribution] = {}

    # -- fast path -------------------------------------------------------------------------

    def _names(
        self,
        xs: tuple[str, ...],
        ys: tuple[str, ...],
        cache: dict[tuple[str, str], tuple[float, str]],
        weights: dict[NameLevel, float],
        surnames: bool,
    ) -> tuple[float, str]:
        best = (-1e9, "")
        for x in xs:
            for y in ys:
                found = cache.get((x, y))
                if found is None:
                    level = compare_surnames(x, y) if surnames else compare_first_names(x, y)
                    found = cache[(x, y)] = (weights[level], level.value)
                if found[0] > best[0]:
                    best = found
        return best

    def _evaluate(self, a: Features, b: Features, levels: list[tuple[str, str]] | None) -> float:
        """The match weight; when ``levels`` is a list, each field's level is appended to it."""
        total = self.prior
        if a.nhs_numbers and b.nhs_numbers:
            same = bool(a.nhs_numbers & b.nhs_numbers)
            total += self._nhs_same if same else self._nhs_diff
            if levels is not None:
                levels.append(("nhs_number", "exact" if same else "different"))
        elif levels is not None:
            levels.append(("nhs_number", MISSING))
        first: tuple[float, str] | None = None
        if a.first_names and b.first_names:
            first = self._names(a.first_names, b.first_names, self._cache_first, self._first, False)
        if a.surnames and b.surnames:
            last = self._names(a.surnames, b.surnames, self._cache_last, self._last, True)
            total += last[0]
            if levels is not None:
                levels.append(("last_name", last[1]))
        elif levels is not None:
            levels.append(("last_name", MISSING))
        alias: tuple[float, str] | None = None
        if a.aliases or b.aliases:
            if a.aliases and (b.aliases or b.first_names):
                alias = self._names(
                    a.aliases, b.aliases + b.first_names, self._cache_alias, self._alias, False
                )
            if b.aliases and a.first_names:
                other = self._names(a.first_names, b.aliases, self._cache_alias, self._alias, False)
                if alias is None or other[0] > alias[0]:
                    alias = other
            if alias is not None and alias[0] <= 0:
                alias = None
        if alias is not None and (first is None or first[0] <= 0):
            # an alias that agrees explains first names that do not (or are not recorded)
            total += alias[0]
            if levels is not None:
                levels.append(("alias", alias[1]))
                levels.append(("first_name", MISSING if first is None else _EXPLAINED))
        else:
            if first is not None:
                total += first[0]
            if levels is not None:
                levels.append(("first_name", MISSING if first is None else first[1]))
        dob_exact = sex_same = False
        if a.dates_of_birth and b.dates_of_birth:
            best, best_level = -1e9, ""
            for x in a.dates_of_birth:
                for y in b.dates_of_birth:
                    level = compare_dates(x, y)
                    if self._dob[level] > best:
                        best, best_level = self._dob[level], level.value
            total += best
            dob_exact = best_level == "exact"
            if levels is not None:
                levels.append(("date_of_birth", best_level))
        elif levels is not None:
            levels.append(("date_of_birth", MISSING))
        if a.postcodes and b.postcodes:
            if a.postcodes & b.postcodes:
                total += self._pc_same
                postcode = "exact"
            elif a.districts & b.districts:
                total += self._pc_district
                postcode = "district"
            else:
                total += self._pc_diff
                postcode = "different"
            if levels is not None:
                levels.append(("postcode", postcode))
        elif levels is not None:
            levels.append(("postcode", MISSING))
        if a.genders and b.genders:
            same = sex_same = bool(a.genders & b.genders)
            total += self._sex_same if same else self._sex_diff
            if levels is not None:
                levels.append(("gender", "exact" if same else "different"))
        elif levels is not None:
            levels.append(("gender", MISSING))
        if a.identifiers and a.identifiers & b.identifiers:
            total += self._shared_id
            if levels is not None:
                levels.append(("phone_or_account", "shared"))
        if dob_exact and sex_same and same_day(a, b):
            total += self._same_day
            if levels is not None:
                levels.append(("missing_episode", "same_day"))
        if a.agencies & b.agencies:
            total += self._same_agency
            if levels is not None:
                levels.append(("agency", "same_agency"))
        return total

    def score(self, a: Features, b: Features) -> float:
        """Total match weight in bits: the prior plus every field's weight.

        Examples
        --------
        >>> from datetime import date
        >>> def person(pid, agency, first, nhs):
        ...     return Features(pid, (f"{agency}/{pid}",), frozenset({agency}), (first,),
        ...                     ("smith",), (), (date(2010, 3, 7),), frozenset({nhs}),
        ...                     frozenset({"XA1 1AA"}), frozenset({"female"}), frozenset())
        >>> Scorer().score(person("1", "police", "kayleigh", "9990000018"),
        ...                person("2", "health", "kayley", "9990000018")) > 20
        True
        >>> Scorer().score(person("1", "police", "amy", "9990000018"),
        ...                person("2", "health", "holly", "9990000026")) < 0
        True
        """
        return self._evaluate(a, b, None)

    def levels(self, a: Features, b: Features) -> tuple[float, list[tuple[str, str]]]:
        """The match weight and each field's level (``missing`` where one side has none)."""
        found: list[tuple[str, str]] = []
        return self._evaluate(a, b, found), found

    # -- explanation path ------------------------------------------------------------------

    def _best_names(
        self,
        pairs: list[tuple[str, str]],
        weights: dict[NameLevel, float],
        surnames: bool,
        want: bool,
        only_agreeing: bool = False,
    ) -> _Best | None:
        best: _Best | None = None
        for x, y in pairs:
            level = compare_surnames(x, y) if surnames else compare_first_names(x, y)
            if only_agreeing and level not in _ALIAS_LEVELS:
                continue
            if best is None or weights[level] > best.weight:
                best = _Best(level.value, weights[level], f"{x} / {y}" if want else None)
        return best

    def compare(self, a: Features, b: Features, *, values: bool = False) -> list[Level]:
        """The level of every field for a pair (``missing`` where one side has no value).

        ``values`` adds the values that gave each level, for a reviewer; scoring never asks.
        """
        w = self.weights
        found: dict[str, _Best | None] = {
            "nhs_number": _sets(a.nhs_numbers, b.nhs_numbers, w.nhs_number, values),
            "first_name": self._best_names(
                [(x, y) for x in a.first_names for y in b.first_names], self._first, False, values
            ),
            "last_name": self._best_names(
                [(x, y) for x in a.surnames for y in b.surnames], self._last, True, values
            ),
            "alias": self._best_names(
                [(x, y) for x in a.aliases for y in b.aliases + b.first_names]
                + [(x, y) for x in a.first_names for y in b.aliases],
                self._alias,
                False,
                values,
                only_agreeing=True,
            ),
            "gender": _sets(a.genders, b.genders, w.gender, values),
        }
        best_date: _Best | None = None
        for x in a.dates_of_birth:
            for y in b.dates_of_birth:
                level = compare_dates(x, y)
                if best_date is None or self._dob[level] > best_date.weight:
                    shown = f"{x.isoformat()} / {y.isoformat()}" if values else None
                    best_date = _Best(level.value, self._dob[level], shown)
        found["date_of_birth"] = best_date
        postcode = _sets(a.postcodes, b.postcodes, w.postcode, values)
        if postcode is not None and postcode.level == "different" and a.districts & b.districts:
            postcode = _Best("district", self._pc_district, postcode.values)
        found["postcode"] = postcode
        shared_ids = a.identifiers & b.identifiers
        found["phone_or_account"] = (
            _Best("shared", self._shared_id, ", ".join(sorted(shared_ids)) if values else None)
            if shared_ids
            else None
        )
        days = same_day(a, b)
        agree = (
            best_date is not None
            and best_date.level == "exact"
            and found["gender"] is not None
            and found["gender"].level == "exact"
        )
        found["missing_episode"] = (
            _Best(
                "same_day",
                self._same_day,
                ", ".join(d.isoformat() for d in days) if values else None,
            )
            if days and agree
            else None
        )
        shared_agencies = a.agencies & b.agencies
        found["agency"] = (
            _Best(
                "same_agency",
                self._same_agency,
                ", ".join(sorted(shared_agencies)) if values else None,
            )
            if shared_agencies
            else None
        )
        first, alias = found["first_name"], found["alias"]
        if alias is not None:
            if first is not None and first.weight > 0:
                found["alias"] = None
            elif first is not None:
                found["first_name"] = _Best(_EXPLAINED, 0.0, first.values)
        levels: list[Level] = []
        for field in FIELDS:
            best = found[field]
            if best is None:
                if field not in ("phone_or_account", "missing_episode", "agency", "alias"):
                    levels.append((field, MISSING, None))
            else:
                levels.append((field, best.level, best.values))
        return levels

    def contribution(self, field: str, level: str, values: str | None = None) -> Contribution:
        """What one field's level adds, in bits, with its meaning in words."""
        if values is None:
            cached = self._contributions.get((field, level))
            if cached is not None:
                return cached
        weight = (
            0.0 if level in (MISSING, _EXPLAINED) else self.weights.table(field).get(level, 0.0)
        )
        # built from known-good values on the hot path of a search: no validation needed
        made = Contribution.model_construct(
            field=field,
            level=level,
            weight=weight,
            detail=_WORDS.get(level, level.replace("_", " ")),
            values=values,
        )
        if values is None:
            self._contributions[(field, level)] = made
        return made

    def explain(self, a: Features, b: Features, *, values: bool = False) -> list[Contribution]:
        """Each field's level and weight, strongest evidence first (missing fields last).

        Without ``values`` this is the fast path used for every candidate of a search; with
        them it also says which values gave each level, for a reviewer.
        """
        if values:
            found = [
                self.contribution(field, level, shown)
                for field, level, shown in self.compare(a, b, values=True)
            ]
        else:
            found = [self.contribution(field, level) for field, level in self.levels(a, b)[1]]
        found.sort(key=lambda c: (c.level == MISSING, -abs(c.weight), c.field))
        return found


def same_day(a: Features, b: Features) -> list[date]:
    """The days on which both were recorded missing or away, by different agencies.

    Examples
    --------
    >>> def person(pid, *days):
    ...     return Features(pid, (), frozenset(), (), (), (), (), frozenset(), frozenset(),
    ...                     frozenset(), frozenset(), missing_days=frozenset(days))
    >>> day = date(2025, 3, 4)
    >>> same_day(person("1", ("police", day)), person("2", ("csc", day)))
    [datetime.date(2025, 3, 4)]
    >>> same_day(person("1", ("csc", day)), person("2", ("csc", day)))
    []
    """
    if not a.missing_days or not b.missing_days:
        return []
    theirs: dict[date, set[str]] = {}
    for agency, day in b.missing_days:
        theirs.setdefault(day, set()).add(agency)
    return sorted({day for agency, day in a.missing_days if theirs.get(day, set()) - {agency}})


def population_prior(people: int, duplicates_per_person: float) -> float:
    """``log2(λ / (1 - λ))`` for λ the chance that two people picked at random are one person.

    With ``n`` people each recorded ``1 + d`` times on average, a person has ``d`` duplicates
    among ``n - 1`` others: the same names and date of birth mean more in a town than in a region.

    Examples
    --------
    >>> round(population_prior(2_001, 2.0), 2)
    -9.96
    """
    chance = min(max(duplicates_per_person / max(people - 1, 1), 1e-12), 0.5)
    return math.log2(chance / (1.0 - chance))


def probability(weight: float) -> float:
    """Probability of the same person from a match weight in bits.

    Examples
    --------
    >>> probability(0.0)
    0.5
    >>> round(probability(10.0), 4)
    0.999
    """
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    odds = math.pow(2.0, weight)
    return odds / (1.0 + odds)
