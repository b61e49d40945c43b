"""The planted world of one shard: true people, places and exploitation groups, before any agency.

Agencies only ever see this world through their own records (``records.py``); truth is written
from it. Building it needs the sizes only, so a shard can be built, written and dropped.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from cseboard.models.codes import LocationKind
from cseboard.synthetic import names
from cseboard.synthetic.geography import STREETS, Town, inward_code, make_towns, place_name
from cseboard.synthetic.identifiers import NhsNumbers, Phones, handle, vrm
from cseboard.synthetic.scales import ScaleSpec
from cseboard.synthetic.vocabulary import CARS

__all__ = ["Counters", "Group", "Person", "Place", "World", "build_world"]

K = LocationKind
_ETHNICITY = ("WBRI", "WOTH", "WIRI", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
              "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT")
_ETHNICITY_W = (70, 4, 1, 3, 1, 1, 2, 2, 5, 1, 1, 2, 2, 1, 1, 1, 1, 1)
_GROUP_KINDS = (K.HOTEL, K.TAKEAWAY, K.PARK, K.HOME_ADDRESS)
# Share of the non-group places by kind; home addresses take the remainder.
_KIND_SHARE = (
    (K.SCHOOL, 0.035), (K.TRANSPORT_HUB, 0.015), (K.PLACEMENT, 0.04), (K.PARK, 0.07),
    (K.SHOP, 0.12), (K.TAKEAWAY, 0.12), (K.HOTEL, 0.04), (K.ONLINE_MEETING_POINT, 0.015),
    (K.OTHER, 0.05),
)
_BUSY = frozenset({K.SCHOOL, K.TRANSPORT_HUB, K.OTHER})


@dataclass(slots=True)
class Counters:
    """Ids that run on across shards, so national truth has one id space."""

    person: int = 0
    place: int = 0
    group: int = 0
    hotspot: int = 0
    group_width: int = 2


@dataclass(slots=True, eq=False)
class Place:
    """A real place; ``records`` maps agency to that agency's location ref."""

    lid: str
    kind: str
    name: str
    street: str
    postcode: str
    lat: float
    lon: float
    town: int
    group: str | None = None
    hotspot: str | None = None
    busy: bool = False
    records: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class Person:
    """A real person; ``records`` maps agency to that agency's person refs (duplicates happen)."""

    pid: str
    role: str
    sex: str
    first: str
    last: str
    dob: date
    postcode: str
    nhs: str
    ethnicity: str
    town: int
    looked_after: bool = False
    cp_plan: bool = False
    child_in_need: bool = False
    risk: str = "none"
    group: str | None = None
    organiser: bool = False
    alias: str | None = None
    school: Place | None = None
    home: Place | None = None
    dob_swapped: bool = False
    records: dict[str, list[str]] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class Group:
    """A planted exploitation network and the window in which it is active."""

    gid: str
    town: int
    young_people: list[Person]
    organisers: list[Person]
    associates: list[Person]
    places: list[Place]
    vrm: str
    car: str
    phones: list[str]
    accounts: list[str]
    start: datetime
    end: datetime


@dataclass(slots=True)
class World:
    """Everything true about one shard."""

    shard: int
    towns: list[Town]
    young_people: list[Person]
    associates: list[Person]
    places: list[Place]
    groups: list[Group]
    places_by: dict[tuple[int, str], list[Place]]

    def place(self, rng: random.Random, town: int, kind: str) -> Place:
        """An ordinary (non-group) place of a kind in a town, falling back to any town."""
        options = self.places_by.get((town, kind)) or self.places_by.get((-1, kind))
        if not options:
            options = self.places_by[(-1, K.HOME_ADDRESS)]
        return rng.choice(options)


class _Builder:
    def __init__(
        self, spec: ScaleSpec, shard: int, rng: random.Random, counters: Counters,
        nhs: NhsNumbers, phones: Phones, as_of: date,
    ) -> None:
        self.spec, self.shard, self.rng, self.counters = spec, shard, rng, counters
        self.nhs, self.phones, self.as_of = nhs, phones, as_of
        self.towns = make_towns(rng, shard, spec.towns_per_shard)
        self.town_weights = [3.0] + [rng.uniform(0.6, 2.0) for _ in self.towns[1:]]
        self.used_names: set[tuple[int, str]] = set()

    def pick_town(self) -> int:
        return self.rng.choices(range(len(self.towns)), weights=self.town_weights)[0]

    def postcode(self, town: int) -> str:
        return f"{self.rng.choice(self.towns[town].districts)} {inward_code(self.rng)}"

    def place(self, kind: str, town: int, group: str | None = None) -> Place:
        rng, t = self.rng, self.towns[town]
        district = rng.randrange(len(t.districts))
        street = rng.choice(STREETS)
        name = place_name(rng, kind, t, street, rng.randint(1, 180))
        if (town, name) in self.used_names:
            name = f"{name}, {street}"
        self.used_names.add((town, name))
        # districts fan out around the centre so nearby postcodes mean nearby points
        angle = district / len(t.districts)
        lat = t.lat + (angle - 0.5) * t.spread + rng.gauss(0, t.spread / 2)
        lon = t.lon + ((district * 7919) % 11 / 10 - 0.5) * t.spread * 1.6 + rng.gauss(
            0, t.spread * 0.8
        )
        self.counters.place += 1
        return Place(
            lid=f"LOC-{self.counters.place:05d}", kind=str(kind), name=name, street=street,
            postcode=f"{t.districts[district]} {inward_code(rng)}", lat=round(lat, 6),
            lon=round(lon, 6), town=town, group=group, busy=kind in _BUSY,
        )

    def dob(self, ages: tuple[int, ...], weights: tuple[int, ...]) -> date:
        age = self.rng.choices(ages, weights=weights)[0]
        return self.as_of - timedelta(days=int(age * 365.25) + self.rng.randint(1, 364))

    def person(self, role: str, sex: str, dob: date, town: int) -> Person:
        rng = self.rng
        self.counters.person += 1
        first = names.female_first(rng) if sex == "F" else names.male_first(rng)
        if sex == "U":
            first = rng.choice((names.female_first(rng), names.male_first(rng)))
        return Person(
            pid=f"T-{self.counters.person:06d}", role=role, sex=sex, first=first,
            last=names.surname(rng, double_barrelled=0.08), dob=dob, postcode=self.postcode(town),
            nhs=self.nhs.next(),
            ethnicity=rng.choices(_ETHNICITY, weights=_ETHNICITY_W)[0], town=town,
        )

    def young_person(self, town: int, grouped: bool) -> Person:
        rng = self.rng
        if grouped:
            sex = "F" if rng.random() < 0.85 else "M"
            dob = self.dob((12, 13, 14, 15, 16, 17), (1, 2, 3, 3, 3, 2))
        else:
            sex = rng.choices(("F", "M", "U"), weights=(49, 49, 2))[0]
            dob = self.dob((10, 11, 12, 13, 14, 15, 16, 17), (1, 2, 3, 3, 3, 3, 3, 2))
        p = self.person("young_person", sex, dob, town)
        share = (0.35, 0.25, 0.4) if grouped else (0.06, 0.04, 0.1)
        p.looked_after = rng.random() < share[0]
        p.cp_plan = not p.looked_after and rng.random() < share[1]
        p.child_in_need = not (p.looked_after or p.cp_plan) and rng.random() < share[2]
        if grouped:
            p.risk = rng.choices(("high", "medium", "low"), weights=(5, 4, 1))[0]
        else:
            p.risk = rng.choices(("none", "low", "medium"), weights=(85, 12, 3))[0]
        return p

    def associate(self, town: int, kind: str) -> Person:
        rng = self.rng
        if kind == "organiser":
            sex = "M" if rng.random() < 0.95 else "F"
            dob = self.dob(tuple(range(20, 46)), tuple([3] * 10 + [2] * 10 + [1] * 6))
        elif kind == "group":
            sex = "M" if rng.random() < 0.8 else "F"
            dob = self.dob(tuple(range(17, 41)), tuple([3] * 6 + [2] * 10 + [1] * 8))
        else:
            sex = "M" if rng.random() < 0.75 else "F"
            dob = self.dob(tuple(range(16, 61)), tuple([3] * 10 + [2] * 15 + [1] * 20))
        p = self.person("associate", sex, dob, town)
        alias_share = {"organiser": 0.7, "group": 0.4}.get(kind, 0.1)
        if rng.random() < alias_share:
            p.alias = rng.choice(names.STREET_ALIASES)
        return p

    def window(self) -> tuple[datetime, datetime]:
        rng, as_of = self.rng, self.as_of
        if rng.random() < 0.8:
            end = as_of - timedelta(days=rng.randint(1, 14))
            start = end - timedelta(days=rng.randint(90, 700))
        else:
            end = as_of - timedelta(days=rng.randint(100, 400))
            start = end - timedelta(days=rng.randint(90, 400))
        return datetime.combine(start, time(12)), datetime.combine(end, time(23, 0))

    def build(self) -> World:
        rng, spec, counters = self.rng, self.spec, self.counters
        plans = []
        for _ in range(spec.groups):
            plans.append((
                self.pick_town(), rng.randint(4, 10), rng.randint(1, 3), rng.randint(0, 3),
                rng.randint(2, 4),
            ))
        groups: list[Group] = []
        places: list[Place] = []
        young: list[Person] = []
        adults: list[Person] = []
        for town, n_yp, n_org, n_assoc, n_places in plans:
            counters.group += 1
            gid = f"G{counters.group:0{counters.group_width}d}"
            kinds = rng.sample(_GROUP_KINDS, n_places)
            group_places = [self.place(kind, town, gid) for kind in kinds]
            for gp in group_places:
                counters.hotspot += 1
                gp.hotspot = f"H-{counters.hotspot:03d}"
                gp.busy = False
            yps = [self.young_person(town, True) for _ in range(n_yp)]
            orgs = [self.associate(town, "organiser") for _ in range(n_org)]
            others = [self.associate(town, "group") for _ in range(n_assoc)]
            flats = [p for p in group_places if p.kind == K.HOME_ADDRESS]
            if flats:
                orgs[0].postcode = flats[0].postcode
            for p in yps + orgs + others:
                p.group = gid
            for p in orgs:
                p.organiser = True
            start, end = self.window()
            groups.append(Group(
                gid=gid, town=town, young_people=yps, organisers=orgs, associates=others,
                places=group_places, vrm=vrm(rng), car=rng.choice(CARS),
                phones=[self.phones.next() for _ in range(rng.randint(1, 3))],
                accounts=sorted({handle(rng) for _ in range(rng.randint(1, 3))}),
                start=start, end=end,
            ))
            places.extend(group_places)
            young.extend(yps)
            adults.extend(orgs + others)

        ordinary = max(0, spec.locations - len(places))
        places_by: dict[tuple[int, str], list[Place]] = {}
        for index in range(len(self.towns)):
            # every town has somewhere to go to school, catch a bus and be placed in care
            for kind in (K.SCHOOL, K.TRANSPORT_HUB, K.PLACEMENT):
                places.append(self.place(kind, index))
        remaining = max(0, ordinary - 3 * len(self.towns))
        for kind, share in _KIND_SHARE:
            for _ in range(round(remaining * share)):
                places.append(self.place(kind, self.pick_town()))
        while len(places) < spec.locations:
            places.append(self.place(K.HOME_ADDRESS, self.pick_town()))
        for pl in places:
            if pl.group is None:
                places_by.setdefault((pl.town, pl.kind), []).append(pl)
                places_by.setdefault((-1, pl.kind), []).append(pl)

        while len(young) < spec.young_people:
            young.append(self.young_person(self.pick_town(), False))
        while len(adults) < spec.associates:
            adults.append(self.associate(self.pick_town(), "noise"))
        # Group members were made first: shuffle and renumber so no order or id gives them away.
        first_person = counters.person - len(young) - len(adults) + 1
        rng.shuffle(young)
        rng.shuffle(adults)
        for number, p in enumerate(young + adults, start=first_person):
            p.pid = f"T-{number:06d}"
        first_place = counters.place - len(places) + 1
        rng.shuffle(places)
        for number, pl in enumerate(places, start=first_place):
            pl.lid = f"LOC-{number:05d}"
        world = World(self.shard, self.towns, young, adults, places, groups, places_by)
        for p in young:
            p.school = world.place(rng, p.town, K.SCHOOL)
            if p.looked_after:
                p.home = world.place(rng, p.town, K.PLACEMENT)
                p.postcode = p.home.postcode
        return world


def build_world(
    spec: ScaleSpec, shard: int, rng: random.Random, counters: Counters, nhs: NhsNumbers,
    phones: Phones, as_of: date,
) -> World:
    """The true people, places and groups of one shard."""
    return _Builder(spec, shard, rng, counters, nhs, phones, as_of).build()
