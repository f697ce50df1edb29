"""Properties of the aggregation engine that must hold for any sheets (hypothesis)."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.aggregation import METHODS, DossierScores, Rules, SheetScore, summarise
from scoring.calibration import normalise_totals
from scoring.ranking import rank_round

GROUPS = ("1", "2")

# A sheet: group 1 subtotal ≤ 60.00 and group 2 ≤ 40.00, in hundredths.
sheet_groups = st.tuples(st.integers(0, 6000), st.integers(0, 4000))


@st.composite
def dossiers(draw, *, max_dossiers=6, max_judges=7):
    count = draw(st.integers(1, max_dossiers))
    items = []
    for pk in range(1, count + 1):
        judges = draw(
            st.lists(st.integers(1, max_judges), min_size=0, max_size=max_judges, unique=True)
        )
        sheets = []
        for judge in judges:
            g1, g2 = draw(sheet_groups)
            sheets.append(
                SheetScore(
                    sheet_id=pk * 100 + judge,
                    judge_id=judge,
                    total=g1 + g2,
                    groups={"1": g1, "2": g2},
                )
            )
        items.append(
            DossierScores(
                dossier_id=pk,
                sheets=sheets,
                expected_judges=max_judges,
                code=f"D-{pk:03d}",
                product_group=draw(st.sampled_from(["1", "2"])),
            )
        )
    return items


rules_strategy = st.builds(
    Rules,
    method=st.sampled_from(METHODS),
    pass_mark=st.one_of(st.none(), st.integers(0, 10000)),
    quorum_min_sheets=st.one_of(st.none(), st.integers(1, 5)),
    tie_breaks=st.sampled_from(
        [(), ("final_score", "group:1", "group:2", "median", "submitted_at"), ("median", "group:2")]
    ),
    bands=st.just((("A", 8500), ("B", 7000))),
)


def figures(ranking):
    """Everything a person reads off a ranking, keyed by dossier code."""
    return {
        row.code: (
            row.n,
            row.mean,
            row.median,
            row.sd,
            row.minimum,
            row.maximum,
            row.official,
            row.normalised,
            tuple(sorted(row.group_means.items())),
            row.quorum_reached,
            row.passed,
            row.band,
            row.rank,
            row.group_rank,
            row.disagreement,
            tuple(sorted((f.judge_id, f.deviation) for f in row.far_judges)),
        )
        for row in ranking.rows
    }


@given(st.lists(st.integers(0, 10000), min_size=1, max_size=20), st.sampled_from(METHODS))
def test_mean_median_and_official_lie_between_min_and_max(totals, method):
    sheets = [SheetScore(sheet_id=i, judge_id=i, total=t) for i, t in enumerate(totals)]

    result = summarise(DossierScores(dossier_id=1, sheets=sheets), rules=Rules(method=method))

    assert result.minimum <= result.mean <= result.maximum
    assert result.minimum <= result.median <= result.maximum
    assert result.minimum <= result.official <= result.maximum


@settings(max_examples=60)
@given(dossiers(), rules_strategy, st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_sheets_arrive(items, rules, rnd):
    before = rank_round(items, rules=rules, group_codes=GROUPS)
    shuffled = []
    for item in items:
        sheets = list(item.sheets)
        rnd.shuffle(sheets)
        shuffled.append(
            DossierScores(
                dossier_id=item.dossier_id,
                sheets=sheets,
                expected_judges=item.expected_judges,
                code=item.code,
                product_group=item.product_group,
            )
        )
    rnd.shuffle(shuffled)

    after = rank_round(shuffled, rules=rules, group_codes=GROUPS)

    assert figures(after) == figures(before)
    assert [row.code for row in after.rows] == [row.code for row in before.rows]


@given(st.lists(sheet_groups, min_size=1, max_size=12))
def test_a_judge_scoring_exactly_the_current_means_leaves_every_mean_unchanged(groups):
    sheets = [
        SheetScore(sheet_id=i, judge_id=i, total=g1 + g2, groups={"1": g1, "2": g2})
        for i, (g1, g2) in enumerate(groups)
    ]
    rules = Rules()
    before = summarise(DossierScores(dossier_id=1, sheets=sheets), rules=rules, group_codes=GROUPS)
    newcomer = SheetScore(
        sheet_id=999,
        judge_id=999,
        total=int(before.mean * 100),
        groups={code: int(before.group_means[code] * 100) for code in GROUPS},
    )

    after = summarise(
        DossierScores(dossier_id=1, sheets=[*sheets, newcomer]), rules=rules, group_codes=GROUPS
    )

    assert after.mean == before.mean
    assert after.group_means == before.group_means


@settings(max_examples=60)
@given(dossiers(max_dossiers=8), rules_strategy)
def test_normalisation_never_changes_the_official_result_when_the_rule_set_keeps_raw(items, rules):
    all_sheets = [sheet for item in items for sheet in item.sheets]
    normalised = normalise_totals(all_sheets, scale_max=10000)

    plain = rank_round(items, rules=rules, group_codes=GROUPS)
    with_normalised = rank_round(items, rules=rules, group_codes=GROUPS, normalised=normalised)

    def official(ranking):
        return {
            row.code: (row.official, row.passed, row.band, row.rank, row.group_rank)
            for row in ranking.rows
        }

    assert official(with_normalised) == official(plain)


@given(st.lists(st.integers(0, 10000), min_size=2, max_size=15))
def test_normalised_totals_stay_on_the_points_scale(totals):
    rnd = random.Random(len(totals))
    sheets = [
        SheetScore(sheet_id=i, judge_id=rnd.randint(1, 3), total=t) for i, t in enumerate(totals)
    ]

    normalised = normalise_totals(sheets, scale_max=10000)

    assert set(normalised) == {sheet.sheet_id for sheet in sheets}
    assert all(0 <= value <= 10000 for value in normalised.values())
