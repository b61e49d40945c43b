"""Synthetic partner data with planted exploitation networks and known answers (never real data).

``generate(scale, seed, out_dir)`` writes one folder per agency (``police``, ``health``,
``education``, ``youth_offending``, ``childrens_social_care``, ``third_sector``) holding that
partner's ``people``, ``locations``, ``intelligence`` and ``missing_episodes`` files in the partner
exchange format (``cseboard.models.exchange``), the council's SSD extracts (``ssd_person``,
``ssd_missing``), and ``truth.json``: which records are the same person, the planted groups and
hotspots, and every bad row and unresolved reference planted on purpose. Its schema is in
``cseboard.synthetic.truth``.
"""

from cseboard.synthetic.generator import GenerationSummary, ProgressCallback, generate
from cseboard.synthetic.scales import SCALES, ScaleSpec
from cseboard.synthetic.vocabulary import FORBIDDEN_PHRASES

__all__ = ["FORBIDDEN_PHRASES", "SCALES", "GenerationSummary", "ProgressCallback", "ScaleSpec",
           "generate"]
