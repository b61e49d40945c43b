"""Entity resolution against the real Neo4j: hand-made variants, twins, merges and un-merges."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import neo4j
import pytest
from typer.testing import CliRunner

from cseboard.analysis.projection import person_graph
from cseboard.cli import app
from cseboard.config import Settings
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.ingest.importer import Importer
from cseboard.models.ids import person_id_for
from cseboard.models.resolve import CandidateStatus, CandidateView, MergeStatus
from cseboard.models.users import AuditAction, Role, User
from cseboard.resolve.candidates import candidate_id
from cseboard.services import resolve as service
from cseboard.services.context import ServiceContext
from cseboard.store.connection import resolve_target
from cseboard.store.operations import OperationStore
from cseboard.store.projection import read_evidence
from support.partner_files import write_csv

LEAD = User(username="lead", display_name="Lead", roles=frozenset({Role.PRACTICE_LEAD}))
NHS = ["9991000003", "9991000070", "9991000143", "9991000216", "9991000283", "9991000356"]


def pid(agency: str, ref: str) -> str:
    return person_id_for(agency, ref)


def person(agency: str, ref: str, first: str, last: str, dob: str, **kw: str) -> dict[str, str]:
    row = {
        "agency": agency,
        "source_ref": ref,
        "role": "young_person",
        "first_name": first,
        "last_name": last,
        "aliases": "",
        "date_of_birth": dob,
        "gender": "F",
        "nhs_number": "",
        "postcode": "",
        "looked_after": "",
        "cp_plan": "",
        "child_in_need": "",
        "risk_level": "",
    }
    row.update(kw)
    return row


def intel(agency: str, ref: str, people: str, **kw: str) -> dict[str, str]:
    row = {
        "agency": agency,
        "source_ref": ref,
        "reported_at": "01/02/2025 10:00",
        "category": "sighting",
        "summary": "Seen with an older male near the shops",
        "source_evaluation": "1",
        "intelligence_assessment": "B",
        "handling_code": "P",
        "handling_conditions": "",
        "people": people,
        "locations": "",
        "vehicles": "",
        "phones": "",
        "online_accounts": "",
    }
    row.update(kw)
    return row


PEOPLE = {
    "police": [
        # one girl, Kayleigh, as four agencies write her
        person("police", "PN-1", "Kayleigh", "Smith", "07/03/2010", postcode="XA1 1AA"),
        # twins: same surname, date of birth and address, different first names
        person("police", "PN-3", "Amy", "Jones", "05/05/2011", postcode="XB2 2BB"),
        person("police", "PN-4", "Holly", "Jones", "05/05/2011", postcode="XB2 2BB"),
        person(
            "police",
            "PN-9",
            "Mohammed",
            "Khan",
            "12/12/1990",
            role="associate",
            gender="M",
            aliases="Kash",
        ),
    ],
    "health": [
        person(
            "health",
            "H-1",
            "Kayleigh-Ann",
            "Smyth",
            "2010-03-07",
            nhs_number=NHS[0],
            postcode="XA1 1AA",
        ),
        person(
            "health", "H-3", "Amy", "Jones", "2011-05-05", nhs_number=NHS[1], postcode="XB2 2BB"
        ),
        person(
            "health", "H-4", "Holly", "Jones", "2011-05-05", nhs_number=NHS[2], postcode="XB2 2BB"
        ),
        # same name, date of birth and address as 1005 below, but another valid NHS number
        person(
            "health", "H-5", "Chloe", "Wilson", "2012-01-01", nhs_number=NHS[3], postcode="XC3 3DE"
        ),
        # the same valid NHS number as 1006 below: merged automatically
        person(
            "health", "H-6", "Jade", "Brown", "2012-02-02", nhs_number=NHS[5], postcode="XD4 4DD"
        ),
    ],
    "education": [
        person("education", "EDU-1", "K.", "Smith", "", postcode="XA1 1AA"),
    ],
    "childrens_social_care": [
        person(
            "childrens_social_care", "1001", "Kayleigh", "Smith", "03/07/2010", postcode="XA1 1AA"
        ),
        person(
            "childrens_social_care",
            "1005",
            "Chloe",
            "Wilson",
            "01/01/2012",
            nhs_number=NHS[4],
            postcode="XC3 3DE",
        ),
        person(
            "childrens_social_care",
            "1006",
            "Jade",
            "Brown",
            "02/02/2012",
            nhs_number=NHS[5],
            postcode="XD4 4DD",
        ),
    ],
}
INTEL = {
    "police": [
        intel("police", "IR-1", "PN-1;PN-9", vehicles="AB12CDE"),
        intel("police", "IR-2", "PN-1", phones="07700 900111", category="phone_or_device"),
    ],
    "health": [intel("health", "HSR-1", "H-1", phones="07700900111")],
}
EPISODES = {
    "police": [
        {
            "agency": "police",
            "source_ref": "MP-1",
            "person_ref": "PN-1",
            "reported_missing_at": "03/02/2025 22:00",
            "returned_at": "04/02/2025 09:00",
            "missing_with": "PN-3",
        },
    ],
    "childrens_social_care": [
        {
            "agency": "childrens_social_care",
            "source_ref": "600001",
            "person_ref": "1001",
            "reported_missing_at": "05/02/2025 22:00",
            "returned_at": "06/02/2025 09:00",
        },
    ],
}

KAYLEIGH = [
    pid("police", "PN-1"),
    pid("health", "H-1"),
    pid("education", "EDU-1"),
    pid("childrens_social_care", "1001"),
]
AMY = [pid("police", "PN-3"), pid("health", "H-3")]
HOLLY = [pid("police", "PN-4"), pid("health", "H-4")]


def load(driver: neo4j.Driver, root: Path) -> None:
    for agency in sorted({*PEOPLE, *INTEL, *EPISODES}):
        files = []
        for name, rows in (
            ("people", PEOPLE),
            ("intelligence", INTEL),
            ("missing_episodes", EPISODES),
        ):
            if agency in rows:
                files.append(write_csv(root / agency / f"{name}.csv", rows[agency]))
        summary = Importer(driver, agency=agency).run(files)
        assert all(f.rejected == 0 and f.error is None for f in summary.files), summary
    # a cohort nomination and a relationship of a type added later, both to Kayleigh's
    # health record's person
    operations = OperationStore(driver)
    operations.upsert("OP-1", "Operation One", by="test")
    operations.nominate("OP-1", pid("health", "H-1"), by="test", rationale="test")
    operations.nominate("OP-1", pid("police", "PN-1"), by="police", rationale="seen with PN-9")
    driver.execute_query(
        "MATCH (h:Person {person_id: $h}), (p:Person {person_id: $p}) "
        "CREATE (a:RiskAssessment {assessment_id: 'RA-1', level: 'high'})"
        "-[:ASSESSES {via: 'health/H-1', at: date('2025-02-01')}]->(h), "
        "(a)-[:ASSESSES {via: 'police/PN-1', at: date('2025-02-03')}]->(p)",
        h=pid("health", "H-1"),
        p=pid("police", "PN-1"),
    )


@pytest.fixture
def ctx(clean_driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path) -> ServiceContext:
    load(clean_driver, tmp_path)
    return ServiceContext(clean_driver, neo4j_settings)


def open_pairs(ctx: ServiceContext) -> dict[frozenset[str], CandidateView]:
    views = service.candidates(ctx, LEAD, limit=500)
    return {frozenset((v.candidate.person_a, v.candidate.person_b)): v for v in views}


def snapshot(driver: neo4j.Driver) -> dict[str, Any]:
    """Every relationship touching a person node, and every person node, as plain values."""
    key = (
        "coalesce(n.person_id, n.record_key, n.intel_id, n.episode_id, n.location_id, "
        "n.e164, n.account_key, n.vrm, n.operation_id, n.assessment_id, n.name)"
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE a:Person OR b:Person OR a:MergedPerson OR b:MergedPerson "
        f"WITH a AS n, r, b WITH {key} AS start, r, b AS n "
        f"RETURN start, type(r) AS type, properties(r) AS props, {key} AS end"
    )
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE n:Person OR n:MergedPerson "
        "RETURN n.person_id AS id, labels(n) AS labels, properties(n) AS props"
    )
    return {
        "relationships": sorted(
            json.dumps([r["start"], r["type"], r["props"], r["end"]], sort_keys=True, default=str)
            for r in rels
        ),
        "people": sorted(
            json.dumps([n["id"], sorted(n["labels"]), n["props"]], sort_keys=True, default=str)
            for n in nodes
        ),
    }


def test_true_variants_of_one_girl_are_found(ctx: ServiceContext) -> None:
    summary = service.find_duplicates(ctx, LEAD, auto_merge=False)
    assert summary.candidates >= 5
    pairs = open_pairs(ctx)
    police = KAYLEIGH[0]
    for other in KAYLEIGH[1:]:  # Kayleigh-Ann Smyth, K. Smith without a date of birth, swapped
        assert frozenset((police, other)) in pairs, other
    swapped = pairs[frozenset((police, KAYLEIGH[3]))].candidate
    levels = {c.field: c.level for c in swapped.contributions}
    assert levels["date_of_birth"] == "day_month_swapped"
    smyth = pairs[frozenset((police, KAYLEIGH[1]))].candidate
    levels = {c.field: c.level for c in smyth.contributions}
    assert levels["first_name"] in {"part", "variant"} and levels["last_name"] == "variant"
    assert levels["phone_or_account"] == "shared"
    no_dob = pairs[frozenset((police, KAYLEIGH[2]))].candidate
    levels = {c.field: c.level for c in no_dob.contributions}
    assert levels["first_name"] == "initial" and levels["date_of_birth"] == "missing"
    # explanations carry the values compared and a weight per field
    assert any(c.values and "smyth" in c.values for c in smyth.contributions)
    assert smyth.weight == pytest.approx(smyth.prior + sum(c.weight for c in smyth.contributions))


def test_twins_are_not_proposed_but_each_twin_is_found(ctx: ServiceContext) -> None:
    service.find_duplicates(ctx, LEAD, auto_merge=False)
    pairs = open_pairs(ctx)
    for amy in AMY:
        for holly in HOLLY:
            assert frozenset((amy, holly)) not in pairs
    assert frozenset(AMY) in pairs and frozenset(HOLLY) in pairs


def test_different_valid_nhs_numbers_block_a_pair(ctx: ServiceContext) -> None:
    service.find_duplicates(ctx, LEAD, auto_merge=False)
    pairs = open_pairs(ctx)
    assert frozenset((pid("health", "H-5"), pid("childrens_social_care", "1005"))) not in pairs


def test_same_nhs_number_merges_automatically_visibly_and_reversibly(ctx: ServiceContext) -> None:
    summary = service.find_duplicates(ctx, LEAD, auto_merge=True)
    assert summary.automatic_merges == 1
    [merge] = service.merges(ctx, LEAD)
    assert merge.automatic and {merge.survivor, merge.absorbed} == {
        pid("health", "H-6"),
        pid("childrens_social_care", "1006"),
    }
    events = ctx.audit.events(action=AuditAction.COMBINATION.value)
    assert any(merge.merge_id in e.records and "automatic" in e.what for e in events)
    service.unmerge(ctx, LEAD, merge.merge_id, reason="checked: twins registered wrongly")
    # the un-merge is remembered: the next search neither merges nor proposes them again
    again = service.find_duplicates(ctx, LEAD, auto_merge=True)
    assert again.automatic_merges == 0
    assert frozenset((merge.survivor, merge.absorbed)) not in open_pairs(ctx)


def test_merge_then_unmerge_restores_both_people_and_all_relationships(
    ctx: ServiceContext, tmp_path: Path
) -> None:
    driver = ctx.driver
    before = snapshot(driver)
    service.find_duplicates(ctx, LEAD, auto_merge=False)
    before_search = snapshot(driver)
    assert before_search == before  # searching changes no person or relationship
    pair = open_pairs(ctx)[frozenset((KAYLEIGH[0], KAYLEIGH[1]))]
    merge = service.confirm_candidate(
        ctx,
        LEAD,
        pair.candidate.candidate_id,
        reason="same child: NHS and school confirm",
        survivor=KAYLEIGH[0],
    )
    assert (merge.survivor, merge.absorbed) == (KAYLEIGH[0], KAYLEIGH[1])
    assert merge.records == ("health/H-1",) and merge.relationships >= 3
    during = snapshot(driver)
    assert during != before
    rows, _, _ = driver.execute_query(
        "MATCH (r:AgencyRecord {record_key: 'health/H-1'})-[:REFERS_TO]->(p:Person) "
        "RETURN p.person_id AS p, "
        "COLLECT { MATCH (p)<-[:MENTIONS]-(i:Intelligence) RETURN i.intel_id } AS intel, "
        "COLLECT { MATCH (p)-[:IN_COHORT]->(o) RETURN o.operation_id } AS ops, "
        "COLLECT { MATCH (p)<-[:ASSESSES]-(a) RETURN a.assessment_id } AS ra"
    )
    assert rows[0]["p"] == KAYLEIGH[0]
    assert set(rows[0]["intel"]) == {"police/IR-1", "police/IR-2", "health/HSR-1"}
    # both were in the cohort: the survivor has one cohort link, the other is kept aside
    assert rows[0]["ops"] == ["OP-1"] and rows[0]["ra"] == ["RA-1"]
    gone, _, _ = driver.execute_query("MATCH (p:Person {person_id: $p}) RETURN p", p=KAYLEIGH[1])
    assert not gone

    # new data arriving after the merge through the moved record follows it back on un-merge
    Importer(driver, agency="health").run(
        [write_csv(tmp_path / "late" / "intelligence.csv", [intel("health", "HSR-2", "H-1")])]
    )
    undone = service.unmerge(ctx, LEAD, merge.merge_id, reason="a different girl after all")
    assert undone.status is MergeStatus.UNMERGED
    after = snapshot(driver)
    late = [r for r in after["relationships"] if "HSR-2" in r]
    assert len(late) == 1 and KAYLEIGH[1] in late[0] and "MENTIONS" in late[0]
    after["relationships"] = [r for r in after["relationships"] if "HSR-2" not in r]
    assert after == before
    with pytest.raises(ValidationFailed):
        service.unmerge(ctx, LEAD, merge.merge_id, reason="again")


def test_merges_and_unmerges_write_combination_audit_events_without_names(
    ctx: ServiceContext,
) -> None:
    service.find_duplicates(ctx, LEAD, auto_merge=False)
    pair = open_pairs(ctx)[frozenset((KAYLEIGH[0], KAYLEIGH[3]))]
    merge = service.confirm_candidate(ctx, LEAD, pair.candidate.candidate_id, reason="same girl")
    service.unmerge(ctx, LEAD, merge.merge_id, reason="not the same girl")
    events = [
        e
        for e in ctx.audit.events(action=AuditAction.COMBINATION.value)
        if merge.merge_id in e.records
    ]
    assert len(events) == 2
    assert {e.justification for e in events} == {"same girl", "not the same girl"}
    for event in events:
        assert event.username == "lead"
        assert {merge.survivor, merge.absorbed} <= set(event.records)
        assert "Kayleigh" not in event.what and "Smith" not in event.what
    ctx.audit.anchor()
    assert ctx.audit.verify().ok


def test_rejected_pair_is_not_proposed_again(ctx: ServiceContext) -> None:
    service.find_duplicates(ctx, LEAD, auto_merge=False)
    pair = open_pairs(ctx)[frozenset(AMY)]
    rejected = service.reject_candidate(
        ctx, LEAD, pair.candidate.candidate_id, reason="different girls: checked with school"
    )
    assert rejected.status is CandidateStatus.REJECTED
    summary = service.find_duplicates(ctx, LEAD, auto_merge=False)
    assert summary.suppressed_rejected == 1
    assert frozenset(AMY) not in open_pairs(ctx)
    kept = service.candidates(ctx, LEAD, status=CandidateStatus.REJECTED)
    assert [v.candidate.candidate_id for v in kept] == [candidate_id(*AMY)]
    with pytest.raises(ValidationFailed):
        service.confirm_candidate(ctx, LEAD, candidate_id(*AMY), reason="changed my mind")


def test_analysis_sees_one_child_after_merging_her_records(ctx: ServiceContext) -> None:
    start, end = datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 6, 1, tzinfo=UTC)

    def reports() -> dict[str, list[str]]:
        evidence = read_evidence(ctx.driver, window_start=start, window_end=end)
        return {i.intel_id: sorted(i.person_ids) for i in evidence.intelligence}

    before = reports()
    assert before["police/IR-2"] != before["health/HSR-1"]  # two "children" share a phone
    service.find_duplicates(ctx, LEAD, auto_merge=False)
    for other in KAYLEIGH[1:]:
        found = open_pairs(ctx)[frozenset((KAYLEIGH[0], other))]
        service.confirm_candidate(
            ctx, LEAD, found.candidate.candidate_id, reason="same girl", survivor=KAYLEIGH[0]
        )
    after = reports()
    assert after["police/IR-2"] == after["health/HSR-1"] == [KAYLEIGH[0]]
    evidence = read_evidence(ctx.driver, window_start=start, window_end=end)
    person_ids = {p.person_id for p in evidence.persons}
    assert KAYLEIGH[0] in person_ids and not set(KAYLEIGH[1:]) & person_ids
    episodes = {e.episode_id: e.person_id for e in evidence.episodes}
    assert episodes == {"police/MP-1": KAYLEIGH[0], "childrens_social_care/600001": KAYLEIGH[0]}
    graph = person_graph(evidence, window_end=end, window_days=500)
    assert not set(KAYLEIGH[1:]) & set(graph.nodes)
    assert graph.has_edge(KAYLEIGH[0], pid("police", "PN-9"))


def test_a_merge_of_a_merged_person_must_be_undone_first(ctx: ServiceContext) -> None:
    service.find_duplicates(ctx, LEAD, auto_merge=False)
    first = service.confirm_candidate(
        ctx, LEAD, candidate_id(KAYLEIGH[1], KAYLEIGH[3]), reason="same", survivor=KAYLEIGH[1]
    )
    second = service.confirm_candidate(
        ctx, LEAD, candidate_id(KAYLEIGH[0], KAYLEIGH[1]), reason="same", survivor=KAYLEIGH[0]
    )
    assert set(second.records) == {"health/H-1", "childrens_social_care/1001"}
    with pytest.raises(ValidationFailed, match=second.merge_id):
        service.unmerge(ctx, LEAD, first.merge_id, reason="undo")
    service.unmerge(ctx, LEAD, second.merge_id, reason="undo", remember_rejection=False)
    service.unmerge(ctx, LEAD, first.merge_id, reason="undo", remember_rejection=False)
    rows, _, _ = ctx.driver.execute_query(
        "MATCH (r:AgencyRecord)-[:REFERS_TO]->(p:Person) RETURN r.record_key AS r, p.person_id AS p"
    )
    owners = {r["r"]: r["p"] for r in rows}
    assert owners["health/H-1"] == KAYLEIGH[1]
    assert owners["childrens_social_care/1001"] == KAYLEIGH[3]


def test_only_the_practice_lead_resolves_people(ctx: ServiceContext) -> None:
    ops = User(
        username="ops",
        display_name="Ops",
        roles=frozenset({Role.OPERATIONAL}),
        agency="police",
        operations=frozenset({"OP-1"}),
    )
    with pytest.raises(AccessDenied):
        service.find_duplicates(ctx, ops)
    with pytest.raises(AccessDenied):
        service.candidates(ctx, ops)
    service.find_duplicates(ctx, LEAD, auto_merge=False)
    first = service.candidates(ctx, LEAD, limit=1)[0]
    with pytest.raises(ValidationFailed):
        service.confirm_candidate(ctx, LEAD, first.candidate.candidate_id, reason="  ")


def test_cli_candidates_show_confirm_reject_and_unmerge(
    ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = resolve_target(ctx.settings)
    for name, value in (
        ("NEO4J_URI", target.uri),
        ("NEO4J_USER", target.user),
        ("NEO4J_PASSWORD", target.password),
        ("NEO4J_DATABASE", target.database),
    ):
        monkeypatch.setenv(name, value)
    runner = CliRunner()

    listed = runner.invoke(
        app, ["resolve", "candidates", "--refresh", "--no-auto-merge", "--json", "--limit", "100"]
    )
    assert listed.exit_code == 0, listed.output
    views = [
        CandidateView.model_validate_json(line)
        for line in listed.stdout.splitlines()
        if line.startswith("{")
    ]
    by_pair = {frozenset((v.candidate.person_a, v.candidate.person_b)): v for v in views}
    kayleigh = by_pair[frozenset((KAYLEIGH[0], KAYLEIGH[2]))].candidate.candidate_id
    amy = by_pair[frozenset(AMY)].candidate.candidate_id

    shown = runner.invoke(app, ["resolve", "show", kayleigh])
    assert shown.exit_code == 0 and "first_name" in shown.stdout and "initial" in shown.stdout

    refused = runner.invoke(app, ["resolve", "confirm", kayleigh, "--reason", " "])
    assert refused.exit_code == 1
    merged = runner.invoke(app, ["resolve", "confirm", kayleigh, "--reason", "same girl"])
    assert merged.exit_code == 0, merged.output
    [merge] = service.merges(ctx, LEAD)
    assert merge.merge_id in merged.stdout and merge.by.startswith("cli:")

    rejected = runner.invoke(app, ["resolve", "reject", amy, "--reason", "different girls"])
    assert rejected.exit_code == 0, rejected.output
    undone = runner.invoke(app, ["resolve", "unmerge", merge.merge_id, "--reason", "mistake"])
    assert undone.exit_code == 0, undone.output
    listing = runner.invoke(app, ["resolve", "merges", "--json"])
    assert json.loads(listing.stdout.splitlines()[0])["status"] == "unmerged"
    events = ctx.audit.events(action=AuditAction.COMBINATION.value)
    assert sum(merge.merge_id in e.records for e in events) == 2
