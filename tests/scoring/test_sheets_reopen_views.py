import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from scoring.enums import SheetStatus
from scoring.models import ScoreSheet, SheetReopening
from scoring.sheets import get_or_start_sheet, reopen_sheet, save_draft, submit_sheet
from tests.factories import AgencyFactory, SecretaryFactory, UserFactory
from tests.scoring.factories_sheets import scoring_scene

pytestmark = pytest.mark.django_db

FULL = {"1.1": "25", "1.2": "20.5", "2.1": "15", "2.2": "10.25"}


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def _submitted(scene):
    sheet = get_or_start_sheet(member=scene.judge, dossier=scene.dossier)
    save_draft(sheet=sheet, points=scene.points(**FULL), comment="", by=scene.user)
    return submit_sheet(sheet=sheet, by=scene.user)


def test_secretariat_reopens_a_sheet_with_a_reason(client):
    scene = scoring_scene()
    sheet = _submitted(scene)
    client.force_login(scene.secretary)

    response = client.post(
        reverse("scoring:sheet_reopen", args=[sheet.pk]),
        {"reason": "Giám khảo ghi nhầm điểm 1.1"},
        follow=True,
    )

    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.DRAFT
    reopening = SheetReopening.objects.get(sheet=sheet)
    assert reopening.reason == "Giám khảo ghi nhầm điểm 1.1"
    assert reopening.previous_total == Decimal("70.75")
    text = _text(response)
    assert "The sheet was reopened" in text
    assert "Giám khảo ghi nhầm điểm 1.1" in text


def test_reopen_without_a_reason_is_refused(client):
    scene = scoring_scene()
    sheet = _submitted(scene)
    client.force_login(scene.secretary)

    response = client.post(reverse("scoring:sheet_reopen", args=[sheet.pk]), {"reason": ""})

    assert response.status_code == 422
    assert "Give the reason for reopening the sheet." in _text(response)
    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.SUBMITTED
    assert not SheetReopening.objects.exists()


@pytest.mark.parametrize("who", ["judge", "outsider", "other_agency"])
def test_reopen_and_history_are_404_for_anyone_but_the_round_secretariat(client, who):
    scene = scoring_scene()
    sheet = _submitted(scene)
    user = {
        "judge": scene.user,
        "outsider": UserFactory(),
        "other_agency": SecretaryFactory(agency=AgencyFactory()),
    }[who]
    client.force_login(user)

    reopen = client.post(reverse("scoring:sheet_reopen", args=[sheet.pk]), {"reason": "x"})
    history = client.get(reverse("scoring:sheet_history", args=[sheet.pk]))

    assert reopen.status_code == 404
    assert history.status_code == 404
    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.SUBMITTED


def test_history_shows_reopenings_with_old_and_new_points(client):
    scene = scoring_scene()
    sheet = _submitted(scene)
    reopen_sheet(sheet=sheet, by=scene.secretary, reason="Sai điểm nhóm 1")
    save_draft(sheet=sheet, points=scene.points(**{"1.1": "27.5"}), comment="", by=scene.user)
    submit_sheet(sheet=sheet, by=scene.user)
    client.force_login(scene.secretary)

    response = client.get(reverse("scoring:sheet_history", args=[sheet.pk]))

    text = _text(response)
    assert "Sai điểm nhóm 1" in text
    assert "Total before" in text and "70.75" in text
    assert 'class="num">25</td> <td data-label="New" class="num">27.50</td>' in text
    assert ScoreSheet.objects.get(pk=sheet.pk).content_hash in text
    assert "Reopen for a correction" in text


def test_judge_page_shows_the_reopening_reason_and_inputs_again(client):
    scene = scoring_scene()
    sheet = _submitted(scene)
    reopen_sheet(sheet=sheet, by=scene.secretary, reason="Xem lại tiêu chí 2.2")
    client.force_login(scene.user)

    response = client.get(reverse("scoring:judge_dossier", args=[scene.dossier.pk]))

    text = _text(response)
    assert "Xem lại tiêu chí 2.2" in text
    assert 'type="number"' in text
