"""The secretariat landing page and the intake queue: filters, search, order, pages, counts."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from awards import intake
from awards.enums import DossierState, ProductGroup
from awards.models import Dossier
from tests.awards.factories_intake import login, office
from tests.factories import (
    AgencyFactory,
    AwardRoundFactory,
    CommuneFactory,
    DossierFactory,
    FacilityFactory,
    SecretaryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = DossierState


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def desk():
    return office()


def queue_url(award_round, query=""):
    return reverse("secretariat:intake", args=[award_round.code]) + query


def codes(response):
    """Dossier codes listed on a queue page, in order."""
    return [d.code for d in response.context["page"].object_list]


def chip_counts(response):
    return {chip.value: chip.count for chip in response.context["chips"]}


def set_submitted(dossier, when):
    Dossier.objects.filter(pk=dossier.pk).update(submitted_at=when, last_submitted_at=when)


# --- landing ---------------------------------------------------------------------------


def test_landing_lists_own_agency_rounds_with_counts_per_state(client, desk):
    for state in (S.SUBMITTED, S.SUBMITTED, S.RETURNED, S.DRAFT):
        desk.dossier(state=state)
    other = AwardRoundFactory(name="Vòng của tỉnh khác")
    DossierFactory(award_round=other, state=S.SUBMITTED, files=False)
    login(client, desk.secretary)

    response = client.get(reverse("secretariat:landing"))

    [item] = response.context["rounds"]
    assert item.award_round == desk.award_round
    assert item.state_counts == [(S.DRAFT, 1), (S.SUBMITTED, 2), (S.RETURNED, 1)]
    assert (item.total, item.drafts, item.waiting) == (3, 1, 2)
    page = response.content.decode()
    assert "Vòng của tỉnh khác" not in page
    assert queue_url(desk.award_round) in page


def test_landing_for_system_administrator_lists_every_round(client, desk):
    other = AwardRoundFactory()
    admin = UserFactory(is_superuser=True, is_staff=True)
    login(client, admin)

    response = client.get(reverse("secretariat:landing"))

    assert {item.award_round for item in response.context["rounds"]} == {desk.award_round, other}


def test_landing_counts_overdue_returns(client, desk):
    late = desk.dossier(state=S.RETURNED)
    Dossier.objects.filter(pk=late.pk).update(
        supplement_deadline=timezone.now() - datetime.timedelta(days=1)
    )
    desk.dossier(state=S.RETURNED)
    login(client, desk.secretary)

    response = client.get(reverse("secretariat:landing"))

    assert response.context["rounds"][0].overdue == 1
    assert "?state=overdue" in response.content.decode()


@pytest.mark.parametrize("who", ["applicant", "stranger"])
def test_landing_is_404_for_people_outside_any_secretariat(client, desk, who):
    dossier = desk.dossier()
    user = dossier.owner if who == "applicant" else UserFactory()
    login(client, user)

    assert client.get(reverse("secretariat:landing")).status_code == 404


def test_landing_sends_anonymous_visitors_to_login(client):
    response = client.get(reverse("secretariat:landing"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- queue: states and counts ----------------------------------------------------------


def test_queue_lists_submitted_dossiers_but_not_drafts(client, desk):
    submitted = desk.dossier(state=S.SUBMITTED)
    accepted = desk.dossier(state=S.ACCEPTED)
    desk.dossier(state=S.DRAFT)
    login(client, desk.secretary)

    response = client.get(queue_url(desk.award_round))

    assert set(codes(response)) == {submitted.code, accepted.code}
    assert response.context["counts"].drafts == 1
    assert "1 draft not yet submitted is not listed" in response.content.decode()


def test_queue_state_filter_and_chips_count_each_state(client, desk):
    wanted = [desk.dossier(state=S.SUBMITTED) for _ in range(2)]
    desk.dossier(state=S.RETURNED)
    desk.dossier(state=S.ACCEPTED)
    login(client, desk.secretary)

    response = client.get(queue_url(desk.award_round, "?state=submitted"))

    assert set(codes(response)) == {d.code for d in wanted}
    counts = chip_counts(response)
    assert (counts[""], counts[S.SUBMITTED], counts[S.RETURNED], counts[S.ACCEPTED]) == (4, 2, 1, 1)
    assert counts[intake.OVERDUE] == 0
    assert response.context["page"].paginator.count == 2


def test_queue_overdue_filter_lists_returns_past_their_deadline(client, desk):
    late = desk.dossier(state=S.RETURNED)
    in_time = desk.dossier(state=S.RETURNED)
    now = timezone.now()
    Dossier.objects.filter(pk=late.pk).update(supplement_deadline=now - datetime.timedelta(hours=1))
    Dossier.objects.filter(pk=in_time.pk).update(
        supplement_deadline=now + datetime.timedelta(days=3)
    )
    login(client, desk.secretary)

    overdue = client.get(queue_url(desk.award_round, "?state=overdue"))
    returned = client.get(queue_url(desk.award_round, "?state=returned"))

    assert codes(overdue) == [late.code]
    assert set(codes(returned)) == {late.code, in_time.code}
    assert chip_counts(overdue)[intake.OVERDUE] == 1
    assert "Overdue since" in overdue.content.decode()


def test_queue_counts_follow_the_search_but_not_the_state(client, desk):
    desk.dossier(state=S.SUBMITTED, title="Nón lá bài thơ")
    desk.dossier(state=S.ACCEPTED, title="Nón lá Huế")
    desk.dossier(state=S.ACCEPTED, title="Hạt điều rang muối")
    login(client, desk.secretary)

    response = client.get(queue_url(desk.award_round, "?q=non+la&state=accepted"))

    assert codes(response) == [Dossier.objects.get(title="Nón lá Huế").code]
    counts = chip_counts(response)
    assert (counts[""], counts[S.SUBMITTED], counts[S.ACCEPTED]) == (2, 1, 1)


# --- queue: other filters --------------------------------------------------------------


def test_queue_group_filter(client, desk):
    food = desk.dossier(state=S.SUBMITTED, product_group=ProductGroup.PROCESSED_FOOD)
    desk.dossier(state=S.SUBMITTED, product_group=ProductGroup.HANDICRAFT)
    login(client, desk.secretary)

    response = client.get(queue_url(desk.award_round, "?group=2"))

    assert codes(response) == [food.code]


def test_queue_locality_filter_uses_the_applicants_commune(client, desk):
    bien_hoa = CommuneFactory(name="Phường Trấn Biên")
    mine = desk.dossier(state=S.SUBMITTED, facility=FacilityFactory(unit=bien_hoa))
    desk.dossier(state=S.SUBMITTED)
    login(client, desk.secretary)

    response = client.get(queue_url(desk.award_round, f"?unit={bien_hoa.pk}"))

    assert codes(response) == [mine.code]
    assert (bien_hoa.pk, "Phường Trấn Biên") in response.context["form"].fields["unit"].choices


def test_queue_locality_filter_finds_artisan_candidates(client):
    desk = office(artisan=True)
    village = CommuneFactory(name="Xã Bửu Long")
    from tests.factories import ArtisanDossierFactory, ArtisanFactory

    wanted = ArtisanDossierFactory(
        award_round=desk.award_round, artisan=ArtisanFactory(unit=village), state=S.SUBMITTED
    )
    ArtisanDossierFactory(award_round=desk.award_round, state=S.SUBMITTED)
    login(client, desk.secretary)

    response = client.get(queue_url(desk.award_round, f"?unit={village.pk}"))

    assert codes(response) == [wanted.code]
    assert "group" not in response.context["form"].fields


def test_queue_submission_date_range_is_inclusive_in_local_days(client, desk):
    local = timezone.get_current_timezone()
    early = desk.dossier(state=S.SUBMITTED)
    inside = desk.dossier(state=S.SUBMITTED)
    late = desk.dossier(state=S.SUBMITTED)
    set_submitted(early, datetime.datetime(2026, 3, 31, 23, 30, tzinfo=local))
    set_submitted(inside, datetime.datetime(2026, 4, 1, 0, 10, tzinfo=local))
    set_submitted(late, datetime.datetime(2026, 4, 11, 0, 0, tzinfo=local))
    edge = desk.dossier(state=S.SUBMITTED)
    set_submitted(edge, datetime.datetime(2026, 4, 10, 23, 59, tzinfo=local))
    login(client, desk.secretary)

    response = client.get(
        queue_url(desk.award_round, "?submitted_from=2026-04-01&submitted_to=2026-04-10")
    )

    assert set(codes(response)) == {inside.code, edge.code}


def test_queue_ignores_an_invalid_filter_value_and_shows_the_error(client, desk):
    desk.dossier(state=S.SUBMITTED)
    login(client, desk.secretary)

    response = client.get(queue_url(desk.award_round, "?submitted_from=hôm-qua&state=nonsense"))

    assert response.status_code == 200
    assert len(codes(response)) == 1
    assert response.context["form"].errors["submitted_from"]


# --- queue: search and order -----------------------------------------------------------


def test_queue_search_is_accent_insensitive_over_names_codes_facilities_and_communes(client, desk):
    commune = CommuneFactory(name="Phường Tam Hiệp")
    facility = FacilityFactory(name="Cơ sở Gốm Biên Hòa Đức Thành", unit=commune)
    wanted = desk.dossier(state=S.SUBMITTED, facility=facility, title="Bình hoa men rạn")
    desk.dossier(state=S.SUBMITTED, title="Hạt điều rang muối", facility__name="Cơ sở Điều Vàng")
    login(client, desk.secretary)

    for query in ("gom bien hoa", "DUC THANH", "men ran", "tam hiep", wanted.code.lower()):
        response = client.get(queue_url(desk.award_round, f"?q={query}"))
        assert codes(response) == [wanted.code], query


def test_queue_orders_names_in_vietnamese_by_default(client, desk):
    for title in ["Đũa tre", "Dưa muối", "Bánh tráng", "Ấm trà", "Áo dài", "An khang"]:
        desk.dossier(state=S.SUBMITTED, title=title)
    login(client, desk.secretary)

    response = client.get(queue_url(desk.award_round))

    titles = [d.title for d in response.context["page"].object_list]
    assert titles == ["An khang", "Áo dài", "Ấm trà", "Bánh tráng", "Dưa muối", "Đũa tre"]


def test_queue_sorts_by_code_and_by_submission_date(client, desk):
    first = desk.dossier(state=S.SUBMITTED, title="B")
    second = desk.dossier(state=S.SUBMITTED, title="A")
    set_submitted(first, timezone.now() - datetime.timedelta(days=1))
    set_submitted(second, timezone.now() - datetime.timedelta(days=3))
    login(client, desk.secretary)

    by_code = codes(client.get(queue_url(desk.award_round, "?sort=-code")))
    oldest = codes(client.get(queue_url(desk.award_round, "?sort=submitted")))
    newest = codes(client.get(queue_url(desk.award_round, "?sort=-submitted")))

    assert by_code == sorted([first.code, second.code], reverse=True)
    assert oldest == [second.code, first.code]
    assert newest == [first.code, second.code]


# --- queue: pages ----------------------------------------------------------------------


def test_queue_pages_of_fifty_with_a_last_page(client, desk):
    for n in range(53):
        DossierFactory(
            award_round=desk.award_round, state=S.SUBMITTED, title=f"Sản phẩm {n:03d}", files=False
        )
    login(client, desk.secretary)

    first = client.get(queue_url(desk.award_round))
    last = client.get(queue_url(desk.award_round, "?page=last"))
    beyond = client.get(queue_url(desk.award_round, "?page=99"))

    assert len(codes(first)) == intake.PAGE_SIZE == 50
    assert [d.title for d in last.context["page"].object_list] == [
        "Sản phẩm 050",
        "Sản phẩm 051",
        "Sản phẩm 052",
    ]
    assert codes(beyond) == codes(last)
    page = first.content.decode()
    assert "Page 1 of 2" in page
    assert "page=last" in page


def test_queue_page_links_keep_the_filters(client, desk):
    for n in range(51):
        DossierFactory(
            award_round=desk.award_round, state=S.SUBMITTED, title=f"Nón {n}", files=False
        )
    login(client, desk.secretary)

    page = client.get(queue_url(desk.award_round, "?q=non&state=submitted")).content.decode()

    next_link = re.search(r'href="([^"]*)" rel="next"', page).group(1)
    assert "q=non" in next_link
    assert "state=submitted" in next_link
    assert "page=2" in next_link


# --- queue: who may see it -------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_secretariat", "applicant", "stranger"])
def test_queue_of_another_agencys_round_is_404(client, desk, who):
    dossier = desk.dossier()
    user = {
        "other_secretariat": SecretaryFactory(agency=AgencyFactory()),
        "applicant": dossier.owner,
        "stranger": UserFactory(),
    }[who]
    login(client, user)

    assert client.get(queue_url(desk.award_round)).status_code == 404
    export = reverse("secretariat:intake_export", args=[desk.award_round.code])
    assert client.get(export).status_code == 404


def test_queue_of_unknown_round_is_404(client, desk):
    login(client, desk.secretary)

    response = client.get(reverse("secretariat:intake", args=["khong-co"]))

    assert response.status_code == 404


def test_queue_filter_form_keeps_the_chosen_values(client, desk):
    commune = CommuneFactory(name="Xã Bình Lợi")
    desk.dossier(state=S.SUBMITTED, facility=FacilityFactory(unit=commune))
    login(client, desk.secretary)

    html = client.get(
        queue_url(desk.award_round, f"?group=2&unit={commune.pk}&sort=-submitted&q=b%C3%ACnh")
    ).content.decode()

    assert '<option value="2" selected>' in html
    assert f'<option value="{commune.pk}" selected>Xã Bình Lợi</option>' in html
    assert '<option value="-submitted" selected>' in html
    assert 'value="bình"' in html
