"""Parameters and results of an analysis run: advisory facts with their sources, never a score."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from cseboard.models.base import FrozenModel
from cseboard.models.evidence import UtcDatetime

__all__ = [
    "Alert",
    "AlertKind",
    "AlertStatus",
    "AnalysisParams",
    "AnalysisResult",
    "Chain",
    "ClusterAgreement",
    "ClusterSummary",
    "Hotspot",
    "Indicator",
    "LinkEvidence",
    "LinkExplanation",
    "PersonIndicators",
    "PrecisionRecall",
    "RoleKind",
    "RoleResult",
]

RoleKind = Literal["broker", "hub", "adult_linked_to_young_people", "bridge"]
AlertKind = Literal[
    "new_link",
    "new_cluster",
    "new_cluster_member",
    "adult_new_young_people",
    "object_with_missing_children",
]
AlertStatus = Literal["open", "confirmed", "dismissed"]


class AnalysisParams(FrozenModel):
    """Everything that decides a run's output; stored on the ``AnalysisRun`` node.

    Attributes
    ----------
    window_end: end of the analysis window (UTC, inclusive).
    window_days: length of the window; evidence before it is ignored.
    agencies: only evidence from these agencies (``None``: all).
    categories: only intelligence of these categories (``None``: all).
    min_grading: e.g. ``2C``: only reports with source 1-2 and assessment A-C.
    colocation_days: people at the same place within this many days are linked.
    max_colocation_group: a place seen with more distinct people than this within one
        co-location period (a school, a station) links none of them for that period.
    max_object_group: a phone, vehicle or account mentioned with more people than this links
        none of them (a taxi firm's number); alerts still see it.
    missing_overlap: ``same_place`` links overlapping missing episodes found at the same place;
        ``any`` links all overlapping episodes; ``off`` neither (``missing_with`` always links).
    colocation_weight: co-location evidence (two separate records at one place within
        ``colocation_days``) weighs this share of its grading weight: it is circumstantial.
    min_link_weight, min_link_records: a link is *strong* when its weight is at least
        ``min_link_weight`` and at least ``min_link_records`` distinct records are behind it.
        Only strong links count in clusters, roles and new-link alerts; weaker links stay in
        the graph to explain and to show (default: one report from a source graded 1 or 2
        naming both people is strong; one co-location alone is not).
    resolution, seed: Louvain parameters (the seed makes a run reproducible).
    min_cluster_size: smaller communities are not reported as clusters.
    cluster_min_overlap: Jaccard overlap needed to keep a previous cluster id.
    broker_k: betweenness sources to sample (``None``: automatic).
    broker_sample_above, broker_sample_size, broker_max_work: with ``broker_k=None``,
        betweenness (over strong links) is computed per connected group of people: exactly
        while the group has at most ``broker_sample_above`` people and needs at most
        ``broker_max_work`` edge visits; beyond, from ``min(broker_sample_size,
        broker_max_work // (2 × links))`` sampled sources of that group (``roles.brokers``).
    top_roles: how many brokers, hubs and bridges to report.
    adult_threshold: associates linked to at least this many young people are listed.
    bridge_min_clusters: people with links into at least this many clusters are bridges.
    hotspot_min_young_people: places linked to at least this many young people are hotspots.
    new_link_days: links first seen within this many days of the window end are new.
    new_link_young_people_only: only report new links that involve a young person.
    new_link_associates_only: only report new links between a young person and an associate
        (with ``new_link_young_people_only``); links among young people show through cluster
        membership alerts instead. New links are always strong links, and a link already
        listed in an ``adult_new_young_people`` alert gets no alert of its own.
    new_adult_min_young_people: an associate newly linked to this many young people is alerted.
    object_min_missing_children: a vehicle or phone seen with this many children who went
        missing in the window is alerted.
    repeat_missing_count, repeat_missing_days: repeat-missing threshold (default 3 in 90 days).
    rhi_due_hours: a return home interview is due within this many hours of return.
    """

    window_end: UtcDatetime
    window_days: int = Field(default=365, ge=1)
    agencies: tuple[str, ...] | None = None
    categories: tuple[str, ...] | None = None
    min_grading: str | None = Field(default=None, pattern=r"^[123][A-E]")
    colocation_days: int = Field(default=7, ge=1)
    max_colocation_group: int = Field(default=25, ge=2)
    max_object_group: int = Field(default=50, ge=2)
    missing_overlap: Literal["off", "same_place", "any"] = "same_place"
    colocation_weight: float = Field(default=0.25, gt=0, le=1)
    min_link_weight: float = Field(default=0.3, ge=0)
    min_link_records: int = Field(default=1, ge=1)
    resolution: float = Field(default=1.0, gt=0)
    seed: int = 0
    min_cluster_size: int = Field(default=3, ge=1)
    cluster_min_overlap: float = Field(default=0.3, ge=0, le=1)
    broker_k: int | None = Field(default=None, ge=1)
    broker_sample_above: int = Field(default=2000, ge=1)
    broker_sample_size: int = Field(default=200, ge=1)
    broker_max_work: int = Field(default=5_000_000, ge=1)
    top_roles: int = Field(default=20, ge=1)
    adult_threshold: int = Field(default=3, ge=1)
    bridge_min_clusters: int = Field(default=2, ge=2)
    hotspot_min_young_people: int = Field(default=3, ge=1)
    new_link_days: int = Field(default=30, ge=1)
    new_link_young_people_only: bool = True
    new_link_associates_only: bool = True
    new_adult_min_young_people: int = Field(default=2, ge=1)
    object_min_missing_children: int = Field(default=2, ge=1)
    repeat_missing_count: int = Field(default=3, ge=1)
    repeat_missing_days: int = Field(default=90, ge=1)
    rhi_due_hours: int = Field(default=72, ge=1)


class LinkEvidence(FrozenModel):
    """One piece of evidence behind a link between two people.

    Attributes
    ----------
    kind: ``same_report``, ``shared_phone``, ``shared_vehicle``, ``shared_account``,
        ``colocation``, ``missing_with``, ``missing_together`` or ``missing_overlap``.
    ids: the intelligence and episode ids behind it.
    grading: grading of the weakest record it needs (``record`` for a missing episode).
    weight: its contribution to the link weight.
    when: when the evidence first supported the link; last: its latest record.
    detail: the phone, vehicle, account or place involved, if any.
    """

    kind: str
    ids: list[str]
    grading: str
    weight: float
    when: datetime
    last: datetime
    detail: str | None = None


class LinkExplanation(FrozenModel):
    """A link between two people with all its evidence.

    Attributes
    ----------
    a, b: the two people.
    weight: sum of the evidence weights.
    kinds: the kinds of evidence present.
    first_seen, last_seen: earliest and latest evidence.
    evidence: every piece, oldest first.
    strong: whether the link is strong enough to count in clusters and roles
        (``AnalysisParams.min_link_weight``); ``None`` when not known.
    """

    a: str
    b: str
    weight: float
    kinds: list[str]
    first_seen: datetime
    last_seen: datetime
    evidence: list[LinkEvidence]
    strong: bool | None = None


class Chain(FrozenModel):
    """A chain of links from one person to another.

    Attributes
    ----------
    persons: the people along the chain, from the first to the last.
    distance: sum of 1/weight over the hops (smaller: stronger chain).
    hops: the link and its evidence for each consecutive pair.
    weakest: index of the weakest hop (the first of equally weak ones); ``None`` without hops.
    """

    persons: list[str]
    distance: float
    hops: list[LinkExplanation]
    weakest: int | None = None


class ClusterSummary(FrozenModel):
    """What a cluster consists of, for review (advisory; membership is explainable).

    Attributes
    ----------
    cluster_id: stable id (``C-0001``), reused across runs when membership overlaps.
    size: number of members.
    members, young_people, associates, others: member ids (``others``: role unknown).
    risk_levels: how many members have each practitioner-set risk level (``unset`` if none).
    locations: place → number of reports and episodes in the window placing members there.
    missing_episodes: episodes of members in the window.
    intelligence_count: reports in the window naming at least one member.
    link_count: links between members.
    new_members, left_members: compared with the previous run's cluster of the same id.
    previous_size: that cluster's size (``None`` for a new cluster).
    growth: ``size - previous_size`` (``None`` for a new cluster).
    """

    cluster_id: str
    size: int
    members: list[str]
    young_people: list[str]
    associates: list[str]
    others: list[str]
    risk_levels: dict[str, int]
    locations: dict[str, int]
    missing_episodes: list[str]
    intelligence_count: int
    link_count: int
    new_members: list[str]
    left_members: list[str]
    previous_size: int | None = None
    growth: int | None = None


class RoleResult(FrozenModel):
    """A person in a structural position, with the numbers that put them there.

    Attributes
    ----------
    kind: ``broker`` (betweenness), ``hub`` (weighted degree), ``adult_linked_to_young_people``
        or ``bridge`` (links into several clusters).
    person_id: the person; person_role: their recorded role.
    rank: 1 for the highest value of this kind.
    value: the measure's value.
    measure: what the value is, in words, with the parameters used.
    related_ids: the young people or cluster ids concerned, where relevant.
    details: other numbers behind the value (degree, counts).
    """

    kind: RoleKind
    person_id: str
    person_role: str | None
    rank: int
    value: float
    measure: str
    related_ids: list[str] = Field(default_factory=list)
    details: dict[str, float] = Field(default_factory=dict)


class Hotspot(FrozenModel):
    """A place linked to several young people in the window.

    Attributes
    ----------
    place: the resolved place id (or the location id of a record not yet received).
    name, kind, postcode, latitude, longitude: from its location records.
    location_ids: the agency location records grouped here.
    young_people, associates: people seen there (links only: no E-graded reports).
    record_ids: the reports and episodes placing people there.
    first_seen, last_seen: earliest and latest record.
    records_by_month: ``YYYY-MM`` (UK time) → records.
    young_people_by_month: ``YYYY-MM`` → distinct young people.
    day_hour: 7 × 24 record counts, Monday first, hours in UK local time.
    """

    place: str
    name: str | None
    kind: str | None
    latitude: float | None
    longitude: float | None
    location_ids: list[str]
    young_people: list[str]
    associates: list[str]
    record_ids: list[str]
    first_seen: datetime
    last_seen: datetime
    records_by_month: dict[str, int]
    young_people_by_month: dict[str, int]
    day_hour: list[list[int]]
    postcode: str | None = None


class Alert(FrozenModel):
    """Something new for a person to review; it never changes a risk level.

    Attributes
    ----------
    alert_id: deterministic from kind and subjects, so a re-run finds the same alert.
    kind: what was detected.
    subject_ids: the people, clusters or objects concerned.
    summary: factual text using ids only (pages substitute names or pseudonyms).
    evidence_ids: the reports and episodes behind it.
    detected_at: when the run found it.
    status, owner, note: review state, ``open`` until a person confirms or dismisses it.
    """

    alert_id: str
    kind: AlertKind
    subject_ids: list[str]
    summary: str
    evidence_ids: list[str]
    detected_at: datetime
    status: AlertStatus = "open"
    owner: str | None = None
    note: str | None = None


class Indicator(FrozenModel):
    """One fact about a young person, with the records it counts.

    Attributes
    ----------
    name: e.g. ``missing_30_days``, ``repeat_missing``, ``associates_linked``.
    value: a count, a yes/no, or ``None`` when it does not apply yet.
    source_ids: the reports and episodes behind it.
    related_ids: people or places it counts, where relevant.
    detail: what was counted, in words.
    """

    name: str
    value: bool | int | None
    source_ids: list[str] = Field(default_factory=list)
    related_ids: list[str] = Field(default_factory=list)
    detail: str


class PersonIndicators(FrozenModel):
    """The indicators of one young person; deliberately never combined into a score.

    Attributes
    ----------
    person_id: the young person.
    as_of: the window end they were computed at.
    indicators: one entry per indicator.
    """

    person_id: str
    as_of: datetime
    indicators: list[Indicator]

    def get(self, name: str) -> Indicator:
        """The indicator called ``name``; ``KeyError`` if there is none."""
        for indicator in self.indicators:
            if indicator.name == name:
                return indicator
        raise KeyError(name)


class AnalysisResult(FrozenModel):
    """Everything one run produced, JSON-serialisable with ``model_dump(mode="json")``.

    Attributes
    ----------
    run_at: when the run happened; backend: which backend computed it; code_version.
    params: the parameters, including the seed.
    window_start, window_end: the evidence window.
    graph_nodes, graph_edges: size of the person graph.
    timings: seconds per stage (projection, clusters, summaries, roles, hotspots, alerts,
        indicators, total).
    clusters, roles, hotspots, alerts: the results.
    indicators: the facts of the young people in the run's clusters (a profile computes
        anyone's own facts when it is opened).
    """

    run_at: datetime
    backend: str
    code_version: str
    params: AnalysisParams
    window_start: datetime
    window_end: datetime
    graph_nodes: int
    graph_edges: int
    timings: dict[str, float]
    clusters: list[ClusterSummary]
    roles: list[RoleResult]
    hotspots: list[Hotspot]
    alerts: list[Alert]
    indicators: list[PersonIndicators]

    def cluster_members(self) -> dict[str, set[str]]:
        """Cluster id → members: pass as ``previous`` to the next run."""
        return {c.cluster_id: set(c.members) for c in self.clusters}


class ClusterAgreement(FrozenModel):
    """Agreement of found clusters with planted groups (synthetic data only).

    Attributes
    ----------
    nmi: normalised mutual information (arithmetic mean), 1.0 for identical partitions.
    ari: adjusted Rand index, 1.0 identical, about 0 for chance agreement.
    people: how many people were compared (the members of planted groups).
    planted_groups, found_groups: groups among those people in each partition (unclustered
        people count as singletons).
    """

    nmi: float
    ari: float
    people: int
    planted_groups: int
    found_groups: int


class PrecisionRecall(FrozenModel):
    """Precision and recall of a found set against an expected one.

    Attributes
    ----------
    precision: share of found items that were expected (1.0 when nothing was found).
    recall: share of expected items that were found (1.0 when nothing was expected).
    true_positives, found, expected: the counts behind them.
    """

    precision: float
    recall: float
    true_positives: int
    found: int
    expected: int
