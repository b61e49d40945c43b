"""Erasing a person, and everything that still names them: merge chains, free text, rejects
reports, and later imports of the same record.

One erasure takes out the person, the people merges absorbed into them (their nodes keep
names, dates of birth and aliases) and the merge records; lists every free-text field that may
still name them as a task for a person to redact (``services.redaction``); removes the lines of
earlier rejects reports that name them; and leaves a tombstone per agency record (a keyed hash
of agency + source_ref) so that a later import skips the record and reports it.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from cseboard.access.keys import tombstone_key
from cseboard.access.policy import Permission, require
from cseboard.errors import NotFound, ValidationFailed
from cseboard.ingest.rejects import redact_report
from cseboard.ingest.tombstones import tombstone
from cseboard.models.oversight import ErasureResult
from cseboard.models.users import AuditAction, User
from cseboard.services.context import ServiceContext
from cseboard.services.scope import forget_scopes
from cseboard.store.erasure import Amend, ErasureStore

__all__ = ["ERASED", "Identity", "erase_person"]

ERASED = "[erased]"
_STRUCTURAL = frozenset({"file", "line", "column", "outcome"})
"""Rejects report columns that never hold a partner value."""


def _scrub(value: Any, person_id: str) -> Any:
    """The value without the person: list items and mapping keys dropped, text masked."""
    if isinstance(value, str):
        return value.replace(person_id, ERASED) if person_id in value else value
    if isinstance(value, list):
        return [
            _scrub(v, person_id)
            for v in value
            if v != person_id and not (isinstance(v, dict) and v.get("person_id") == person_id)
        ]
    if isinstance(value, dict):
        out = {k: _scrub(v, person_id) for k, v in value.items() if k != person_id}
        if isinstance(out.get("members"), list) and isinstance(out.get("size"), int):
            out["size"] = len(out["members"])
        return out
    return value


def _amend(person_ids: list[str]) -> Amend:
    def amend(kind: str, props: dict[str, Any]) -> dict[str, Any]:
        changed: dict[str, Any] = {}
        for key, value in props.items():
            new: Any = value
            for pid in person_ids:
                if key.endswith("_json") and isinstance(new, str):
                    try:
                        decoded = json.loads(new)
                    except ValueError:
                        new = _scrub(new, pid)
                    else:
                        new = json.dumps(_scrub(decoded, pid))
                elif isinstance(new, str | list):
                    new = _scrub(new, pid)
            if new != value:
                changed[key] = new
        if kind == "cluster" and isinstance(changed.get("members"), list):
            changed["size"] = len(changed["members"])
        return changed

    return amend


@dataclass
class Identity:
    """What identifies an erased person in text: built before the erasure, never stored.

    Attributes
    ----------
    refs: (agency, source_ref) of every agency record of them (merged ones included).
    strong: words that name them wherever they appear (full names, aliases, NHS numbers).
    pairs: (first, last) names that name them wherever both appear in one text (a raw row
        keeps them in separate cells).
    weak: words that name them only in records about them (a first or last name alone).
    """

    refs: set[tuple[str, str]] = field(default_factory=set)
    strong: set[str] = field(default_factory=set)
    pairs: set[tuple[str, str]] = field(default_factory=set)
    weak: set[str] = field(default_factory=set)

    def add(self, row: dict[str, Any]) -> None:
        first = str(row.get("first_name") or "").strip()
        last = str(row.get("last_name") or "").strip()
        if first and last:
            self.strong.add(f"{first} {last}".lower())
            self.pairs.add((first.lower(), last.lower()))
        for name in (first, last):
            if len(name) >= 3:
                self.weak.add(name.lower())
        for alias in row.get("aliases") or []:
            if len(str(alias).strip()) >= 3:
                self.strong.add(str(alias).strip().lower())
        nhs = str(row.get("nhs_number") or "")
        if len(nhs) == 10:
            self.strong.update({nhs, f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"})
        born = row.get("date_of_birth")
        if isinstance(born, date):
            self.weak.update({born.strftime("%d/%m/%Y"), born.isoformat()})
        if row.get("agency") and row.get("source_ref"):
            self.refs.add((str(row["agency"]), str(row["source_ref"])))

    def _found(self, text: str, terms: set[str]) -> bool:
        lowered = text.lower()
        return any(
            re.search(rf"(?<![\w]){re.escape(term)}(?![\w])", lowered)
            for term in terms
            if term in lowered
        )

    def _named(self, text: str) -> bool:
        return self._found(text, self.strong) or any(
            self._found(text, {first}) and self._found(text, {last}) for first, last in self.pairs
        )

    def names(self, text: str, *, about: bool) -> bool:
        """Whether ``text`` may name the person (weak words count in records about them)."""
        return self._named(text) or (about and self._found(text, self.weak))

    def in_rejects_line(self, row: dict[str, str], agency: str | None) -> bool:
        """Whether a rejects report line names the person (its reference or a strong word)."""
        refs = {ref for a, ref in self.refs if agency is None or a == agency}
        for column, value in row.items():
            if column in _STRUCTURAL or not value:
                continue
            if value.strip() in refs or self._named(value):
                return True
        return False


def _identity(store: ErasureStore, person_id: str) -> tuple[Identity, list[str]]:
    """The person's identity (their records and what merges kept) and the absorbed ids."""
    row = store.identity(person_id)
    if row is None:
        raise NotFound(f"no person {person_id!r}")
    identity = Identity()
    identity.add(row["person"])
    for record in row["records"]:
        identity.add(record)
    absorbed: list[str] = []
    frontier = [person_id]
    while frontier:
        found = [p for p in store.absorbed(frontier) if p["person_id"] not in absorbed]
        for person in found:
            identity.add(person)
        frontier = [str(p["person_id"]) for p in found]
        absorbed.extend(frontier)
    return identity, absorbed


def _tasks(
    store: ErasureStore, chain: list[str], identity: Identity
) -> list[dict[str, Any]]:
    """A redaction task for each free-text field that may still name the person, as the field
    will read once the erasure has taken the person's entries out of it."""
    person_id = chain[0]
    rows = store.text_candidates(
        person_id, terms=sorted(identity.strong), weak_terms=sorted(identity.weak)
    )
    amend = _amend(chain)
    tasks = []
    for row in rows:
        text = str(row["text"] or "")
        text = str(amend(str(row["kind"]), {str(row["property"]): text}).get(row["property"], text))
        if not identity.names(text, about=bool(row["about"])):
            continue
        tasks.append(
            {
                "task_id": f"RD-{uuid.uuid4().hex[:16]}",
                "erased_person": person_id,
                "kind": row["kind"],
                "record": row["record"],
                "property": row["property"],
                "about": bool(row["about"]),
            }
        )
    return tasks


def _rejects_reports(ctx: ServiceContext, store: ErasureStore) -> list[tuple[Path, str | None]]:
    """Rejects reports import runs recorded, and those in the configured rejects folders."""
    found: dict[Path, str | None] = {}
    for recorded, agency in store.rejects_reports():
        found.setdefault(Path(recorded), agency)
    for folder in ctx.settings.rejects_dirs:
        if folder.is_dir():
            for report in sorted(folder.rglob("*.rejects.csv")):
                found.setdefault(report, None)
    return [(p, a) for p, a in found.items() if p.is_file()]


def erase_person(ctx: ServiceContext, user: User, person_id: str, *, reason: str) -> ErasureResult:
    """Erase a person and what still names them.

    Removed: their agency records, the episodes recorded of them, their risk assessments, every
    link to them, the people merges absorbed into them and the merge records; the lines of
    earlier rejects reports naming them. Reports stay without their mentions of the person;
    stored results stay consistent (cluster member lists and sizes, runs, alerts, meeting
    snapshots: entries about them dropped, their id masked as ``[erased]``). Left: a tombstone
    per agency record, and a redaction task per free-text field that may still name them. The
    ERASURE event names the person's id and the counts only, never the erased content.

    Raises
    ------
    ValidationFailed
        Without a reason.
    NotFound
        For an unknown person id, or one a merge absorbed (the message names the person to
        erase: the merge said they are the same).
    """
    require(user, Permission.RETENTION)
    why = (reason or "").strip()
    if len(why) < 5:
        raise ValidationFailed("reason: say why the person is erased (e.g. the request ref)")
    pid = person_id.strip()
    store = ErasureStore(ctx.driver, database=ctx.database)
    exists, merged_into = store.person(pid) if pid else (False, None)
    if merged_into:
        raise NotFound(f"{pid} was merged into {merged_into}: erase {merged_into}")
    if not exists:
        raise NotFound(f"no person {pid!r}")
    identity, absorbed = _identity(store, pid)
    chain = [pid, *absorbed]
    key = tombstone_key(ctx.settings)
    stones = [
        {"key": tombstone(key, agency, ref), "agency": agency}
        for agency, ref in sorted(identity.refs)
    ]
    counts = store.erase(
        pid,
        _amend(chain),
        absorbed_ids=absorbed,
        merge_ids=store.merges(chain),
        stones=stones,
        tasks=_tasks(store, chain, identity),
    )
    removed = files = 0
    for path, agency in _rejects_reports(ctx, store):
        lines = redact_report(path, partial(identity.in_rejects_line, agency=agency))
        removed += lines
        files += 1 if lines else 0
    forget_scopes()
    result = ErasureResult(
        person_id=pid, rejects_rows_removed=removed, rejects_files_changed=files, **counts.__dict__
    )
    ctx.audit.record(
        user,
        AuditAction.ERASURE,
        (
            f"erased a person: {counts.agency_records} agency records, "
            f"{counts.missing_episodes} missing episodes, {counts.risk_assessments} risk "
            f"assessments, {counts.mentions_dropped} report mentions and "
            f"{counts.links_dropped} other links and {counts.lead_assignments} lead "
            f"professional assignments removed; {counts.absorbed_people} merged "
            f"people and {counts.merges} merge records removed; {counts.clusters_amended} "
            f"clusters, {counts.runs_amended} analysis runs, {counts.alerts_amended} alerts and "
            f"{counts.meetings_amended} meeting snapshots amended; {removed} rejects report "
            f"lines removed from {files} reports; {counts.tombstones} tombstones left; "
            f"{counts.redaction_tasks} free-text fields listed for redaction"
        ),
        records=chain,
        justification=why,
    )
    return result
