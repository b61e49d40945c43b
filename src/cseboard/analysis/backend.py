"""Analysis backends (networkx now, Neo4j GDS possible later) and the full analysis run."""

from __future__ import annotations

import gc
import time
from collections.abc import Collection, Mapping
from datetime import UTC, datetime, timedelta
from typing import Protocol

import networkx as nx

from cseboard import __version__
from cseboard.analysis.clusters import cluster_summary, clusters, match_clusters
from cseboard.analysis.emerging import emerging_alerts
from cseboard.analysis.hotspots import hotspots
from cseboard.analysis.indicators import indicators
from cseboard.analysis.projection import Projection, bulk_allocation, project
from cseboard.analysis.roles import adults_linked_to_young_people, bridges, brokers, hubs
from cseboard.models.analysis import (
    Alert,
    AnalysisParams,
    AnalysisResult,
    ClusterSummary,
    Hotspot,
    PersonIndicators,
    RoleResult,
)
from cseboard.models.evidence import EvidenceSet

__all__ = ["AnalysisBackend", "NetworkxBackend", "run_analysis"]


class AnalysisBackend(Protocol):
    """What a backend computes from an evidence set and parameters.

    A backend may keep its projection between calls made with the same evidence and
    parameters (``prepare`` is always called first by :func:`run_analysis`). Cluster ids are
    not the backend's business: :func:`run_analysis` matches them across runs.
    """

    @property
    def name(self) -> str:
        """Short name recorded on the run (``networkx``, ``gds``)."""
        ...

    def prepare(self, evidence: EvidenceSet, params: AnalysisParams) -> tuple[int, int]:
        """Project the evidence; return the person graph's (nodes, edges)."""
        ...

    def clusters(self, evidence: EvidenceSet, params: AnalysisParams) -> list[set[str]]:
        """Communities of people, largest first."""
        ...

    def summaries(
        self,
        evidence: EvidenceSet,
        params: AnalysisParams,
        clusters: Mapping[str, Collection[str]],
        previous: Mapping[str, Collection[str]] | None,
    ) -> list[ClusterSummary]:
        """One summary per cluster id, in the order given."""
        ...

    def roles(
        self,
        evidence: EvidenceSet,
        params: AnalysisParams,
        clusters: Mapping[str, Collection[str]],
    ) -> list[RoleResult]:
        """Brokers, hubs, adults linked to young people and bridges."""
        ...

    def hotspots(self, evidence: EvidenceSet, params: AnalysisParams) -> list[Hotspot]:
        """Places linked to several young people."""
        ...

    def alerts(
        self,
        evidence: EvidenceSet,
        params: AnalysisParams,
        clusters: Mapping[str, Collection[str]],
        previous: Mapping[str, Collection[str]] | None,
        detected_at: datetime,
    ) -> list[Alert]:
        """Alerts for review."""
        ...

    def indicators(
        self,
        evidence: EvidenceSet,
        params: AnalysisParams,
        hotspots: list[Hotspot],
        people: Collection[str] | None = None,
    ) -> list[PersonIndicators]:
        """Per young person indicators with sources (of ``people`` only, when given)."""
        ...


class NetworkxBackend:
    """The in-process backend: networkx graphs built from the evidence set.

    It keeps the last projection, so the stages of one run share one graph. Clusters, roles
    and alerts use the strong links only (``AnalysisParams.min_link_weight``); summaries,
    hotspots, indicators and explanations see every link.

    Examples
    --------
    >>> from datetime import UTC, datetime, timedelta
    >>> from cseboard.models.analysis import AnalysisParams
    >>> from cseboard.models.evidence import EvidenceSet, IntelligenceEvidence
    >>> t = datetime(2024, 5, 1, tzinfo=UTC)
    >>> ev = EvidenceSet(intelligence=[IntelligenceEvidence(intel_id="police/I-1",
    ...     agency="police", reported_at=t, category="sighting", grading="1AP",
    ...     source_evaluation="1", intelligence_assessment="A",
    ...     person_ids=["P-1", "P-2", "P-3"])])
    >>> backend = NetworkxBackend()
    >>> params = AnalysisParams(window_end=t)
    >>> backend.prepare(ev, params), [sorted(c) for c in backend.clusters(ev, params)]
    ((3, 3), [['P-1', 'P-2', 'P-3']])
    """

    name = "networkx"

    def __init__(self) -> None:
        self._last: Projection | None = None

    @property
    def last_cluster_graph(self) -> nx.Graph | None:
        """The strong links of the last projection, the graph Louvain ran on (benchmarks
        compare other libraries on it)."""
        return self._last.strong if self._last is not None else None

    def adopt(self, projection: Projection) -> None:
        """Reuse a projection the caller already built (its evidence and parameters with it)."""
        self._last = projection

    def projection(self, evidence: EvidenceSet, params: AnalysisParams) -> Projection:
        """The (cached) projection of :func:`~cseboard.analysis.projection.project`."""
        last = self._last
        if last is not None and last.evidence is evidence and last.params == params:
            return last
        self._last = project(evidence, params)
        return self._last

    def prepare(self, evidence: EvidenceSet, params: AnalysisParams) -> tuple[int, int]:
        """Build the projection; return (nodes, edges) of the person graph."""
        G = self.projection(evidence, params).graph
        return G.number_of_nodes(), G.number_of_edges()

    def clusters(self, evidence: EvidenceSet, params: AnalysisParams) -> list[set[str]]:
        """Louvain clusters of the strong links with the run's resolution, seed, minimum size."""
        return clusters(
            self.projection(evidence, params).strong,
            resolution=params.resolution,
            min_size=params.min_cluster_size,
            seed=params.seed,
        )

    def summaries(
        self,
        evidence: EvidenceSet,
        params: AnalysisParams,
        clusters: Mapping[str, Collection[str]],
        previous: Mapping[str, Collection[str]] | None,
    ) -> list[ClusterSummary]:
        """:func:`~cseboard.analysis.clusters.cluster_summary` for each cluster."""
        p = self.projection(evidence, params)
        return [
            cluster_summary(
                p.graph,
                members,
                p.selection,
                cluster_id=cid,
                previous_members=previous.get(cid) if previous is not None else None,
            )
            for cid, members in clusters.items()
        ]

    def roles(
        self,
        evidence: EvidenceSet,
        params: AnalysisParams,
        clusters: Mapping[str, Collection[str]],
    ) -> list[RoleResult]:
        """Brokers, hubs, adults linked to young people, then bridges (strong links only)."""
        G = self.projection(evidence, params).strong
        return [
            *brokers(
                G,
                k=params.broker_k,
                sample_above=params.broker_sample_above,
                sample_size=params.broker_sample_size,
                max_work=params.broker_max_work,
                seed=params.seed,
                top=params.top_roles,
            ),
            *hubs(G, top=params.top_roles),
            *adults_linked_to_young_people(G, threshold=params.adult_threshold),
            *bridges(G, clusters, min_clusters=params.bridge_min_clusters, top=params.top_roles),
        ]

    def hotspots(self, evidence: EvidenceSet, params: AnalysisParams) -> list[Hotspot]:
        """Hotspots of the person–place graph."""
        return hotspots(
            self.projection(evidence, params).places,
            min_young_people=params.hotspot_min_young_people,
        )

    def alerts(
        self,
        evidence: EvidenceSet,
        params: AnalysisParams,
        clusters: Mapping[str, Collection[str]],
        previous: Mapping[str, Collection[str]] | None,
        detected_at: datetime,
    ) -> list[Alert]:
        """All emerging alerts (links: strong links only)."""
        p = self.projection(evidence, params)
        return emerging_alerts(
            p.strong,
            p.selection,
            detected_at=detected_at,
            current=clusters,
            previous=previous,
            new_link_days=params.new_link_days,
            young_people_only=params.new_link_young_people_only,
            associates_only=params.new_link_associates_only,
            min_young_people=params.new_adult_min_young_people,
            min_missing_children=params.object_min_missing_children,
        )

    def indicators(
        self,
        evidence: EvidenceSet,
        params: AnalysisParams,
        hotspots: list[Hotspot],
        people: Collection[str] | None = None,
    ) -> list[PersonIndicators]:
        """Indicators of every young person (of ``people`` only, when given)."""
        p = self.projection(evidence, params)
        if people is not None:
            people = [x for x in people if p.selection.role_of(x) == "young_person"]
        return indicators(
            p.graph,
            p.places,
            p.selection,
            people=people,
            hotspot_places=[h.place for h in hotspots],
            repeat_count=params.repeat_missing_count,
            repeat_days=params.repeat_missing_days,
            rhi_due_hours=params.rhi_due_hours,
        )


def run_analysis(
    evidence: EvidenceSet,
    params: AnalysisParams,
    *,
    previous: Mapping[str, Collection[str]] | None = None,
    used_cluster_ids: Collection[str] = (),
    backend: AnalysisBackend | None = None,
    run_at: datetime | None = None,
    prepared_s: float = 0.0,
) -> AnalysisResult:
    """Run every stage of the analysis and record parameters, graph size and timings.

    Parameters
    ----------
    evidence : EvidenceSet
        The store's projection read.
    params : AnalysisParams
        Window, filters and tuning (including the seed).
    previous : mapping of str to collection of str, optional
        The previous run's clusters by id (``AnalysisResult.cluster_members()`` or the
        store's ``Cluster`` nodes): ids are kept where membership overlaps.
    used_cluster_ids : collection of str, optional
        Every cluster id issued before, so new ids never repeat one.
    backend : AnalysisBackend, optional
        Defaults to a new :class:`NetworkxBackend`.
    run_at : datetime, optional
        When the run happened (alerts' ``detected_at``); default now.
    prepared_s : float, default 0
        Seconds the caller already spent building the backend's projection (counted in the
        ``projection`` and ``total`` timings).

    Returns
    -------
    AnalysisResult
        ``timings`` has seconds for ``projection``, ``clusters``, ``summaries``, ``roles``,
        ``hotspots``, ``alerts``, ``indicators`` and ``total``.

    Examples
    --------
    >>> from datetime import UTC, datetime, timedelta
    >>> from cseboard.models.evidence import EvidenceSet, IntelligenceEvidence
    >>> t = datetime(2024, 5, 1, tzinfo=UTC)
    >>> ev = EvidenceSet(intelligence=[IntelligenceEvidence(intel_id="police/I-1",
    ...     agency="police", reported_at=t, category="sighting", grading="1AP",
    ...     source_evaluation="1", intelligence_assessment="A",
    ...     person_ids=["P-1", "P-2", "P-3"])])
    >>> result = run_analysis(ev, AnalysisParams(window_end=t), run_at=t)
    >>> [(c.cluster_id, c.members) for c in result.clusters]
    [('C-0001', ['P-1', 'P-2', 'P-3'])]
    >>> result.graph_edges, sorted(result.timings)[:3]
    (3, ['alerts', 'clusters', 'hotspots'])
    """
    engine: AnalysisBackend = backend if backend is not None else NetworkxBackend()
    moment = run_at if run_at is not None else datetime.now(UTC)
    timings: dict[str, float] = {}
    began = time.perf_counter()

    def timed(stage: str, since: float) -> float:
        now = time.perf_counter()
        timings[stage] = round(now - since, 4)
        return now

    # The projection allocates millions of small acyclic objects: the cyclic collector is paused
    # while it is built, then everything alive is frozen out of its reach (``gc.freeze``), so
    # the stages run with the collector on (their cyclic garbage, e.g. subgraph views, is
    # freed as it goes) without it rescanning the graphs again and again.
    with bulk_allocation():
        mark = began
        nodes, edges = engine.prepare(evidence, params)
        mark = timed("projection", mark)
        timings["projection"] = round(timings["projection"] + prepared_s, 4)
    gc.freeze()
    try:
        found = engine.clusters(evidence, params)
        stable = match_clusters(
            previous or {}, found, min_overlap=params.cluster_min_overlap, used_ids=used_cluster_ids
        )
        mark = timed("clusters", mark)
        summaries = engine.summaries(evidence, params, stable, previous)
        mark = timed("summaries", mark)
        roles = engine.roles(evidence, params, stable)
        mark = timed("roles", mark)
        places = engine.hotspots(evidence, params)
        mark = timed("hotspots", mark)
        alerts = engine.alerts(evidence, params, stable, previous, moment)
        mark = timed("alerts", mark)
        # The facts of the young people in clusters, the ones a reviewer opens from a run (a
        # profile computes anyone's own, fresh): not every young person of the partnership.
        members = sorted({p for c in summaries for p in c.members})
        person_indicators = engine.indicators(evidence, params, places, people=members)
        timed("indicators", mark)
    finally:
        gc.unfreeze()
    timings["total"] = round(time.perf_counter() - began + prepared_s, 4)
    window_start = params.window_end - timedelta(days=params.window_days)
    return AnalysisResult(
        run_at=moment,
        backend=engine.name,
        code_version=__version__,
        params=params,
        window_start=window_start,
        window_end=params.window_end,
        graph_nodes=nodes,
        graph_edges=edges,
        timings=timings,
        clusters=summaries,
        roles=roles,
        hotspots=places,
        alerts=alerts,
        indicators=person_indicators,
    )
