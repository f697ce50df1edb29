"""The selectors that feed the engine from the database: exclusions, group sums, queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.enums import DossierState
from scoring.models import Assignment, Conflict
from scoring.selectors import calibration_report, dossier_detail, round_ranking
from tests.scoring.factories_results import add_dossier, draft, results_round, score

pytestmark = pytest.mark.django_db
D = Decimal


def row_of(ranking, dossier):
    return next(row for row in ranking.rows if row.dossier_id == dossier.pk)


def test_ranking_computes_figures_and_group_means_from_the_lines():
    scene = results_round(judges=3)
    dossier = add_dossier(scene)
    a, b, c = scene.judges
    score(a, dossier, 50, 30)
    score(b, dossier, 45, 25)
    score(c, dossier, 40, "35.5")

    row = row_of(round_ranking(award_round=scene.award_round), dossier)

    assert row.n == 3
    assert row.mean == D("75.17")  # (80 + 70 + 75.5) / 3 = 75.1666…
    assert row.median == D("75.50")
    assert row.group_means == {"1": D("45.00"), "2": D("30.17")}
    assert row.passed is True
    assert row.rank == 1


def test_conflicted_judge_is_excluded_not_counted_as_zero():
    scene = results_round(judges=3)
    dossier = add_dossier(scene)
    a, b, c = scene.judges
    score(a, dossier, 50, 30)
    score(b, dossier, 48, 30)
    score(c, dossier, 10, 5)  # submitted, then C declares a conflict
    Conflict.objects.create(member=c, dossier=dossier, reason="Người thân của chủ cơ sở")

    row = row_of(round_ranking(award_round=scene.award_round), dossier)

    assert row.n == 2
    assert row.mean == D("79.00")
    assert row.group_means["2"] == D("30.00")
    assert all(sheet.judge_id != c.pk for sheet in row.sheets)


def test_conflict_with_the_facility_excludes_the_sheet_too():
    scene = results_round(judges=2)
    dossier = add_dossier(scene)
    a, b = scene.judges
    score(a, dossier, 50, 30)
    score(b, dossier, 20, 10)
    Conflict.objects.create(member=b, facility=dossier.facility, reason="Cổ đông của cơ sở")

    row = row_of(round_ranking(award_round=scene.award_round), dossier)

    assert (row.n, row.mean) == (1, D("80.00"))


def test_missing_and_draft_sheets_are_left_out():
    scene = results_round(judges=3)
    dossier = add_dossier(scene)
    a, b, c = scene.judges
    score(a, dossier, 50, 30)
    draft(b, dossier, 55)
    score(c, dossier, 40, 30, submitted=False)

    row = row_of(round_ranking(award_round=scene.award_round), dossier)

    assert row.n == 1
    assert row.mean == D("80.00")
    assert row.quorum_reached is False  # needs ⌈2/3 × 3⌉ = 2
    assert row.rank is None


def test_quorum_counts_the_judges_assigned_to_the_dossier():
    scene = results_round(judges=6)
    dossier = add_dossier(scene)
    for member in scene.judges[:3]:
        Assignment.objects.create(member=member, dossier=dossier)
    score(scene.judges[0], dossier, 50, 30)
    score(scene.judges[1], dossier, 50, 30)

    row = row_of(round_ranking(award_round=scene.award_round), dossier)

    assert row.required == 2  # ⌈2/3 × 3 assigned⌉, not ⌈2/3 × 6⌉ = 4
    assert row.quorum_reached is True


def test_ranking_leaves_out_withdrawn_and_disqualified_dossiers():
    scene = results_round(judges=1)
    kept = add_dossier(scene, state=DossierState.SCORED)
    gone = add_dossier(scene, state=DossierState.DISQUALIFIED)
    score(scene.judges[0], kept, 50, 30)
    score(scene.judges[0], gone, 55, 35)

    codes = [row.code for row in round_ranking(award_round=scene.award_round)]

    assert codes == [kept.code]


def test_ranking_of_a_round_ignores_other_rounds_sheets():
    scene = results_round(judges=1)
    other = results_round(judges=1)
    mine = add_dossier(scene)
    theirs = add_dossier(other)
    score(scene.judges[0], mine, 50, 30)
    score(other.judges[0], theirs, 10, 10)

    ranking = round_ranking(award_round=scene.award_round)

    assert [(row.code, row.mean) for row in ranking] == [(mine.code, D("80.00"))]


def test_ranking_queries_do_not_grow_with_the_round():
    def queries_for(count):
        scene = results_round(judges=3)
        for _ in range(count):
            dossier = add_dossier(scene)
            for member in scene.judges:
                score(member, dossier, 45, 30)
        Conflict.objects.create(member=scene.judges[0], dossier=scene.dossiers[0], reason="x")
        with CaptureQueriesContext(connection) as captured:
            ranking = round_ranking(award_round=scene.award_round)
        assert len(ranking) == count
        return len(captured)

    assert queries_for(2) == queries_for(12)


def test_dossier_detail_lists_every_sheet_with_why_it_does_not_count():
    scene = results_round(judges=3)
    dossier = add_dossier(scene)
    a, b, c = scene.judges
    score(a, dossier, 50, 30)
    draft(b, dossier, 40)
    score(c, dossier, 10, 10)
    Conflict.objects.create(member=c, dossier=dossier, reason="Người thân")

    _ranking, result, sheets = dossier_detail(award_round=scene.award_round, dossier=dossier)

    by_judge = {sheet.judge: sheet for sheet in sheets}
    assert result.n == 1
    assert by_judge["Giám khảo A"].counted and by_judge["Giám khảo A"].groups == {
        "1": D("50.00"),
        "2": D("30.00"),
    }
    assert not by_judge["Giám khảo B"].counted and not by_judge["Giám khảo B"].conflicted
    assert by_judge["Giám khảo C"].conflicted and not by_judge["Giám khảo C"].counted


def test_calibration_report_finds_the_harsh_judge_in_the_database():
    scene = results_round(judges=3)
    a, b, c = scene.judges
    for g1 in (50, 40, 55, 30):
        dossier = add_dossier(scene)
        score(a, dossier, g1, 30)
        score(b, dossier, g1, 30)
        score(c, dossier, g1 - 10, 30)

    report = calibration_report(award_round=scene.award_round)

    rows = {row.name: row for row in report.judges}
    assert rows["Giám khảo C"].deviation == D("-10.00")
    assert rows["Giám khảo C"].group_deviations == {"1": D("-10.00"), "2": D("0.00")}
    assert rows["Giám khảo A"].deviation == D("5.00")
    totals = next(item for item in report.agreements if item.group_code is None)
    assert (totals.judges, totals.dossiers) == (3, 4)
    assert totals.w == pytest.approx(1.0)


def test_official_result_uses_normalised_totals_only_when_the_rule_set_says_so():
    def ranking_with(normalised_official):
        scene = results_round(judges=2, official_result_normalised=normalised_official)
        a, b = scene.judges
        for g1 in (30, 40, 50):  # B is 10 points more generous on every dossier
            dossier = add_dossier(scene)
            score(a, dossier, g1, 20)
            score(b, dossier, g1 + 10, 20)
        return [
            (row.official, row.raw_official, row.normalised)
            for row in round_ranking(award_round=scene.award_round, normalise=True)
        ]

    raw = ranking_with(False)
    normalised = ranking_with(True)

    assert [official for official, _raw, _norm in raw] == [D("75.00"), D("65.00"), D("55.00")]
    assert [official for official, _raw, _norm in normalised] == [norm for _o, _r, norm in raw]
    assert [r for _o, r, _n in normalised] == [D("75.00"), D("65.00"), D("55.00")]
    # with the severity removed both judges agree, so the normalised mean keeps the order
    assert normalised[0][0] > normalised[1][0] > normalised[2][0]
