"""The synthetic generator: deterministic, valid where truth says so, and planted as promised."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pydantic import BaseModel, ValidationError

from cseboard.ingest.profiles import RowMapper, load_profile
from cseboard.models.exchange import (
    IntelligenceRow,
    LocationRow,
    MissingEpisodeRow,
    PersonRow,
    SsdMissingRow,
    SsdPersonRow,
    validate_row,
)
from cseboard.models.values import LONDON
from cseboard.synthetic import FORBIDDEN_PHRASES, SCALES, generate

AS_OF = date(2025, 6, 30)
SEED = 7
MODELS: dict[str, type[BaseModel]] = {
    "people": PersonRow,
    "locations": LocationRow,
    "intelligence": IntelligenceRow,
    "missing_episodes": MissingEpisodeRow,
    "ssd_person": SsdPersonRow,
    "ssd_missing": SsdMissingRow,
}
Key = tuple[str, str]
M = TypeVar("M", bound=BaseModel)


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line where the row starts, row) for a partner CSV or JSON Lines file."""
    text = path.read_bytes().decode("utf-8-sig")
    if path.suffix == ".jsonl":
        for number, content in enumerate(text.split("\n"), start=1):
            if content:
                yield number, json.loads(content)
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        yield line, dict(zip(header, cells, strict=True))


def partner_files(root: Path) -> list[Path]:
    """The generated partner files (not the profiles folder, not truth)."""
    return sorted(
        p for p in root.rglob("*") if p.is_file() and p.suffix in {".csv", ".jsonl"}
    )


class Generated:
    """One town-scale generation, read as an import reads it (with each agency's profile),
    parsed once for all tests."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.truth: dict[str, Any] = json.loads((root / "truth.json").read_text("utf-8"))
        self.invalid = {(r["file"], r["line"]): r for r in self.truth["invalid_rows"]}
        self.problems = {(r["file"], r["line"]): r for r in self.truth["field_problems"]}
        self.valid: dict[str, list[tuple[str, int, dict[str, str], BaseModel]]] = defaultdict(list)
        self.failures: list[str] = []
        self.invalid_passed: list[str] = []
        self.note_mismatches: list[str] = []
        for path in partner_files(root):
            relative = path.relative_to(root).as_posix()
            model = MODELS[path.stem]
            profile = load_profile(root / "partners", path.parent.name)
            for line, raw in read_rows(path):
                row = RowMapper.for_type(profile, path.stem).apply(dict(raw))
                try:
                    parsed = validate_row(model, row)
                except ValidationError as error:
                    if (relative, line) not in self.invalid:
                        self.failures.append(f"{relative}:{line}: {error}")
                    continue
                if (relative, line) in self.invalid:
                    self.invalid_passed.append(f"{relative}:{line}")
                    continue
                self.valid[path.stem].append((relative, line, row, parsed))
                notes = {(n.column, n.outcome) for n in parsed.data_quality}
                planted = self.problems.get((relative, line))
                expected = {(planted["column"], planted["outcome"])} if planted else set()
                if notes != expected:
                    self.note_mismatches.append(f"{relative}:{line}: {notes} != {expected}")
        self.owner: dict[Key, str] = {}
        for pid, person in self.truth["people"].items():
            for record in person["records"]:
                self.owner[(record["agency"], record["source_ref"])] = pid

    def models(self, record_type: str, cls: type[M]) -> list[M]:
        found = [m for _, _, _, m in self.valid[record_type]]
        assert all(isinstance(m, cls) for m in found)
        return [m for m in found if isinstance(m, cls)]

    def refs(self, record_type: str) -> set[Key]:
        cls = PersonRow if record_type == "people" else LocationRow
        return {(m.agency, m.source_ref) for m in self.models(record_type, cls)}


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    root = tmp_path_factory.mktemp("town")
    generate("town", SEED, root, as_of=AS_OF)
    return Generated(root)


def test_same_seed_gives_identical_bytes(town: Generated, tmp_path: Path) -> None:
    stages: set[str] = set()
    generate("town", SEED, tmp_path, as_of=AS_OF, progress=lambda s, d, t: stages.add(s))
    first = sorted(p.relative_to(town.root) for p in town.root.rglob("*") if p.is_file())
    second = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert first == second
    for relative in first:
        assert (town.root / relative).read_bytes() == (tmp_path / relative).read_bytes(), relative
    assert {"intelligence", "missing", "truth"} <= stages


def test_other_seed_differs(town: Generated, tmp_path: Path) -> None:
    generate("town", SEED + 1, tmp_path, as_of=AS_OF)
    path = "police/intelligence.csv"
    assert (tmp_path / path).read_bytes() != (town.root / path).read_bytes()


def test_rows_not_listed_invalid_validate(town: Generated) -> None:
    assert town.failures == []


def test_rows_listed_invalid_fail_validation(town: Generated) -> None:
    assert town.invalid_passed == []
    reasons = {r["reason"] for r in town.truth["invalid_rows"]}
    assert reasons == {"bad_grading", "future_date", "missing_required", "returned_before_missing"}
    files = {p.relative_to(town.root).as_posix() for p in partner_files(town.root)}
    assert {r["file"] for r in town.truth["invalid_rows"]} == files
    total_rows = sum(len(v) for v in town.valid.values())
    assert 0.005 < len(town.invalid) / total_rows < 0.02


def test_field_problems_on_real_records_land_with_their_note(town: Generated) -> None:
    """Every planted optional-field problem lands with its note; no other row has one."""
    assert town.note_mismatches == []
    reasons = {r["reason"] for r in town.truth["field_problems"]}
    assert reasons == {
        "bad_nhs_number", "bad_postcode", "future_dob", "bad_coordinates", "bad_phone",
        "unknown_category", "unknown_word",
    }
    outcomes = {r["outcome"] for r in town.truth["field_problems"]}
    assert outcomes == {"field_dropped", "kept_as_other", "not_recorded"}
    files = {p.relative_to(town.root).as_posix() for p in partner_files(town.root)}
    assert {r["file"] for r in town.truth["field_problems"]} == files
    landed = {(f, line) for rows in town.valid.values() for f, line, _, _ in rows}
    assert set(town.problems) <= landed


def test_each_partner_has_its_own_words_and_a_profile_that_maps_them(town: Generated) -> None:
    police = (town.root / "police" / "intelligence.csv").read_text("utf-8").splitlines()[0]
    assert "urn" in police.split(",") and "source_ref" not in police.split(",")
    words = {
        read_row["intel_category"]
        for _, read_row in read_rows(town.root / "police" / "intelligence.csv")
    }
    assert {"phone", "online", "gifts"} <= words
    for agency in ("police", "health", "education", "youth_offending", "third_sector"):
        assert (town.root / "partners" / f"{agency}.toml").is_file()
    categories = {m.category for m in town.models("intelligence", IntelligenceRow)}
    assert {"phone_or_device", "online_contact", "gifts_money_substances"} <= categories


def test_counts_near_town_targets(town: Generated) -> None:
    spec, counts = SCALES["town"], town.truth["counts"]
    targets = {
        "young_people": spec.young_people, "associates": spec.associates,
        "locations": spec.locations, "intelligence": spec.intelligence,
        "missing_episodes": spec.missing_episodes, "groups": spec.groups,
    }
    for name, target in targets.items():
        assert abs(counts[name] - target) <= 0.2 * target, (name, counts[name], target)
    assert counts["intelligence"] == len(town.valid["intelligence"])
    roles = [p["role"] for p in town.truth["people"].values()]
    assert roles.count("young_person") == counts["young_people"]


def test_organisers_linked_to_three_young_people_of_their_group(town: Generated) -> None:
    together: dict[str, set[str]] = defaultdict(set)
    for _, _, _, model in town.valid["intelligence"]:
        assert isinstance(model, IntelligenceRow)
        if not model.grading.builds_links:
            continue
        named = {town.owner.get((model.agency, ref)) for ref in model.people} - {None}
        for pid in named:
            together[str(pid)].update(str(o) for o in named if o != pid)
    for group in town.truth["groups"]:
        assert 4 <= len(group["young_people"]) <= 10
        assert 1 <= len(group["organisers"]) <= 3
        for organiser in group["organisers"]:
            linked = together[organiser] & set(group["young_people"])
            assert len(linked) >= 3, (group["group_id"], organiser, linked)


def test_only_e_graded_reports_tie_an_organiser_to_another_group(town: Generated) -> None:
    people = town.truth["people"]
    false_links = 0
    for model in town.models("intelligence", IntelligenceRow):
        named = [people[pid] for r in model.people if (pid := town.owner.get((model.agency, r)))]
        groups = {p["group"] for p in named} - {None}
        organisers = {p["group"] for p in named if p["organiser"]}
        if organisers and len(groups) > 1:
            assert not model.grading.builds_links
            false_links += 1
    assert false_links >= 3


def test_references_resolve_within_the_agency(town: Generated) -> None:
    people, places = town.refs("people"), town.refs("locations")
    unresolved = {(u["agency"], u["ref"]) for u in town.truth["unresolved_refs"]}
    assert unresolved and not unresolved & people
    dangling: set[Key] = set()
    for _, _, _, model in town.valid["intelligence"]:
        assert isinstance(model, IntelligenceRow)
        dangling |= {(model.agency, r) for r in model.people} - people
        assert {(model.agency, r) for r in model.locations} <= places
    for _, _, _, model in town.valid["missing_episodes"]:
        assert isinstance(model, MissingEpisodeRow)
        refs = {(model.agency, r) for r in [model.person_ref, *model.missing_with]}
        assert refs <= people
        if model.found_location_ref:
            assert (model.agency, model.found_location_ref) in places
    assert dangling == unresolved
    csc = {ref for agency, ref in people if agency == "childrens_social_care"}
    for _, _, _, model in town.valid["ssd_missing"]:
        assert isinstance(model, SsdMissingRow)
        assert model.miss_la_person_id in csc
    intel_lines = {(r, line) for r, line, _, _ in town.valid["intelligence"]}
    for u in town.truth["unresolved_refs"]:
        assert (u["file"], u["line"]) in intel_lines


def test_truth_records_exist_and_same_person_sets(town: Generated) -> None:
    people = town.refs("people")
    for person in town.truth["people"].values():
        for record in person["records"]:
            assert (record["agency"], record["source_ref"]) in people
    multi = [p["records"] for p in town.truth["people"].values() if len(p["records"]) > 1]
    assert sorted(map(json.dumps, multi)) == sorted(map(json.dumps, town.truth["same_person"]))
    places = town.refs("locations")
    for spot in town.truth["hotspots"]:
        assert spot["records"]
        for record in spot["records"]:
            assert (record["agency"], record["source_ref"]) in places


def test_the_same_child_is_written_differently(town: Generated) -> None:
    rows = {(m.agency, m.source_ref): m for m in town.models("people", PersonRow)}
    first_names: set[tuple[str, ...]] = set()
    swapped = initials = 0
    for person in town.truth["people"].values():
        models = [rows[(r["agency"], r["source_ref"])] for r in person["records"]]
        names = {(m.first_name or "").lower() for m in models if m.first_name}
        if len(names) > 1:
            first_names.add(tuple(sorted(names))[:2])
        initials += any(m.first_name and len(m.first_name) == 1 for m in models)
        dobs = {m.date_of_birth for m in models if m.date_of_birth}
        swapped += any(
            d.day == o.month and d.month == o.day and d != o for d in dobs for o in dobs
        )
    assert len(first_names) >= 10
    assert initials >= 3
    assert swapped >= 1
    surnames = {m.last_name for m in rows.values() if m.last_name}
    assert any("-" in s for s in surnames)
    assert {"Smyth", "Smith"} & surnames


def test_nhs_numbers_only_from_health_and_social_care(town: Generated) -> None:
    holders = {m.agency for m in town.models("people", PersonRow) if m.nhs_number}
    assert holders == {"health", "childrens_social_care"}
    for _, _, _, model in town.valid["people"]:
        assert isinstance(model, PersonRow)
        assert model.nhs_number is None or model.nhs_number.startswith("999")


def test_summaries_use_the_controlled_vocabulary(town: Generated) -> None:
    summaries = [row["summary"] for _, _, row, _ in town.valid["intelligence"]]
    for summary in summaries:
        lowered = summary.lower()
        assert not any(phrase in lowered for phrase in FORBIDDEN_PHRASES), summary
    assert not any(s.startswith("Report recorded") for s in summaries)  # every template filled
    assert "x'}) DETACH DELETE n //" in summaries
    assert any(s.startswith("=HYPERLINK(") for s in summaries)
    assert any("\n" in s for s in summaries)
    assert any(s.startswith("+44") for s in summaries)
    assert any(s.startswith("@") for s in summaries)
    assert any('"' in s for s in summaries)


def test_partner_files_are_messy_like_real_exports(town: Generated) -> None:
    root = town.root
    assert (root / "health/people.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (root / "police/people.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (root / "education/intelligence.csv").read_bytes()
    assert b"\r\n" not in (root / "police/intelligence.csv").read_bytes()
    assert (root / "third_sector/intelligence.jsonl").is_file()
    assert not (root / "third_sector/intelligence.csv").exists()
    reported = [row["reported_at"] for _, _, row, _ in town.valid["intelligence"]]
    assert any("/" in r for r in reported) and any("-" in r for r in reported)
    yos = [row["people"] for _, _, row, _ in town.valid["intelligence"]
           if row["agency"] == "Youth Offending"]
    assert any("," in cell for cell in yos)
    kinds = {m.kind for m in town.models("locations", LocationRow)}
    assert {"school", "hotel", "takeaway", "park", "home_address", "transport_hub"} <= kinds
    for _, _, _, model in town.valid["locations"]:
        assert isinstance(model, LocationRow)
        assert model.postcode is None or model.postcode[0] in "XQJZ"


def test_times_fall_before_as_of_and_favour_recent_windows(town: Generated) -> None:
    end = datetime.combine(AS_OF, datetime.min.time(), tzinfo=LONDON)
    times = [m.reported_at for m in town.models("intelligence", IntelligenceRow)]
    assert max(times) < end
    assert min(times) > end - timedelta(days=5 * 365)
    last_30 = sum(t > end - timedelta(days=30) for t in times) / len(times)
    last_90 = sum(t > end - timedelta(days=90) for t in times) / len(times)
    two_years = sum(t > end - timedelta(days=730) for t in times) / len(times)
    assert last_30 > 0.05 and last_90 > 0.2 and two_years > 0.85
    for _, _, _, model in town.valid["missing_episodes"]:
        assert isinstance(model, MissingEpisodeRow)
        assert model.reported_missing_at < end
        assert model.returned_at is None or model.returned_at < end


def test_group_members_go_missing_together(town: Generated) -> None:
    members = {pid: p["group"] for pid, p in town.truth["people"].items() if p["group"]}
    hotspot_refs = {
        (r["agency"], r["source_ref"]) for spot in town.truth["hotspots"] for r in spot["records"]
    }
    together = found_at_hotspot = 0
    for _, _, _, model in town.valid["missing_episodes"]:
        assert isinstance(model, MissingEpisodeRow)
        pid = town.owner.get((model.agency, model.person_ref))
        if pid not in members:
            continue
        others = {town.owner.get((model.agency, r)) for r in model.missing_with}
        together += any(members.get(str(o)) == members[pid] for o in others)
        found_at_hotspot += (model.agency, model.found_location_ref) in hotspot_refs
    assert together >= 20 and found_at_hotspot >= 20


def test_unknown_scale_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown scale"):
        generate("planet", 1, tmp_path)
