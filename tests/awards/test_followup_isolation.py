"""Every follow-up URL: the owner gets the page, anyone else a 404, anonymous the login."""

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse

from awards.enums import DossierState
from awards.models import Dossier
from tests.awards.factories_followup import login, secretary_of, submitted_dossier
from tests.factories import DossierFactory, FacilityFactory

pytestmark = pytest.mark.django_db

S = DossierState

#: (URL name, HTTP method) for every page this module serves on one dossier.
DOSSIER_URLS = [
    ("followup:status", "get"),
    ("followup:receipt", "get"),
    ("followup:receipt_pdf", "get"),
    ("followup:submit", "post"),
    ("followup:withdraw", "get"),
    ("followup:withdraw", "post"),
]
IDS = [f"{name.split(':')[1]}-{method}" for name, method in DOSSIER_URLS]


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def call(client, name, method, dossier):
    return getattr(client, method)(reverse(name, args=[dossier.pk]))


@pytest.mark.parametrize(("name", "method"), DOSSIER_URLS, ids=IDS)
def test_followup_url_other_applicant_gets_404_and_nothing_changes(client, name, method):
    dossier = submitted_dossier()
    outsider = FacilityFactory().owner
    login(client, outsider)

    response = call(client, name, method, dossier)

    assert response.status_code == 404
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.state == S.SUBMITTED
    assert fresh.transitions.count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(("name", "method"), DOSSIER_URLS, ids=IDS)
def test_followup_url_round_secretary_gets_404(client, name, method):
    dossier = submitted_dossier()
    login(client, secretary_of(dossier))

    response = call(client, name, method, dossier)

    assert response.status_code == 404
    assert Dossier.objects.get(pk=dossier.pk).state == S.SUBMITTED


@pytest.mark.parametrize(("name", "method"), DOSSIER_URLS, ids=IDS)
def test_followup_url_anonymous_is_sent_to_login(client, name, method):
    dossier = submitted_dossier()

    response = call(client, name, method, dossier)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse(django_settings.LOGIN_URL) + "?next=")
    assert Dossier.objects.get(pk=dossier.pk).state == S.SUBMITTED


@pytest.mark.parametrize(("name", "method"), DOSSIER_URLS, ids=IDS)
def test_followup_url_owner_is_served(client, name, method):
    dossier = submitted_dossier()
    login(client, dossier.owner)

    response = call(client, name, method, dossier)

    assert response.status_code in (200, 302)
    if response.status_code == 200 and name != "followup:receipt_pdf":
        assert dossier.code in response.content.decode()


def test_my_dossiers_anonymous_is_sent_to_login(client):
    response = client.get(reverse("followup:my_dossiers"))

    assert response["Location"].startswith(reverse(django_settings.LOGIN_URL) + "?next=")


def test_my_dossiers_shows_only_own_dossiers(client):
    mine = DossierFactory(files=False, title="Nón lá làng Chuông")
    theirs = DossierFactory(files=False, title="Chiếu cói Kim Sơn")
    login(client, mine.owner)

    html = client.get(reverse("followup:my_dossiers")).content.decode()

    assert mine.title in html
    assert theirs.title not in html
    assert reverse("followup:status", args=[theirs.pk]) not in html


def test_nonexistent_dossier_is_404_like_a_foreign_one(client):
    dossier = DossierFactory(files=False)
    login(client, dossier.owner)

    response = client.get(reverse("followup:status", args=[dossier.pk + 1000]))

    assert response.status_code == 404
