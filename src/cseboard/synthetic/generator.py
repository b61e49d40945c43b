"""Runs a generation: shard by shard, world → events → agency rows → files, then truth.

Every random stream is derived from the seed and a fixed label, never from global state, so the
same seed, scale and as-of date give byte-identical files.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from cseboard.models.exchange import (
    IntelligenceRow,
    LocationRow,
    MissingEpisodeRow,
    PersonRow,
    SsdMissingRow,
    SsdPersonRow,
)
from cseboard.models.values import LONDON
from cseboard.synthetic.corrupt import (
    corrupt,
    field_reasons_for,
    plant_field_problem,
    reasons_for,
)
from cseboard.synthetic.gradings import Grader
from cseboard.synthetic.identifiers import AGENCIES, NhsNumbers, Phones, RefBook
from cseboard.synthetic.intel import IntelPlanner
from cseboard.synthetic.missing import plan_missing
from cseboard.synthetic.plan import Counters, World, build_world
from cseboard.synthetic.profiles import write_profiles
from cseboard.synthetic.records import Registry
from cseboard.synthetic.rows import RowMaker
from cseboard.synthetic.scales import ScaleSpec, resolve_scale
from cseboard.synthetic.styles import SSD_STYLE, STYLES, AgencyStyle
from cseboard.synthetic.timeline import Timeline
from cseboard.synthetic.truth import TruthWriter
from cseboard.synthetic.writers import TableWriter

__all__ = [
    "FIELD_PROBLEM_SHARE",
    "INVALID_SHARE",
    "GenerationSummary",
    "ProgressCallback",
    "generate",
]

ProgressCallback = Callable[[str, int, int], None]
INVALID_SHARE = 0.01
"""Share of rows followed by a broken copy (rejected by the import)."""
FIELD_PROBLEM_SHARE = 0.015
"""Share of real rows with one invalid optional field or unknown word (they land)."""
_FIRST_PROBLEM_AFTER = 5
"""Every file with at least this many rows carries a field problem, even a small one."""
CSC = "childrens_social_care"
_COLUMNS: dict[str, tuple[str, ...]] = {
    "people": PersonRow.columns,
    "locations": LocationRow.columns,
    "intelligence": IntelligenceRow.columns,
    "missing_episodes": MissingEpisodeRow.columns,
    "ssd_person": SsdPersonRow.columns,
    "ssd_missing": SsdMissingRow.columns,
}
_ID_COLUMN = {"ssd_person": "pers_person_id", "ssd_missing": "miss_table_id"}
_REF_TYPE = {"ssd_person": "people", "ssd_missing": "missing_episodes"}


class GenerationSummary(BaseModel):
    """What a generation wrote, for the CLI to print and tests to check.

    ``rows`` counts valid rows per agency and record type (those with a field problem
    included); invalid (rejected) rows are counted apart. ``profiles`` are the import profiles
    written beside the agency folders (``partners/<agency>.toml``).
    """

    scale: str
    seed: int
    as_of: date
    out_dir: str
    files: list[str]
    truth: str
    rows: dict[str, dict[str, int]]
    invalid_rows: int
    invalid_by_reason: dict[str, int]
    field_problems: int
    field_problems_by_reason: dict[str, int]
    profiles: list[str]
    unresolved_refs: int
    young_people: int
    associates: int
    locations: int
    groups: int
    intelligence: int
    intelligence_planted: int
    missing_episodes: int


def _derive(seed: int, *labels: object) -> int:
    text = "|".join([str(seed), *map(str, labels)])
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class _Run:
    def __init__(self, spec: ScaleSpec, seed: int, out_dir: Path, as_of: date,
                 progress: ProgressCallback | None) -> None:
        self.spec, self.seed, self.out, self.as_of = spec, seed, out_dir, as_of
        self.progress = progress
        self.timeline = Timeline(as_of)
        self.grader = Grader(self.timeline.end)
        self.refs = RefBook(self.rng("refs"))
        self.nhs = NhsNumbers(self.rng("nhs"))
        self.phones = Phones(self.rng("phones"))
        self.bad_rng = self.rng("invalid")
        self.field_rng = self.rng("field-problems")
        self.field_reasons: Counter[str] = Counter()
        self.counters = Counters(group_width=max(2, len(str(spec.total("groups")))))
        self.writers: dict[tuple[str, str], TableWriter] = {}
        self.last: dict[tuple[str, str], tuple[dict[str, str], datetime | None]] = {}
        self.reasons: Counter[str] = Counter()
        self.truth = TruthWriter(out_dir)
        self.totals: Counter[str] = Counter()

    def rng(self, *labels: object) -> random.Random:
        return random.Random(_derive(self.seed, *labels))

    def _tick(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(stage, min(done, total), total)

    # -- output ----------------------------------------------------------------------------

    def _style(self, agency: str, record_type: str) -> AgencyStyle:
        return SSD_STYLE if record_type in _ID_COLUMN else STYLES[agency]

    def _writer(self, agency: str, record_type: str) -> TableWriter:
        key = (agency, record_type)
        writer = self.writers.get(key)
        if writer is None:
            writer = TableWriter(self.out, agency, record_type, _COLUMNS[record_type],
                                 self._style(agency, record_type))
            self.writers[key] = writer
        return writer

    def emit(self, agency: str, record_type: str, row: dict[str, str],
             when: datetime | None = None) -> int:
        """Write a real row (now and then with an optional-field problem) and, now and then, a
        broken copy of it just after."""
        writer = self._writer(agency, record_type)
        clean = row
        reason = self._field_problem(writer, row)
        planted: tuple[str, str] | None = None
        if reason is not None:
            row = dict(row)
            planted = plant_field_problem(record_type, reason, row, self.field_rng,
                                          as_of=self.as_of,
                                          style=self._style(agency, record_type))
        line = writer.write(row)
        if reason is not None and planted is not None:
            writer.field_problems += 1
            self.field_reasons[reason] += 1
            self.truth.field_problems.append({
                "file": writer.relative, "line": line, "column": planted[0],
                "reason": reason, "outcome": planted[1],
            })
        self.last[(agency, record_type)] = (clean, when)
        if self.bad_rng.random() < INVALID_SHARE:
            self._plant_invalid(writer, clean, when)
        return line

    def _field_problem(self, writer: TableWriter, row: dict[str, str]) -> str | None:
        """Which optional-field problem to plant on this real row, if any (least used first)."""
        due = writer.field_problems == 0 and writer.rows >= _FIRST_PROBLEM_AFTER
        if not due and self.field_rng.random() >= FIELD_PROBLEM_SHARE:
            return None
        options = field_reasons_for(writer.record_type, writer.agency, row)
        if not options:
            return None
        fewest = min(self.field_reasons[r] for r in options)
        return self.field_rng.choice([r for r in options if self.field_reasons[r] == fewest])

    def _plant_invalid(self, writer: TableWriter, row: dict[str, str],
                       when: datetime | None) -> None:
        rng, agency, record_type = self.bad_rng, writer.agency, writer.record_type
        copy = dict(row)
        ref_type = _REF_TYPE.get(record_type, record_type)
        year = when.year if when else self.as_of.year
        copy[_ID_COLUMN.get(record_type, "source_ref")] = self.refs.next(agency, ref_type, year)
        # least-used reason first, so even a town-sized set carries every kind of mistake
        options = reasons_for(record_type, agency)
        fewest = min(self.reasons[r] for r in options)
        reason = rng.choice([r for r in options if self.reasons[r] == fewest])
        column = corrupt(record_type, reason, copy, rng, as_of=self.as_of, when=when,
                         style=self._style(agency, record_type))
        line = writer.write(copy)
        writer.invalid += 1
        self.reasons[reason] += 1
        self.truth.invalid_rows.append(
            {"file": writer.relative, "line": line, "column": column, "reason": reason}
        )

    # -- one shard -------------------------------------------------------------------------

    def shard(self, index: int) -> None:
        spec, tl = self.spec, self.timeline
        self._tick("world", index, spec.shards)
        world = build_world(spec, index, self.rng("world", index), self.counters, self.nhs,
                            self.phones, self.as_of)
        registry = Registry(self.refs, self.rng("records", index), self.as_of)
        registry.enrol(world)
        maker = RowMaker(registry, self.refs, self.rng("rows", index))

        planner = IntelPlanner(world, self.rng("intel", index), tl, self.grader, self.phones,
                               spec.intelligence)
        total = planner.total * spec.shards
        done = planner.total * index
        for event in planner.events():
            row, phantom = maker.intel(event)
            line = self.emit(event.agency, "intelligence", row, event.when)
            if phantom is not None:
                self.truth.unresolved_refs.append({
                    "file": self._writer(event.agency, "intelligence").relative, "line": line,
                    "agency": event.agency, "ref": phantom,
                })
            self.totals["intelligence_planted"] += event.planted
            self.totals["intelligence_false_links"] += event.grading[1] in {"E", "5"}
            done += 1
            if done % 5000 == 0:
                self._tick("intelligence", done, total)
        self._tick("intelligence", done, total)

        episodes = plan_missing(world, self.rng("missing", index), tl, spec.missing_episodes)
        self.totals["missing_episodes"] += len(episodes)
        total = len(episodes) * spec.shards
        for number, episode in enumerate(episodes, start=len(episodes) * index + 1):
            for agency, row in maker.missing(episode):
                self.emit(agency, "missing_episodes", row, episode.start)
                if agency == CSC:
                    self.emit(CSC, "ssd_missing", maker.ssd_missing(episode, row), episode.start)
            if number % 2000 == 0:
                self._tick("missing", number, total)
        self._tick("missing", len(episodes) * (index + 1), total)

        self._close_gaps(world, registry)
        self._tick("records", index, spec.shards)
        for agency in AGENCIES:
            for row in registry.location_rows(agency):
                self.emit(agency, "locations", row)
            for row in registry.person_rows(agency):
                self.emit(agency, "people", row)
        for row in registry.ssd_person_rows():
            self.emit(CSC, "ssd_person", row)
        self._shard_truth(world)
        self._tick("records", index + 1, spec.shards)

    def _close_gaps(self, world: World, registry: Registry) -> None:
        """Everyone and everywhere in the world is known to at least one agency."""
        for place in world.places:
            if not place.records:
                registry.place_ref(place, "police")
        for person in world.young_people:
            if not person.records:
                young = _age(person.dob, self.as_of) <= 16
                registry.person_ref(person, "education" if young else "health")
        for person in world.associates:
            if not person.records:
                registry.person_ref(person, "police")

    def _shard_truth(self, world: World) -> None:
        truth = self.truth
        for person in sorted(world.young_people + world.associates, key=lambda p: p.pid):
            records = [
                {"agency": agency, "source_ref": ref}
                for agency in AGENCIES for ref in person.records.get(agency, ())
            ]
            if not records:
                continue
            self.totals[person.role] += 1
            truth.add("people", {
                "role": person.role, "group": person.group, "organiser": person.organiser,
                "records": records,
            }, key=person.pid)
            if len(records) > 1:
                truth.add("same_person", records)
        hotspots: list[dict[str, Any]] = []
        for place in sorted(world.places, key=lambda p: p.lid):
            records = [
                {"agency": agency, "source_ref": place.records[agency]}
                for agency in AGENCIES if agency in place.records
            ]
            self.totals["locations"] += 1
            truth.add("locations", {
                "kind": place.kind, "name": place.name, "postcode": place.postcode,
                "group": place.group, "hotspot": place.hotspot, "busy": place.busy,
                "records": records,
            }, key=place.lid)
            if place.hotspot is not None:
                self.totals["hotspots"] += 1
                hotspots.append({
                    "location": place.hotspot, "location_id": place.lid, "kind": place.kind,
                    "group_id": place.group, "records": records,
                })
        for spot in sorted(hotspots, key=lambda h: str(h["location"])):
            truth.add("hotspots", spot)
        for g in world.groups:
            self.totals["groups"] += 1
            truth.add("groups", {
                "group_id": g.gid,
                "town": world.towns[g.town].name,
                "young_people": sorted(p.pid for p in g.young_people),
                "organisers": sorted(p.pid for p in g.organisers),
                "associates": sorted(p.pid for p in g.associates),
                "locations": [
                    {"agency": agency, "source_ref": place.records[agency]}
                    for place in g.places for agency in AGENCIES if agency in place.records
                ],
                "hotspots": [place.hotspot for place in g.places],
                "vehicles": [g.vrm],
                "phones": list(g.phones),
                "online_accounts": list(g.accounts),
                "active_from": g.start.date().isoformat(),
                "active_to": g.end.date().isoformat(),
            })

    # -- whole run -------------------------------------------------------------------------

    def _ensure_invalid(self) -> None:
        """Even a small file carries at least one bad row, so every reader path is exercised."""
        for key in sorted(self.writers):
            writer = self.writers[key]
            if writer.invalid == 0 and key in self.last:
                row, when = self.last[key]
                self._plant_invalid(writer, row, when)

    def run(self) -> GenerationSummary:
        try:
            for index in range(self.spec.shards):
                self.shard(index)
            self._ensure_invalid()
        except BaseException:
            for writer in self.writers.values():
                writer.close()
            self.truth.discard()
            raise
        for writer in self.writers.values():
            writer.close()
        rows: dict[str, dict[str, int]] = {}
        for (agency, record_type), writer in sorted(self.writers.items()):
            rows.setdefault(agency, {})[record_type] = writer.rows - writer.invalid
        intelligence = sum(r.get("intelligence", 0) for r in rows.values())
        counts: dict[str, Any] = {
            "young_people": self.totals["young_person"],
            "associates": self.totals["associate"],
            "locations": self.totals["locations"],
            "groups": self.totals["groups"],
            "hotspots": self.totals["hotspots"],
            "intelligence": intelligence,
            "intelligence_planted": self.totals["intelligence_planted"],
            "intelligence_false_links": self.totals["intelligence_false_links"],
            "missing_episodes": self.totals["missing_episodes"],
            "missing_episode_rows": sum(r.get("missing_episodes", 0) for r in rows.values()),
            "invalid_rows": len(self.truth.invalid_rows),
            "field_problems": len(self.truth.field_problems),
            "unresolved_refs": len(self.truth.unresolved_refs),
            "rows": rows,
        }
        header = {"scale": self.spec.name, "seed": self.seed, "as_of": self.as_of.isoformat(),
                  "agencies": list(AGENCIES)}
        self._tick("truth", 0, 1)
        truth_path = self.truth.finish(header, counts)
        self._tick("truth", 1, 1)
        profiles = write_profiles(self.out, [STYLES[a] for a in AGENCIES])
        files = sorted([*(w.relative for w in self.writers.values()), *profiles])
        return GenerationSummary(
            scale=self.spec.name, seed=self.seed, as_of=self.as_of, out_dir=str(self.out),
            files=[*files, truth_path.name], truth=str(truth_path), rows=rows,
            invalid_rows=counts["invalid_rows"],
            invalid_by_reason=dict(sorted(self.reasons.items())),
            field_problems=counts["field_problems"],
            field_problems_by_reason=dict(sorted(self.field_reasons.items())),
            profiles=profiles,
            unresolved_refs=counts["unresolved_refs"], young_people=counts["young_people"],
            associates=counts["associates"], locations=counts["locations"],
            groups=counts["groups"], intelligence=intelligence,
            intelligence_planted=counts["intelligence_planted"],
            missing_episodes=counts["missing_episodes"],
        )


def generate(
    scale: Literal["town", "region", "national"] | str,
    seed: int,
    out_dir: Path,
    *,
    as_of: date | None = None,
    progress: ProgressCallback | None = None,
) -> GenerationSummary:
    """Write a synthetic partner data set with planted networks and its ``truth.json``.

    ``scale`` is ``town``, ``region`` or ``national``. ``as_of`` (default: today in London) is the
    day the data is 'exported': every time in it is before that day's midnight. Existing files of
    the same names in ``out_dir`` are overwritten.
    """
    spec = resolve_scale(scale)
    day = as_of or datetime.now(LONDON).date()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return _Run(spec, seed, out, day, progress).run()
