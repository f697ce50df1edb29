"""Login by e-mail, throttling (django-axes) and password reset without account enumeration."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from awards import accounts
from tests.awards.factories_accounts import NEW_PASSWORD, PASSWORD, html, link_path, with_password
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def post_login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


# --- login and throttling ------------------------------------------------------------------


def test_settings_use_email_backend_behind_axes():
    backends = django_settings.AUTHENTICATION_BACKENDS

    assert backends.index("axes.backends.AxesStandaloneBackend") < backends.index(
        accounts.EMAIL_BACKEND_PATH
    )
    assert "django.contrib.auth.backends.ModelBackend" not in backends


def test_login_with_email_in_any_case_signs_in(client):
    user = with_password(UserFactory(email="co.so@example.vn"))

    response = post_login(client, "CO.SO@Example.vn", PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


def test_login_locks_after_failure_limit_even_with_the_right_password(client):
    with_password(UserFactory(email="khoa@example.vn"))
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT):
        post_login(client, "khoa@example.vn", "sai-mat-khau")

    response = post_login(client, "khoa@example.vn", PASSWORD)

    assert response.status_code == 429
    assert "Too many attempts" in html(response)
    assert SESSION_KEY not in client.session


def test_login_below_failure_limit_still_signs_in(client):
    user = with_password(UserFactory(email="gan@example.vn"))
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT - 1):
        post_login(client, "gan@example.vn", "sai-mat-khau")

    post_login(client, "gan@example.vn", PASSWORD)

    assert client.session[SESSION_KEY] == str(user.pk)


def test_login_page_links_to_password_reset(client):
    page = html(client.get(reverse("login")))

    assert f'href="{reverse("accounts:password_reset")}"' in page
    assert "Forgot your password?" in page


# --- password reset ------------------------------------------------------------------------


def test_password_reset_known_address_sends_link_that_sets_a_new_password(client, mailoutbox):
    user = with_password(UserFactory(email="quen@example.vn"))

    response = client.post(reverse("accounts:password_reset"), {"email": "Quen@example.vn"})

    assert response.url == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["quen@example.vn"]
    link = link_path(mailoutbox[0], "/accounts/password/reset/")
    form_url = client.get(link).url
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_mail_uses_the_editable_template_and_is_kept_in_the_outbox(
    client, mailoutbox
):
    from awards.mail import seed_mail_templates
    from awards.models import MailTemplate, OutboundMail

    seed_mail_templates()
    MailTemplate.objects.filter(code="account_password_reset").update(
        subject="Đổi mật khẩu VinhDanh (Sở Công Thương)"
    )
    with_password(UserFactory(email="quen@example.vn", full_name="Trần Thị Quên"))

    client.post(reverse("accounts:password_reset"), {"email": "quen@example.vn"})

    [message] = mailoutbox
    assert message.subject == "Đổi mật khẩu VinhDanh (Sở Công Thương)"
    assert "Xin chào Trần Thị Quên" in message.body
    link_path(message, "/accounts/password/reset/")
    kept = OutboundMail.objects.get(template_code="account_password_reset")
    assert (kept.to, kept.status) == ("quen@example.vn", OutboundMail.Status.SENT)


def test_password_reset_unknown_address_says_the_same_and_sends_nothing(client, mailoutbox):
    with_password(UserFactory(email="quen@example.vn"))

    known = client.post(
        reverse("accounts:password_reset"), {"email": "quen@example.vn"}, follow=True
    )
    unknown = client.post(
        reverse("accounts:password_reset"), {"email": "ai-do@example.vn"}, follow=True
    )

    assert known.redirect_chain == unknown.redirect_chain
    assert "If an account uses this e-mail address" in html(unknown)
    assert html(known).count("If an account uses") == html(unknown).count("If an account uses")
    assert len(mailoutbox) == 1


def test_password_reset_reaches_invited_applicant_without_password(client, mailoutbox):
    invited = UserFactory(email="moi@example.vn")
    invited.set_unusable_password()
    invited.save()

    client.post(reverse("accounts:password_reset"), {"email": "moi@example.vn"})

    assert [message.to for message in mailoutbox] == [["moi@example.vn"]]


def test_password_reset_for_unconfirmed_account_resends_confirmation(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="cho@example.vn", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "cho@example.vn"})

    assert len(mailoutbox) == 1
    link_path(mailoutbox[0], "/accounts/verify/")


def test_password_reset_tampered_link_is_refused(client):
    user = with_password(UserFactory())
    url = reverse(
        "accounts:password_reset_confirm",
        kwargs={"uidb64": accounts.uidb64_of(user), "token": "abc-0123456789abcdef"},
    )

    response = client.get(url)

    assert "This link does not work" in html(response)
