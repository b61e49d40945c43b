"""The same place recorded by several agencies: blocking, explained scores, candidates.

Places are compared the way people are (``resolve.candidates``), with their own fields:

- **blocking**: two places are compared when they share a postcode, or when their coordinates
  are within ``radius_m`` of each other (a grid of cells of that size, so only neighbouring
  cells are searched);
- **scoring**: the names (normalised: case, punctuation, a leading "the", common abbreviations;
  then rapidfuzz's similarity, and its token-set similarity so that a name with its street
  added still counts), the house or flat numbers in the names, the postcodes, the distance, the
  kind and whether one agency holds both each add points for or against, and each is
  explained in words;
- **decision**: a pair is merged automatically only where the postcodes are the same and the
  names agree, with nothing against; other pairs at or above ``review_score`` are candidates
  for the practice lead.

A place is a group of agency location records (several after merges); two places are compared
through their best-agreeing records.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pydantic_settings import BaseSettings, SettingsConfigDict
from rapidfuzz import fuzz

from cseboard.models.places import PlaceCandidate, PlaceProfile
from cseboard.models.resolve import Contribution
from cseboard.resolve.candidates import RejectedPairs
from cseboard.resolve.evaluate import clusters_of

__all__ = [
    "PlaceFeatures",
    "PlaceResolution",
    "PlaceSearch",
    "PlaceSettings",
    "compare_places",
    "distance_m",
    "find_place_candidates",
    "make_place_candidate",
    "normalise_place_name",
    "place_candidate_id",
    "place_features",
    "resolve_place_profiles",
]

_ABBREVIATIONS = {
    "rd": "road",
    "st": "street",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "sq": "square",
    "ct": "court",
    "dr": "drive",
    "cres": "crescent",
    "pl": "place",
    "stn": "station",
    "ctr": "centre",
    "center": "centre",
    "&": "and",
}
_NUMBER = re.compile(r"\d+[a-z]?")
_EARTH_M = 6_371_000.0


class PlaceSettings(BaseSettings):
    """Configuration of place resolution, from ``CSEBOARD_PLACES_*`` variables.

    Attributes
    ----------
    radius_m:
        Two places whose coordinates are this close (metres) are compared even without a shared
        postcode. Partners record coordinates to 3-5 decimals (about 100 m to 1 m), so this
        must be wider than the rounding.
    review_score:
        Points a pair needs to be proposed for review.
    name_agree, name_similar:
        Name similarity (0-100, rapidfuzz token-set ratio of the normalised names) at which
        names agree, or are only similar.
    max_block:
        Postcodes shared by more places than this are not used for blocking (a large site's
        postcode says little); distance still pairs its places.
    """

    model_config = SettingsConfigDict(
        env_prefix="CSEBOARD_PLACES_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    radius_m: float = 150.0
    review_score: float = 4.0
    name_agree: float = 90.0
    name_similar: float = 75.0
    max_block: int = 50


def normalise_place_name(name: str) -> str:
    """A place name as compared: lower case, no punctuation, no leading "the", abbreviations
    written out.

    Examples
    --------
    >>> normalise_place_name("The Star Hotel, Bridge Rd.")
    'star hotel bridge road'
    """
    text = name.lower().replace("&", " & ").replace("'", "")
    words = re.sub(r"[^a-z0-9& ]+", " ", text).split()
    words = [_ABBREVIATIONS.get(w, w) for w in words]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (latitude, longitude) points.

    Examples
    --------
    >>> round(distance_m((52.0, -1.0), (52.001, -1.0)))
    111
    """
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_M * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class PlaceFeatures:
    """What is compared of a place: its records' names, numbers, postcodes, points and kinds."""

    place_id: str
    location_ids: tuple[str, ...]
    names: tuple[str, ...]
    numbers: tuple[frozenset[str], ...]
    postcodes: frozenset[str]
    points: tuple[tuple[float, float], ...]
    kinds: frozenset[str]
    agencies: frozenset[str] = frozenset()


def place_features(place: PlaceProfile) -> PlaceFeatures:
    """The compared features of a place (records without a name add none)."""
    names = tuple(dict.fromkeys(normalise_place_name(r.name) for r in place.records if r.name))
    return PlaceFeatures(
        place_id=place.place_id,
        location_ids=tuple(r.location_id for r in place.records),
        names=names,
        numbers=tuple(frozenset(_NUMBER.findall(n)) for n in names),
        postcodes=frozenset(r.postcode for r in place.records if r.postcode),
        points=tuple(
            (r.latitude, r.longitude)
            for r in place.records
            if r.latitude is not None and r.longitude is not None
        ),
        kinds=frozenset(r.kind for r in place.records if r.kind and r.kind != "other"),
        agencies=frozenset(r.agency for r in place.records),
    )


def place_candidate_id(place_a: str, place_b: str) -> str:
    """Stable id of an unordered pair of place ids.

    Examples
    --------
    >>> place_candidate_id("PL-1", "PL-2") == place_candidate_id("PL-2", "PL-1")
    True
    """
    low, high = sorted((place_a, place_b))
    return "PC-" + hashlib.blake2b(f"{low}\x1f{high}".encode(), digest_size=8).hexdigest()


def _c(field: str, level: str, weight: float, detail: str) -> Contribution:
    return Contribution(field=field, level=level, weight=weight, detail=detail)


_NAME_LEVELS = {
    "exact": (5.0, "the same name"),
    "agree": (4.0, "names spelt alike"),
    "contains": (3.0, "one name is the other with words added (a street, a district)"),
    "similar": (1.0, "names alike"),
    "different": (-6.0, "different names"),
}


def _pair_level(x: str, y: str, config: PlaceSettings) -> tuple[str, float]:
    if x == y:
        return "exact", 100.0
    spelt = fuzz.ratio(x, y)
    if spelt >= config.name_agree:
        return "agree", spelt
    common = fuzz.token_set_ratio(x, y)
    if common == 100.0:
        return "contains", common
    if common >= config.name_similar:
        return "similar", common
    return "different", common


def _name_level(a: PlaceFeatures, b: PlaceFeatures, config: PlaceSettings) -> Contribution:
    order = list(_NAME_LEVELS)
    best: tuple[str, float] | None = None
    numbers_differ = False
    for i, x in enumerate(a.names):
        for j, y in enumerate(b.names):
            if a.numbers[i] and b.numbers[j] and a.numbers[i] != b.numbers[j]:
                numbers_differ = True
                continue
            found = _pair_level(x, y, config)
            if best is None or order.index(found[0]) < order.index(best[0]):
                best = found
    if best is None:
        if numbers_differ:
            return _c("name", "numbers_differ", -6.0, "different house or flat numbers")
        return _c("name", "missing", 0.0, "no name on one side")
    level, score = best
    weight, words = _NAME_LEVELS[level]
    detail = words if level == "exact" else f"{words} (similarity {score:.0f})"
    return _c("name", level, weight, detail)


def compare_places(
    a: PlaceFeatures, b: PlaceFeatures, config: PlaceSettings | None = None
) -> list[Contribution]:
    """Each field's points for (positive) or against (negative) the two being one place.

    Examples
    --------
    >>> from cseboard.models.places import PlaceProfile, PlaceRecord
    >>> def place(pid, agency, name, postcode, lat):
    ...     return place_features(PlaceProfile(place_id=pid, records=(PlaceRecord(
    ...         location_id=pid, agency=agency, source_ref=pid, name=name, kind="hotel",
    ...         postcode=postcode, latitude=lat, longitude=-1.0),)))
    >>> [(c.field, c.level) for c in compare_places(
    ...     place("PL-1", "police", "The Star Hotel", "QX1 2AB", 52.0),
    ...     place("PL-2", "health", "STAR HOTEL, Mill Lane", "QX1 2AB", 52.0002))]
    [('name', 'contains'), ('postcode', 'same'), ('distance', 'close'), ('kind', 'same')]
    """
    config = config or PlaceSettings()
    found = [_name_level(a, b, config)]
    if a.postcodes and b.postcodes:
        if a.postcodes & b.postcodes:
            found.append(_c("postcode", "same", 4.0, "the same postcode"))
        else:
            found.append(_c("postcode", "different", -5.0, "different postcodes"))
    else:
        found.append(
            _c("postcode", "missing", 0.0, "no postcode on one side: no evidence either way")
        )
    if a.points and b.points:
        near = min(distance_m(p, q) for p in a.points for q in b.points)
        if near <= 50:
            found.append(_c("distance", "close", 2.0, f"{near:.0f} m apart"))
        elif near <= config.radius_m:
            found.append(_c("distance", "near", 1.0, f"{near:.0f} m apart"))
        else:
            found.append(_c("distance", "far", -3.0, f"{near:.0f} m apart"))
    else:
        found.append(_c("distance", "missing", 0.0, "no coordinates on one side"))
    if a.kinds and b.kinds:
        if a.kinds & b.kinds:
            found.append(_c("kind", "same", 1.0, "the same kind of place"))
        else:
            found.append(_c("kind", "different", -1.0, "recorded as different kinds of place"))
    if a.agencies and b.agencies and (a.agencies <= b.agencies or b.agencies <= a.agencies):
        found.append(
            _c(
                "agency",
                "same_agency",
                -2.0,
                "the same agency holds both under different references: usually two places",
            )
        )
    return found


def _automatic(contributions: Sequence[Contribution]) -> bool:
    """Postcode and name agree, and nothing counts against."""
    levels = {c.field: c.level for c in contributions}
    return (
        levels.get("postcode") == "same"
        and levels.get("name") in {"exact", "agree", "contains"}
        and all(c.weight >= 0 for c in contributions)
    )


def make_place_candidate(
    a: PlaceFeatures, b: PlaceFeatures, config: PlaceSettings
) -> PlaceCandidate:
    """The explained candidate for a pair (place ids in sorted order)."""
    if b.place_id < a.place_id:
        a, b = b, a
    contributions = compare_places(a, b, config)
    return PlaceCandidate(
        candidate_id=place_candidate_id(a.place_id, b.place_id),
        place_a=a.place_id,
        place_b=b.place_id,
        records_a=a.location_ids,
        records_b=b.location_ids,
        score=round(sum(c.weight for c in contributions), 2),
        contributions=tuple(contributions),
        automatic=_automatic(contributions),
    )


def _cell(point: tuple[float, float], size_m: float) -> tuple[int, int]:
    lat, lon = point
    metres_per_degree = math.pi * _EARTH_M / 180
    y = lat * metres_per_degree
    x = lon * metres_per_degree * math.cos(math.radians(lat))
    return math.floor(y / size_m), math.floor(x / size_m)


def place_pairs(places: Sequence[PlaceFeatures], config: PlaceSettings) -> set[tuple[int, int]]:
    """Positions of places that share a postcode or lie within ``radius_m``, once each."""
    pairs: set[tuple[int, int]] = set()
    by_postcode: dict[str, list[int]] = defaultdict(list)
    cells: dict[tuple[int, int], list[tuple[int, tuple[float, float]]]] = defaultdict(list)
    for position, place in enumerate(places):
        for postcode in place.postcodes:
            by_postcode[postcode].append(position)
        for point in dict.fromkeys(place.points):
            cells[_cell(point, config.radius_m)].append((position, point))
    for members in by_postcode.values():
        if 1 < len(members) <= config.max_block:
            for x, i in enumerate(members):
                pairs.update((i, j) if i < j else (j, i) for j in members[x + 1 :] if j != i)
    for (cy, cx), here in cells.items():
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                there = cells.get((cy + dy, cx + dx))
                if there is None:
                    continue
                for i, p in here:
                    for j, q in there:
                        if i < j and distance_m(p, q) <= config.radius_m:
                            pairs.add((i, j))
    return pairs


@dataclass
class PlaceSearch:
    """Place candidates at or above the review score, strongest first, and the effort."""

    candidates: list[PlaceCandidate] = field(default_factory=list)
    places: int = 0
    records: int = 0
    pairs_compared: int = 0
    suppressed_rejected: int = 0
    seconds: float = 0.0


def find_place_candidates(
    profiles: Iterable[PlaceProfile],
    *,
    config: PlaceSettings | None = None,
    rejected: RejectedPairs | None = None,
) -> PlaceSearch:
    """Block, score and keep the pairs of places at or above ``review_score``.

    Pairs a reviewer rejected (any record of one against any record of the other) are left out
    and counted. Each kept candidate says whether it may be merged automatically.
    """
    config = config or PlaceSettings()
    rejected = rejected or RejectedPairs()
    start = time.perf_counter()
    places = [place_features(p) for p in profiles]
    search = PlaceSearch(places=len(places), records=sum(len(p.location_ids) for p in places))
    pairs = place_pairs(places, config)
    search.pairs_compared = len(pairs)
    for i, j in sorted(pairs):
        a, b = places[i], places[j]
        candidate = make_place_candidate(a, b, config)
        if candidate.score < config.review_score:
            continue
        if rejected.blocks(a.location_ids, b.location_ids):
            search.suppressed_rejected += 1
            continue
        search.candidates.append(candidate)
    search.candidates.sort(key=lambda c: (-c.score, c.place_a, c.place_b))
    search.seconds = time.perf_counter() - start
    return search


@dataclass
class PlaceResolution:
    """What resolving a set of places comes to.

    Attributes
    ----------
    groups: each group of places to merge automatically (place ids, the survivor first: in
        each round, the place with the most records, then the smallest id); single places
        are not listed.
    candidates: the remaining pairs for review, between the places as merged.
    search: the figures of the last search.
    rounds: how many searches it took (each searches the places merged by the one before).
    """

    groups: list[list[str]] = field(default_factory=list)
    candidates: list[PlaceCandidate] = field(default_factory=list)
    search: PlaceSearch = field(default_factory=PlaceSearch)
    rounds: int = 0


_MAX_ROUNDS = 10


def resolve_place_profiles(
    profiles: Iterable[PlaceProfile],
    *,
    config: PlaceSettings | None = None,
    rejected: RejectedPairs | None = None,
    auto_merge: bool = True,
) -> PlaceResolution:
    """Search, merge the certain pairs, search the merged places again, until nothing certain is
    left; the other pairs are for review.

    Pure: the caller writes the merges (``services.place_resolution``) or scores them against
    known answers (``bench.resolve``).

    Examples
    --------
    >>> from cseboard.models.places import PlaceRecord
    >>> def place(pid, agency, name):
    ...     return PlaceProfile(place_id=pid, records=(PlaceRecord(location_id="L" + pid,
    ...         agency=agency, source_ref=pid, name=name, kind="takeaway",
    ...         postcode="QX1 2AB", latitude=52.0, longitude=-1.0),))
    >>> done = resolve_place_profiles([place("1", "police", "Chicken Spot"),
    ...     place("2", "health", "CHICKEN SPOT"), place("3", "education", "the chicken spot")])
    >>> done.groups, done.candidates
    ([['1', '2', '3']], [])
    """
    config = config or PlaceSettings()
    current = {p.place_id: p for p in profiles}
    absorbed: dict[str, list[str]] = {}
    result = PlaceResolution()
    while True:
        result.rounds += 1
        search = find_place_candidates(current.values(), config=config, rejected=rejected)
        automatic = [c for c in search.candidates if c.automatic] if auto_merge else []
        if not automatic or result.rounds >= _MAX_ROUNDS:
            break
        for group in clusters_of((c.place_a, c.place_b) for c in automatic):
            survivor = min(group, key=lambda p: (-len(current[p].records), p))
            records = tuple(r for pid in group for r in current[pid].records)
            for pid in group:
                if pid != survivor:
                    absorbed.setdefault(survivor, []).extend([pid, *absorbed.pop(pid, [])])
                    del current[pid]
            current[survivor] = PlaceProfile(
                place_id=survivor, records=tuple(sorted(records, key=lambda r: r.location_id))
            )
    result.search = search
    result.candidates = [c for c in search.candidates if not (auto_merge and c.automatic)]
    result.groups = sorted([survivor, *sorted(rest)] for survivor, rest in absorbed.items())
    return result
