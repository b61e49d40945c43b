"""One place per place: the same place from several agencies is resolved, explained, reversible,
audited, and counted once by hotspots (against the real Neo4j)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import neo4j
import pytest

from cseboard.config import Settings
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.ingest.importer import Importer
from cseboard.models.ids import place_id_for
from cseboard.models.resolve import CandidateStatus
from cseboard.models.users import AuditAction, Role, User
from cseboard.services.analysis import analysis_params, run_network_analysis
from cseboard.services.context import ServiceContext
from cseboard.services.place_resolution import (
    confirm_place_candidate,
    place_candidate_counts,
    place_candidates,
    place_merges,
    reject_place_candidate,
    resolve_places,
    unmerge_place,
)
from support.partner_files import write_csv

LEAD = User(username="lead", display_name="lead", roles=frozenset({Role.PRACTICE_LEAD}))
OPS = User(
    username="ops",
    display_name="ops",
    roles=frozenset({Role.OPERATIONAL}),
    agency="police",
    operations=frozenset({"OP-1"}),
)
WHEN = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)

# Worked out by hand: the interchange is sent by police and health with the same postcode
# (automatic), by education without a postcode 20 m away (for review); the takeaway next door
# has another name and postcode (never compared into it); a second "Fernhollow Interchange,
# Elm Road" 2 km away is another place.
PLACES = {
    "police": [("L-1", "Fernhollow Interchange", "transport_hub", "XF1 2AB", "53.40000", "-1.90000"),
               ("L-2", "Chicken Spot", "takeaway", "XF1 2AD", "53.40030", "-1.90020")],
    "health": [("H-1", "fernhollow interchange, spring gardens", "transport_hub", "xf12ab",
                "53.4001", "-1.9001")],
    "education": [("E-1", "FERNHOLLOW INTERCHANGE", "transport_hub", "", "53.4002", "-1.9000"),
                  ("E-2", "Fernhollow Interchange, Elm Road", "transport_hub", "XF9 9ZZ",
                   "53.4180", "-1.9000")],
}


def _import(driver: neo4j.Driver, tmp_path: Path) -> None:
    for agency, places in PLACES.items():
        locations = write_csv(
            tmp_path / agency / "locations.csv",
            [
                {"source_ref": ref, "name": name, "kind": kind, "postcode": postcode,
                 "latitude": lat, "longitude": lon}
                for ref, name, kind, postcode, lat, lon in places
            ],
        )
        people = write_csv(
            tmp_path / agency / "people.csv",
            [{"source_ref": f"{agency}-YP", "role": "young_person", "first_name": agency.title(),
              "last_name": "Example"}],
        )
        intel = write_csv(
            tmp_path / agency / "intelligence.csv",
            [{"source_ref": f"{agency}-I", "reported_at": "15/03/2025 21:00",
              "category": "sighting", "summary": "Young person seen with adults there.",
              "source_evaluation": "1", "intelligence_assessment": "B", "handling_code": "P",
              "people": f"{agency}-YP", "locations": places[0][0]}],
        )
        Importer(driver, agency=agency).run([locations, people, intel])


def _hotspots(ctx: ServiceContext) -> list[tuple[int, list[str]]]:
    params = analysis_params(ctx, window_end=WHEN, window_days=90)
    result = run_network_analysis(ctx, LEAD, params).result
    return [(len(h.young_people), sorted(h.location_ids)) for h in result.hotspots]


def _audit(driver: neo4j.Driver, what: str) -> int:
    records, _, _ = driver.execute_query(
        "MATCH (e:AuditEvent {action: $action}) WHERE e.what CONTAINS $what RETURN count(e) AS n",
        action=AuditAction.COMBINATION.value,
        what=what,
    )
    return int(records[0]["n"])


def test_places_resolve_explained_counted_once_and_reversibly(
    clean_driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    _import(clean_driver, tmp_path)
    ctx = ServiceContext(clean_driver, neo4j_settings)
    # each agency's record of the interchange is its own place: nothing is a hotspot yet
    assert _hotspots(ctx) == []

    summary = resolve_places(ctx, LEAD)
    assert (summary.places, summary.automatic_merges, summary.candidates) == (5, 1, 1)
    assert _audit(clean_driver, "automatic place merges") == 1
    [view] = place_candidates(ctx, LEAD)
    levels = {c.field: c.level for c in view.candidate.contributions}
    assert levels == {"name": "exact", "postcode": "missing", "distance": "close", "kind": "same"}
    assert not view.candidate.automatic
    sides = {r.source_ref for r in (*view.records_a, *view.records_b)}
    assert sides == {"L-1", "H-1", "E-1"}

    merge = confirm_place_candidate(
        ctx, LEAD, view.candidate.candidate_id, reason="the same bus interchange"
    )
    assert _audit(clean_driver, f"confirmed place merge {merge.merge_id}") == 1
    assert place_candidate_counts(ctx, LEAD) == {"open": 0, "rejected": 0, "merged": 1}
    [(young, location_ids)] = _hotspots(ctx)
    assert young == 3 and len(location_ids) == 3  # one hotspot: three agencies' records

    undone = unmerge_place(ctx, LEAD, merge.merge_id, reason="checked: two stops")
    assert undone.status.value == "unmerged" and _audit(clean_driver, "un-merged place merge") == 1
    assert _hotspots(ctx) == []
    # remembered as different places: a new search neither merges nor proposes them
    again = resolve_places(ctx, LEAD)
    assert (again.automatic_merges, again.candidates, again.suppressed_rejected) == (0, 0, 1)
    assert len(place_merges(ctx, LEAD)) == 2


def test_a_rejected_place_candidate_is_not_proposed_again(
    clean_driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    _import(clean_driver, tmp_path)
    ctx = ServiceContext(clean_driver, neo4j_settings)
    resolve_places(ctx, LEAD, auto_merge=False)
    views = place_candidates(ctx, LEAD)
    assert len(views) == 3 and {v.candidate.automatic for v in views} == {True, False}
    with pytest.raises(ValidationFailed, match="reason"):
        reject_place_candidate(ctx, LEAD, views[0].candidate.candidate_id, reason=" ")
    reject_place_candidate(ctx, LEAD, views[0].candidate.candidate_id, reason="two places")
    resolve_places(ctx, LEAD, auto_merge=False)
    assert len(place_candidates(ctx, LEAD)) == 2
    assert len(place_candidates(ctx, LEAD, status=CandidateStatus.REJECTED)) == 1


def test_only_the_practice_lead_resolves_places(
    clean_driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    _import(clean_driver, tmp_path)
    ctx = ServiceContext(clean_driver, neo4j_settings)
    for attempt in (
        lambda: resolve_places(ctx, OPS),
        lambda: place_candidates(ctx, OPS),
        lambda: confirm_place_candidate(ctx, OPS, "PC-x", reason="x"),
        lambda: unmerge_place(ctx, OPS, "M-x", reason="x"),
        lambda: place_merges(ctx, OPS),
    ):
        with pytest.raises(AccessDenied):
            attempt()
    merged = clean_driver.execute_query("MATCH (m:PlaceMerge) RETURN count(m) AS n")
    assert merged.records[0]["n"] == 0


def test_every_landed_location_has_its_own_place_until_resolved(
    clean_driver: neo4j.Driver, tmp_path: Path
) -> None:
    _import(clean_driver, tmp_path)
    records, _, _ = clean_driver.execute_query(
        "MATCH (l:Location)-[:AT_PLACE]->(p:Place) RETURN l.agency AS a, l.source_ref AS r, "
        "p.place_id AS p"
    )
    assert {(r["a"], r["r"]): r["p"] for r in records} == {
        (a, ref): place_id_for(a, ref) for a, places in PLACES.items() for ref, *_ in places
    }


def test_a_place_unmerge_means_kept_results_are_worked_out_again(
    clean_driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    """An un-merge moves location records back to their place and changes no other count: the
    graph's change marker (issue 15's kept results and kept scopes) must still change."""
    from cseboard.services.kept import forget_kept, kept
    from cseboard.store.projection import graph_marker

    _import(clean_driver, tmp_path)
    ctx = ServiceContext(clean_driver, neo4j_settings.model_copy(update={"result_cache_entries": 8}))
    resolve_places(ctx, LEAD)
    [view] = place_candidates(ctx, LEAD)
    merge = confirm_place_candidate(ctx, LEAD, view.candidate.candidate_id, reason="same stop")
    forget_kept()

    def groups() -> tuple[list[list[str]], bool]:
        def load() -> list[list[str]]:
            records, _, _ = clean_driver.execute_query(
                "MATCH (l:Location)-[:AT_PLACE]->(p:Place) WITH p, collect(l.source_ref) AS refs "
                "RETURN refs ORDER BY size(refs) DESC, refs[0]"
            )
            return [sorted(r["refs"]) for r in records]

        return kept(ctx, LEAD, "place-groups", "all", load)

    merged, was_kept = groups()
    assert not was_kept and merged[0] == ["E-1", "H-1", "L-1"]
    assert groups() == (merged, True)
    before = graph_marker(clean_driver)
    unmerge_place(ctx, LEAD, merge.merge_id, reason="checked: two stops")
    assert graph_marker(clean_driver) != before
    separated, was_kept = groups()
    assert not was_kept and ["E-1"] in separated and ["H-1", "L-1"] in separated
