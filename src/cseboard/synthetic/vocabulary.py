"""Summary wording: short factual sentences in the partnership's non-victim-blaming vocabulary.

Templates describe what was seen and what adults did ("collected in a vehicle", "was given a
phone by"), never the child's choices. ``FORBIDDEN_PHRASES`` is what tests check never appears.
"""

from __future__ import annotations

import random
from string import Formatter

__all__ = [
    "CARS",
    "FORBIDDEN_PHRASES",
    "NOISE",
    "PLANTED",
    "SPECIAL_SUMMARIES",
    "fields",
    "fill",
    "pick",
]

FORBIDDEN_PHRASES: tuple[str, ...] = (
    "putting herself at risk", "putting himself at risk", "putting themselves at risk",
    "boyfriend", "prostitut", "promiscuous", "sexually active", "lifestyle choice", "consented",
)

CARS: tuple[str, ...] = (
    "a silver Vauxhall Astra", "a black BMW 3 Series", "a white Ford Transit van",
    "a grey Audi A3", "a blue Ford Focus", "a black Mercedes C-Class", "a red Seat Leon",
    "a white Toyota Prius", "a silver Skoda Octavia", "a black Range Rover Evoque",
)

# category -> templates for intelligence about a planted group
PLANTED: dict[str, tuple[str, ...]] = {
    "sighting": (
        "Young person seen with an adult male outside {place} at about {hour}.",
        "Young people seen with adult males at {place}; the adults left in {car}, {vrm}.",
        "Young person seen getting into {car} ({vrm}) near {place}.",
        "Young person seen with an older male known as '{alias}' at {place}.",
        "Young people seen going into {place} with two adult males late in the evening.",
        "Young person seen with an adult male in the town centre late at night.",
    ),
    "association": (
        "Young person named together with adult males who are regularly at {place}.",
        "Staff report the young person spends evenings at {place} with older males.",
        "An adult known as '{alias}' gives lifts to the young person and friends.",
        "Young people and adult males named together by a parent; they meet at {place}.",
        "Young person named together with other young people and an adult male.",
    ),
    "gifts_money_substances": (
        "Young person was given a new phone by an adult male.",
        "Young person has new clothes and cash that carers cannot account for after time at "
        "{place}.",
        "Young person returned with alcohol after being at {place} with adult males.",
        "Young person was given cannabis and vapes by adults at {place}.",
        "Young person was given food and cigarettes by an adult known as '{alias}'.",
    ),
    "vehicle": (
        "Vehicle {vrm} ({car}) seen repeatedly near {place} with young people inside.",
        "Young person collected in a vehicle ({vrm}) from outside school by an adult male.",
        "Vehicle {vrm} stopped near {place}; an adult male and young people were in it.",
        "Young person collected in a vehicle, {car}, late at night.",
    ),
    "location_of_concern": (
        "Staff at {place} report adult males booking rooms for cash with young people present.",
        "Young people seen going into {place} with adults after midnight.",
        "Neighbours report young people visiting {place} late at night with older males.",
        "Adult males seen at {place} with young people on several evenings.",
        "Adult males seen with young people at an address in the town on several evenings.",
    ),
    "phone_or_device": (
        "Young person's phone shows repeated calls from {phone}.",
        "Young person was given a phone by an adult; the number {phone} is saved as '{alias}'.",
        "Young person has a second phone; carers saw messages from {phone}.",
        "Young person was given a new phone by an adult male; it receives calls from {phone}.",
    ),
    "online_contact": (
        "Young person in contact with {platform} account {handle}; messages arrange meetings at "
        "{place}.",
        "Young person added by {platform} account {handle}, which is linked to older males.",
        "Young person receives gifts offered through {platform} account {handle}.",
    ),
    "disclosure": (
        "Young person disclosed being taken to {place} by adult males and given alcohol.",
        "Young person disclosed that an adult known as '{alias}' asked them to bring friends.",
        "Young person disclosed that adults at {place} gave them money and alcohol.",
        "Young person disclosed that adult males gave them alcohol and a lift home.",
    ),
    "missing_related": (
        "Young person found at {place} after being reported missing, with other young people and "
        "an adult male.",
        "Young person returned from a missing episode in {car} ({vrm}).",
        "Young person found at {place} during a missing episode; adults present left before "
        "police arrived.",
        "Young person returned from a missing episode with new clothes and a new phone.",
    ),
}

# kind -> (category, template) pairs for background reports
NOISE: dict[str, tuple[tuple[str, str], ...]] = {
    "police": (
        ("sighting",
         "Young person seen at {place} after 10pm with a group of peers; no adults present."),
        ("sighting", "Young person stopped by patrol near {place} late at night and taken home."),
        ("other",
         "Young person spoken to at {place} during a community patrol; no concerns about others."),
        ("other", "Young person reported as a witness to an incident at {place}."),
        ("sighting", "Young person seen alone at {place} in the evening; advice given."),
        ("missing_related",
         "Young person found at {place} after a missing episode; no adults involved."),
        ("sighting",
         "Young person seen in the town centre late at night with peers; no adults present."),
        ("other",
         "Young person spoken to by officers about anti-social behaviour; no concerns about "
         "others."),
    ),
    "education": (
        ("other", "Young person absent from school without explanation on three days this month."),
        ("phone_or_device",
         "Young person has a new phone and is tired in lessons; no adult named."),
        ("sighting", "Young person seen at {place} at lunchtime with peers from another school."),
        ("other", "Young person's attendance has dropped; family engaged with the school."),
        ("other", "Young person arrived late to {place} three times this week."),
    ),
    "health": (
        ("other",
         "Young person attended the emergency department with a minor injury; no concerns about "
         "others."),
        ("other", "Young person attended a sexual health clinic; advice given, no adult named."),
        ("other", "School nurse noted the young person seems withdrawn; follow-up offered."),
        ("gifts_money_substances",
         "Young person attended after drinking alcohol with peers; no adult named."),
    ),
    "childrens_social_care": (
        ("other",
         "Social worker noted a change in the young person's routine; placement staff to "
         "monitor."),
        ("sighting", "Placement staff report the young person returned late from {place}."),
        ("other", "Young person's contact arrangements reviewed; no new concerns."),
    ),
    "youth_offending": (
        ("other", "Young person attended appointment; mentioned spending time at {place}."),
        ("association", "Young person's peer group includes others known to the service."),
        ("other", "Young person completed reparation session; no concerns about adults."),
    ),
    "third_sector": (
        ("other",
         "Outreach worker spoke to the young person at {place}; no concerns about adults."),
        ("other", "Young person attended a drop-in session at {place}."),
        ("other", "Young person engaged well with a mentoring session."),
    ),
    "peers": (
        ("association", "Two young people seen together at {place} after dark."),
        ("association",
         "Young people named together in a disagreement at school; resolved by staff."),
        ("sighting", "Two young people missed school together and were found at {place}."),
        ("association", "Young people seen together at {place}; no adults present."),
    ),
    "place_only": (
        ("location_of_concern",
         "Groups of young people reported gathering at {place} in the evenings; no individuals "
         "identified."),
        ("location_of_concern",
         "Anti-social behaviour reported at {place}; no young people identified."),
        ("location_of_concern",
         "Concern raised about adults loitering near {place}; no individuals identified."),
        ("other", "Litter and broken glass reported at {place}; site visit arranged."),
    ),
    "adult_once": (
        ("sighting",
         "An adult male seen talking to young people near {place}; no further concerns."),
        ("vehicle",
         "An adult male seen near {place} in {car}, {vrm}; spoke to a young person briefly."),
        ("association",
         "An adult was seen buying alcohol near {place}; no young people identified."),
        ("sighting",
         "An adult seen near {place} with a young person; identified as a family member."),
    ),
    "device_once": (
        ("phone_or_device",
         "Young person received messages from an unknown number {phone}; the number was blocked."),
        ("online_contact",
         "Young person reported being added by {platform} account {handle}; account blocked."),
    ),
    "false_link": (
        ("association",
         "Anonymous caller alleged the young person is involved with adults at {place}; not "
         "corroborated."),
        ("association",
         "Unverified online post claims the young person and an adult known as '{alias}' were "
         "seen together."),
        ("sighting",
         "Anonymous report that the young person was seen with an adult male; details "
         "contradict known facts."),
    ),
}

# Valid rows that must survive CSV/JSON quoting and land as plain text.
SPECIAL_SUMMARIES: tuple[str, ...] = (
    "Young person seen at the park, then at the takeaway, then at the bus station.",
    'Young person said "he told me not to tell anyone" about an adult known as \'Kash\'.',
    "Staff note:\nyoung person returned late to the placement.\nSecond line of the note.",
    '=HYPERLINK("http://example.invalid/report","open report")',
    "+44 7700 900321 called the placement asking for the young person.",
    "@unknown_handle messaged the young person on social media.",
    "- note copied from an email; no further detail.",
    "x'}) DETACH DELETE n //",
    'Young person said: "it\'s fine", then left; staff recorded the time, 21:40.',
    "Young person seen at Café Zoë on the high street.",
)

_FIELDS: dict[str, frozenset[str]] = {}


def fields(template: str) -> frozenset[str]:
    """The placeholders a template needs."""
    found = _FIELDS.get(template)
    if found is None:
        found = frozenset(name for _, name, _, _ in Formatter().parse(template) if name)
        _FIELDS[template] = found
    return found


def fill(rng: random.Random, templates: tuple[str, ...], ctx: dict[str, str]) -> str:
    """A template whose placeholders the context can fill, filled; plain ones as a fallback."""
    usable = [t for t in templates if fields(t) <= ctx.keys()]
    if not usable:
        usable = [t for t in templates if not fields(t)] or ["Report recorded; see agency file."]
    return rng.choice(usable).format(**ctx)


def pick(
    rng: random.Random, pairs: tuple[tuple[str, str], ...], ctx: dict[str, str]
) -> tuple[str, str]:
    """A (category, summary) whose template the context can fill."""
    usable = [(c, t) for c, t in pairs if fields(t) <= ctx.keys()]
    if not usable:
        return "other", "Report recorded; see agency file."
    category, template = rng.choice(usable)
    return category, template.format(**ctx)
