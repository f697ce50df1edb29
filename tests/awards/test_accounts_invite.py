"""Invitations: secretariat staff create an applicant account; the invitee picks a password."""

import logging

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from awards import accounts
from awards.errors import DomainError
from awards.models import AgencyMembership, User
from tests.awards.factories_accounts import NEW_PASSWORD, html, link_path, login
from tests.factories import AgencyFactory, SecretaryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def secretary():
    return SecretaryFactory(agency=AgencyFactory(), full_name="Phạm Thư Ký")


def invite(client, capture, **overrides):
    data = {"full_name": "Bà Năm Gốm", "email": "Nam.Gom@example.vn", "phone": "0912 000 111"}
    with capture(execute=True):
        return client.post(reverse("accounts:invite_new"), {**data, **overrides})


def test_invite_by_secretariat_creates_active_account_without_password_and_emails_link(
    client, secretary, mailoutbox, caplog, django_capture_on_commit_callbacks
):
    login(client, secretary)

    with caplog.at_level(logging.INFO, logger="awards.accounts"):
        response = invite(client, django_capture_on_commit_callbacks)

    assert response.url == reverse("accounts:invite_new")
    invited = User.objects.get(email="nam.gom@example.vn")
    assert invited.username == "nam.gom@example.vn"
    assert invited.is_active
    assert not invited.has_usable_password()
    assert invited.phone == "0912000111"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nam.gom@example.vn"]
    assert "Phạm Thư Ký" in mailoutbox[0].body
    link_path(mailoutbox[0], "/accounts/invite/")
    assert f"invited by user {secretary.pk}" in caplog.text
    assert "The invitation was sent to nam.gom@example.vn." in html(client.get(response.url))


def test_invite_link_lets_invitee_choose_password_and_logs_in(
    client, secretary, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, secretary)
    invite(client, django_capture_on_commit_callbacks)
    client.logout()
    link = link_path(mailoutbox[0], "/accounts/invite/")

    form_url = client.get(link).url
    form_page = client.get(form_url)
    chosen = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    invited = User.objects.get(email="nam.gom@example.vn")
    assert "You will log in with <strong>nam.gom@example.vn</strong>" in html(form_page)
    assert chosen.url == reverse("accounts:profile")
    assert client.session[SESSION_KEY] == str(invited.pk)
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)


def test_invite_link_works_only_once(
    client, secretary, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, secretary)
    invite(client, django_capture_on_commit_callbacks)
    client.logout()
    link = link_path(mailoutbox[0], "/accounts/invite/")
    form_url = client.get(link).url
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.logout()

    again = client.get(link)

    assert "This invitation link does not work" in html(again)


def test_invite_link_is_not_a_password_reset_link(client):
    from django.contrib.auth.tokens import default_token_generator

    user = UserFactory()
    user.set_unusable_password()
    user.save()
    url = reverse(
        "accounts:invite_accept",
        kwargs={
            "uidb64": accounts.uidb64_of(user),
            "token": default_token_generator.make_token(user),
        },
    )

    response = client.get(url)

    assert "This invitation link does not work" in html(response)


def test_invite_page_for_plain_applicant_is_404(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, UserFactory())

    shown = client.get(reverse("accounts:invite_new"))
    posted = invite(client, django_capture_on_commit_callbacks)

    assert shown.status_code == 404
    assert posted.status_code == 404
    assert not User.objects.filter(email="nam.gom@example.vn").exists()
    assert mailoutbox == []


def test_invite_page_for_former_secretariat_member_is_404(client, secretary):
    AgencyMembership.objects.filter(user=secretary).update(active=False)
    login(client, secretary)

    response = client.get(reverse("accounts:invite_new"))

    assert response.status_code == 404


def test_invite_page_for_superuser_is_shown(client):
    login(client, UserFactory(is_superuser=True, is_staff=True))

    response = client.get(reverse("accounts:invite_new"))

    assert "Send the invitation" in html(response)


def test_invite_page_anonymous_is_sent_to_login(client):
    response = client.get(reverse("accounts:invite_new"))

    assert response.url.startswith(reverse("login"))


def test_invite_existing_email_is_refused_with_message(
    client, secretary, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="nam.gom@example.vn")
    login(client, secretary)

    response = invite(client, django_capture_on_commit_callbacks, email="NAM.GOM@example.vn")

    assert "An account with this e-mail address already exists." in html(response)
    assert User.objects.filter(email__iexact="nam.gom@example.vn").count() == 1
    assert mailoutbox == []


def test_invite_service_refuses_non_secretariat_inviter():
    with pytest.raises(DomainError):
        accounts.invite_applicant(email="x@example.vn", full_name="X", invited_by=UserFactory())

    assert not User.objects.filter(email="x@example.vn").exists()


def test_profile_shows_invite_link_to_secretariat_only(client, secretary):
    login(client, secretary)
    staff_page = html(client.get(reverse("accounts:profile")))
    login(client, UserFactory())
    applicant_page = html(client.get(reverse("accounts:profile")))

    assert reverse("accounts:invite_new") in staff_page
    assert reverse("accounts:invite_new") not in applicant_page
