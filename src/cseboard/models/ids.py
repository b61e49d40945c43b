"""Deterministic node ids: the same agency record always maps to the same node, across runs."""

from __future__ import annotations

import hashlib

__all__ = ["location_id_for", "person_id_for", "place_id_for"]


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


def place_id_for(agency: str, source_ref: str) -> str:
    """Id of the place first made for an agency's location record (``PL-`` and the same
    digest as its location id), until place resolution merges it with others.

    Examples
    --------
    >>> place_id_for("police", "L-1")[3:] == location_id_for("police", "L-1")[2:]
    True
    """
    return "PL-" + _digest(agency, source_ref)
