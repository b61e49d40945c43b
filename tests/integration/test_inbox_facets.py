"""Triage facets of the inbox: facts about reports, counted and filtered, worked out by hand.

One police extract: an adult (Carl) named with three girls at a takeaway (the first report 100
days ago, two in the last week), so Carl is linked to three young people and the takeaway is a
hotspot; Amy is in an operation's cohort; a second adult (Dave) is newly named with Ella.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import neo4j
import pytest

from cseboard.config import Settings
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.ingest.importer import Importer
from cseboard.models.ids import person_id_for
from cseboard.models.users import Role, User
from cseboard.models.values import LONDON
from cseboard.services.analysis import analysis_params, run_network_analysis
from cseboard.services.context import ServiceContext
from cseboard.services.inbox import inbox, mark_reviewed
from cseboard.store.operations import OperationStore
from support.partner_files import write_csv

NOW = datetime.now(UTC)
LEAD = User(username="lead", display_name="lead", roles=frozenset({Role.PRACTICE_LEAD}))
OPS = User(
    username="ops",
    display_name="ops",
    roles=frozenset({Role.OPERATIONAL}),
    agency="police",
    operations=frozenset({"OP-F"}),
)


def uk(days_ago: float) -> str:
    return (NOW - timedelta(days=days_ago)).astimezone(LONDON).strftime("%d/%m/%Y %H:%M")


def report(ref: str, days: float, people: str, locations: str = "") -> dict[str, str]:
    return {
        "agency": "police",
        "source_ref": ref,
        "reported_at": uk(days),
        "category": "sighting",
        "summary": f"Report {ref}",
        "source_evaluation": "1",
        "intelligence_assessment": "A",
        "handling_code": "P",
        "people": people,
        "locations": locations,
    }


@pytest.fixture(scope="module")
def ctx(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> ServiceContext:
    folder = tmp_path_factory.mktemp("facets")

    def person(ref: str, first: str, role: str, dob: str) -> dict[str, str]:
        return {
            "agency": "police",
            "source_ref": ref,
            "role": role,
            "first_name": first,
            "last_name": "Example",
            "date_of_birth": dob,
        }

    files = [
        write_csv(
            folder / "people.csv",
            [
                person("Y1", "Amy", "young_person", "01/01/2010"),
                person("Y2", "Beth", "young_person", "02/02/2010"),
                person("Y3", "Cara", "young_person", "03/03/2010"),
                person("Y4", "Ella", "young_person", "04/04/2010"),
                person("A1", "Carl", "associate", "05/05/1985"),
                person("A2", "Dave", "associate", "06/06/1980"),
            ],
        ),
        write_csv(
            folder / "locations.csv",
            [
                {
                    "agency": "police",
                    "source_ref": "LOC-H",
                    "name": "Chicken Hut",
                    "kind": "takeaway",
                    "postcode": "S1 2AB",
                },
            ],
        ),
        write_csv(
            folder / "intelligence.csv",
            [
                report("R1", 100, "A1;Y1", "LOC-H"),
                report("R2", 5, "A1;Y2", "LOC-H"),
                report("R3", 4, "A1;Y3", "LOC-H"),
                report("R5", 2, "A2;Y4"),
                report("R6", 1, "Y1", "LOC-H"),
            ],
        ),
    ]
    summary = Importer(driver, agency="police", risk_levels=neo4j_settings.risk_levels).run(files)
    assert all(f.rejected == 0 for f in summary.files)
    operations = OperationStore(driver)
    operations.upsert("OP-F", "Operation F", by="test")
    operations.nominate("OP-F", person_id_for("police", "Y1"), by="test", rationale="test")
    return ServiceContext(driver, neo4j_settings)


def ids(page: object) -> list[str]:
    return [i.intel_id.removeprefix("police/") for i in page.items]  # type: ignore[attr-defined]


def test_before_any_analysis_only_the_cohort_facet_can_hold(ctx: ServiceContext) -> None:
    page = inbox(ctx, LEAD)
    assert page.facets_run is None
    assert page.facet_counts == {"cohort_child": 2, "adult_linked": 0, "hotspot": 0, "new_link": 0}
    assert ids(inbox(ctx, LEAD, facets=["cohort_child"])) == ["R6", "R1"]


def test_facets_after_the_analysis_run(ctx: ServiceContext) -> None:
    outcome = run_network_analysis(ctx, LEAD, analysis_params(ctx, window_days=365))
    page = inbox(ctx, LEAD)
    assert page.facets_run == outcome.run_id
    assert ids(page) == ["R6", "R5", "R3", "R2", "R1"]
    assert page.facet_counts == {"cohort_child": 2, "adult_linked": 3, "hotspot": 4, "new_link": 3}
    by_id = {i.intel_id.removeprefix("police/"): i.facets for i in page.items}
    assert by_id == {
        "R1": ["cohort_child", "adult_linked", "hotspot"],
        "R2": ["adult_linked", "hotspot", "new_link"],
        "R3": ["adult_linked", "hotspot", "new_link"],
        "R5": ["new_link"],
        "R6": ["cohort_child", "hotspot"],
    }
    assert page.facets["adult_linked"] == "Names an adult already linked to 3 or more young people"


def test_facets_filter_together_and_counts_follow(ctx: ServiceContext) -> None:
    both = inbox(ctx, LEAD, facets=["hotspot", "new_link"])
    assert ids(both) == ["R3", "R2"] and both.total == 2
    # Counts are of the reports matching the other filters, whichever facets are chosen.
    assert both.facet_counts == {"cohort_child": 2, "adult_linked": 3, "hotspot": 4, "new_link": 3}
    mark_reviewed(ctx, LEAD, ["police/R2"])
    after = inbox(ctx, LEAD, facets=["new_link", "hotspot"])
    assert ids(after) == ["R3"]
    assert after.facet_counts == {"cohort_child": 2, "adult_linked": 2, "hotspot": 3, "new_link": 2}
    assert inbox(ctx, LEAD, facets=["new_link"], include_reviewed=True).total == 3
    assert inbox(ctx, LEAD, agencies=["health"]).facet_counts == dict.fromkeys(
        ("cohort_child", "adult_linked", "hotspot", "new_link"), 0
    )


def test_facets_are_checked_and_the_inbox_is_the_practice_leads(ctx: ServiceContext) -> None:
    with pytest.raises(ValidationFailed, match="no facet"):
        inbox(ctx, LEAD, facets=["risk_score"])
    with pytest.raises(AccessDenied):
        inbox(ctx, OPS, facets=["cohort_child"])
