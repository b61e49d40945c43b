"""Hotspots of a stored analysis run: places linked to several young people, and when.

Counts only (no names): the hotspot list, and for one place the weekday × hour and monthly
record counts the run computed in UK local time.
"""

from __future__ import annotations

from cseboard.access.policy import Permission, require
from cseboard.errors import NotFound
from cseboard.models.analysis import Hotspot
from cseboard.models.network import PlaceDetail, PlaceRow, PlacesView
from cseboard.models.users import User
from cseboard.services.analysis_runs import require_partnership_view, run_info, stored_run
from cseboard.services.context import ServiceContext
from cseboard.services.kept import kept

__all__ = ["place_detail", "place_row", "places_overview"]


def place_row(hotspot: Hotspot) -> PlaceRow:
    """A table and map row of a hotspot."""
    return PlaceRow(
        place=hotspot.place,
        name=hotspot.name,
        kind=hotspot.kind,
        postcode=hotspot.postcode,
        location_records=len(hotspot.location_ids),
        latitude=hotspot.latitude,
        longitude=hotspot.longitude,
        young_people=len(hotspot.young_people),
        associates=len(hotspot.associates),
        records=len(hotspot.record_ids),
        first_seen=hotspot.first_seen,
        last_seen=hotspot.last_seen,
    )


def places_overview(ctx: ServiceContext, user: User, run_id: str | None = None) -> PlacesView:
    """The hotspots of a run (the latest by default), most young people first."""
    require_partnership_view(ctx, user)
    require(user, Permission.VIEW_PLACES)

    def load() -> PlacesView:
        run = stored_run(ctx, run_id)
        if run is None:
            return PlacesView(run=None, places=[])
        return PlacesView(run=run_info(run.props), places=[place_row(h) for h in run.hotspots()])

    view, _ = kept(ctx, user, "places_overview", run_id, load)
    return view


def place_detail(
    ctx: ServiceContext, user: User, place: str, *, run_id: str | None = None
) -> PlaceDetail:
    """When the run's records put people at one hotspot: weekday × hour and by month.

    Raises
    ------
    NotFound
        No run, or the place is not a hotspot of the run.
    """
    require_partnership_view(ctx, user)
    require(user, Permission.VIEW_PLACES)

    def load() -> PlaceDetail | str:
        run = stored_run(ctx, run_id)
        if run is None:
            return "no analysis run has been stored yet"
        for hotspot in run.hotspots():
            if hotspot.place == place:
                return PlaceDetail(
                    run=run_info(run.props),
                    place=place_row(hotspot),
                    location_ids=hotspot.location_ids,
                    day_hour=hotspot.day_hour,
                    records_by_month=hotspot.records_by_month,
                    young_people_by_month=hotspot.young_people_by_month,
                )
        return f"{place} is not a hotspot of run {run.run_id}"

    found, _ = kept(ctx, user, "place_detail", (run_id, place), load)
    if isinstance(found, str):
        raise NotFound(found)
    return found
