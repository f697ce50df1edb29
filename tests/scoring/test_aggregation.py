"""The aggregation engine on small rounds computed by hand (pure functions, no database)."""

from decimal import Decimal

import pytest

from awards.models import RuleSet
from scoring.aggregation import DossierScores, Rules, ceil_ratio, div_half_up, summarise
from scoring.ranking import rank_round
from tests.scoring.factories_engine import by_code, dossier

D = Decimal
OCOP_BANDS = (("5 sao", 9000), ("4 sao", 7000), ("3 sao", 5000), ("2 sao", 3000), ("1 sao", 0))


def test_summary_figures_match_the_hand_computation():
    result = summarise(dossier(1, 80, 70, 90, 60), rules=Rules())

    assert result.n == 4
    assert result.mean == D("75.00")
    assert result.median == D("75.00")
    # sample sd: √((5² + 5² + 15² + 15²) / 3) = √(500 / 3) = 12.9099…
    assert result.sd == D("12.91")
    assert (result.minimum, result.maximum) == (D("60.00"), D("90.00"))
    assert result.official == D("75.00")


def test_mean_is_rounded_half_up_to_two_decimals():
    result = summarise(dossier(1, "70.00", "70.01"), rules=Rules())

    assert result.mean == D("70.01")  # 70.005 → 70.01, not banker's 70.00


def test_div_half_up_rounds_ties_away_from_zero():
    assert div_half_up(5, 2) == 3
    assert div_half_up(-5, 2) == -3
    assert div_half_up(7, 3) == 2


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    result = summarise(dossier(1, 60, 71, 72, 90), rules=Rules(method="median"))

    assert result.median == D("71.50")
    assert result.official == D("71.50")


def test_trimmed_mean_drops_one_highest_and_one_lowest_total():
    result = summarise(dossier(1, 60, 60, 90, 75), rules=Rules(method="trimmed_mean"))

    # sorted 60, 60, 75, 90 → drop one 60 and the 90 → (60 + 75) / 2
    assert result.official == D("67.50")
    assert result.mean == D("71.25")


@pytest.mark.parametrize("totals", [("70", "81"), ("75.5",)])
def test_trimmed_mean_with_fewer_than_three_sheets_falls_back_to_the_mean(totals):
    result = summarise(dossier(1, *totals), rules=Rules(method="trimmed_mean"))

    assert result.official == D("75.50")
    assert result.official == result.mean


def test_standard_deviation_needs_two_sheets():
    result = summarise(dossier(1, 88), rules=Rules())

    assert result.sd is None
    assert result.mean == D("88.00")


def test_dossier_without_sheets_has_no_figures_and_no_result():
    result = summarise(dossier(1, expected=3), rules=Rules())

    assert result.n == 0
    assert result.mean is None and result.official is None
    assert result.quorum_reached is False
    assert result.passed is False


def test_quorum_default_is_two_thirds_of_the_jury_rounded_up():
    rules = Rules(quorum_ratio=D("0.6667"))

    assert rules.required_sheets(15) == 10  # 10.0005 would wrongly round up to 11
    assert rules.required_sheets(3) == 2
    assert rules.required_sheets(4) == 3  # 2.67 → 3
    assert rules.required_sheets(0) == 1
    assert ceil_ratio(D("0.5"), 5) == 3


def test_quorum_min_sheets_replaces_the_ratio():
    rules = Rules(quorum_min_sheets=5)

    assert rules.required_sheets(15) == 5
    assert rules.required_sheets(3) == 5


def test_quorum_not_reached_leaves_the_dossier_unranked_and_not_passed():
    ranking = rank_round(
        [dossier(1, 95, expected=3), dossier(2, 72, 74, expected=3)],
        rules=Rules(bands=OCOP_BANDS),
    )
    rows = by_code(ranking)

    short = rows["D-001"]
    assert short.quorum_reached is False
    assert short.required == 2
    assert short.rank is None and short.group_rank is None
    assert short.passed is False
    assert short.band is None
    assert short.official == D("95.00")  # computed and shown, but it does not stand
    assert rows["D-002"].rank == 1
    assert [row.code for row in ranking.rows] == ["D-002", "D-001"]  # unranked last


@pytest.mark.parametrize(("total", "passed"), [("69.99", False), ("70", True), ("70.01", True)])
def test_pass_mark_boundary(total, passed):
    result = summarise(dossier(1, total), rules=Rules(pass_mark=7000))

    assert result.passed is passed


def test_pass_mark_compares_the_rounded_official_score():
    # mean 69.995 is shown as 70.00, so it passes: the page never reads "70.00, not passed"
    result = summarise(dossier(1, "69.99", "70.00"), rules=Rules(pass_mark=7000))

    assert result.official == D("70.00")
    assert result.passed is True


def test_without_a_pass_mark_there_is_no_pass_judgement():
    result = summarise(dossier(1, 50), rules=Rules(pass_mark=None))

    assert result.passed is None


@pytest.mark.parametrize(
    ("total", "band"),
    [("90", "5 sao"), ("89.99", "4 sao"), ("70", "4 sao"), ("69.99", "3 sao"), ("29.99", "1 sao")],
)
def test_star_bands_at_their_boundaries(total, band):
    result = summarise(dossier(1, total), rules=Rules(bands=OCOP_BANDS))

    assert result.band == band


def test_bands_given_in_any_order_are_read_from_the_highest():
    rules = Rules(bands=(("B", 7000), ("A", 8500)))

    assert summarise(dossier(1, 90), rules=rules).band == "A"
    assert summarise(dossier(2, 60), rules=rules).band is None


def test_group_means_from_per_sheet_subtotals_or_from_sums():
    per_sheet = summarise(
        dossier(1, 80, 71, groups=[{"1": 50, "2": 30}, {"1": 45, "2": 26}]),
        rules=Rules(),
        group_codes=("1", "2"),
    )
    from_sums = summarise(
        DossierScores(
            dossier_id=2,
            sheets=per_sheet.sheets,
            expected_judges=2,
            group_sums={"1": 9500, "2": 5600},
        ),
        rules=Rules(),
        group_codes=("1", "2"),
    )

    assert per_sheet.group_means == {"1": D("47.50"), "2": D("28.00")}
    assert from_sums.group_means == per_sheet.group_means


@pytest.mark.parametrize(("low", "flagged"), [("60", False), ("59.99", True)])
def test_disagreement_flag_needs_a_spread_above_the_threshold(low, flagged):
    result = summarise(dossier(1, 80, low), rules=Rules(disagreement_threshold=2000))

    assert result.disagreement is flagged


def test_judge_far_from_the_others_is_flagged_with_the_deviation():
    result = summarise(dossier(1, 80, 80, 80, 50), rules=Rules(disagreement_threshold=2000))

    # judge 4: 50 − mean(80, 80, 80) = −30; judges 1–3: 80 − mean(80, 80, 50) = +10
    assert [(far.judge_id, far.deviation) for far in result.far_judges] == [(4, D("-30.00"))]
    assert result.far_judges[0].judge_name == "Giám khảo 4"
    assert result.flagged


def test_outlier_threshold_may_differ_from_the_spread_threshold():
    result = summarise(
        dossier(1, 80, 80, 80, 70), rules=Rules(disagreement_threshold=2000, outlier_threshold=500)
    )

    assert result.disagreement is False
    assert [far.deviation for far in result.far_judges] == [D("-10.00")]


def test_normalised_figure_is_shown_beside_and_official_only_when_the_rules_say_so():
    item = dossier(1, 60, 80)
    normalised = {100: 7000, 101: 8200}

    raw = summarise(item, rules=Rules(), normalised=normalised)
    official_normalised = summarise(
        item, rules=Rules(official_result_normalised=True), normalised=normalised
    )

    assert (raw.official, raw.normalised) == (D("70.00"), D("76.00"))
    assert official_normalised.official == D("76.00")
    assert official_normalised.raw_official == D("70.00")


def test_rules_are_read_from_a_rule_set():
    rule_set = RuleSet(
        aggregation_method="trimmed_mean",
        pass_mark=D("50"),
        quorum_ratio=D("0.5"),
        quorum_min_sheets=None,
        tie_breaks=["final_score", "group:A", "submitted_at"],
        bands=[{"label": "4 sao", "min": 70}, {"label": "5 sao", "min": 90}, {"label": "x"}],
        disagreement_threshold=D("15"),
        official_result_normalised=False,
    )

    rules = Rules.from_rule_set(rule_set)

    assert rules.method == "trimmed_mean"
    assert rules.pass_mark == 5000
    assert rules.bands == (("5 sao", 9000), ("4 sao", 7000))
    assert rules.disagreement_threshold == 1500
    assert rules.ranking_chain() == (["final_score", "group:A", "submitted_at"], [])


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="aggregation method"):
        Rules(method="mode")
