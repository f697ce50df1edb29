"""Vietnamese ordering and accent-insensitive search work in the database (SQLite and PostgreSQL)."""

import pytest

from awards.models import AdminUnit, Dossier
from tests.factories import AwardRoundFactory, CommuneFactory, DossierFactory, FacilityFactory

pytestmark = pytest.mark.django_db


def test_dossiers_order_by_vietnamese_collation_in_sql():
    award_round = AwardRoundFactory()
    for title in ["Đào", "Dương", "Bình", "Ân", "Ánh", "An"]:
        DossierFactory(award_round=award_round, title=title, files=False)
    titles = list(
        Dossier.objects.in_round(award_round).vi_ordered().values_list("title", flat=True)
    )
    assert titles == ["An", "Ánh", "Ân", "Bình", "Dương", "Đào"]


def test_search_without_accents_finds_facility_and_commune():
    commune = CommuneFactory(name="Phường Trấn Biên")
    facility = FacilityFactory(name="Cơ sở Gốm Biên Hòa", unit=commune)
    wanted = DossierFactory(facility=facility, title="Bình hoa men rạn", files=False)
    DossierFactory(title="Hạt điều rang muối", facility__name="Cơ sở Điều Vàng", files=False)
    assert list(Dossier.objects.search("gom bien hoa")) == [wanted]
    assert list(Dossier.objects.search("TRAN BIEN")) == [wanted]
    assert list(Dossier.objects.search("men ran")) == [wanted]


def test_search_finds_by_code_and_d_with_stroke():
    wanted = DossierFactory(title="Đũa tre Đồng Nai", files=False)
    assert list(Dossier.objects.search("dua tre dong")) == [wanted]
    assert list(Dossier.objects.search(wanted.code.lower())) == [wanted]


def test_units_order_vietnamese():
    for name in ["Xã Đak Lua", "Xã Dầu Giây", "Phường Biên Hòa"]:
        CommuneFactory(name=name)
    names = list(
        AdminUnit.objects.filter(kind__in=["commune", "ward"]).values_list("name", flat=True)
    )
    assert names.index("Xã Dầu Giây") < names.index("Xã Đak Lua")
