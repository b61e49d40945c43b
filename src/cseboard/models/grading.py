"""Intelligence grading: 3x5x2 as used now, legacy 5x5x5 kept as given and mapped where possible."""

from __future__ import annotations

from cseboard.models.base import FrozenModel
from cseboard.models.codes import HandlingCode, IntelligenceAssessment, SourceEvaluation
from cseboard.models.handling import format_conditions, parse_conditions

__all__ = ["Grading", "LegacyGrading", "parse_grading"]

# 5x5x5 source: A always reliable, B mostly reliable, C sometimes reliable, D unreliable,
# E untested. C has no 3x5x2 equivalent.
_LEGACY_SOURCE = {"A": "1", "B": "1", "D": "3", "E": "2"}
# 5x5x5 intelligence: 1 known true without reservation, 2 known personally to the source,
# 3 not known personally but corroborated, 4 cannot be judged, 5 suspected false.
# 4 has no 3x5x2 equivalent.
_LEGACY_INTELLIGENCE = {"1": "A", "2": "A", "3": "B", "5": "E"}
# 5x5x5 handling: 1 and 2 may be shared; 3, 4 and 5 carry conditions.
_LEGACY_HANDLING = {"1": "P", "2": "P", "3": "C", "4": "C", "5": "C"}


class LegacyGrading(FrozenModel):
    """A 5x5x5 grading exactly as the old record gave it.

    Attributes
    ----------
    source: A-E.
    intelligence: 1-5.
    handling: 1-5.
    """

    source: str
    intelligence: str
    handling: str

    def __str__(self) -> str:
        return f"{self.source}{self.intelligence}{self.handling}"


class Grading(FrozenModel):
    """A 3x5x2 grading, possibly derived from a legacy 5x5x5 one.

    Attributes
    ----------
    source_evaluation: 1, 2 or 3; ``None`` when a legacy source grade has no equivalent.
    intelligence_assessment: A-E; ``None`` when a legacy grade has no equivalent.
    handling_code: P or C.
    handling_conditions: who may see a C item, as ``models.handling`` reads it: the canonical
        ``share_with: a; b`` list, or the text as given when it is not such a list (it then
        grants nobody but the originating agency).
    conditions_readable: False when the conditions were not a ``share_with:`` list (the import
        reports it; the item lands restricted to its originating agency).
    legacy: the original 5x5x5 grading when the record came graded that way.
    """

    source_evaluation: SourceEvaluation | None
    intelligence_assessment: IntelligenceAssessment | None
    handling_code: HandlingCode
    handling_conditions: str | None = None
    conditions_readable: bool = True
    legacy: LegacyGrading | None = None

    @property
    def code(self) -> str:
        """Short form like ``1AP``; ``?`` marks a part with no 3x5x2 equivalent."""
        se = self.source_evaluation.value if self.source_evaluation else "?"
        ia = self.intelligence_assessment.value if self.intelligence_assessment else "?"
        return f"{se}{ia}{self.handling_code.value}"

    @property
    def builds_links(self) -> bool:
        """Assessment E (suspected false) is shown but never links people in analysis."""
        return self.intelligence_assessment is not IntelligenceAssessment.SUSPECTED_FALSE


def parse_grading(
    source_evaluation: str | None,
    intelligence_assessment: str | None,
    handling_code: str | None,
    handling_conditions: str | None,
) -> Grading:
    """Read a grading in either system from the three exchange columns.

    A letter source grade with a digit intelligence grade is 5x5x5 (``B``, ``2``, ``3``); a digit
    source grade with a letter intelligence grade is 3x5x2 (``1``, ``A``, ``P``).

    Raises
    ------
    ValueError
        If the values fit neither system, or a C handling code has no conditions.

    Examples
    --------
    >>> parse_grading("1", "a", "p", None).code
    '1AP'
    >>> g = parse_grading("B", "3", "4", None)
    >>> g.code, str(g.legacy)
    ('1BC', 'B34')
    """
    se = (source_evaluation or "").strip().upper()
    ia = (intelligence_assessment or "").strip().upper()
    hc = (handling_code or "").strip().upper()
    conditions = (handling_conditions or "").strip() or None
    if not se or not ia or not hc:
        raise ValueError(
            "grading needs source_evaluation, intelligence_assessment and handling_code"
        )
    if se in {"1", "2", "3"} and ia in {"A", "B", "C", "D", "E"}:
        if hc not in {"P", "C"}:
            raise ValueError(f"3x5x2 handling code must be P or C, not {hc!r}")
        if hc == "C" and conditions is None:
            raise ValueError("handling code C needs handling_conditions naming who may see it")
        read = parse_conditions(conditions) if hc == "C" else None
        return Grading(
            source_evaluation=SourceEvaluation(se),
            intelligence_assessment=IntelligenceAssessment(ia),
            handling_code=HandlingCode(hc),
            handling_conditions=read.text if read is not None else conditions,
            conditions_readable=read is None or read.readable,
        )
    if se in {"A", "B", "C", "D", "E"} and ia in {"1", "2", "3", "4", "5"}:
        if hc not in _LEGACY_HANDLING:
            raise ValueError(f"5x5x5 handling code must be 1-5, not {hc!r}")
        mapped_hc = HandlingCode(_LEGACY_HANDLING[hc])
        readable = True
        if mapped_hc is HandlingCode.CONDITIONS:
            # No conditions on a restricted legacy code: the originating agency only.
            read = parse_conditions(conditions or format_conditions([]))
            conditions, readable = read.text, read.readable
        mapped_se = _LEGACY_SOURCE.get(se)
        mapped_ia = _LEGACY_INTELLIGENCE.get(ia)
        return Grading(
            source_evaluation=SourceEvaluation(mapped_se) if mapped_se else None,
            intelligence_assessment=IntelligenceAssessment(mapped_ia) if mapped_ia else None,
            handling_code=mapped_hc,
            handling_conditions=conditions,
            conditions_readable=readable,
            legacy=LegacyGrading(source=se, intelligence=ia, handling=hc),
        )
    raise ValueError(
        f"grading {se}/{ia}/{hc} is neither 3x5x2 (1-3, A-E, P/C) nor 5x5x5 (A-E, 1-5, 1-5)"
    )
