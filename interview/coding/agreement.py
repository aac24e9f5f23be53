"""Agreement between two coders, per code: plain functions over character intervals.

Characters are the units, and every character of the document counts, coded or not: for one
code each character is "coded" or "not coded" by each coder. From the four counts (both, only A,
only B, neither) come percent agreement, Cohen's kappa and Krippendorff's alpha (nominal, from
the `krippendorff` package). Counting uncoded text matters: a kappa over coded characters only
(as QualCoder computes it) treats the text nobody coded as if it did not exist.

Krippendorff's alpha depends on the data only through its coincidence matrix. A unit where k
coders gave the same value adds exactly k to that value's diagonal cell, so all characters both
coders left uncoded can be handed to the package as one unit (and all characters both coded as
another); each disagreeing character stays a unit of its own. The package then sees the same
matrix as with one unit per character, in a fraction of the time (tests check both ways). Each
disagreeing character must stay a unit; past `PACKAGE_UNITS` of them the package's formula is
applied to the coincidence matrix directly (`alpha_from_coincidences`, checked against the package).

Passages are compared too, by the rule in `PASSAGE_RULE`: two passages with the same code agree
when their shared characters are at least half of the characters either covers (overlap ÷ union
≥ 50 %); each passage is matched at most once, best overlap first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import krippendorff
import numpy as np

Interval = tuple[int, int]
PASSAGE_THRESHOLD = 0.5
# Above this many disagreeing characters (a study-wide pool) the package's one unit per character
# costs more than the page's budget; the same coincidence matrix then goes through its formula here.
PACKAGE_UNITS = 50_000


def merged(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, non-overlapping intervals covering the same characters."""
    result: list[list[int]] = []
    for start, end in sorted(intervals):
        if result and start <= result[-1][1]:
            result[-1][1] = max(result[-1][1], end)
        else:
            result.append([start, end])
    return [(start, end) for start, end in result]


def covered(intervals: list[Interval]) -> int:
    """How many characters merged intervals cover."""
    return sum(end - start for start, end in intervals)


def shared(a: list[Interval], b: list[Interval]) -> int:
    """How many characters two lists of merged intervals both cover."""
    i = j = total = 0
    while i < len(a) and j < len(b):
        low, high = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if low < high:
            total += high - low
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


@dataclass(frozen=True)
class Counts:
    """Characters by what the two coders did with one code."""

    both: int
    only_a: int
    only_b: int
    neither: int

    @property
    def total(self) -> int:
        """All characters counted."""
        return self.both + self.only_a + self.only_b + self.neither

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.both + other.both,
            self.only_a + other.only_a,
            self.only_b + other.only_b,
            self.neither + other.neither,
        )


ZERO = Counts(0, 0, 0, 0)


def counts(a: Iterable[Interval], b: Iterable[Interval], length: int) -> Counts:
    """The four character counts for one code over a text of `length` characters."""
    a, b = merged(a), merged(b)
    both = shared(a, b)
    only_a, only_b = covered(a) - both, covered(b) - both
    return Counts(both, only_a, only_b, length - both - only_a - only_b)


def percent_agreement(c: Counts) -> float | None:
    """Share of characters both coders treated alike (coded by both, or by neither)."""
    return (c.both + c.neither) / c.total if c.total else None


def cohen_kappa(c: Counts) -> float | None:
    """Cohen's kappa over the characters counted; None when chance agreement is certain."""
    n = c.total
    if not n:
        return None
    observed = (c.both + c.neither) / n
    a_yes, b_yes = (c.both + c.only_a) / n, (c.both + c.only_b) / n
    expected = a_yes * b_yes + (1 - a_yes) * (1 - b_yes)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


def value_counts(c: Counts) -> np.ndarray:
    """Units × (not coded, coded) for the package, agreeing characters pooled (module docstring)."""
    pooled = [row for row in ([2 * c.neither, 0], [0, 2 * c.both]) if sum(row)]
    disagreeing = np.ones((c.only_a + c.only_b, 2))
    return np.vstack([np.array(pooled, dtype=float).reshape(-1, 2), disagreeing])


def alpha(c: Counts) -> float | None:
    """Krippendorff's alpha (nominal); None when nobody varies (every character alike)."""
    disagreements = c.only_a + c.only_b
    if not disagreements and (c.both == 0 or c.neither == 0):
        return None
    if disagreements > PACKAGE_UNITS:
        return alpha_from_coincidences(c)
    return float(
        krippendorff.alpha(
            value_counts=value_counts(c), value_domain=[0, 1], level_of_measurement="nominal"
        )
    )


def alpha_from_coincidences(c: Counts) -> float:
    """The package's formula on the same 2 × 2 coincidence matrix, without one unit per character.

    o(0,0) = 2·neither, o(1,1) = 2·both, o(0,1) = o(1,0) = disagreeing characters; n_v are its
    column sums; alpha = 1 − (n − 1)·(o01 + o10) / (2·n0·n1). Tests check it against the package.
    """
    d = c.only_a + c.only_b
    n0, n1 = 2 * c.neither + d, 2 * c.both + d
    n = n0 + n1
    return 1 - (n - 1) * 2 * d / (2 * n0 * n1)


@dataclass(frozen=True)
class PassageMatch:
    """Passages of one code matched between the coders (indexes into the two lists)."""

    pairs: tuple[tuple[int, int], ...]
    only_a: tuple[int, ...]
    only_b: tuple[int, ...]

    @property
    def agreement(self) -> float | None:
        """Share of all passages that found a match: 2 × matches ÷ (passages of A + of B)."""
        total = 2 * len(self.pairs) + len(self.only_a) + len(self.only_b)
        return 2 * len(self.pairs) / total if total else None


def overlap_ratio(a: Interval, b: Interval) -> float:
    """Shared characters ÷ characters covered by either."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = (a[1] - a[0]) + (b[1] - b[0]) - inter
    return inter / union if union else 0.0


def match_passages(
    a: list[Interval], b: list[Interval], threshold: float = PASSAGE_THRESHOLD
) -> PassageMatch:
    """Pair passages whose overlap ratio reaches the threshold, best first, each used once."""
    candidates = sorted(
        (
            (-ratio, i, j)
            for i, x in enumerate(a)
            for j, y in enumerate(b)
            if x[0] < y[1] and y[0] < x[1] and (ratio := overlap_ratio(x, y)) >= threshold
        )
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for _ratio, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return PassageMatch(
        pairs=tuple(sorted(pairs)),
        only_a=tuple(i for i in range(len(a)) if i not in used_a),
        only_b=tuple(j for j in range(len(b)) if j not in used_b),
    )
