"""Round control pages: control page, actions, close-scoring confirmation, progress board."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.enums import DossierState
from awards.models import AwardRound, Dossier, RoundEvent
from scoring.models import Assignment, ResultSnapshot
from tests.awards.factories_round_control import (
    add_judge,
    approve,
    client_for,
    in_scoring,
    other_secretary,
    scoring_round,
    submit_sheet,
)
from tests.factories import AwardRoundFactory, DossierFactory, SecretaryFactory, UserFactory

pytestmark = pytest.mark.django_db

S = DossierState


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def url(name, award_round):
    return reverse(f"secretariat:{name}", args=[award_round.code])


# --- permissions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["control", "progress", "close_scoring", "outbox"], ids=lambda name: name
)
def test_pages_are_404_for_another_agencys_secretariat_and_applicants(name):
    scene = in_scoring(dossiers=1, judges=1)

    outsider = client_for(other_secretary()).get(url(name, scene.award_round))
    applicant = client_for(scene.dossiers[0].owner).get(url(name, scene.award_round))
    judge = client_for(scene.judges[0].user).get(url(name, scene.award_round))

    assert [outsider.status_code, applicant.status_code, judge.status_code] == [404, 404, 404]


@pytest.mark.parametrize(
    "name",
    ["open_registration", "close_registration", "open_scoring", "send_reminders"],
)
def test_actions_are_404_for_another_agencys_secretariat_and_change_nothing(name):
    scene = in_scoring(dossiers=1, judges=1)
    before = AwardRound.objects.filter(pk=scene.award_round.pk).values().get()

    response = client_for(other_secretary()).post(url(name, scene.award_round))

    assert response.status_code == 404
    assert AwardRound.objects.filter(pk=scene.award_round.pk).values().get() == before
    assert mail.outbox == []


def test_anonymous_visitor_is_sent_to_login():
    award_round = AwardRoundFactory()

    response = client_for().get(url("control", award_round))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- the control page ---------------------------------------------------------------------------


def test_control_page_shows_the_state_and_the_event_log():
    scene = scoring_round(dossiers=2)
    approve(scene)

    response = client_for(scene.secretary).get(url("control", scene.award_round))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Admission list approved" in text
    assert "2 dossier(s) on the list." in text
    assert "Open scoring" in text
    assert url("open_scoring", scene.award_round) in text


def test_close_registration_from_the_page(django_capture_on_commit_callbacks):
    award_round = AwardRoundFactory()
    secretary = SecretaryFactory(agency=award_round.organiser)

    response = client_for(secretary).post(url("close_registration", award_round), follow=True)

    assert not AwardRound.objects.get(pk=award_round.pk).registration_is_open()
    assert "Registration is closed." in response.content.decode()
    assert RoundEvent.objects.filter(award_round=award_round, action="registration_closed").exists()


def test_open_registration_from_the_page_with_a_past_closing_date_explains():
    award_round = AwardRoundFactory(closed=True)
    secretary = SecretaryFactory(agency=award_round.organiser)

    response = client_for(secretary).post(url("open_registration", award_round), follow=True)

    assert "has passed" in response.content.decode()
    assert not AwardRound.objects.get(pk=award_round.pk).registration_is_open()


def test_open_registration_from_the_page_with_a_new_closing_date():
    award_round = AwardRoundFactory(closed=True)
    secretary = SecretaryFactory(agency=award_round.organiser)
    closes = timezone.localtime(timezone.now() + datetime.timedelta(days=9)).replace(
        second=0, microsecond=0
    )

    client_for(secretary).post(
        url("open_registration", award_round),
        {"registration-closes": closes.strftime("%Y-%m-%dT%H:%M")},
    )

    stored = AwardRound.objects.get(pk=award_round.pk)
    assert stored.registration_is_open()
    assert stored.registration_closes == closes


def test_open_scoring_from_the_page_without_approval_is_refused_with_a_message():
    scene = scoring_round()

    response = client_for(scene.secretary).post(url("open_scoring", scene.award_round), follow=True)

    assert "has not approved the list" in response.content.decode()
    assert set(Dossier.objects.values_list("state", flat=True)) == {S.ACCEPTED}


def test_open_scoring_from_the_page_moves_the_dossiers():
    scene = scoring_round(dossiers=2)
    approve(scene)

    response = client_for(scene.secretary).post(url("open_scoring", scene.award_round), follow=True)

    assert "2 dossier(s) moved to scoring" in response.content.decode()
    assert set(Dossier.objects.values_list("state", flat=True)) == {S.IN_SCORING}


def test_control_page_query_count_does_not_grow_with_events():
    small = scoring_round(dossiers=1)
    approve(small)
    large = scoring_round(dossiers=4)
    for _ in range(5):
        approve(large)

    def count(scene):
        client = client_for(scene.secretary)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("control", scene.award_round))
        assert response.status_code == 200
        return len(queries)

    assert count(small) == count(large)


# --- closing scoring ----------------------------------------------------------------------------


def test_close_scoring_page_names_the_missing_sheets_and_their_judges():
    scene = in_scoring(dossiers=2, judges=2)
    submit_sheet(scene.judges[0], scene.dossiers[0])

    response = client_for(scene.secretary).get(url("close_scoring", scene.award_round))

    text = response.content.decode()
    assert "3 score sheets are still missing." in text
    assert "Giám khảo A: 1 sheet" in text
    assert "Giám khảo B: 2 sheets" in text


def test_close_scoring_without_the_confirmation_box_closes_nothing():
    scene = in_scoring(dossiers=1, judges=2)

    response = client_for(scene.secretary).post(url("close_scoring", scene.award_round))

    assert response.status_code == 200
    assert "Confirm that scoring closes without them." in response.content.decode()
    assert not ResultSnapshot.objects.exists()
    assert set(Dossier.objects.values_list("state", flat=True)) == {S.IN_SCORING}


def test_close_scoring_confirmed_records_the_confirmer():
    scene = in_scoring(dossiers=1, judges=2)

    response = client_for(scene.secretary).post(
        url("close_scoring", scene.award_round), {"confirm_missing": "on"}, follow=True
    )

    snapshot = ResultSnapshot.objects.get()
    event = RoundEvent.objects.get(award_round=scene.award_round, action="scoring_closed")
    assert snapshot.missing_sheets_confirmed_by == scene.secretary
    assert event.data["missing_confirmed_by_name"] == scene.secretary.display_name
    text = response.content.decode()
    assert "results are sealed" in text
    assert f"2 sheet(s) missing at closing, confirmed by {scene.secretary.display_name}." in text


# --- the progress board -------------------------------------------------------------------------


def test_progress_board_shows_counts_missing_judges_and_late_judges():
    scene = in_scoring(dossiers=2, judges=2, closes_in=datetime.timedelta(hours=20))
    submit_sheet(scene.judges[0], scene.dossiers[0])
    submit_sheet(scene.judges[0], scene.dossiers[1])
    submit_sheet(scene.judges[1], scene.dossiers[0])

    response = client_for(scene.secretary).get(url("progress", scene.award_round))

    text = response.content.decode()
    assert "3 / 4" in text
    assert "2 of 2" in text and "1 of 2" in text
    assert "Late" in text
    assert "Giám khảo B" in text
    assert "Send a reminder to 1 judge" in text


def test_send_reminders_from_the_board(django_capture_on_commit_callbacks):
    scene = in_scoring(dossiers=1, judges=2)
    submit_sheet(scene.judges[0], scene.dossiers[0])

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(scene.secretary).post(
            url("send_reminders", scene.award_round), follow=True
        )

    assert [m.to for m in mail.outbox] == [[scene.judges[1].user.email]]
    assert "Reminders are being sent to 1 judge(s)." in response.content.decode()


def test_progress_board_query_count_does_not_grow_with_judges_and_dossiers():
    small = in_scoring(dossiers=1, judges=1)
    large = in_scoring(dossiers=5, judges=4)
    submit_sheet(large.judges[0], large.dossiers[0])
    submit_sheet(large.judges[1], large.dossiers[2])
    extra = add_judge(large, name="Giám khảo Thêm")
    Assignment.objects.create(member=extra, dossier=large.dossiers[3])
    DossierFactory(award_round=large.award_round, state=S.WITHDRAWN)

    def count(scene):
        client = client_for(scene.secretary)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("progress", scene.award_round))
        assert response.status_code == 200
        return len(queries)

    assert count(small) == count(large)


def test_sysadmin_may_open_the_control_page_of_any_round():
    award_round = AwardRoundFactory()

    response = client_for(UserFactory(is_superuser=True)).get(url("control", award_round))

    assert response.status_code == 200
    assert award_round.name in response.content.decode()
