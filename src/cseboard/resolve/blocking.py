"""Blocking: which pairs of people are worth comparing, without comparing all pairs.

A pair is compared when the two people share at least one blocking key:

- the same NHS number, or the same full postcode;
- the same date of birth (or the same with day and month swapped) and either the same first
  initial or the same surname sound;
- the same surname sound (Metaphone, or the surname's known-variant group, of the whole surname
  or any part of a double-barrelled one) and first initial, within the same birth year or with
  the same day and month (a mistyped year);
- the same first-name sound or name group (nicknames) and month of birth (surname changed);
- the same alias with the same birth year or postcode.

Initials include those of the name's group (``Livvy`` also blocks as ``O`` for Olivia). A person
without a date of birth has *open* keys: they are paired with every member of each block that
starts with the open key (everyone of that surname sound and initial, whatever their year). A
person with neither first name nor surname but a date of birth is paired with everyone born that
day. Blocks larger than ``max_block`` people are skipped (a value shared by that many people says
little); other keys still pair their members.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from cseboard.resolve.dates import swap_key
from cseboard.resolve.features import Features
from cseboard.resolve.names import compact, phonetic, tokens
from cseboard.resolve.nicknames import NAME_GROUPS, SURNAME_GROUPS, name_groups

__all__ = ["BlockingStats", "blocking_keys", "candidate_pairs"]


@dataclass
class BlockingStats:
    """Counts of one blocking pass, for benchmarks and the search summary."""

    blocks: int = 0
    skipped_blocks: int = 0
    pairs: int = 0


def _surname_canonical() -> dict[str, str]:
    canonical: dict[str, str] = {}
    for group in SURNAME_GROUPS:
        for form in group:
            canonical.setdefault(form, group[0])
    return canonical


_SURNAME_CANONICAL = _surname_canonical()


def _initials(f: Features) -> set[str]:
    initials: set[str] = set()
    for name in f.first_names:
        whole = compact(name)
        if not whole:
            continue
        initials.add(whole[0])
        for part in {whole, *tokens(name)}:
            initials.update(NAME_GROUPS[g][0][0] for g in name_groups(part))
    return initials


def _sound(name: str) -> str:
    canonical = _SURNAME_CANONICAL.get(name)
    if canonical is not None:
        return "=" + canonical
    return phonetic(name)[0] or name


def _surname_sounds(f: Features) -> set[str]:
    sounds: set[str] = set()
    for name in f.surnames:
        whole = compact(name)
        if whole:
            sounds.add(_sound(whole))
        for part in tokens(name):
            if len(part) > 1:
                sounds.add(_sound(part))
    return sounds


def _first_keys(f: Features) -> set[str]:
    keys: set[str] = set()
    for name in f.first_names:
        whole = compact(name)
        for part in {whole, *tokens(name)}:
            if len(part) > 1:
                keys.add(phonetic(part)[0] or part)
                keys.update(f"g{group}" for group in name_groups(part))
    return keys


def blocking_keys(f: Features) -> tuple[list[str], list[str]]:
    """(keys, open keys) of a person; see the module docstring.

    Examples
    --------
    >>> from datetime import date
    >>> f = Features("P-1", ("police/1",), frozenset({"police"}), ("kayleigh",), ("smith",), (),
    ...              (date(2010, 3, 7),), frozenset(), frozenset(), frozenset(), frozenset())
    >>> keys, open_keys = blocking_keys(f)
    >>> "d2010-03-07|ik" in keys and "s=smith|k|2010" in keys and open_keys == []
    True
    """
    keys: set[str] = {f"n{nhs}" for nhs in f.nhs_numbers}
    keys.update(f"p{postcode}" for postcode in f.postcodes)
    initials = _initials(f)
    sounds = _surname_sounds(f)
    years = {d.year for d in f.dates_of_birth}
    open_keys: list[str] = []
    for day in f.dates_of_birth:
        stem = f"d{swap_key(day)}|"
        keys.update(stem + "i" + initial for initial in initials)
        keys.update(stem + "s" + sound for sound in sounds)
        if not initials and not sounds:
            open_keys.append(stem)
    for sound in sounds:
        for initial in initials or {"_"}:
            stem = f"s{sound}|{initial}|"
            if years:
                keys.update(stem + str(year) for year in years)
                keys.update(f"m{sound}|{initial}|{d:%m-%d}" for d in f.dates_of_birth)
            else:
                open_keys.append(stem)
    months = {f"{d:%Y-%m}" for d in f.dates_of_birth}
    for key in _first_keys(f):
        keys.update(f"f{key}|{month}" for month in months)
    for alias in f.aliases:
        whole = compact(alias)
        keys.update(f"a{whole}|{year}" for year in years)
        keys.update(f"a{whole}|{postcode}" for postcode in f.postcodes)
    return sorted(keys), open_keys


def candidate_pairs(
    people: Sequence[Features], *, max_block: int = 400, stats: BlockingStats | None = None
) -> list[tuple[int, int]]:
    """Each pair of positions in ``people`` sharing a blocking key, once, smaller position first.

    Examples
    --------
    >>> from datetime import date
    >>> def person(pid, first, last, dob):
    ...     return Features(pid, (pid,), frozenset({"x"}), (first,), (last,), (), dob,
    ...                     frozenset(), frozenset(), frozenset(), frozenset())
    >>> people = [person("1", "kayleigh", "smith", (date(2010, 3, 7),)),
    ...           person("2", "k", "smyth", ()),
    ...           person("3", "amy", "jones", (date(2001, 1, 1),))]
    >>> candidate_pairs(people)
    [(0, 1)]
    """
    stats = stats if stats is not None else BlockingStats()
    blocks: dict[str, list[int]] = defaultdict(list)
    waiting: list[tuple[int, list[str]]] = []
    for position, person in enumerate(people):
        keys, open_keys = blocking_keys(person)
        for key in keys:
            blocks[key].append(position)
        if open_keys:
            waiting.append((position, open_keys))
            for stem in open_keys:
                blocks[stem].append(position)

    n = len(people)
    codes: set[int] = set()
    for members in blocks.values():
        size = len(members)
        if size < 2:
            continue
        stats.blocks += 1
        if size > max_block:
            stats.skipped_blocks += 1
            continue
        # members are in ascending position order: they were appended in that order
        for x in range(size - 1):
            base = members[x] * n
            codes.update([base + j for j in members[x + 1 :]])

    if waiting:
        wanted = {stem for _, stems in waiting for stem in stems}
        by_stem: dict[str, set[int]] = defaultdict(set)
        for key, members in blocks.items():
            if not key.endswith("|"):
                cut = key.rfind("|") + 1
                if cut and key[:cut] in wanted:
                    by_stem[key[:cut]].update(members)
        for position, stems in waiting:
            for stem in stems:
                others = by_stem.get(stem, set())
                if len(others) > max_block * 4:
                    stats.skipped_blocks += 1
                    continue
                codes.update(
                    [
                        (position * n + o) if position < o else (o * n + position)
                        for o in others
                        if o != position
                    ]
                )
    stats.pairs = len(codes)
    return [divmod(code, n) for code in sorted(codes)]
