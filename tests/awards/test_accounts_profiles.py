"""Facility and artisan profiles, and the commune list that follows the province."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.enums import FacilityType
from awards.models import Artisan, Facility
from tests.awards.factories_accounts import abolished_commune, dong_nai_and_hcm, html, login
from tests.factories import ArtisanFactory, FacilityFactory, UserFactory

pytestmark = pytest.mark.django_db

IDENTITY = "075170001234"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def units():
    dong_nai, hcm = dong_nai_and_hcm()
    return {
        "dong_nai": dong_nai,
        "hcm": hcm,
        "di_an": dong_nai.children.get(name="Phường Dĩ An"),
        "binh_chanh": hcm.children.get(name="Xã Bình Chánh"),
    }


@pytest.fixture
def owner(client):
    user = UserFactory()
    login(client, user)
    return user


def facility_data(units, **overrides):
    data = {
        "facility_type": FacilityType.COOPERATIVE,
        "name": "Hợp tác xã Gốm Tân Vạn",
        "registration_number": "3600123456",
        "representative": "Lê Thị Hoa",
        "representative_title": "Giám đốc",
        "phone": "0251 382 1234",
        "email": "htx@example.vn",
        "province": units["dong_nai"].pk,
        "unit": units["di_an"].pk,
        "street_address": "Số 12, khu phố 3",
    }
    return {**data, **overrides}


def artisan_data(units, **overrides):
    data = {
        "full_name": "Trần Văn Sáu",
        "birth_year": 1958,
        "identity_number": IDENTITY,
        "craft": "Gốm mỹ nghệ",
        "craft_since_year": 1975,
        "province": units["dong_nai"].pk,
        "unit": units["di_an"].pk,
        "street_address": "",
        "workplace": "Làng gốm Tân Vạn",
        "phone": "0912345678",
        "email": "",
    }
    return {**data, **overrides}


def option_names(page, select_id=None):
    if select_id:
        page = re.search(rf'<select[^>]*id="{select_id}".*?</select>', page, re.S).group(0)
    return [
        name.strip() for value, name in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)<', page)
    ]


# --- profile page --------------------------------------------------------------------------


def test_profile_lists_own_facilities_and_artisans_only(client, owner):
    FacilityFactory(owner=owner, name="Cơ sở của tôi")
    ArtisanFactory(owner=owner, full_name="Nghệ nhân của tôi")
    FacilityFactory(name="Cơ sở của người khác")

    page = html(client.get(reverse("accounts:profile")))

    assert "Cơ sở của tôi" in page
    assert "Nghệ nhân của tôi" in page
    assert "Cơ sở của người khác" not in page
    assert reverse("accounts:facility_create") in page
    assert reverse("accounts:artisan_create") in page


def test_profile_anonymous_is_sent_to_login(client):
    response = client.get(reverse("accounts:profile"))

    assert response.url.startswith(reverse("login"))


# --- facility ------------------------------------------------------------------------------


def test_facility_create_with_province_and_commune(client, owner, units):
    response = client.post(reverse("accounts:facility_create"), facility_data(units))

    assert response.url == reverse("accounts:profile")
    facility = Facility.objects.get()
    assert facility.owner == owner
    assert facility.unit == units["di_an"]
    assert facility.registration_number == "3600123456"
    assert facility.phone == "02513821234"
    assert "Hợp tác xã Gốm Tân Vạn" in html(client.get(response.url))


def test_facility_create_branch_number_is_stored_with_dash(client, owner, units):
    client.post(
        reverse("accounts:facility_create"),
        facility_data(units, registration_number="3600 123456 001"),
    )

    assert Facility.objects.get().registration_number == "3600123456-001"


@pytest.mark.parametrize("number", ["12345", "36001234567", "3600123456-01", "MST3600123456"])
def test_facility_create_malformed_registration_number_is_refused(client, owner, units, number):
    response = client.post(
        reverse("accounts:facility_create"), facility_data(units, registration_number=number)
    )

    assert "10 digits, or 13 digits for a branch" in html(response)
    assert not Facility.objects.exists()


def test_facility_create_commune_of_another_province_is_refused(client, owner, units):
    response = client.post(
        reverse("accounts:facility_create"), facility_data(units, unit=units["binh_chanh"].pk)
    )

    assert "This commune or ward is not in the chosen province." in html(response)
    assert not Facility.objects.exists()


def test_facility_create_abolished_commune_is_refused(client, owner, units):
    old = abolished_commune(units["dong_nai"])

    response = client.post(reverse("accounts:facility_create"), facility_data(units, unit=old.pk))

    assert response.status_code == 200
    assert not Facility.objects.exists()


def test_facility_create_duplicate_registration_number_is_refused_with_message(
    client, owner, units
):
    FacilityFactory(registration_number="3600123456", name="Cơ sở đã đăng ký")

    response = client.post(
        reverse("accounts:facility_create"), facility_data(units, registration_number="3600123456")
    )

    page = html(response)
    assert "already registered by another account" in page
    assert "Cơ sở đã đăng ký" not in page  # another account's facility name does not leak
    assert Facility.objects.count() == 1


def test_facility_create_own_duplicate_says_you_have_it(client, owner, units):
    FacilityFactory(owner=owner, registration_number="3600123456", name="Cơ sở của tôi")

    response = client.post(reverse("accounts:facility_create"), facility_data(units))

    assert "You already have a profile with this number: Cơ sở của tôi." in html(response)
    assert Facility.objects.count() == 1


def test_facility_edit_shows_saved_province_and_its_communes(client, owner, units):
    facility = FacilityFactory(owner=owner, unit=units["di_an"])

    page = html(client.get(reverse("accounts:facility_edit", args=[facility.pk])))

    assert re.search(rf'<option value="{units["dong_nai"].pk}" selected>', page)
    assert re.search(rf'<option value="{units["di_an"].pk}" selected>', page)
    assert "Xã Bình Chánh" not in option_names(page, "id_unit")


def test_facility_edit_saves_changes(client, owner, units):
    facility = FacilityFactory(owner=owner, unit=units["di_an"])

    client.post(
        reverse("accounts:facility_edit", args=[facility.pk]),
        facility_data(units, registration_number=facility.registration_number, name="Tên mới"),
    )

    facility.refresh_from_db()
    assert facility.name == "Tên mới"


def test_facility_edit_of_another_users_facility_is_404(client, owner, units):
    other = FacilityFactory(name="Cơ sở của người khác")
    url = reverse("accounts:facility_edit", args=[other.pk])

    shown = client.get(url)
    changed = client.post(url, facility_data(units, registration_number=other.registration_number))

    assert shown.status_code == 404
    assert changed.status_code == 404
    other.refresh_from_db()
    assert other.name == "Cơ sở của người khác"
    assert other.owner != owner


def test_facility_form_anonymous_is_sent_to_login(client):
    response = client.get(reverse("accounts:facility_create"))

    assert response.url.startswith(reverse("login"))


def test_facility_form_refresh_without_js_lists_communes_keeps_input_and_saves_nothing(
    client, owner, units
):
    data = facility_data(units, unit="", province=units["hcm"].pk, refresh_units="1")

    response = client.post(reverse("accounts:facility_create"), data)

    page = html(response)
    assert option_names(page, "id_unit") == ["Xã Bình Chánh"]
    assert 'value="Hợp tác xã Gốm Tân Vạn"' in page
    assert "field-error" not in page
    assert not Facility.objects.exists()


# --- artisan -------------------------------------------------------------------------------


def test_artisan_create_then_identity_number_is_masked_on_profile(client, owner, units):
    response = client.post(reverse("accounts:artisan_create"), artisan_data(units))

    artisan = Artisan.objects.get()
    assert artisan.owner == owner
    assert artisan.identity_number == IDENTITY
    page = html(client.get(response.url))
    assert "Trần Văn Sáu" in page
    assert artisan.masked_identity_number in page
    assert IDENTITY not in page


def test_artisan_edit_form_shows_only_masked_identity_number(client, owner, units):
    artisan = ArtisanFactory(owner=owner, identity_number=IDENTITY, unit=units["di_an"])

    page = html(client.get(reverse("accounts:artisan_edit", args=[artisan.pk])))

    assert f'value="{artisan.masked_identity_number}"' in page
    assert IDENTITY not in page


def test_artisan_edit_with_masked_value_keeps_identity_number(client, owner, units):
    artisan = ArtisanFactory(owner=owner, identity_number=IDENTITY, unit=units["di_an"])

    client.post(
        reverse("accounts:artisan_edit", args=[artisan.pk]),
        artisan_data(units, identity_number=artisan.masked_identity_number, craft="Sơn mài"),
    )

    artisan.refresh_from_db()
    assert artisan.craft == "Sơn mài"
    assert artisan.identity_number == IDENTITY


def test_artisan_edit_with_new_number_replaces_it(client, owner, units):
    artisan = ArtisanFactory(owner=owner, identity_number=IDENTITY, unit=units["di_an"])

    client.post(
        reverse("accounts:artisan_edit", args=[artisan.pk]),
        artisan_data(units, identity_number="079 158 009 876"),
    )

    artisan.refresh_from_db()
    assert artisan.identity_number == "079158009876"


@pytest.mark.parametrize("number", ["07517000123", "0751700012345", "07517000123x", ""])
def test_artisan_create_bad_identity_number_is_refused(client, owner, units, number):
    response = client.post(
        reverse("accounts:artisan_create"), artisan_data(units, identity_number=number)
    )

    assert response.status_code == 200
    assert 'class="field-error"' in html(response)
    assert not Artisan.objects.exists()


@pytest.mark.parametrize("year", [1899, "next"])
def test_artisan_create_birth_year_out_of_range_is_refused(client, owner, units, year):
    if year == "next":
        year = timezone.localdate().year + 1

    response = client.post(reverse("accounts:artisan_create"), artisan_data(units, birth_year=year))

    assert 'class="field-error"' in html(response)
    assert not Artisan.objects.exists()


def test_artisan_create_craft_before_birth_is_refused(client, owner, units):
    response = client.post(
        reverse("accounts:artisan_create"), artisan_data(units, craft_since_year=1950)
    )

    assert "before your birth year" in html(response)
    assert not Artisan.objects.exists()


def test_artisan_create_commune_of_another_province_is_refused(client, owner, units):
    response = client.post(
        reverse("accounts:artisan_create"), artisan_data(units, unit=units["binh_chanh"].pk)
    )

    assert "This commune or ward is not in the chosen province." in html(response)
    assert not Artisan.objects.exists()


def test_artisan_edit_of_another_users_profile_is_404(client, owner, units):
    other = ArtisanFactory(identity_number=IDENTITY)
    url = reverse("accounts:artisan_edit", args=[other.pk])

    shown = client.get(url)
    changed = client.post(url, artisan_data(units, craft="Đổi nghề"))

    assert shown.status_code == 404
    assert changed.status_code == 404
    other.refresh_from_db()
    assert other.craft == "Gốm mỹ nghệ"


def test_one_account_may_hold_several_profiles(client, owner, units):
    client.post(reverse("accounts:facility_create"), facility_data(units))
    client.post(
        reverse("accounts:facility_create"),
        facility_data(units, registration_number="3600654321", name="Cơ sở thứ hai"),
    )
    client.post(reverse("accounts:artisan_create"), artisan_data(units))

    assert owner.facilities.count() == 2
    assert owner.artisans.count() == 1


# --- commune list (htmx) -------------------------------------------------------------------


def test_communes_endpoint_returns_current_communes_of_province_in_vietnamese_order(
    client, owner, units
):
    abolished_commune(units["dong_nai"])

    response = client.get(reverse("accounts:communes"), {"province": units["dong_nai"].pk})

    assert option_names(html(response)) == [
        "Phường Dĩ An",
        "Phường Đông Hòa",
        "Phường Tân Đông Hiệp",
        "Xã An Bình",
    ]


@pytest.mark.parametrize("province", ["", "abc", "999999"])
def test_communes_endpoint_unknown_province_returns_only_the_prompt(client, owner, units, province):
    response = client.get(reverse("accounts:communes"), {"province": province})

    assert option_names(html(response)) == []
    assert "Choose the commune or ward" in html(response)


def test_communes_endpoint_anonymous_is_sent_to_login(client, units):
    response = client.get(reverse("accounts:communes"), {"province": units["dong_nai"].pk})

    assert response.url.startswith(reverse("login"))


def test_facility_form_province_select_drives_commune_list_with_htmx(client, owner, units):
    page = html(client.get(reverse("accounts:facility_create")))

    province_select = re.search(r'<select[^>]*id="id_province"[^>]*>', page).group(0)
    assert f'hx-get="{reverse("accounts:communes")}"' in province_select
    assert 'hx-target="#id_unit"' in province_select
    assert option_names(page, "id_unit") == []
