"""Ranking a round: tie-break chain, shared ranks, ranks per product group, snapshot rows."""

import datetime
import json

from scoring.aggregation import Rules
from scoring.ranking import rank_round, result_as_json
from tests.scoring.factories_engine import by_code, dossier


def test_ties_are_broken_by_group_one_then_shared_with_competition_ranking():
    g = [{"1": 50, "2": 30}, {"1": 50, "2": 30}]
    low_g1 = [{"1": 45, "2": 35}, {"1": 45, "2": 35}]
    ranking = rank_round(
        [
            dossier(1, 80, 80, groups=low_g1),  # official 80, group 1 mean 45
            dossier(2, 80, 80, groups=g),  # official 80, group 1 mean 50 → wins the tie
            dossier(3, 70, 70, groups=g),  # identical on every link to dossier 4
            dossier(4, 70, 70, groups=g),
            dossier(5, 60, 60, groups=g),
        ],
        rules=Rules(tie_breaks=("final_score", "group:1", "group:2", "median")),
        group_codes=("1", "2"),
    )
    ranks = {row.code: row.rank for row in ranking.rows}

    assert ranks == {"D-002": 1, "D-001": 2, "D-003": 3, "D-004": 3, "D-005": 5}
    assert [row.code for row in ranking.rows] == ["D-002", "D-001", "D-003", "D-004", "D-005"]


def test_earlier_submission_breaks_the_last_tie():
    early = datetime.datetime(2026, 3, 1, 8, 0, tzinfo=datetime.UTC)
    late = early + datetime.timedelta(hours=5)
    ranking = rank_round(
        [dossier(1, 80, submitted_at=late), dossier(2, 80, submitted_at=early), dossier(3, 80)],
        rules=Rules(tie_breaks=("final_score", "submitted_at")),
    )
    ranks = {row.code: row.rank for row in ranking.rows}

    assert ranks == {"D-002": 1, "D-001": 2, "D-003": 3}  # no submission date loses


def test_median_breaks_a_tie_when_the_chain_says_so():
    ranking = rank_round(
        [dossier(1, 60, 90, 90), dossier(2, 80, 80, 80)],
        rules=Rules(tie_breaks=("final_score", "median")),
    )

    assert {row.code: row.rank for row in ranking.rows} == {"D-001": 1, "D-002": 2}


def test_empty_tie_break_chain_shares_ranks_on_equal_scores():
    ranking = rank_round(
        [dossier(1, 80), dossier(2, 80), dossier(3, 79)], rules=Rules(tie_breaks=())
    )

    assert sorted(row.rank for row in ranking.rows) == [1, 1, 3]


def test_unknown_tie_break_link_is_ignored_and_reported():
    ranking = rank_round(
        [dossier(1, 80), dossier(2, 81)], rules=Rules(tie_breaks=("final_score", "oldest_first"))
    )

    assert ranking.unknown_tie_breaks == ["oldest_first"]
    assert [row.rank for row in ranking.rows] == [1, 2]


def test_group_rank_counts_within_the_product_group():
    ranking = rank_round(
        [
            dossier(1, 90, product_group="1"),
            dossier(2, 85, product_group="2"),
            dossier(3, 80, product_group="1"),
            dossier(4, 75, product_group="2"),
        ],
        rules=Rules(),
    )
    rows = by_code(ranking)

    assert [(rows[c].rank, rows[c].group_rank) for c in ("D-001", "D-002", "D-003", "D-004")] == [
        (1, 1),
        (2, 1),
        (3, 2),
        (4, 2),
    ]


def test_result_rows_are_json_safe_for_the_snapshot():
    ranking = rank_round(
        [dossier(1, 80, 60, groups=[{"1": 50, "2": 30}, {"1": 40, "2": 20}])],
        rules=Rules(),
        group_codes=("1", "2"),
    )

    row = result_as_json(ranking.rows[0], group_codes=("1", "2"))

    assert json.loads(json.dumps(row)) == row
    assert row["official"] == "70.00"
    assert row["group_means"] == {"1": "45.00", "2": "25.00"}
    assert row["rank"] == 1
