import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.backends import EmailOrUsernameBackend
from awards.enums import DossierState
from scoring.enums import PanelKind
from tests.factories import (
    AgencyFactory,
    AwardRoundFactory,
    DossierFactory,
    PanelFactory,
    PanelMemberFactory,
    SecretaryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = DossierState
PASSWORD = "mat-khau-123"  # tests.factories.UserFactory's password


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    """WhiteNoise warns (an error here) when STATIC_ROOT does not exist; give it one."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()


@pytest.fixture(autouse=True)
def _english(settings):
    """Assert on the English source strings, whatever the Vietnamese catalogue says."""
    settings.LANGUAGE_CODE = "en"


def login(client, user):
    """force_login with the user as stored: UserFactory's password is set on the instance
    only, and a session hash from that would not match the database row."""
    user.refresh_from_db()
    client.force_login(user)


def with_password(user):
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def html(response):
    return response.content.decode()


# --- landing ---------------------------------------------------------------------------


def test_landing_lists_open_round_and_hides_closed_round(client):
    open_round = AwardRoundFactory(name="Vòng đang mở đăng ký")
    AwardRoundFactory(closed=True, name="Vòng đã đóng đăng ký")

    response = client.get(reverse("landing"))

    page = html(response)
    assert "Vòng đang mở đăng ký" in page
    assert open_round.organiser.name in page
    assert open_round.registration_closes.astimezone().strftime("%d/%m/%Y") in page
    assert "Vòng đã đóng đăng ký" not in page


def test_landing_without_open_round_shows_empty_state(client):
    AwardRoundFactory(closed=True)

    response = client.get(reverse("landing"))

    assert "No round is open for registration at the moment." in html(response)


def test_landing_anonymous_offers_login_not_home(client):
    response = client.get(reverse("landing"))

    page = html(response)
    assert f'href="{reverse("login")}"' in page
    assert f'href="{reverse("home")}"' not in page


def test_landing_logged_in_links_to_home(client):
    login(client, UserFactory())

    response = client.get(reverse("landing"))

    assert f'href="{reverse("home")}"' in html(response)


def test_landing_paginates_open_rounds(client):
    AwardRoundFactory.create_batch(21)

    first = client.get(reverse("landing"))
    second = client.get(reverse("landing"), {"page": 2})

    assert len(first.context["open_rounds"]) == 20
    assert "?page=2" in html(first)
    assert len(second.context["open_rounds"]) == 1


# --- log in, log out, language ---------------------------------------------------------


def test_login_page_asks_for_username_or_email(client):
    response = client.get(reverse("login"))

    page = html(response)
    assert "Username or e-mail" in page
    assert 'autocomplete="username"' in page


def test_login_by_email_signs_in_and_goes_home(client, settings):
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "awards.backends.EmailOrUsernameBackend",
    ]
    user = with_password(UserFactory(email="co.so@example.vn"))

    response = client.post(reverse("login"), {"username": "CO.SO@example.vn", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session[SESSION_KEY] == str(user.pk)


def test_login_wrong_password_shows_error_and_stays_anonymous(client, settings):
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "awards.backends.EmailOrUsernameBackend",
    ]
    user = UserFactory()

    response = client.post(reverse("login"), {"username": user.username, "password": "sai"})

    assert "do not match an account" in html(response)
    assert SESSION_KEY not in client.session


def test_backend_accepts_username_or_email_case_insensitively(rf):
    user = with_password(UserFactory(username="thuky", email="Thu.Ky@example.vn"))
    backend = EmailOrUsernameBackend()
    request = rf.post("/login/")

    assert backend.authenticate(request, username="thuky", password=PASSWORD) == user
    assert backend.authenticate(request, username="thu.ky@EXAMPLE.vn", password=PASSWORD) == user
    assert backend.authenticate(request, username="thuky", password="wrong") is None
    assert backend.authenticate(request, username="nobody", password=PASSWORD) is None


def test_backend_prefers_exact_username_over_someone_elses_email(rf):
    by_username = with_password(UserFactory(username="an@example.vn", email="khac@example.vn"))
    with_password(UserFactory(username="an", email="AN@example.vn"))
    backend = EmailOrUsernameBackend()

    found = backend.authenticate(rf.post("/"), username="an@example.vn", password=PASSWORD)

    assert found == by_username


def test_backend_refuses_inactive_user(rf):
    user = with_password(UserFactory(is_active=False))

    found = EmailOrUsernameBackend().authenticate(
        rf.post("/"), username=user.email, password=PASSWORD
    )

    assert found is None


def test_logout_by_get_is_refused_and_keeps_session(client):
    login(client, UserFactory())

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert SESSION_KEY in client.session


def test_logout_by_post_ends_session_and_returns_to_landing(client):
    login(client, UserFactory())

    response = client.post(reverse("logout"))

    assert response.url == reverse("landing")
    assert SESSION_KEY not in client.session


def test_header_logout_is_a_post_form(client):
    login(client, UserFactory())

    page = html(client.get(reverse("home")))

    assert f'method="post" action="{reverse("logout")}"' in page


def test_set_language_sets_cookie_and_next_page_speaks_english(client, settings):
    settings.LANGUAGE_CODE = "vi"
    response = client.post(reverse("set_language"), {"language": "en", "next": "/home/"})

    assert response.status_code == 302
    assert response.url == "/home/"
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"
    landing = html(client.get(reverse("landing")))
    assert '<html lang="en"' in landing
    assert ">Log in<" in landing


def test_landing_defaults_to_vietnamese(client, settings):
    settings.LANGUAGE_CODE = "vi"
    page = html(client.get(reverse("landing")))

    assert '<html lang="vi"' in page
    assert ">Log in<" not in page  # Django's own Vietnamese catalogue already has it


def test_landing_in_english_shows_english_strings(client, settings):
    settings.LANGUAGE_CODE = "en"

    page = html(client.get(reverse("landing")))

    assert '<html lang="en"' in page
    assert "Award rounds for rural industrial products and artisans" in page
    assert "Rounds open for registration" in page


def test_language_switch_keeps_current_page_as_next(client):
    page = html(client.get(reverse("landing"), {"page": "1"}))

    assert f'action="{reverse("set_language")}"' in page
    assert 'name="next" value="/?page=1"' in page
    assert 'name="language" value="en"' in page


# --- home ------------------------------------------------------------------------------


def test_home_anonymous_redirects_to_login(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={reverse('home')}"


def test_home_applicant_sees_own_dossier_not_another_applicants(client):
    mine = DossierFactory(title="Bình gốm của tôi", state=S.SUBMITTED, files=False)
    DossierFactory(title="Hồ sơ của người khác", files=False)
    login(client, mine.owner)

    page = html(client.get(reverse("home")))

    assert "Bình gốm của tôi" in page
    assert mine.code in page
    assert "badge--submitted" in page
    assert "Hồ sơ của người khác" not in page
    assert "Rounds open for registration" in page


def test_home_secretariat_sees_counts_for_own_agency_round_only(client):
    agency = AgencyFactory()
    secretary = SecretaryFactory(agency=agency)
    own_round = AwardRoundFactory(organiser=agency, name="Vòng của sở tôi")
    for state in (S.SUBMITTED, S.SUBMITTED, S.RETURNED):
        DossierFactory(award_round=own_round, state=state, files=False)
    other_round = AwardRoundFactory(name="Vòng của sở khác")
    DossierFactory(award_round=other_round, state=S.SUBMITTED, files=False)
    login(client, secretary)

    response = client.get(reverse("home"))

    page = html(response)
    assert "Vòng của sở tôi" in page
    assert "Vòng của sở khác" not in page
    assert "2 dossiers waiting for review (submitted)" in page
    assert "1 dossier returned, waiting for the applicant" in page
    assert 'Submitted <strong class="badge__count">2</strong>' in page
    [summary] = response.context["sections"].secretariat.rounds
    assert summary.total == 3


def test_home_jury_member_sees_panel_and_scoring_progress(client):
    award_round = AwardRoundFactory(name="Vòng có ban giám khảo")
    seat = PanelMemberFactory(
        panel=PanelFactory(award_round=award_round, kind=PanelKind.JURY, name="Ban giám khảo tỉnh")
    )
    DossierFactory(award_round=award_round, state=S.IN_SCORING, files=False)
    login(client, seat.user)

    page = html(client.get(reverse("home")))

    assert "Ban giám khảo tỉnh" in page
    assert "Vòng có ban giám khảo" in page
    assert "1 dossier in scoring" in page
    assert "0 of my score sheets submitted" in page
    assert "My dossiers" not in page


def test_home_sysadmin_sees_counts_and_admin_link(client):
    login(client, UserFactory(is_superuser=True, is_staff=True))

    page = html(client.get(reverse("home")))

    assert "System administration" in page
    assert f'href="{reverse("admin:index")}"' in page


def test_home_ordinary_user_sees_no_admin_link(client):
    login(client, UserFactory())

    page = html(client.get(reverse("home")))

    assert f'href="{reverse("admin:index")}"' not in page
    assert "System administration" not in page


def _home_queries(client, user):
    login(client, user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_home_secretariat_query_count_does_not_grow_with_rounds_and_dossiers(client):
    small_agency = AgencyFactory()
    small = SecretaryFactory(agency=small_agency)
    DossierFactory(award_round=AwardRoundFactory(organiser=small_agency), files=False)
    big_agency = AgencyFactory()
    big = SecretaryFactory(agency=big_agency)
    for _ in range(3):
        award_round = AwardRoundFactory(organiser=big_agency)
        for state in (S.DRAFT, S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.IN_SCORING):
            DossierFactory(award_round=award_round, state=state, files=False)

    assert _home_queries(client, small) == _home_queries(client, big)


def test_home_applicant_and_jury_query_count_does_not_grow(client):
    one = DossierFactory(files=False).owner
    PanelMemberFactory(user=one, panel=PanelFactory(kind=PanelKind.JURY))
    many = DossierFactory(files=False).owner
    for _ in range(4):
        DossierFactory(owner=many, facility__owner=many, files=False)
    for _ in range(3):
        award_round = AwardRoundFactory()
        PanelMemberFactory(user=many, panel=PanelFactory(award_round=award_round))
        DossierFactory(award_round=award_round, state=S.IN_SCORING, files=False)

    assert _home_queries(client, one) == _home_queries(client, many)


# --- error pages -----------------------------------------------------------------------


def test_404_page_uses_site_layout(client):
    response = client.get("/no-such-page/")

    page = html(response)
    assert response.status_code == 404
    assert "Page not found" in page
    assert "VinhDanh" in page
    assert f'href="{reverse("landing")}"' in page


def test_500_page_renders_without_request_or_user():
    page = render_to_string("500.html")

    assert "Something went wrong" in page
    assert "VinhDanh" in page
    assert "Log out" not in page
    assert "set_language" not in page and "/i18n/setlang/" not in page
