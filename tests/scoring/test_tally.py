"""Dossier tallies follow every change to what counts, and the ranking never trusts a stale one."""

import importlib
import threading
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from scoring.conflicts import declare_conflict, refresh_exclusions
from scoring.groups import sheet_layout
from scoring.models import Conflict, DossierTally
from scoring.seal import close_scoring
from scoring.selectors import round_ranking
from scoring.sheets import get_or_start_sheet, reopen_sheet, save_draft, submit_sheet
from scoring.tally import gather, pack, rebuild_round, stale_tallies, stored
from tests.scoring.factories_results import add_dossier, results_round, score
from tests.scoring.factories_sheets import add_judge, scoring_scene

pytestmark = pytest.mark.django_db
backfill = importlib.import_module("scoring.migrations.0006_backfill_dossier_tallies").backfill


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def fresh(scene):
    layout = sheet_layout(scene.award_round.rule_set)
    return gather(dossier_ids=[d.pk for d in scene.dossiers], layout=layout)


def counted(scene, dossier):
    return stored(scene.award_round)[dossier.pk]


def test_a_submitted_sheet_enters_its_dossier_tally_in_order_of_total():
    scene = results_round(judges=3)
    dossier = add_dossier(scene)
    a, b, c = scene.judges
    sheets = [score(a, dossier, 50, 30), score(b, dossier, 40, 20), score(c, dossier, 45, "35.5")]

    tally = counted(scene, dossier)

    assert tally.totals == (6000, 8000, 8050)
    assert tally.sheet_ids == (sheets[1].pk, sheets[0].pk, sheets[2].pk)
    assert tally.judge_ids == (b.pk, a.pk, c.pk)
    assert tally.group_codes == "1,2"
    assert tally.group_sums == (13500, 8550)
    assert stored(scene.award_round) == fresh(scene)


def test_a_draft_is_not_counted_and_a_reopened_sheet_leaves_the_tally():
    scene = results_round(judges=2)
    dossier = add_dossier(scene)
    a, b = scene.judges
    first = score(a, dossier, 50, 30)
    score(b, dossier, 40, 20, submitted=False)
    assert counted(scene, dossier).totals == (8000,)

    reopen_sheet(sheet=first, by=scene.secretary, reason="Nhập nhầm điểm")

    assert counted(scene, dossier).totals == ()
    assert stale_tallies(award_round=scene.award_round) == []


def judge_b_far_below():
    """A dossier scored 80 by judge A and 15 by judge B (who will turn out conflicted)."""
    scene = results_round(judges=2)
    dossier = add_dossier(scene)
    a, b = scene.judges
    score(a, dossier, 50, 30)
    score(b, dossier, 10, 5)
    return scene, dossier, b


def test_declaring_a_conflict_takes_the_sheet_out_of_the_tally():
    scene, dossier, b = judge_b_far_below()

    declare_conflict(member=b, dossier=dossier, reason="Người thân", by=scene.secretary)

    assert counted(scene, dossier).totals == (8000,)
    assert stale_tallies(award_round=scene.award_round) == []


def test_a_conflict_recorded_elsewhere_is_caught_by_the_ranking_and_by_the_check():
    scene, dossier, b = judge_b_far_below()
    Conflict.objects.create(member=b, dossier=dossier, reason="Người thân")  # no service call

    assert counted(scene, dossier).totals == (1500, 8000)  # the tally has not followed
    assert stale_tallies(award_round=scene.award_round) == [dossier.code]
    [row] = round_ranking(award_round=scene.award_round).rows
    assert (row.n, str(row.mean)) == (1, "80.00")  # the ranking gathered it afresh

    refresh_exclusions(award_round=scene.award_round)

    assert counted(scene, dossier).totals == (8000,)
    assert stale_tallies(award_round=scene.award_round) == []


def test_a_tally_gathered_for_other_criteria_is_not_used():
    scene = results_round(judges=2)
    dossier = add_dossier(scene)
    for judge in scene.judges:
        score(judge, dossier, 50, 30)
    DossierTally.objects.filter(pk=dossier.pk).update(
        group_codes="9", packed=pack([1, 2, 1, 2, 1, 2, 3])
    )

    [row] = round_ranking(award_round=scene.award_round).rows

    assert (row.n, str(row.mean)) == (2, "80.00")
    assert {code: str(mean) for code, mean in row.group_means.items()} == {
        "1": "50.00",
        "2": "30.00",
    }


def test_closing_scoring_rebuilds_a_tampered_tally_before_sealing():
    scene = results_round(judges=2)
    dossier = add_dossier(scene)
    for judge in scene.judges:
        score(judge, dossier, 50, 30)
    tally = DossierTally.objects.get(pk=dossier.pk)
    tally.packed = pack([9900, 9900, 1, 2, 1, 2, 5000, 4900])
    tally.save()
    assert stale_tallies(award_round=scene.award_round) == [dossier.code]

    snapshot = close_scoring(award_round=scene.award_round, by=scene.secretary)

    assert snapshot.results[0]["mean"] == "80.00"
    assert stale_tallies(award_round=scene.award_round) == []


def test_rebuild_tallies_command_checks_and_repairs():
    scene = results_round(judges=2)
    dossier = add_dossier(scene)
    for judge in scene.judges:
        score(judge, dossier, 50, 30)
    DossierTally.objects.filter(pk=dossier.pk).update(sheet_count=0, packed=b"")
    code = scene.award_round.code

    err = StringIO()
    with pytest.raises(CommandError, match="1 dossier tallies differ"):
        call_command("rebuild_tallies", code, "--check", stderr=err)
    assert dossier.code in err.getvalue()

    out = StringIO()
    call_command("rebuild_tallies", code, stdout=out)
    assert f"Round {code}: 1 dossier tallies rewritten." in out.getvalue()
    out = StringIO()
    call_command("rebuild_tallies", code, "--check", stdout=out)
    assert "Every dossier tally matches its sheets." in out.getvalue()


def test_rebuild_tallies_refuses_an_unknown_round():
    with pytest.raises(CommandError, match="No round has the code “KHONG-CO”"):
        call_command("rebuild_tallies", "KHONG-CO")


def test_rebuild_is_idempotent_and_the_backfill_gathers_what_the_service_would():
    scene = results_round(judges=3)
    first, second = add_dossier(scene), add_dossier(scene)
    for judge, points in zip(scene.judges, (35, 25, "20.5"), strict=True):
        score(judge, first, 50, points)
        score(judge, second, points, 10)
    expected = fresh(scene)

    assert rebuild_round(award_round=scene.award_round) == 2
    assert stored(scene.award_round) == expected
    DossierTally.objects.all().delete()
    backfill(apps, None)

    assert stored(scene.award_round) == expected


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks (SELECT FOR UPDATE) need PostgreSQL"
)
def test_two_judges_submitting_at_once_both_reach_the_tally():
    scene = scoring_scene()
    other = add_judge(scene, full_name="Giám khảo thứ hai")
    sheets = []
    for member, values in ((scene.judge, None), (other, ("20", "22", "12", "8"))):
        sheet = get_or_start_sheet(member=member, dossier=scene.dossier)
        points = scene.full_points(values) if values else scene.full_points()
        sheets.append(save_draft(sheet=sheet, points=points, comment="", by=member.user))
    barrier = threading.Barrier(2)
    errors = []

    def worker(sheet, user):
        from django.db import connections

        try:
            barrier.wait()
            submit_sheet(sheet=sheet, by=user)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=worker, args=(sheet, member.user))
        for sheet, member in zip(sheets, (scene.judge, other), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert stored(scene.award_round)[scene.dossier.pk].totals == (6200, 7075)
