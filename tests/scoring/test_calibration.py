"""Judge calibration, normalisation and Kendall's W on hand-made cases."""

from decimal import Decimal

import pytest

from scoring.aggregation import SheetScore
from scoring.calibration import (
    GOOD,
    MODERATE,
    NOT_ENOUGH,
    READINGS,
    STRONG,
    WEAK,
    agreement_level,
    agreement_reading,
    average_ranks,
    calibrate,
    judge_deviations,
    kendalls_w,
    normalise_totals,
    panel_agreement,
)

D = Decimal
JUDGES = {
    1: ("Giám khảo A", 7, "Ban giám khảo"),
    2: ("Giám khảo B", 7, "Ban giám khảo"),
    3: ("Giám khảo C", 7, "Ban giám khảo"),
}


def sheets_for(rows):
    """``rows``: {dossier id: {judge id: (group 1, group 2)}} in points → SheetScore lists."""
    by_dossier = {}
    for dossier_id, marks in rows.items():
        by_dossier[dossier_id] = [
            SheetScore(
                sheet_id=dossier_id * 10 + judge,
                judge_id=judge,
                total=(g1 + g2) * 100,
                groups={"1": g1 * 100, "2": g2 * 100},
            )
            for judge, (g1, g2) in marks.items()
        ]
    return by_dossier


HARSH_C = sheets_for(
    {
        1: {1: (50, 30), 2: (50, 30), 3: (40, 30)},  # C 10 lower, all in group 1
        2: {1: (40, 25), 2: (40, 25), 3: (30, 25)},
        3: {1: (55, 35), 2: (55, 35), 3: (45, 35)},
        4: {1: (30, 20), 2: (30, 20), 3: (20, 20)},
    }
)


def test_a_judge_ten_points_harsher_has_a_deviation_of_minus_ten():
    deviations = judge_deviations(HARSH_C, group_codes=("1", "2"))

    compared, deviation, groups = deviations[3]
    assert compared == 4
    assert deviation == D("-10.00")
    assert groups == {"1": D("-10.00"), "2": D("0.00")}
    # A and B: 80 − mean(80, 70) = +5 each
    assert deviations[1][1] == D("5.00")
    assert deviations[2][1] == D("5.00")


def test_a_dossier_scored_by_one_judge_is_not_compared():
    deviations = judge_deviations(sheets_for({1: {1: (50, 30)}, 2: {1: (40, 20), 2: (50, 20)}}))

    assert deviations[1][0] == 1
    assert deviations[1][1] == D("-10.00")


def test_calibration_report_lists_every_judge_with_severity_and_agreement():
    report = calibrate(HARSH_C, judges=JUDGES, group_codes=("1", "2"))

    harsh = next(row for row in report.judges if row.name == "Giám khảo C")
    assert harsh.deviation == D("-10.00")
    assert harsh.sheets == 4
    assert harsh.mean_total == D("61.25")  # C's totals (70 + 55 + 80 + 40) / 4
    totals = next(row for row in report.agreements if row.group_code is None)
    assert totals.judges == 3 and totals.dossiers == 4
    assert totals.w == pytest.approx(1.0)  # the harsh judge still orders the dossiers the same


def test_normalisation_removes_a_constant_severity():
    # A gives 60, 70, 80 and B gives 70, 80, 90 to the same three dossiers.
    sheets = [
        SheetScore(sheet_id=10 + i, judge_id=1, total=t) for i, t in enumerate((6000, 7000, 8000))
    ] + [SheetScore(sheet_id=20 + i, judge_id=2, total=t) for i, t in enumerate((7000, 8000, 9000))]

    normalised = normalise_totals(sheets, scale_max=10000)

    # pooled mean 75, pooled sd √110 = 10.488…; z = −1, 0, +1 for both judges
    assert [normalised[10 + i] for i in range(3)] == [6451, 7500, 8549]
    assert [normalised[20 + i] for i in range(3)] == [6451, 7500, 8549]


def test_normalisation_keeps_raw_totals_of_a_judge_with_one_sheet():
    sheets = [
        SheetScore(sheet_id=1, judge_id=1, total=6000),
        SheetScore(sheet_id=2, judge_id=1, total=8000),
        SheetScore(sheet_id=3, judge_id=2, total=9100),
    ]

    assert normalise_totals(sheets)[3] == 9100


def test_kendalls_w_is_one_for_identical_rankings():
    matrix = [[60, 70, 80, 90], [61, 72, 83, 99], [10, 20, 30, 40]]

    assert kendalls_w(matrix) == pytest.approx(1.0)


def test_kendalls_w_is_zero_for_opposite_rankings_of_two_judges():
    assert kendalls_w([[1, 2, 3], [3, 2, 1]]) == pytest.approx(0.0)


def test_kendalls_w_corrects_for_ties():
    # ranks (1.5, 1.5, 3) for both: S = 6, Σ(t³ − t) = 6 per judge,
    # W = 12·6 / (2²·(3³ − 3) − 2·12) = 72 / 72 = 1; without the correction it would be 0.75.
    assert kendalls_w([[5, 5, 9], [7, 7, 8]]) == pytest.approx(1.0)


def test_kendalls_w_hand_computed_value():
    # ranks: J1 (1, 2, 3, 4), J2 (2, 1, 3, 4), J3 (1, 3, 2, 4) → R = 4, 6, 8, 12, mean 7.5
    # S = 12.25 + 2.25 + 0.25 + 20.25 = 35; W = 12·35 / (9·60) = 0.7778
    assert kendalls_w([[1, 2, 3, 4], [2, 1, 3, 4], [1, 3, 2, 4]]) == pytest.approx(35 * 12 / 540)


def test_kendalls_w_needs_two_judges_and_two_dossiers():
    assert kendalls_w([[1, 2, 3]]) is None
    assert kendalls_w([[1], [2]]) is None
    assert kendalls_w([[5, 5], [6, 6]]) is None  # everything tied: nothing to order


def test_average_ranks_share_positions_of_ties():
    assert average_ranks([30, 10, 30, 20]) == ([3.5, 1.0, 3.5, 2.0], 6)


@pytest.mark.parametrize(
    ("w", "level"),
    [
        (0.0, WEAK),
        (0.29, WEAK),
        (0.3, MODERATE),
        (0.49, MODERATE),
        (0.5, GOOD),
        (0.7, GOOD),
        (0.71, STRONG),
        (1.0, STRONG),
    ],
)
def test_agreement_reading_thresholds(w, level):
    assert agreement_level(w) == level
    assert agreement_reading(w) == READINGS[level]


def test_agreement_without_enough_data_says_so():
    single = sheets_for({1: {1: (50, 30), 2: (40, 30)}})

    agreement = panel_agreement(single, judge_ids=[1, 2])

    assert agreement.w is None
    assert agreement.reading == NOT_ENOUGH


def test_agreement_uses_only_dossiers_every_judge_scored():
    rows = sheets_for(
        {
            1: {1: (50, 30), 2: (45, 30)},
            2: {1: (40, 30), 2: (35, 30)},
            3: {1: (30, 30)},  # judge 2 missing: left out
        }
    )

    agreement = panel_agreement(rows, judge_ids=[1, 2], group_code="1")

    assert agreement.dossiers == 2
    assert agreement.w == pytest.approx(1.0)
    assert agreement.w_display == D("1.00")
