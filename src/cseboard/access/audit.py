"""DPA 2018 s62 logging: every processing of personal data writes a keyed, chained event.

Each event carries an HMAC-SHA256 over its fields and the previous event's hash, with a key held
outside Neo4j (``access.keys.audit_key``): someone with only the database password can delete
or edit events but cannot write a chain that verifies. What they could still do unseen, cut the
newest events off and move the head back, is caught by the anchors: ``anchor`` writes the signed
head (sequence, hash, time) to an append-only file outside the database, and ``verify`` checks
the chain against every anchor there. Events written before the chain was keyed (plain SHA-256)
are verified once and sealed by the first anchor: from then on an unkeyed event is a rewrite.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import neo4j

from cseboard.errors import CseBoardError, ValidationFailed
from cseboard.models.users import AuditAction, AuditEvent, User
from cseboard.store.audit import AuditStore

__all__ = ["KEYED", "Anchor", "AuditLog", "ChainReport", "event_hash", "keyed_hash"]

KEYED = "hmac-sha256"
"""The ``alg`` of keyed events; events without one were written before the chain was keyed."""

_HASHED = (
    "event_id",
    "seq",
    "at",
    "username",
    "action",
    "what",
    "records",
    "justification",
    "recipients",
    "prev_hash",
)
_PAGE = 5000
_MAX_TEXT = 2000


def _canonical(event: dict[str, Any], fields: tuple[str, ...]) -> bytes:
    canonical = {k: event.get(k) for k in fields}
    at = canonical.get("at")
    if isinstance(at, datetime):
        canonical["at"] = at.astimezone(UTC).isoformat()
    return json.dumps(canonical, sort_keys=True, separators=(",", ":"), default=str).encode()


def event_hash(event: dict[str, Any]) -> str:
    """SHA-256 of an event written before the chain was keyed (kept to verify those)."""
    return hashlib.sha256(_canonical(event, _HASHED)).hexdigest()


def keyed_hash(event: dict[str, Any], key: bytes) -> str:
    """HMAC-SHA256 of an event's fields, its ``alg`` and the previous hash, under ``key``."""
    return hmac.new(key, _canonical(event, (*_HASHED, "alg")), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Anchor:
    """A signed chain head kept outside the database.

    ``legacy_until`` is the last event written before the chain was keyed (0: none), fixed by
    the first anchor (the seal) and repeated by every later one.
    """

    seq: int
    hash: str
    anchored_at: str
    legacy_until: int
    mac: str

    def payload(self) -> bytes:
        return f"{self.seq}|{self.hash}|{self.anchored_at}|{self.legacy_until}".encode()

    def line(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class ChainReport:
    """Result of ``audit verify``: ok, or the first problem found.

    Attributes
    ----------
    ok: the chain verifies and is anchored.
    events: events read.
    problem: what is wrong (a rewritten, missing or unkeyed event, a truncation, an altered
        anchor, no anchor at all).
    anchored: sequence number of the latest anchor (0: none).
    legacy: events written before the chain was keyed.
    """

    ok: bool
    events: int
    problem: str | None = None
    anchored: int = 0
    legacy: int = 0


class _Broken(CseBoardError):
    """Internal: the walk met a problem (the message says which)."""


class AuditLog:
    """Writes, verifies and anchors audit events. Events name records by id, never by content.

    Parameters
    ----------
    key:
        The chain's HMAC key; needed to write and to verify, not to read events.
    anchor_file:
        Where anchors are appended; needed to anchor and to verify.
    """

    def __init__(
        self,
        driver: neo4j.Driver,
        *,
        key: bytes | None = None,
        anchor_file: Path | None = None,
        database: str | None = None,
    ) -> None:
        self._store = AuditStore(driver, database=database)
        self._key = key
        self._anchor_file = anchor_file

    def _need_key(self) -> bytes:
        if not self._key:
            raise CseBoardError("the audit log needs its key (AUDIT_KEY or secrets_dir)")
        return self._key

    def record(
        self,
        user: User | str,
        action: AuditAction,
        what: str,
        *,
        records: list[str] | None = None,
        justification: str | None = None,
        recipients: list[str] | None = None,
    ) -> AuditEvent:
        key = self._need_key()
        username = user if isinstance(user, str) else user.username
        fields = {
            "event_id": str(uuid.uuid4()),
            "at": datetime.now(UTC),
            "username": username[:200],
            "action": action.value,
            "what": what[:_MAX_TEXT],
            "records": sorted(set(records or [])),
            "justification": justification[:_MAX_TEXT] if justification else justification,
            "recipients": list(recipients or []),
            "alg": KEYED,
        }
        return self._store.append(fields, lambda event: keyed_hash(event, key))

    def events(self, **filters: Any) -> list[AuditEvent]:
        return self._store.events(**filters)

    # -- anchors ----------------------------------------------------------------------------
    def _sign(self, seq: int, head: str, at: str, legacy_until: int) -> Anchor:
        unsigned = Anchor(seq, head, at, legacy_until, "")
        mac = hmac.new(self._need_key(), unsigned.payload(), hashlib.sha256).hexdigest()
        return Anchor(seq, head, at, legacy_until, mac)

    def anchors(self) -> list[Anchor]:
        """The anchors written so far, oldest first; an altered line raises ``ValidationFailed``."""
        if self._anchor_file is None:
            raise CseBoardError("no audit anchor file is configured (AUDIT_ANCHOR_FILE)")
        if not self._anchor_file.exists():
            return []
        found: list[Anchor] = []
        text = self._anchor_file.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                anchor = Anchor(
                    seq=int(data["seq"]),
                    hash=str(data["hash"]),
                    anchored_at=str(data["anchored_at"]),
                    legacy_until=int(data["legacy_until"]),
                    mac=str(data["mac"]),
                )
            except (ValueError, KeyError, TypeError) as e:
                raise ValidationFailed(f"anchor line {number} cannot be read") from e
            expected = self._sign(anchor.seq, anchor.hash, anchor.anchored_at, anchor.legacy_until)
            if not hmac.compare_digest(expected.mac, anchor.mac):
                raise ValidationFailed(f"anchor line {number} was altered (its signature fails)")
            earlier = found[-1] if found else None
            if earlier is not None and (
                anchor.seq < earlier.seq or anchor.legacy_until != found[0].legacy_until
            ):
                raise ValidationFailed(f"anchor line {number} goes back on an earlier anchor")
            found.append(anchor)
        return found

    def anchor(self) -> Anchor:
        """Verify the events since the latest anchor, then append the signed head to the file.

        The first anchor verifies the whole chain (also its unkeyed beginning) and seals it.

        Raises
        ------
        ValidationFailed
            When the chain does not verify (nothing is anchored then) or an anchor was altered.
        """
        anchors = self.anchors()
        try:
            if anchors:
                last = anchors[-1]
                seq, head, _ = self._walk(
                    after=last.seq, prev=last.hash, legacy_until=last.legacy_until, anchors=[]
                )
                legacy_until = last.legacy_until
            else:
                seq, head, legacy_until = self._walk(
                    after=0, prev="genesis", legacy_until=None, anchors=[]
                )
        except _Broken as e:
            raise ValidationFailed(f"not anchored: {e}") from None
        made = self._sign(seq, head, datetime.now(UTC).isoformat(), legacy_until)
        assert self._anchor_file is not None
        self._anchor_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._anchor_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(made.line() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        return made

    # -- verification -------------------------------------------------------------------------
    def _pages(self, after: int) -> Iterator[AuditEvent]:
        while True:
            page = self._store.events_after(after, limit=_PAGE)
            yield from page
            if len(page) < _PAGE:
                return
            after = page[-1].seq

    def _walk(
        self, *, after: int, prev: str, legacy_until: int | None, anchors: list[Anchor]
    ) -> tuple[int, str, int]:
        """Check events after ``after`` (whose hash is ``prev``) up to the head.

        Returns the last sequence number, its hash and the last unkeyed sequence number seen.
        Raises ``_Broken`` naming the first problem.
        """
        key = self._need_key()
        expected = after + 1
        last_unkeyed = legacy_until or 0
        keyed_seen = False
        by_seq = {a.seq: a for a in anchors if a.seq > after}
        while True:
            start = expected
            for event in self._pages(expected - 1):
                if event.seq != expected:
                    raise _Broken(f"event {expected} is missing (found {event.seq})")
                if event.prev_hash != prev:
                    raise _Broken(f"event {event.seq} does not follow event {event.seq - 1}")
                data = event.model_dump()
                if event.alg == KEYED:
                    good = hmac.compare_digest(keyed_hash(data, key), event.hash)
                    keyed_seen = True
                elif (legacy_until is not None and event.seq > legacy_until) or keyed_seen:
                    raise _Broken(f"event {event.seq} is not keyed: it was rewritten")
                else:
                    good = event_hash(data) == event.hash
                    last_unkeyed = event.seq
                if not good:
                    raise _Broken(f"event {event.seq} was altered after it was written")
                anchor = by_seq.get(event.seq)
                if anchor is not None and anchor.hash != event.hash:
                    raise _Broken(
                        f"event {event.seq} is not the one anchored at {anchor.anchored_at}: "
                        "the chain was rewritten"
                    )
                prev, expected = event.hash, expected + 1
            seq, head = self._store.head()
            if seq == expected - 1 and head == prev:
                return seq, prev, last_unkeyed
            if seq == expected - 1:
                raise _Broken(f"the chain head does not match event {seq}")
            if seq < expected - 1 or expected == start:
                raise _Broken(f"the chain head says {seq} events but {expected - 1} remain")
            # Events were appended while we read: read on from where we stopped.

    def verify(self) -> ChainReport:
        """Recompute the chain and check it against the anchors.

        Reports the first edited, inserted, deleted or unkeyed event, a chain shorter than its
        latest anchor (truncation), an anchor that does not match its event, an altered anchor
        line, and a chain with no anchor at all. Events are read in pages, never all at once.
        """
        try:
            anchors = self.anchors()
        except ValidationFailed as e:
            return ChainReport(False, 0, str(e))
        legacy_until = anchors[0].legacy_until if anchors else None
        try:
            seq, _, last_unkeyed = self._walk(
                after=0, prev="genesis", legacy_until=legacy_until, anchors=anchors
            )
        except _Broken as e:
            anchored = anchors[-1].seq if anchors else 0
            return ChainReport(False, self._store.count(), str(e), anchored)
        latest = anchors[-1] if anchors else None
        if latest is None:
            problem = None if seq == 0 else "no anchor: run `cseboard audit anchor`"
            return ChainReport(problem is None, seq, problem, 0, last_unkeyed)
        if seq < latest.seq:
            return ChainReport(
                False,
                seq,
                f"the chain was truncated: the anchor of {latest.anchored_at} records "
                f"{latest.seq} events, {seq} remain",
                latest.seq,
                last_unkeyed,
            )
        return ChainReport(True, seq, None, latest.seq, last_unkeyed)
