"""Read models of the network explorer, clusters, alerts and places pages: facts with sources."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from cseboard.models.analysis import AlertKind, AlertStatus, LinkEvidence, RoleResult
from cseboard.models.base import FrozenModel

__all__ = [
    "ALERT_KIND_LABELS",
    "COLLAPSE_ABOVE",
    "MAX_NODES",
    "MIN_GRADING_CHOICES",
    "ROLE_KIND_LABELS",
    "AlertPage",
    "AlertReview",
    "AlertSubject",
    "AlertView",
    "ClusterChange",
    "ClusterDetail",
    "ClusterList",
    "ClusterMember",
    "ClusterOption",
    "ClusterPlace",
    "ClusterRow",
    "Focus",
    "MemberLink",
    "NetworkExport",
    "NetworkFilters",
    "NetworkLink",
    "NetworkNode",
    "NetworkOptions",
    "NetworkView",
    "NodeKind",
    "PersonOption",
    "PlaceDetail",
    "PlaceRow",
    "PlacesView",
    "RecordDetail",
    "RunComparison",
    "RunInfo",
]

MAX_NODES = 300
"""Most nodes one chart draws: beyond that a link chart stops being readable (and fast)."""
COLLAPSE_ABOVE = 150
"""Above this many nodes and links the explorer offers to draw each cluster as one node."""

NodeKind = Literal[
    "young_person",
    "associate",
    "person",
    "location",
    "vehicle",
    "phone",
    "account",
    "cluster",
    "unnamed",
]
Focus = Literal["cluster", "person", "cohort"]

ALERT_KIND_LABELS: dict[str, str] = {
    "new_link": "New link between people",
    "new_cluster": "New cluster",
    "new_cluster_member": "New member of a cluster",
    "adult_new_young_people": "Adult newly linked to several young people",
    "object_with_missing_children": "Vehicle or phone seen with several missing children",
}
ROLE_KIND_LABELS: dict[str, str] = {
    "broker": "Broker (links otherwise separate people)",
    "hub": "Hub (many or strong links)",
    "adult_linked_to_young_people": "Adult linked to several young people",
    "bridge": "Bridge between clusters",
}
MIN_GRADING_CHOICES: tuple[str, ...] = tuple(f"{s}{a}" for s in "123" for a in "ABCD")
"""Minimum-grading filter choices, strongest first (``2C``: source 1-2 and assessment A-C).
E is not offered: reports assessed E never build a link at all."""


class PersonOption(FrozenModel):
    """A person as a page lists them: id, the name the user may see, role."""

    person_id: str
    label: str
    role: str | None = None
    risk_level: str | None = None


# -- network explorer ---------------------------------------------------------------------------
class NetworkFilters(FrozenModel):
    """What the chart shows; also the key under which pages cache a chart and its layout.

    Attributes
    ----------
    focus: ``cluster`` (one cluster of the latest run), ``person`` (a person's neighbourhood)
        or ``cohort`` (the people of the user's operations).
    cluster_id, person_id: the focus, as chosen.
    hops: how many links away from the person the neighbourhood reaches (1 by default: more
        are drawn on demand, from a clicked person, with ``expanded``).
    expanded: people whose neighbours are drawn too, in the order they were asked for (the
        chart grows around them and nothing drawn before moves).
    collapsed: clusters of the latest run drawn as one node each.
    window_days: evidence of this many days up to now.
    agencies: only evidence from these agencies (``None``: all).
    min_grading: only reports graded at least this (``2C``), as the analysis filters them.
    show_places, show_objects: draw places, and vehicles, phones and accounts.
    max_nodes: the chart's bound.
    """

    focus: Focus = "cluster"
    cluster_id: str | None = None
    person_id: str | None = None
    hops: int = Field(default=1, ge=1, le=3)
    expanded: tuple[str, ...] = ()
    collapsed: tuple[str, ...] = ()
    window_days: int = Field(default=365, ge=1, le=3650)
    agencies: tuple[str, ...] | None = None
    min_grading: str | None = Field(default=None, pattern=r"^[123][A-E]$")
    show_places: bool = True
    show_objects: bool = True
    max_nodes: int = Field(default=MAX_NODES, ge=10, le=MAX_NODES)

    def key(self) -> str:
        """A stable text key of the filter values (cache key, chart component key)."""
        return self.model_dump_json()


class NetworkNode(FrozenModel):
    """One node of the chart with its fixed position (so the layout never jumps).

    Attributes
    ----------
    node_id: person id, or ``place:…``, ``vehicle:…``, ``phone:…``, ``account:…``.
    kind: what it is (styles and legend).
    label: the name shown (display name for people the user may see).
    person_id: for people, the id the profile opens with.
    risk_level: a practitioner-set risk level (people only), never computed.
    cluster_id: the person's cluster in the latest run, if any.
    focus: the person the neighbourhood is centred on.
    links: how many links it has in this chart.
    records: reports and missing episodes of the window behind a person (a collapsed
        cluster: behind its members drawn), as the user may see them.
    members: a collapsed cluster's people drawn inside it.
    expanded: the person's neighbours are drawn.
    x, y: position in chart units.
    """

    node_id: str
    kind: NodeKind
    label: str
    person_id: str | None = None
    risk_level: str | None = None
    cluster_id: str | None = None
    focus: bool = False
    links: int = 0
    records: int = 0
    members: int = 0
    expanded: bool = False
    x: float
    y: float


class NetworkLink(FrozenModel):
    """One link of the chart with every record behind it.

    Attributes
    ----------
    link_id: stable id (``L:<source>|<target>``).
    source, target: node ids (for a person–place or person–object link, the person first).
    kind: ``association`` (two people), ``place`` (person seen at a place) or ``object``
        (person named with a vehicle, phone or account).
    kinds: the kinds of evidence (``same_report``, ``colocation``, ``intelligence``, …).
    weight: sum of the evidence weights (from the grading; never a risk score).
    grading: grading of the strongest evidence (``record`` for a missing-episode record).
    label: what the chart writes on the link.
    records: how many distinct reports and episodes are behind it.
    first_seen, last_seen: earliest and latest evidence.
    evidence: every piece of evidence, oldest first.
    """

    link_id: str
    source: str
    target: str
    kind: Literal["association", "place", "object"]
    kinds: list[str]
    weight: float
    grading: str
    label: str
    records: int
    first_seen: datetime
    last_seen: datetime
    evidence: list[LinkEvidence]


class NetworkView(FrozenModel):
    """A bounded chart for one user and one set of filters.

    Attributes
    ----------
    filters: what was asked for.
    as_of, window_start, window_end: when it was read and the evidence window.
    run_id: the analysis run whose clusters were used (``None`` before any run).
    nodes, links: what to draw.
    people_total: people the focus covered (after the user's scope) before the bound.
    people_shown: people drawn.
    truncated: true when people, places or objects were left out to keep the bound.
    hidden_people: people left out because they are outside the user's scope.
    restricted_reports: reports left out because their handling conditions exclude the user.
    notes: plain sentences about what was left out and why.
    clusters: clusters of the latest run with two or more people drawn (id → people drawn),
        which the explorer can collapse.
    """

    filters: NetworkFilters
    as_of: datetime
    window_start: datetime
    window_end: datetime
    run_id: str | None
    nodes: list[NetworkNode]
    links: list[NetworkLink]
    people_total: int
    people_shown: int
    truncated: bool
    hidden_people: int = 0
    restricted_reports: int = 0
    notes: list[str] = Field(default_factory=list)
    clusters: dict[str, int] = Field(default_factory=dict)

    @property
    def elements(self) -> int:
        """Nodes and links drawn (what makes a chart readable or a hairball)."""
        return len(self.nodes) + len(self.links)

    def node(self, node_id: str) -> NetworkNode | None:
        """The node with this id, if drawn."""
        return next((n for n in self.nodes if n.node_id == node_id), None)

    def link(self, link_id: str) -> NetworkLink | None:
        """The link with this id, if drawn."""
        return next((lk for lk in self.links if lk.link_id == link_id), None)

    def people(self) -> list[NetworkNode]:
        """The person nodes, in drawing order."""
        return [n for n in self.nodes if n.person_id is not None]


class ClusterOption(FrozenModel):
    """A cluster offered as a chart focus (sizes count only the people the user may see)."""

    cluster_id: str
    size: int
    young_people: int


class NetworkOptions(FrozenModel):
    """What the explorer's filters can offer this user.

    Attributes
    ----------
    run_id, run_at: the latest analysis run (clusters come from it).
    agencies: agency codes present in the store.
    clusters: the latest run's clusters, largest first (for an operational user: those with
        people in their scope, counted within it).
    scoped: the user sees only their operations' cohorts and the people linked to them.
    may_export: the user may export the chart (the practice lead; exports are disclosures).
    """

    run_id: str | None
    run_at: datetime | None
    agencies: list[str]
    clusters: list[ClusterOption]
    scoped: bool
    may_export: bool


class RecordDetail(FrozenModel):
    """One intelligence report or missing episode behind a link or an alert.

    Attributes
    ----------
    record_id: ``agency/source_ref``.
    type: ``intelligence``, ``missing_episode`` or ``unknown`` (erased since).
    agency: the holding agency.
    at: reported at (reports) or reported missing at (episodes).
    returned_at: when the child returned (episodes).
    grading: 3x5x2 grading (``record`` for an episode).
    category: report category code.
    restricted: the user may not read it (handling code C); only the holder and notice show.
    notice: whom to ask, when restricted.
    people: the people it names whom the user may see.
    hidden_people: people it names outside the user's scope.
    """

    record_id: str
    type: Literal["intelligence", "missing_episode", "unknown"]
    agency: str | None = None
    at: datetime | None = None
    returned_at: datetime | None = None
    grading: str | None = None
    category: str | None = None
    restricted: bool = False
    notice: str | None = None
    people: list[PersonOption] = Field(default_factory=list)
    hidden_people: int = 0


class NetworkExport(FrozenModel):
    """An exported chart (SVG) or its data (JSON), recorded as a disclosure."""

    filename: str
    media_type: str
    content: bytes
    recipients: list[str]


# -- clusters ------------------------------------------------------------------------------------
class RunInfo(FrozenModel):
    """An analysis run's header: when, over which window, how big the graph was."""

    run_id: str
    run_at: datetime
    window_start: datetime | None = None
    window_end: datetime | None = None
    backend: str | None = None
    graph_nodes: int | None = None
    graph_edges: int | None = None
    cluster_count: int | None = None
    alert_count: int | None = None


class ClusterRow(FrozenModel):
    """A cluster's summary as the list shows it (counts of the run's own summary).

    Attributes
    ----------
    is_new: the cluster did not exist in the run before this one.
    new_members: people who joined since that run.
    """

    cluster_id: str
    size: int
    young_people: int
    associates: int
    others: int
    locations: int
    risk_levels: dict[str, int]
    missing_episodes: int
    intelligence_count: int
    link_count: int
    new_members: int
    left_members: int
    previous_size: int | None
    growth: int | None
    is_new: bool


class ClusterList(FrozenModel):
    """One run's clusters, and the run they were compared with when computed."""

    run: RunInfo | None
    previous_run: RunInfo | None
    clusters: list[ClusterRow]


class ClusterChange(FrozenModel):
    """How one cluster id differs between two runs (ids are stable across runs)."""

    cluster_id: str
    status: Literal["new", "gone", "continuing"]
    size_before: int | None
    size_after: int | None
    joined: int
    left: int


class RunComparison(FrozenModel):
    """Clusters of ``run`` compared with those of an earlier run ``other``."""

    run: RunInfo
    other: RunInfo
    changes: list[ClusterChange]


class MemberLink(FrozenModel):
    """One link of a member to another member: the reason they are in the cluster."""

    other: PersonOption
    weight: float
    kinds: list[str]
    first_seen: datetime
    last_seen: datetime
    evidence: list[LinkEvidence]


class ClusterMember(FrozenModel):
    """A member of a cluster with why they are in it (their links to other members).

    Attributes
    ----------
    new: joined since the previous run.
    links: their links to other members, strongest first (``explain_membership``).
    roles: structural roles the run found for them (role kind codes).
    explained: false when the person is no longer in the graph (records erased or merged).
    """

    person: PersonOption
    new: bool
    links: list[MemberLink]
    roles: list[str]
    explained: bool = True


class ClusterPlace(FrozenModel):
    """A place the cluster's members were recorded at in the run's window."""

    place: str
    name: str | None
    kind: str | None
    records: int


class ClusterDetail(FrozenModel):
    """One cluster of one run: members with reasons, places and roles."""

    run: RunInfo
    cluster: ClusterRow
    members: list[ClusterMember]
    places: list[ClusterPlace]
    roles: list[RoleResult]
    role_people: dict[str, str]
    note: str


# -- alerts --------------------------------------------------------------------------------------
class AlertSubject(FrozenModel):
    """What an alert is about: a person (named for the practice lead), a cluster or an object."""

    subject_id: str
    kind: Literal["person", "cluster", "object"]
    label: str


class AlertView(FrozenModel):
    """An alert with its evidence, for review. It never changes a risk level.

    Attributes
    ----------
    summary: the run's factual sentence with people's ids replaced by their names.
    evidence: the reports and episodes behind it (the first ``evidence_shown``).
    evidence_total: how many there are in all.
    """

    alert_id: str
    kind: AlertKind
    status: AlertStatus
    owner: str | None = None
    note: str | None = None
    reviewed_at: datetime | None = None
    detected_at: datetime | None = None
    first_run: str | None = None
    last_run: str | None = None
    summary: str
    subjects: list[AlertSubject]
    evidence: list[RecordDetail]
    evidence_total: int


class AlertPage(FrozenModel):
    """A page of alerts and the counts by kind and status behind the filters."""

    run: RunInfo | None
    items: list[AlertView]
    total: int
    page: int
    page_size: int
    counts: dict[str, dict[str, int]]


class AlertReview(FrozenModel):
    """The stored review of an alert."""

    alert_id: str
    status: AlertStatus
    owner: str
    note: str
    reviewed_at: datetime


# -- places --------------------------------------------------------------------------------------
class PlaceRow(FrozenModel):
    """A hotspot as the table and the map show it (counts only)."""

    place: str
    name: str | None
    kind: str | None
    latitude: float | None
    longitude: float | None
    young_people: int
    associates: int
    records: int
    first_seen: datetime
    last_seen: datetime
    postcode: str | None = None
    location_records: int = 1


class PlacesView(FrozenModel):
    """The hotspots of one run."""

    run: RunInfo | None
    places: list[PlaceRow]


class PlaceDetail(FrozenModel):
    """When records place people at one hotspot: weekday × hour and month counts (UK time)."""

    run: RunInfo
    place: PlaceRow
    location_ids: list[str]
    day_hour: list[list[int]]
    records_by_month: dict[str, int]
    young_people_by_month: dict[str, int]
