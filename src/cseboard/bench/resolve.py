"""Entity-resolution benchmark: candidate pairs scored against the generator's same-person truth.

People and places are read from the generated partner files as the import reads them (each
agency's import profile, the import's validation with invalid optional fields dropped, and its
write-row mapping), so each record holds exactly the values an import would store; phones and
online accounts come from intelligence naming one person only. Every record is its own person
and its own place, as right after an import. Candidate generation and scoring is the
same code the board runs (``resolve.find_candidates``); only that part is timed against the
120-second target (``candidate_generation_s``, with its CPU time beside it). Places are resolved
by the board's code too (``resolve.places.resolve_place_profiles``) and scored against the
truth's places (``places_precision``, ``places_recall``: automatic merges plus every review
candidate confirmed; ``places_auto_*``: the automatic merges alone). ``--store`` imports into
the benchmark server instead and reads people and places back through the store.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cseboard.bench.common import bench_data, bench_server, peak_rss_mb
from cseboard.config import Settings
from cseboard.errors import ImportFileError
from cseboard.ingest.importer import Importer, ProgressCallback
from cseboard.ingest.profiles import load_profile
from cseboard.ingest.rows import write_row
from cseboard.models.exchange import ExchangeRow, IntelligenceRow, LocationRow, PersonRow
from cseboard.models.ids import location_id_for, person_id_for, place_id_for
from cseboard.models.places import PlaceProfile, PlaceRecord
from cseboard.models.resolve import PairMetrics, PersonProfile, PersonRecord
from cseboard.resolve.candidates import find_candidates
from cseboard.resolve.evaluate import clusters_of, pair_metrics, pairs_within
from cseboard.resolve.places import PlaceSettings, resolve_place_profiles
from cseboard.resolve.settings import ResolveSettings
from cseboard.services.demo_data import import_partner_folders
from cseboard.services.partner_folders import SSD_FILES, partner_folders, profiles_folder

__all__ = [
    "place_figures",
    "profiles_from_files",
    "run_resolve_bench",
    "truth_pairs",
    "truth_place_pairs",
    "validated_rows",
]


def validated_rows(
    root: Path, settings: Settings | None = None
) -> Iterator[tuple[str, str, ExchangeRow]]:
    """(agency, record type, row) for every row of every agency folder that an import would
    land: read with the agency's import profile and validated as the import does."""
    settings = settings or Settings()
    profiles = profiles_folder(root, settings)
    for folder in partner_folders(root):
        profile = load_profile(profiles, folder.name, risk_levels=settings.risk_levels)
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in {".csv", ".jsonl"} or path.name.endswith(".rejects.csv"):
                continue
            importer = Importer(
                None,
                agency=folder.name,
                fmt="ssd" if path.stem in SSD_FILES else "exchange",
                risk_levels=settings.risk_levels,
                dry_run=True,
                profile=profile,
            )
            try:
                kind, rows = importer.validated(path)
            except ImportFileError:
                continue
            for _, model in rows:
                if model is not None:
                    yield importer.agency, kind, model


def _record(props: dict[str, Any], key: str, agency: str, ref: str) -> dict[str, Any]:
    return {
        "record_key": key,
        "agency": agency,
        "source_ref": ref,
        "role": props.get("role"),
        "first_name": props.get("first_name"),
        "last_name": props.get("last_name"),
        "aliases": tuple(props.get("aliases") or ()),
        "date_of_birth": props.get("date_of_birth"),
        "gender": props.get("gender"),
        "nhs_number": props.get("nhs_number"),
        "postcode": props.get("postcode"),
    }


def profiles_from_files(
    root: Path, settings: Settings | None = None
) -> tuple[list[PersonProfile], list[PlaceProfile]]:
    """One person per person record and one place per location record of every agency folder,
    each holding exactly what an import would store (dropped fields left out)."""
    records: dict[str, dict[str, Any]] = {}
    identifiers: dict[str, set[str]] = {}
    places: list[PlaceProfile] = []
    for agency, kind, model in validated_rows(root, settings):
        if isinstance(model, PersonRow):
            row = write_row(model, merge_only=kind == "ssd_person")
            fields = _record(row["props"], row["key"], agency, row["source_ref"])
            record = records.setdefault(row["key"], fields)
            if kind == "ssd_person":
                record.update({k: v for k, v in fields.items() if v not in (None, (), "")})
        elif isinstance(model, LocationRow):
            places.append(
                PlaceProfile(
                    place_id=place_id_for(agency, model.source_ref),
                    records=(
                        PlaceRecord(
                            location_id=location_id_for(agency, model.source_ref),
                            agency=agency,
                            source_ref=model.source_ref,
                            name=model.name,
                            kind=model.kind,
                            postcode=model.postcode,
                            latitude=model.latitude,
                            longitude=model.longitude,
                        ),
                    ),
                )
            )
        elif isinstance(model, IntelligenceRow):
            if len(set(model.people)) != 1 or not (model.phones or model.online_accounts):
                continue
            found = identifiers.setdefault(f"{agency}/{model.people[0]}", set())
            found.update(model.phones)
            found.update(f"{p}:{h}" for p, h in model.online_accounts)
    people = []
    for key, record in records.items():
        record["identifiers"] = tuple(sorted(identifiers.get(key, ())))
        person = PersonRecord(**record)
        people.append(
            PersonProfile(
                person_id=person_id_for(person.agency, person.source_ref), records=(person,)
            )
        )
    return people, places


def truth_pairs(root: Path) -> set[tuple[str, str]]:
    """Pairs of record keys that truth.json says are the same person."""
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    clusters = [
        [f"{r['agency']}/{r['source_ref']}" for r in cluster] for cluster in truth["same_person"]
    ]
    return pairs_within(clusters)


def truth_place_pairs(root: Path) -> set[tuple[str, str]]:
    """Pairs of location ids that truth.json says are the same place."""
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    return pairs_within(
        [location_id_for(r["agency"], r["source_ref"]) for r in place["records"]]
        for place in truth["locations"].values()
    )


def place_figures(
    places: list[PlaceProfile], truth: set[tuple[str, str]], config: PlaceSettings
) -> dict[str, float | int | str]:
    """Place resolution scored against truth: the automatic merges alone, and with every
    review candidate confirmed (``places_precision`` / ``places_recall``)."""
    start = time.perf_counter()
    done = resolve_place_profiles(places, config=config)
    seconds = time.perf_counter() - start
    records = {p.place_id: [r.location_id for r in p.records] for p in places}
    automatic = [[x for pid in group for x in records[pid]] for group in done.groups]
    auto_pairs = pairs_within(automatic)
    review = {(a, b) for c in done.candidates for a in c.records_a for b in c.records_b}
    resolved = pairs_within(clusters_of([*auto_pairs, *review]))
    auto = pair_metrics(auto_pairs, truth)
    both = pair_metrics(resolved, truth)
    return {
        "places_records": sum(len(r) for r in records.values()),
        "places_true_pairs": both.true_pairs,
        "places_precision": both.precision,
        "places_recall": both.recall,
        "places_auto_precision": auto.precision,
        "places_auto_recall": auto.recall,
        "places_automatic_merges": sum(len(g) - 1 for g in done.groups),
        "places_candidates": len(done.candidates),
        "places_pairs_compared": done.search.pairs_compared,
        "places_radius_m": config.radius_m,
        "places_s": round(seconds, 2),
    }


def _figures(prefix: str, metrics: PairMetrics) -> dict[str, float | int | str]:
    return {
        f"{prefix}precision": metrics.precision,
        f"{prefix}recall": metrics.recall,
        f"{prefix}f1": metrics.f1,
        f"{prefix}predicted_pairs": metrics.predicted_pairs,
        f"{prefix}true_positives": metrics.true_positives,
    }


def run_resolve_bench(
    scale: str,
    seed: int,
    base: Settings,
    *,
    store: bool = False,
    uri: str | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, float | int | str]:
    """Generate (cached), load people, find candidates, score them against truth."""
    root, generate_s = bench_data(scale, seed, progress)
    config = ResolveSettings()
    start = time.perf_counter()
    import_s = 0.0
    if store:
        from cseboard.store.places import PlaceStore
        from cseboard.store.resolve import ResolveStore

        with bench_server(base, uri=uri) as (driver, settings):
            clock = time.perf_counter()
            import_partner_folders(driver, root, settings, progress=progress, resolve=False)
            import_s = time.perf_counter() - clock
            start = time.perf_counter()
            profiles = ResolveStore(driver, database=settings.neo4j_database).profiles()
            places = PlaceStore(driver, database=settings.neo4j_database).profiles()
    else:
        profiles, places = profiles_from_files(root, base)
    load_s = time.perf_counter() - start

    cpu = time.process_time()
    search = find_candidates(
        profiles,
        weights=config.weights,
        threshold=config.review_threshold,
        max_block=config.max_block,
        progress=progress,
    )
    cpu_s = time.process_time() - cpu
    predicted = [(a, b) for c in search.candidates for a in c.records_a for b in c.records_b]
    truth = truth_pairs(root)
    metrics = pair_metrics(predicted, truth)
    resolved = pair_metrics(pairs_within(clusters_of(predicted)), truth)
    figures: dict[str, float | int | str] = {
        "scale": scale,
        "seed": seed,
        "source": "store" if store else "files",
        "generate_s": round(generate_s, 2),
        "import_s": round(import_s, 2),
        "load_people_s": round(load_s, 2),
        "records": search.records,
        "pairs_compared": search.pairs_compared,
        "skipped_blocks": search.skipped_blocks,
        "threshold_bits": config.review_threshold,
        "true_pairs": metrics.true_pairs,
        **_figures("", metrics),
        **_figures("resolved_", resolved),
        "candidate_generation_s": round(search.seconds, 2),
        "candidate_generation_cpu_s": round(cpu_s, 2),
    }
    figures.update(place_figures(places, truth_place_pairs(root), PlaceSettings()))
    figures["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return figures
