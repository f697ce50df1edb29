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
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
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


def _sqrt_half_up(numerator, denominator):
    """√(numerator / denominator) rounded half up to an integer, exactly (integer checks)."""
    if numerator <= 0:
        return 0
    k = int(math.sqrt(numerator / denominator) + 0.5)
    # k is right when (k - ½)² ≤ q < (k + ½)², i.e. d(2k-1)² ≤ 4n < d(2k+1)².
    while denominator * (2 * k + 1) ** 2 <= 4 * numerator:
        k += 1
    while k > 0 and denominator * (2 * k - 1) ** 2 > 4 * numerator:
        k -= 1
    return k


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

    ``group_sums`` (cents, summed over the counted sheets) may replace per-sheet ``groups``
    when only the group means are wanted: the ranking query sums them in SQL.
    ``info`` is carried through untouched for the page (code, title, facility…).
    ``totals`` (cents) may replace ``sheets`` when no judge can be far from the others: the
    ranking query reads a dossier's totals in one row; ``sheets`` then stays empty.
    """

    dossier_id: int
    sheets: list
    expected_judges: int = 0
    code: str = ""
    product_group: str = ""
    submitted_at: datetime | None = None
    group_sums: Mapping[str, int] | None = None
    info: Any = None
    totals: list | None = None


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
        cents = to_cents(official)
        for label, minimum in self.bands:
            if minimum <= cents:
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
    dossier_id: int
    code: str
    product_group: str
    submitted_at: datetime | None
    info: Any
    n: int
    required: int
    mean: Decimal | None
    median: Decimal | None
    sd: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    trimmed_mean: Decimal | None
    group_means: dict
    raw_official: Decimal | None
    normalised: Decimal | None
    official: Decimal | None
    quorum_reached: bool
    passed: bool | None
    band: str | None
    spread: Decimal | None
    disagreement: bool
    far_judges: list
    sheets: list
    rank: int | None = None
    group_rank: int | None = None
    sort_key: tuple = field(default=(), repr=False)

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


def _group_means(dossier, group_codes, n):
    if not n:
        return dict.fromkeys(group_codes)
    if dossier.group_sums is not None:
        sums = dossier.group_sums
        return {
            code: from_cents(div_half_up(sums[code], n)) if sums.get(code) is not None else None
            for code in group_codes
        }
    means = {}
    for code in group_codes:
        values = [
            sheet.groups[code]
            for sheet in dossier.sheets
            if sheet.groups and sheet.groups.get(code) is not None
        ]
        means[code] = from_cents(div_half_up(sum(values), len(values))) if values else None
    return means


def _far_judges(sheets, n, total_sum, threshold, judge_names):
    far = []
    for sheet in sheets:
        difference = n * sheet.total - total_sum
        if abs(difference) > threshold:
            far.append(
                FarJudge(
                    sheet_id=sheet.sheet_id,
                    judge_id=sheet.judge_id,
                    judge_name=sheet.judge_name or (judge_names or {}).get(sheet.judge_id, ""),
                    total=from_cents(sheet.total),
                    deviation=from_cents(div_half_up(difference, n - 1)),
                )
            )
    return far


def summarise(dossier, *, rules, group_codes=(), normalised=None, judge_names=None):
    """The figures, official score, quorum, pass, band and flags of one dossier (no ranks).

    ``normalised`` maps sheet id → normalised total in cents (see ``scoring.calibration``);
    its statistic is shown beside the raw one and becomes official only when the rule set
    says ``official_result_normalised``. ``judge_names`` (judge id → name) names the judges
    far from consensus when the sheets carry no name.
    """
    sheets = dossier.sheets
    totals = dossier.totals
    if totals is None:
        totals = [sheet[2] for sheet in sheets]  # SheetScore.total
    n = len(totals)
    required = rules.required_sheets(dossier.expected_judges)
    mean = median = sd = low = high = trimmed = raw = norm = spread = None
    far = []
    if n:
        ordered = sorted(totals)
        total_sum = sum(ordered)
        low, high = ordered[0], ordered[-1]
        mean = div_half_up(total_sum, n)
        median = _statistic(MEDIAN, ordered, total_sum)
        trimmed = _statistic(TRIMMED_MEAN, ordered, total_sum)
        if rules.method == MEDIAN:
            raw = median
        elif rules.method == TRIMMED_MEAN:
            raw = trimmed
        else:
            raw = mean
        spread = high - low
        if n >= 2:
            squares = sum(value * value for value in totals)
            sd = _sqrt_half_up(n * squares - total_sum * total_sum, n * (n - 1))
            # (n − 1) × (total − mean of the others) = n × total − sum: compare in integers.
            threshold = rules.far_threshold * (n - 1)
            if n * high - total_sum > threshold or total_sum - n * low > threshold:
                far = _far_judges(sheets, n, total_sum, threshold, judge_names)
        if normalised:
            values = [normalised.get(sheet[0]) for sheet in sheets]
            values = sorted(value for value in values if value is not None)
            if values:
                norm = _statistic(rules.method, values, sum(values))
    official = norm if rules.official_result_normalised else raw
    quorum = n >= required and official is not None
    official_d = from_cents(official)
    passed = None if rules.pass_mark is None else bool(quorum and official >= rules.pass_mark)
    return DossierResult(
        dossier_id=dossier.dossier_id,
        code=dossier.code,
        product_group=dossier.product_group,
        submitted_at=dossier.submitted_at,
        info=dossier.info,
        n=n,
        required=required,
        mean=from_cents(mean),
        median=from_cents(median),
        sd=from_cents(sd),
        minimum=from_cents(low),
        maximum=from_cents(high),
        trimmed_mean=from_cents(trimmed),
        group_means=_group_means(dossier, group_codes, n),
        raw_official=from_cents(raw),
        normalised=from_cents(norm),
        official=official_d,
        quorum_reached=quorum,
        passed=passed,
        band=rules.band_for(official_d) if quorum else None,
        spread=from_cents(spread),
        disagreement=spread is not None and spread > rules.disagreement_threshold,
        far_judges=far,
        sheets=sheets,
    )


# --- the round -------------------------------------------------------------------------------

_MISSING_LAST = (1, 0)


def _link_value(result, link):
    if link == "submitted_at":
        moment = result.submitted_at
        return _MISSING_LAST if moment is None else (0, moment.timestamp())
    if link.startswith("group:"):
        value = result.group_means.get(link[6:])
    else:
        value = getattr(result, FIGURE_LINKS[link])
    return _MISSING_LAST if value is None else (0, -value)


def _assign_ranks(ordered, attribute):
    previous_key, previous_rank = None, 0
    for position, result in enumerate(ordered, start=1):
        if result.sort_key != previous_key:
            previous_key, previous_rank = result.sort_key, position
        setattr(result, attribute, previous_rank)


def rank_results(results, *, rules):
    """Rank ``results`` in place and return them in rank order, unranked ones last by code.

    Returns (rows, unknown tie-break links).
    """
    chain, unknown = rules.ranking_chain()
    ranked, unranked = [], []
    for result in results:
        result.rank = result.group_rank = None
        if result.quorum_reached:
            result.sort_key = tuple(_link_value(result, link) for link in chain)
            ranked.append(result)
        else:
            result.sort_key = ()
            unranked.append(result)
    ranked.sort(key=lambda r: (r.sort_key, r.code))
    _assign_ranks(ranked, "rank")
    by_group = defaultdict(list)
    for result in ranked:
        by_group[result.product_group].append(result)
    for members in by_group.values():
        _assign_ranks(members, "group_rank")
    unranked.sort(key=lambda r: r.code)
    return ranked + unranked, unknown


@dataclass
class Ranking:
    """A round's results in rank order, with what a page needs to present them."""

    rows: list
    rules: Rules
    group_codes: Sequence[str] = ()
    unknown_tie_breaks: list = field(default_factory=list)
    layout: Any = None  # the selectors attach the sheet layout (group names, maxima)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    @property
    def counts(self):
        with_quorum = sum(1 for r in self.rows if r.quorum_reached)
        passed = sum(1 for r in self.rows if r.passed)
        flagged = sum(1 for r in self.rows if r.flagged)
        return {
            "total": len(self.rows),
            "with_quorum": with_quorum,
            "passed": passed,
            "flagged": flagged,
        }


def rank_round(
    dossiers: Iterable[DossierScores], *, rules, group_codes=(), normalised=None, judge_names=None
):
    """Summarise every dossier and rank them: the whole computation for one round."""
    results = [
        summarise(
            dossier,
            rules=rules,
            group_codes=group_codes,
            normalised=normalised,
            judge_names=judge_names,
        )
        for dossier in dossiers
    ]
    rows, unknown = rank_results(results, rules=rules)
    return Ranking(
        rows=rows, rules=rules, group_codes=tuple(group_codes), unknown_tie_breaks=unknown
    )


def result_as_json(result, *, group_codes=()):
    """A JSON-safe dict of one result (Decimals as strings), for the sealed snapshot."""

    def text(value):
        return None if value is None else str(value)

    info = result.info
    return {
        "dossier": result.dossier_id,
        "code": result.code,
        "title": getattr(info, "title", ""),
        "product_group": result.product_group,
        "rank": result.rank,
        "group_rank": result.group_rank,
        "n": result.n,
        "required": result.required,
        "mean": text(result.mean),
        "median": text(result.median),
        "sd": text(result.sd),
        "min": text(result.minimum),
        "max": text(result.maximum),
        "group_means": {code: text(result.group_means.get(code)) for code in group_codes},
        "official": text(result.official),
        "raw_official": text(result.raw_official),
        "normalised": text(result.normalised),
        "quorum_reached": result.quorum_reached,
        "passed": result.passed,
        "band": result.band,
        "disagreement": result.disagreement,
        "far_judges": [
            {"sheet": far.sheet_id, "judge": far.judge_name, "deviation": text(far.deviation)}
            for far in result.far_judges
        ],
    }
