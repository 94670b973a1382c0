"""Partial-credit scoring rules: worked examples and hypothesis properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microneedling.quiz.scoring import (
    convert,
    longest_in_order,
    normalise_unit,
    score_matching,
    score_multiple,
    score_numeric,
    score_ordering,
    score_single,
)

STEPS = ["cleanse", "numb", "remove_numbing", "disinfect", "needle", "soothe"]


def test_single_is_all_or_nothing():
    assert score_single("B", "B", 2) == 2.0
    assert score_single("A", "B", 2) == 0.0
    assert score_single(None, "B", 2) == 0.0


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"A", "C"}, 3.0),  # the key
        ({"A"}, 1.5),  # half the right options
        ({"A", "C", "D"}, 1.5),  # a wrong pick cancels a right one
        ({"A", "B", "C", "D"}, 0.0),  # ticking everything earns nothing
        ({"B", "D"}, 0.0),  # never below 0
        (set(), 0.0),
    ],
)
def test_multiple_wrong_picks_cost_but_never_below_zero(answer, expected):
    assert score_multiple(answer, {"A", "C"}, 3) == expected


def test_ordering_scores_the_longest_run_in_key_order():
    assert score_ordering(STEPS, STEPS, 5) == 5.0
    assert score_ordering(list(reversed(STEPS)), STEPS, 5) == 0.0
    # the first step moved to the end: 5 of 6 still in order, one step's share lost
    assert score_ordering(STEPS[1:] + STEPS[:1], STEPS, 5) == 4.0
    # two neighbours swapped: L = 5
    swapped = ["numb", "cleanse", *STEPS[2:]]
    assert longest_in_order(swapped, STEPS) == 5
    assert score_ordering(swapped, STEPS, 1) == 0.8
    assert score_ordering(["a"], ["a"], 2) == 2.0


def test_ordering_ignores_unknown_items_and_rounds_to_two_decimals():
    assert longest_in_order(["x", "cleanse", "numb"], STEPS) == 2
    assert score_ordering(["numb", "cleanse", "remove_numbing"], ["cleanse", "numb", "remove_numbing"], 1) == 0.5
    assert score_ordering(["b", "a", "c", "d"], ["a", "b", "c", "d"], 1) == 0.67


def test_numeric_within_tolerance_with_unit_conversion():
    assert score_numeric(1.5, 1.5, 0, 2) == 2.0
    assert score_numeric(1.6, 1.5, 0.1, 2) == 2.0  # on the boundary despite binary rounding
    assert score_numeric(1.61, 1.5, 0.1, 2) == 0.0
    assert score_numeric(1500, 1.5, 0, 1, answer_unit="µm", key_unit="mm") == 1.0
    assert score_numeric(0.25, 250, 10, 1, answer_unit="mm", key_unit="um") == 1.0
    assert score_numeric(math.nan, 1.5, 1, 1) == 0.0


def test_units_convert_only_between_lengths():
    assert convert(2.5, "mm", "µm") == 2500
    assert convert(500, "μm", "mm") == 0.5  # Greek mu is accepted as the micro sign
    assert normalise_unit(" um ") == "µm"
    with pytest.raises(ValueError, match="cannot convert 'mm' to 'days'; convertible units"):
        convert(1, "mm", "days")


def test_matching_scores_each_pair():
    key = {"inflammation": "d0_3", "proliferation": "d3_21", "remodelling": "w3_on"}
    assert score_matching(key, key, 3) == 3.0
    assert score_matching({**key, "remodelling": "w9"}, key, 3) == 2.0
    # "d3_21" chosen twice where the key uses it once: neither pair counts (one option for all is no knowledge)
    assert score_matching({**key, "remodelling": "d3_21"}, key, 3) == 1.0
    assert score_matching({"inflammation": "d3_21", "proliferation": "d0_3", "remodelling": "x"}, key, 3) == 0.0


# --- properties --------------------------------------------------------------------------------------------------
ids = st.lists(st.text("abcdefgh", min_size=1, max_size=3), min_size=1, max_size=8, unique=True)
points = st.floats(min_value=0.5, max_value=10, allow_nan=False)


@given(ids, st.data(), points)
def test_ordering_score_in_range_key_full_and_shuffles_never_beat_it(key, data, pts):
    shuffled = data.draw(st.permutations(key))
    got = score_ordering(shuffled, key, pts)
    assert 0 <= got <= round(pts, 2)
    assert score_ordering(key, key, pts) == round(pts, 2)
    assert got <= score_ordering(key, key, pts)
    if list(shuffled) != key:
        assert got < round(pts, 2) or len(key) == 1


@given(ids, st.data(), points)
def test_multiple_score_in_range_and_key_full(options, data, pts):
    key = data.draw(st.sets(st.sampled_from(options), min_size=1))
    answer = data.draw(st.sets(st.sampled_from(options)))
    assert 0 <= score_multiple(answer, key, pts) <= round(pts, 2)
    assert score_multiple(key, key, pts) == round(pts, 2)


@given(ids, st.data(), points)
def test_matching_score_in_range_and_key_full(lefts, data, pts):
    rights = [f"r{i}" for i in range(len(lefts))]
    key = dict(zip(lefts, data.draw(st.permutations(rights))))
    answer = dict(zip(lefts, data.draw(st.permutations(rights))))
    assert 0 <= score_matching(answer, key, pts) <= round(pts, 2)
    assert score_matching(key, key, pts) == round(pts, 2)


@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.floats(0, 1e3), points)
def test_numeric_score_in_range_and_key_full(answer, key, tolerance, pts):
    assert score_numeric(answer, key, tolerance, pts) in (0.0, round(pts, 2))
    assert score_numeric(key, key, tolerance, pts) == round(pts, 2)


@given(st.floats(0, 1e4), st.floats(0, 10))
def test_the_key_in_micrometres_scores_full_against_a_key_in_millimetres(key_mm, tolerance):
    assert score_numeric(convert(key_mm, "mm", "µm"), key_mm, tolerance, 1, "µm", "mm") == 1.0
