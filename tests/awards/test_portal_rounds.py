"""Open rounds for applicants, and starting a dossier in one of them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.enums import CheckKind, DossierState, Family, Level, Title, UnitKind, VoteDenominator
from awards.models import AdminUnit, DocumentRequirement, Dossier, EligibilityCheck
from awards.portal_rounds import open_rounds_for, round_rules
from tests.awards.factories_portal import html, login
from tests.factories import (
    ArtisanFactory,
    AwardRoundFactory,
    CommuneFactory,
    DossierFactory,
    FacilityFactory,
    ProvinceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def other_province():
    return AdminUnit.objects.create(
        code="48", name="Đà Nẵng", kind=UnitKind.CITY, region="central",
        valid_from=datetime.date(2025, 7, 1),
    )  # fmt: skip


# --- the list ----------------------------------------------------------------------------


def test_rounds_list_shows_open_round_with_its_checklist_and_hides_closed(client):
    user = login(client, UserFactory())
    open_round = AwardRoundFactory(name="Vòng tỉnh đang mở")
    AwardRoundFactory(name="Vòng đã đóng", closed=True)

    page = html(client.get(reverse("portal:rounds")))

    assert "Vòng tỉnh đang mở" in page
    assert "Vòng đã đóng" not in page
    assert open_round.organiser.name in page
    closes = timezone.localtime(open_round.registration_closes).strftime("%d/%m/%Y %H:%M")
    assert closes in page
    assert "Giấy chứng nhận đăng ký kinh doanh" in page  # mandatory item
    assert "Giấy chứng nhận chất lượng" in page  # optional item
    assert "Required" in page and "Optional" in page
    assert "File kinds: PDF, JPG, PNG" in page
    assert "At least 3 colour photos of the product." in page
    assert "You declare: Sản phẩm do cơ sở tự sản xuất" in page
    assert "An entry passes with a result of at least 70 points." in page
    assert reverse("portal:start", args=[open_round.code]) in page
    assert user.is_authenticated


def test_rounds_list_shows_only_the_checklist_of_the_rounds_level(client):
    login(client, UserFactory())
    award_round = AwardRoundFactory(level=Level.PROVINCE)
    DocumentRequirement.objects.create(
        rule_set=award_round.rule_set, level=Level.NATIONAL, code="regional_cert",
        name="Giấy chứng nhận cấp khu vực còn hiệu lực", accepted_kinds=["pdf"],
    )  # fmt: skip

    page = html(client.get(reverse("portal:rounds")))

    assert "Giấy chứng nhận cấp khu vực còn hiệu lực" not in page


def test_rounds_list_explains_the_vote_of_an_artisan_round(client):
    login(client, UserFactory())
    award_round = AwardRoundFactory(artisan=True)
    rule_set = award_round.rule_set
    rule_set.vote_approval_pct = Decimal("90")
    rule_set.vote_quorum_pct = Decimal("75")
    rule_set.vote_denominator = VoteDenominator.LISTED
    rule_set.save()

    page = html(client.get(reverse("portal:rounds")))

    assert "The council decides by secret ballot." in page
    assert "at least 90% of all council members vote yes" in page
    assert "at least 75% of the members take part" in page
    assert "posted for public comment for 15 days" in page
    assert "Có ít nhất 5 năm làm nghề" in page
    assert "Skilled Worker" in page


def test_rounds_list_filters_by_family_and_level(client):
    login(client, UserFactory())
    AwardRoundFactory(name="Sản phẩm cấp tỉnh")
    AwardRoundFactory(name="Nghệ nhân cấp tỉnh", artisan=True)
    AwardRoundFactory(name="Sản phẩm cấp xã", level=Level.COMMUNE)

    by_family = html(client.get(reverse("portal:rounds"), {"family": Family.PROVINCIAL_TITLE}))
    by_level = html(client.get(reverse("portal:rounds"), {"level": Level.COMMUNE}))

    assert "Nghệ nhân cấp tỉnh" in by_family and "Sản phẩm cấp tỉnh" not in by_family
    assert "Sản phẩm cấp xã" in by_level and "Sản phẩm cấp tỉnh" not in by_level


def test_rounds_list_filters_by_province(client):
    login(client, UserFactory())
    dong_nai = ProvinceFactory()
    da_nang = other_province()
    AwardRoundFactory(name="Vòng Đồng Nai", unit=dong_nai)
    AwardRoundFactory(name="Vòng Đà Nẵng", unit=da_nang)
    AwardRoundFactory(name="Vòng quốc gia", unit=None, level=Level.NATIONAL)

    page = html(client.get(reverse("portal:rounds"), {"province": da_nang.pk}))

    assert "Vòng Đà Nẵng" in page
    assert "Vòng quốc gia" in page
    assert "Vòng Đồng Nai" not in page


def test_rounds_list_hides_rounds_of_another_province_for_a_facility():
    facility = FacilityFactory()  # a commune of Đồng Nai
    AwardRoundFactory(name="Vòng Đồng Nai", unit=ProvinceFactory())
    AwardRoundFactory(name="Vòng Đà Nẵng", unit=other_province())
    AwardRoundFactory(name="Nghệ nhân Đà Nẵng", artisan=True, unit=AdminUnit.objects.get(code="48"))

    names = {r.name for r in open_rounds_for(user=facility.owner)}

    # The facility lies in Đồng Nai; the user has no artisan profile yet, so artisan rounds
    # everywhere stay visible for them to see what to prepare.
    assert names == {"Vòng Đồng Nai", "Nghệ nhân Đà Nẵng"}


def test_rounds_list_is_empty_with_a_clear_sentence(client):
    login(client, UserFactory())
    AwardRoundFactory(closed=True)

    page = html(client.get(reverse("portal:rounds")))

    assert "No round matches at the moment." in page


def test_rounds_list_needs_sign_in(client):
    response = client.get(reverse("portal:rounds"))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_rounds_list_query_count_does_not_grow_with_rounds(client, django_assert_max_num_queries):
    login(client, UserFactory())
    AwardRoundFactory()
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("portal:rounds"))
    for _ in range(3):
        AwardRoundFactory(artisan=True)
        AwardRoundFactory()
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = html(client.get(reverse("portal:rounds")))
    assert page.count("Start a dossier") == 7


def test_round_rules_says_requirements_for_one_title_only():
    award_round = AwardRoundFactory(
        artisan=True, titles=[Title.SKILLED_WORKER, Title.PROVINCIAL_ARTISAN]
    )
    DocumentRequirement.objects.create(
        rule_set=award_round.rule_set, level=award_round.level, code="works",
        name="Danh sách tác phẩm", accepted_kinds=["pdf"], title=Title.PROVINCIAL_ARTISAN,
    )  # fmt: skip
    EligibilityCheck.objects.create(
        rule_set=award_round.rule_set, code="no_violation", kind=CheckKind.DECLARATION,
        label="Không vi phạm pháp luật",
    )  # fmt: skip

    rules = round_rules(award_round)

    works = next(item for item in rules.checklist if item.name == "Danh sách tác phẩm")
    assert works.title == "Provincial Artisan"
    assert rules.min_photos == 0
    assert [d["label"] for d in rules.declarations] == ["Không vi phạm pháp luật"]
    assert rules.minima[0]["minimum"] == "5"


# --- start -------------------------------------------------------------------------------


def test_start_creates_a_draft_with_a_code_for_my_facility(client):
    facility = FacilityFactory()
    login(client, facility.owner)
    award_round = AwardRoundFactory(code_prefix="SP25")

    response = client.post(
        reverse("portal:start", args=[award_round.code]),
        {"record": facility.pk, "title": "  Bình gốm men lam  "},
    )

    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:facts", args=[dossier.pk])
    assert dossier.code == "SP25-0001"
    assert dossier.state == DossierState.DRAFT
    assert dossier.owner == facility.owner
    assert dossier.facility == facility
    assert dossier.title == "Bình gốm men lam"
    page = html(client.get(response["Location"]))
    assert "Your dossier SP25-0001 has been created as a draft." in page


def test_start_page_lists_only_my_facilities(client):
    mine = FacilityFactory(name="Cơ sở của tôi")
    FacilityFactory(name="Cơ sở người khác")
    login(client, mine.owner)
    award_round = AwardRoundFactory()

    page = html(client.get(reverse("portal:start", args=[award_round.code])))

    assert "Cơ sở của tôi" in page
    assert "Cơ sở người khác" not in page


def test_start_refuses_another_applicants_facility(client):
    mine = FacilityFactory()
    theirs = FacilityFactory()
    login(client, mine.owner)
    award_round = AwardRoundFactory()

    response = client.post(
        reverse("portal:start", args=[award_round.code]), {"record": theirs.pk, "title": "Trộm"}
    )

    assert response.status_code == 400
    assert not Dossier.objects.exists()


def test_start_for_an_artisan_round_records_the_title_sought(client):
    artisan = ArtisanFactory(craft="Đan lát", craft_since_year=timezone.localdate().year - 12)
    login(client, artisan.owner)
    award_round = AwardRoundFactory(artisan=True)

    client.post(
        reverse("portal:start", args=[award_round.code]),
        {"record": artisan.pk, "title_sought": Title.SKILLED_WORKER},
    )

    dossier = Dossier.objects.get()
    assert dossier.artisan == artisan
    assert dossier.title == artisan.full_name
    assert dossier.title_sought == Title.SKILLED_WORKER
    assert dossier.craft == "Đan lát"
    assert dossier.years_in_craft == 12


def test_start_refuses_a_title_the_round_does_not_consider(client):
    artisan = ArtisanFactory()
    login(client, artisan.owner)
    award_round = AwardRoundFactory(artisan=True)

    response = client.post(
        reverse("portal:start", args=[award_round.code]),
        {"record": artisan.pk, "title_sought": Title.PEOPLES_ARTISAN},
    )

    assert response.status_code == 400
    assert not Dossier.objects.exists()


def test_start_refuses_a_second_dossier_for_the_same_artisan(client):
    artisan = ArtisanFactory()
    login(client, artisan.owner)
    award_round = AwardRoundFactory(artisan=True)
    url = reverse("portal:start", args=[award_round.code])
    client.post(url, {"record": artisan.pk, "title_sought": Title.SKILLED_WORKER})

    response = client.post(url, {"record": artisan.pk, "title_sought": Title.SKILLED_WORKER})

    assert "already has the dossier" in html(response)
    assert Dossier.objects.count() == 1


def test_start_after_registration_closed_says_so_and_creates_nothing(client):
    facility = FacilityFactory()
    login(client, facility.owner)
    award_round = AwardRoundFactory(closed=True)
    url = reverse("portal:start", args=[award_round.code])

    page = html(client.get(url))
    response = client.post(url, {"record": facility.pk, "title": "Muộn"})

    assert "Registration for this round closed at" in page
    assert "Start the dossier" not in page
    assert "Registration for this round closed at" in html(response)
    assert not Dossier.objects.exists()


def test_start_without_a_profile_points_to_the_profile_page(client):
    login(client, UserFactory())
    award_round = AwardRoundFactory()

    page = html(client.get(reverse("portal:start", args=[award_round.code])))

    assert "first fill in the profile of your facility" in page
    assert "Start the dossier" not in page


def test_start_refuses_a_facility_outside_the_rounds_province(client):
    facility = FacilityFactory()  # Đồng Nai
    login(client, facility.owner)
    award_round = AwardRoundFactory(unit=other_province())

    response = client.post(
        reverse("portal:start", args=[award_round.code]), {"record": facility.pk, "title": "X"}
    )

    assert response.status_code == 400
    assert "first fill in the profile of your facility" in html(response)
    assert not Dossier.objects.exists()


def test_start_accepts_a_facility_in_a_commune_of_the_rounds_province(client):
    province = ProvinceFactory()
    facility = FacilityFactory(unit=CommuneFactory(parent=province))
    login(client, facility.owner)
    award_round = AwardRoundFactory(unit=province)

    client.post(
        reverse("portal:start", args=[award_round.code]), {"record": facility.pk, "title": "Y"}
    )

    assert Dossier.objects.filter(facility=facility).exists()


def test_start_unknown_round_is_404(client):
    login(client, UserFactory())

    assert client.get(reverse("portal:start", args=["khong-co"])).status_code == 404


def test_start_needs_sign_in(client):
    award_round = AwardRoundFactory()

    response = client.get(reverse("portal:start", args=[award_round.code]))

    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_start_numbers_dossiers_after_existing_ones(client):
    facility = FacilityFactory()
    login(client, facility.owner)
    award_round = AwardRoundFactory(code_prefix="AB")
    DossierFactory(award_round=award_round, code="AB-0007", files=False)

    client.post(
        reverse("portal:start", args=[award_round.code]), {"record": facility.pk, "title": "Z"}
    )

    assert Dossier.objects.filter(facility=facility).get().code == "AB-0008"


def test_start_before_registration_opens_is_refused(client):
    facility = FacilityFactory()
    login(client, facility.owner)
    award_round = AwardRoundFactory(
        registration_opens=timezone.now() + datetime.timedelta(days=3),
        registration_closes=timezone.now() + datetime.timedelta(days=30),
    )

    response = client.post(
        reverse("portal:start", args=[award_round.code]), {"record": facility.pk, "title": "Sớm"}
    )

    assert "Registration for this round opens at" in html(response)
    assert not Dossier.objects.exists()
