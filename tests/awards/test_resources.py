import datetime
from decimal import Decimal
from io import BytesIO, StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from import_export.formats.base_formats import XLSX

from awards.enums import DossierState, Region, UnitKind
from awards.models import AdminUnit, Dossier
from awards.resources import AdminUnitResource, DossierResource
from tests.factories import (
    AwardRoundFactory,
    DossierFactory,
    FacilityFactory,
    ProvinceFactory,
    UserFactory,
)

S = DossierState
UNIT_HEADERS = [
    "Code", "Name", "Kind", "Parent unit code", "Region", "Valid from", "Valid to",
    "Successor unit code",
]  # fmt: skip
GOOD_UNITS = [
    ["75", "Đồng Nai", "province", "", "south", "01/07/2025", "", ""],
    ["26041", "Phường Trấn Biên", "ward", "75", "", "01/07/2025", "", ""],
    ["70", "Bình Phước", "Province", "", "South", datetime.date(1997, 1, 1), "30/06/2025", "75"],
]
DOSSIER_HEADERS = [
    "Round code", "Dossier code", "Product or candidate name", "Product group",
    "Facility registration number", "Description", "Raw materials and their origin",
    "Annual revenue (VND)", "Jobs created",
]  # fmt: skip


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def dataset_of(rows):
    return XLSX().create_dataset(xlsx_bytes(rows))


def write_xlsx(tmp_path, rows, name="don-vi.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(rows))
    return path


@pytest.fixture(autouse=True)
def _english():
    """Compare with the English source strings, whatever the Vietnamese catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin_client_en(db):
    user = UserFactory(is_staff=True, is_superuser=True)
    user.save()  # the factory sets the password without saving it; sessions check its hash
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


# --- administrative units --------------------------------------------------------------


@pytest.mark.django_db
def test_unit_import_creates_units_with_parents_and_successors():
    result = AdminUnitResource().import_data(dataset_of([UNIT_HEADERS, *GOOD_UNITS]))
    assert not result.has_errors() and not result.has_validation_errors()
    ward = AdminUnit.objects.get(code="26041")
    old = AdminUnit.objects.get(code="70")
    assert (ward.kind, ward.parent.code, ward.valid_from) == (
        UnitKind.WARD, "75", datetime.date(2025, 7, 1),
    )  # fmt: skip
    assert (old.kind, old.region, old.valid_from, old.valid_to, old.successor.code) == (
        UnitKind.PROVINCE, Region.SOUTH, datetime.date(1997, 1, 1), datetime.date(2025, 6, 30), "75",
    )  # fmt: skip


@pytest.mark.django_db
def test_unit_import_reads_field_names_as_headers():
    headers = ["code", "name", "kind", "parent", "region", "valid_from", "valid_to", "successor"]
    result = AdminUnitResource().import_data(dataset_of([headers, *GOOD_UNITS]))
    assert not result.has_validation_errors()
    assert AdminUnit.objects.get(code="26041").parent.name == "Đồng Nai"


@pytest.mark.django_db
def test_unit_import_with_unknown_parent_writes_nothing():
    bad = ["26044", "Phường Tam Hiệp", "ward", "99", "", "01/07/2025", "", ""]
    result = AdminUnitResource().import_data(dataset_of([UNIT_HEADERS, *GOOD_UNITS, bad]))
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 4
    assert invalid.error_dict == {"parent": ["No administrative unit has the code “99”."]}
    assert not AdminUnit.objects.exists()


@pytest.mark.django_db
def test_unit_import_updates_an_existing_unit_by_code():
    ProvinceFactory(code="75", name="Dong Nai")
    AdminUnitResource().import_data(dataset_of([UNIT_HEADERS, GOOD_UNITS[0]]))
    assert AdminUnit.objects.get(code="75").name == "Đồng Nai"
    assert AdminUnit.objects.count() == 1


@pytest.mark.django_db
def test_unit_import_with_unknown_kind_names_the_allowed_values():
    row = ["75", "Đồng Nai", "tỉnh thành", "", "", "", "", ""]
    result = AdminUnitResource().import_data(dataset_of([UNIT_HEADERS, row]))
    [invalid] = result.invalid_rows
    assert "province" in invalid.error_dict["kind"][0]
    assert not AdminUnit.objects.exists()


@pytest.mark.django_db
def test_unit_admin_import_previews_then_imports_a_good_file(admin_client_en):
    url = reverse("admin:awards_adminunit_import")
    upload = BytesIO(xlsx_bytes([UNIT_HEADERS, *GOOD_UNITS]))
    upload.name = "don-vi.xlsx"
    preview = admin_client_en.post(url, {"format": "0", "import_file": upload})
    assert not AdminUnit.objects.exists()
    confirm = preview.context["confirm_form"]
    response = admin_client_en.post(
        reverse("admin:awards_adminunit_process_import"), confirm.initial, follow=True
    )
    assert response.status_code == 200
    assert set(AdminUnit.objects.values_list("code", flat=True)) == {"75", "26041", "70"}


@pytest.mark.django_db
def test_unit_admin_import_with_a_bad_row_offers_no_confirmation(admin_client_en):
    bad = ["26044", "Phường Tam Hiệp", "ward", "99", "", "01/07/2025", "", ""]
    upload = BytesIO(xlsx_bytes([UNIT_HEADERS, *GOOD_UNITS, bad]))
    upload.name = "don-vi.xlsx"
    response = admin_client_en.post(
        reverse("admin:awards_adminunit_import"), {"format": "0", "import_file": upload}
    )
    assert "confirm_form" not in response.context
    assert "No administrative unit has the code “99”." in response.content.decode()
    assert not AdminUnit.objects.exists()


@pytest.mark.django_db
def test_import_units_command_imports_a_good_file(tmp_path):
    out = StringIO()
    call_command("import_units", write_xlsx(tmp_path, [UNIT_HEADERS, *GOOD_UNITS]), stdout=out)
    assert AdminUnit.objects.count() == 3
    assert "3 new, 0 updated and 0 unchanged" in out.getvalue()


@pytest.mark.django_db
def test_import_units_command_dry_run_writes_nothing(tmp_path):
    out = StringIO()
    path = write_xlsx(tmp_path, [UNIT_HEADERS, *GOOD_UNITS])
    call_command("import_units", path, "--dry-run", stdout=out)
    assert not AdminUnit.objects.exists()
    assert "3 new" in out.getvalue()
    assert "Dry run" in out.getvalue()


@pytest.mark.django_db
def test_import_units_command_with_a_bad_row_exits_non_zero_naming_the_row(tmp_path):
    bad = ["26044", "Phường Tam Hiệp", "ward", "99", "", "01/07/2025", "", ""]
    # a blank line before the bad row: the reported number is still the sheet's row
    path = write_xlsx(tmp_path, [UNIT_HEADERS, *GOOD_UNITS, [None] * 8, bad])
    err = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_units", path, stderr=err)
    assert error.value.returncode == 1
    assert "1 row(s) of 4 have errors" in str(error.value)
    assert err.getvalue().strip() == (
        "Row 6: Parent unit code: No administrative unit has the code “99”."
    )
    assert not AdminUnit.objects.exists()


@pytest.mark.django_db
def test_import_units_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="File not found"):
        call_command("import_units", tmp_path / "khong-co.xlsx")


# --- dossiers --------------------------------------------------------------------------


def export_dossiers_xlsx(client):
    """Export every dossier through the admin as a spreadsheet (the first format)."""
    url = reverse("admin:awards_dossier_export")
    form = client.get(url).context["form"]
    data = {"format": "0", "resource": "0"}
    data |= {name: "on" for name in form.fields if name.startswith("dossierresource_")}
    response = client.post(url, data)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


@pytest.mark.django_db
def test_dossier_export_round_trip_changes_only_the_edited_row(admin_client_en):
    award_round = AwardRoundFactory(code="tinh-2026")
    edited = DossierFactory(award_round=award_round, annual_revenue=Decimal("1500000"), jobs=12)
    kept = DossierFactory(award_round=award_round, state=S.SUBMITTED)
    book = openpyxl.load_workbook(BytesIO(export_dossiers_xlsx(admin_client_en)))
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    rows = {
        row[headers.index("Dossier code")]: list(row)
        for row in sheet.iter_rows(2, values_only=True)
    }
    assert rows[kept.code][headers.index("State")] == "Submitted"
    assert rows[edited.code][headers.index("Round code")] == "tinh-2026"
    rows[edited.code][headers.index("Product or candidate name")] = "Bình gốm men rạn"

    result = DossierResource().import_data(dataset_of([headers, *rows.values()]))

    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["update", "skip"] or [
        row.import_type for row in result.rows
    ] == ["skip", "update"]
    edited.refresh_from_db()
    kept_again = Dossier.objects.get(pk=kept.pk)
    assert (edited.title, edited.annual_revenue, edited.jobs) == ("Bình gốm men rạn", 1500000, 12)
    assert (kept_again.title, kept_again.state) == (kept.title, S.SUBMITTED)
    assert Dossier.objects.count() == 2


@pytest.mark.django_db
def test_dossier_import_creates_drafts_with_the_next_code():
    award_round = AwardRoundFactory(code="tinh-2026", code_prefix="DN26")
    facility = FacilityFactory(registration_number="3600123456")
    row = [
        "tinh-2026",
        "",
        "Bánh pía Tân Phú",
        "2",
        "3600123456",
        "Bánh pía nhân sầu riêng.",
        "Bột mì",
        "250.000.000",
        8,
    ]
    result = DossierResource().import_data(
        dataset_of([[*DOSSIER_HEADERS, "State"], [*row, "Accepted"]])
    )
    assert not result.has_validation_errors()
    dossier = Dossier.objects.get(award_round=award_round)
    assert (dossier.code, dossier.state, dossier.owner, dossier.facility) == (
        "DN26-0001", S.DRAFT, facility.owner, facility,
    )  # fmt: skip
    assert (dossier.product_group, dossier.annual_revenue, dossier.jobs) == ("2", 250000000, 8)
    assert not dossier.transitions.exists()


@pytest.mark.django_db
def test_dossier_import_with_one_bad_row_writes_nothing():
    AwardRoundFactory(code="tinh-2026")
    FacilityFactory(registration_number="3600123456")
    good = ["tinh-2026", "", "Bánh pía", "2", "3600123456", "", "", "", ""]
    bad = ["tinh-2026", "", "Chổi đót", "1", "0000000000", "", "", "", ""]
    result = DossierResource().import_data(dataset_of([DOSSIER_HEADERS, good, bad]))
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert invalid.error_dict["facility"] == ["No facility has the code “0000000000”."]
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_dossier_import_with_unknown_round_is_a_row_error():
    row = ["khong-co", "X-1", "Bánh pía", "2", "", "", "", "", ""]
    result = DossierResource().import_data(dataset_of([DOSSIER_HEADERS, row]))
    [invalid] = result.invalid_rows
    assert "khong-co" in str(invalid.error)
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_dossier_import_refuses_changes_to_a_submitted_dossier():
    dossier = DossierFactory(state=S.SUBMITTED, award_round__code="tinh-2026")
    row = [
        "tinh-2026",
        dossier.code,
        "Tên mới",
        "1",
        dossier.facility.registration_number,
        "",
        "",
        "",
        "",
    ]
    result = DossierResource().import_data(dataset_of([DOSSIER_HEADERS, row]))
    [invalid] = result.invalid_rows
    assert "only draft or returned dossiers" in invalid.non_field_specific_errors[0]
    dossier.refresh_from_db()
    assert dossier.title != "Tên mới"


@pytest.mark.django_db
def test_dossier_import_into_an_artisan_round_is_refused():
    AwardRoundFactory(artisan=True, code="nghe-nhan-2026")
    row = ["nghe-nhan-2026", "", "Bánh pía", "2", "", "", "", "", ""]
    result = DossierResource().import_data(dataset_of([DOSSIER_HEADERS, row]))
    assert result.has_validation_errors()
    assert not Dossier.objects.exists()
