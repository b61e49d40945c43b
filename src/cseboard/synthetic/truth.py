"""The known answers, ``truth.json``, written section by section so national scale stays small.

Schema (all agency/source_ref pairs are the normalised agency code and the ref as written)::

    {
      "scale": "town", "seed": 7, "as_of": "2025-06-30",
      "agencies": ["police", ...],
      "people": {"T-000001": {"role": "young_person" | "associate", "group": "G01" | null,
                              "organiser": bool,
                              "records": [{"agency", "source_ref"}, ...]}},
      "groups": [{"group_id", "town", "young_people": [T ids], "organisers": [T ids],
                  "associates": [T ids], "locations": [{"agency", "source_ref"}, ...],
                  "hotspots": ["H-001", ...], "vehicles": [vrm], "phones": [e164],
                  "online_accounts": ["platform:handle"], "active_from", "active_to"}],
      "hotspots": [{"location": "H-001", "location_id": "LOC-00017", "kind", "group_id",
                    "records": [{"agency", "source_ref"}, ...]}],
      "locations": {"LOC-00001": {"kind", "name", "postcode", "group": "G01" | null,
                                  "hotspot": "H-001" | null, "busy": bool,
                                  "records": [{"agency", "source_ref"}, ...]}},
      "same_person": [[{"agency", "source_ref"}, ...], ...],
      "invalid_rows": [{"file", "line", "column", "reason"}],
      "field_problems": [{"file", "line", "column", "reason", "outcome"}],
      "unresolved_refs": [{"file", "line", "agency", "ref"}],
      "counts": {"young_people", "associates", "locations", "groups", "hotspots",
                 "intelligence", "intelligence_planted", "intelligence_false_links",
                 "missing_episodes", "missing_episode_rows", "invalid_rows", "field_problems",
                 "unresolved_refs",
                 "rows": {agency: {record_type: valid rows}}}
    }

``people`` lists everyone with at least one record. ``same_person`` has every true person with two
or more records (a police duplicate of the same child counts). ``busy`` locations (schools,
transport hubs, leisure/shopping centres) are visited by many for ordinary reasons and are not
hotspots. SSD extracts reuse the council's ids: ``ssd_person.pers_person_id`` is the
``childrens_social_care`` person source_ref and ``ssd_missing.miss_table_id`` its missing-episode
source_ref. ``file`` is relative to the output directory; ``line`` is the physical line where the
row starts (header = line 1; JSON Lines have no header). Invalid rows are extra copies of good
rows (the import rejects them), so no answer above depends on them. Field problems are on real
records: each lands without the field (``field_dropped``), as ``other`` (``kept_as_other``) or
without the value (``not_recorded``), with the raw value kept; the answers above are what the
import keeps, so resolution and analysis are scored against them as they are. Files are in
each agency's own column names and words; ``partners/<agency>.toml`` maps them.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any, TextIO

__all__ = ["TruthWriter"]

_SECTIONS: tuple[tuple[str, bool], ...] = (
    ("people", True), ("groups", False), ("hotspots", False), ("locations", True),
    ("same_person", False),
)


def _dump(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class TruthWriter:
    """Collects truth while shards are generated; ``finish`` assembles the one JSON file."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / "truth.json"
        self._tmp = Path(tempfile.mkdtemp(prefix=".truth-", dir=out_dir))
        self._files: dict[str, TextIO] = {
            name: (self._tmp / name).open("w", encoding="utf-8") for name, _ in _SECTIONS
        }
        self._count = dict.fromkeys(self._files, 0)
        self.invalid_rows: list[dict[str, Any]] = []
        self.field_problems: list[dict[str, Any]] = []
        self.unresolved_refs: list[dict[str, Any]] = []

    def add(self, section: str, value: object, key: str | None = None) -> None:
        handle = self._files[section]
        if self._count[section]:
            handle.write(",\n")
        handle.write(f"{_dump(key)}:{_dump(value)}" if key is not None else _dump(value))
        self._count[section] += 1

    def finish(self, header: dict[str, Any], counts: dict[str, Any]) -> Path:
        """Write truth.json: header, streamed sections, bad rows sorted by file and line."""
        for handle in self._files.values():
            handle.close()
        self.invalid_rows.sort(key=lambda r: (r["file"], r["line"]))
        self.field_problems.sort(key=lambda r: (r["file"], r["line"]))
        self.unresolved_refs.sort(key=lambda r: (r["file"], r["line"]))
        with self.path.open("w", encoding="utf-8", newline="\n") as out:
            out.write("{\n")
            for key, value in header.items():
                out.write(f"{_dump(key)}:{_dump(value)},\n")
            for name, is_object in _SECTIONS:
                out.write(f"{_dump(name)}:{'{' if is_object else '['}\n")
                with (self._tmp / name).open(encoding="utf-8") as part:
                    shutil.copyfileobj(part, out, 1 << 20)
                out.write(f"\n{'}' if is_object else ']'},\n")
            for name, rows in (("invalid_rows", self.invalid_rows),
                               ("field_problems", self.field_problems),
                               ("unresolved_refs", self.unresolved_refs)):
                out.write(f"{_dump(name)}:[\n")
                out.write(",\n".join(_dump(r) for r in rows))
                out.write("\n],\n")
            out.write(f'"counts":{_dump(counts)}\n}}\n')
        self.discard()
        return self.path

    def discard(self) -> None:
        for handle in self._files.values():
            if not handle.closed:
                handle.close()
        shutil.rmtree(self._tmp, ignore_errors=True)
