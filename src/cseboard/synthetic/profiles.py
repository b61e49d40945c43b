"""The import profile of each synthetic partner, written beside its files (``partners/``).

Derived from the agency's export style (``synthetic.styles``), so the words and column names a
partner uses and the profile that maps them cannot drift apart: a generated data set imports
cleanly with its profiles, and shows every unmapped word without them.
"""

from __future__ import annotations

import json
from pathlib import Path

from cseboard.models.vocabularies import VOCABULARIES
from cseboard.synthetic.styles import AgencyStyle

__all__ = ["profile_text", "write_profiles"]


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _words(style: AgencyStyle) -> dict[str, dict[str, str]]:
    """Vocabulary -> partner word -> board code, for the words the board would not know."""
    tables: dict[str, dict[str, str]] = {}
    own = {name: dict(words) for name, words in style.words.items()}
    own.setdefault("gender", {})
    letters = {"F": "female", "M": "male", "U": "unknown"}
    for letter, word in style.genders.items():
        own["gender"][letters[letter]] = word
    for name, words in own.items():
        vocabulary = VOCABULARIES[name]
        for code, word in words.items():
            if vocabulary.known(word) != code:
                tables.setdefault(name, {})[word.lower()] = code
    return tables


def profile_text(style: AgencyStyle) -> str:
    """The TOML profile mapping this agency's column names and words to the board's."""
    lines = [
        f"# Import profile of {style.agency} (synthetic partner): its column names and words,",
        "# mapped to the partner exchange format's.",
        f"agency = {_quote(style.agency)}",
        f"date_order = {_quote(style.date_order)}",
        "",
    ]
    if style.columns:
        lines.append("[columns]")
        lines.append("")
    for record_type in sorted(style.columns):
        lines.append(f"[columns.{record_type}]")
        for column, partner in sorted(style.columns[record_type].items()):
            lines.append(f"{_quote(partner)} = {_quote(column)}")
        lines.append("")
    for name, table in sorted(_words(style).items()):
        lines.append(f"[values.{name}]")
        for word, code in sorted(table.items()):
            lines.append(f"{_quote(word)} = {_quote(code)}")
        lines.append("")
    return "\n".join(lines)


def write_profiles(out_dir: Path, styles: list[AgencyStyle]) -> list[str]:
    """Write ``partners/<agency>.toml`` for each style; returns the files, relative to out_dir."""
    folder = out_dir / "partners"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for style in styles:
        path = folder / f"{style.agency}.toml"
        path.write_text(profile_text(style), encoding="utf-8", newline="\n")
        written.append(path.relative_to(out_dir).as_posix())
    return written
