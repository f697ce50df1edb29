"""Round control services: registration, scoring, reminders, progress (awards.rounds_control)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from awards import rounds_control
from awards.enums import DossierState
from awards.errors import DomainError
from awards.models import AwardRound, Dossier, OutboundMail, RoundEvent
from awards.round_progress import round_progress
from scoring.models import Assignment, ResultSnapshot
from tests.awards.factories_round_control import (
    add_judge,
    approve,
    draft_sheet,
    in_scoring,
    other_secretary,
    scoring_round,
    submit_sheet,
)
from tests.factories import AwardRoundFactory, DossierFactory, SecretaryFactory

pytestmark = pytest.mark.django_db

S = DossierState
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.SITE_URL = "https://vinhdanh.example.vn"


def secretary_for(award_round):
    return SecretaryFactory(agency=award_round.organiser)


def events(award_round, action):
    return list(RoundEvent.objects.filter(award_round=award_round, action=action))


# --- registration -------------------------------------------------------------------------------


def test_open_registration_now_keeps_the_future_closing_date():
    now = timezone.now()
    award_round = AwardRoundFactory(
        registration_opens=now + 5 * DAY, registration_closes=now + 30 * DAY
    )
    closes = award_round.registration_closes
    secretary = secretary_for(award_round)

    rounds_control.open_registration(award_round=award_round, by=secretary, now=now)

    stored = AwardRound.objects.get(pk=award_round.pk)
    [event] = events(award_round, "registration_opened")
    assert (stored.registration_opens, stored.registration_closes) == (now, closes)
    assert stored.registration_is_open()
    assert event.by == secretary
    assert event.data["closes"] == closes.isoformat()


def test_open_registration_refuses_a_past_closing_date_and_asks_for_a_new_one():
    award_round = AwardRoundFactory(closed=True)
    secretary = secretary_for(award_round)
    before = (award_round.registration_opens, award_round.registration_closes)

    with pytest.raises(DomainError) as refused:
        rounds_control.open_registration(award_round=award_round, by=secretary)

    stored = AwardRound.objects.get(pk=award_round.pk)
    assert "Give a new closing date" in refused.value.message
    assert (stored.registration_opens, stored.registration_closes) == before
    assert not events(award_round, "registration_opened")


def test_open_registration_with_a_new_closing_date_reopens_a_closed_round():
    award_round = AwardRoundFactory(closed=True)
    closes = timezone.now() + 7 * DAY

    rounds_control.open_registration(
        award_round=award_round, by=secretary_for(award_round), closes=closes
    )

    stored = AwardRound.objects.get(pk=award_round.pk)
    assert stored.registration_is_open()
    assert stored.registration_closes == closes


def test_open_registration_while_open_only_moves_the_closing_date():
    award_round = AwardRoundFactory()
    opens = award_round.registration_opens
    closes = timezone.now() + 40 * DAY

    rounds_control.open_registration(
        award_round=award_round, by=secretary_for(award_round), closes=closes
    )

    stored = AwardRound.objects.get(pk=award_round.pk)
    assert (stored.registration_opens, stored.registration_closes) == (opens, closes)
    assert events(award_round, "registration_opened")[0].data["extended"] is True


def test_open_registration_while_open_without_a_date_is_refused():
    award_round = AwardRoundFactory()

    with pytest.raises(DomainError, match="already open"):
        rounds_control.open_registration(award_round=award_round, by=secretary_for(award_round))


def test_close_registration_now_sets_the_closing_moment_and_counts_the_dossiers():
    award_round = AwardRoundFactory()
    DossierFactory(award_round=award_round, state=S.SUBMITTED)
    DossierFactory(award_round=award_round)
    now = timezone.now()

    rounds_control.close_registration(
        award_round=award_round, by=secretary_for(award_round), now=now
    )

    stored = AwardRound.objects.get(pk=award_round.pk)
    [event] = events(award_round, "registration_closed")
    assert stored.registration_closes == now
    assert not stored.registration_is_open(now + datetime.timedelta(seconds=1))
    assert (event.data["submitted"], event.data["drafts"]) == (1, 1)


def test_close_registration_refused_when_already_closed():
    award_round = AwardRoundFactory(closed=True)

    with pytest.raises(DomainError, match="already closed"):
        rounds_control.close_registration(award_round=award_round, by=secretary_for(award_round))


def test_registration_actions_refused_to_another_agencys_secretariat():
    award_round = AwardRoundFactory()

    with pytest.raises(DomainError):
        rounds_control.close_registration(award_round=award_round, by=other_secretary())

    assert AwardRound.objects.get(pk=award_round.pk).registration_is_open()


# --- opening scoring ----------------------------------------------------------------------------


def test_open_scoring_refused_without_the_councils_admission_approval():
    scene = scoring_round()

    with pytest.raises(DomainError) as refused:
        rounds_control.open_scoring(award_round=scene.award_round, by=scene.secretary)

    assert "has not approved the list" in refused.value.message
    assert set(Dossier.objects.values_list("state", flat=True)) == {S.ACCEPTED}
    assert AwardRound.objects.get(pk=scene.award_round.pk).scoring_opens is None
    assert not events(scene.award_round, "scoring_opened")


def test_open_scoring_moves_admitted_dossiers_assigns_the_jury_and_logs():
    scene = scoring_round(dossiers=3, judges=2)
    approve(scene)
    late = DossierFactory(award_round=scene.award_round, state=S.ACCEPTED)  # not on the list
    closes = timezone.now() + 10 * DAY

    result = rounds_control.open_scoring(
        award_round=scene.award_round, by=scene.secretary, closes=closes
    )

    stored = AwardRound.objects.get(pk=scene.award_round.pk)
    states = dict(Dossier.objects.values_list("pk", "state"))
    [event] = events(scene.award_round, "scoring_opened")
    assert [states[d.pk] for d in scene.dossiers] == [S.IN_SCORING] * 3
    assert states[late.pk] == S.ACCEPTED
    assert stored.scoring_opens is not None and stored.scoring_closes == closes
    assert (result.moved, result.assignments_added) == (3, 6)
    assert Assignment.objects.filter(member__panel=scene.jury).count() == 6
    assert event.by == scene.secretary
    assert sorted(event.data["dossier_ids"]) == sorted(d.pk for d in scene.dossiers)
    assert all(
        d.transitions.filter(name="open_scoring", by=scene.secretary).exists()
        for d in scene.dossiers
    )


def test_open_scoring_keeps_existing_assignments():
    scene = scoring_round(dossiers=2, judges=2)
    approve(scene)
    Assignment.objects.create(member=scene.judges[0], dossier=scene.dossiers[0])

    result = rounds_control.open_scoring(award_round=scene.award_round, by=scene.secretary)

    assert result.assignments_added == 0
    assert Assignment.objects.count() == 1


def test_open_scoring_refused_while_registration_is_open():
    scene = scoring_round(closed=False)
    approve(scene)

    with pytest.raises(DomainError, match="Close registration first"):
        rounds_control.open_scoring(award_round=scene.award_round, by=scene.secretary)


def test_open_scoring_refused_without_a_jury():
    scene = scoring_round()
    approve(scene)
    scene.jury.delete()

    with pytest.raises(DomainError, match="no jury"):
        rounds_control.open_scoring(award_round=scene.award_round, by=scene.secretary)


def test_open_scoring_refused_with_a_past_closing_date():
    scene = scoring_round()
    approve(scene)

    with pytest.raises(DomainError, match="has passed"):
        rounds_control.open_scoring(
            award_round=scene.award_round, by=scene.secretary, closes=timezone.now() - DAY
        )

    assert set(Dossier.objects.values_list("state", flat=True)) == {S.ACCEPTED}


def test_open_scoring_is_all_or_nothing_when_a_dossier_is_refused(monkeypatch):
    scene = scoring_round(dossiers=3)
    approve(scene)
    original = rounds_control.run_transition
    calls = []

    def refuse_the_last(*, dossier, **kwargs):
        calls.append(dossier.code)
        if dossier.pk == scene.dossiers[-1].pk:
            from awards.errors import TransitionRefused

            raise TransitionRefused("Not now.")
        return original(dossier=dossier, **kwargs)

    monkeypatch.setattr(rounds_control, "run_transition", refuse_the_last)

    with pytest.raises(DomainError) as refused:
        rounds_control.open_scoring(award_round=scene.award_round, by=scene.secretary)

    assert scene.dossiers[-1].code in refused.value.message
    assert len(calls) == 3
    assert set(Dossier.objects.values_list("state", flat=True)) == {S.ACCEPTED}
    assert AwardRound.objects.get(pk=scene.award_round.pk).scoring_opens is None


def test_open_scoring_again_moves_only_newly_admitted_dossiers():
    scene = scoring_round(dossiers=1)
    approve(scene)
    rounds_control.open_scoring(award_round=scene.award_round, by=scene.secretary)
    newcomer = DossierFactory(award_round=scene.award_round, state=S.ACCEPTED)

    with pytest.raises(DomainError, match="already open"):
        rounds_control.open_scoring(award_round=scene.award_round, by=scene.secretary)
    approve(scene)
    result = rounds_control.open_scoring(award_round=scene.award_round, by=scene.secretary)

    assert result.moved == 1
    assert Dossier.objects.get(pk=newcomer.pk).state == S.IN_SCORING


def test_open_scoring_refused_for_a_ballot_round():
    award_round = AwardRoundFactory(artisan=True, closed=True)

    with pytest.raises(DomainError, match="secret ballot"):
        rounds_control.open_scoring(award_round=award_round, by=secretary_for(award_round))


# --- closing scoring ----------------------------------------------------------------------------


def test_close_scoring_with_missing_sheets_asks_for_confirmation():
    scene = in_scoring(dossiers=2, judges=2)
    submit_sheet(scene.judges[0], scene.dossiers[0])

    with pytest.raises(rounds_control.MissingSheets) as refused:
        rounds_control.close_scoring(award_round=scene.award_round, by=scene.secretary)

    assert refused.value.missing == 3
    assert refused.value.judges == [("Giám khảo A", 1), ("Giám khảo B", 2)]
    assert not ResultSnapshot.objects.exists()
    assert set(Dossier.objects.values_list("state", flat=True)) == {S.IN_SCORING}


def test_close_scoring_confirmed_records_who_confirmed():
    scene = in_scoring(dossiers=2, judges=2)
    submit_sheet(scene.judges[0], scene.dossiers[0])

    event = rounds_control.close_scoring(
        award_round=scene.award_round, by=scene.secretary, confirm_missing=True
    )

    snapshot = ResultSnapshot.objects.get(award_round=scene.award_round)
    assert snapshot.missing_sheets_confirmed_by == scene.secretary
    assert snapshot.missing_sheets == 3
    assert event.action == "scoring_closed"
    assert event.data["missing_confirmed_by"] == scene.secretary.pk
    assert event.data["snapshot"] == snapshot.pk
    assert set(Dossier.objects.values_list("state", flat=True)) == {S.SCORED}


def test_close_scoring_with_every_sheet_needs_no_confirmation():
    scene = in_scoring(dossiers=1, judges=2)
    for judge in scene.judges:
        submit_sheet(judge, scene.dossiers[0])

    event = rounds_control.close_scoring(award_round=scene.award_round, by=scene.secretary)

    assert event.data["missing_sheets"] == 0
    assert event.data["missing_confirmed_by"] is None
    assert ResultSnapshot.objects.get().missing_sheets_confirmed_by is None


# --- progress and reminders ---------------------------------------------------------------------


def test_progress_counts_per_judge_and_per_dossier():
    scene = in_scoring(dossiers=3, judges=3, closes_in=DAY)
    a, b, c = scene.judges
    d1, d2, d3 = scene.dossiers
    submit_sheet(a, d1)
    submit_sheet(a, d2)
    submit_sheet(a, d3)
    submit_sheet(b, d1)
    draft_sheet(b, d2)
    from scoring.models import Conflict

    Conflict.objects.create(member=c, dossier=d3, reason="Người nhà")

    progress = round_progress(award_round=scene.award_round)

    judges = {row.name: row for row in progress.judges}
    dossiers = {row.code: row for row in progress.dossiers}
    assert [(judges[n].submitted, judges[n].assigned) for n in ("Giám khảo A", "Giám khảo B", "Giám khảo C")] == [
        (3, 3), (1, 3), (0, 2),
    ]  # fmt: skip
    assert [judges[n].late for n in ("Giám khảo A", "Giám khảo B", "Giám khảo C")] == [
        False,
        True,
        True,
    ]
    assert judges["Giám khảo B"].last_activity is not None
    assert judges["Giám khảo C"].last_activity is None
    assert [c for c, _t in judges["Giám khảo B"].missing_dossiers] == [d2.code, d3.code]
    assert (dossiers[d1.code].submitted, dossiers[d1.code].expected) == (2, 3)
    assert dossiers[d1.code].missing_judges == ["Giám khảo C"]
    assert (dossiers[d3.code].submitted, dossiers[d3.code].expected) == (1, 2)
    assert dossiers[d3.code].missing_judges == ["Giám khảo B"]
    assert (progress.submitted, progress.expected) == (4, 8)


def test_judges_are_not_late_while_the_closing_is_far():
    scene = in_scoring(dossiers=1, judges=1, closes_in=10 * DAY)

    progress = round_progress(award_round=scene.award_round)

    assert progress.judges[0].missing == 1
    assert not progress.judges[0].late


def test_reminders_go_only_to_judges_with_missing_sheets_and_are_logged(
    django_capture_on_commit_callbacks,
):
    scene = in_scoring(dossiers=2, judges=2)
    done, late = scene.judges
    submit_sheet(done, scene.dossiers[0])
    submit_sheet(done, scene.dossiers[1])
    submit_sheet(late, scene.dossiers[0])

    with django_capture_on_commit_callbacks(execute=True):
        event = rounds_control.send_reminders(award_round=scene.award_round, by=scene.secretary)

    [message] = mail.outbox
    assert message.to == [late.user.email]
    assert scene.dossiers[1].code in message.body
    assert scene.dossiers[0].code not in message.body
    assert f"/scoring/judge/rounds/{scene.code}/" in message.body
    assert event.action == "judge_reminders_sent" and event.by == scene.secretary
    assert [r["email"] for r in event.data["recipients"]] == [late.user.email]
    assert OutboundMail.objects.get().award_round == scene.award_round


def test_reminders_are_sent_only_after_commit(django_capture_on_commit_callbacks):
    scene = in_scoring(dossiers=1, judges=1)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rounds_control.send_reminders(award_round=scene.award_round, by=scene.secretary)

    assert mail.outbox == []
    assert len(callbacks) == 1


def test_reminders_refused_when_every_sheet_is_in():
    scene = in_scoring(dossiers=1, judges=1)
    submit_sheet(scene.judges[0], scene.dossiers[0])

    with pytest.raises(DomainError, match="submitted all"):
        rounds_control.send_reminders(award_round=scene.award_round, by=scene.secretary)

    assert not events(scene.award_round, "judge_reminders_sent")


def test_reminder_skips_a_judge_without_email_and_says_so(django_capture_on_commit_callbacks):
    scene = in_scoring(dossiers=1, judges=1)
    add_judge(scene, name="Giám khảo Không Thư", email="")
    Assignment.objects.create(member=scene.judges[-1], dossier=scene.dossiers[0])

    with django_capture_on_commit_callbacks(execute=True):
        event = rounds_control.send_reminders(award_round=scene.award_round, by=scene.secretary)

    assert len(mail.outbox) == 1
    assert [j["name"] for j in event.data["unreachable"]] == ["Giám khảo Không Thư"]


def test_scoring_deadline_can_be_moved_while_scoring_is_open():
    scene = in_scoring(dossiers=1, judges=1)
    closes = timezone.now() + 3 * DAY

    rounds_control.change_scoring_deadline(
        award_round=scene.award_round, by=scene.secretary, closes=closes
    )

    assert AwardRound.objects.get(pk=scene.award_round.pk).scoring_closes == closes
    assert events(scene.award_round, "scoring_deadline_changed")
