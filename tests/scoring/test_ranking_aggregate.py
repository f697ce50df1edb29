"""The ranking's aggregate read (one row per dossier) gives the figures of the per-sheet read."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from scoring.models import Conflict
from scoring.selectors import round_ranking
from tests.scoring.factories_results import add_dossier, results_round, score

pytestmark = pytest.mark.django_db
D = Decimal


def figures(ranking):
    return [
        (
            row.dossier_id,
            row.n,
            row.mean,
            row.median,
            row.sd,
            row.minimum,
            row.maximum,
            row.trimmed_mean,
            row.group_means,
            row.official,
            row.passed,
            row.rank,
            row.disagreement,
            [(far.sheet_id, far.judge_name, far.deviation) for far in row.far_judges],
        )
        for row in ranking
    ]


def test_ranking_without_normalised_column_keeps_every_figure_and_flag():
    scene = results_round(judges=4, aggregation_method="trimmed_mean")
    a, b, c, d = scene.judges
    calm, split, conflicted = add_dossier(scene), add_dossier(scene), add_dossier(scene)
    for judge, g1 in ((a, 50), (b, 45), (c, "40.5"), (d, 48)):
        score(judge, calm, g1, 30)
    for judge, g1 in ((a, 55), (b, 50), (c, 52), (d, 10)):  # D is far below the others
        score(judge, split, g1, 35)
    for judge, g1 in ((a, 40), (b, 42), (c, 41), (d, 44)):
        score(judge, conflicted, g1, 30)
    Conflict.objects.create(member=d, dossier=conflicted, reason="relative")

    fast = round_ranking(award_round=scene.award_round)
    full = round_ranking(award_round=scene.award_round, normalise=True)

    assert fast.normalised_shown is False and full.normalised_shown is True
    assert figures(fast) == figures(full)
    split_row = next(row for row in fast if row.dossier_id == split.pk)
    assert [far.judge_name for far in split_row.far_judges] == [d.user.full_name]
    assert next(row for row in fast if row.dossier_id == conflicted.pk).n == 3


def _ranking_html(scene):
    client = Client(headers={"accept-language": "en"})
    client.force_login(scene.secretary)
    with translation.override("en"):
        url = reverse("scoring:results_ranking", args=[scene.award_round.code])
        return client.get(url).content.decode()


@pytest.mark.parametrize("normalised_official", [False, True])
def test_ranking_page_shows_the_normalised_column_only_when_the_rule_set_uses_it(
    normalised_official,
):
    scene = results_round(judges=2, official_result_normalised=normalised_official)
    dossier = add_dossier(scene)
    for judge in scene.judges:
        score(judge, dossier, 50, 30)

    html = _ranking_html(scene)

    header = '<th scope="col" title="After putting each judge on a common scale'
    assert (header in html) is normalised_official
    assert (html.count('<td class="muted">') == 1) is normalised_official
