import datetime

import pytest
from django.core.exceptions import ValidationError

from awards.enums import PROVINCIAL_KINDS, Region, UnitKind
from awards.models import AdminUnit
from awards.presets.geo import admin_units, local_kind
from awards.presets.loader import load_admin_units
from awards.text import vi_sort_key

pytestmark = pytest.mark.django_db

CENTRALLY_RUN_CITIES = {"Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}


@pytest.fixture
def units():
    load_admin_units()


def test_current_provincial_units_are_34_with_six_cities(units):
    current = AdminUnit.objects.current().provinces()

    assert current.count() == 34
    assert set(current.filter(kind=UnitKind.CITY).values_list("name", flat=True)) == (
        CENTRALLY_RUN_CITIES
    )
    assert not current.filter(region="").exists()
    assert set(current.values_list("valid_from", flat=True)) == {datetime.date(2025, 7, 1)}


def test_current_provinces_carry_stable_codes_and_default_regions(units):
    by_code = {unit.code: unit for unit in AdminUnit.objects.current().provinces()}

    assert by_code["01"].name == "Hà Nội"
    assert by_code["46"].name == "Huế"
    assert by_code["75"].name == "Đồng Nai"
    assert by_code["79"].name == "Hồ Chí Minh"
    assert by_code["92"].name == "Cần Thơ"
    assert by_code["46"].region == Region.CENTRAL
    assert by_code["75"].region == Region.SOUTH
    assert by_code["22"].region == Region.NORTH
    assert [by_code[c].region for c in by_code].count(Region.SOUTH) == 8


def test_legacy_provinces_are_63_and_end_on_30_june_2025(units):
    legacy = AdminUnit.objects.provinces().filter(code__startswith="L")

    assert legacy.count() == 63
    assert set(legacy.values_list("valid_to", flat=True)) == {datetime.date(2025, 6, 30)}
    assert not legacy.filter(successor__isnull=True).exists()
    assert all(unit.successor.is_current for unit in legacy.select_related("successor"))


def test_binh_phuoc_and_old_dong_nai_are_succeeded_by_new_dong_nai(units):
    binh_phuoc = AdminUnit.objects.get(code="L70")
    old_dong_nai = AdminUnit.objects.get(code="L75")

    assert binh_phuoc.name == "Bình Phước"
    assert binh_phuoc.successor.code == "75"
    assert old_dong_nai.successor.code == "75"
    assert binh_phuoc.region == Region.SOUTH


def test_merged_provinces_point_at_the_unit_that_absorbed_them(units):
    successor = dict(
        AdminUnit.objects.filter(code__startswith="L", kind__in=PROVINCIAL_KINDS).values_list(
            "name", "successor__name"
        )
    )

    assert successor["Hà Giang"] == "Tuyên Quang"
    assert successor["Quảng Nam"] == "Đà Nẵng"
    assert successor["Bình Dương"] == "Hồ Chí Minh"
    assert successor["Bà Rịa – Vũng Tàu"] == "Hồ Chí Minh"
    assert successor["Kiên Giang"] == "An Giang"
    assert successor["Thừa Thiên Huế"] == "Huế"


def test_current_successor_follows_links_to_the_unit_in_force(units):
    district = AdminUnit.objects.get(code="L75-731")
    older = AdminUnit.objects.create(
        code="TEST-OLD",
        name="Tỉnh Sông Bé",
        kind=UnitKind.PROVINCE,
        valid_to=datetime.date(1996, 12, 31),
        successor=AdminUnit.objects.get(code="L70"),
    )

    assert district.current_successor().code == "75"
    assert older.current_successor().code == "75"
    assert AdminUnit.objects.get(code="75").current_successor().code == "75"


def test_valid_on_filters_provinces_by_date(units):
    before = AdminUnit.objects.provinces().valid_on(datetime.date(2025, 6, 30))
    after = AdminUnit.objects.provinces().valid_on(datetime.date(2025, 7, 1))

    assert before.count() == 63
    assert all(code.startswith("L") for code in before.values_list("code", flat=True))
    assert after.count() == 34
    assert not after.filter(code__startswith="L").exists()


def test_legacy_districts_of_old_dong_nai_hang_under_l75(units):
    districts = AdminUnit.objects.filter(kind=UnitKind.DISTRICT)

    assert districts.count() == 11
    assert set(districts.values_list("parent__code", flat=True)) == {"L75"}
    assert set(districts.values_list("successor__code", flat=True)) == {"75"}
    assert set(districts.values_list("valid_to", flat=True)) == {datetime.date(2025, 6, 30)}
    assert districts.get(code="L75-731").name == "Thành phố Biên Hòa"
    assert districts.get(code="L75-731").province.code == "L75"


def test_dong_nai_wards_and_communes_have_the_kind_their_name_says(units):
    local = AdminUnit.objects.filter(parent__code="75")
    wards = set(local.filter(kind=UnitKind.WARD).values_list("name", flat=True))
    communes = set(local.filter(kind=UnitKind.COMMUNE).values_list("name", flat=True))

    assert local.count() == 95
    assert len(wards) == 23
    assert len(communes) == 72
    assert all(name.startswith("Phường ") for name in wards)
    assert all(name.startswith("Xã ") for name in communes)
    assert {"Phường Trấn Biên", "Phường Biên Hòa", "Phường Đồng Xoài"} <= wards
    assert {"Xã Nhơn Trạch", "Xã Long Thành", "Xã Lộc Ninh"} <= communes
    assert AdminUnit.objects.get(name="Phường Trấn Biên").province.code == "75"


def test_local_kind_refuses_a_name_without_a_known_prefix():
    assert local_kind("Đặc khu Côn Đảo") == UnitKind.SPECIAL_ZONE
    with pytest.raises(ValueError):
        local_kind("Thị trấn Vĩnh An")


def test_admin_units_are_listed_in_vietnamese_order(units):
    names = list(
        AdminUnit.objects.filter(parent__code="75", kind=UnitKind.WARD).values_list(
            "name", flat=True
        )
    )

    assert names == sorted(names, key=vi_sort_key)
    assert names != sorted(names)  # plain code-point order puts Đ after Z
    assert names.index("Phường Chơn Thành") < names.index("Phường Đồng Xoài")
    assert names.index("Phường Đồng Xoài") < names.index("Phường Hàng Gòn")
    assert names.index("Phường Bình Long") < names.index("Phường Bình Lộc")


def test_loading_units_twice_keeps_rows_and_pks(units):
    before = dict(AdminUnit.objects.values_list("code", "pk"))

    counts = load_admin_units()

    assert dict(AdminUnit.objects.values_list("code", "pk")) == before
    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, len(before))


def test_loading_units_repairs_edited_rows_in_place(units):
    unit = AdminUnit.objects.get(code="L70")
    AdminUnit.objects.filter(pk=unit.pk).update(name="Sai tên", successor=None)

    counts = load_admin_units()

    unit.refresh_from_db()
    assert (unit.name, unit.successor.code) == ("Bình Phước", "75")
    assert counts.updated == 1


def test_loading_units_keeps_units_the_data_does_not_know(units):
    extra = AdminUnit.objects.create(code="X-1", name="Xã Thêm Vào", kind=UnitKind.COMMUNE)

    load_admin_units()

    assert AdminUnit.objects.filter(pk=extra.pk).exists()


def test_loading_units_with_an_unknown_successor_fails_and_writes_nothing():
    first, legacy = admin_units()[0], admin_units()[40]
    data = [first, {**legacy, "code": "L99", "successor_code": "NOWHERE"}]

    with pytest.raises(ValidationError, match="NOWHERE"):
        load_admin_units(units=data)

    assert not AdminUnit.objects.exists()
