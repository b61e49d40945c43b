"""Attacks on the person scope and on handling conditions, played against the real Neo4j.

The attacker is a school's designated safeguarding lead on the operational group (agency
``education``, operation OP-ATT). The police hold a restricted report that names a cohort child
and an adult, an old report naming another adult, and reports whose free-text conditions
mention schools or health in words that must not grant them anything.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import neo4j
import pytest

from cseboard.config import Settings
from cseboard.errors import AccessDenied
from cseboard.ingest.importer import Importer
from cseboard.models.ids import person_id_for
from cseboard.models.users import Role, User
from cseboard.services.context import ServiceContext
from cseboard.services.profile import cohort_people, person_profile, search_people
from cseboard.store.operations import OperationStore
from support.partner_files import write_csv

NOW = datetime.now(UTC).replace(microsecond=0)
SCHOOL = User(
    username="ops.school",
    display_name="School DSL",
    roles=frozenset({Role.OPERATIONAL}),
    agency="education",
    operations=frozenset({"OP-ATT"}),
)
POLICE = User(
    username="ops.police",
    display_name="PC",
    roles=frozenset({Role.OPERATIONAL}),
    agency="police",
    operations=frozenset({"OP-ATT"}),
)
HEALTH = User(
    username="ops.health",
    display_name="Nurse",
    roles=frozenset({Role.OPERATIONAL}),
    agency="health",
    operations=frozenset({"OP-ATT"}),
)
CHILD = person_id_for("police", "PC-1")
HIDDEN_ADULT = person_id_for("police", "PA-1")  # only in a police-only report
OLD_ADULT = person_id_for("police", "PA-2")  # only in a report older than the window
SEEN_ADULT = person_id_for("police", "PA-3")  # in a recent shareable report
WORDED_ADULT = person_id_for("police", "PA-4")  # in a report "NOT to be shared with schools"
PURPOSE = "Preparing for the operational group meeting"


def _ago(days: float) -> str:
    return (NOW - timedelta(days=days)).isoformat()


def _intel(ref: str, days: float, people: str, code: str, conditions: str) -> dict[str, str]:
    return {
        "agency": "police",
        "source_ref": ref,
        "reported_at": _ago(days),
        "category": "association",
        "summary": f"{ref}: child seen getting into a car with an adult",
        "source_evaluation": "1",
        "intelligence_assessment": "A",
        "handling_code": code,
        "handling_conditions": conditions,
        "people": people,
    }


def _adult(ref: str, first: str) -> dict[str, str]:
    return {
        "agency": "police",
        "source_ref": ref,
        "role": "associate",
        "first_name": first,
        "last_name": "Sample",
        "date_of_birth": "1980-05-06",
        "gender": "M",
    }


@pytest.fixture(scope="module")
def world(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> tuple[ServiceContext, Path]:
    folder = tmp_path_factory.mktemp("attack-scope")
    write_csv(
        folder / "people.csv",
        [
            {
                "agency": "police",
                "source_ref": "PC-1",
                "role": "young_person",
                "first_name": "Amy",
                "last_name": "Child",
                "date_of_birth": "2010-01-02",
                "gender": "F",
            },
            _adult("PA-1", "Hidden"),
            _adult("PA-2", "Olden"),
            _adult("PA-3", "Seen"),
            _adult("PA-4", "Worded"),
        ],
    )
    write_csv(
        folder / "intelligence.csv",
        [
            _intel("I-1", 10, "PC-1;PA-1", "C", "share_with: police"),
            _intel("I-2", 800, "PC-1;PA-2", "P", ""),
            _intel("I-3", 20, "PC-1;PA-3", "P", ""),
            _intel("I-4", 15, "PC-1;PA-4", "C", "Police only – NOT to be shared with schools"),
            _intel("I-5", 12, "PC-1", "C", "mental health team may be told"),
        ],
    )
    Importer(driver, agency="police", database=neo4j_settings.neo4j_database).run(
        sorted(folder.glob("*.csv")), rejects_dir=folder / "rejects"
    )
    # Health and the school are partners with records of their own (agencies the board knows).
    for agency, ref in (("health", "H-1"), ("education", "E-1")):
        write_csv(
            folder / agency / "people.csv",
            [{"agency": agency, "source_ref": ref, "role": "young_person", "first_name": "Bea"}],
        )
        Importer(driver, agency=agency).run([folder / agency / "people.csv"])
    operations = OperationStore(driver)
    operations.upsert("OP-ATT", "Operation Attack", by="test")
    operations.nominate("OP-ATT", CHILD, by="test", rationale="test cohort")
    return ServiceContext(driver, neo4j_settings), folder


def test_a_police_only_report_does_not_put_its_adult_in_a_school_users_scope(
    world: tuple[ServiceContext, Path],
) -> None:
    """Attack: open the profile of the adult named only in the police-only report."""
    ctx, _ = world
    with pytest.raises(AccessDenied):
        person_profile(ctx, SCHOOL, HIDDEN_ADULT, purpose=PURPOSE)
    assert search_people(ctx, SCHOOL, "Hidden") == []
    listed = {m.person.person_id for m in cohort_people(ctx, SCHOOL)}
    assert HIDDEN_ADULT not in listed and SEEN_ADULT in listed
    # The police may read their own report, so the same adult is in a police user's scope.
    assert person_profile(ctx, POLICE, HIDDEN_ADULT, purpose=PURPOSE).identity.person_id


def test_a_link_older_than_the_analysis_window_gives_no_scope(
    world: tuple[ServiceContext, Path],
) -> None:
    """Attack: open an adult linked to the cohort only by a report two years old."""
    ctx, _ = world
    with pytest.raises(AccessDenied):
        person_profile(ctx, SCHOOL, OLD_ADULT, purpose=PURPOSE)
    assert person_profile(ctx, SCHOOL, SEEN_ADULT, purpose=PURPOSE).identity.person_id


def test_free_text_that_mentions_schools_does_not_grant_schools(
    world: tuple[ServiceContext, Path],
) -> None:
    """Attack: "Police only - NOT to be shared with schools" once gave education access."""
    ctx, _ = world
    profile = person_profile(ctx, SCHOOL, CHILD, purpose=PURPOSE)
    items = {
        t.intelligence.source_ref: t.intelligence
        for t in profile.timeline
        if t.intelligence is not None
    }
    assert items["I-4"].restricted and items["I-4"].summary is None
    assert items["I-1"].restricted and items["I-3"].summary
    with pytest.raises(AccessDenied):
        person_profile(ctx, SCHOOL, WORDED_ADULT, purpose=PURPOSE)


def test_mental_health_wording_does_not_grant_health(world: tuple[ServiceContext, Path]) -> None:
    """Attack: "mental health team may be told" once gave the health agency the report."""
    ctx, _ = world
    profile = person_profile(ctx, HEALTH, CHILD, purpose=PURPOSE)
    [item] = [
        t.intelligence
        for t in profile.timeline
        if t.intelligence is not None and t.intelligence.source_ref == "I-5"
    ]
    assert item.restricted and item.summary is None


def test_unreadable_conditions_are_reported_and_stored_as_given(
    world: tuple[ServiceContext, Path],
) -> None:
    ctx, folder = world
    with (folder / "rejects" / "intelligence.rejects.csv").open(encoding="utf-8") as handle:
        lines = list(csv.DictReader(handle))
    warned = {(r["line"], r["outcome"]) for r in lines if r["column"] == "handling_conditions"}
    assert warned == {("5", "restricted_reading"), ("6", "restricted_reading")}
    stored = {
        r["ref"]: r["cond"]
        for r in ctx.driver.execute_query(
            "MATCH (i:Intelligence) RETURN i.source_ref AS ref, i.handling_conditions AS cond"
        ).records
    }
    assert stored["I-1"] == "share_with: police"
    assert stored["I-4"] == "Police only – NOT to be shared with schools"


def test_conditions_stored_before_they_were_structured_are_read_restrictively(
    world: tuple[ServiceContext, Path],
) -> None:
    """Attack: conditions written by an older version ('police and schools only') are still in
    the database; they are read with the same parser, so they grant nobody but the holder."""
    ctx, _ = world
    ctx.driver.execute_query(
        "MATCH (i:Intelligence {source_ref: 'I-1'}) "
        "SET i.handling_conditions = 'police and schools only; education'"
    )
    try:
        profile = person_profile(ctx, SCHOOL, CHILD, purpose=PURPOSE)
        [item] = [
            t.intelligence
            for t in profile.timeline
            if t.intelligence is not None and t.intelligence.source_ref == "I-1"
        ]
        assert item.restricted
    finally:
        ctx.driver.execute_query(
            "MATCH (i:Intelligence {source_ref: 'I-1'}) "
            "SET i.handling_conditions = 'share_with: police'"
        )


def test_an_explicit_share_with_list_grants_exactly_the_agencies_listed(
    world: tuple[ServiceContext, Path],
) -> None:
    ctx, _ = world
    ctx.driver.execute_query(
        "MATCH (i:Intelligence {source_ref: 'I-5'}) "
        "SET i.handling_conditions = 'share_with: health; childrens_social_care'"
    )
    try:
        for who, restricted in ((HEALTH, False), (SCHOOL, True)):
            profile = person_profile(ctx, who, CHILD, purpose=PURPOSE)
            [item] = [
                t.intelligence
                for t in profile.timeline
                if t.intelligence is not None and t.intelligence.source_ref == "I-5"
            ]
            assert item.restricted is restricted
    finally:
        ctx.driver.execute_query(
            "MATCH (i:Intelligence {source_ref: 'I-5'}) "
            "SET i.handling_conditions = 'mental health team may be told'"
        )
