"""Triage facets of the practice lead's inbox: facts about a report, never a score.

A report names a young person of an operation's cohort; names an adult already linked to
three or more young people; names a place that is a current hotspot; or is behind a new link
between an adult and a young person. The last three come from the latest analysis run (its
roles, hotspots and alerts), so "linked" has the one meaning the projection gives it
(``services/projection.py``) and the page names the run they are as of.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from cseboard.models.analysis import AnalysisParams
from cseboard.services.analysis_runs import latest_run
from cseboard.services.context import ServiceContext
from cseboard.store.analysis_runs import AnalysisRunStore

__all__ = ["FACET_KEYS", "TriageInputs", "facet_labels", "triage_inputs"]

FACET_KEYS = ("cohort_child", "adult_linked", "hotspot", "new_link")


@dataclass(frozen=True)
class TriageInputs:
    """What the facets of the latest run are made of (empty lists before the first run)."""

    adults: list[str] = field(default_factory=list)
    hotspot_locations: list[str] = field(default_factory=list)
    new_link_reports: list[str] = field(default_factory=list)
    run_id: str | None = None
    run_at: datetime | None = None
    threshold: int = 3

    def params(self) -> dict[str, list[str]]:
        return {
            "adults": self.adults,
            "hotspot_locations": self.hotspot_locations,
            "new_link_reports": self.new_link_reports,
        }


def facet_labels(threshold: int = 3) -> dict[str, str]:
    """Each facet in words (the adult threshold is the analysis run's)."""
    return {
        "cohort_child": "Names a young person of an operation's cohort",
        "adult_linked": f"Names an adult already linked to {threshold} or more young people",
        "hotspot": "Names a place that is a current hotspot",
        "new_link": "Behind a new link between an adult and a young person",
    }


def triage_inputs(ctx: ServiceContext) -> TriageInputs:
    """The adults, hotspot locations and new-link reports of the latest analysis run."""
    run = latest_run(ctx)
    if run is None:
        return TriageInputs()
    params_json = run.props.get("params_json")
    threshold = 3
    if params_json:
        threshold = AnalysisParams.model_validate_json(params_json).adult_threshold
    store = AnalysisRunStore(ctx.driver, database=ctx.database)
    return TriageInputs(
        adults=sorted(
            {r.person_id for r in run.roles() if r.kind == "adult_linked_to_young_people"}
        ),
        hotspot_locations=sorted({lid for h in run.hotspots() for lid in h.location_ids}),
        new_link_reports=store.new_link_records(run.run_id),
        run_id=run.run_id,
        run_at=run.props.get("run_at"),
        threshold=threshold,
    )
