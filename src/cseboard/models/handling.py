"""Handling conditions of code-C intelligence: the agencies an item may be shared with.

Conditions are structured: ``share_with:`` followed by ``;``-separated agency codes, e.g.
``share_with: childrens_social_care; health``. :func:`parse_conditions` is the one reader of
that text: the import validates with it, stores what it reads, and ``access.scope.may_see_item``
reads stored conditions with it again. Nothing else grants an agency: wording that is not such a
list ("police only - not to be shared with schools", "mental health team") is read in its most
restrictive sense, the originating agency only, and reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from cseboard.models.base import FrozenModel

__all__ = [
    "UNREADABLE_REASON",
    "HandlingConditions",
    "allowed_agencies",
    "format_conditions",
    "parse_conditions",
]

_FORM = re.compile(r"^\s*share_with\s*:(?P<codes>.*)$", re.DOTALL)
_CODE = re.compile(r"^[a-z0-9][a-z0-9_\-]{1,39}$")
_MAX_LENGTH = 2_000

UNREADABLE_REASON = (
    "handling conditions are not a list like 'share_with: childrens_social_care; health': "
    "read as the originating agency only"
)
"""What the rejects report says when conditions could not be read (the row still lands)."""


class HandlingConditions(FrozenModel):
    """What a code-C item's conditions say.

    Attributes
    ----------
    share_with: agency codes listed explicitly, besides the originating agency (which always
        may see its own item). Empty when the list is empty or the text could not be read.
    readable: False when the text was not a ``share_with:`` list (the item is then shared with
        nobody but its originating agency).
    text: the canonical form to store (``share_with: a; b``), or the text as given when it
        could not be read (kept for the holder to see; it grants nothing).
    """

    share_with: frozenset[str]
    readable: bool
    text: str | None


def format_conditions(agencies: Iterable[str]) -> str:
    """The canonical text of a list of agency codes (sorted, no duplicates).

    Examples
    --------
    >>> format_conditions(["health", "childrens_social_care", "health"])
    'share_with: childrens_social_care; health'
    >>> format_conditions([])
    'share_with:'
    """
    codes = sorted(set(agencies))
    return "share_with: " + "; ".join(codes) if codes else "share_with:"


@lru_cache(maxsize=4096)
def parse_conditions(text: str | None) -> HandlingConditions:
    """Read handling conditions; anything but an exact ``share_with:`` list grants nobody.

    The keyword and each code are compared in lower case; a code must look like an agency code
    (letters, digits, ``_`` or ``-``, 2-40 characters) and nothing else may stand in the text:
    no words around the list, no commas, no spaces inside a code. Blank items between
    separators are ignored. ``None`` or blank text is an empty list (originating agency only).

    Examples
    --------
    >>> sorted(parse_conditions("share_with: childrens_social_care; health").share_with)
    ['childrens_social_care', 'health']
    >>> c = parse_conditions("Police only - NOT to be shared with schools")
    >>> c.readable, sorted(c.share_with)
    (False, [])
    >>> parse_conditions("mental health").share_with
    frozenset()
    """
    if text is None or not text.strip():
        return HandlingConditions(share_with=frozenset(), readable=True, text=None)
    if len(text) > _MAX_LENGTH:
        return HandlingConditions(share_with=frozenset(), readable=False, text=text[:_MAX_LENGTH])
    match = _FORM.match(text.lower())
    if match is None:
        return HandlingConditions(share_with=frozenset(), readable=False, text=text.strip())
    items = [item.strip() for item in match.group("codes").split(";")]
    codes = [item for item in items if item]
    if not all(_CODE.match(code) for code in codes):
        return HandlingConditions(share_with=frozenset(), readable=False, text=text.strip())
    return HandlingConditions(
        share_with=frozenset(codes), readable=True, text=format_conditions(codes)
    )


def allowed_agencies(holder: str, conditions: str | None) -> frozenset[str]:
    """Every agency that may see a code-C item: its originating agency and those listed.

    Examples
    --------
    >>> sorted(allowed_agencies("police", "share_with: health"))
    ['health', 'police']
    >>> sorted(allowed_agencies("police", "police and schools"))
    ['police']
    """
    return frozenset({holder}) | parse_conditions(conditions).share_with
