"""Results kept per process (``services.kept``): per user, reused only while the graph is unchanged.

Played as an attacker would: the practice lead's projection (with a police-only report) is kept
first, then a school user asks for the very same neighbourhood; the school user must get their
own projection without the restricted link. An account an administrator narrows, widens back or
disables must never be served what was kept for it before. A new report (an import) must be
seen at once, and every view must still be audited although its computation was kept.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import neo4j
import pytest

from cseboard.config import Settings
from cseboard.errors import AccessDenied
from cseboard.ingest.importer import Importer
from cseboard.models.ids import person_id_for
from cseboard.models.network import NetworkFilters
from cseboard.models.users import Role, User
from cseboard.services.analysis import analysis_params
from cseboard.services.context import ServiceContext
from cseboard.services.kept import forget_kept, kept
from cseboard.services.network_view import network_view
from cseboard.services.oversight_kept import kept_oversight_report
from cseboard.services.projection import user_projection
from cseboard.store.operations import OperationStore
from cseboard.store.users import UserStore
from support.partner_files import write_csv

NOW = datetime.now(UTC).replace(microsecond=0)
AMY, BEN, CAL = (person_id_for("police", ref) for ref in ("PN-1", "PN-2", "PN-3"))
LEAD = User(
    username="k.lead", display_name="k.lead", roles=frozenset({Role.PRACTICE_LEAD}), agency="police"
)
SCHOOL = User(
    username="k.school",
    display_name="k.school",
    roles=frozenset({Role.OPERATIONAL}),
    agency="education",
    operations=frozenset({"OP-K"}),
)


def _report(ref: str, people: str, code: str = "P", conditions: str = "") -> dict[str, str]:
    return {
        "agency": "police",
        "source_ref": ref,
        "reported_at": (NOW - timedelta(days=5)).isoformat(),
        "category": "association",
        "summary": f"Report {ref}",
        "source_evaluation": "1",
        "intelligence_assessment": "A",
        "handling_code": code,
        "handling_conditions": conditions,
        "people": people,
        "locations": "",
        "vehicles": "",
        "phones": "",
        "online_accounts": "",
    }


def _import(driver: neo4j.Driver, folder: Path, rows: list[dict[str, str]]) -> None:
    write_csv(folder / "intelligence.csv", rows)
    Importer(driver, agency="police").run([folder / "intelligence.csv"])


@pytest.fixture(scope="module")
def world(driver: neo4j.Driver, tmp_path_factory: pytest.TempPathFactory) -> neo4j.Driver:
    root = tmp_path_factory.mktemp("kept")
    write_csv(
        root / "people.csv",
        [
            {
                "agency": "police",
                "source_ref": ref,
                "role": "young_person",
                "first_name": name,
                "last_name": "Example",
                "date_of_birth": "2010-01-02",
                "gender": "F",
            }
            for ref, name in (("PN-1", "Amy"), ("PN-2", "Ben"), ("PN-3", "Cal"))
        ],
    )
    Importer(driver, agency="police").run([root / "people.csv"])
    _import(
        driver,
        root / "first",
        [
            _report("I-1", "PN-1;PN-2"),
            _report("I-2", "PN-1;PN-3", code="C", conditions="share_with: police"),
        ],
    )
    ops = OperationStore(driver)
    ops.upsert("OP-K", "Operation K", by="test")
    ops.nominate("OP-K", AMY, by="test", rationale="test")
    return driver


@pytest.fixture
def ctx(world: neo4j.Driver, neo4j_settings: Settings) -> ServiceContext:
    forget_kept()
    return ServiceContext(world, neo4j_settings.model_copy(update={"result_cache_entries": 8}))


def test_a_kept_result_serves_the_same_user_only(ctx: ServiceContext) -> None:
    calls: list[str] = []

    def load(who: str) -> str:
        calls.append(who)
        return f"result of {who}"

    assert kept(ctx, LEAD, "thing", 1, lambda: load("lead")) == ("result of lead", False)
    assert kept(ctx, LEAD, "thing", 1, lambda: load("lead")) == ("result of lead", True)
    assert kept(ctx, SCHOOL, "thing", 1, lambda: load("school")) == ("result of school", False)
    changed = SCHOOL.model_copy(update={"operations": frozenset({"OP-K", "OP-OTHER"})})
    assert kept(ctx, changed, "thing", 1, lambda: load("changed"))[1] is False
    assert kept(ctx, LEAD, "thing", 2, lambda: load("lead 2"))[1] is False
    assert calls == ["lead", "school", "changed", "lead 2"]
    off = ServiceContext(ctx.driver, ctx.settings.model_copy(update={"result_cache_entries": 0}))
    assert kept(off, LEAD, "thing", 1, lambda: load("off"))[1] is False


def test_one_users_projection_never_serves_another(ctx: ServiceContext) -> None:
    params = analysis_params(ctx, window_end=NOW)
    lead = user_projection(ctx, LEAD, params, around=[AMY]).projection.graph
    assert set(lead[AMY]) == {BEN, CAL}  # the lead reads the police-only report
    again = user_projection(ctx, LEAD, params, around=[AMY]).projection.graph
    assert again is lead  # kept
    school = user_projection(ctx, SCHOOL, params, around=[AMY])
    assert set(school.projection.graph[AMY]) == {BEN}
    assert school.restricted_reports == 1
    # A window ending much later is read afresh, not served from the kept one.
    later = analysis_params(ctx, window_end=NOW + timedelta(hours=1))
    assert user_projection(ctx, LEAD, later, around=[AMY]).projection.graph is not lead


def test_a_new_report_is_seen_at_once_and_every_view_is_audited(
    ctx: ServiceContext, tmp_path: Path
) -> None:
    filters = NetworkFilters(focus="person", person_id=AMY, show_places=False, show_objects=False)
    before = network_view(ctx, SCHOOL, filters, purpose="meeting", now=NOW)
    assert {n.node_id for n in before.people()} == {AMY, BEN}
    events = len(ctx.audit.events(username=SCHOOL.username, action="consultation"))
    same = network_view(ctx, SCHOOL, filters, purpose="meeting", now=NOW)
    assert same.model_dump(exclude={"as_of"}) == before.model_dump(exclude={"as_of"})
    after_views = ctx.audit.events(username=SCHOOL.username, action="consultation")
    assert len(after_views) == events + 2  # the person record and the chart, kept or not
    _import(ctx.driver, tmp_path / "second", [_report("I-3", "PN-1;PN-3")])
    grown = network_view(ctx, SCHOOL, filters, purpose="meeting", now=NOW)
    assert {n.node_id for n in grown.people()} == {AMY, BEN, CAL}


def _save(driver: neo4j.Driver, who: User) -> None:
    UserStore(driver).upsert(
        username=who.username,
        display_name=who.display_name,
        roles=sorted(r.value for r in who.roles),
        agency=who.agency,
        operations=sorted(who.operations),
        password_hash=None,
    )


def test_a_changed_or_disabled_account_never_reuses_a_kept_result(ctx: ServiceContext) -> None:
    wide = SCHOOL.model_copy(
        update={"username": "k.ops", "operations": frozenset({"OP-K", "OP-OTHER"})}
    )
    narrow = wide.model_copy(update={"operations": frozenset({"OP-K"})})
    _save(ctx.driver, wide)
    calls: list[str] = []

    def load(tag: str) -> str:
        calls.append(tag)
        return tag

    assert kept(ctx, wide, "thing", 1, lambda: load("wide")) == ("wide", False)
    assert kept(ctx, wide, "thing", 1, lambda: load("unused")) == ("wide", True)
    # An administrator removes an operation: the narrowed session computes afresh ...
    _save(ctx.driver, narrow)
    assert kept(ctx, narrow, "thing", 1, lambda: load("narrow")) == ("narrow", False)
    # ... and a session still holding the wide identity is not served either (new version).
    assert kept(ctx, wide, "thing", 1, lambda: load("stale")) == ("stale", False)
    # Widened back: the account's version moved on, so nothing kept before comes back.
    _save(ctx.driver, wide)
    assert kept(ctx, wide, "thing", 1, lambda: load("wide again")) == ("wide again", False)
    # Disabled: never served a kept result, not even the one kept a moment ago.
    UserStore(ctx.driver).set_disabled(wide.username, True)
    assert kept(ctx, wide, "thing", 1, lambda: load("disabled 1")) == ("disabled 1", False)
    assert kept(ctx, wide, "thing", 1, lambda: load("disabled 2")) == ("disabled 2", False)
    UserStore(ctx.driver).set_disabled(wide.username, False)
    assert kept(ctx, wide, "thing", 1, lambda: load("enabled")) == ("enabled", False)
    assert kept(ctx, wide, "thing", 1, lambda: load("unused")) == ("enabled", True)
    assert "unused" not in calls


def test_kept_oversight_figures_are_checked_and_audited_every_time(ctx: ServiceContext) -> None:
    board = User(username="k.board", display_name="k.board", roles=frozenset({Role.STRATEGIC}))
    first = kept_oversight_report(ctx, board)
    assert first.suppressed
    views = ctx.audit.events(username=board.username, action="consultation")
    again = kept_oversight_report(ctx, board)
    assert again is first  # kept for the same user and period
    seen = ctx.audit.events(username=board.username, action="consultation")
    assert len(seen) == len(views) + 1 and "computed" in seen[-1].what
    # What only the practice lead may ask for is refused (and audited) before anything kept.
    with pytest.raises(AccessDenied):
        kept_oversight_report(ctx, board, exact=True)
    assert ctx.audit.events(username=board.username, action="refusal")
    exact = kept_oversight_report(ctx, LEAD, exact=True)
    assert exact is not first and not exact.suppressed
