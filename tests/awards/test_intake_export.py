"""Export of the filtered intake list to xlsx, read back with openpyxl."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from awards.enums import DossierState
from awards.exports import XLSX_CONTENT_TYPE
from awards.models import Dossier
from tests.awards.factories_intake import login, office
from tests.factories import CommuneFactory, FacilityFactory

pytestmark = pytest.mark.django_db

S = DossierState


def export(client, award_round, query="", language="vi"):
    url = reverse("secretariat:intake_export", args=[award_round.code]) + query
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(BytesIO(response.content)).active


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.fixture
def desk_with_dossiers():
    desk = office()
    commune = CommuneFactory(name="Phường Trấn Biên")
    gom = desk.dossier(
        state=S.SUBMITTED,
        title="Bình gốm men lam Đồng Nai",
        facility=FacilityFactory(name="Hợp tác xã Gốm Tân Vạn", unit=commune),
    )
    submitted_at = timezone.make_aware(datetime.datetime(2026, 4, 2, 22, 30))
    Dossier.objects.filter(pk=gom.pk).update(submitted_at=submitted_at)
    desk.dossier(state=S.ACCEPTED, title="Hạt điều rang muối")
    desk.dossier(state=S.DRAFT, title="Bản nháp")
    return desk, gom


@pytest.mark.parametrize("language", ["vi", "en"])
def test_export_headers_are_in_the_active_language(client, desk_with_dossiers, language):
    desk, _gom = desk_with_dossiers
    login(client, desk.secretary)

    sheet = export(client, desk.award_round, language=language)

    headers = [cell.value for cell in sheet[1]]
    with translation.override(language):
        expected = [
            translation.gettext(text)
            for text in ("No.", "Dossier code", "Product or candidate name", "Product group")
        ]
    assert headers[:4] == expected
    assert len(headers) == 11


def test_export_contains_only_the_filtered_rows_with_diacritics_intact(client, desk_with_dossiers):
    desk, gom = desk_with_dossiers
    login(client, desk.secretary)

    sheet = export(client, desk.award_round, "?q=gom+tan+van&state=submitted")

    [row] = rows(sheet)
    assert row[:3] == [1, gom.code, "Bình gốm men lam Đồng Nai"]
    assert row[4:6] == ["Hợp tác xã Gốm Tân Vạn", "Phường Trấn Biên"]


def test_export_of_whole_queue_leaves_drafts_out_and_keeps_the_order(client, desk_with_dossiers):
    desk, _gom = desk_with_dossiers
    login(client, desk.secretary)

    sheet = export(client, desk.award_round)

    assert [row[2] for row in rows(sheet)] == ["Bình gốm men lam Đồng Nai", "Hạt điều rang muối"]


def test_export_dates_are_local_dates_shown_dd_mm_yyyy(client, desk_with_dossiers):
    desk, _gom = desk_with_dossiers
    login(client, desk.secretary)

    sheet = export(client, desk.award_round, "?q=gom+tan+van")

    cell = sheet.cell(row=2, column=8)
    # 22:30 on 2 April in Vietnam (UTC+7): still 2 April, not the UTC date.
    assert cell.value.date() == datetime.date(2026, 4, 2)
    assert cell.number_format == "dd/mm/yyyy"


def test_export_has_a_frozen_bold_header_and_sized_columns(client, desk_with_dossiers):
    desk, _gom = desk_with_dossiers
    login(client, desk.secretary)

    sheet = export(client, desk.award_round)

    assert sheet.freeze_panes == "A2"
    assert sheet["B1"].font.b is True
    assert sheet.column_dimensions["C"].width >= 30
    assert sheet.auto_filter.ref == "A1:K3"
