"""Fictional towns, postcodes and place names, so no generated address is a real one.

Postcode areas start with Q, X, J or Z (never JE or ZE): no real geographic UK postcode area does,
yet they pass the UK postcode format check. Coordinates sit around a made-up town centre.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from cseboard.models.codes import LocationKind

__all__ = [
    "SHARD_CENTRES",
    "STREETS",
    "Town",
    "inward_code",
    "make_towns",
    "place_name",
]

# First shard's first town sits at the reference centre; national shards spread over England.
SHARD_CENTRES: tuple[tuple[float, float], ...] = (
    (53.40, -1.90), (51.55, -0.70), (52.60, -1.20), (54.50, -1.60), (50.90, -3.20),
    (52.20, 0.60), (53.80, -2.70), (51.40, -2.30), (52.70, -2.50), (51.20, 0.80),
)
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_SECOND = "ABCDFGHKLMNPRSTVWY"
_AREAS: tuple[str, ...] = (
    "XF",
    *(f"{a}{b}" for a in "XQJZ" for b in _SECOND if f"{a}{b}" not in {"XF", "JE", "ZE"}),
)
_PREFIX = (
    "Fern", "Ash", "Brack", "Ell", "Thorn", "Kel", "Mar", "Hal", "Stan", "Wyn", "Cal", "Bram",
    "Hol", "Lang", "Mill", "Pen", "Sel", "Wold", "Ros", "Tam",
)
_SUFFIX = (
    "hollow", "bridge", "moor", "ford", "ley", "thwaite", "by", "well", "field", "ton", "den",
    "stow",
)
STREETS: tuple[str, ...] = (
    "Mill Lane", "Church Street", "Station Road", "Victoria Road", "Park Avenue", "High Street",
    "King Street", "Queen Street", "New Road", "Albert Road", "Manor Road", "Green Lane",
    "Chapel Street", "Water Street", "Market Street", "Bridge Street", "Grange Road",
    "Moor Lane", "Spring Gardens", "Elm Grove", "Oak Avenue", "Beech Road", "Ash Close",
    "Willow Way", "Cedar Drive", "Hawthorn Crescent", "Canal Side", "Foundry Street",
    "Railway Terrace", "School Lane", "Hall Road", "Cross Street", "North Road", "South Parade",
    "Westfield Road", "Eastgate", "Union Street", "Dale View", "Hillside Road", "Meadow Way",
)
_TAKEAWAY = (
    "Golden Fried Chicken", "Royal Kebab House", "Star Pizza", "Dragon Garden", "Taste of Spice",
    "Chicken Cottage Express", "Peri Peri Grill", "Best Burger Bar", "Pizza Palace",
    "Happy Fish Bar", "Sizzlers Grill", "Crispy Wings",
)
_HOTEL = (
    "Station Lodge", "The Grange Hotel", "Parkside Inn", "Bridge House Hotel", "Canal Side Rooms",
    "Travellers Rest Motel", "The Royal Hotel", "City View Apartments", "Moorland Lodge",
)
_SHOP = (
    "Convenience Store", "Off Licence", "Mini Market", "Vape Shop", "Phone Repairs", "Food Store",
    "Newsagent",
)
# Local names for parks, schools, homes and shops (street names make odd ones: "School Park").
_LOCAL = (
    "Albert", "Victoria", "Jubilee", "Coronation", "Moorside", "Hollins", "Brook", "Oakwood",
    "Highfield", "Westwood", "Greenhill", "Longley", "Crow Wood", "Hillside", "Northfield",
    "Riverside", "Castle", "Abbey", "Heath", "Valley", "Beech", "Thornfield", "Priory",
)
_SAINTS = ("Aidan", "Bede", "Wilfrid", "Chad", "Hilda", "Cuthbert", "Anne", "Oswald", "John")
_OTHER = (
    "Leisure Centre", "Community Centre", "Shopping Centre", "Library", "Youth Club",
    "Retail Park", "Skate Park",
)


@dataclass(frozen=True, slots=True)
class Town:
    """A fictional town: its postcode area and districts, and where its centre is."""

    name: str
    area: str
    districts: tuple[str, ...]
    lat: float
    lon: float
    spread: float


def make_towns(rng: random.Random, shard: int, count: int) -> list[Town]:
    """The towns of one shard; town 0 of shard 0 is Fernhollow at 53.40, -1.90."""
    centre_lat, centre_lon = SHARD_CENTRES[shard % len(SHARD_CENTRES)]
    names = sorted({p + s for p in _PREFIX for s in _SUFFIX} - {"Fernhollow"})
    rng.shuffle(names)
    towns: list[Town] = []
    for index in range(count):
        area = _AREAS[(shard * 8 + index) % len(_AREAS)]
        first = shard == 0 and index == 0
        name = "Fernhollow" if first else names[index]
        n_districts = 6 if count == 1 else rng.randint(4, 10)
        lat = centre_lat if index == 0 else centre_lat + rng.uniform(-0.35, 0.35)
        lon = centre_lon if index == 0 else centre_lon + rng.uniform(-0.6, 0.6)
        districts = tuple(f"{area}{d}" for d in range(1, n_districts + 1))
        towns.append(Town(name, area, districts, lat, lon, 0.018 if count == 1 else 0.012))
    return towns


def inward_code(rng: random.Random) -> str:
    return f"{rng.randint(0, 9)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"


def place_name(rng: random.Random, kind: str, town: Town, street: str, number: int) -> str:
    """A plausible name for a place of a kind, unique enough within a town to tell apart."""
    if kind == LocationKind.HOME_ADDRESS:
        if rng.random() < 0.4:
            return f"Flat {rng.randint(1, 12)}, {number} {street}"
        return f"{number} {street}"
    local = rng.choice(_LOCAL)
    if kind == LocationKind.PLACEMENT:
        return f"{local} House children's home"
    if kind == LocationKind.SCHOOL:
        return rng.choice(
            (f"{town.name} {local} Academy", f"St {rng.choice(_SAINTS)}'s High School",
             f"{local} Park School", f"{local} Community College")
        )
    if kind == LocationKind.HOTEL:
        return rng.choice(_HOTEL)
    if kind == LocationKind.TAKEAWAY:
        return rng.choice(_TAKEAWAY)
    if kind == LocationKind.PARK:
        return rng.choice((f"{local} Park", f"{local} Recreation Ground", f"{local} Fields"))
    if kind == LocationKind.SHOP:
        return f"{local} {rng.choice(_SHOP)}"
    if kind == LocationKind.TRANSPORT_HUB:
        return rng.choice(
            (f"{town.name} Bus Station", f"{town.name} Railway Station", f"{town.name} Interchange")
        )
    if kind == LocationKind.ONLINE_MEETING_POINT:
        return f"Meeting point arranged online near {street}"
    return f"{town.name} {rng.choice(_OTHER)}"
