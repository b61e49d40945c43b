"""Oversight services on the town demo: suppressed, pseudonymised, audited, and free of identities.

The strategic role's every result (read models, chart specifications, the PDF text) is checked
against the identifiers of the demo data: names, dates of birth, postcodes, NHS numbers,
phones, vehicles, source references, place names and intelligence summaries.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import neo4j
import pytest
from pydantic import BaseModel, SecretStr
from pypdf import PdfReader

from cseboard.config import Settings
from cseboard.errors import AccessDenied, ValidationFailed
from cseboard.models.oversight import Cell, OversightReport
from cseboard.models.users import Role, User
from cseboard.services.context import ServiceContext
from cseboard.services.demo_data import import_partner_folders, seed_demo_operation
from cseboard.services.disruption import record_disruption
from cseboard.services.oversight_figures import oversight_report, reporting_periods
from cseboard.services.strategic_report import oversight_charts, strategic_report_pdf
from cseboard.synthetic import generate

BOARD = User(username="board", display_name="Board member", roles=frozenset({Role.STRATEGIC}))
LEAD = User(username="lead", display_name="Practice lead", roles=frozenset({Role.PRACTICE_LEAD}))
POLICE = User(
    username="ops.police",
    display_name="Officer",
    roles=frozenset({Role.OPERATIONAL}),
    agency="police",
    operations=frozenset({"OP-FERN"}),
)


@pytest.fixture(scope="module")
def town(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("oversight-town")
    generate("town", 5, root)
    import_partner_folders(driver, root, neo4j_settings)
    seed_demo_operation(driver, root / "truth.json")
    yield root


@pytest.fixture(scope="module")
def ctx(driver: neo4j.Driver, neo4j_settings: Settings, town: Path) -> ServiceContext:
    settings = neo4j_settings.model_copy(update={"pseudonym_key": SecretStr("oversight-test-key")})
    return ServiceContext(driver, settings)


def _rows(path: Path) -> Iterator[dict[str, str]]:
    if path.suffix == ".jsonl":
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield {k: "" if v is None else str(v) for k, v in json.loads(line).items()}
    else:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from csv.DictReader(handle)


def _dates(value: str) -> set[str]:
    """A date of birth as the data has it and in the forms an output would print it."""
    found = {value}
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value) or None
    if match:
        y, m, d = match.groups()
    else:
        uk = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
        if not uk:
            return found
        d, m, y = uk.group(1).zfill(2), uk.group(2).zfill(2), uk.group(3)
    return found | {f"{y}-{m}-{d}", f"{d}/{m}/{y}"}


def demo_identifiers(root: Path) -> dict[str, set[str]]:
    """Every identifying value of the demo partner files, by kind."""
    ids: dict[str, set[str]] = {
        k: set() for k in ("name", "dob", "postcode", "nhs", "ref", "summary", "place", "object")
    }
    for path in sorted(root.glob("*/*")):
        if path.suffix not in (".csv", ".jsonl") or ".rejects" in path.name:
            continue
        for row in _rows(path):
            first, last = row.get("first_name", "").strip(), row.get("last_name", "").strip()
            if first and last:
                ids["name"].add(f"{first} {last}")
            for alias in (row.get("aliases") or "").split(";"):
                if len(alias.strip()) >= 4 and " " in alias.strip():
                    ids["name"].add(alias.strip())
            for key in ("date_of_birth", "pers_dob"):
                if row.get(key, "").strip():
                    ids["dob"] |= _dates(row[key].strip())
            if row.get("postcode", "").strip():
                code = row["postcode"].strip().upper()
                ids["postcode"] |= {code, code.replace(" ", "")}
            for key in ("nhs_number", "pers_common_child_id"):
                if row.get(key, "").strip():
                    ids["nhs"].add(re.sub(r"\D", "", row[key]))
            for key in ("source_ref", "person_ref", "pers_person_id", "miss_table_id"):
                if len(row.get(key, "").strip()) >= 6:
                    ids["ref"].add(row[key].strip())
            if row.get("summary", "").strip():
                ids["summary"].add(row["summary"].strip()[:40])
            if row.get("name", "").strip() and "kind" in row:
                ids["place"].add(row["name"].strip())
            for key in ("vehicles", "phones"):
                ids["object"] |= {v.strip() for v in (row.get(key) or "").split(";") if v.strip()}
    ids["dob"] = {d for d in ids["dob"] if len(d) >= 8}
    return ids


def _words(text: str) -> list[str]:
    return re.findall(r"[\w/+-]+", text.lower())


def assert_no_identifiers(text: str, ids: dict[str, set[str]], where: str) -> None:
    """Word-sequence matching: each identifier's words (at most 6) must not occur in order."""
    words = _words(text)
    grams = {tuple(words[i : i + n]) for n in range(1, 7) for i in range(len(words) - n + 1)}
    for kind, values in ids.items():
        for value in values:
            parts = _words(value)
            if kind == "summary":
                parts = parts[:-1]  # the 40-character cut may split the last word
            key = tuple(parts[:6])
            assert not key or key not in grams, f"{where} contains a demo {kind}: {value!r}"


def _cells(report: OversightReport) -> list[Cell]:
    found: list[Cell] = []

    def walk(value: object) -> None:
        if isinstance(value, Cell):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name))

    walk(report)
    return found


def _store_count(driver: neo4j.Driver, cypher: str, **params: object) -> int:
    records, _, _ = driver.execute_query(cypher, params)  # test-only check of the store
    return int(records[0][0])


def test_strategic_results_carry_no_identity_and_no_small_number(
    ctx: ServiceContext, town: Path, driver: neo4j.Driver
) -> None:
    periods = reporting_periods(ctx, BOARD)
    assert {p.kind for p in periods} == {"financial_year", "quarter"}
    reports = [oversight_report(ctx, BOARD, period=p.key) for p in periods]
    assert all(r.suppressed for r in reports)
    cells = [c for r in reports for c in _cells(r)]
    report = next(r for r in reports if r.period.kind == "financial_year" and len(r.months) == 12)
    assert len(cells) > 200
    for cell in cells:
        assert cell.value is None or cell.value == 0 or cell.value >= 5
        assert cell.text in ("<5", "[c]") or cell.text == str(cell.value)
    assert any(c.text == "<5" for c in cells), "the town data has small cells to suppress"
    ids = demo_identifiers(town)
    assert sum(len(v) for v in ids.values()) > 5000
    text = "\n".join(r.model_dump_json() for r in reports)
    specs = json.dumps([{k: c.to_dict() for k, c in oversight_charts(r).items()} for r in reports])
    person_ids = {
        r["id"] for r in driver.execute_query("MATCH (p:Person) RETURN p.person_id AS id").records
    }
    for where, blob in (("report", text), ("charts", specs)):
        assert_no_identifiers(blob, ids, where)
        assert not any(pid in blob for pid in person_ids), f"{where} holds a person id"
    assert all(re.fullmatch(r"YP-[A-Z2-7]{8}", c.pseudonym) for c in report.top_children)
    assert len(report.top_children) == 20


def test_strategic_pdf_is_marked_suppressed_audited_and_anonymous(
    ctx: ServiceContext, town: Path
) -> None:
    pdf = strategic_report_pdf(ctx, BOARD, recipients=["Strategic board", "DCS office"])
    reader = PdfReader(io.BytesIO(pdf))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 6
    assert all("OFFICIAL-SENSITIVE" in page for page in pages)
    text = "\n".join(pages)
    assert "<5" in text and "Return home interviews" in text
    assert_no_identifiers(text, demo_identifiers(town), "PDF")
    event = ctx.audit.events(action="disclosure")[-1]
    assert event.username == "board"
    assert event.recipients == ["Strategic board", "DCS office"]
    assert event.records == []
    assert "strategic report" in event.what


def test_exact_figures_match_the_store_for_the_practice_lead(
    ctx: ServiceContext, driver: neo4j.Driver
) -> None:
    report = oversight_report(ctx, LEAD, months=60, exact=True)
    assert not report.suppressed and report.by_agency
    start = datetime.fromisoformat(f"{report.months[0]}-01T00:00:00+00:00") - timedelta(hours=1)
    intel = _store_count(
        driver,
        "MATCH (i:Intelligence) WHERE i.reported_at >= $start RETURN count(i)",
        start=start,
    )
    totals = {s.key: s.total for s in report.intelligence.series}
    assert totals["all"] is not None and totals["all"].value == intel
    records = _store_count(driver, "MATCH (e:MissingEpisode) RETURN count(e)")
    away = _store_count(
        driver,
        "MATCH (e:MissingEpisode {absence_type: 'away_without_authorisation'}) RETURN count(e)",
    )
    figures = {name: cell.value for name, cell in report.figures.items()}
    # Nothing is merged by date of birth: until the practice lead confirms duplicate people, each
    # agency's record of an absence is its own child's (the demo resolves no one).
    assert figures["missing_episodes"] == records - away
    assert figures["away_episodes"] == away
    assert figures["missing_episodes"] == sum(
        a.figures["missing_episodes"].value or 0 for a in report.by_agency
    )
    assert figures["returned_missing_episodes"] == (
        figures["rhi_offered_within"] + figures["rhi_offered_late"]
        + figures["rhi_offered_time_unknown"] + figures["rhi_not_offered"]
    )
    young = _store_count(driver, "MATCH (p:YoungPerson) RETURN count(p)")
    assert report.risk_now.series[-1].cells[0].value == young


def test_only_the_practice_lead_sees_exact_figures(ctx: ServiceContext) -> None:
    with pytest.raises(AccessDenied):
        oversight_report(ctx, BOARD, exact=True)
    with pytest.raises(AccessDenied):
        oversight_report(ctx, POLICE)


def test_each_view_is_audited_as_a_consultation_of_aggregates(ctx: ServiceContext) -> None:
    before = len(ctx.audit.events(username="board", action="consultation"))
    oversight_report(ctx, BOARD)
    events = ctx.audit.events(username="board", action="consultation")
    assert len(events) == before + 1
    assert events[-1].records == [] and "oversight" in events[-1].what


def test_disruption_records_are_counted_suppressed_and_audited(ctx: ServiceContext) -> None:
    today = date.today()
    for kind in ("cawn", "cawn", "nrm_referral"):
        record_disruption(ctx, LEAD, kind=kind, on=today, operation_id="OP-FERN")
    with pytest.raises(AccessDenied):
        record_disruption(ctx, BOARD, kind="cawn", on=today)
    with pytest.raises(ValidationFailed):
        record_disruption(ctx, LEAD, kind="arrest", on=today)
    with pytest.raises(ValidationFailed):
        record_disruption(ctx, LEAD, kind="cawn", on=today + timedelta(days=2))
    with pytest.raises(ValidationFailed):
        record_disruption(ctx, LEAD, kind="cawn", on=today, operation_id="OP-NONE")
    month = today.strftime("%Y-%m")
    exact = oversight_report(ctx, LEAD, months=12, exact=True).disruption
    current_quarter = reporting_periods(ctx, BOARD)[1].key
    suppressed = oversight_report(ctx, BOARD, period=current_quarter).disruption
    col = exact.months.index(month)
    by_key = {s.key: s for s in exact.series}
    assert by_key["cawn"].cells[col].value == 2 and by_key["nrm_referral"].cells[col].value == 1
    shown = suppressed.months.index(month)
    assert {s.key: s.cells[shown].text for s in suppressed.series} == {
        "cawn": "<5",
        "nrm_referral": "<5",
        "all": "<5",
    }
    event = ctx.audit.events(username="lead", action="alteration")[-1]
    assert event.records[0].startswith("DR-") and "OP-FERN" in event.records


def test_clusters_hotspots_and_risk_history_are_read_defensively(
    ctx: ServiceContext, driver: neo4j.Driver
) -> None:
    assert oversight_report(ctx, BOARD).clusters.run_id is None
    people = [
        r["id"]
        for r in driver.execute_query(
            "MATCH (p:YoungPerson) RETURN p.person_id AS id ORDER BY id LIMIT 12"
        ).records
    ]
    now = datetime.now(UTC)
    driver.execute_query(
        """
        CREATE (run:AnalysisRun {run_id: 'RUN-T1', run_at: $now, cluster_count: 2,
                                 hotspots_json: '[{"place": "x"}, {"place": "y"}, {"place": "z"}]'})
        WITH run
        UNWIND [['C-0001', $big], ['C-0002', $small]] AS c
        CREATE (cl:Cluster {cluster_key: 'RUN-T1/' + c[0], cluster_id: c[0], run_id: 'RUN-T1',
                            size: size(c[1]), members: c[1], young_people: c[1], associates: []})
        CREATE (cl)-[:IN_RUN]->(run)
        WITH cl, c UNWIND c[1] AS pid
        MATCH (p:Person {person_id: pid}) CREATE (p)-[:MEMBER_OF]->(cl)
        """,
        now=now,
        big=people[:9],
        small=people[9:12],
    )
    for i, pid in enumerate(people[:8]):
        driver.execute_query(
            "MATCH (p:Person {person_id: $pid}) "
            "CREATE (:RiskAssessment {assessment_id: $aid, assessed_at: $at, level: $level})"
            "-[:ASSESSES]->(p)",
            pid=pid,
            aid=f"RA-T{i}",
            at=now - timedelta(days=40 * (i % 3)),
            level="high" if i < 6 else "medium",
        )
    report = oversight_report(ctx, BOARD)
    view = report.clusters
    assert view.run_id == "RUN-T1"
    assert [c.cluster_id for c in view.clusters] == ["C-0001", "C-0002"]
    assert view.clusters[0].members.text == "9" and view.clusters[1].members.text == "<5"
    assert view.hotspot_count is not None and view.hotspot_count.text == "<5"
    assert report.risk_source == "history" and report.risk_over_time is not None
    last = {s.key: s.cells[-1].text for s in report.risk_over_time.series}
    # 6 high + 2 medium = 8 assessed: "high" is hidden too, or 8 - 6 would give "medium" away.
    assert last == {"none": "0", "low": "0", "medium": "<5", "high": "[c]", "assessed": "8"}
