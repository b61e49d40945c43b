"""Entity-resolution benchmark: candidate pairs scored against the generator's same-person truth.

People are read from the generated partner files with the import's own validation and write-row
mapping (``PersonRow``, ``SsdPersonRow``, ``write_row``), so each record holds exactly the values
an import would store; phones and online accounts come from intelligence naming one person only.
Every record is its own person, as right after an import. Candidate generation and scoring is the
same code the board runs (``resolve.find_candidates``); only that part is timed against the
120-second target (``candidate_generation_s``, with its CPU time beside it). ``--store`` imports
into the benchmark server instead and reads people back through the store (``load_people_s``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cseboard.bench.common import bench_data, bench_server, peak_rss_mb
from cseboard.config import Settings
from cseboard.errors import ImportFileError
from cseboard.ingest.importer import ProgressCallback
from cseboard.ingest.readers import open_table
from cseboard.ingest.rows import write_row
from cseboard.models.exchange import IntelligenceRow, PersonRow, SsdPersonRow, normalise_agency
from cseboard.models.ids import person_id_for
from cseboard.models.resolve import PairMetrics, PersonProfile, PersonRecord
from cseboard.resolve.candidates import find_candidates
from cseboard.resolve.evaluate import clusters_of, pair_metrics, pairs_within
from cseboard.resolve.settings import ResolveSettings
from cseboard.services.demo_data import import_partner_folders, partner_folders

__all__ = ["profiles_from_files", "run_resolve_bench", "truth_pairs"]


def _files(folder: Path, stem: str) -> list[Path]:
    return sorted(p for p in folder.glob(f"{stem}.*") if p.suffix.lower() in {".csv", ".jsonl"})


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    try:
        table = open_table(path)
    except ImportFileError:
        return
    for raw in table.rows:
        if raw.problem is None:
            yield dict(raw.values)


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


def profiles_from_files(root: Path, settings: Settings | None = None) -> list[PersonProfile]:
    """One person per valid people row of every agency folder, as an import would store it."""
    context = {"risk_levels": list((settings or Settings()).risk_levels)}
    records: dict[str, dict[str, Any]] = {}
    identifiers: dict[str, set[str]] = {}
    for folder in partner_folders(root):
        agency = normalise_agency(folder.name)
        for path in _files(folder, "people"):
            for values in _rows(path):
                data = {c: values[c] for c in PersonRow.columns if c in values}
                if not (data.get("agency") or "").strip():
                    data["agency"] = agency
                try:
                    model = PersonRow.model_validate(data, context=context)
                except ValidationError:
                    continue
                if model.agency != agency:
                    continue
                row = write_row(model)
                records.setdefault(
                    row["key"], _record(row["props"], row["key"], agency, row["source_ref"])
                )
        for path in _files(folder, "ssd_person"):
            for values in _rows(path):
                data = {c: values.get(c) for c in SsdPersonRow.columns if c in values}
                try:
                    ssd = SsdPersonRow.model_validate(data)
                except ValidationError:
                    continue
                row = write_row(ssd.to_person(agency), merge_only=True)
                record = records.setdefault(
                    row["key"], _record({}, row["key"], agency, row["source_ref"])
                )
                fields = _record(row["props"], row["key"], agency, row["source_ref"])
                record.update({k: v for k, v in fields.items() if v not in (None, (), "")})
        for path in _files(folder, "intelligence"):
            for values in _rows(path):
                data = {c: values[c] for c in IntelligenceRow.columns if c in values}
                if not (data.get("agency") or "").strip():
                    data["agency"] = agency
                people = [
                    p for p in (data.get("people") or "").replace(",", ";").split(";") if p.strip()
                ]
                if len(set(people)) != 1 or not (data.get("phones") or data.get("online_accounts")):
                    continue
                try:
                    intel = IntelligenceRow.model_validate(data, context=context)
                except ValidationError:
                    continue
                key = f"{agency}/{intel.people[0]}"
                found = identifiers.setdefault(key, set())
                found.update(intel.phones)
                found.update(f"{p}:{h}" for p, h in intel.online_accounts)
    profiles = []
    for key, record in records.items():
        record["identifiers"] = tuple(sorted(identifiers.get(key, ())))
        person = PersonRecord(**record)
        profiles.append(
            PersonProfile(
                person_id=person_id_for(person.agency, person.source_ref), records=(person,)
            )
        )
    return profiles


def truth_pairs(root: Path) -> set[tuple[str, str]]:
    """Pairs of record keys that truth.json says are the same person."""
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    clusters = [
        [f"{r['agency']}/{r['source_ref']}" for r in cluster] for cluster in truth["same_person"]
    ]
    return pairs_within(clusters)


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
        from cseboard.store.resolve import ResolveStore

        with bench_server(base, uri=uri) as (driver, settings):
            clock = time.perf_counter()
            import_partner_folders(driver, root, settings, progress=progress)
            import_s = time.perf_counter() - clock
            start = time.perf_counter()
            profiles = ResolveStore(driver, database=settings.neo4j_database).profiles()
    else:
        profiles = profiles_from_files(root, base)
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
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    return figures
