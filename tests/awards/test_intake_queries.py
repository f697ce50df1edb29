"""The intake queue runs as many queries for 30 dossiers as for 3: every filter, page 1 and
the last page (pages of 10 here, so 30 dossiers make three pages)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards import intake
from awards.enums import DossierState, ProductGroup
from awards.models import Dossier
from tests.awards.factories_intake import login, office
from tests.factories import CommuneFactory, DossierFactory, FacilityFactory

pytestmark = pytest.mark.django_db

S = DossierState
STATES = [S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.REJECTED, S.DRAFT]
#: Every filter on its own and all of them together.
QUERIES = [
    "",
    "?q=gom+bien",
    "?state=submitted",
    "?state=overdue",
    "?group=1",
    "?unit={unit}",
    "?submitted_from={today}&submitted_to={today}",
    "?sort=-submitted",
    "?sort=code",
    "?q=gom&state=submitted&group=1&unit={unit}&submitted_from={today}&sort=-code",
]


def build(desk, count, commune):
    """``count`` dossiers; already the first three match every filter of QUERIES somewhere
    (the first one matches all of them at once), so no page is empty."""
    facility = FacilityFactory(unit=commune)
    for n in range(count):
        dossier = DossierFactory(
            award_round=desk.award_round,
            facility=facility if n % 2 == 0 else FacilityFactory(unit=CommuneFactory()),
            owner=facility.owner,
            state=STATES[n % len(STATES)],
            product_group=ProductGroup.PROCESSED_FOOD if n % 3 == 2 else ProductGroup.HANDICRAFT,
            files=False,
        )
        Dossier.objects.filter(pk=dossier.pk).update(
            submitted_at=timezone.now(),
            supplement_deadline=timezone.now() - datetime.timedelta(days=n % 2 or -1),
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("page", ["1", "last"])
def test_intake_queue_query_count_does_not_grow_with_dossiers(client, monkeypatch, query, page):
    monkeypatch.setattr(intake, "PAGE_SIZE", 10)
    today = timezone.localdate().isoformat()
    small, large = office(), office()
    small_unit, large_unit = CommuneFactory(), CommuneFactory()
    build(small, 3, small_unit)
    build(large, 30, large_unit)
    separator = "&" if query else "?"

    counted = []
    for desk, unit in ((small, small_unit), (large, large_unit)):
        login(client, desk.secretary)
        url = reverse("secretariat:intake", args=[desk.award_round.code]) + query.format(
            unit=unit.pk, today=today
        )
        counted.append(count_queries(client, f"{url}{separator}page={page}"))

    (small_count, small_response), (large_count, large_response) = counted
    assert small_count == large_count
    assert small_response.context["page"].object_list
    assert (
        large_response.context["page"].paginator.count
        >= small_response.context["page"].paginator.count
    )


def test_intake_queue_large_round_really_has_several_pages(client, monkeypatch):
    monkeypatch.setattr(intake, "PAGE_SIZE", 10)
    desk = office()
    build(desk, 30, CommuneFactory())
    login(client, desk.secretary)

    _count, response = count_queries(
        client, reverse("secretariat:intake", args=[desk.award_round.code]) + "?page=last"
    )

    page = response.context["page"]
    assert page.paginator.num_pages == 3
    assert page.number == 3
    assert len(page.object_list) == 24 - 20  # 30 dossiers, 6 drafts not listed
