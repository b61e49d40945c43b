"""Alerts for review: new links, new cluster members, adults newly around children, objects."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime, timedelta

import networkx as nx

from cseboard.analysis.selection import Selection
from cseboard.models.analysis import Alert, AlertKind

__all__ = [
    "alert_id",
    "cluster_change_alerts",
    "emerging_alerts",
    "new_adult_alerts",
    "new_link_alerts",
    "object_alerts",
]

_KIND_NAMES = {
    "same_report": "named in the same report",
    "shared_phone": "shared phone",
    "shared_vehicle": "shared vehicle",
    "shared_account": "shared online account",
    "colocation": "at the same place",
    "missing_with": "recorded missing with each other",
    "missing_together": "missing at the same time and found at the same place",
    "missing_overlap": "missing at overlapping times",
}


def alert_id(kind: str, subject_ids: Iterable[str]) -> str:
    """A deterministic id from the kind and the subjects, so a re-run finds the same alert.

    Examples
    --------
    >>> alert_id("new_link", ["P-2", "P-1"]) == alert_id("new_link", ["P-1", "P-2"])
    True
    """
    text = "\x1f".join([kind, *sorted(subject_ids)])
    return "A-" + hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def _alert(
    kind: AlertKind,
    subjects: list[str],
    summary: str,
    evidence: Iterable[str],
    detected_at: datetime,
    *,
    id_subjects: Iterable[str] | None = None,
) -> Alert:
    return Alert(
        alert_id=alert_id(kind, id_subjects if id_subjects is not None else subjects),
        kind=kind,
        subject_ids=subjects,
        summary=summary,
        evidence_ids=sorted(set(evidence)),
        detected_at=detected_at,
    )


def _edge_ids(G: nx.Graph, a: str, b: str) -> list[str]:
    return [i for ev in G[a][b].get("evidence", ()) for i in ev.ids]


def _day(moment: datetime) -> str:
    return moment.date().isoformat()


def new_link_alerts(
    G: nx.Graph,
    *,
    since: datetime,
    detected_at: datetime,
    young_people_only: bool = False,
    associates_only: bool = False,
    skip: Collection[tuple[str, str]] = (),
) -> list[Alert]:
    """Links whose first evidence in the window is on or after ``since``.

    Parameters
    ----------
    G : networkx.Graph
        Person graph (edges carry ``first_seen``, ``kinds``, ``evidence``); pass the strong
        links (:func:`~cseboard.analysis.projection.strong_links`) so that a chance
        co-location raises nothing.
    since : datetime
        Start of the "new" period (usually the window end minus 30 days).
    detected_at : datetime
        When the run happened.
    young_people_only : bool, default False
        Only links with at least one young person.
    associates_only : bool, default False
        With ``young_people_only``: only links between a young person and an associate.
    skip : collection of (str, str)
        Pairs (smaller id first) already raised in another alert.

    Returns
    -------
    list of Alert
        ``kind="new_link"``, subjects the two people, oldest link first.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> t = datetime(2024, 5, 20, tzinfo=UTC)
    >>> from cseboard.analysis.projection import EdgeEvidence
    >>> seen = EdgeEvidence("colocation", ("police/I-1", "school/I-4"), "2BP", 0.48, t, t,
    ...                     "AB1 2CD|park")
    >>> G = nx.Graph()
    >>> G.add_edge("P-1", "P-2", first_seen=t, kinds=["colocation"], evidence=[seen])
    >>> [a.summary for a in new_link_alerts(G, since=datetime(2024, 5, 1, tzinfo=UTC),
    ...                                      detected_at=t)]
    ['P-1 and P-2 were first linked on 2024-05-20 (at the same place; 2 records).']
    """
    found: list[tuple[datetime, str, str]] = []
    skipped = set(skip)
    nodes = G.nodes
    for a, b, first in G.edges(data="first_seen"):
        if first is None or first < since:
            continue
        roles = (nodes[a].get("role"), nodes[b].get("role"))
        if young_people_only and "young_person" not in roles:
            continue
        if young_people_only and associates_only and "associate" not in roles:
            continue
        x, y = (a, b) if a < b else (b, a)
        if (x, y) in skipped:
            continue
        found.append((first, x, y))
    found.sort()
    alerts = []
    for first, a, b in found:
        ids = _edge_ids(G, a, b)
        kinds = ", ".join(_KIND_NAMES.get(k, k) for k in G[a][b].get("kinds", ()))
        records = len(set(ids))
        alerts.append(
            _alert(
                "new_link",
                [a, b],
                f"{a} and {b} were first linked on {_day(first)} ({kinds}; "
                f"{records} record{'' if records == 1 else 's'}).",
                ids,
                detected_at,
            )
        )
    return alerts


def cluster_change_alerts(
    G: nx.Graph,
    current: Mapping[str, Collection[str]],
    previous: Mapping[str, Collection[str]] | None,
    *,
    detected_at: datetime,
) -> list[Alert]:
    """New clusters and new members of continuing clusters, compared with the previous run.

    Parameters
    ----------
    G : networkx.Graph
        This run's person graph.
    current : mapping of str to collection of str
        This run's clusters with stable ids
        (:func:`~cseboard.analysis.clusters.match_clusters`).
    previous : mapping, optional
        The previous run's clusters; ``None`` on a first run (no alerts then).
    detected_at : datetime
        When the run happened.

    Returns
    -------
    list of Alert
        ``new_cluster`` (subjects: the cluster id then its members) and, one per continuing
        cluster that gained people, ``new_cluster_member`` (subjects: the cluster id then the
        new members; evidence: their links to other members).

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> now = datetime(2024, 5, 1, tzinfo=UTC)
    >>> [a.summary for a in cluster_change_alerts(G, {"C-0001": {"a", "b", "c", "d"}},
    ...     {"C-0001": {"a", "b", "c"}}, detected_at=now)]
    ['d is newly in cluster C-0001 (links to members c).']
    >>> G.add_edges_from([("e", "a"), ("e", "d")])
    >>> [a.summary for a in cluster_change_alerts(G, {"C-0001": {"a", "b", "c", "d", "e"}},
    ...     {"C-0001": {"a", "b", "c"}}, detected_at=now)]
    ['2 people are newly in cluster C-0001: d (links to members c, e); e (links to members a, d).']
    """
    if previous is None:
        return []
    alerts: list[Alert] = []
    for cid, members in current.items():
        member_set = set(members)
        if cid not in previous:
            people = sorted(member_set)
            alerts.append(
                _alert(
                    "new_cluster",
                    [cid, *people],
                    f"New cluster {cid} of {len(people)} people.",
                    (i for u, v in G.subgraph(member_set).edges for i in _edge_ids(G, u, v)),
                    detected_at,
                )
            )
            continue
        joined = sorted(member_set - set(previous[cid]))
        if not joined:
            continue
        reasons: list[str] = []
        evidence: list[str] = []
        for person in joined:
            neighbours = sorted(n for n in G[person] if n in member_set) if person in G else []
            reasons.append(f"links to members {', '.join(neighbours) or 'none'}")
            evidence.extend(i for n in neighbours for i in _edge_ids(G, person, n))
        if len(joined) == 1:
            summary = f"{joined[0]} is newly in cluster {cid} ({reasons[0]})."
        else:
            listed = "; ".join(f"{p} ({r})" for p, r in zip(joined, reasons, strict=True))
            summary = f"{len(joined)} people are newly in cluster {cid}: {listed}."
        alerts.append(_alert("new_cluster_member", [cid, *joined], summary, evidence, detected_at))
    return alerts


def new_adult_alerts(
    G: nx.Graph,
    *,
    since: datetime,
    detected_at: datetime,
    min_young_people: int = 2,
) -> list[Alert]:
    """Associates with links to at least ``min_young_people`` young people first seen since.

    Parameters
    ----------
    G : networkx.Graph
        Person graph with ``role`` on nodes.
    since : datetime
        Links first seen on or after this are new.
    detected_at : datetime
        When the run happened.
    min_young_people : int, default 2
        Smallest number of young people newly linked.

    Returns
    -------
    list of Alert
        ``kind="adult_new_young_people"``; subjects the associate then the young people.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> t = datetime(2024, 5, 20, tzinfo=UTC)
    >>> G = nx.Graph()
    >>> G.add_node("man", role="associate")
    >>> for g in ("g1", "g2"):
    ...     G.add_node(g, role="young_person")
    ...     G.add_edge("man", g, first_seen=t, evidence=[])
    >>> [a.subject_ids for a in new_adult_alerts(G, since=datetime(2024, 5, 1, tzinfo=UTC),
    ...                                          detected_at=t)]
    [['man', 'g1', 'g2']]
    """
    alerts: list[Alert] = []
    for node, role in G.nodes(data="role"):
        if role != "associate":
            continue
        young = sorted(
            n
            for n in G[node]
            if G.nodes[n].get("role") == "young_person"
            and (first := G[node][n].get("first_seen")) is not None
            and first >= since
        )
        if len(young) < min_young_people:
            continue
        alerts.append(
            _alert(
                "adult_new_young_people",
                [node, *young],
                f"Associate {node} has links first recorded on or after {_day(since)} to "
                f"{len(young)} young people: {', '.join(young)}.",
                (i for n in young for i in _edge_ids(G, node, n)),
                detected_at,
            )
        )
    alerts.sort(key=lambda a: (-len(a.subject_ids), a.subject_ids))
    return alerts


def object_alerts(
    evidence: Selection,
    *,
    detected_at: datetime,
    min_children: int = 2,
    objects: Collection[str] = ("vehicle", "phone"),
) -> list[Alert]:
    """A vehicle or phone mentioned with several children who went missing in the window.

    Counts every report in the window except E-graded ones, whatever the group caps of the
    person graph: a number seen with many missing children is exactly what should surface.

    Parameters
    ----------
    evidence : Selection
        The window's evidence.
    detected_at : datetime
        When the run happened.
    min_children : int, default 2
        Smallest number of children with missing episodes in the window.
    objects : collection of {"vehicle", "phone", "account"}
        Which objects to look at.

    Returns
    -------
    list of Alert
        ``kind="object_with_missing_children"``; subjects the object then the children;
        evidence the reports and the children's episodes in the window. Most children first.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> from cseboard.analysis.selection import select
    >>> from cseboard.models.evidence import (EpisodeEvidence, EvidenceSet,
    ...     IntelligenceEvidence)
    >>> t = datetime(2024, 5, 1, tzinfo=UTC)
    >>> ev = EvidenceSet(
    ...     intelligence=[IntelligenceEvidence(intel_id=f"police/I-{g}", agency="police",
    ...         reported_at=t, category="vehicle", grading="2BP", person_ids=[g],
    ...         vehicles=["AB12CDE"]) for g in ("g1", "g2")],
    ...     episodes=[EpisodeEvidence(episode_id=f"police/M-{g}", agency="police",
    ...         person_id=g, reported_missing_at=t) for g in ("g1", "g2")])
    >>> [a.summary for a in object_alerts(select(ev, window_end=t), detected_at=t)]
    ['Vehicle AB12CDE is mentioned in 2 reports with 2 children who were reported missing in the window: g1, g2.']
    """  # noqa: E501
    wanted = set(objects)
    missing = evidence.episodes_by_person
    seen: dict[tuple[str, str], dict[str, set[str]]] = {}
    for r in evidence.linking:
        children = [p for p in dict.fromkeys(r.person_ids) if p in missing]
        if not children:
            continue
        for kind, values in (("vehicle", r.vehicles), ("phone", r.phones), ("account", r.accounts)):
            if kind not in wanted:
                continue
            for value in values:
                per_child = seen.setdefault((kind, value), {})
                for child in children:
                    per_child.setdefault(child, set()).add(r.intel_id)
    alerts: list[Alert] = []
    for (kind, value), per_child in seen.items():
        if len(per_child) < min_children:
            continue
        children = sorted(per_child)
        reports = {i for ids in per_child.values() for i in ids}
        episodes = [e.episode_id for c in children for e in missing[c]]
        label = {"vehicle": "Vehicle", "phone": "Phone", "account": "Online account"}[kind]
        alerts.append(
            _alert(
                "object_with_missing_children",
                [f"{kind}:{value}", *children],
                f"{label} {value} is mentioned in {len(reports)} reports with {len(children)} "
                f"children who were reported missing in the window: {', '.join(children)}.",
                [*reports, *episodes],
                detected_at,
            )
        )
    alerts.sort(key=lambda a: (-len(a.subject_ids), a.subject_ids))
    return alerts


def emerging_alerts(
    G: nx.Graph,
    evidence: Selection,
    *,
    detected_at: datetime,
    current: Mapping[str, Collection[str]],
    previous: Mapping[str, Collection[str]] | None = None,
    new_link_days: int = 30,
    young_people_only: bool = False,
    associates_only: bool = False,
    min_young_people: int = 2,
    min_missing_children: int = 2,
) -> list[Alert]:
    """All alerts of a run, for a person to review (they never change a risk level).

    Each new link is raised once: a link in an ``adult_new_young_people`` alert gets no
    ``new_link`` alert of its own.

    Parameters
    ----------
    G : networkx.Graph
        This run's person graph; the backend passes the strong links
        (:func:`~cseboard.analysis.projection.strong_links`).
    evidence : Selection
        The window's evidence (its ``window_end`` anchors "new").
    detected_at : datetime
        When the run happened.
    current, previous : mapping of str to collection of str
        This run's and the previous run's clusters by id.
    new_link_days : int, default 30
        Links first seen within this many days of the window end are new.
    young_people_only, associates_only : bool, default False
        See :func:`new_link_alerts`.
    min_young_people : int, default 2
        See :func:`new_adult_alerts`.
    min_missing_children : int, default 2
        See :func:`object_alerts`.

    Returns
    -------
    list of Alert
        New links, cluster changes, adults newly around children, then objects.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> from cseboard.analysis.projection import person_graph
    >>> from cseboard.analysis.selection import select
    >>> from cseboard.models.evidence import EvidenceSet, IntelligenceEvidence
    >>> t = datetime(2024, 5, 1, tzinfo=UTC)
    >>> sel = select(EvidenceSet(intelligence=[IntelligenceEvidence(intel_id="police/I-1",
    ...     agency="police", reported_at=t, category="sighting", grading="1AP",
    ...     person_ids=["P-1", "P-2"])]), window_end=t)
    >>> [a.kind for a in emerging_alerts(person_graph(sel), sel, detected_at=t, current={})]
    ['new_link']
    """
    since = evidence.window_end - timedelta(days=new_link_days)
    adults = new_adult_alerts(
        G, since=since, detected_at=detected_at, min_young_people=min_young_people
    )
    covered = {
        (adult, young) if adult < young else (young, adult)
        for alert in adults
        for adult in alert.subject_ids[:1]
        for young in alert.subject_ids[1:]
    }
    return [
        *new_link_alerts(
            G,
            since=since,
            detected_at=detected_at,
            young_people_only=young_people_only,
            associates_only=associates_only,
            skip=covered,
        ),
        *cluster_change_alerts(G, current, previous, detected_at=detected_at),
        *adults,
        *object_alerts(evidence, detected_at=detected_at, min_children=min_missing_children),
    ]
