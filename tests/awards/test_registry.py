"""The public registry: published results only, search, filters, order, product pages,
public photos and certificate verification."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.enums import DossierState, Level, ProductGroup
from awards.models import Dossier
from tests.awards.factories_public import decided_round, published
from tests.factories import (
    ArtisanDossierFactory,
    AwardRoundFactory,
    CommuneFactory,
    DossierFactory,
    FacilityFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db
S = DossierState
INDEX = reverse("registry:index")


def titles(response):
    return [dossier.title for dossier in response.context["page_obj"]]


def test_registry_lists_only_published_results(client):
    decided = decided_round()
    shown = published(decided, title="Bình gốm men lam")
    published(decided, title="Sản phẩm không đạt", state=S.NOT_RECOGNISED)
    published(decided, title="Sản phẩm bị thu hồi", state=S.REVOKED)
    undecided = AwardRoundFactory()
    published(undecided, title="Chưa có quyết định", state=S.RECOGNISED)

    response = client.get(INDEX)

    assert titles(response) == [shown.title]
    assert "Chưa có quyết định" not in response.content.decode()


def test_registry_search_without_accents_finds_vietnamese_names(client):
    decided = decided_round()
    published(decided, title="Gốm Biên Hòa men rạn")
    published(decided, title="Đũa tre Trảng Bom", facility=FacilityFactory(name="Hộ Ba Lan"))

    by_title = client.get(INDEX, {"q": "gom bien hoa"})
    by_d = client.get(INDEX, {"q": "dua tre"})

    assert titles(by_title) == ["Gốm Biên Hòa men rạn"]  # the other's facility is "Hộ Ba Lan"
    assert titles(by_d) == ["Đũa tre Trảng Bom"]


def test_registry_orders_by_vietnamese_alphabet(client):
    decided = decided_round()
    for title in ["Đũa tre", "Dao rèn", "Ấm trà", "Bình gốm", "An toàn", "Ăn liền"]:
        published(decided, title=title)

    response = client.get(INDEX)

    assert titles(response) == ["An toàn", "Ăn liền", "Ấm trà", "Bình gốm", "Dao rèn", "Đũa tre"]


def test_registry_filters_by_year_level_province_and_group(client):
    dong_nai = ProvinceFactory()
    other_province = ProvinceFactory(code="01", name="Hà Nội")
    old_district = CommuneFactory(name="Huyện Cũ", kind="district", parent=dong_nai)
    in_old_district = CommuneFactory(name="Xã Cũ", parent=old_district)
    round_2025 = decided_round(year=2025, number="1/QĐ")
    round_2026 = decided_round(year=2026, number="2/QĐ", level=Level.NATIONAL)
    match = published(
        round_2025,
        title="Hạt điều rang muối",
        product_group=ProductGroup.PROCESSED_FOOD,
        facility=FacilityFactory(unit=in_old_district),
    )
    published(
        round_2025,
        title="Nón lá",
        facility=FacilityFactory(unit=CommuneFactory(parent=other_province)),
    )
    published(round_2026, title="Máy xát lúa", product_group=ProductGroup.MACHINERY)

    response = client.get(
        INDEX,
        {
            "year": 2025,
            "level": Level.PROVINCE,
            "province": dong_nai.pk,
            "group": ProductGroup.PROCESSED_FOOD,
        },
    )
    by_level = client.get(INDEX, {"level": Level.NATIONAL})
    by_province = client.get(INDEX, {"province": other_province.pk})
    nonsense = client.get(INDEX, {"year": "x' OR 1=1", "level": "moon", "province": "-1"})

    assert titles(response) == [match.title]
    assert titles(by_level) == ["Máy xát lúa"]
    assert titles(by_province) == ["Nón lá"]
    assert len(titles(nonsense)) == 3


def test_registry_filters_artisans_apart_from_products(client):
    decided = decided_round()
    published(decided, title="Bình gốm")
    artisan_round = decided_round(artisan=True, number="9/QĐ")
    published(artisan_round, factory=ArtisanDossierFactory, state=S.AWARDED, title="Trần Thị Bình")

    artisans = client.get(INDEX, {"kind": "artisan"})
    products = client.get(INDEX, {"kind": "product"})

    assert titles(artisans) == ["Trần Thị Bình"]
    assert titles(products) == ["Bình gốm"]


def test_registry_paginates(client):
    decided = decided_round()
    for index in range(30):
        published(decided, title=f"Sản phẩm {index:02d}", files=False)

    first = client.get(INDEX)
    second = client.get(INDEX, {"page": 2})

    assert len(titles(first)) == 24
    assert titles(second) == [f"Sản phẩm {index:02d}" for index in range(24, 30)]
    assert 'rel="next"' in first.content.decode()


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_registry_query_count_does_not_grow_with_rows(client):
    decided = decided_round()
    published(decided, title="Sản phẩm 1", certificate="GCN-1")
    small = _count_queries(client, INDEX)
    for index in range(2, 7):
        published(decided, title=f"Sản phẩm {index}", certificate=f"GCN-{index}")

    large = _count_queries(client, INDEX)

    assert small == large
    assert len(titles(client.get(INDEX))) == 6


def test_registry_shows_thumbnails_through_the_public_photo_view(client):
    decided = decided_round()
    dossier = published(decided, title="Bình gốm")
    photo = dossier.photos.order_by("order", "pk").first()

    page = client.get(INDEX).content.decode()
    image = client.get(reverse("registry:photo_thumbnail", args=[photo.pk]))
    full = client.get(reverse("registry:photo", args=[photo.pk]))

    full_bytes = b"".join(full.streaming_content)
    image.close()
    full.close()

    assert reverse("registry:photo_thumbnail", args=[photo.pk]) in page
    assert image["Content-Type"] == "image/jpeg"
    assert "public" in image["Cache-Control"]
    assert full_bytes[:2] == b"\xff\xd8"


def test_public_photo_of_unpublished_dossier_is_not_found(client):
    undecided = DossierFactory(award_round=AwardRoundFactory(), state=S.RECOGNISED)
    not_recognised = published(decided_round(), state=S.NOT_RECOGNISED)

    for dossier in (undecided, not_recognised):
        photo = dossier.photos.first()
        assert client.get(reverse("registry:photo", args=[photo.pk])).status_code == 404
        assert client.get(reverse("registry:photo_thumbnail", args=[photo.pk])).status_code == 404


def test_registry_detail_shows_facility_certificate_and_lineage(client):
    province_round = decided_round(level=Level.PROVINCE, year=2025, number="10/QĐ-UBND")
    national_round = decided_round(level=Level.NATIONAL, year=2026, number="20/QĐ-BCT")
    facility = FacilityFactory(name="Hợp tác xã Gốm Tân Vạn", street_address="12 Bùi Hữu Nghĩa")
    lower = published(
        province_round, title="Bình gốm men lam", facility=facility, certificate="GCN-T-01"
    )
    upper = published(
        national_round,
        title="Bình gốm men lam",
        facility=facility,
        certificate="GCN-QG-07",
        source=lower,
    )

    response = client.get(reverse("registry:detail", args=[upper.pk]))
    html = response.content.decode()

    assert "Hợp tác xã Gốm Tân Vạn" in html
    assert "12 Bùi Hữu Nghĩa" in html
    assert [step.dossier.pk for step in response.context["steps"]] == [lower.pk, upper.pk]
    assert "GCN-T-01" in html and "GCN-QG-07" in html
    assert "10/QĐ-UBND" in html and "20/QĐ-BCT" in html
    assert reverse("registry:detail", args=[lower.pk]) in html
    assert "/portal/" not in html and "/files/" not in html


def test_registry_detail_leaves_unpublished_steps_out_of_the_lineage(client):
    province_round = decided_round(number="10/QĐ")
    lower = published(province_round, title="Nón lá")
    DossierFactory(
        award_round=AwardRoundFactory(level=Level.REGION), source=lower, state=S.IN_SCORING
    )

    response = client.get(reverse("registry:detail", args=[lower.pk]))

    assert [step.dossier.pk for step in response.context["steps"]] == [lower.pk]


def test_registry_detail_of_unpublished_dossier_is_not_found(client):
    hidden = [
        DossierFactory(award_round=AwardRoundFactory(), state=S.RECOGNISED),
        published(decided_round(), state=S.REVOKED),
        published(decided_round(), state=S.SCORED),
    ]

    for dossier in hidden:
        assert client.get(reverse("registry:detail", args=[dossier.pk])).status_code == 404


# --- certificate verification -----------------------------------------------------------

VERIFY = reverse("registry:verify")


def test_verify_by_number_answers_valid_with_the_facts(client):
    decided = decided_round(number="55/QĐ-UBND")
    published(
        decided,
        title="Bình gốm men lam",
        certificate="12/2026/GCN",
        valid_until=datetime.date(2099, 12, 31),
    )

    response = client.get(VERIFY, {"number": "  12/2026/gcn "})
    html = response.content.decode()

    assert response.context["result"].status == "valid"
    assert "Bình gốm men lam" in html and "55/QĐ-UBND" in html and "31/12/2099" in html
    assert "reg-verdict--valid" in html


def test_verify_answers_expired_after_the_validity(client):
    decided = decided_round()
    published(
        decided,
        certificate="1/2020/GCN",
        issued_on=datetime.date(2020, 6, 1),
        valid_until=datetime.date(2023, 12, 31),
    )

    response = client.get(VERIFY, {"number": "1/2020/GCN"})

    assert response.context["result"].status == "expired"
    assert "reg-verdict--expired" in response.content.decode()


def test_verify_answers_revoked_for_a_revoked_certificate_or_recognition(client):
    decided = decided_round()
    by_certificate = published(decided, certificate="R-1")
    by_certificate.certificate.revoked_at = timezone.now()
    by_certificate.certificate.save()
    published(decided, certificate="R-2", state=S.REVOKED)

    first = client.get(VERIFY, {"number": "R-1"})
    second = client.get(VERIFY, {"number": "R-2"})

    assert first.context["result"].status == "revoked"
    assert second.context["result"].status == "revoked"
    assert "reg-verdict--revoked" in second.content.decode()


@pytest.mark.parametrize(
    "number",
    ["99/2026/GCN", "' OR 1=1 --", "<script>alert(1)</script>", "x" * 500, "%00", "１２/２０２６"],
)
def test_verify_forged_number_says_not_found(client, number):
    published(decided_round(), certificate="12/2026/GCN-SCT")

    response = client.get(VERIFY, {"number": number})
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["result"] is None
    assert "<script>alert(1)</script>" not in html
    assert "12/2026/GCN-SCT" not in html
    if len(number) <= 60:
        assert "reg-verdict--unknown" in html


def test_verify_by_qr_token(client):
    dossier = published(decided_round(), title="Nón lá bài thơ", certificate="7/2026/GCN")
    token = dossier.certificate.token

    found = client.get(reverse("registry:verify_token", args=[token]))
    forged = client.get(reverse("registry:verify_token", args=["forged-token-123"]))

    assert found.context["result"].certificate.number == "7/2026/GCN"
    assert "Nón lá bài thơ" in found.content.decode()
    assert forged.status_code == 404
    assert "reg-verdict--unknown" in forged.content.decode()


def test_registry_is_linked_from_landing_and_menu_for_everyone(client):
    landing = client.get(reverse("landing")).content.decode()

    assert landing.count(f'href="{INDEX}"') >= 2


def test_registry_dossier_count_matches_published_rows(client):
    decided = decided_round()
    published(decided, title="Một")
    published(decided, title="Hai", state=S.NOT_RECOGNISED)

    response = client.get(INDEX)

    assert response.context["page_obj"].paginator.count == 1
    assert Dossier.objects.count() == 2


def test_registry_own_lineage_walk_matches_the_public_lineage():
    from awards import registry

    lower = published(decided_round(number="1/QĐ", level=Level.PROVINCE), title="Nón lá")
    upper = published(
        decided_round(number="2/QĐ", level=Level.NATIONAL), title="Nón lá", source=lower
    )

    own = [step.dossier.pk for step in registry.lineage(upper)]
    public = [step.dossier.pk for step in registry.public_lineage(upper)]

    assert own == public == [lower.pk, upper.pk]


def test_registry_benchmark_is_registered():
    from awards import bench

    assert bench.registry_page in bench.BENCHMARKS
