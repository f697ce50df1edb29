"""The vectorised round summary gives exactly what the per-dossier engine gives (hypothesis)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.aggregation import METHODS, Rules, Summariser
from scoring.aggregation_batch import summarise_round
from scoring.ranking import ranking_of
from scoring.tally import NO_SUM, flat, pack

GROUPS = ("1", "2", "3")

rules_strategy = st.builds(
    Rules,
    method=st.sampled_from(METHODS),
    pass_mark=st.one_of(st.none(), st.integers(0, 10000)),
    quorum_min_sheets=st.one_of(st.none(), st.integers(1, 6)),
    quorum_ratio=st.sampled_from([Decimal("0.5"), Decimal("0.6667"), Decimal("1")]),
    tie_breaks=st.sampled_from([(), ("final_score", "group:1", "median", "submitted_at")]),
    bands=st.sampled_from([(), (("5 sao", 9000), ("4 sao", 7000))]),
    disagreement_threshold=st.integers(0, 3000),
)


@st.composite
def dossier(draw, pk):
    n = draw(st.integers(0, 17))
    totals = sorted(draw(st.lists(st.integers(0, 10000), min_size=n, max_size=n)))
    sums = [draw(st.one_of(st.integers(0, 10000 * max(n, 1)), st.just(None))) for _ in GROUPS]
    layout = [*totals, *range(pk * 100, pk * 100 + n), *range(1, n + 1)]
    if n:
        layout += sums
    fact = (pk, f"D-{pk:03d}", draw(st.sampled_from("12")), draw(st.integers(0, 3)), None)
    return (*fact, draw(st.integers(0, 20)), n), layout


@settings(max_examples=150, deadline=None)
@given(st.data(), rules_strategy)
def test_batch_summary_equals_the_per_dossier_engine(data, rules):
    count = data.draw(st.integers(1, 12))
    drawn = [data.draw(dossier(pk)) for pk in range(1, count + 1)]
    facts = [fact for fact, _layout in drawn]
    names = {judge: f"Giám khảo {judge}" for judge in range(1, 18)}
    reference = Summariser(rules=rules, group_codes=GROUPS, judge_names=names).many(
        (*fact, layout) for fact, layout in drawn
    )
    packed = [pack(layout) for _fact, layout in drawn]  # None → NO_SUM, as the tallies store
    batch = summarise_round(facts, flat(packed), rules=rules, group_codes=GROUPS, judge_names=names)

    assert batch == reference
    ranked = ranking_of(batch, rules=rules, group_codes=GROUPS)
    assert [r.dossier_id for r in ranked] == [
        r.dossier_id for r in ranking_of(reference, rules=rules, group_codes=GROUPS)
    ]


def test_a_missing_group_sum_reads_as_no_mean():
    rules = Rules()
    facts = [(1, "D-001", "1", 0, None, 3, 2)]
    layout = [7000, 8000, 11, 12, 1, 2, 9000, NO_SUM, 6000]
    [result] = summarise_round(facts, flat([pack(layout)]), rules=rules, group_codes=GROUPS)
    assert result.group_means_c == (4500, None, 3000)
    assert (result.mean_c, result.median_c, result.sd_c) == (7500, 7500, 707)
