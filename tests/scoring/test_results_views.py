"""The ranking, dossier, calibration and closing pages: who sees them, what they show."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from awards.enums import DossierState
from scoring.enums import SeatRole
from scoring.models import Conflict, ResultSnapshot
from scoring.seal import close_scoring
from tests.factories import AgencyFactory, SecretaryFactory, UserFactory
from tests.scoring.factories_results import add_council, add_dossier, results_round, score

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def client_for(user=None):
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def url(name, scene, *args):
    return reverse(f"scoring:{name}", args=[scene.award_round.code, *args])


@pytest.fixture
def scene():
    """Three judges; dossier 1 passes (80), dossier 2 fails (65), dossier 3 lacks quorum."""
    scene = results_round(judges=3)
    passing = add_dossier(scene, title="Bình gốm men lam")
    failing = add_dossier(scene, title="Nón lá Bình Hòa")
    short = add_dossier(scene, title="Rượu cần")
    a, b, c = scene.judges
    for member in (a, b, c):
        score(member, passing, 50, 30)
        score(member, failing, 40, 25)
    score(a, short, 55, 35)
    return scene


def test_ranking_page_lists_dossiers_in_rank_order_with_their_result(scene):
    passing, failing, short = scene.dossiers

    response = client_for(scene.secretary).get(url("results_ranking", scene))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(passing.code) < html.index(failing.code) < html.index(short.code)
    assert "Bình gốm men lam" in html
    assert '<span class="result result--passed">Passed</span>' in html
    assert '<span class="result result--failed">Not passed</span>' in html
    assert '<span class="result result--pending">No quorum</span>' in html
    assert "<td>80.00</td>" in html and "<td>65.00</td>" in html
    assert "<td>3/2</td>" in html and "<td>1/2</td>" in html


def test_ranking_page_escapes_text_written_by_applicants(scene):
    add_dossier(scene, title="<script>alert(1)</script>")

    html = client_for(scene.secretary).get(url("results_ranking", scene)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_ranking_page_filters_by_product_group_and_flags(scene):
    passing, failing, _short = scene.dossiers
    other = add_dossier(scene, product_group="2", title="Máy tuốt lúa")
    score(scene.judges[0], other, 55, 35)
    score(scene.judges[1], other, 20, 10)

    by_group = client_for(scene.secretary).get(url("results_ranking", scene), {"group": "2"})
    flagged = client_for(scene.secretary).get(url("results_ranking", scene), {"flagged": "1"})

    assert other.code in by_group.content.decode()
    assert passing.code not in by_group.content.decode()
    assert other.code in flagged.content.decode()
    assert failing.code not in flagged.content.decode()


def test_ranking_shows_the_seal_once_scoring_is_closed(scene):
    snapshot = close_scoring(
        award_round=scene.award_round, by=scene.secretary, confirm_missing=True
    )

    html = client_for(scene.secretary).get(url("results_ranking", scene)).content.decode()

    assert snapshot.chain_head in html
    assert "Closed with 2 missing sheets, confirmed by" in html
    assert "Close scoring and seal the result" not in html  # nothing left in scoring


@pytest.mark.parametrize("role", [SeatRole.MEMBER, SeatRole.CHAIR])
def test_council_members_may_read_the_ranking_but_not_close_scoring(scene, role):
    seat = add_council(scene, role=role)
    client = client_for(seat.user)

    ranking = client.get(url("results_ranking", scene))
    closing = client.get(url("results_close", scene))

    assert ranking.status_code == 200
    assert scene.dossiers[0].code in ranking.content.decode()
    assert url("results_close", scene) not in ranking.content.decode()
    assert closing.status_code == 404


@pytest.mark.parametrize("name", ["results_ranking", "results_calibration", "results_close"])
def test_other_agency_secretariat_and_judges_get_404(scene, name):
    other = SecretaryFactory(agency=AgencyFactory())
    judge = scene.judges[0].user
    stranger = UserFactory()

    for user in (other, judge, stranger):
        response = client_for(user).get(url(name, scene))
        assert response.status_code == 404
        assert scene.dossiers[0].code not in response.content.decode()


def test_anonymous_visitor_is_sent_to_log_in(scene):
    response = client_for().get(url("results_ranking", scene))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_ranking_page_query_count_does_not_grow_with_the_round():
    def queries_for(count):
        scene = results_round(judges=3)
        for index in range(count):
            dossier = add_dossier(scene)
            for member in scene.judges:
                score(member, dossier, 40 + index % 15, 30)
        close_scoring(award_round=scene.award_round, by=scene.secretary)
        add_dossier(scene)  # one more in scoring after the seal: the close button shows
        client = client_for(scene.secretary)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url("results_ranking", scene))
        assert response.content.decode().count('<td class="code">') == count + 1
        return len(captured)

    assert queries_for(3) == queries_for(30)


def test_dossier_page_shows_every_judge_and_why_a_sheet_is_not_counted(scene):
    passing = scene.dossiers[0]
    Conflict.objects.create(member=scene.judges[2], dossier=passing, reason="Người thân")

    response = client_for(scene.secretary).get(url("results_dossier", scene, passing.pk))

    html = response.content.decode()
    assert response.status_code == 200
    for name in ("Giám khảo A", "Giám khảo B", "Giám khảo C"):
        assert name in html
    assert "Conflict of interest: not counted" in html
    assert "2/2" in html


def test_dossier_page_of_another_round_is_404(scene):
    other = results_round(judges=1)
    foreign = add_dossier(other)

    response = client_for(scene.secretary).get(url("results_dossier", scene, foreign.pk))

    assert response.status_code == 404


def test_calibration_page_shows_severity_and_a_plain_reading(scene):
    a, b, c = scene.judges
    for g1 in (50, 40, 30):
        dossier = add_dossier(scene)
        score(a, dossier, g1, 30)
        score(b, dossier, g1, 30)
        score(c, dossier, g1 - 10, 30)

    response = client_for(scene.secretary).get(url("results_calibration", scene))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Giám khảo C" in html
    assert "is-harsh" in html
    assert "Kendall" in html
    assert "agreement--strong" in html or "agreement--good" in html


def test_close_page_lists_missing_sheets_and_refuses_without_confirmation(scene):
    client = client_for(scene.secretary)

    page = client.get(url("results_close", scene))
    refused = client.post(url("results_close", scene), {"missing_seen": "2"}, follow=True)

    assert "2 score sheets are missing" in page.content.decode()
    assert scene.dossiers[2].code in page.content.decode()
    assert "Confirm that scoring closes without them" in refused.content.decode()
    assert not ResultSnapshot.objects.exists()
    scene.dossiers[0].refresh_from_db()
    assert scene.dossiers[0].state == DossierState.IN_SCORING


def test_close_page_with_confirmation_seals_and_records_the_confirmer(scene):
    client = client_for(scene.secretary)

    response = client.post(
        url("results_close", scene), {"missing_seen": "2", "confirm_missing": "1"}, follow=True
    )

    snapshot = ResultSnapshot.objects.get()
    assert response.redirect_chain[-1][0] == url("results_ranking", scene)
    assert snapshot.chain_head in response.content.decode()
    assert snapshot.missing_sheets_confirmed_by == scene.secretary
    assert snapshot.missing_sheets == 2
    for dossier in scene.dossiers:
        dossier.refresh_from_db()
        assert dossier.state == DossierState.SCORED


def test_close_page_refuses_a_confirmation_of_a_different_number_of_missing_sheets(scene):
    response = client_for(scene.secretary).post(
        url("results_close", scene), {"missing_seen": "5", "confirm_missing": "1"}
    )

    assert "number of missing sheets changed" in response.content.decode()
    assert not ResultSnapshot.objects.exists()
