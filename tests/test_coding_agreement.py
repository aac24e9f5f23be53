"""Agreement figures against worked examples done by hand, and against the krippendorff package."""

from __future__ import annotations

import random

import krippendorff
import numpy as np
import pytest

from interview.coding.agreement import (
    Counts,
    alpha,
    cohen_kappa,
    counts,
    match_passages,
    merged,
    percent_agreement,
)


def test_worked_example_half_overlap():
    """20 characters; A codes 0–10, B codes 5–15.

    both = 5 (5–10), only A = 5, only B = 5, neither = 5.
    percent agreement = (5 + 5) / 20 = 0.5
    p_o = 0.5; p(A codes) = p(B codes) = 10/20 = 0.5; p_e = 0.5·0.5 + 0.5·0.5 = 0.5
    kappa = (0.5 − 0.5) / (1 − 0.5) = 0
    alpha: coincidences o00 = 2·5 = 10, o11 = 10, o01 = o10 = 5 + 5 = 10; n = 40, n0 = n1 = 20
    alpha = 1 − (n − 1)·(o01 + o10) / (2·n0·n1) = 1 − 39·20 / 800 = 0.025
    """
    c = counts([(0, 10)], [(5, 15)], 20)
    assert c == Counts(both=5, only_a=5, only_b=5, neither=5)
    assert percent_agreement(c) == 0.5
    assert cohen_kappa(c) == 0
    assert alpha(c) == pytest.approx(0.025)


def test_worked_example_where_counting_uncoded_text_changes_kappa():
    """100 characters; A codes 10–30, B codes 15–35: both 15, only A 5, only B 5, neither 75.

    Over all characters (the tool):
      p_o = (15 + 75) / 100 = 0.90; p(A) = p(B) = 20/100 = 0.2
      p_e = 0.2·0.2 + 0.8·0.8 = 0.68; kappa = (0.90 − 0.68) / 0.32 = 0.6875
    Over coded characters only (QualCoder's way, the 75 uncoded characters dropped, n = 25):
      p_o = 15/25 = 0.6; p(A) = p(B) = 20/25 = 0.8
      p_e = 0.8·0.8 + 0.2·0.2 = 0.68; kappa = (0.6 − 0.68) / 0.32 = −0.25
    alpha over all characters: o00 = 150, o11 = 30, o01 = o10 = 10; n = 200, n0 = 160, n1 = 40
      alpha = 1 − 199·20 / (2·160·40) = 1 − 3980/12800 = 0.6890625
    """
    c = counts([(10, 30)], [(15, 35)], 100)
    assert c == Counts(both=15, only_a=5, only_b=5, neither=75)
    assert percent_agreement(c) == pytest.approx(0.90)
    assert cohen_kappa(c) == pytest.approx(0.6875)
    coded_only = Counts(c.both, c.only_a, c.only_b, 0)
    assert cohen_kappa(coded_only) == pytest.approx(-0.25)
    assert alpha(c) == pytest.approx(0.6890625)


def test_overlapping_passages_of_one_coder_count_once():
    """A codes 0–10 and 5–15 (one coder, same code, overlapping): 15 characters, not 20."""
    assert merged([(5, 15), (0, 10)]) == [(0, 15)]
    assert counts([(0, 10), (5, 15)], [(0, 15)], 30) == Counts(15, 0, 0, 15)


def test_no_variation_has_no_kappa_or_alpha():
    c = counts([], [], 50)
    assert percent_agreement(c) == 1.0
    assert cohen_kappa(c) is None and alpha(c) is None


def per_character(intervals, length):
    row = np.zeros(length)
    for start, end in intervals:
        row[start:end] = 1
    return row


@pytest.mark.parametrize("seed", range(8))
def test_alpha_equals_the_package_on_one_unit_per_character(seed):
    rng = random.Random(seed)
    length = rng.randint(50, 400)

    def passages():
        spans = []
        for _ in range(rng.randint(1, 6)):
            start = rng.randrange(length - 1)
            spans.append((start, rng.randint(start + 1, min(length, start + 60))))
        return spans

    a, b = passages(), passages()
    reliability = [per_character(a, length), per_character(b, length)]
    expected = krippendorff.alpha(reliability_data=reliability, level_of_measurement="nominal")
    assert alpha(counts(a, b, length)) == pytest.approx(expected)


def test_passages_match_by_the_stated_overlap_rule():
    """A: 0–10, 20–30; B: 2–10, 40–50. A0/B0 share 8 of 10 characters (0.8 ≥ 0.5): a match.

    Passage agreement = 2·1 / (2 + 2) = 0.5. A passage sharing less than half is no match:
    0–10 against 6–16 shares 4 of 16 (0.25).
    """
    result = match_passages([(0, 10), (20, 30)], [(2, 10), (40, 50)])
    assert result.pairs == ((0, 0),) and result.only_a == (1,) and result.only_b == (1,)
    assert result.agreement == 0.5
    assert match_passages([(0, 10)], [(6, 16)]).pairs == ()


@pytest.mark.parametrize(
    "counts_", [Counts(15, 5, 5, 75), Counts(0, 40, 0, 900), Counts(300, 20, 70, 5000)]
)
def test_the_coincidence_formula_equals_the_package(counts_):
    from interview.coding.agreement import alpha_from_coincidences

    assert alpha_from_coincidences(counts_) == pytest.approx(alpha(counts_))
    length = counts_.total
    a = [(0, counts_.both + counts_.only_a)]
    b = [(counts_.only_a, counts_.only_a + counts_.both + counts_.only_b)]
    expected = krippendorff.alpha(
        reliability_data=[per_character(a, length), per_character(b, length)],
        level_of_measurement="nominal",
    )
    assert counts(a, b, length) == counts_
    assert alpha_from_coincidences(counts_) == pytest.approx(expected)
