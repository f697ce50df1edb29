"""Judge calibration and agreement between judges: pure functions, no ORM, no numpy.

- **Deviation** of a judge: on every dossier the judge scored together with at least one other
  judge, the judge's total minus the mean of the other judges' totals; averaged over those
  dossiers (and likewise per criterion group). A judge who is always 10 points harsher than
  the others has a deviation of −10.
- **Normalised totals**: each judge's totals become z-scores against the judge's own mean and
  (sample) standard deviation, then are mapped back to the points scale with the pooled mean
  and standard deviation of all counted sheets of the round: ``z × pooled sd + pooled mean``,
  kept within 0 and the sheet's maximum. A judge with a single sheet keeps the raw total (no
  severity can be measured); a judge who gave every dossier the same total gets z = 0. These
  figures are computed in floating point and rounded half up to hundredths; they are shown
  beside the official raw result and replace it only when the rule set says so.
- **Agreement** is Kendall's coefficient of concordance W with the correction for ties,
  computed on the dossiers every judge of the jury scored (complete cases): 0 means no
  agreement on the order of the dossiers, 1 means every judge ranks them identically. Kendall's
  W was chosen over ICC(2,1) because it reads the judges' *orderings*, which is what the
  ranking uses, and needs no assumption of equal spacing. Reading: W < 0.3 weak,
  0.3 ≤ W < 0.5 moderate, 0.5 ≤ W ≤ 0.7 good, W > 0.7 strong.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from awards.text import vi_sort_key
from scoring.aggregation import from_cents

WEAK, MODERATE, GOOD, STRONG = "weak", "moderate", "good", "strong"
READINGS = {
    WEAK: _("Weak agreement: the judges order the dossiers quite differently."),
    MODERATE: _("Moderate agreement: the judges partly agree on the order of the dossiers."),
    GOOD: _("Good agreement: the judges largely agree on the order of the dossiers."),
    STRONG: _("Strong agreement: the judges order the dossiers almost the same way."),
}
NOT_ENOUGH = _(
    "Not enough data: agreement needs at least two judges who scored the same two dossiers."
)


def _round_float_cents(value):
    """A float number of points as integer hundredths, halves away from zero."""
    cents = math.floor(abs(value) * 100 + 0.5)
    return -cents if value < 0 else cents


def _points(value):
    """A float number of points as a presented two-place Decimal (None stays)."""
    if value is None:
        return None
    return from_cents(_round_float_cents(value))


# --- normalisation ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JudgeScale:
    """A judge's own mean and spread, used to turn their totals into z-scores."""

    judge_id: int
    sheets: int
    mean: float
    sd: float | None


def _scale_of(count, total, squares):
    """Mean and sample sd (points) from the count, sum and sum of squares of cents (exact)."""
    mean = total / count / 100
    if count < 2:
        return mean, None
    variance = (count * squares - total * total) / (count * (count - 1)) / 10000
    return mean, math.sqrt(max(variance, 0.0))


def judge_scales(sheets):
    """Per judge: number of sheets, mean and sample sd of their totals (points, floats)."""
    sums = defaultdict(lambda: [0, 0, 0])
    for sheet in sheets:
        entry = sums[sheet[1]]  # judge id
        total = sheet[2]
        entry[0] += 1
        entry[1] += total
        entry[2] += total * total
    scales = {}
    for judge_id, (count, total, squares) in sums.items():
        mean, sd = _scale_of(count, total, squares)
        scales[judge_id] = JudgeScale(judge_id=judge_id, sheets=count, mean=mean, sd=sd)
    return scales


def normalise_totals(sheets: Iterable, *, scale_max=None):
    """Map each sheet id to its normalised total in cents (see the module notes).

    ``sheets`` are ``aggregation.SheetScore`` (totals in cents); ``scale_max`` is the sheet's
    maximum in cents (the sum of the criterion groups), used to keep figures on the scale.
    """
    sheets = list(sheets)
    if not sheets:
        return {}
    # The loops index the SheetScore tuples (0 sheet id, 1 judge id, 2 total in cents):
    # attribute lookups would double the time on a national round.
    scales = judge_scales(sheets)
    count = sum(scale.sheets for scale in scales.values())
    total = sum(sheet[2] for sheet in sheets)
    squares = sum(sheet[2] * sheet[2] for sheet in sheets)
    pooled_mean, pooled_sd = _scale_of(count, total, squares)
    upper = math.inf if scale_max is None else scale_max / 100
    # Per judge, normalised = pooled mean + (x − judge mean) / judge sd × pooled sd, written
    # as x × slope + offset so the loop over 30,000 sheets does one multiply and one add.
    lines = {}
    for judge_id, scale in scales.items():
        if scale.sd is None or pooled_sd is None:
            lines[judge_id] = None  # keep the raw total
        elif scale.sd == 0:
            lines[judge_id] = (0.0, pooled_mean)  # z = 0
        else:
            slope = pooled_sd / scale.sd / 100  # per cent of the raw total
            lines[judge_id] = (slope, pooled_mean - scale.mean * slope * 100)
    normalised = {}
    floor = math.floor
    for sheet in sheets:
        line = lines[sheet[1]]
        if line is None:
            normalised[sheet[0]] = sheet[2]
            continue
        value = sheet[2] * line[0] + line[1]
        value = 0.0 if value < 0 else upper if value > upper else value
        normalised[sheet[0]] = floor(value * 100 + 0.5)
    return normalised


# --- deviations ------------------------------------------------------------------------------


@dataclass(slots=True)
class JudgeCalibration:
    judge_id: int
    name: str = ""
    panel_id: int | None = None
    panel_name: str = ""
    sheets: int = 0
    mean_total: Decimal | None = None
    sd_total: Decimal | None = None
    dossiers_compared: int = 0
    deviation: Decimal | None = None
    group_deviations: dict = field(default_factory=dict)

    def group_deviation_list(self, group_codes):
        return [self.group_deviations.get(code) for code in group_codes]


def _accumulate(sums, counts, key, values_by_judge):
    """Add each judge's (value − mean of the others) on one dossier to their running sums."""
    n = len(values_by_judge)
    if n < 2:
        return
    total = sum(values_by_judge.values())
    for judge_id, value in values_by_judge.items():
        sums[(judge_id, key)] += value - (total - value) / (n - 1)
        counts[(judge_id, key)] += 1


def judge_deviations(by_dossier: Mapping, *, group_codes=()):
    """Per judge id: (dossiers compared, mean deviation, {group code: mean deviation}).

    ``by_dossier`` maps a dossier id to its counted ``SheetScore`` list (groups in cents).
    """
    sums, counts = defaultdict(float), defaultdict(int)
    for sheets in by_dossier.values():
        _accumulate(sums, counts, None, {s.judge_id: s.total / 100 for s in sheets})
        for code in group_codes:
            values = {
                s.judge_id: s.groups[code] / 100
                for s in sheets
                if s.groups and s.groups.get(code) is not None
            }
            _accumulate(sums, counts, code, values)
    result = {}
    judges = {judge_id for judge_id, _key in counts}
    for judge_id in judges:
        compared = counts.get((judge_id, None), 0)
        overall = sums[(judge_id, None)] / compared if compared else None
        groups = {}
        for code in group_codes:
            count = counts.get((judge_id, code), 0)
            groups[code] = _points(sums[(judge_id, code)] / count) if count else None
        result[judge_id] = (compared, _points(overall), groups)
    return result


# --- agreement -------------------------------------------------------------------------------


def average_ranks(values):
    """Ranks 1..n of ``values`` (ties share the mean of their positions) and Σ(t³ − t) of ties."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    ties = 0
    position = 0
    while position < len(order):
        end = position
        while end + 1 < len(order) and values[order[end + 1]] == values[order[position]]:
            end += 1
        shared = (position + end) / 2 + 1
        for index in order[position : end + 1]:
            ranks[index] = shared
        size = end - position + 1
        ties += size**3 - size
        position = end + 1
    return ranks, ties


def kendalls_w(matrix):
    """Kendall's W (tie-corrected) for ``matrix``: one row per judge, one column per dossier.

    Every row must score the same columns (complete cases). Returns None with fewer than two
    judges or two dossiers, or when every judge tied every dossier (nothing to order).
    """
    m = len(matrix)
    if m < 2:
        return None
    n = len(matrix[0])
    if n < 2 or any(len(row) != n for row in matrix):
        return None
    rank_sums = [0.0] * n
    tie_total = 0
    for row in matrix:
        ranks, ties = average_ranks(row)
        tie_total += ties
        for index, rank in enumerate(ranks):
            rank_sums[index] += rank
    expected = m * (n + 1) / 2
    s = sum((r - expected) ** 2 for r in rank_sums)
    denominator = m * m * (n**3 - n) - m * tie_total
    if denominator <= 0:
        return None
    return max(0.0, min(1.0, 12 * s / denominator))


def agreement_level(w):
    if w is None:
        return None
    if w < 0.3:
        return WEAK
    if w < 0.5:
        return MODERATE
    if w <= 0.7:
        return GOOD
    return STRONG


def agreement_reading(w):
    """A plain-language sentence (translatable) reading ``w``."""
    level = agreement_level(w)
    return NOT_ENOUGH if level is None else READINGS[level]


@dataclass(slots=True)
class Agreement:
    panel_id: int | None
    panel_name: str
    group_code: str | None  # None: the sheet totals
    judges: int
    dossiers: int
    w: float | None

    @property
    def level(self):
        return agreement_level(self.w)

    @property
    def reading(self):
        return agreement_reading(self.w)

    @property
    def w_display(self):
        return (
            None
            if self.w is None
            else Decimal(repr(self.w)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        )


def complete_matrix(by_dossier, judge_ids, value):
    """Rows per judge over the dossiers every judge in ``judge_ids`` has a value for."""
    judge_ids = sorted(judge_ids)
    columns = []
    for dossier_id in sorted(by_dossier):
        values = {s.judge_id: value(s) for s in by_dossier[dossier_id]}
        if all(values.get(judge) is not None for judge in judge_ids):
            columns.append([values[judge] for judge in judge_ids])
    return [list(row) for row in zip(*columns, strict=True)] if columns else []


def panel_agreement(by_dossier, *, judge_ids, panel_id=None, panel_name="", group_code=None):
    """Kendall's W of ``judge_ids`` on totals (``group_code`` None) or on one group's subtotals."""
    if group_code is None:

        def value(sheet):
            return sheet.total

    else:

        def value(sheet):
            return sheet.groups.get(group_code) if sheet.groups else None

    present = {sheet.judge_id for sheets in by_dossier.values() for sheet in sheets}
    judges = [judge_id for judge_id in judge_ids if judge_id in present]
    matrix = complete_matrix(by_dossier, judges, value)
    return Agreement(
        panel_id=panel_id,
        panel_name=panel_name,
        group_code=group_code,
        judges=len(judges),
        dossiers=len(matrix[0]) if matrix else 0,
        w=kendalls_w(matrix) if matrix else None,
    )


# --- the report ------------------------------------------------------------------------------


@dataclass
class CalibrationReport:
    judges: list
    agreements: list
    group_codes: tuple = ()
    layout: object = None  # the selectors attach the sheet layout (group names, maxima)

    def agreements_for(self, panel_id):
        return [a for a in self.agreements if a.panel_id == panel_id]


def calibrate(by_dossier: Mapping, *, judges: Mapping, group_codes=()):
    """The calibration report of a round.

    ``by_dossier``: dossier id → counted ``SheetScore`` list (with group subtotals);
    ``judges``: judge id → (name, panel id, panel name) for every jury member.
    """
    all_sheets = [s for sheets in by_dossier.values() for s in sheets]
    scales = judge_scales(all_sheets)
    deviations = judge_deviations(by_dossier, group_codes=group_codes)
    rows = []
    for judge_id, (name, panel_id, panel_name) in judges.items():
        scale = scales.get(judge_id)
        compared, deviation, groups = deviations.get(judge_id, (0, None, {}))
        rows.append(
            JudgeCalibration(
                judge_id=judge_id,
                name=name,
                panel_id=panel_id,
                panel_name=panel_name,
                sheets=scale.sheets if scale else 0,
                mean_total=_points(scale.mean) if scale else None,
                sd_total=_points(scale.sd) if scale and scale.sd is not None else None,
                dossiers_compared=compared,
                deviation=deviation,
                group_deviations=groups or dict.fromkeys(group_codes),
            )
        )
    rows.sort(key=lambda r: (vi_sort_key(r.panel_name), vi_sort_key(r.name), r.judge_id))
    panels = {}
    for judge_id, (_name, panel_id, panel_name) in judges.items():
        panels.setdefault((panel_name, panel_id), []).append(judge_id)
    agreements = []
    for (panel_name, panel_id), judge_ids in sorted(
        panels.items(), key=lambda i: (i[0][0], i[0][1] or 0)
    ):
        members = set(judge_ids)
        panel_sheets = {
            dossier_id: [s for s in sheets if s.judge_id in members]
            for dossier_id, sheets in by_dossier.items()
        }
        for code in (None, *group_codes):
            agreements.append(
                panel_agreement(
                    panel_sheets,
                    judge_ids=judge_ids,
                    panel_id=panel_id,
                    panel_name=panel_name,
                    group_code=code,
                )
            )
    return CalibrationReport(judges=rows, agreements=agreements, group_codes=tuple(group_codes))
