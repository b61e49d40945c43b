"""Common UK names and the ways partners write the same name differently.

Own lists rather than a fake-data library: the variants (spelling, nickname, initial, part of a
double-barrelled surname) must be known to the generator so that truth can say which records are
the same child. Every role draws from the same pools, so no group of people is cast as offenders.
"""

from __future__ import annotations

import random

__all__ = [
    "FEMALE_FIRST",
    "MALE_FIRST",
    "STREET_ALIASES",
    "SURNAMES",
    "female_first",
    "first_variants",
    "male_first",
    "render_first",
    "render_last",
    "surname",
    "surname_variants",
]

# canonical name -> spelling variants
_FEMALE_SPELLING: dict[str, tuple[str, ...]] = {
    "Kayleigh": ("Kayley", "Kaylee", "Kayleigh-Ann"), "Chelsea": ("Chelsey",), "Jade": ("Jayde",),
    "Chloe": ("Chloë", "Cloe"), "Megan": ("Meghan", "Meagan"), "Zoe": ("Zoë", "Zoey"),
    "Leanne": ("Lee-Ann", "Leann"), "Keeley": ("Keely", "Keighley"), "Niamh": ("Neve",),
    "Caitlin": ("Katelyn", "Kaitlyn"), "Shannon": ("Shanon",), "Lacey": ("Lacie",),
    "Kiera": ("Keira", "Kira"), "Tegan": ("Teagan",), "Jodie": ("Jody",), "Aisha": ("Ayesha",),
    "Madison": ("Maddison",), "Bethany": ("Bethanie",), "Courtney": ("Kourtney",),
    "Tia": ("Tiah",), "Chantelle": ("Shantelle",), "Sophie": ("Sofie",), "Lauren": ("Loren",),
    "Natalie": ("Nathalie",), "Stephanie": ("Stefanie",), "Hannah": ("Hana",), "Maya": ("Maia",),
    "Jasmine": ("Jasmin", "Yasmin"), "Fatima": ("Fatimah",), "Zara": ("Zahra",),
    "Aimee": ("Amie",), "Paige": ("Paig",), "Demi": ("Demmi",), "Amira": ("Ameera",),
}
_FEMALE_NICK: dict[str, tuple[str, ...]] = {
    "Elizabeth": ("Lizzie", "Beth", "Liz"), "Rebecca": ("Becky", "Becca"),
    "Jessica": ("Jess", "Jessie"), "Samantha": ("Sam", "Sammy"), "Natalie": ("Nat",),
    "Victoria": ("Vicky", "Tori"), "Katherine": ("Kate", "Katie"), "Abigail": ("Abbie", "Abi"),
    "Charlotte": ("Charlie", "Lottie"), "Olivia": ("Liv", "Livvy"), "Danielle": ("Dani",),
    "Alexandra": ("Alex", "Lexi"), "Stephanie": ("Steph",), "Megan": ("Meg",),
    "Eleanor": ("Ellie", "Nell"), "Gabrielle": ("Gabby",), "Jennifer": ("Jenny", "Jen"),
    "Bethany": ("Beth",), "Amelia": ("Millie",), "Madison": ("Maddie",), "Nicole": ("Nikki",),
    "Gemma": ("Gem",), "Roxanne": ("Roxy",), "Kayleigh": ("Kay",), "Chelsea": ("Chels",),
}
_FEMALE_OTHER = (
    "Amy", "Emily", "Holly", "Ellie", "Leah", "Millie", "Ruby", "Grace", "Lily", "Evie", "Isla",
    "Poppy", "Freya", "Alisha", "Gemma", "Nicole", "Kelsey", "Summer", "Amara", "Shania",
    "Tyra", "Lacey-Mae", "Ellie-Mae", "Precious", "Destiny", "Maryam", "Oliwia", "Wiktoria",
)
_MALE_SPELLING: dict[str, tuple[str, ...]] = {
    "Mohammed": ("Mohammad", "Muhammad", "Mohamed"), "Callum": ("Calum",),
    "Kieran": ("Kieron", "Ciaran"), "Aaron": ("Aron",), "Jamie": ("Jaime",), "Tyler": ("Tylor",),
    "Connor": ("Conor",), "Adil": ("Adel",), "Tariq": ("Tarik",), "Shahid": ("Shahed",),
    "Ryan": ("Rian",), "Lewis": ("Louis",), "Reece": ("Rhys", "Reese"), "Lee": ("Leigh",),
    "Stephen": ("Steven",), "Kane": ("Cain",), "Jakub": ("Jacob",), "Dominik": ("Dominic",),
    "Hassan": ("Hasan",), "Zain": ("Zayn",), "Omar": ("Omer",), "Yusuf": ("Yousef", "Yusef"),
}
_MALE_NICK: dict[str, tuple[str, ...]] = {
    "Mohammed": ("Mo",), "Daniel": ("Dan", "Danny"), "Thomas": ("Tom", "Tommy"),
    "Joseph": ("Joe", "Joey"), "Michael": ("Mike", "Mikey"), "Christopher": ("Chris",),
    "Matthew": ("Matt",), "Anthony": ("Tony", "Ant"), "Jonathan": ("Jon", "Jonny"),
    "William": ("Will", "Billy"), "Robert": ("Rob", "Bobby"), "Nathan": ("Nate",),
    "Bradley": ("Brad",), "Stephen": ("Steve",), "Oliver": ("Olly",), "Alexander": ("Alex",),
}
_MALE_OTHER = (
    "Liam", "Jordan", "Imran", "Arif", "Declan", "Kyle", "Dean", "Craig", "Wayne", "Darren",
    "Gary", "Paul", "Mark", "Jason", "Scott", "Shane", "Harvey", "Alfie", "Charlie", "Jack",
    "Harry", "Kai", "Leon", "Marcus", "Jermaine", "Tyrone", "Andre", "Kacper", "Ali", "Bilal",
    "Ibrahim", "Sean", "Luke", "Adam", "Ben", "Josh", "Sam",
)
_SURNAME_SPELLING: dict[str, tuple[str, ...]] = {
    "Smith": ("Smyth",), "Brown": ("Browne",), "Davies": ("Davis",),
    "Thompson": ("Thomson", "Tomson"), "Green": ("Greene",), "Clarke": ("Clark",),
    "Phillips": ("Philips",), "Hussain": ("Hussein", "Husain"), "Ahmed": ("Ahmad",),
    "Mahmood": ("Mahmud",), "O'Brien": ("OBrien", "O Brien"), "O'Neill": ("ONeill", "O'Neil"),
    "McDonald": ("MacDonald", "Mcdonald"), "Stewart": ("Stuart",), "Reid": ("Read", "Reed"),
    "Stevenson": ("Stephenson",), "Grey": ("Gray",), "Schofield": ("Scholefield",),
    "Haigh": ("Hague",), "Lees": ("Leese",), "Griffiths": ("Griffith",), "Bennett": ("Bennet",),
    "Walsh": ("Welsh",), "Johnson": ("Jonson",), "Mellor": ("Meller",),
}
_SURNAME_OTHER = (
    "Jones", "Williams", "Taylor", "Evans", "Wilson", "Thomas", "Roberts", "Robinson", "Wright",
    "Walker", "White", "Edwards", "Hughes", "Hall", "Wood", "Harris", "Lewis", "Martin",
    "Jackson", "Turner", "Hill", "Scott", "Cooper", "Morris", "Ward", "Moore", "King", "Watson",
    "Baker", "Harrison", "Morgan", "Patel", "Young", "Allen", "Mitchell", "James", "Anderson",
    "Lee", "Bell", "Parker", "Khan", "Ali", "Iqbal", "Akhtar", "Begum", "Shah", "Kaur", "Singh",
    "Mensah", "Okafor", "Adeyemi", "Nowak", "Kowalczyk", "Murphy", "Campbell", "Marsden",
    "Sykes", "Greenwood", "Hartley", "Booth", "Kershaw", "Crossley", "Pickering", "Barker",
    "Fletcher", "Holmes", "Shaw", "Lloyd", "Price", "Marshall", "Sutton", "Ellis", "Hudson",
    "Atkinson", "Pearson", "Dixon", "Knight", "Hunt", "Mills", "Rose", "Chapman", "Webb",
    "Kelly", "Doyle", "Brennan",
)

FEMALE_FIRST: tuple[str, ...] = tuple(
    sorted(set(_FEMALE_SPELLING) | set(_FEMALE_NICK) | set(_FEMALE_OTHER))
)
MALE_FIRST: tuple[str, ...] = tuple(
    sorted(set(_MALE_SPELLING) | set(_MALE_NICK) | set(_MALE_OTHER))
)
SURNAMES: tuple[str, ...] = tuple(sorted(set(_SURNAME_SPELLING) | set(_SURNAME_OTHER)))
STREET_ALIASES: tuple[str, ...] = (
    "Kash", "Bigz", "Tiny", "Ziggy", "Jay", "Smokey", "Baz", "Dee", "Rizzy", "Boss", "Uncle",
    "Snowy", "Kev", "Skinny", "Ace", "Shorty", "Max", "Ronnie", "Tank", "Vinny", "Sully", "Taz",
    "Mack", "Fizz", "Deano", "Spider", "Chops", "Milo",
)


def female_first(rng: random.Random) -> str:
    return rng.choice(FEMALE_FIRST)


def male_first(rng: random.Random) -> str:
    return rng.choice(MALE_FIRST)


def surname(rng: random.Random, *, double_barrelled: float = 0.0) -> str:
    """A surname; a few are double-barrelled, which partners then record in part or whole."""
    first = rng.choice(SURNAMES)
    if rng.random() < double_barrelled:
        second = rng.choice(SURNAMES)
        if second != first and "'" not in first + second:
            return f"{first}-{second}"
    return first


def first_variants(name: str) -> tuple[str, ...]:
    """Other ways the same first name gets written: spelling variants, then nicknames."""
    return (
        _FEMALE_SPELLING.get(name, ())
        + _MALE_SPELLING.get(name, ())
        + _FEMALE_NICK.get(name, ())
        + _MALE_NICK.get(name, ())
    )


def surname_variants(name: str) -> tuple[str, ...]:
    """Other ways the same surname gets written, including parts of a double-barrelled one."""
    if "-" in name:
        left, right = name.split("-", 1)
        return (f"{left} {right}", left, right, *_SURNAME_SPELLING.get(left, ()))
    return _SURNAME_SPELLING.get(name, ())


def render_first(rng: random.Random, name: str, *, initial: float, variant: float) -> str:
    """How one record writes a first name: as given, a variant or nickname, or an initial."""
    r = rng.random()
    if r < initial:
        return name[0]
    if r < initial + variant:
        options = first_variants(name)
        if options:
            return rng.choice(options)
    return name


def render_last(rng: random.Random, name: str, *, variant: float, upper: float) -> str:
    """How one record writes a surname: variant spelling, part of it, or in capitals."""
    text = name
    if rng.random() < variant:
        options = surname_variants(name)
        if options:
            text = rng.choice(options)
    if rng.random() < upper:
        text = text.upper()
    return text
