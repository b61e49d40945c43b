"""Random region-scale evidence (~25k people, 200k reports, 30k episodes) for timing checks."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from cseboard.models.evidence import (
    EpisodeEvidence,
    EvidenceSet,
    IntelligenceEvidence,
    LocationNode,
    PersonNode,
)

__all__ = ["WINDOW_END", "region_evidence"]

WINDOW_END = datetime(2024, 6, 30, tzinfo=UTC)
_AGENCIES = ("police", "health", "school", "yot", "csc", "third_sector")
_CATEGORIES = ("sighting", "association", "online_contact", "vehicle", "location_of_concern")
_GRADES = [
    ("1", "A"),
    ("1", "B"),
    ("2", "B"),
    ("2", "C"),
    ("3", "C"),
    ("2", "D"),
    (None, None),
    ("3", "E"),
]
_GRADE_WEIGHTS = [10, 15, 25, 20, 10, 10, 5, 5]


def region_evidence(
    *,
    persons: int = 25_000,
    intelligence: int = 200_000,
    episodes: int = 30_000,
    places: int = 4_000,
    busy_places: int = 120,
    busy_share: float = 0.05,
    seed: int = 7,
) -> EvidenceSet:
    """Evidence with community structure: reports mostly name people of one group.

    People fall in groups of 8-40; a report names 1-3 people of one group (one of them from
    anywhere 15% of the time). 35% of reports name one of the group's places, ``busy_share``
    one of ``busy_places`` places everybody visits (schools, stations), 5% a random place.
    """
    rng = random.Random(seed)
    people = []
    for i in range(persons):
        role = rng.choices(["young_person", "associate", None], [30, 60, 10])[0]
        level = rng.choice(["none", "low", "medium", "high"]) if role == "young_person" else None
        people.append(
            PersonNode(person_id=f"P-{i:06d}", role=role, risk_level=level, pseudonym=f"X{i:06d}")
        )
    ids = [p.person_id for p in people]
    young = [p.person_id for p in people if p.role == "young_person"]
    groups: list[list[str]] = []
    order = ids[:]
    rng.shuffle(order)
    at = 0
    while at < len(order):
        size = rng.randint(8, 40)
        groups.append(order[at : at + size])
        at += size
    locations = []
    for i in range(int(places * 1.5)):
        place = i % places
        locations.append(
            LocationNode(
                location_id=f"L-{i:06d}",
                place_id=f"PL-{place:05d}",
                name=f"place {place}",
                kind=rng.choice(["takeaway", "park", "hotel", "shop"]),
                latitude=51 + rng.random(),
                longitude=-1 + rng.random(),
            )
        )
    busy = [loc.location_id for loc in locations[:busy_places]]
    loc_ids = [loc.location_id for loc in locations]
    group_places = [rng.sample(loc_ids, 4) for _ in groups]
    group_phones = [[f"+4477009{rng.randint(0, 99999):05d}" for _ in range(3)] for _ in groups]
    group_cars = [[f"AB{rng.randint(10, 99)}C{rng.randint(100, 999)}"] for _ in groups]
    group_accounts = [[f"snapchat:user{rng.randint(0, 10**7)}"] for _ in groups]
    start = WINDOW_END - timedelta(days=400)
    span = 400 * 86_400
    reports = []
    for i in range(intelligence):
        g = rng.randrange(len(groups))
        members = groups[g]
        named = rng.sample(members, min(len(members), rng.choices([1, 2, 3], [50, 35, 15])[0]))
        if rng.random() < 0.15:
            named[-1] = rng.choice(ids)
        se, ia = rng.choices(_GRADES, _GRADE_WEIGHTS)[0]
        r = rng.random()
        locs = (
            [rng.choice(group_places[g])]
            if r < 0.35
            else [rng.choice(busy)]
            if r < 0.35 + busy_share
            else [rng.choice(loc_ids)]
            if r < 0.40 + busy_share
            else []
        )
        reports.append(
            IntelligenceEvidence(
                intel_id=f"{_AGENCIES[i % 6]}/I-{i}",
                agency=_AGENCIES[i % 6],
                reported_at=start + timedelta(seconds=rng.randrange(span)),
                category=rng.choice(_CATEGORIES),
                source_evaluation=se,
                intelligence_assessment=ia,
                grading=f"{se or '?'}{ia or '?'}P",
                person_ids=sorted(set(named)),
                location_ids=locs,
                phones=[rng.choice(group_phones[g])] if rng.random() < 0.10 else [],
                vehicles=[rng.choice(group_cars[g])] if rng.random() < 0.06 else [],
                accounts=[rng.choice(group_accounts[g])] if rng.random() < 0.06 else [],
            )
        )
    eps = []
    for i in range(episodes):
        child = rng.choice(young)
        gone = start + timedelta(seconds=rng.randrange(span))
        back = gone + timedelta(hours=rng.uniform(2, 72)) if rng.random() < 0.98 else None
        eps.append(
            EpisodeEvidence(
                episode_id=f"police/M-{i}",
                agency="police",
                person_id=child,
                reported_missing_at=gone,
                returned_at=back,
                found_location_id=rng.choice(loc_ids) if back and rng.random() < 0.5 else None,
                missing_with=[rng.choice(young)] if rng.random() < 0.1 else [],
                rhi_offered_at=back + timedelta(hours=rng.uniform(1, 120)) if back else None,
                rhi_completed_at=back + timedelta(days=5) if back and rng.random() < 0.6 else None,
                rhi_declined=rng.random() < 0.1 if back else None,
            )
        )
    return EvidenceSet(persons=people, locations=locations, intelligence=reports, episodes=eps)
