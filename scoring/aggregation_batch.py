"""The figures of a whole round at once: ``aggregation.Summariser.many``, vectorised.

The per-dossier engine (``scoring.aggregation``) is the reference: every rule is written
there, one dossier at a time, in plain Python. A national round asks it 2,000 times; this
module computes the same integers for all dossiers together with NumPy, then builds the
same ``DossierResult`` rows. Property tests (``tests/scoring/test_aggregation_batch.py``)
check that both give identical results on random rounds.

Input: per dossier ``(dossier id, code, product group, submitted at, info, expected
judges, n)`` and one int64 array holding, for each dossier with ``n > 0`` in turn, its
tally layout (``n`` totals ascending, their sheet ids, their judge ids, one sum per
criterion group, ``tally.NO_SUM`` where a group has none). Integers stay integers: every
figure is computed exactly, in hundredths, as in the reference (int64 holds a round's
squares of totals many times over).

The normalised column needs every judge's scale and stays with the reference path
(``selectors.round_ranking`` chooses).
"""

import numpy as np

from scoring.aggregation import NO_FAR_JUDGES, Summariser, _far_judges, conclude
from scoring.tally import NO_SUM  # the packed tallies' "no sum" (read as None)


def _isqrt_half_up(numerator, denominator):
    """Elementwise ``aggregation._sqrt_half_up``: √(num/den) rounded half up, exactly.

    k = (⌊√⌊4·num/den⌋⌋ + 1) // 2; the float square root is corrected by ±1 so the integer
    root is exact (its argument stays far below 2**53).
    """
    m = (4 * np.maximum(numerator, 0)) // denominator
    root = np.floor(np.sqrt(m.astype(np.float64))).astype(np.int64)
    root = np.where(root * root > m, root - 1, root)
    root = np.where((root + 1) * (root + 1) <= m, root + 1, root)
    return (root + 1) // 2


def summarise_round(facts, flat, *, rules, group_codes, judge_names=None):
    """The ``DossierResult`` of each dossier of ``facts``, in order (see the module notes)."""
    group_codes = tuple(group_codes)
    summariser = Summariser(rules=rules, group_codes=group_codes, judge_names=judge_names)
    groups = len(group_codes)
    counts = np.fromiter((fact[6] for fact in facts), dtype=np.int64, count=len(facts))
    scored = np.flatnonzero(counts)
    figures = {}
    if scored.size:
        figures = _figures(counts[scored], np.asarray(flat, dtype=np.int64), groups, rules)
    required = [summariser.required(fact[5]) for fact in facts]
    return _results(facts, scored, figures, required, summariser, rules, group_codes, flat)


def _figures(n, flat, groups, rules):
    """Column arrays of the figures of the dossiers with sheets (``n`` > 0 for each)."""
    lengths = 3 * n + groups
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    first = np.concatenate(([0], np.cumsum(n)[:-1]))  # each dossier's first total in ``totals``
    totals = flat[np.repeat(starts - first, n) + np.arange(int(n.sum()))]
    total = np.add.reduceat(totals, first)
    squares = np.add.reduceat(totals * totals, first)
    low, high = totals[first], totals[first + n - 1]
    twice = 2 * n
    mean = (2 * total + n) // twice
    middle = first + n // 2
    before = np.maximum(middle - 1, first)
    median = np.where(n % 2 == 1, totals[middle], (totals[before] + totals[middle] + 1) // 2)
    trimmed = np.where(n > 2, (2 * (total - low - high) + n - 2) // np.maximum(twice - 4, 1), mean)
    several = n > 1
    variance = n * squares - total * total
    sd = _isqrt_half_up(variance, np.maximum(n * (n - 1), 1))
    limit = rules.far_threshold * (n - 1)
    far = several & ((n * high - total > limit) | (total - n * low > limit))
    sums = flat[(starts + 3 * n)[:, None] + np.arange(groups)[None, :]]
    means = (2 * sums + n[:, None]) // twice[:, None]
    missing = sums == NO_SUM
    return {
        "start": starts.tolist(),
        "total": total.tolist(),
        "mean": mean.tolist(),
        "median": median.tolist(),
        "trimmed": trimmed.tolist(),
        "sd": np.where(several, sd, -1).tolist(),
        "low": low.tolist(),
        "high": high.tolist(),
        "far": far.tolist(),
        "means": means.tolist(),
        "missing": missing.any(axis=1).tolist(),
        "sums_missing": missing.tolist(),
    }


def _results(facts, scored, figures, required, summariser, rules, group_codes, flat):
    columns = iter(())
    if figures:
        columns = zip(
            figures["mean"], figures["median"], figures["sd"], figures["low"],
            figures["high"], figures["trimmed"], figures["means"], figures["far"],
            figures["missing"], range(len(scored)), strict=False,
        )  # fmt: skip
    results = []
    append = results.append
    for fact, needed in zip(facts, required, strict=True):
        n = fact[6]
        if not n:
            append(conclude(rules, group_codes, fact[:5], 0, needed))
            continue
        mean, median, sd, low, high, trimmed, means, far, missing, row = next(columns)
        if missing:
            gone = figures["sums_missing"][row]
            means = [None if lost else value for value, lost in zip(means, gone, strict=True)]
        if far:
            start = figures["start"][row]
            far = _far_judges(
                np.asarray(flat[start : start + 3 * n]).tolist(), n=n,
                total_sum=figures["total"][row], threshold=rules.far_threshold * (n - 1),
                names=None, judge_names=summariser.judge_names,
            )  # fmt: skip
        else:
            far = NO_FAR_JUDGES
        sd = None if sd < 0 else sd
        figures_of = (mean, median, sd, low, high, trimmed, tuple(means), None)
        append(conclude(rules, group_codes, fact[:5], n, needed, figures_of, far))
    return results
