"""Scoring: hand-made pairs that must (and must not) be proposed, and explanations that add up."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cseboard.models.resolve import PersonProfile, PersonRecord
from cseboard.resolve.features import Features, features_of
from cseboard.resolve.scoring import MatchWeights, Scorer, population_prior, probability
from cseboard.resolve.settings import ResolveSettings

THRESHOLD = ResolveSettings().review_threshold
NHS = ("9991000003", "9991000070")


def person(
    key: str,
    first: str | None,
    last: str | None,
    dob: date | None,
    *,
    nhs: str | None = None,
    postcode: str | None = None,
    gender: str | None = "female",
    aliases: tuple[str, ...] = (),
    identifiers: tuple[str, ...] = (),
) -> Features:
    agency, ref = key.split("/")
    record = PersonRecord(
        record_key=key,
        agency=agency,
        source_ref=ref,
        first_name=first,
        last_name=last,
        date_of_birth=dob,
        nhs_number=nhs,
        postcode=postcode,
        gender=gender,
        aliases=aliases,
        identifiers=identifiers,
    )
    return features_of(PersonProfile(person_id="P-" + key, records=(record,)))


@pytest.fixture
def scorer() -> Scorer:
    """A region-sized population: the strictest prior of the benchmarks."""
    return Scorer(people=25_000)


KAYLEIGH = person("police/1", "Kayleigh", "Smith", date(2010, 3, 7), postcode="XA1 1AA")


@pytest.mark.parametrize(
    "variant",
    [
        person(
            "health/1", "Kayleigh-Ann", "Smyth", date(2010, 3, 7), nhs=NHS[0], postcode="XA1 1AA"
        ),
        person("education/1", "K.", "Smith", None, postcode="XA1 1AA"),
        person("childrens_social_care/1", "Kayleigh", "Smith", date(2010, 7, 3)),
        person("youth_offending/1", "Kayley", "SMITH", date(2010, 3, 17), postcode="XA1 1AA"),
        person(
            "third_sector/1",
            None,
            None,
            date(2010, 3, 7),
            aliases=("Kayleigh Smith",),
            postcode="XA1 1AA",
        ),
    ],
    ids=[
        "double-first-name-and-spelling",
        "initial-no-dob",
        "dob-swapped",
        "dob-typo",
        "alias-only",
    ],
)
def test_true_variants_are_proposed(scorer: Scorer, variant: Features) -> None:
    assert scorer.score(KAYLEIGH, variant) >= THRESHOLD


@pytest.mark.parametrize("nhs", [(None, None), (NHS[0], None), (NHS[0], NHS[1])])
def test_twins_are_never_proposed(nhs: tuple[str | None, str | None]) -> None:
    amy = person("police/2", "Amy", "Jones", date(2011, 5, 5), nhs=nhs[0], postcode="XB2 2BB")
    holly = person("health/3", "Holly", "Jones", date(2011, 5, 5), nhs=nhs[1], postcode="XB2 2BB")
    # even in the smallest population the prior allows (strongest prior in favour)
    small = Scorer(people=1)
    assert small.score(amy, holly) < THRESHOLD


def test_a_different_valid_nhs_number_outweighs_everything_else() -> None:
    a = person(
        "health/1",
        "Chloe",
        "Wilson",
        date(2012, 1, 1),
        nhs=NHS[0],
        postcode="XC3 3DE",
        identifiers=("+447700900111",),
    )
    b = person(
        "childrens_social_care/1",
        "Chloe",
        "Wilson",
        date(2012, 1, 1),
        nhs=NHS[1],
        postcode="XC3 3DE",
        identifiers=("+447700900111",),
    )
    assert Scorer(people=1).score(a, b) < THRESHOLD


def test_the_same_nhs_number_is_decisive_and_automatic_only_without_disagreement() -> None:
    settings_ = ResolveSettings()
    scorer = Scorer(people=25_000)
    a = person("health/1", "Jade", "Brown", date(2012, 2, 2), nhs=NHS[0], postcode="XD4 4DD")
    b = person(
        "childrens_social_care/1", "Jade", "Brown", date(2012, 2, 2), nhs=NHS[0], postcode="XD4 4DD"
    )
    assert scorer.score(a, b) >= settings_.auto_merge_threshold
    from cseboard.resolve.candidates import make_candidate

    assert make_candidate(a, b, scorer, settings_.auto_merge_threshold).automatic
    moved = person(
        "childrens_social_care/2", "Jade", "Brown", date(2012, 2, 2), nhs=NHS[0], postcode="XZ9 9ZZ"
    )
    candidate = make_candidate(a, moved, scorer, settings_.auto_merge_threshold)
    assert candidate.weight >= THRESHOLD and not candidate.automatic  # postcode disagrees


def test_an_alias_explains_a_different_first_name(scorer: Scorer) -> None:
    police = person(
        "police/9", "Mohammed", "Khan", date(1990, 12, 12), gender="male", aliases=("Kash",)
    )
    school = person("education/9", "Kash", "Khan", date(1990, 12, 12), gender="male")
    levels = dict(scorer.levels(police, school)[1])
    assert levels["first_name"] == "explained_by_alias" and levels["alias"] == "exact"
    assert scorer.score(police, school) >= THRESHOLD


def test_same_agency_counts_less_than_across_agencies(scorer: Scorer) -> None:
    across = person("health/5", "Kayleigh", "Smith", date(2010, 3, 7))
    within = person("police/5", "Kayleigh", "Smith", date(2010, 3, 7))
    difference = scorer.score(KAYLEIGH, across) - scorer.score(KAYLEIGH, within)
    assert difference == pytest.approx(-MatchWeights().agency["same_agency"])


def test_the_prior_depends_on_population_but_has_a_floor() -> None:
    assert population_prior(100_000, 2.0) < population_prior(2_000, 2.0) < 0
    assert Scorer(people=10).prior == Scorer(people=2_000).prior
    assert Scorer(prior=-3.0).prior == -3.0
    assert probability(0.0) == 0.5 and probability(100.0) == 1.0 and probability(-100.0) == 0.0


names = st.sampled_from(["Kayleigh", "Kayley", "K", "Amy", "Holly", "Becky", "Rebecca", None])
surnames = st.sampled_from(["Smith", "Smyth", "Smith-Jones", "Jones", None])
dobs = st.sampled_from([date(2010, 3, 7), date(2010, 7, 3), date(2011, 1, 1), None])
nhs_numbers = st.sampled_from([NHS[0], NHS[1], None])
postcodes = st.sampled_from(["XA1 1AA", "XA1 2BD", "XB2 2BB", None])
aliases = st.sampled_from([(), ("Kash",), ("Becky",)])


@settings(max_examples=300, deadline=None)
@given(
    names,
    surnames,
    dobs,
    nhs_numbers,
    postcodes,
    aliases,
    names,
    surnames,
    dobs,
    nhs_numbers,
    postcodes,
    aliases,
)
def test_explanations_add_up_to_the_score(
    f1: str | None,
    l1: str | None,
    d1: date | None,
    n1: str | None,
    p1: str | None,
    a1: tuple[str, ...],
    f2: str | None,
    l2: str | None,
    d2: date | None,
    n2: str | None,
    p2: str | None,
    a2: tuple[str, ...],
) -> None:
    scorer = Scorer(people=5_000)
    a = person("police/1", f1, l1, d1, nhs=n1, postcode=p1, aliases=a1)
    b = person("health/2", f2, l2, d2, nhs=n2, postcode=p2, aliases=a2)
    total = scorer.score(a, b)
    assert total == pytest.approx(scorer.score(b, a))
    for values in (False, True):
        parts = scorer.explain(a, b, values=values)
        assert total == pytest.approx(scorer.prior + sum(c.weight for c in parts))
        assert len({c.field for c in parts}) == len(parts)
