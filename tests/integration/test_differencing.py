"""The attacker's test: a strategic user gathers every figure they can get and tries to solve for
a hidden count.

They load every reporting period offered (financial years and quarters: the page, the PDF and
``cseboard kpis --json`` all come from ``oversight_report``), the loaded-data counts and the
latest analysis run, then write down every relation ``docs/kpis.md`` tells them (a total is its
breakdowns, a quarter is its months, a financial year its quarters, children are at most
episodes, an all-time count is at least its months...). Hidden counts are unknown non-negative
integers ("<5" means 1 to 4). For each hidden count whose true value (the practice lead's exact
view) is from 1 to 4, integer programming finds its smallest and largest possible value: they
must differ.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import neo4j
import numpy as np
import pytest
from pydantic import SecretStr
from scipy.optimize import Bounds, LinearConstraint, milp

from cseboard.commands.kpis import kpis_json
from cseboard.config import Settings
from cseboard.models.oversight import Cell, MonthlyTable, OversightReport
from cseboard.models.overview import LoadedData
from cseboard.models.users import Role, User
from cseboard.services.context import ServiceContext
from cseboard.services.demo_data import import_partner_folders, seed_demo_operation
from cseboard.services.disruption import record_disruption
from cseboard.services.missing_figures import FIGURES
from cseboard.services.oversight_figures import oversight_report, reporting_periods
from cseboard.services.overview import loaded_data_overview
from cseboard.synthetic import generate

BOARD = User(username="board", display_name="Board member", roles=frozenset({Role.STRATEGIC}))
LEAD = User(username="lead", display_name="Practice lead", roles=frozenset({Role.PRACTICE_LEAD}))
EPISODE_COUNTS = [n for n, (_, additive) in FIGURES.items() if additive]
CHILD_COUNTS = [
    "missing_children",
    "away_children",
    "still_missing_children",
    "repeat_missing_children",
    "cohort_missing_children",
]
BIG = 10**6

Key = tuple[str, str]


@pytest.fixture(scope="module")
def ctx(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServiceContext]:
    root = tmp_path_factory.mktemp("differencing-town")
    generate("town", 7, root)
    import_partner_folders(driver, root, neo4j_settings)
    seed_demo_operation(driver, root / "truth.json")
    settings = neo4j_settings.model_copy(update={"pseudonym_key": SecretStr("attacker-key")})
    context = ServiceContext(driver, settings)
    today = date.today()
    for kind, days in (("cawn", 3), ("cawn", 40), ("nrm_referral", 40), ("cawn", 200)):
        record_disruption(context, LEAD, kind=kind, on=today - timedelta(days=days))
    people = [
        r["id"]
        for r in driver.execute_query(
            "MATCH (p:YoungPerson) RETURN p.person_id AS id ORDER BY id LIMIT 14"
        ).records
    ]
    now = datetime.now(UTC)
    driver.execute_query(
        """
        CREATE (run:AnalysisRun {run_id: 'RUN-A1', run_at: $now, cluster_count: 2, hotspot_count: 3})
        WITH run
        UNWIND [['C-0001', $big], ['C-0002', $small]] AS c
        CREATE (cl:Cluster {cluster_key: 'RUN-A1/' + c[0], cluster_id: c[0], run_id: 'RUN-A1',
                            size: size(c[1]), members: c[1], young_people: c[1], associates: []})
        CREATE (cl)-[:IN_RUN]->(run)
        """,
        now=now,
        big=people[:9],
        small=people[9:12],
    )
    for i, pid in enumerate(people):
        driver.execute_query(
            "MATCH (p:Person {person_id: $pid}) "
            "CREATE (:RiskAssessment {assessment_id: $aid, assessed_at: $at, level: $level})"
            "-[:ASSESSES]->(p)",
            pid=pid,
            aid=f"RA-A{i}",
            at=now - timedelta(days=45 * (i % 4)),
            level=("high", "medium", "low")[i % 3],
        )
    yield context


class Published:
    """Every cell the attacker saw, by what it is; the same cell must read the same everywhere."""

    def __init__(self) -> None:
        self.text: dict[Key, str] = {}

    def add(self, key: Key, cell: Cell) -> None:
        if cell.text == "n/a":
            return
        seen = self.text.setdefault(key, cell.text)
        assert seen == cell.text, f"{key} reads {seen} in one view and {cell.text} in another"

    def table(self, table: MonthlyTable, prefix: str, total: str) -> None:
        for series in table.series:
            for month, cell in zip(table.months, series.cells, strict=True):
                self.add((prefix + series.key, month), cell)
            if series.total is not None:
                self.add((prefix + series.key, total), series.total)


def gather(report: OversightReport, seen: Published, tops: dict[str, list[str]]) -> None:
    total = report.period.key
    seen.table(report.missing, "", total)
    seen.table(report.rhi, "", total)
    seen.table(report.repeat, "", total)
    seen.table(report.intelligence, "intelligence:", total)
    seen.table(report.disruption, "disruption:", total)
    for series in report.risk_now.series:
        seen.add((f"risk:{series.key}", "now"), series.cells[0])
    if report.risk_over_time is not None:
        seen.table(report.risk_over_time, "risk:", total)
    for name, cell in report.figures.items():
        seen.add((name, total), cell)
    for month, figures in report.by_month.items():
        for name, cell in figures.items():
            seen.add((name, month), cell)
    seen.add(("cohort_missing_children", total), report.cohort_share.part)
    seen.add(("missing_children", total), report.cohort_share.whole)
    if report.top_children:
        seen.add(("top20_missing_episodes", total), report.top20_share.part)
        seen.add(("missing_episodes", total), report.top20_share.whole)
        tops[total] = [c.pseudonym for c in report.top_children]
        for child in report.top_children:
            seen.add((f"top:{child.pseudonym}", total), child.episodes)
    view = report.clusters
    if view.cluster_count is not None:
        seen.add(("clusters", "count"), view.cluster_count)
    if view.hotspot_count is not None:
        seen.add(("clusters", "hotspots"), view.hotspot_count)
    for row in view.clusters:
        for part in ("members", "young_people", "adults", "others"):
            seen.add((f"cluster:{row.cluster_id}", part), getattr(row, part))
    for i, (_, cell) in enumerate(view.runs):
        seen.add(("runs", str(i)), cell)
    # The JSON of cseboard kpis is the same figures: nothing more, nothing different.
    printed = kpis_json(report)
    for name, cell in report.figures.items():
        assert printed[name] == (cell.value if cell.value is not None else cell.text)


def gather_loaded(loaded: LoadedData, seen: Published) -> None:
    for kind, cell in loaded.counts.items():
        seen.add(("loaded", kind), cell)
    for row in loaded.by_agency:
        seen.add((f"loaded:{row.agency}", row.kind), row.count)


class System:
    """Linear relations over the published cells and the hidden counts the attacker names."""

    def __init__(self, seen: Published) -> None:
        self.seen = seen
        self.index: dict[Key, int] = {}
        self.low: list[float] = []
        self.high: list[float] = []
        self.rows: list[tuple[dict[int, float], float, float]] = []
        self.complements: dict[Key, tuple[Key, list[Key]]] = {}
        self._built: tuple[LinearConstraint, Bounds] | None = None

    def var(self, key: Key) -> int | None:
        """The variable of a cell, or None when the attacker never saw it."""
        if key in self.index:
            return self.index[key]
        text = self.seen.text.get(key)
        if text is None and not key[0].startswith("_"):
            return None
        self.index[key] = len(self.low)
        if text is None:  # a count the attacker names (a complement): any non-negative value
            self.low.append(0)
            self.high.append(BIG)
        elif text == "<5":
            self.low.append(1)
            self.high.append(4)
        elif text == "[c]":
            self.low.append(0)
            self.high.append(BIG)
        else:
            self.low.append(int(text))
            self.high.append(int(text))
        return self.index[key]

    def relate(self, terms: list[tuple[float, Key]], low: float, high: float) -> None:
        coefficients: dict[int, float] = defaultdict(float)
        for weight, key in terms:
            v = self.var(key)
            if v is None:
                return
            coefficients[v] += weight
        self.rows.append((dict(coefficients), low, high))

    def complement(self, name: Key, whole: Key, parts: list[Key]) -> None:
        """A count the attacker names: ``whole`` less ``parts`` (e.g. offers with no outcome)."""
        if self.var(whole) is None or any(self.var(p) is None for p in parts):
            return
        self.complements[name] = (whole, parts)
        self.equal(whole, [*parts, name])

    def equal(self, whole: Key, parts: list[Key]) -> None:
        self.relate([(1.0, whole), *((-1.0, p) for p in parts)], 0, 0)

    def at_most(self, small: Key, large: Key) -> None:
        self.relate([(1.0, small), (-1.0, large)], -BIG, 0)

    def at_most_sum(self, whole: Key, parts: list[Key]) -> None:
        self.relate([(1.0, whole), *((-1.0, p) for p in parts)], -BIG, 0)

    def solve_range(self, v: int) -> tuple[float, float]:
        """The smallest and largest integer value of variable ``v`` over every solution."""
        n = len(self.low)
        if self._built is None:
            a = np.zeros((len(self.rows), n))
            for r, (coefficients, _, _) in enumerate(self.rows):
                for column, weight in coefficients.items():
                    a[r, column] = weight
            constraints = LinearConstraint(a, [r[1] for r in self.rows], [r[2] for r in self.rows])
            self._built = (constraints, Bounds(self.low, self.high))
        constraints, bounds = self._built
        found = []
        for sign in (1.0, -1.0):
            c = np.zeros(n)
            c[v] = sign
            result = milp(c, constraints=constraints, bounds=bounds, integrality=np.ones(n))
            assert result.status == 0, result.message
            found.append(sign * result.fun)
        return found[0], found[1]

def relations(system: System, periods: list[tuple[str, str, list[str]]], tops: dict[str, list[str]], agencies: set[str], levels: set[str], months: list[str]) -> None:
    """What docs/kpis.md tells a reader, written as relations."""
    columns = [(m, [m]) for m in months] + [(key, parts) for key, _, parts in periods]
    for col, _ in columns:
        system.equal(("missing_episodes", col), [("still_missing_episodes", col), ("returned_missing_episodes", col)])
        system.equal(("returned_missing_episodes", col), [("rhi_offered", col), ("rhi_not_offered", col)])
        system.equal(("rhi_offered", col), [("rhi_offered_within", col), ("rhi_offered_late", col), ("rhi_offered_time_unknown", col)])
        system.complement(("_no_outcome", col), ("rhi_offered", col), [("rhi_completed", col), ("rhi_declined", col)])
        system.complement(("_all_returned", col), ("missing_children", col), [("still_missing_children", col)])
        system.complement(("_not_repeat", col), ("missing_children", col), [("repeat_missing_children", col)])
        system.complement(("_not_cohort", col), ("missing_children", col), [("cohort_missing_children", col)])
        system.at_most(("missing_children", col), ("missing_episodes", col))
        system.at_most(("away_children", col), ("away_episodes", col))
        system.at_most(("still_missing_children", col), ("still_missing_episodes", col))
        system.equal(("intelligence:all", col), [(f"intelligence:{a}", col) for a in sorted(agencies)])
        system.equal(("disruption:all", col), [("disruption:cawn", col), ("disruption:nrm_referral", col)])
    for key, _, parts in periods:
        for name in [*EPISODE_COUNTS, "intelligence:all", "disruption:cawn", "disruption:nrm_referral", *(f"intelligence:{a}" for a in agencies)]:
            system.equal((name, key), [(name, p) for p in parts])
        for name in CHILD_COUNTS:
            system.at_most_sum((name, key), [(name, p) for p in parts])
            for p in parts:
                system.at_most((name, p), (name, key))
    for key, children in tops.items():
        cells = [(f"top:{c}", key) for c in children]
        system.equal(("top20_missing_episodes", key), cells)
        system.complement(("_other", key), ("missing_episodes", key), [("top20_missing_episodes", key)])
        for a, b in pairwise(cells):
            system.at_most(b, a)  # listed most-missing first
    system.equal(("risk:all", "now"), [(f"risk:{level}", "now") for level in sorted(levels)])
    for m in months:
        system.equal(("risk:assessed", m), [(f"risk:{level}", m) for level in sorted(levels) if level != "not set"])
    system.equal(("loaded", "young_people"), [("risk:all", "now")])
    system.equal(("loaded", "intelligence"), [(f"loaded:{a}", "intelligence") for a in sorted(agencies)])
    for a in agencies:
        system.complement((f"_outside:{a}", "intelligence"), (f"loaded:{a}", "intelligence"), [(f"intelligence:{a}", m) for m in months])
    for cid in {k[0] for k in system.seen.text if k[0].startswith("cluster:")}:
        system.equal((cid, "members"), [(cid, "young_people"), (cid, "adults"), (cid, "others")])


def test_no_hidden_count_from_1_to_4_can_be_worked_out(ctx: ServiceContext) -> None:
    periods = reporting_periods(ctx, BOARD)
    seen = Published()
    tops: dict[str, list[str]] = {}
    reports = [oversight_report(ctx, BOARD, period=p.key) for p in periods]
    for report in reports:
        gather(report, seen, tops)
    gather_loaded(loaded_data_overview(ctx, BOARD), seen)
    exact = Published()
    for p in periods:
        gather(oversight_report(ctx, LEAD, period=p.key, exact=True), exact, {})
    gather_loaded(loaded_data_overview(ctx, LEAD), exact)

    months = sorted({m for p in periods for m in p.months})
    quarters = [p for p in periods if p.kind == "quarter"]
    structure = [(q.key, q.kind, list(q.months)) for q in quarters]
    structure += [
        (p.key, p.kind, [q.key for q in quarters if q.key.startswith(p.key + " ")])
        for p in periods
        if p.kind == "financial_year"
    ]
    agencies = {k[0].split(":", 1)[1] for k in seen.text if k[0].startswith("intelligence:") and k[0] != "intelligence:all"}
    levels = {k[0].split(":", 1)[1] for k in seen.text if k[0].startswith("risk:") and k[1] == "now" and k[0] != "risk:all"}
    system = System(seen)
    relations(system, structure, tops, agencies, levels, months)

    hidden = sorted(k for k, t in seen.text.items() if t in ("<5", "[c]"))
    assert sum(1 for k in hidden if seen.text[k] == "<5") > 20, "the town data has small counts to hide"
    truth = {k: int(t) for k, t in exact.text.items()}
    for name, (whole, parts) in system.complements.items():
        if whole in truth and all(p in truth for p in parts):
            truth[name] = truth[whole] - sum(truth[p] for p in parts)
    assert all(v >= 0 for v in truth.values())
    small = [k for k in [*hidden, *system.complements] if k in truth and 1 <= truth[k] <= 4]
    assert small
    determined = []
    for key in small:
        v = system.index.get(key)
        if v is None:
            continue
        low, high = system.solve_range(v)
        if low == high:
            determined.append((key, low))
    assert not determined, f"hidden counts worked out: {determined[:10]}"
