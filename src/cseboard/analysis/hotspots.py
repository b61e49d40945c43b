"""Places linked to several young people, with when (month, weekday and hour) they were seen."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import networkx as nx

from cseboard.models.analysis import Hotspot

__all__ = ["LONDON", "hotspots"]

LONDON = ZoneInfo("Europe/London")


def hotspots(B: nx.Graph, *, min_young_people: int = 3) -> list[Hotspot]:
    """Places the window's evidence links to at least ``min_young_people`` young people.

    Parameters
    ----------
    B : networkx.Graph
        Person–place graph from
        :func:`~cseboard.analysis.projection.person_location_graph` (places have
        ``bipartite=1``; people carry ``role``).
    min_young_people : int, default 3
        Smallest number of distinct young people seen at the place.

    Returns
    -------
    list of Hotspot
        Most young people first, then by place id. Counts are of distinct records (a report
        naming three young people at a place counts once); months, weekdays and hours are
        UK local time. A missing episode counts at the time the child returned.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> from cseboard.analysis.projection import EdgeEvidence
    >>> B = nx.Graph()
    >>> B.add_node("takeaway", bipartite=1, name="Takeaway", kind="takeaway",
    ...            latitude=None, longitude=None, location_ids=["L-1"])
    >>> t = datetime(2024, 5, 3, 21, 30, tzinfo=UTC)  # a Friday, 22:30 in London
    >>> for i in (1, 2, 3):
    ...     B.add_node(f"G-{i}", bipartite=0, role="young_person")
    ...     ev = EdgeEvidence("intelligence", (f"police/I-{i}",), "1AP", 1.0, t, t, "L-1")
    ...     B.add_edge(f"G-{i}", "takeaway", evidence=[ev])
    >>> [h] = hotspots(B)
    >>> h.young_people, h.records_by_month, h.day_hour[4][22]
    (['G-1', 'G-2', 'G-3'], {'2024-05': 3}, 3)
    """
    found: list[Hotspot] = []
    for place, data in B.nodes(data=True):
        if data.get("bipartite") != 1:
            continue
        young = sorted(p for p in B[place] if B.nodes[p].get("role") == "young_person")
        if len(young) < min_young_people:
            continue
        associates = sorted(p for p in B[place] if B.nodes[p].get("role") == "associate")
        records: dict[str, datetime] = {}
        young_months: dict[str, set[str]] = {}
        for person in B[place]:
            is_young = B.nodes[person].get("role") == "young_person"
            for ev in B[person][place].get("evidence", ()):
                for record in ev.ids:
                    records.setdefault(record, ev.when)
                if is_young:
                    month = ev.when.astimezone(LONDON).strftime("%Y-%m")
                    young_months.setdefault(month, set()).add(person)
        by_month: Counter[str] = Counter()
        day_hour = [[0] * 24 for _ in range(7)]
        for when in records.values():
            local = when.astimezone(LONDON)
            by_month[local.strftime("%Y-%m")] += 1
            day_hour[local.weekday()][local.hour] += 1
        times = list(records.values())
        found.append(
            Hotspot(
                place=place,
                name=data.get("name"),
                kind=data.get("kind"),
                postcode=data.get("postcode"),
                latitude=data.get("latitude"),
                longitude=data.get("longitude"),
                location_ids=list(data.get("location_ids") or [place]),
                young_people=young,
                associates=associates,
                record_ids=sorted(records),
                first_seen=min(times),
                last_seen=max(times),
                records_by_month=dict(sorted(by_month.items())),
                young_people_by_month={m: len(p) for m, p in sorted(young_months.items())},
                day_hour=day_hour,
            )
        )
    found.sort(key=lambda h: (-len(h.young_people), h.place))
    return found
