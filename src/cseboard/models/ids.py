"""Deterministic node ids: the same agency record always maps to the same node, across runs."""

from __future__ import annotations

import hashlib
import re

__all__ = ["location_id_for", "person_id_for", "place_key_for"]


def _digest(agency: str, source_ref: str) -> str:
    return hashlib.blake2b(f"{agency}\x1f{source_ref}".encode(), digest_size=8).hexdigest()


def person_id_for(agency: str, source_ref: str) -> str:
    """Id of the person first created for an agency's person record.

    Examples
    --------
    >>> person_id_for("police", "PN-1") == person_id_for("police", "PN-1")
    True
    """
    return "P-" + _digest(agency, source_ref)


def location_id_for(agency: str, source_ref: str) -> str:
    """Id of an agency's location record."""
    return "L-" + _digest(agency, source_ref)


def place_key_for(name: str, postcode: str | None) -> str | None:
    """The same place as recorded by different agencies: postcode plus simplified name.

    Examples
    --------
    >>> place_key_for("The Star Hotel", "AB1 2CD")
    'AB1 2CD|star hotel'
    """
    if not postcode:
        return None
    simple = re.sub(r"[^a-z0-9 ]+", "", name.lower())
    simple = re.sub(r"^(the )", "", re.sub(r"\s+", " ", simple).strip())
    return f"{postcode}|{simple}"
