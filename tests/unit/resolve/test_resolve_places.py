"""Place resolution without a store: names, blocking by postcode and distance, explained scores."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cseboard.models.places import PlaceProfile, PlaceRecord
from cseboard.resolve.candidates import RejectedPairs
from cseboard.resolve.places import (
    PlaceSettings,
    compare_places,
    distance_m,
    find_place_candidates,
    normalise_place_name,
    place_features,
    resolve_place_profiles,
)


def place(
    pid: str,
    name: str,
    *,
    agency: str = "police",
    postcode: str | None = "XF1 2AB",
    lat: float | None = 53.4,
    lon: float | None = -1.9,
    kind: str = "takeaway",
) -> PlaceProfile:
    record = PlaceRecord(
        location_id=f"L-{pid}", agency=agency, source_ref=pid, name=name, kind=kind,
        postcode=postcode, latitude=lat, longitude=lon,
    )
    return PlaceProfile(place_id=f"PL-{pid}", records=(record,))


def levels(a: PlaceProfile, b: PlaceProfile) -> dict[str, str]:
    return {c.field: c.level for c in compare_places(place_features(a), place_features(b))}


def test_names_are_compared_without_case_punctuation_the_or_abbreviations() -> None:
    assert normalise_place_name("The Star Hotel, Bridge Rd.") == "star hotel bridge road"
    assert normalise_place_name("ST MARY'S HIGH SCHOOL") == normalise_place_name(
        "St Marys High School"
    )
    assert levels(place("1", "The Chicken Spot"), place("2", "CHICKEN SPOT", agency="health"))[
        "name"
    ] == "exact"
    assert levels(
        place("1", "Fernhollow Interchange"),
        place("2", "fernhollow interchange, spring gardens", agency="health"),
    )["name"] == "contains"


def test_house_numbers_that_differ_make_two_places() -> None:
    found = levels(place("1", "12 Mill Lane", kind="home_address"),
                   place("2", "14 Mill Lane", agency="health", kind="home_address"))
    assert found["name"] == "numbers_differ"


def test_automatic_only_where_postcode_and_name_agree() -> None:
    a = place("1", "Chicken Spot")
    same = place("2", "CHICKEN SPOT", agency="health")
    no_postcode = place("3", "Chicken Spot", agency="education", postcode=None)
    search = find_place_candidates([a, same, no_postcode])
    by_pair = {(c.place_a, c.place_b): c for c in search.candidates}
    assert by_pair[("PL-1", "PL-2")].automatic
    assert not by_pair[("PL-1", "PL-3")].automatic  # no postcode on one side: for review
    assert all(c.contributions for c in search.candidates)


def test_one_agency_holding_both_is_evidence_against() -> None:
    found = compare_places(
        place_features(place("1", "Chicken Spot")),
        place_features(place("2", "Chicken Spot", postcode=None)),
    )
    assert {c.field: c.level for c in found}["agency"] == "same_agency"


def test_blocking_by_postcode_and_by_distance_only() -> None:
    here = place("1", "Chicken Spot", postcode=None)
    near = place("2", "Chicken Spot", agency="health", postcode=None, lat=53.4009)  # ~100 m
    far = place("3", "Chicken Spot", agency="education", postcode=None, lat=53.41)  # ~1.1 km
    search = find_place_candidates([here, near, far], config=PlaceSettings(radius_m=150))
    assert [(c.place_a, c.place_b) for c in search.candidates] == [("PL-1", "PL-2")]
    assert search.pairs_compared == 1
    nowhere = place("4", "Chicken Spot", agency="youth_offending", postcode=None, lat=None,
                    lon=None)
    assert find_place_candidates([here, nowhere]).pairs_compared == 0


def test_rejected_pairs_are_left_out() -> None:
    a, b = place("1", "Chicken Spot"), place("2", "Chicken Spot", agency="health")
    search = find_place_candidates([a, b], rejected=RejectedPairs([("L-1", "L-2")]))
    assert search.candidates == [] and search.suppressed_rejected == 1


def test_resolution_merges_in_rounds_and_leaves_the_rest_for_review() -> None:
    done = resolve_place_profiles(
        [
            place("1", "Chicken Spot"),
            place("2", "chicken spot", agency="health"),
            place("3", "CHICKEN SPOT", agency="education"),
            place("4", "Chicken Spot", agency="third_sector", postcode=None, lat=53.40005),
            place("5", "Star Hotel", agency="health", postcode="XF9 9ZZ", kind="hotel"),
        ]
    )
    assert done.groups == [["PL-1", "PL-2", "PL-3"]]
    [review] = done.candidates
    assert {review.place_a, review.place_b} == {"PL-1", "PL-4"}
    assert set(review.records_a + review.records_b) == {"L-1", "L-2", "L-3", "L-4"}


coordinate = st.tuples(st.floats(50, 55), st.floats(-3, 1))


@given(coordinate, coordinate)
def test_distance_is_symmetric_and_never_negative(a: tuple[float, float],
                                                  b: tuple[float, float]) -> None:
    assert distance_m(a, b) == distance_m(b, a) >= 0
    assert distance_m(a, a) == 0


names = st.text(alphabet=st.characters(codec="ascii"), max_size=30)


@given(names, names, st.sampled_from([None, "XF1 2AB", "XF1 2AD"]), coordinate)
def test_scores_are_symmetric(x: str, y: str, postcode: str | None,
                              point: tuple[float, float]) -> None:
    a = place_features(place("1", x))
    b = place_features(place("2", y, agency="health", postcode=postcode, lat=point[0],
                             lon=point[1]))
    forward = [(c.field, c.level, c.weight) for c in compare_places(a, b)]
    backward = [(c.field, c.level, c.weight) for c in compare_places(b, a)]
    assert forward == backward


@given(names)
def test_normalising_twice_changes_nothing(name: str) -> None:
    once = normalise_place_name(name)
    assert normalise_place_name(once) == once
