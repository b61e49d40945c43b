"""Intelligence events: planted group reports, background noise and false (E-graded) links.

Events come out in time order (planted ones held in memory, noise generated on the fly at sorted
times) so each agency's reference numbers rise with the date, as in a real system, without
holding a region's 200,000 reports in memory.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime
from itertools import accumulate

from cseboard.models.codes import LocationKind
from cseboard.synthetic.events import IntelEvent
from cseboard.synthetic.gradings import Grader
from cseboard.synthetic.identifiers import Phones, format_phone, format_vrm, handle, vrm
from cseboard.synthetic.plan import Group, Person, Place, World
from cseboard.synthetic.timeline import Timeline
from cseboard.synthetic.vocabulary import CARS, NOISE, PLANTED, SPECIAL_SUMMARIES, fill, pick

__all__ = ["IntelPlanner"]

K = LocationKind
_PLANTED_AGENCIES = ("police", "education", "health", "third_sector", "youth_offending",
                     "childrens_social_care")
_PLANTED_AGENCY_W = (55, 10, 8, 12, 5, 10)
_SINGLE_AGENCIES = ("police", "education", "health", "childrens_social_care", "youth_offending",
                    "third_sector")
_SINGLE_AGENCY_W = (45, 20, 12, 8, 6, 9)
_PLAIN_CATEGORIES = ("sighting", "association", "gifts_money_substances", "location_of_concern",
                     "disclosure", "missing_related")
_PLAIN_W = (30, 20, 15, 12, 8, 15)
_POLICE_PLACES = (K.TRANSPORT_HUB, K.PARK, K.SHOP, K.TAKEAWAY, K.OTHER, K.SCHOOL)
_POLICE_PLACES_W = (25, 20, 20, 15, 10, 10)
_OPEN_PLACES = (K.PARK, K.SHOP, K.TAKEAWAY, K.TRANSPORT_HUB, K.OTHER, K.HOTEL,
                K.ONLINE_MEETING_POINT)
_OPEN_PLACES_W = (25, 20, 20, 12, 12, 6, 5)
_HOURS = ("8pm", "9pm", "10pm", "11pm", "midnight", "1am", "2am")
# Where the awkward summaries go: every agency gets some, police gets all of them.
_SPECIALS_FOR = {
    "police": tuple(range(len(SPECIAL_SUMMARIES))),
    "education": (2, 1, 3),
    "third_sector": (2, 8, 9, 7),
    "health": (3, 4),
    "youth_offending": (0, 5),
    "childrens_social_care": (2, 6),
}
_SPECIAL_EVERY = 37
UNRESOLVED_SHARE = 0.005
# Drama-range numbers are scarce (17,000): background reports get a fixed share per shard, so
# national scale never runs out and no number is reused to link unrelated children.
NOISE_PHONES_PER_SHARD = 1000


class IntelPlanner:
    """Plans one shard's intelligence: how many reports of each kind, and then each report."""

    def __init__(
        self, world: World, rng: random.Random, timeline: Timeline, grader: Grader,
        phones: Phones, target: int,
    ) -> None:
        self.world, self.rng, self.timeline, self.grader, self.phones = (
            world, rng, timeline, grader, phones
        )
        self.planted_events = self._plant_all()
        self.n_false = max(4, len(world.groups) // 3) if len(world.groups) > 1 else 0
        self.n_noise = max(0, target - len(self.planted_events) - self.n_false)
        self.noise_adults = [p for p in world.associates if p.group is None]
        self.adult_queue = list(self.noise_adults)
        self.by_town: dict[int, list[Person]] = {}
        for p in world.young_people:
            self.by_town.setdefault(p.town, []).append(p)
        # a few children are reported on far more often than most, as in real caseloads
        self.cum_activity = list(
            accumulate(rng.lognormvariate(0, 0.8) for _ in world.young_people)
        )
        self.special_count = dict.fromkeys(_SPECIALS_FOR, 0)
        self.special_queue = {a: list(ix) for a, ix in _SPECIALS_FOR.items()}
        self.peer_repeat: list[tuple[Person, Person]] = []
        self.phones_left = NOISE_PHONES_PER_SHARD

    @property
    def total(self) -> int:
        return len(self.planted_events) + self.n_false + self.n_noise

    # -- planted ---------------------------------------------------------------------------

    def _ctx(self, place: Place | None, g: Group | None, adults: list[Person],
             vrms: list[str], phones: list[str], accounts: list[str]) -> dict[str, str]:
        rng = self.rng
        ctx: dict[str, str] = {"hour": rng.choice(_HOURS)}
        if place is not None:
            ctx["place"] = place.name
        if vrms:
            ctx["vrm"] = format_vrm(vrms[0], rng.randrange(3))
        ctx["car"] = g.car if g is not None else rng.choice(CARS)
        if phones:
            ctx["phone"] = format_phone(phones[0], rng.randrange(4))
        if accounts:
            platform, name = accounts[0].split(":", 1)
            ctx["platform"], ctx["handle"] = platform.capitalize(), name
        # templates say "an older male known as ...", so only men's street names are used there
        aliases = [a.alias for a in adults if a.alias and a.sex == "M"]
        if aliases:
            ctx["alias"] = aliases[0]
        return ctx

    def _planted_event(
        self, g: Group, agency: str, yps: list[Person], adults: list[Person], when: datetime,
        *, place_share: float, vrm_share: float,
    ) -> IntelEvent:
        rng = self.rng
        place = rng.choice(g.places) if rng.random() < place_share else None
        vrms = [g.vrm] if rng.random() < vrm_share else []
        phones = [rng.choice(g.phones)] if rng.random() < 0.2 else []
        accounts = [rng.choice(g.accounts)] if g.accounts and rng.random() < 0.12 else []
        if accounts:
            category = "online_contact"
        elif phones:
            category = "phone_or_device"
        elif vrms and rng.random() < 0.6:
            category = "vehicle"
        else:
            category = rng.choices(_PLAIN_CATEGORIES, weights=_PLAIN_W)[0]
        ctx = self._ctx(place, g, adults, vrms, phones, accounts)
        summary = fill(rng, PLANTED[category], ctx)
        return IntelEvent(
            agency=agency, when=when, category=category, summary=summary,
            grading=self.grader.planted(rng, agency, when), people=[*yps, *adults],
            places=[place] if place else [], vrms=vrms, phones=phones, accounts=accounts,
            planted=True,
        )

    def _plant_group(self, g: Group) -> list[IntelEvent]:
        rng, tl = self.rng, self.timeline
        events: list[IntelEvent] = []
        # Each organiser is seen with at least three of the group's young people.
        for org in g.organisers:
            k = min(len(g.young_people), rng.randint(3, 5))
            for yp in rng.sample(g.young_people, k):
                when = tl.between(g.start, g.end, rng)
                events.append(self._planted_event(
                    g, "police", [yp], [org], when, place_share=0.9, vrm_share=0.4
                ))
        adults_all = g.organisers + g.associates
        adult_w = [3.0] * len(g.organisers) + [1.0] * len(g.associates)
        for _ in range(20 + 4 * len(g.young_people)):
            agency = rng.choices(_PLANTED_AGENCIES, weights=_PLANTED_AGENCY_W)[0]
            when = tl.between(g.start, g.end, rng)
            n_yp = min(len(g.young_people), rng.choice((1, 1, 2, 2, 3)))
            yps = rng.sample(g.young_people, n_yp)
            if agency == "police":
                n_adult = rng.choice((0, 1, 1, 2))
                place_share, vrm_share = 0.8, 0.35
            else:
                n_adult = 1 if rng.random() < 0.3 else 0
                place_share, vrm_share = 0.5, 0.2
            adults: list[Person] = []
            for _ in range(n_adult):
                pick = rng.choices(adults_all, weights=adult_w)[0]
                if pick not in adults:
                    adults.append(pick)
            events.append(self._planted_event(
                g, agency, yps, adults, when, place_share=place_share, vrm_share=vrm_share
            ))
        return events

    def _plant_all(self) -> list[IntelEvent]:
        events: list[IntelEvent] = []
        for g in self.world.groups:
            events.extend(self._plant_group(g))
        return events

    def _false_links(self) -> list[IntelEvent]:
        rng, groups = self.rng, self.world.groups
        events: list[IntelEvent] = []
        for _ in range(self.n_false):
            a, b = rng.sample(groups, 2)
            yp = rng.choice(a.young_people)
            org = rng.choice(b.organisers)
            place = rng.choice(b.places) if rng.random() < 0.5 else None
            agency = rng.choices(("police", "third_sector", "education"), weights=(6, 3, 1))[0]
            when = self.timeline.background(rng)
            ctx = self._ctx(place, None, [org], [], [], [])
            category, summary = pick(rng, NOISE["false_link"], ctx)
            events.append(IntelEvent(
                agency=agency, when=when, category=category, summary=summary,
                grading=self.grader.false(rng, agency, when), people=[yp, org],
                places=[place] if place else [],
            ))
        return events

    # -- noise -----------------------------------------------------------------------------

    def _young(self) -> Person:
        return self.rng.choices(self.world.young_people, cum_weights=self.cum_activity)[0]

    def _noise(self, kind: str, agency: str, when: datetime, people: list[Person],
               place: Place | None, **objects: list[str]) -> IntelEvent:
        rng = self.rng
        ctx = self._ctx(place, None, [p for p in people if p.role == "associate"],
                        objects.get("vrms", []), objects.get("phones", []),
                        objects.get("accounts", []))
        category, summary = pick(rng, NOISE[kind], ctx)
        return IntelEvent(
            agency=agency, when=when, category=category, summary=summary,
            grading=self.grader.noise(rng, agency, when), people=people,
            places=[place] if place else [], vrms=objects.get("vrms", []),
            phones=objects.get("phones", []), accounts=objects.get("accounts", []),
            unresolved=bool(people) and rng.random() < UNRESOLVED_SHARE,
        )

    def _single(self, when: datetime) -> IntelEvent:
        rng, world = self.rng, self.world
        agency = rng.choices(_SINGLE_AGENCIES, weights=_SINGLE_AGENCY_W)[0]
        yp = self._young()
        place: Place | None = None
        if agency == "police":
            if rng.random() < 0.7:
                kind = rng.choices(_POLICE_PLACES, weights=_POLICE_PLACES_W)[0]
                place = world.place(rng, yp.town, kind)
        elif agency == "education":
            place = yp.school if rng.random() < 0.5 else None
        elif agency == "childrens_social_care":
            place = world.place(rng, yp.town, rng.choice((K.SHOP, K.PARK, K.OTHER)))
        elif agency != "health" and rng.random() < 0.5:
            place = world.place(rng, yp.town, rng.choice((K.OTHER, K.PARK, K.TRANSPORT_HUB)))
        return self._noise(agency, agency, when, [yp], place)

    def _peers(self, when: datetime) -> IntelEvent:
        rng = self.rng
        if self.peer_repeat and rng.random() < 0.3:
            a, b = self.peer_repeat.pop(rng.randrange(len(self.peer_repeat)))
        else:
            a = self._young()
            b = rng.choice(self.by_town[a.town])
            if b is a:
                b = rng.choice(self.world.young_people)
            if rng.random() < 0.4:
                self.peer_repeat.append((a, b))
        agency = rng.choices(("police", "education", "third_sector", "youth_offending"),
                             weights=(5, 3, 1, 1))[0]
        place = self.world.place(rng, a.town, rng.choices(_OPEN_PLACES, weights=_OPEN_PLACES_W)[0])
        return self._noise("peers", agency, when, [a, b] if a is not b else [a], place)

    def _place_only(self, when: datetime) -> IntelEvent:
        rng = self.rng
        agency = rng.choices(("police", "third_sector", "education", "childrens_social_care"),
                             weights=(14, 3, 2, 1))[0]
        town = rng.randrange(len(self.world.towns))
        place = self.world.place(rng, town, rng.choices(_OPEN_PLACES, weights=_OPEN_PLACES_W)[0])
        return self._noise("place_only", agency, when, [], place)

    def _adult_once(self, when: datetime) -> IntelEvent:
        rng = self.rng
        # every background adult is reported at least once before any is reported twice
        adult = self.adult_queue.pop() if self.adult_queue else rng.choice(self.noise_adults)
        people = [adult]
        if rng.random() < 0.5:
            people.append(self._young())
        agency = rng.choices(("police", "education", "third_sector"), weights=(17, 2, 1))[0]
        kind = rng.choices(_OPEN_PLACES, weights=_OPEN_PLACES_W)[0]
        place = self.world.place(rng, adult.town, kind)
        vrms = [vrm(rng)] if rng.random() < 0.3 else []
        return self._noise("adult_once", agency, when, people, place, vrms=vrms)

    def _device_once(self, when: datetime) -> IntelEvent:
        rng = self.rng
        agency = rng.choices(("police", "education", "third_sector"), weights=(2, 2, 1))[0]
        if self.phones_left and rng.random() < 0.5:
            self.phones_left -= 1
            return self._noise("device_once", agency, when, [self._young()], None,
                               phones=[self.phones.next()])
        return self._noise("device_once", agency, when, [self._young()], None,
                           accounts=[handle(rng)])

    def _special(self, event: IntelEvent) -> None:
        """Swap in an awkward summary every so often, so each agency's file carries some."""
        agency = event.agency
        count = self.special_count[agency] = self.special_count[agency] + 1
        queue = self.special_queue[agency]
        if queue and count % _SPECIAL_EVERY == 11:
            event.summary = SPECIAL_SUMMARIES[queue.pop(0)]

    def events(self) -> Iterator[IntelEvent]:
        """All of the shard's reports, oldest first."""
        rng = self.rng
        planted = self.planted_events + self._false_links()
        planted.sort(key=lambda e: e.when)
        n_adult = min(self.n_noise // 4, int(1.4 * len(self.noise_adults)) + 1)
        kinds = ["adult"] * n_adult
        rest = self.n_noise - n_adult
        shares = (("single", 0.78), ("peers", 0.1), ("place_only", 0.07), ("device", 0.05))
        for kind, share in shares:
            kinds.extend([kind] * round(rest * share))
        kinds = kinds[: self.n_noise]
        kinds.extend(["single"] * (self.n_noise - len(kinds)))
        rng.shuffle(kinds)
        times = sorted(self.timeline.background(rng) for _ in kinds)
        makers = {"single": self._single, "peers": self._peers, "place_only": self._place_only,
                  "adult": self._adult_once, "device": self._device_once}
        index = 0
        for kind, when in zip(kinds, times, strict=True):
            while index < len(planted) and planted[index].when <= when:
                yield planted[index]
                index += 1
            event = makers[kind](when)
            self._special(event)
            yield event
        yield from planted[index:]

