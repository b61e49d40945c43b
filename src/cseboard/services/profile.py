"""A person's profile: identity, timeline, associates with evidence, places, indicators, risk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from cseboard.access.scope import PersonScope
from cseboard.analysis.explain import explain_link
from cseboard.analysis.hotspots import hotspots
from cseboard.analysis.indicators import indicators
from cseboard.errors import NotFound, ValidationFailed
from cseboard.models.casework import (
    AgencyRecordView,
    AssociateLink,
    EpisodeItem,
    IntelItem,
    PersonIdentity,
    PersonMatch,
    PersonProfile,
    PersonRef,
    PlaceRef,
    PlaceSummary,
    TimelineEntry,
)
from cseboard.models.quality import notes_from_json
from cseboard.models.users import AuditAction, User
from cseboard.services.analysis import analysis_params
from cseboard.services.context import ServiceContext
from cseboard.services.inbox import intel_item
from cseboard.services.kept import kept
from cseboard.services.projection import REUSE_WITHIN, user_projection
from cseboard.services.risk import risk_history
from cseboard.services.scope import all_cohorts, person_scope, require_person
from cseboard.store.casework import CaseworkStore

__all__ = ["PROFILE_WINDOW_DAYS", "cohort_people", "person_profile", "search_people"]

PROFILE_WINDOW_DAYS = 3650
"""How far back a profile looks for links and places: the whole record, not one analysis
window, because a practitioner reviewing a child needs the history."""
MIN_SEARCH = 2


def _store(ctx: ServiceContext) -> CaseworkStore:
    return CaseworkStore(ctx.driver, database=ctx.database)


def _matches(store: CaseworkStore, person_ids: list[str]) -> list[PersonMatch]:
    rows = {r["person_id"]: r for r in store.people(person_ids)}
    result = []
    for pid in person_ids:
        row = rows.get(pid)
        if row is None:
            continue
        result.append(
            PersonMatch(
                person=PersonRef(person_id=pid, display_name=row["display_name"], role=row["role"]),
                date_of_birth=row["date_of_birth"],
                risk_level=row["risk_level"],
                records=sorted(row["records"]),
                in_cohort=bool(row["in_cohort"]),
            )
        )
    return result


def search_people(
    ctx: ServiceContext, user: User, text: str, *, limit: int = 25
) -> list[PersonMatch]:
    """People by name, alias, agency reference or person id; a CONSULTATION audit event.

    The practice lead searches everyone; an operational user only the people in their
    operations' scope (``person_scope``), so a search cannot reveal who else is recorded.
    The event names the people found, never the search text (it may be a name).
    """
    scope = person_scope(ctx, user)
    cleaned = " ".join((text or "").split()).lower()
    if len(cleaned) < MIN_SEARCH:
        raise ValidationFailed(f"type at least {MIN_SEARCH} characters of a name or reference")
    store = _store(ctx)
    found = store.search(
        text=cleaned,
        exact=cleaned,
        scope=sorted(scope.people) if scope.people is not None else None,
        limit=max(1, min(limit, 200)),
    )
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"searched people by name or reference: {len(found)} found",
        records=found,
    )
    return _matches(store, found)


def cohort_people(ctx: ServiceContext, user: User) -> list[PersonMatch]:
    """The people a user can open from a list: cohort members first, then those linked to them.

    For the practice lead that is every operation's cohort; for an operational user their
    scope. Listing names is a consultation, so it is audited (pages load it once a session).
    """
    scope = person_scope(ctx, user)
    ids = sorted(all_cohorts(ctx)) if scope.people is None else sorted(scope.people)
    store = _store(ctx)
    matches = _matches(store, ids)
    ctx.audit.record(
        user,
        AuditAction.CONSULTATION,
        f"listed {len(matches)} people of the user's operations",
        records=[m.person.person_id for m in matches],
    )
    return sorted(matches, key=lambda m: (not m.in_cohort, m.person.label.lower()))


def _identity(row: dict[str, Any]) -> PersonIdentity:
    person = row["person"]
    records = [
        AgencyRecordView(
            **{
                **record,
                "aliases": record.get("aliases") or [],
                "pending": bool(record.get("pending")),
                "data_quality": notes_from_json(record.get("data_quality")),
            }
        )
        for record in row["records"]
    ]
    return PersonIdentity(
        person_id=person["person_id"],
        display_name=person.get("display_name"),
        role=row["role"],
        first_name=person.get("first_name"),
        last_name=person.get("last_name"),
        aliases=person.get("aliases") or [],
        date_of_birth=person.get("date_of_birth"),
        gender=person.get("gender"),
        looked_after=person.get("looked_after"),
        cp_plan=person.get("cp_plan"),
        child_in_need=person.get("child_in_need"),
        risk_level=person.get("risk_level"),
        pending=bool(person.get("pending")),
        operations=sorted(row["operations"]),
        records=sorted(records, key=lambda r: r.record_key),
    )


def _ref(row: dict[str, Any]) -> PersonRef:
    return PersonRef(**row)


def _episode_item(row: dict[str, Any], scope: PersonScope | None) -> EpisodeItem:
    children = [_ref(c) for c in row["children"]]
    child = children[0] if children else None
    hidden = 0
    if child is not None and scope is not None and not scope.covers(child.person_id):
        child, hidden = None, 1
    companions: dict[str, PersonRef] = {}
    for w in row["missing_with"]:
        if scope is not None and not scope.covers(w["person_id"]):
            hidden += 1
        else:
            companions.setdefault(w["person_id"], _ref(w))
    found = row["found"][0] if row["found"] else None
    return EpisodeItem(
        episode_id=row["episode_id"],
        agency=row["agency"],
        child=child,
        reported_missing_at=row["reported_missing_at"],
        returned_at=row["returned_at"],
        missing_from=row["missing_from"],
        absence_type=row["absence_type"],
        police_risk_level=row["police_risk_level"],
        found_at=PlaceRef(**found) if found else None,
        missing_with=sorted(companions.values(), key=lambda p: p.label.lower()),
        hidden_people=hidden,
        rhi_offered=row["rhi_offered"],
        rhi_offered_at=row["rhi_offered_at"],
        rhi_completed_at=row["rhi_completed_at"],
        rhi_declined=row["rhi_declined"],
        data_quality=notes_from_json(row.get("data_quality")),
    )


def _people_named(
    reports: list[dict[str, Any]], episodes: list[dict[str, Any]]
) -> dict[str, PersonRef]:
    """Every person the records around the profile name, as pages link to them."""
    people: dict[str, PersonRef] = {}
    for r in reports:
        for p in r["people"]:
            people.setdefault(p["person_id"], _ref(p))
    for e in episodes:
        for p in [*e["children"], *e["missing_with"]]:
            people.setdefault(p["person_id"], _ref(p))
    return people


def person_profile(
    ctx: ServiceContext,
    user: User,
    person_id: str,
    *,
    purpose: str | None,
    as_of: datetime | None = None,
    window_days: int = PROFILE_WINDOW_DAYS,
) -> PersonProfile:
    """Everything known about one person that this user may see, with its sources.

    ``require_person`` refuses people outside an operational user's cohort (and audits the
    refusal), demands the purpose, and audits the consultation. Links, places and indicators
    come from :func:`~cseboard.services.projection.user_projection` around the person (their
    records and every record that shares a place, phone, vehicle or account with them: exactly
    what can link them to someone), with the partnership's analysis parameters over
    ``window_days``: the same links the network explorer and the analysis find. Reports the
    user may not read (handling code C) appear only as notices and never feed the links.

    Raises
    ------
    AccessDenied, ValidationFailed
        From ``require_person``.
    NotFound
        When there is no such person.
    """
    scope = require_person(ctx, user, person_id, purpose=purpose)
    limited = scope if scope.people is not None else None
    store = _store(ctx)
    row = store.identity(person_id)
    if row is None:
        raise NotFound(f"no person {person_id}")
    identity = _identity(row)
    now = as_of or datetime.now(UTC)
    start = now - timedelta(days=window_days)

    def read_around() -> tuple[datetime, tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
        return now, store.neighbourhood(person_id, window_start=start, window_end=now)

    # Kept for this user while the graph is unchanged (``services.kept``): a profile opened
    # again answers at once. Access is checked and the view audited above, every time.
    (_, (reports, episodes)), _ = kept(
        ctx,
        user,
        "profile_records",
        (person_id, window_days),
        read_around,
        fits=lambda found: timedelta(0) <= now - found[0] <= REUSE_WITHIN,
    )

    contacts = ctx.settings.agency_contacts
    items: dict[str, IntelItem] = {
        r["intel_id"]: intel_item(r, user, contacts=contacts, scope=limited)
        for r in reports
    }
    people = _people_named(reports, episodes)
    params = analysis_params(ctx, window_end=now, window_days=window_days)
    seen = user_projection(ctx, user, params, around=[person_id]).projection
    G, B, sel = seen.graph, seen.places, seen.selection
    spots = {h.place for h in hotspots(B, min_young_people=params.hotspot_min_young_people)}

    timeline: list[TimelineEntry] = []
    for r in reports:
        if any(p["person_id"] == person_id for p in r["people"]):
            item = items[r["intel_id"]]
            timeline.append(
                TimelineEntry(at=item.reported_at, kind="intelligence", intelligence=item)
            )
    for e in episodes:
        named = [c["person_id"] for c in e["children"]] + [
            w["person_id"] for w in e["missing_with"]
        ]
        if person_id in named:
            episode = _episode_item(e, limited)
            timeline.append(
                TimelineEntry(
                    at=episode.reported_missing_at, kind="missing_episode", episode=episode
                )
            )
    timeline.sort(key=lambda t: (t.at, t.kind), reverse=True)

    associates: list[AssociateLink] = []
    hidden_associates = 0
    if person_id in G:
        for other in G[person_id]:
            if limited is not None and not limited.covers(other):
                hidden_associates += 1
                continue
            data = G[person_id][other]
            associates.append(
                AssociateLink(
                    person=people.get(other, PersonRef(person_id=other)),
                    weight=float(data["weight"]),
                    kinds=list(data["kinds"]),
                    first_seen=data["first_seen"],
                    last_seen=data["last_seen"],
                    evidence=explain_link(G, person_id, other),
                )
            )
    associates.sort(key=lambda a: (-a.weight, a.person.label.lower()))

    places: list[PlaceSummary] = []
    if person_id in B:
        for place in B[person_id]:
            node, edge = B.nodes[place], B[person_id][place]
            places.append(
                PlaceSummary(
                    place=place,
                    name=node.get("name"),
                    kind=node.get("kind"),
                    record_ids=sorted({i for ev in edge["evidence"] for i in ev.ids}),
                    first_seen=edge["first_seen"],
                    last_seen=edge["last_seen"],
                    hotspot=place in spots,
                    young_people_seen=sum(
                        1 for n in B[place] if B.nodes[n].get("role") == "young_person"
                    ),
                )
            )
    places.sort(key=lambda p: p.last_seen, reverse=True)

    facts = []
    if identity.role == "young_person":
        [mine] = indicators(
            G,
            B,
            sel,
            hotspot_places=spots,
            people=[person_id],
            repeat_count=params.repeat_missing_count,
            repeat_days=params.repeat_missing_days,
            rhi_due_hours=params.rhi_due_hours,
        )
        facts = mine.indicators

    return PersonProfile(
        identity=identity,
        as_of=now,
        window_days=window_days,
        timeline=timeline,
        associates=associates,
        hidden_associates=hidden_associates,
        places=places,
        indicators=facts,
        risk_history=risk_history(store, person_id, row),
        risk_levels=list(ctx.settings.risk_levels),
        restricted_items=sum(
            1 for t in timeline if t.intelligence is not None and t.intelligence.restricted
        ),
    )
