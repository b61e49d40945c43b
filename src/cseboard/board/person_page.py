"""Person profile page: identity, timeline, associates with evidence, places, indicators, risk."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cseboard.access.policy import Permission, allowed
from cseboard.board.components.cached import cached, forget
from cseboard.board.components.chains import chain_finder
from cseboard.board.components.common import open_timeline
from cseboard.board.components.purpose import ask_purpose
from cseboard.board.session import current_user, services, stated_purpose
from cseboard.errors import AccessDenied, CseBoardError, ValidationFailed
from cseboard.models.casework import (
    INDICATOR_LABELS,
    LINK_KIND_LABELS,
    AssociateLink,
    EpisodeItem,
    IntelItem,
    PersonMatch,
    PersonProfile,
    category_label,
    md_escape,
    risk_label,
    role_label,
    uk_date,
    uk_time,
)
from cseboard.models.users import User
from cseboard.reports.timeline_chart import timeline_chart
from cseboard.services.profile import cohort_people, person_profile, search_people
from cseboard.services.risk import MIN_RATIONALE, set_risk_level
from cseboard.services.timeline import person_timeline

__all__ = ["render"]

_QUALITY_HELP = (
    "The partner sent a value the board could not take: the record landed without it and keeps "
    "the value as sent, for the partner to correct at source. Matching people never uses it."
)

PERSON = "profile_person_id"
TIMELINE_LIMIT = 100
PROFILES = "profile"
"""The page cache of profiles read this sign-in (``components.cached``)."""
_FLASH = "profile_flash"


def _agency(code: str | None) -> str:
    return (code or "").replace("_", " ").capitalize()


def _match_label(match: PersonMatch) -> str:
    parts = [match.person.label, role_label(match.person.role)]
    if match.date_of_birth:
        parts.append(f"born {uk_date(match.date_of_birth)}")
    parts.append(", ".join(match.records) or "no agency record")
    if match.in_cohort:
        parts.append("in an operation's cohort")
    return " · ".join(parts)


def _choose(person_id: str) -> None:
    st.session_state[PERSON] = person_id


def _picker(user: User) -> None:
    ctx = services()
    try:
        listed = cached(user, "profile_people", None, lambda: cohort_people(ctx, user))
    except AccessDenied as e:
        st.error(md_escape(f"You cannot view person records: {e}"))
        st.stop()
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        st.stop()
    with st.expander("Find a person", expanded=st.session_state.get(PERSON) is None):
        search_key = f"profile_search:{user.username}"
        with st.form("profile_search_form"):
            text = st.text_input("Name, alias or agency reference", key="profile_search_text")
            if st.form_submit_button("Search", icon=":material/search:"):
                try:
                    st.session_state[search_key] = search_people(ctx, user, text)
                except CseBoardError as e:
                    st.error(md_escape(str(e)))
        found: list[PersonMatch] | None = st.session_state.get(search_key)
        if found is not None:
            if found:
                left, right = st.columns([0.8, 0.2], vertical_alignment="bottom")
                chosen = left.selectbox(
                    f"Search results ({len(found)})",
                    found,
                    format_func=_match_label,
                    key="profile_found",
                )
                if right.button("Open", key="profile_open_found") and chosen is not None:
                    _choose(chosen.person.person_id)
            else:
                st.info("Nobody matches that search (among the people you may see).")
        if listed:
            left, right = st.columns([0.8, 0.2], vertical_alignment="bottom")
            chosen = left.selectbox(
                "People in the operations' cohorts"
                + ("" if user.operations == frozenset() else " and linked to them"),
                listed,
                format_func=_match_label,
                key="profile_listed",
            )
            if right.button("Open", key="profile_open_listed") and chosen is not None:
                _choose(chosen.person.person_id)


def _load(user: User, person_id: str) -> PersonProfile:
    """Read once per person in a sign-in: a rerun of the page is not a new consultation."""
    purpose = stated_purpose(person_id)
    if purpose is None:
        # Asked once per person in a sign-in: the view that follows must reach the service
        # (and the audit log), not a profile kept from before.
        forget(PROFILES, person_id)
    try:
        profile = cached(
            user,
            PROFILES,
            person_id,
            lambda: person_profile(services(), user, person_id, purpose=purpose),
        )
    except AccessDenied as e:
        st.error(md_escape(f"Refused: {e}. The refusal is recorded in the audit log."))
        st.stop()
    except ValidationFailed as e:
        if purpose is None:
            ask_purpose(
                person_id,
                what="this record",
                button="View record",
                own="Reviewing the young person's risk level",
                key="profile",
            )
        st.error(md_escape(str(e)))
        st.stop()
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        st.stop()
    return profile


def _identity(profile: PersonProfile) -> None:
    who = profile.identity
    fields = [
        ("Name", who.label),
        ("First name", who.first_name or ""),
        ("Last name", who.last_name or ""),
        ("Aliases", "; ".join(who.aliases)),
        ("Date of birth", uk_date(who.date_of_birth)),
        ("Gender", (who.gender or "").capitalize()),
        ("Recorded as", role_label(who.role)),
        ("Statuses", "; ".join(who.flags) or "none recorded"),
        ("Operations", ", ".join(who.operations) or "none"),
        ("Person id", who.person_id),
    ]
    st.dataframe(pd.DataFrame(fields, columns=["Field", "Value"]), hide_index=True, width="stretch")
    st.subheader("Agency records behind this person")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Agency": _agency(r.agency),
                    "Reference": r.source_ref,
                    "Recorded as": role_label(r.role) if r.role else "",
                    "Name on record": " ".join(n for n in (r.first_name, r.last_name) if n),
                    "Aliases": "; ".join(r.aliases),
                    "Date of birth": uk_date(r.date_of_birth),
                    "Risk level on record": r.risk_level or "",
                    "Awaiting the record": "yes" if r.pending else "",
                    "Imported": uk_time(r.imported_at),
                }
                for r in who.records
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    notes = [(r, n) for r in who.records for n in r.data_quality]
    if notes:
        st.markdown("**Data quality notes**")
        st.caption(_QUALITY_HELP)
        for record, note in notes:
            st.warning(
                md_escape(f"{_agency(record.agency)} record {record.source_ref}: {note.sentence}"),
                icon=":material/rule:",
            )


def _intel(item: IntelItem, person_id: str) -> None:
    head = [uk_time(item.reported_at), "Intelligence", _agency(item.agency)]
    if item.restricted:
        st.text(" · ".join([*head, f"reference {item.source_ref}", "restricted"]))
        st.warning(md_escape(item.notice or "Restricted information."), icon=":material/lock:")
        return
    grading = f"grading {item.grading or 'not given'}"
    if item.legacy_grading:
        grading += f" (5x5x5 as given: {item.legacy_grading})"
    st.text(" · ".join([*head, item.category_text, grading, item.source_ref]))
    for sentence in item.quality_sentences:
        st.caption(md_escape(f"Data quality: {sentence}"), help=_QUALITY_HELP)
    if not item.builds_links:
        st.caption("Assessed E (suspected false or malicious): shown, never used to link people.")
    st.text(item.summary or "")
    others = [p.label for p in item.people if p.person_id != person_id]
    if item.hidden_people:
        others.append(f"{item.hidden_people} person(s) outside your operation's scope")
    if others:
        st.text("Also named: " + "; ".join(others))
    if item.places:
        st.text("Places: " + "; ".join(p.label for p in item.places))


def _episode(episode: EpisodeItem, person_id: str) -> None:
    kind = (
        "Away without authorisation"
        if episode.absence_type == "away_without_authorisation"
        else "Missing episode"
    )
    head = [uk_time(episode.reported_missing_at), kind, _agency(episode.agency)]
    if episode.missing_from:
        head.append(f"from {episode.missing_from.replace('_', ' ')}")
    st.text(" · ".join([*head, episode.episode_id]))
    lines = []
    if episode.child is None:
        lines.append(
            "Another child's episode (outside your operation's scope); this person was "
            "recorded as missing with them"
        )
    elif episode.child.person_id != person_id:
        lines.append(
            f"{episode.child.label}'s episode; this person was recorded as missing with them"
        )
    lines.append(
        f"Returned: {uk_time(episode.returned_at)}"
        if episode.returned_at
        else "No return recorded: still missing or not yet updated"
    )
    if episode.police_risk_level:
        lines.append(f"Police risk grade: {episode.police_risk_level.replace('_', ' ')}")
    if episode.found_at:
        lines.append(f"Found at: {episode.found_at.label}")
    companions = [p.label for p in episode.missing_with if p.person_id != person_id]
    if episode.hidden_people:
        companions.append(f"{episode.hidden_people} person(s) outside your operation's scope")
    if companions:
        lines.append("Missing with: " + "; ".join(companions))
    rhi = []
    if episode.rhi_offered_at:
        rhi.append(f"offered {uk_time(episode.rhi_offered_at)}")
    elif episode.rhi_offered:
        rhi.append("offered (date not recorded)")
    if episode.rhi_completed_at:
        rhi.append(f"completed {uk_time(episode.rhi_completed_at)}")
    if episode.rhi_declined:
        rhi.append("declined by the young person")
    lines.append("Return home interview: " + ("; ".join(rhi) if rhi else "none recorded"))
    st.text("\n".join(lines))
    for note in episode.data_quality:
        st.caption(md_escape(f"Data quality: {note.sentence}"), help=_QUALITY_HELP)


def _time_axis(user: User, profile: PersonProfile) -> None:
    """The same events on a time axis (read on demand: the chart is a view of its own)."""
    pid = profile.identity.person_id
    left, right = st.columns(2)
    shown = left.toggle("Show on a time axis (12 months)", key=f"profile_time_axis_{pid}")
    if right.button(
        "Open on the timeline page", key="profile_open_timeline", icon=":material/timeline:"
    ):
        open_timeline("person", pid, profile.identity.label)
    if not shown:
        return
    try:
        timeline = cached(
            user,
            "profile_timeline",
            pid,
            lambda: person_timeline(services(), user, pid, purpose=stated_purpose(pid)),
        )
    except CseBoardError as e:
        st.error(md_escape(str(e)))
        return
    if timeline.events:
        st.altair_chart(timeline_chart(timeline), width="stretch")
    else:
        st.info("Nothing recorded for this person in the last 12 months.")


def _timeline(profile: PersonProfile) -> None:
    if not profile.timeline:
        st.info("No intelligence or missing episodes name this person.")
        return
    if profile.restricted_items:
        st.caption(
            f"{profile.restricted_items} restricted report(s) are shown only as notices: "
            "ask the holding agency if you need them."
        )
    shown = profile.timeline[:TIMELINE_LIMIT]
    if len(profile.timeline) > TIMELINE_LIMIT:
        st.caption(f"The {TIMELINE_LIMIT} most recent of {len(profile.timeline)} entries.")
    pid = profile.identity.person_id
    for entry in shown:
        with st.container(border=True):
            if entry.intelligence is not None:
                _intel(entry.intelligence, pid)
            elif entry.episode is not None:
                _episode(entry.episode, pid)


def _detail(kind: str, detail: str | None, places: dict[str, str]) -> str:
    """What an evidence item turns on: the place's name, the report's category, the object."""
    if detail is None:
        return ""
    if kind == "same_report":
        return category_label(detail)
    return places.get(detail, detail)


def _evidence_table(link: AssociateLink, places: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Evidence": LINK_KIND_LABELS.get(e.kind, e.kind),
                "Records": ", ".join(e.ids),
                "Grading": "episode" if e.grading == "record" else e.grading,
                "From": uk_time(e.when),
                "Latest": uk_time(e.last),
                "Detail": _detail(e.kind, e.detail, places),
                "Weight": round(e.weight, 2),
            }
            for e in link.evidence
        ]
    )


def _associates(profile: PersonProfile) -> None:
    st.caption(
        "Links come from the records below each person: reports naming both, the same phone, "
        "vehicle or account, the same place within days, or missing episodes. They are "
        "advisory; reports assessed E never link people. The evidence weight adds up the "
        "gradings of the records behind a link: it describes the evidence, not the person."
    )
    if profile.hidden_associates:
        st.caption(
            f"{profile.hidden_associates} link(s) to people outside your operation's scope "
            "are not shown."
        )
    if not profile.associates:
        st.info("No links to other people in the records.")
        return
    places = {p.place: p.name or p.place for p in profile.places}
    for link in profile.associates:
        with st.container(border=True):
            left, right = st.columns([0.8, 0.2], vertical_alignment="center")
            kinds = ", ".join(LINK_KIND_LABELS.get(k, k) for k in link.kinds)
            left.text(
                f"{link.person.label} — {role_label(link.person.role)}\n"
                f"{kinds} · evidence weight {link.weight:.2f} · "
                f"{uk_date(link.first_seen.date())} to {uk_date(link.last_seen.date())}"
            )
            if right.button(
                "Open profile",
                key=f"profile_open_{link.person.person_id}",
                icon=":material/person:",
            ):
                _choose(link.person.person_id)
                st.rerun()
            with st.expander(f"Evidence behind this link ({len(link.evidence)})"):
                st.dataframe(
                    _evidence_table(link, places),
                    hide_index=True,
                    width="stretch",
                    column_config={"Records": st.column_config.TextColumn(width=300)},
                )


def _places(profile: PersonProfile) -> None:
    if not profile.places:
        st.info("No places in the records.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Place": p.name or p.place,
                    "Kind": (p.kind or "").replace("_", " "),
                    "Records": len(p.record_ids),
                    "First seen": uk_time(p.first_seen),
                    "Last seen": uk_time(p.last_seen),
                    "Hotspot": "yes" if p.hotspot else "",
                    "Young people seen there": p.young_people_seen,
                    "Record ids": ", ".join(p.record_ids),
                }
                for p in profile.places
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption("A hotspot is a place the records link to three or more young people.")


def _value(value: bool | int | None) -> str:
    if value is None:
        return "not applicable"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _indicators(profile: PersonProfile) -> None:
    st.caption(
        "Facts with their sources. They are never added up into a score: a practitioner "
        "sets the risk level and writes why."
    )
    if not profile.indicators:
        st.info("Indicators are recorded for young people.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Indicator": INDICATOR_LABELS.get(i.name, i.name),
                    "Value": _value(i.value),
                    "What was counted": i.detail,
                    "Sources": ", ".join(i.source_ids),
                }
                for i in profile.indicators
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "Indicator": st.column_config.TextColumn(width=230),
            "Value": st.column_config.TextColumn(width=110),
            "What was counted": st.column_config.TextColumn(width=360),
            "Sources": st.column_config.TextColumn(width=260),
        },
    )


def _risk(user: User, profile: PersonProfile) -> None:
    st.metric("Current risk level", risk_label(profile.identity.risk_level))
    if profile.risk_history:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "When": uk_time(r.assessed_at),
                        "Level": risk_label(r.level),
                        "Previous level": risk_label(r.previous_level)
                        if r.source == "assessment"
                        else "",
                        "Rationale": r.rationale or "",
                        "By": r.by or "",
                        "Agency": _agency(r.agency),
                        "Source": "assessment" if r.source == "assessment" else "partner record",
                    }
                    for r in profile.risk_history
                ]
            ),
            hide_index=True,
            width="stretch",
            column_config={"Rationale": st.column_config.TextColumn(width=420)},
        )
    else:
        st.info("No risk level has been recorded yet.")
    if not allowed(user, Permission.SET_RISK_LEVEL):
        return
    if profile.identity.role == "associate":
        st.info("Risk levels are set for young people, not for adults or peers of concern.")
        return
    levels = profile.risk_levels
    current = profile.identity.risk_level
    with st.form("profile_risk_form"):
        st.text("Set the risk level (the old level stays in the history).")
        level = st.selectbox(
            "Risk level",
            levels,
            index=levels.index(current) if current in levels else 0,
            format_func=risk_label,
            key="profile_risk_level",
        )
        rationale = st.text_area(
            f"Rationale (required, at least {MIN_RATIONALE} characters)",
            key="profile_risk_rationale",
        )
        if st.form_submit_button("Set risk level", type="primary"):
            try:
                set_risk_level(
                    services(),
                    user,
                    profile.identity.person_id,
                    level=str(level),
                    rationale=rationale,
                )
            except CseBoardError as e:
                st.error(md_escape(str(e)))
            else:
                forget(PROFILES, profile.identity.person_id)
                st.session_state.pop("profile_risk_rationale", None)
                st.session_state[_FLASH] = f"Risk level set to {risk_label(str(level))}."
                st.rerun()


def _connections(user: User, profile: PersonProfile) -> None:
    """How is this person connected to someone else? Chains of links with their records."""
    pid = profile.identity.person_id
    st.caption(
        "The shortest chains of links from this person to another, through the records you may "
        "see, each link with the records that make it. Viewing them is recorded in the audit log."
    )
    people = {pid: profile.identity.label}
    people.update({a.person.person_id: a.person.label for a in profile.associates})
    try:
        listed = cached(user, "profile_people", None, lambda: cohort_people(services(), user))
    except CseBoardError:
        listed = []
    people.update({m.person.person_id: m.person.label for m in listed})
    chain_finder(services(), user, people, key="profile_chains", start=pid)


def _summary(profile: PersonProfile) -> None:
    who = profile.identity
    a, b, c, d = st.columns([3, 2, 2, 1])
    # A metric's value is rendered as Markdown: a name must not become an image or a link.
    a.metric(role_label(who.role), md_escape(who.label))
    b.metric("Date of birth", uk_date(who.date_of_birth) or "not recorded")
    c.metric("Current risk level", risk_label(who.risk_level))
    d.metric("Agency records", len(who.records))


def render() -> None:
    user = current_user()
    if user is None:
        st.stop()
    st.title("Person profile")
    st.caption("Every view of a person's record is recorded in the audit log. Times are UK time.")
    _picker(user)
    person_id: str | None = st.session_state.get(PERSON)
    if not person_id:
        st.info("Search for a person, or choose one from the list.")
        return
    profile = _load(user, person_id)
    if message := st.session_state.pop(_FLASH, None):
        st.success(message)
    _summary(profile)
    left, right = st.columns([0.8, 0.2])
    left.caption(f"Read at {uk_time(profile.as_of)}; links and places over the whole record.")
    if right.button("Refresh", icon=":material/refresh:"):
        forget(PROFILES, person_id)
        st.rerun()
    tabs = st.tabs(
        [
            "Identity",
            f"Timeline ({len(profile.timeline)})",
            f"Associates ({len(profile.associates)})",
            f"Places ({len(profile.places)})",
            "Indicators",
            "Risk level",
            "Connections",
        ]
    )
    with tabs[0]:
        _identity(profile)
    with tabs[1]:
        _time_axis(user, profile)
        _timeline(profile)
    with tabs[2]:
        _associates(profile)
    with tabs[3]:
        _places(profile)
    with tabs[4]:
        _indicators(profile)
    with tabs[5]:
        _risk(user, profile)
    with tabs[6]:
        _connections(user, profile)


render()
