"""Self-registration, e-mail verification and the "send the link again" page."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import accounts
from awards.models import User
from tests.awards.factories_accounts import NEW_PASSWORD, html, link_path, login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def registration(**overrides):
    data = {
        "full_name": "Nguyễn Văn Ba",
        "email": "Ba.Nguyen@Example.vn",
        "phone": "0912 345 678",
        "profile_kind": "facility",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    return {**data, **overrides}


def register(client, capture, **overrides):
    with capture(execute=True):
        return client.post(reverse("accounts:register"), registration(**overrides))


# --- registration --------------------------------------------------------------------------


def test_register_creates_inactive_user_and_sends_one_verify_email(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    response = register(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == reverse("accounts:register_done")
    user = User.objects.get()
    assert user.username == "ba.nguyen@example.vn"
    assert user.email == "ba.nguyen@example.vn"
    assert user.full_name == "Nguyễn Văn Ba"
    assert user.phone == "0912345678"
    assert not user.is_active
    assert user.check_password(NEW_PASSWORD)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ba.nguyen@example.vn"]
    assert "/accounts/verify/" in link_path(mailoutbox[0], "/accounts/verify/")


def test_register_done_page_says_check_your_mailbox(client, django_capture_on_commit_callbacks):
    response = register(client, django_capture_on_commit_callbacks)

    page = html(client.get(response.url))

    assert "Check your mailbox" in page
    assert "ba.nguyen@example.vn" in page


def test_register_page_offers_facility_or_artisan_and_phone_input(client):
    page = html(client.get(reverse("accounts:register")))

    assert 'type="tel"' in page
    assert 'type="email"' in page
    assert 'value="facility"' in page
    assert 'value="artisan"' in page


def test_register_duplicate_email_in_other_case_is_refused_with_message(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="ba.nguyen@example.vn")

    response = register(client, django_capture_on_commit_callbacks, email="BA.NGUYEN@example.VN")

    assert response.status_code == 200
    assert "An account with this e-mail address already exists." in html(response)
    assert User.objects.count() == 1
    assert mailoutbox == []


def test_register_service_refuses_duplicate_email():
    UserFactory(email="ba.nguyen@example.vn")

    with pytest.raises(ValidationError, match="already exists"):
        accounts.register_applicant(
            email="Ba.Nguyen@example.vn", full_name="Ba", password=NEW_PASSWORD
        )


@pytest.mark.parametrize(
    "phone", ["012345", "09123456789", "1912345678", "0912-345-678", "số", "02513821234567"]
)
def test_register_invalid_phone_is_refused(client, phone, django_capture_on_commit_callbacks):
    response = register(client, django_capture_on_commit_callbacks, phone=phone)

    assert "Enter a Vietnamese phone number: 10 digits starting with 0" in html(response)
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0251 382 1234", "02513821234"),
        ("", ""),
    ],
)
def test_register_phone_spaces_and_dots_are_stripped_or_phone_left_out(
    client, typed, stored, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks, phone=typed)

    assert User.objects.get().phone == stored


def test_register_weak_or_mismatched_password_is_refused(
    client, django_capture_on_commit_callbacks
):
    weak = register(
        client, django_capture_on_commit_callbacks, password1="12345678", password2="12345678"
    )
    mismatch = register(client, django_capture_on_commit_callbacks, password2="Khac-Han-2026")

    assert "This password is entirely numeric." in html(weak)
    assert "The two password fields didn’t match." in html(mismatch)
    assert not User.objects.exists()


def test_register_logged_in_user_goes_to_profile(client):
    login(client, UserFactory())

    response = client.get(reverse("accounts:register"))

    assert response.url == reverse("accounts:profile")


# --- verification --------------------------------------------------------------------------


def test_verify_link_activates_logs_in_and_opens_the_chosen_profile_step(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks, profile_kind="artisan")
    link = link_path(mailoutbox[0], "/accounts/verify/")

    response = client.get(link)

    user = User.objects.get()
    assert user.is_active
    assert response.url == reverse("accounts:artisan_create")
    assert client.session[SESSION_KEY] == str(user.pk)


def test_verify_link_for_facility_opens_facility_form(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks, profile_kind="facility")

    response = client.get(link_path(mailoutbox[0], "/accounts/verify/"))

    assert response.url == reverse("accounts:facility_create")


def test_verify_tampered_token_does_not_activate(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks)
    link = link_path(mailoutbox[0], "/accounts/verify/").split("?")[0]
    tampered = link[:-2] + ("a" if link[-2] != "a" else "b") + "/"

    response = client.get(tampered)

    assert "This link does not work" in html(response)
    assert not User.objects.get().is_active
    assert SESSION_KEY not in client.session


def test_verify_password_reset_token_is_not_a_verification_token(client):
    from django.contrib.auth.tokens import default_token_generator

    user = UserFactory(is_active=False)
    url = reverse(
        "accounts:verify",
        kwargs={
            "uidb64": accounts.uidb64_of(user),
            "token": default_token_generator.make_token(user),
        },
    )

    client.get(url)

    user.refresh_from_db()
    assert not user.is_active


def test_verify_link_used_twice_says_already_confirmed(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks)
    link = link_path(mailoutbox[0], "/accounts/verify/")
    client.get(link)
    client.logout()

    again = client.get(link)

    assert "Your address is already confirmed" in html(again)
    assert SESSION_KEY not in client.session


def test_verify_does_not_reactivate_a_disabled_account(client):
    from django.utils import timezone

    user = UserFactory(is_active=False, last_login=timezone.now())
    url = reverse(
        "accounts:verify",
        kwargs={
            "uidb64": accounts.uidb64_of(user),
            "token": accounts.email_verification_token.make_token(user),
        },
    )

    client.get(url)

    user.refresh_from_db()
    assert not user.is_active


# --- send the link again -------------------------------------------------------------------


def test_resend_sends_a_new_link_to_an_unconfirmed_account(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="cho@example.vn", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:verify_resend"), {"email": "CHO@example.vn"})

    assert "we have sent a new link" in html(response)
    assert len(mailoutbox) == 1
    client.get(link_path(mailoutbox[0], "/accounts/verify/"))
    user.refresh_from_db()
    assert user.is_active


@pytest.mark.parametrize("email", ["active@example.vn", "nobody@example.vn"])
def test_resend_for_active_or_unknown_address_sends_nothing_and_says_the_same(
    client, mailoutbox, email, django_capture_on_commit_callbacks
):
    UserFactory(email="active@example.vn")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:verify_resend"), {"email": email})

    assert "we have sent a new link" in html(response)
    assert mailoutbox == []
