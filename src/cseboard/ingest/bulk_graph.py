"""The graph a first load builds in memory, for Neo4j's offline importer.

It takes the importer's write rows in place of the store's ``GraphWriter`` and does to them what
the store's write statements (``cypher/upsert_*``, ``write_*``, ``ensure_*``, ``fill_people``) do
to a database: the same keys, properties, labels and relationships, pending records for
references that arrive before their record, unchanged rows skipped by their hash and a changed
row's links rebuilt. ``tests/integration/test_bulk_import.py`` loads the same files both ways and
compares the graphs, so the two cannot drift apart unseen.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cseboard.store.bulk_files import NodeGroup, RelGroup

__all__ = ["BulkGraph"]

Props = dict[str, Any]
Link = tuple[str, str, str, Props | None]
"""(relationship type, end node group, end key, relationship properties)."""


def _set_all(node: Props, props: Props) -> None:
    """``SET n += props``: a null removes the property."""
    for key, value in props.items():
        if value is None:
            node.pop(key, None)
        else:
            node[key] = value


def _set(node: Props, key: str, value: Any) -> None:
    if value is None:
        node.pop(key, None)
    else:
        node[key] = value


class BulkGraph:
    """Nodes by kind and key, and each record's links; one import at a time writes to it."""

    def __init__(self) -> None:
        self.records: dict[str, Props] = {}
        self.people: dict[str, Props] = {}
        self.person_labels: dict[str, set[str]] = {}
        self.refers_to: dict[str, tuple[str, Props]] = {}
        self.locations: dict[str, Props] = {}
        self.at_place: dict[str, str] = {}
        self.places: dict[str, Props] = {}
        self.intelligence: dict[str, Props] = {}
        self.intelligence_links: dict[str, list[Link]] = {}
        self.episodes: dict[str, Props] = {}
        self.episode_links: dict[str, dict[tuple[str, str, str, str | None], Props | None]] = {}
        self.agencies: dict[str, Props] = {}
        self.vehicles: dict[str, Props] = {}
        self.phones: dict[str, Props] = {}
        self.accounts: dict[str, Props] = {}
        self.import_runs: list[tuple[str, dict[str, Any]]] = []

    # -- the importer's sink ------------------------------------------------------------------
    def write(self, record_type: str, rows: list[dict[str, Any]], *, run_id: str) -> int:
        """One batch, as ``GraphWriter.write``; returns how many rows were new or changed."""
        now = datetime.now(UTC)
        if record_type == "people":
            return self._people(rows, run_id, now)
        if record_type == "locations":
            return self._locations(rows, run_id, now)
        if record_type == "intelligence":
            return self._intelligence(rows, run_id, now)
        if record_type == "missing_episodes":
            return self._missing_episodes(rows, run_id, now)
        raise ValueError(f"unknown record type {record_type!r}")

    def record_import_run(self, run_id: str, props: dict[str, Any]) -> None:
        """Kept for the server to record once it holds the graph."""
        self.import_runs.append((run_id, props))

    def known_refs(self, agency: str) -> tuple[set[str], set[str]]:
        """(person refs, location refs) the agency has sent records for (not only named)."""
        people = {
            r["source_ref"]
            for r in self.records.values()
            if r["agency"] == agency and not r.get("pending")
        }
        places = {
            loc["source_ref"]
            for loc in self.locations.values()
            if loc["agency"] == agency and not loc.get("pending")
        }
        return people, places

    def tombstones(self, agency: str) -> set[str]:
        """A first load goes into an empty database, which has erased nobody."""
        return set()

    # -- record types -------------------------------------------------------------------------
    def _upsert(
        self, nodes: dict[str, Props], key_name: str, row: dict[str, Any], now: datetime
    ) -> tuple[Props, Any] | None:
        """MERGE on the key, skip an unchanged row; the node and its previous hash."""
        node = nodes.get(row["key"])
        if node is None:
            node = nodes[row["key"]] = {
                key_name: row["key"],
                "agency": row["agency"],
                "source_ref": row["source_ref"],
                "imported_at": now,
            }
        hash_name = "ssd_row_hash" if row.get("source_format") == "ssd" else "row_hash"
        previous = node.get(hash_name)
        if previous is not None and previous == row["hash"]:
            return None
        return node, previous

    @staticmethod
    def _update(
        node: Props, row: dict[str, Any], previous: Any, run_id: str, now: datetime
    ) -> None:
        """``SET n += row.props``, the import run, no longer pending; ``changed_at`` is stamped
        only when the row changed a record already sent."""
        changed_at = node.get("changed_at")
        _set_all(node, row["props"])
        node["import_run"] = run_id
        node.pop("pending", None)
        _set(node, "changed_at", changed_at if previous is None else now)

    def _people(self, rows: list[dict[str, Any]], run_id: str, now: datetime) -> int:
        changed = []
        for row in rows:
            found = self._upsert(self.records, "record_key", row, now)
            if found is None:
                continue
            record, previous = found
            count = record.get("change_count")
            self._update(record, row, previous, run_id, now)
            record["change_count"] = (count or 0) + (0 if previous is None else 1)
            changed.append(row)
        self._ensure_people([ref for row in changed for ref in row["self_refs"]], now)
        for row in changed:
            person_id = self.refers_to[row["key"]][0]
            person = self.people[person_id]
            _set_all(person, row["person_props"])
            level = row["props"].get("risk_level")
            if person.get("risk_level") is None and level is not None:
                person["risk_level"] = level
            if person.get("risk_level_source") is None and level is not None:
                person["risk_level_source"] = row["key"]
            person.pop("pending", None)
            role = row["props"].get("role")
            labels = self.person_labels[person_id]
            if role == "young_person":
                labels.add("YoungPerson")
                labels.discard("Associate")
            elif role == "associate":
                labels.add("Associate")
                labels.discard("YoungPerson")
        return len(changed)

    def _locations(self, rows: list[dict[str, Any]], run_id: str, now: datetime) -> int:
        changed = 0
        for row in rows:
            row = {**row, "key": row["location_id"]}
            found = self._upsert(self.locations, "location_id", row, now)
            if found is None:
                continue
            location, previous = found
            self._update(location, row, previous, run_id, now)
            if row["location_id"] not in self.at_place:
                place_id = row["place_id"]
                self.places.setdefault(place_id, {"place_id": place_id, "created_at": now})
                self.at_place[row["location_id"]] = place_id
            changed += 1
        return changed

    def _intelligence(self, rows: list[dict[str, Any]], run_id: str, now: datetime) -> int:
        changed = []
        for row in rows:
            created = row["key"] not in self.intelligence
            found = self._upsert(self.intelligence, "intel_id", row, now)
            if found is None:
                continue
            report, previous = found
            if created:
                report["received_at"] = now
            reviewed_at = report.get("reviewed_at")
            _set_all(report, row["props"])
            report["import_run"] = run_id
            _set(report, "changed_at", None if previous is None else now)
            _set(report, "reviewed_at", reviewed_at if previous is None else None)
            changed.append(row)
        self._ensure_people([ref for row in changed for ref in row["people_refs"]], now)
        self._ensure_locations(changed, now)
        for row in changed:
            agency = self._agency(row["agency"])
            links: list[Link] = [("SUBMITTED_BY", "Agency", agency, None)]
            for ref in row["people_refs"]:
                person_id = self.refers_to[ref["record_key"]][0]
                links.append(("MENTIONS", "Person", person_id, {"via": ref["record_key"]}))
            links += [("MENTIONS", "Location", lid, None) for lid in row["location_ids"]]
            for vrm in row["vehicles"]:
                self.vehicles.setdefault(vrm, {"vrm": vrm})
                links.append(("MENTIONS", "Vehicle", vrm, None))
            for e164 in row["phones"]:
                self.phones.setdefault(e164, {"e164": e164})
                links.append(("MENTIONS", "Phone", e164, None))
            for account in row["online_accounts"]:
                key = f"{account['platform']}:{account['handle']}"
                self.accounts.setdefault(
                    key,
                    {
                        "account_key": key,
                        "platform": account["platform"],
                        "handle": account["handle"],
                    },
                )
                links.append(("MENTIONS", "OnlineAccount", key, None))
            self.intelligence_links[row["key"]] = links  # a changed report's links are rebuilt
        return len(changed)

    def _missing_episodes(self, rows: list[dict[str, Any]], run_id: str, now: datetime) -> int:
        changed = []
        for row in rows:
            found = self._upsert(self.episodes, "episode_id", row, now)
            if found is None:
                continue
            episode, previous = found
            self._update(episode, row, previous, run_id, now)
            changed.append(row)
        refs = [ref for row in changed for ref in (*row["person_refs"], *row["missing_with_refs"])]
        self._ensure_people(refs, now)
        self._ensure_locations(changed, now)
        for row in changed:
            links = self.episode_links.setdefault(row["key"], {})
            if row["source_format"] != "ssd":  # SSD rows only add to an episode
                for link in [k for k in links if k[0] != "REPORTED_BY"]:
                    del links[link]
            links[("REPORTED_BY", "Agency", self._agency(row["agency"]), None)] = None
            for kind, refs_key in (("OF", "person_refs"), ("MISSING_WITH", "missing_with_refs")):
                for ref in row[refs_key]:
                    person_id = self.refers_to[ref["record_key"]][0]
                    via = ref["record_key"]
                    links[(kind, "Person", person_id, via)] = {"via": via}
            for lid in row["found_location_ids"]:
                links[("FOUND_AT", "Location", lid, None)] = None
        return len(changed)

    # -- shared steps -------------------------------------------------------------------------
    def _agency(self, name: str) -> str:
        self.agencies.setdefault(name, {"name": name})
        return name

    def _ensure_people(self, refs: list[dict[str, str]], now: datetime) -> None:
        """``ensure_person_records``: a record (pending if not sent yet) and its person."""
        for ref in refs:
            key = ref["record_key"]
            if key not in self.records:
                self.records[key] = {
                    "record_key": key,
                    "agency": ref["agency"],
                    "source_ref": ref["source_ref"],
                    "pending": True,
                    "imported_at": now,
                }
            if key in self.refers_to:
                continue
            person_id = ref["person_id"]
            if person_id not in self.people:
                self.people[person_id] = {
                    "person_id": person_id,
                    "pending": True,
                    "created_at": now,
                }
                self.person_labels[person_id] = set()
            self.refers_to[key] = (person_id, {"source": key, "since": now})

    def _ensure_locations(self, rows: list[dict[str, Any]], now: datetime) -> None:
        """``ensure_locations``: a location named before its record arrives is pending."""
        for row in rows:
            for ref in row["location_refs"]:
                if ref["location_id"] not in self.locations:
                    self.locations[ref["location_id"]] = {
                        "location_id": ref["location_id"],
                        "agency": ref["agency"],
                        "source_ref": ref["source_ref"],
                        "pending": True,
                        "imported_at": now,
                    }

    # -- for the offline importer -------------------------------------------------------------
    def own_groups(self) -> list[NodeGroup]:
        """Nodes only this graph's agencies make (keyed by agency): written by whoever built it."""
        return [
            NodeGroup("Person", "person_id", self.people, self.person_labels),
            NodeGroup("AgencyRecord", "record_key", self.records),
            NodeGroup("Location", "location_id", self.locations),
            NodeGroup("Place", "place_id", self.places),
            NodeGroup("Intelligence", "intel_id", self.intelligence),
            NodeGroup("MissingEpisode", "episode_id", self.episodes),
        ]

    def shared_groups(self) -> list[NodeGroup]:
        """Nodes several agencies' rows name (agencies, vehicles, phones, accounts): merged
        across graphs built apart before they are written once."""
        return [
            NodeGroup("Agency", "name", self.agencies),
            NodeGroup("Vehicle", "vrm", self.vehicles),
            NodeGroup("Phone", "e164", self.phones),
            NodeGroup("OnlineAccount", "account_key", self.accounts),
        ]

    def relationship_groups(self) -> list[RelGroup]:
        groups = [
            RelGroup(
                "REFERS_TO",
                "AgencyRecord",
                "Person",
                ((k, p, props) for k, (p, props) in self.refers_to.items()),
            ),
            RelGroup(
                "AT_PLACE", "Location", "Place", ((k, p, None) for k, p in self.at_place.items())
            ),
        ]
        buckets: dict[tuple[str, str, str], list[tuple[str, str, Props | None]]] = {}
        for key, links in self.intelligence_links.items():
            for rel_type, end, end_key, props in links:
                buckets.setdefault((rel_type, "Intelligence", end), []).append(
                    (key, end_key, props)
                )
        for key, episode_links in self.episode_links.items():
            for (rel_type, end, end_key, _), props in episode_links.items():
                bucket = buckets.setdefault((rel_type, "MissingEpisode", end), [])
                bucket.append((key, end_key, props))
        groups += [
            RelGroup(t, start, end, rows) for (t, start, end), rows in sorted(buckets.items())
        ]
        return groups
