"""The speed benchmark's round is built as the application would leave it."""

import pytest

from scoring.bench import build_national_round
from scoring.selectors import round_ranking
from scoring.tally import stale_tallies

pytestmark = pytest.mark.django_db


def test_national_round_has_true_tallies_and_ranks_every_dossier():
    award_round, _secretary = build_national_round(dossiers=6, judges=4)
    award_round.refresh_from_db()

    assert stale_tallies(award_round=award_round) == []
    ranking = round_ranking(award_round=award_round)
    assert len(ranking) == 6
    assert all(row.n == 4 and row.quorum_reached for row in ranking)
    assert [row.rank for row in ranking] == sorted(row.rank for row in ranking)
