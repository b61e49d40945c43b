"""Missing episodes: group members missing together and found at the group's places, and the
ordinary single or repeated episodes of children in no group.

Repeat missing is heavy-tailed (a few children account for many episodes), as in real returns,
so 'share of episodes from the 20 most-missing children' has something to show.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from cseboard.models.codes import LocationKind
from cseboard.synthetic.events import MissingEvent
from cseboard.synthetic.plan import Group, Person, Place, World
from cseboard.synthetic.timeline import Timeline

__all__ = ["plan_missing"]

K = LocationKind
_FOUND_KINDS = (K.TRANSPORT_HUB, K.PARK, K.SHOP, K.HOME_ADDRESS, K.OTHER, K.TAKEAWAY)
_FOUND_W = (25, 20, 15, 25, 10, 5)


class _Planner:
    def __init__(self, world: World, rng: random.Random, timeline: Timeline) -> None:
        self.world, self.rng, self.tl = world, rng, timeline

    def _rhi(self, end: datetime | None, rhi_by: str | None) -> tuple[
        datetime | None, datetime | None, bool | None
    ]:
        rng, tl = self.rng, self.tl
        if end is None or rhi_by is None:
            return None, None, None
        r = rng.random()
        if r < 0.75:
            offered = end + timedelta(hours=rng.uniform(2, 60))
        elif r < 0.85:
            offered = end + timedelta(hours=rng.uniform(73, 240))
        else:
            return None, None, None
        offered_at = tl.clip(offered.replace(second=0, microsecond=0))
        if offered_at is None:
            return None, None, None
        r = rng.random()
        if r < 0.6:
            done = tl.clip((offered_at + timedelta(hours=rng.uniform(1, 120))).replace(second=0))
            return offered_at, done, None
        if r < 0.85:
            return offered_at, None, True
        return offered_at, None, None

    def episode(
        self, person: Person, start: datetime, hours: float, found: Place | None,
        with_people: list[Person], risk: str,
    ) -> MissingEvent:
        rng, tl = self.rng, self.tl
        start = min(start, tl.end - timedelta(hours=1))
        end = tl.clip(start + timedelta(hours=hours))
        if end is not None:
            end = end.replace(second=0, microsecond=0)
        school_hours = start.weekday() < 5 and 8 <= start.hour < 15
        if person.looked_after:
            missing_from = "care_placement"
        elif school_hours and rng.random() < 0.3:
            missing_from = "school"
        else:
            missing_from = "home"
        absence = "A" if rng.random() < (0.3 if person.looked_after else 0.08) else "M"
        agencies = ["police"] if rng.random() < 0.97 else []
        known_to_csc = person.looked_after or "childrens_social_care" in person.records
        if known_to_csc:
            agencies.append("childrens_social_care")
        if missing_from == "school":
            agencies.append("education")
        rhi_by: str | None = None
        if person.looked_after:
            rhi_by = "childrens_social_care"
        elif rng.random() < 0.6:
            rhi_by = "third_sector"
            agencies.append("third_sector")
        elif known_to_csc:
            rhi_by = "childrens_social_care"
        if not agencies:
            agencies.append("police")
        offered, completed, declined = self._rhi(end, rhi_by)
        return MissingEvent(
            person=person, start=start, end=end, missing_from=missing_from, absence=absence,
            police_risk=risk, found=found if end is not None else None,
            with_people=with_people, agencies=tuple(agencies), rhi_by=rhi_by,
            rhi_offered_at=offered, rhi_completed_at=completed, rhi_declined=declined,
        )

    def _group_risk(self) -> str:
        return self.rng.choices(("medium", "high", "low"), weights=(50, 35, 15))[0]

    def group(self, g: Group) -> list[MissingEvent]:
        rng, tl = self.rng, self.tl
        events: list[MissingEvent] = []
        yps = g.young_people
        for _ in range(max(2, round(len(yps) * 1.3))):
            members = rng.sample(yps, rng.randint(2, min(4, len(yps))))
            day = tl.between(g.start, g.end, rng)
            base = day.replace(hour=rng.randint(17, 23), minute=rng.randrange(60))
            found = rng.choice(g.places) if rng.random() < 0.7 else None
            hours = rng.uniform(4, 40)
            for m in members:
                start = base + timedelta(minutes=rng.randint(0, 120))
                others = [o for o in members if o is not m]
                if rng.random() < 0.2 and len(others) > 1:
                    others = rng.sample(others, len(others) - 1)
                events.append(self.episode(
                    m, start, hours + rng.uniform(-2, 3),
                    found if rng.random() < 0.85 else None, others, self._group_risk(),
                ))
        for m in yps:
            for _ in range(rng.randint(0, 4)):
                start = tl.between(g.start, g.end, rng)
                found = rng.choice(g.places) if rng.random() < 0.4 else None
                events.append(self.episode(m, start, rng.uniform(3, 48), found, [],
                                           self._group_risk()))
        return events

    def background(self, budget: int) -> list[MissingEvent]:
        rng, world, tl = self.rng, self.world, self.tl
        pool = [p for p in world.young_people if p.group is None]
        if budget <= 0 or not pool:
            return []
        cohort = rng.sample(pool, max(1, min(len(pool), budget // 3)))
        counts = [1] * len(cohort)
        weights = [rng.paretovariate(1.3) for _ in cohort]
        for index in rng.choices(range(len(cohort)), weights=weights, k=budget - len(cohort)):
            counts[index] += 1
        by_town: dict[int, list[Person]] = {}
        for p in cohort:
            by_town.setdefault(p.town, []).append(p)
        events: list[MissingEvent] = []
        for person, count in zip(cohort, counts, strict=True):
            for _ in range(count):
                found = None
                if rng.random() < 0.3:
                    kind = rng.choices(_FOUND_KINDS, weights=_FOUND_W)[0]
                    found = world.place(rng, person.town, kind)
                with_people: list[Person] = []
                if rng.random() < 0.08:
                    peer = rng.choice(by_town[person.town])
                    if peer is not person:
                        with_people.append(peer)
                hours = min(rng.lognormvariate(2.4, 0.8), 24 * 6)
                risk = rng.choices(("no_apparent_risk", "low", "medium", "high"),
                                   weights=(15, 45, 35, 5))[0]
                events.append(self.episode(
                    person, tl.background(rng), hours, found, with_people, risk
                ))
        return events


def plan_missing(
    world: World, rng: random.Random, timeline: Timeline, target: int
) -> list[MissingEvent]:
    """The shard's missing episodes, oldest first (about ``target`` of them)."""
    planner = _Planner(world, rng, timeline)
    events: list[MissingEvent] = []
    for g in world.groups:
        events.extend(planner.group(g))
    events.extend(planner.background(target - len(events)))
    events.sort(key=lambda e: e.start)
    return events
