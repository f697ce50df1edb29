"""The aggregation engine: pure functions from judges' sheets to a round's ranking.

No ORM here: ``scoring.selectors`` reads the database and feeds these functions plain values,
so every rule can be checked by hand and tested without a database.

Conventions (each one is a decision a person checking the result by hand must know):

- **Points are carried as integer hundredths** ("cents": 85.50 points → 8550). Sheets hold at
  most two decimals, so sums are exact and no floating-point error can move a figure across
  the pass mark or a band boundary. Every presented figure is then rounded half up
  (``ROUND_HALF_UP``) to two decimals and handed out as a ``Decimal``.
- **Only counted sheets come in**: submitted sheets with a total, of judges without a conflict
  of interest on the dossier. Conflicted and missing sheets are left out, never counted as
  zero; a missing figure is ``None``.
- **Standard deviation** is the *sample* deviation (divisor n − 1), the usual choice for a
  panel seen as a sample of possible judges; with fewer than two sheets it is ``None``.
- **Official score** follows the rule set's method: ``mean``, ``median`` (the mean of the two
  middle totals when n is even) or ``trimmed_mean`` (the mean without ONE highest and ONE
  lowest total; with fewer than 3 sheets nothing can be dropped, so it falls back to the
  plain mean).
- **Comparisons use the presented (rounded) figures**: the pass mark, the bands and the
  ranking compare what the page shows, so a row never reads "70.00" and "not passed".
- **Quorum**: a dossier needs ``quorum_min_sheets`` counted sheets when the rule set fixes
  it, otherwise ⌈quorum_ratio × expected judges⌉ (expected judges = the judges assigned to
  the dossier, or the whole jury). The product is rounded to two decimals before rounding up,
  so the stored ratio 0.6667 means two thirds (15 judges → 10, not 11). At least one sheet.
- **Passed**: quorum reached and official score ≥ pass mark. Without a pass mark in the rule
  set there is no pass/fail judgement (``None``).
- **Ranks**: only dossiers with quorum are ranked. Ordered by the tie-break chain (the official
  score always comes first); equal on every link they share a rank (competition ranking
  1, 2, 2, 4), in the round and in their product group. Links: ``final_score``, ``mean``,
  ``median``, ``trimmed_mean``, ``normalised``, ``min``, ``max``, ``group:<code>`` (mean of
  that criterion group) — higher is better — and ``submitted_at`` (the dossier's first
  submission) — earlier is better. A missing value loses the comparison. Unknown links are
  ignored and reported.
- **Band** (prize class or star rating): the highest band whose minimum ≤ the official score
  (89.99 → "4 sao", 90 → "5 sao"); only for dossiers with quorum.
- **Flags**: *disagreement* when max − min > the rule set's disagreement threshold; a judge
  *far from consensus* when |judge's total − mean of the other judges' totals| > the same
  threshold (the rule set has one threshold; ``Rules.outlier_threshold`` may differ).
"""

import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any, NamedTuple

MEAN, MEDIAN, TRIMMED_MEAN = "mean", "median", "trimmed_mean"
METHODS = (MEAN, MEDIAN, TRIMMED_MEAN)
DEFAULT_TIE_BREAKS = ("final_score", "group:1", "group:2", "median", "submitted_at")
#: Tie-break links whose value is a figure of the result (higher is better).
FIGURE_LINKS = {
    "final_score": "official",
    "official": "official",
    "mean": "mean",
    "median": "median",
    "trimmed_mean": "trimmed_mean",
    "normalised": "normalised",
    "min": "minimum",
    "max": "maximum",
}
TWO_PLACES = Decimal("0.01")


# --- numbers ---------------------------------------------------------------------------------


def to_cents(value):
    """Points (Decimal, int, float or str) as integer hundredths, rounded half up; None stays."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value * 100
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return int(number.scaleb(2).to_integral_value(ROUND_HALF_UP))


@lru_cache(maxsize=65536)
def _decimal_of_cents(cents):
    return Decimal(cents).scaleb(-2)


def from_cents(cents):
    """Integer hundredths as a two-place Decimal (8550 → Decimal("85.50")); None stays.

    Cached: a round's figures repeat (0.00–100.00 is only 10,001 values), and Decimals are
    immutable, so one object may be shared by many rows.
    """
    if cents is None:
        return None
    return _decimal_of_cents(cents)


def div_half_up(numerator, denominator):
    """``numerator / denominator`` rounded half up (ties away from zero), exactly, in integers."""
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    if numerator < 0:
        return -((-2 * numerator + denominator) // (2 * denominator))
    return (2 * numerator + denominator) // (2 * denominator)


def ceil_ratio(ratio, count):
    """⌈ratio × count⌉ after rounding the product to two decimals (0.6667 × 15 → 10)."""
    product = (Decimal(str(ratio)) * count).quantize(TWO_PLACES, ROUND_HALF_UP)
    return int(product.to_integral_value(rounding=ROUND_CEILING))


@lru_cache(maxsize=1024)
def _required_by_ratio(ratio, expected_judges):
    return max(1, ceil_ratio(ratio, expected_judges))


# --- inputs ----------------------------------------------------------------------------------


class SheetScore(NamedTuple):
    """One counted sheet: its total and (optionally) its subtotal per criterion group, in cents.

    A named tuple rather than a dataclass: a national round builds 30,000 of them per page.
    """

    sheet_id: int
    judge_id: int
    total: int
    groups: Mapping[str, int] | None = None
    judge_name: str = ""

    @classmethod
    def of(cls, *, sheet_id, judge_id, total, groups=None, judge_name=""):
        """Build from points as Decimals (or anything ``to_cents`` accepts)."""
        return cls(
            sheet_id=sheet_id,
            judge_id=judge_id,
            total=to_cents(total),
            groups=None if groups is None else {k: to_cents(v) for k, v in groups.items()},
            judge_name=judge_name,
        )


@dataclass(slots=True)
class DossierScores:
    """What the engine needs about one dossier.

    The counted sheets come either as ``sheets`` (``SheetScore`` tuples, in any order) or as
    ``totals``: the totals in cents, **ascending**, with ``sheet_ids`` and ``judge_ids`` in the
    same order when judges far from the others must be named (the ranking reads them so from
    the dossier tallies, ``scoring.tally``); ``sheets`` then stays empty.
    ``group_sums`` (cents, summed over the counted sheets; a mapping by group code or a
    sequence in ``group_codes`` order) may replace per-sheet ``groups`` when only the group
    means are wanted. ``submitted_at`` is the first submission, or anything that orders
    dossiers the same way (the ranking passes a key that orders like the time, ``sql.TimeKey``).
    ``info`` is carried through untouched for the page (code, title, facility…).
    """

    dossier_id: int
    sheets: list
    expected_judges: int = 0
    code: str = ""
    product_group: str = ""
    submitted_at: Any = None
    group_sums: Any = None
    info: Any = None
    totals: Sequence[int] | None = None
    sheet_ids: Sequence[int] | None = None
    judge_ids: Sequence[int] | None = None


@dataclass(frozen=True)
class Rules:
    """The rule-set parameters the engine reads, with points already in cents."""

    method: str = MEAN
    pass_mark: int | None = 7000
    quorum_min_sheets: int | None = None
    quorum_ratio: Decimal = Decimal("0.6667")
    tie_breaks: tuple = DEFAULT_TIE_BREAKS
    bands: tuple = ()  # ((label, minimum in cents), …), highest minimum first
    disagreement_threshold: int = 2000
    outlier_threshold: int | None = None
    official_result_normalised: bool = False

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(f"Unknown aggregation method {self.method!r}.")
        bands = tuple(sorted(self.bands, key=lambda band: band[1], reverse=True))
        object.__setattr__(self, "bands", bands)
        object.__setattr__(self, "tie_breaks", tuple(self.tie_breaks or ()))

    @classmethod
    def from_rule_set(cls, rule_set):
        """Read the parameters off an ``awards.RuleSet`` (attribute access only, no query)."""
        bands = []
        for band in rule_set.bands or []:
            if isinstance(band, dict) and "label" in band and band.get("min") is not None:
                bands.append((str(band["label"]), to_cents(band["min"])))
        return cls(
            method=rule_set.aggregation_method or MEAN,
            pass_mark=to_cents(rule_set.pass_mark),
            quorum_min_sheets=rule_set.quorum_min_sheets,
            quorum_ratio=rule_set.quorum_ratio,
            tie_breaks=tuple(rule_set.tie_breaks or ()),
            bands=tuple(bands),
            disagreement_threshold=to_cents(rule_set.disagreement_threshold),
            official_result_normalised=bool(rule_set.official_result_normalised),
        )

    @property
    def far_threshold(self):
        if self.outlier_threshold is not None:
            return self.outlier_threshold
        return self.disagreement_threshold

    def required_sheets(self, expected_judges):
        """Counted sheets a dossier needs for its result to stand (never fewer than one)."""
        if self.quorum_min_sheets:
            return max(1, self.quorum_min_sheets)
        return _required_by_ratio(self.quorum_ratio, expected_judges)

    def band_for(self, official):
        """Label of the highest band whose minimum ≤ ``official`` (a two-place Decimal)."""
        if official is None:
            return None
        return self.band_for_cents(to_cents(official))

    def band_for_cents(self, official):
        """``band_for`` with the official score in cents."""
        if official is None:
            return None
        for label, minimum in self.bands:
            if minimum <= official:
                return label
        return None

    def ranking_chain(self):
        """(links used, unknown links): the chain with ``final_score`` first, duplicates dropped."""
        chain, unknown = ["final_score"], []
        for link in self.tie_breaks:
            link = str(link).strip()
            canonical = "final_score" if link == "official" else link
            known = (
                canonical in FIGURE_LINKS
                or canonical == "submitted_at"
                or (canonical.startswith("group:") and len(canonical) > 6)
            )
            if not known:
                unknown.append(link)
            elif canonical not in chain:
                chain.append(canonical)
        return chain, unknown


# --- outputs ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FarJudge:
    """A judge whose total is far from the mean of the other judges' totals on one dossier."""

    sheet_id: int
    judge_id: int
    judge_name: str
    total: Decimal
    deviation: Decimal  # judge's total − mean of the others, rounded half up


@dataclass(slots=True)
class DossierResult:
    """The figures of one dossier, kept in cents; the plain names give two-place Decimals.

    ``mean`` is ``from_cents(mean_c)`` and so on: the engine compares and ranks in integers,
    the pages and exports read Decimals.
    """

    dossier_id: int
    code: str
    product_group: str
    submitted_at: Any
    info: Any
    n: int
    required: int
    mean_c: int | None
    median_c: int | None
    sd_c: int | None
    minimum_c: int | None
    maximum_c: int | None
    trimmed_mean_c: int | None
    group_means_c: tuple  # in ``group_codes`` order, None where a group has no subtotal
    group_codes: tuple
    raw_official_c: int | None
    normalised_c: int | None
    official_c: int | None
    quorum_reached: bool
    passed: bool | None
    band: str | None
    disagreement: bool
    far_judges: Sequence[FarJudge]
    sheets: list
    rank: int | None = None
    group_rank: int | None = None
    sort_key: tuple = field(default=(), repr=False)

    mean = property(lambda self: from_cents(self.mean_c))
    median = property(lambda self: from_cents(self.median_c))
    sd = property(lambda self: from_cents(self.sd_c))
    minimum = property(lambda self: from_cents(self.minimum_c))
    maximum = property(lambda self: from_cents(self.maximum_c))
    trimmed_mean = property(lambda self: from_cents(self.trimmed_mean_c))
    raw_official = property(lambda self: from_cents(self.raw_official_c))
    normalised = property(lambda self: from_cents(self.normalised_c))
    official = property(lambda self: from_cents(self.official_c))

    @property
    def spread(self):
        if self.n == 0:
            return None
        return from_cents(self.maximum_c - self.minimum_c)

    @property
    def group_means(self):
        """{group code: mean of that group's subtotals} as two-place Decimals (None if none)."""
        return {
            code: from_cents(value)
            for code, value in zip(self.group_codes, self.group_means_c, strict=True)
        }

    @property
    def flagged(self):
        return self.disagreement or bool(self.far_judges)


# --- one dossier -----------------------------------------------------------------------------


def _statistic(method, ordered, total_sum):
    """The method's figure over ``ordered`` (sorted cents, non-empty) whose sum is ``total_sum``."""
    n = len(ordered)
    if method == MEDIAN:
        middle = n // 2
        if n % 2:
            return ordered[middle]
        return div_half_up(ordered[middle - 1] + ordered[middle], 2)
    if method == TRIMMED_MEAN and n >= 3:
        return div_half_up(total_sum - ordered[0] - ordered[-1], n - 2)
    return div_half_up(total_sum, n)


def _group_means_of(sheets, group_codes):
    """The mean of each group's per-sheet subtotals, in cents, in ``group_codes`` order."""
    means = []
    for code in group_codes:
        values = [
            sheet.groups[code]
            for sheet in sheets
            if sheet.groups and sheet.groups.get(code) is not None
        ]
        means.append(div_half_up(sum(values), len(values)) if values else None)
    return tuple(means)


NO_FAR_JUDGES = ()  # shared by the dossiers without one (most of them)


def _far_judges(values, *, n, total_sum, threshold, names, judge_names):
    """The judges whose total is far from the others' mean (``values`` in the tally layout)."""
    far = []
    for index in range(n):
        difference = n * values[index] - total_sum
        if abs(difference) <= threshold:
            continue
        judge_id = values[2 * n + index]
        name = names[index] if names is not None else ""
        far.append(
            FarJudge(
                sheet_id=values[n + index],
                judge_id=judge_id,
                judge_name=name or ("" if judge_names is None else judge_names.get(judge_id, "")),
                total=from_cents(values[index]),
                deviation=from_cents(div_half_up(difference, n - 1)),
            )
        )
    return far


def _sqrt_half_up(numerator, denominator):
    """√(numerator / denominator) rounded half up to an integer, exactly.

    k is right when (2k − 1)² ≤ 4n/d < (2k + 1)²; the left side is an integer, so comparing
    with ⌊4n/d⌋ is exact, and the largest odd number whose square fits is ``isqrt`` rounded
    down to odd.
    """
    if numerator <= 0:
        return 0
    return (math.isqrt(4 * numerator // denominator) + 1) // 2


def _by_total(sheet):
    return (sheet[2], sheet[0])  # SheetScore.total, then sheet id


def summarise(dossier, *, rules, group_codes=(), normalised=None, judge_names=None):
    """The figures, official score, quorum, pass, band and flags of one dossier (no ranks).

    ``normalised`` maps sheet id → normalised total in cents (see ``scoring.calibration``);
    its statistic is shown beside the raw one and becomes official only when the rule set
    says ``official_result_normalised``. ``judge_names`` (judge id → name) names the judges
    far from consensus when the sheets carry no name.
    """
    return Summariser(
        rules=rules, group_codes=group_codes, normalised=normalised, judge_names=judge_names
    )(dossier)


class Summariser:
    """Summarises many dossiers under the same rules; the rules are read once.

    Call it with a ``DossierScores``, or give ``many`` the facts of many dossiers as plain
    rows ``(dossier id, code, product group, submitted at, info, expected judges, n, values)``
    with the counted sheets in the *tally layout*: one flat sequence holding the ``n`` totals
    in cents, ascending, then the same sheets' ids, then their judges' ids, then the sum of
    each criterion group's subtotals (``group_codes`` order, None where no sheet has one).
    That is how ``scoring.tally`` stores a dossier, so a round needs no object per dossier.
    Points are never negative (the forms and a database constraint refuse them), so totals,
    subtotals and their sums are not either, and every mean rounds half up with one floor
    division; ``summarise`` refuses a negative total.
    """

    def __init__(self, *, rules, group_codes=(), normalised=None, judge_names=None):
        self.rules = rules
        self.group_codes = tuple(group_codes)
        self.normalised = normalised
        self.judge_names = judge_names
        self._required = {}

    def __call__(self, dossier):
        totals, names = dossier.totals, None
        if totals is None:
            ordered = sorted(dossier.sheets, key=_by_total)
            totals = [sheet[2] for sheet in ordered]
            sheet_ids = [sheet[0] for sheet in ordered]
            judge_ids = [sheet[1] for sheet in ordered]
            names = [sheet[4] for sheet in ordered]
        else:
            totals = list(totals)
            sheet_ids = list(dossier.sheet_ids or [None] * len(totals))
            judge_ids = list(dossier.judge_ids or [None] * len(totals))
        group_sums = dossier.group_sums
        if isinstance(group_sums, dict):
            group_sums = [group_sums.get(code) for code in self.group_codes]
        if totals and totals[0] < 0:
            raise ValueError("A total cannot be negative.")
        values = totals + sheet_ids + judge_ids + list(group_sums or ())
        row = (
            dossier.dossier_id, dossier.code, dossier.product_group, dossier.submitted_at,
            dossier.info, dossier.expected_judges, len(totals), values,
        )  # fmt: skip
        return self.many([row], sheets=dossier.sheets, names=names)[0]

    def required(self, expected_judges):
        """Counted sheets needed with ``expected_judges`` (``Rules.required_sheets``, cached)."""
        required = self._required.get(expected_judges)
        if required is None:
            required = self.rules.required_sheets(expected_judges)
            self._required[expected_judges] = required
        return required

    def many(self, rows, *, sheets=(), names=None):
        """The ``DossierResult`` of each row (see the class notes), in order.

        ``sheets`` and ``names`` serve the one-dossier call: without group sums in its
        values the group means come from the sheets' subtotals, and judges far from the
        others may be named from ``names`` (in the order of the totals).
        """
        rules, group_codes, normalised = self.rules, self.group_codes, self.normalised
        method, far_limit = rules.method, rules.far_threshold
        required_of, required, mul = self._required, self.required, operator.mul
        results = []
        append = results.append
        for *facts, expected, n, values in rows:
            needed = required_of.get(expected) or required(expected)
            if not n:
                append(conclude(rules, group_codes, facts, 0, needed, sheets=sheets))
                continue
            sd = norm = None
            far = NO_FAR_JUDGES
            totals = values[:n]
            total_sum = sum(totals)
            low, high = totals[0], totals[-1]
            # Half up with one floor division: a, b ≥ 0 ⇒ round(a / b) = (2a + b) // 2b.
            twice = 2 * n
            mean = (2 * total_sum + n) // twice
            middle = n // 2
            median = totals[middle] if n % 2 else (totals[middle - 1] + totals[middle] + 1) // 2
            trimmed = (2 * (total_sum - low - high) + n - 2) // (twice - 4) if n > 2 else mean
            if n > 1:
                squares = sum(map(mul, totals, totals))
                sd = _sqrt_half_up(n * squares - total_sum * total_sum, n * (n - 1))
                # (n − 1) × (total − mean of the others) = n × total − sum, in integers.
                limit = far_limit * (n - 1)
                if n * high - total_sum > limit or total_sum - n * low > limit:
                    far = _far_judges(
                        values, n=n, total_sum=total_sum, threshold=limit, names=names,
                        judge_names=self.judge_names,
                    )  # fmt: skip
            if normalised:
                found = map(normalised.get, values[n : 2 * n])
                ordered = sorted(value for value in found if value is not None)
                if ordered:
                    norm = _statistic(method, ordered, sum(ordered))
            sums = values[3 * n :]
            if not sums:
                means = _group_means_of(sheets, group_codes)
            else:
                try:
                    means = tuple([(2 * value + n) // twice for value in sums])
                except TypeError:  # a group without any subtotal (None)
                    means = tuple(None if v is None else (2 * v + n) // twice for v in sums)
            figures = (mean, median, sd, low, high, trimmed, means, norm)
            append(conclude(rules, group_codes, facts, n, needed, figures, far, sheets))
        return results


def conclude(rules, group_codes, facts, n, required, figures=None, far=NO_FAR_JUDGES, sheets=()):
    """The ``DossierResult`` from a dossier's figures: the one place that applies the method,
    the normalised choice, quorum, pass mark, band and disagreement flag.

    ``facts`` is (dossier id, code, product group, submitted at, info); ``figures`` (cents)
    is (mean, median, sd, min, max, trimmed mean, group means, normalised), None without a
    counted sheet. Both the per-dossier engine and the vectorised one (``aggregation_batch``)
    end here.
    """
    dossier_id, code, product_group, submitted_at, info = facts
    pass_mark = rules.pass_mark
    if figures is None:
        return DossierResult(
            dossier_id, code, product_group, submitted_at, info, 0, required, None, None,
            None, None, None, None, (None,) * len(group_codes), group_codes, None, None, None,
            False, None if pass_mark is None else False, None, False, far, sheets,
        )  # fmt: skip
    mean, median, sd, low, high, trimmed, means, norm = figures
    method = rules.method
    raw = median if method == MEDIAN else trimmed if method == TRIMMED_MEAN else mean
    official = norm if rules.official_result_normalised else raw
    quorum = official is not None and n >= required
    return DossierResult(
        dossier_id, code, product_group, submitted_at, info, n, required, mean, median, sd,
        low, high, trimmed, means, group_codes, raw, norm, official, quorum,
        None if pass_mark is None else quorum and official >= pass_mark,
        rules.band_for_cents(official) if quorum and rules.bands else None,
        high - low > rules.disagreement_threshold, far, sheets,
    )  # fmt: skip
