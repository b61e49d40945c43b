"""The missing-children figures on a small police + council (SSD) dataset worked out by hand.

Police send named children and timed episodes; the council sends its SSD extract: children with
no name and no NHS number, episodes with dates only. The same absence recorded by both must
count once, but only once the practice lead has confirmed that the council's child is the
police's child (proposed from the same-day episodes, never merged automatically); two council
children with the same date of birth missing on the same day stay two children; an away episode
is never a missing one; a child not yet returned is still missing and not yet due an interview;
an offer without a time is neither within nor later than 72 hours.

All dates sit in the month two months before this one (UK time), so the figures are those of
``--months 3``. Every expected number below was worked out by hand from the files, episode by
episode (E1-E9 in the comments), not by the code under test.
"""

from __future__ import annotations

import json
import secrets
from datetime import date, datetime, timedelta
from pathlib import Path

import neo4j
import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from cseboard.access.accounts import add_user
from cseboard.cli import app
from cseboard.config import Settings
from cseboard.errors import AccessDenied
from cseboard.ingest.importer import Importer
from cseboard.models.ids import person_id_for
from cseboard.models.oversight import OversightReport
from cseboard.models.users import Role, User
from cseboard.models.values import LONDON
from cseboard.services import resolve
from cseboard.services.context import ServiceContext
from cseboard.services.oversight_figures import oversight_report
from cseboard.store.connection import resolve_target
from support.partner_files import write_csv

LEAD = User(username="lead", display_name="Practice lead", roles=frozenset({Role.PRACTICE_LEAD}))
BOARD = User(username="board", display_name="Board member", roles=frozenset({Role.STRATEGIC}))
CSC = "childrens_social_care"

TODAY = datetime.now(LONDON).date()
FIRST = (TODAY.replace(day=1) - timedelta(days=40)).replace(day=1)  # two months back
MONTH = FIRST.strftime("%Y-%m")


def day(n: int, hhmm: str | None = None) -> str:
    """Day ``n`` of the month (1 = the 2nd), UK style, with a UK local time if given."""
    text = (FIRST + timedelta(days=n)).strftime("%d/%m/%Y")
    return f"{text} {hhmm}" if hhmm else text


def iso_midnight(n: int) -> str:
    """How a case system exports a date column: a date-time at midnight."""
    return f"{(FIRST + timedelta(days=n)).isoformat()} 00:00:00"


def police_files(root: Path) -> list[Path]:
    people = write_csv(root / "people.csv", [
        {"agency": "police", "source_ref": "P-AMY", "role": "young_person", "first_name": "Amy",
         "last_name": "Hollins", "date_of_birth": "01/05/2010", "gender": "female"},
        {"agency": "police", "source_ref": "P-BEA", "role": "young_person", "first_name": "Bea",
         "last_name": "Marsh", "date_of_birth": "02/02/2011", "gender": "female"},
        {"agency": "police", "source_ref": "P-CAL", "role": "young_person", "first_name": "Cal",
         "last_name": "Dunn", "date_of_birth": "09/09/2009", "gender": "male"},
    ])
    blank = {"rhi_offered_at": "", "rhi_completed_at": "", "rhi_declined": ""}
    episodes = write_csv(root / "missing_episodes.csv", [
        # E1 (with SSD MS-1): Amy, evening of day 3 to the next morning.
        {"agency": "police", "source_ref": "PM-1", "person_ref": "P-AMY", "missing_from": "home",
         "reported_missing_at": day(3, "20:00"), "returned_at": day(4, "09:00"), **blank},
        # E2 and E3: Amy missing twice on day 10 (the SSD record of day 10 joins one of them).
        # E2 back at 12:00, offered on day 14 at 15:00: more than 72 hours, late.
        {"agency": "police", "source_ref": "PM-2", "person_ref": "P-AMY", "missing_from": "home",
         "reported_missing_at": day(10, "07:00"), "returned_at": day(10, "12:00"),
         **blank, "rhi_offered_at": day(14, "15:00")},
        # E3 back day 11 08:00, offered on day 12 (date only): the whole day is within 72 hours.
        {"agency": "police", "source_ref": "PM-3", "person_ref": "P-AMY", "missing_from": "home",
         "reported_missing_at": day(10, "19:00"), "returned_at": day(11, "08:00"),
         **blank, "rhi_offered_at": day(12)},
        # E4: Amy missing on day 15, back day 16 02:00; offered on day 19 (date only): 72 hours
        # end at 02:00 that day, so the day is neither within nor late: unknown.
        {"agency": "police", "source_ref": "PM-4", "person_ref": "P-AMY", "missing_from": "home",
         "reported_missing_at": day(15, "22:00"), "returned_at": day(16, "02:00"),
         **blank, "rhi_offered_at": day(19)},
        # E6 (with SSD MS-5 once Bea is resolved): Bea, day 5 evening, no interview recorded here.
        {"agency": "police", "source_ref": "PM-5", "person_ref": "P-BEA", "missing_from": "home",
         "reported_missing_at": day(5, "18:00"), "returned_at": day(5, "23:00"), **blank},
        # E8: Cal, day 20, not returned: still missing, no interview due.
        {"agency": "police", "source_ref": "PM-6", "person_ref": "P-CAL", "missing_from": "home",
         "reported_missing_at": day(20, "21:00"), "returned_at": "", **blank},
        # E9: Cal, day 1, offered 20 hours after return, completed.
        {"agency": "police", "source_ref": "PM-7", "person_ref": "P-CAL", "missing_from": "home",
         "reported_missing_at": day(1, "10:00"), "returned_at": day(1, "14:00"),
         "rhi_offered_at": day(2, "10:00"), "rhi_completed_at": day(3, "11:00"),
         "rhi_declined": ""},
    ])
    return [people, episodes]


def ssd_files(root: Path) -> list[Path]:
    people = write_csv(root / "ssd_person.csv", [
        {"pers_person_id": "S-100", "pers_sex": "F", "pers_dob": "2010-05-01", "pers_common_child_id": ""},
        {"pers_person_id": "S-200", "pers_sex": "F", "pers_dob": "2011-02-02", "pers_common_child_id": ""},
        {"pers_person_id": "S-201", "pers_sex": "F", "pers_dob": "2011-02-02", "pers_common_child_id": ""},
    ])
    episodes = write_csv(root / "ssd_missing.csv", [
        # E1 with PM-1: offered (no time) and not accepted: declined, offer time unknown.
        {"miss_table_id": "MS-1", "miss_la_person_id": "S-100", "miss_mis_epi_start": day(3),
         "miss_mis_epi_type": "M", "miss_mis_epi_end": day(4), "miss_mis_epi_rhi_offered": "Yes",
         "miss_mis_epi_rhi_accepted": "No"},
        # With E2 or E3 (day 10 to day 11): not offered here, police recorded the offers.
        {"miss_table_id": "MS-2", "miss_la_person_id": "S-100", "miss_mis_epi_start": iso_midnight(10),
         "miss_mis_epi_type": "M", "miss_mis_epi_end": iso_midnight(11),
         "miss_mis_epi_rhi_offered": "No", "miss_mis_epi_rhi_accepted": ""},
        # E5: Amy AWAY (absent without authorisation) on day 15: not the missing episode E4.
        {"miss_table_id": "MS-3", "miss_la_person_id": "S-100", "miss_mis_epi_start": day(15),
         "miss_mis_epi_type": "A", "miss_mis_epi_end": day(15), "miss_mis_epi_rhi_offered": "",
         "miss_mis_epi_rhi_accepted": ""},
        # E6 with PM-5: offered (no time), accepted: not a completed interview.
        {"miss_table_id": "MS-5", "miss_la_person_id": "S-200", "miss_mis_epi_start": day(5),
         "miss_mis_epi_type": "M", "miss_mis_epi_end": day(6), "miss_mis_epi_rhi_offered": "Yes",
         "miss_mis_epi_rhi_accepted": "Yes"},
        # E7: another council child, same date of birth and sex, missing the same day: never
        # the same child as S-200 by date of birth alone. Not offered an interview.
        {"miss_table_id": "MS-6", "miss_la_person_id": "S-201", "miss_mis_epi_start": day(5),
         "miss_mis_epi_type": "M", "miss_mis_epi_end": day(5), "miss_mis_epi_rhi_offered": "No",
         "miss_mis_epi_rhi_accepted": ""},
    ])
    return [people, episodes]


EXPECTED_AFTER_RESOLUTION = {
    "missing_episodes": 8,  # E1 E2 E3 E4 E6 E7 E8 E9
    "missing_children": 4,  # Amy, Bea (= S-200), S-201, Cal
    "away_episodes": 1,  # E5
    "away_children": 1,  # Amy
    "still_missing_episodes": 1,  # E8
    "still_missing_children": 1,  # Cal
    "returned_missing_episodes": 7,
    "rhi_offered": 6,  # E1 E2 E3 E4 E6 E9
    "rhi_not_offered": 1,  # E7
    "rhi_offered_within": 2,  # E3 (offer day inside 72 h), E9
    "rhi_offered_late": 1,  # E2
    "rhi_offered_time_unknown": 3,  # E1 (SSD yes, no time), E4 (boundary day), E6 (SSD yes)
    "rhi_completed": 1,  # E9 (E6 'accepted' is not a completion)
    "rhi_declined": 1,  # E1
    "repeat_missing_children": 1,  # Amy: E3 is her third missing episode within 90 days
    "cohort_missing_children": 0,
    "top20_missing_episodes": 8,
}


@pytest.fixture(scope="module")
def ctx(driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> ServiceContext:
    root = tmp_path_factory.mktemp("kpis")
    Importer(driver, agency="police").run(police_files(root / "police"))
    Importer(driver, agency=CSC, fmt="ssd").run(ssd_files(root / "csc"))
    settings = neo4j_settings.model_copy(update={"pseudonym_key": SecretStr("kpi-test-key")})
    return ServiceContext(driver, settings)


def _exact(ctx: ServiceContext) -> OversightReport:
    return oversight_report(ctx, LEAD, months=3, exact=True)


def _values(report: OversightReport) -> dict[str, int | None]:
    return {name: cell.value for name, cell in report.figures.items()}


def test_day_only_records_and_absence_types_are_stored(driver: neo4j.Driver, ctx: ServiceContext) -> None:
    rows = {r["id"]: r for r in driver.execute_query(
        "MATCH (e:MissingEpisode) RETURN e.episode_id AS id, e.date_only AS days, e.absence_type AS type"
    ).records}
    assert sorted(rows["childrens_social_care/MS-1"]["days"]) == ["reported_missing_at", "returned_at"]
    assert sorted(rows["childrens_social_care/MS-2"]["days"]) == ["reported_missing_at", "returned_at"]
    assert rows["childrens_social_care/MS-3"]["type"] == "away_without_authorisation"
    assert list(rows["police/PM-1"]["days"]) == []
    assert list(rows["police/PM-3"]["days"]) == ["rhi_offered_at"]


def test_before_resolution_nothing_is_merged_by_date_of_birth(ctx: ServiceContext) -> None:
    figures = _values(_exact(ctx))
    # 7 police + 4 SSD missing records, all of different people until someone confirms otherwise.
    assert figures["missing_episodes"] == 11
    assert figures["missing_children"] == 6
    assert figures["away_episodes"] == 1
    assert figures["still_missing_episodes"] == 1


def test_same_day_episodes_propose_the_council_child_for_review(ctx: ServiceContext) -> None:
    summary = resolve.find_duplicates(ctx, LEAD)
    assert summary.automatic_merges == 0, "never merged automatically"
    views = resolve.candidates(ctx, LEAD)
    pairs = {frozenset((v.candidate.person_a, v.candidate.person_b)): v for v in views}
    amy = frozenset((person_id_for("police", "P-AMY"), person_id_for(CSC, "S-100")))
    bea_200 = frozenset((person_id_for("police", "P-BEA"), person_id_for(CSC, "S-200")))
    bea_201 = frozenset((person_id_for("police", "P-BEA"), person_id_for(CSC, "S-201")))
    twins = frozenset((person_id_for(CSC, "S-200"), person_id_for(CSC, "S-201")))
    assert amy in pairs and bea_200 in pairs and bea_201 in pairs
    assert twins not in pairs, "two council children are never proposed by date of birth alone"
    view = pairs[amy]
    assert not view.candidate.automatic
    evidence = [c for c in view.candidate.contributions if c.field == "missing_episode"]
    assert evidence and evidence[0].level == "same_day" and evidence[0].weight > 0
    shown = {(a.episode_id, b.episode_id) for a, b in view.same_day_episodes}
    assert {tuple(sorted(p)) for p in shown} == {
        ("childrens_social_care/MS-1", "police/PM-1"),
        ("childrens_social_care/MS-2", "police/PM-2"),
        ("childrens_social_care/MS-2", "police/PM-3"),
        ("childrens_social_care/MS-3", "police/PM-4"),
    }
    # Without the episodes the pair would score below the review threshold.
    without = view.candidate.weight - evidence[0].weight
    assert without < 4.0
    for pair in (amy, bea_200):
        resolve.confirm_candidate(ctx, LEAD, pairs[pair].candidate.candidate_id, reason="same child: checked with police")


def test_figures_after_resolution_match_the_hand_count(ctx: ServiceContext) -> None:
    report = _exact(ctx)
    figures = _values(report)
    for name, expected in EXPECTED_AFTER_RESOLUTION.items():
        assert figures[name] == expected, name
    # Everything happened in one month: that month equals the period, the others are empty.
    by_month = {m: {k: c.value for k, c in f.items()} for m, f in report.by_month.items()}
    for name, expected in EXPECTED_AFTER_RESOLUTION.items():
        if name in by_month[MONTH]:
            assert by_month[MONTH][name] == expected, name
    assert all(v == 0 for m, f in by_month.items() if m != MONTH for v in f.values())
    # The per-agency view: police hold 7 of the missing episodes, the council 4 and the away one.
    agencies = {a.agency: {k: c.value for k, c in a.figures.items()} for a in report.by_agency}
    assert agencies["police"]["missing_episodes"] == 7 and agencies["police"]["away_episodes"] == 0
    assert agencies[CSC]["missing_episodes"] == 4 and agencies[CSC]["away_episodes"] == 1
    # Each episode keeps the records it was built from, and the practice lead's report lists them.
    merged = {tuple(e.records) for e in report.merged_episodes}
    assert ("childrens_social_care/MS-1", "police/PM-1") in merged
    assert ("childrens_social_care/MS-5", "police/PM-5") in merged
    assert merged & {("childrens_social_care/MS-2", "police/PM-2"), ("childrens_social_care/MS-2", "police/PM-3")}
    assert len(merged) == 3
    police_only = _values(oversight_report(ctx, LEAD, months=3, exact=True, agency="police"))
    assert police_only["missing_episodes"] == 7 and police_only["still_missing_episodes"] == 1


def test_cli_prints_the_same_figures_as_json(
    ctx: ServiceContext, neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = resolve_target(neo4j_settings)
    monkeypatch.setenv("NEO4J_URI", target.uri)
    monkeypatch.setenv("NEO4J_USER", target.user)
    monkeypatch.setenv("NEO4J_PASSWORD", target.password)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["kpis", "--months", "3", "--exact", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for name, expected in EXPECTED_AFTER_RESOLUTION.items():
        assert data[name] == expected, name
    assert data["by_month"][MONTH]["missing_episodes"] == 8
    suppressed = json.loads(runner.invoke(app, ["kpis", "--months", "3", "--json"]).output)
    assert suppressed["still_missing_episodes"] in ("<5", "[c]")
    assert suppressed["rhi_offered_late"] in ("<5", "[c]")
    for name in EXPECTED_AFTER_RESOLUTION:
        value = suppressed[name]
        assert value in ("<5", "[c]") or value == 0 or value >= 5, name
    add_user(ctx.driver, audit=ctx.audit, username="board", password=secrets.token_urlsafe(16),
             roles=[Role.STRATEGIC], display_name="Board", added_by="test")
    for refused in (["--exact"], ["--agency", "police"], ["--months", "3"]):
        denied = runner.invoke(app, ["kpis", "--as", "board", "--json", *refused])
        assert denied.exit_code == 1 and "practice lead" in denied.output
    refusals = ctx.audit.events(username="board", action="refusal")
    assert len(refusals) == 3 and all("oversight refused" in e.what for e in refusals)
    board = json.loads(runner.invoke(app, ["kpis", "--as", "board", "--json"]).output)
    assert board["suppressed"] is True and "by_agency" not in board


def test_strategic_users_get_fixed_periods_only(ctx: ServiceContext) -> None:
    with pytest.raises(AccessDenied):
        oversight_report(ctx, BOARD, months=3)
    with pytest.raises(AccessDenied):
        oversight_report(ctx, BOARD, last_month=date.today())
    report = oversight_report(ctx, BOARD)
    assert report.period.kind == "financial_year" and report.suppressed and not report.by_agency
