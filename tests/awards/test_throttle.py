"""Limits on public e-mails and sign-ups: over them nothing is sent, and nothing is revealed."""

import pytest
from django.urls import reverse

from awards import throttle
from awards.models import User
from tests.awards.factories_accounts import PASSWORD, html, with_password
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def test_hits_are_counted_per_value_up_to_the_limit():
    results = [throttle.hit(scope="t", value="A@example.vn", limit=2) for _ in range(3)]
    assert results == [True, True, False]
    assert throttle.hit(scope="t", value="b@example.vn", limit=2) is True
    assert throttle.hit(scope="t", value="a@EXAMPLE.vn", limit=2) is False  # case does not matter


def test_password_reset_mails_stop_at_the_address_limit_and_the_page_says_the_same(
    client, mailoutbox, settings
):
    settings.MAIL_LIMIT_PER_ADDRESS = 2
    with_password(UserFactory(email="quen@example.vn"))
    url = reverse("accounts:password_reset")

    pages = [client.post(url, {"email": "quen@example.vn"}, follow=True) for _ in range(3)]

    assert len(mailoutbox) == 2
    assert {page.redirect_chain[-1][0] for page in pages} == {
        reverse("accounts:password_reset_done")
    }
    assert html(pages[2]).count("If an account uses") == html(pages[0]).count("If an account uses")


def test_mails_stop_at_the_client_limit_whatever_the_address(client, mailoutbox, settings):
    settings.MAIL_LIMIT_PER_CLIENT = 2
    for index in range(3):
        with_password(UserFactory(email=f"nguoi{index}@example.vn"))
        client.post(reverse("accounts:password_reset"), {"email": f"nguoi{index}@example.vn"})

    assert [message.to for message in mailoutbox] == [
        ["nguoi0@example.vn"],
        ["nguoi1@example.vn"],
    ]


def test_confirmation_resend_is_limited_too(
    client, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.MAIL_LIMIT_PER_ADDRESS = 1
    UserFactory(email="cho@example.vn", is_active=False)
    url = reverse("accounts:verify_resend")

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {"email": "cho@example.vn"})
        second = client.post(url, {"email": "cho@example.vn"})

    assert len(mailoutbox) == 1
    assert first.status_code == second.status_code == 200
    sentence = "If an account waiting for confirmation uses this address"
    assert sentence in html(first) and sentence in html(second)


def test_registration_over_the_client_limit_is_refused_and_saves_nothing(client, settings):
    settings.REGISTRATION_LIMIT_PER_CLIENT = 1

    def register(email):
        return client.post(
            reverse("accounts:register"),
            {
                "email": email,
                "full_name": "Nguyễn Văn Đăng",
                "phone": "",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "profile_kind": "facility",
                "accept_terms": "on",
            },
        )

    assert register("mot@example.vn").status_code == 302
    refused = register("hai@example.vn")

    assert refused.status_code == 429
    assert "Too many accounts were opened from this connection" in html(refused)
    assert not User.objects.filter(email="hai@example.vn").exists()


def test_behind_a_proxy_the_configured_header_names_the_client(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert throttle.client_of(request) == "10.0.0.1"
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert throttle.client_of(request) == "203.0.113.7"
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"  # absent: fall back to the socket's address
    assert throttle.client_of(request) == "10.0.0.1"
