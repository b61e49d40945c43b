"""Synthetic demo data: generate partner folders and import each agency's files as it would."""

from __future__ import annotations

import csv
import json
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import neo4j

from cseboard.access.accounts import add_user
from cseboard.config import Settings
from cseboard.ingest.importer import ImportSummary, ProgressCallback
from cseboard.models.ids import person_id_for
from cseboard.models.places import PlaceResolveSummary
from cseboard.models.users import AuditAction, Role, User
from cseboard.services.context import ServiceContext, audit_log
from cseboard.services.partner_folders import import_folder, partner_folders, profiles_folder
from cseboard.services.place_resolution import resolve_places
from cseboard.services.plan_import import PLAN_COLUMNS, import_plan
from cseboard.store.leads import LeadStore
from cseboard.store.meetings import MeetingStore
from cseboard.store.operations import OperationStore
from cseboard.store.reads import overview

__all__ = [
    "DEMO_LOADER",
    "DEMO_PLAN",
    "DEMO_USERS",
    "DemoLoad",
    "create_demo_users",
    "database_is_empty",
    "import_partner_folders",
    "seed_demo_leads",
    "seed_demo_operation",
    "seed_demo_plan",
]


@dataclass
class DemoLoad:
    """Import summaries per agency folder, and the resolution of places that followed."""

    summaries: dict[str, ImportSummary] = field(default_factory=dict)
    places: PlaceResolveSummary | None = None


DEMO_LOADER = User(
    username="demo-loader", display_name="demo loader", roles=frozenset({Role.PRACTICE_LEAD})
)
"""Who the demo and benchmark imports act as (recorded in the audit trail)."""


def database_is_empty(driver: neo4j.Driver, *, database: str | None = None) -> bool:
    counts = overview(driver, database=database, recent=1).counts
    return not any(counts.get(k) for k in ("intelligence", "agency_records", "missing_episodes"))


def import_partner_folders(
    driver: neo4j.Driver,
    root: Path,
    settings: Settings,
    *,
    rejects_dir: Path | None = None,
    progress: ProgressCallback | None = None,
    batch_size: int | None = None,
    agencies: Iterable[str] | None = None,
    resolve: bool = True,
) -> DemoLoad:
    """Import every agency folder under ``root`` with its import profile (exchange files, then
    SSD extracts), then (unless ``resolve`` is false) resolve the places all agencies sent."""
    result = DemoLoad()
    wanted = set(agencies) if agencies else None
    profiles = profiles_folder(root, settings)
    for folder in partner_folders(root):
        if wanted is not None and folder.name not in wanted:
            continue
        summaries = import_folder(
            folder,
            settings,
            profiles=profiles,
            imported_by="demo-loader",
            driver=driver,
            rejects_dir=(rejects_dir / folder.name) if rejects_dir else None,
            progress=progress,
            batch_size=batch_size,
        )
        result.summaries.update(summaries)
        for summary in summaries.values():
            audit_log(driver, settings).record(
                "demo-loader",
                AuditAction.COLLECTION,
                f"synthetic demo import for {folder.name}: "
                f"{sum(f.landed for f in summary.files)} rows landed",
                records=[f"import/{folder.name}/{f.path.name}" for f in summary.files],
            )
    if resolve:
        result.places = resolve_places(ServiceContext(driver, settings), DEMO_LOADER)
    return result


DEMO_OPERATION = ("OP-FERN", "Operation Fernhollow")
DEMO_USERS: tuple[tuple[str, str, tuple[Role, ...], str | None, tuple[str, ...]], ...] = (
    ("lead", "CSE practice lead (demo)", (Role.PRACTICE_LEAD,), "childrens_social_care", ()),
    (
        "ops.police",
        "Police officer, operational group (demo)",
        (Role.OPERATIONAL,),
        "police",
        ("OP-FERN",),
    ),
    (
        "ops.school",
        "School DSL, operational group (demo)",
        (Role.OPERATIONAL,),
        "education",
        ("OP-FERN",),
    ),
    ("board", "Strategic board member (demo)", (Role.STRATEGIC,), None, ()),
    ("admin", "Data protection officer (demo)", (Role.ADMIN,), None, ()),
)


def seed_demo_operation(
    driver: neo4j.Driver, truth_path: Path, *, database: str | None = None
) -> int:
    """One operation whose cohort is the first planted group as police recorded it.

    Returns how many people were nominated. The nomination is what a practice lead would do
    after a strategy discussion; here it is scripted for the demo.
    """
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    group = truth["groups"][0]
    operations = OperationStore(driver, database=database)
    operations.upsert(DEMO_OPERATION[0], DEMO_OPERATION[1], by="demo-loader")
    nominated = 0
    for true_id in [*group["young_people"], *group["organisers"]]:
        police = [r for r in truth["people"][true_id]["records"] if r["agency"] == "police"]
        # A child police recorded twice is nominated once; resolving the duplicate is review work.
        for record in police[:1]:
            person_id = person_id_for(record["agency"], record["source_ref"])
            if operations.nominate(
                DEMO_OPERATION[0],
                person_id,
                by="demo-loader",
                rationale="Planted demo group: discussed at strategy meeting",
            ):
                nominated += 1
    return nominated


def create_demo_users(driver: neo4j.Driver, settings: Settings) -> dict[str, str]:
    """Demo accounts with random passwords (returned once, for the person running the demo)."""
    passwords: dict[str, str] = {}
    audit = audit_log(driver, settings)
    for username, display, roles, agency, operations in DEMO_USERS:
        password = secrets.token_urlsafe(12)
        add_user(
            driver,
            audit=audit,
            username=username,
            password=password,
            roles=list(roles),
            display_name=display,
            agency=agency,
            operations=list(operations),
            added_by="demo-loader",
            database=settings.neo4j_database,
        )
        passwords[username] = password
    return passwords


DEMO_PLAN: tuple[tuple[str, ...], ...] = (
    (
        "Children who go missing are found, heard and protected",
        "Offer every return home interview within 72 hours of return",
        "childrens_social_care",
        "Head of Service, Safeguarding",
        "+60",
        "on_track",
        "Rota agreed with the commissioned interview service",
        "rhi_offered_within_72h;rhi_completed",
    ),
    (
        "Children who go missing are found, heard and protected",
        "Joint review of the 20 most-missing children each quarter",
        "police",
        "Missing persons coordinator",
        "-14",
        "at_risk",
        "First review postponed: analyst on leave",
        "top20_share;repeat_missing_children",
    ),
    (
        "Exploitation is disrupted",
        "Serve Child Abduction Warning Notices wherever the threshold is met",
        "police",
        "Detective Inspector, Exploitation Team",
        "+120",
        "not_started",
        "",
        "cawns",
    ),
    (
        "Exploitation is disrupted",
        "Train hotel and takeaway staff to recognise and report exploitation",
        "community_safety",
        "Partnership officer",
        "-30",
        "off_track",
        "Venue list incomplete; licensing to supply it",
        "intelligence_reports;hotspots",
    ),
    (
        "Partners share what they know",
        "Every school sends intelligence through the agreed form",
        "education",
        "Designated safeguarding lead network chair",
        "-60",
        "complete",
        "All secondary schools signed up",
        "intelligence_reports",
    ),
)
"""The demo's action plan: objective, action, owner agency and role, due (days from today),
status, update, figures."""


def seed_demo_plan(ctx: ServiceContext, folder: Path) -> int:
    """Write the demo's action plan as a partnership would keep it (CSV) and import it."""
    path = folder / "cse-action-plan.csv"
    today = date.today()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*PLAN_COLUMNS, "figures"])
        for row in DEMO_PLAN:
            due = today + timedelta(days=int(row[4]))
            writer.writerow([*row[:4], due.strftime("%d/%m/%Y"), *row[5:]])
    result = import_plan(ctx, DEMO_LOADER, path)
    return len(result.created) + len(result.updated)


def seed_demo_leads(
    driver: neo4j.Driver, operation_id: str = DEMO_OPERATION[0], *, database: str | None = None
) -> int:
    """Name ``ops.police`` lead practitioner of the demo operation and lead professionals for
    every other young person of its cohort (the rest stay flagged, as in real life)."""
    leads = LeadStore(driver, database=database)
    now = datetime.now(UTC)
    if operation_id in leads.led_operations("ops.police"):
        return 0
    leads.assign(
        assignment_id=f"LA-{uuid.uuid4().hex[:16]}",
        kind="lead_practitioner",
        operation_id=operation_id,
        person_id=None,
        username="ops.police",
        name=None,
        agency="police",
        contact=None,
        by="demo-loader",
        now=now,
    )
    young = [
        r["person_id"]
        for r in MeetingStore(driver, database=database).cohort(operation_id)
        if r["role"] == "young_person"
    ]
    workers = (("Sam Carter", "0114 496 0000"), ("Jo Patel", "jo.patel@council.example"))
    for n, person_id in enumerate(young[::2]):
        name, contact = workers[n % 2]
        leads.assign(
            assignment_id=f"LA-{uuid.uuid4().hex[:16]}",
            kind="lead_professional",
            operation_id=operation_id,
            person_id=person_id,
            username=None,
            name=name,
            agency="childrens_social_care",
            contact=contact,
            by="demo-loader",
            now=now,
        )
    return 1 + len(young[::2])
