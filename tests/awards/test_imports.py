import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from awards import import_files, import_resources, imports
from awards.enums import DossierState
from awards.models import AdminUnit, Dossier, Facility, RoundEvent
from tests.factories import (
    AgencyFactory,
    AwardRoundFactory,
    CommuneFactory,
    DossierFactory,
    FacilityFactory,
    SecretaryFactory,
    UserFactory,
)

S = DossierState
pytestmark = pytest.mark.django_db

H = import_resources.VI_HEADERS
HEADERS = [
    H["award_round"], H["code"], H["title"], H["product_group"], H["facility"],
    H["facility_name"], H["facility_type"], H["commune"], H["representative"],
    H["annual_revenue"], H["jobs"],
]  # fmt: skip


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """Pages in English, whatever the Vietnamese catalogue says."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def award_round():
    return AwardRoundFactory(code="tinh-2026", code_prefix="DN26")


@pytest.fixture
def commune():
    return CommuneFactory(code="26041", name="Phường Trấn Biên")


@pytest.fixture
def secretary(award_round):
    return SecretaryFactory(agency=award_round.organiser)


def client_for(client, user):
    client.force_login(user)
    return client


def row(title="Bánh pía", group="2", number="3600123456", name="Cơ sở Bánh Pía Tân Phú", **more):
    values = {
        "award_round": "", "code": "", "title": title, "product_group": group,
        "facility": number, "facility_name": name, "facility_type": "household",
        "commune": "26041", "representative": "Nguyễn Văn An", "annual_revenue": "250.000.000",
        "jobs": 8,
    } | more  # fmt: skip
    return [
        values[key]
        for key in import_resources.VI_HEADERS
        if import_resources.VI_HEADERS[key] in HEADERS
    ]


def xlsx(rows, headers=HEADERS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_huge_cell(data, placeholder, size):
    """Swap ``placeholder`` for ``size`` characters inside the .xlsx (openpyxl caps cells)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            content = content.replace(placeholder.encode(), b"x" * size)
            target.writestr(info, content)
    return out.getvalue()


def upload(data, name="danh-sach.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return file


def stashed_files():
    folder = Path(settings.MEDIA_ROOT) / import_files.STASH_DIR
    return list(folder.glob("*.xlsx")) if folder.exists() else []


# --- the service ----------------------------------------------------------------------------


def test_dry_run_reports_the_rows_and_writes_nothing(award_round, commune):
    data = xlsx([row(), row(title="Bánh pía sầu riêng")])
    report = imports.import_dossiers(award_round=award_round, data=data, by=None, dry_run=True)
    assert report.ok and not report.written
    assert (report.new, [r.number for r in report.rows]) == (2, [2, 3])
    assert [r.code for r in report.rows] == ["DN26-0001", "DN26-0002"]
    assert not Dossier.objects.exists() and not Facility.objects.exists()


def test_real_import_writes_every_row_and_creates_the_facility_once(award_round, commune):
    data = xlsx([row(), row(title="Bánh pía sầu riêng", name="")])
    report = imports.import_dossiers(award_round=award_round, data=data, by=None, dry_run=False)
    assert report.written
    facility = Facility.objects.get()
    assert (facility.registration_number, facility.unit, facility.owner) == (
        "3600123456",
        commune,
        None,
    )
    dossiers = Dossier.objects.filter(award_round=award_round).order_by("code")
    assert [(d.code, d.title, d.state, d.facility) for d in dossiers] == [
        ("DN26-0001", "Bánh pía", S.DRAFT, facility),
        ("DN26-0002", "Bánh pía sầu riêng", S.DRAFT, facility),
    ]
    assert RoundEvent.objects.get(action="dossiers_imported").data["new"] == 2


def test_a_registered_facility_needs_only_its_number(award_round):
    facility = FacilityFactory(registration_number="3600999999")
    data = xlsx(
        [row(number="3600999999", name="", facility_type="", commune="", representative="")]
    )
    report = imports.import_dossiers(award_round=award_round, data=data, by=None, dry_run=False)
    assert report.written
    assert Dossier.objects.get().facility == facility
    assert Facility.objects.count() == 1


def problems_of(report):
    return [(p.row, p.column, p.message) for p in report.problems]


@pytest.mark.parametrize(
    ("bad", "column", "message"),
    [
        ({"commune": "99999"}, "Commune or ward code", "No current commune or ward has the code “99999”."),
        ({"product_group": ""}, "Product group", "Give the product group: 1, 2, 3, 4."),
        ({"product_group": "nhóm 9"}, "Product group", "“nhóm 9” is not one of: 1, 2, 3, 4."),
        ({"jobs": "tám người"}, "Jobs created", "“tám người” is not a valid number."),
        ({"annual_revenue": "nhiều"}, "Annual revenue (VND)", "“nhiều” is not a valid number."),
        ({"award_round": "huyen-2026"}, "Round code", "This page imports into round “tinh-2026”, not “huyen-2026”."),
        ({"facility": "12345"}, "Facility registration number", "Enter the business registration or tax number"),
    ],
)  # fmt: skip
def test_one_bad_row_writes_nothing_and_names_row_and_column(
    award_round, commune, bad, column, message
):
    fields = {"title": "Chổi đót", "number": "3600555555", "name": "Cơ sở Chổi Đót"}
    extra = {k: v for k, v in bad.items()}
    if "facility" in extra:
        fields["number"] = extra.pop("facility")
    data = xlsx([row(), row(**fields, **extra), row(title="Bánh pía lá dứa")])
    report = imports.import_dossiers(award_round=award_round, data=data, by=None, dry_run=False)
    assert not report.written
    [(number, where, text)] = problems_of(report)
    assert (number, where) == (3, column)
    assert text.startswith(message)
    assert not Dossier.objects.exists() and not Facility.objects.exists()


def test_duplicate_registration_number_for_two_facilities_is_refused(award_round, commune):
    data = xlsx([row(), row(title="Nón lá", group="1", name="Cơ sở Nón Lá Khác")])
    report = imports.import_dossiers(award_round=award_round, data=data, by=None, dry_run=False)
    [(number, column, text)] = problems_of(report)
    assert (number, column) == (3, "Facility registration number")
    assert "is given for another facility in row 2" in text
    assert not Dossier.objects.exists() and not Facility.objects.exists()


def test_registration_number_of_another_registered_facility_is_refused(award_round, commune):
    FacilityFactory(registration_number="3600123456", name="Hợp tác xã Gốm")
    report = imports.import_dossiers(
        award_round=award_round, data=xlsx([row()]), by=None, dry_run=False
    )
    [(number, column, text)] = problems_of(report)
    assert (number, column) == (2, "Facility registration number")
    assert "already registered to “Hợp tác xã Gốm”" in text
    assert not Dossier.objects.exists()


def test_the_same_product_twice_is_refused(award_round, commune):
    data = xlsx([row(), row(title="BÁNH PÍA")])
    report = imports.import_dossiers(award_round=award_round, data=data, by=None, dry_run=False)
    assert problems_of(report) == [
        (3, "Product or candidate name", "Row 2 already lists this product of this facility.")
    ]
    assert not Dossier.objects.exists()


def test_a_ten_megabyte_cell_is_refused_naming_row_and_column(award_round, commune):
    data = with_huge_cell(xlsx([row(), row(title="HUGE-CELL")]), "HUGE-CELL", 10_000_000)
    report = imports.import_dossiers(award_round=award_round, data=data, by=None, dry_run=True)
    assert report.problems[0].message == "Some cells are too long; nothing was imported."
    [huge] = report.problems[1:]
    assert (huge.row, huge.column) == (3, H["title"])
    assert "10.000.000 characters; at most 5000" in huge.message
    assert not Dossier.objects.exists()


def test_import_into_an_artisan_round_is_refused():
    artisan_round = AwardRoundFactory(artisan=True)
    report = imports.import_dossiers(
        award_round=artisan_round, data=xlsx([row()]), by=None, dry_run=True
    )
    assert "product rounds" in report.problems[0].message
    assert not report.written


def test_a_file_that_is_not_xlsx_is_refused(award_round):
    report = imports.import_dossiers(
        award_round=award_round, data=b"not a zip", by=None, dry_run=True
    )
    assert problems_of(report) == [(None, "", "This is not an Excel file (.xlsx).")]


def test_unknown_columns_are_reported_as_warnings(award_round, commune):
    data = xlsx([[*row(), "?"]], headers=[*HEADERS, "Ghi chú riêng"])
    report = imports.import_dossiers(award_round=award_round, data=data, by=None, dry_run=True)
    assert report.ok
    assert report.warnings == ["The column “Ghi chú riêng” is not recognised and is ignored."]


def test_export_imports_back_without_changes(award_round):
    DossierFactory(award_round=award_round, title="Bình gốm")
    DossierFactory(award_round=award_round, state=S.SUBMITTED)
    DossierFactory(title="Vòng khác")  # another round: not exported
    data = imports.export_dossiers_xlsx(award_round=award_round)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.max_row == 3
    report = imports.import_dossiers(award_round=award_round, data=data, by=None, dry_run=True)
    assert report.ok
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2)


# --- the pages ------------------------------------------------------------------------------


def test_upload_previews_then_confirm_writes_all(client, award_round, commune, secretary):
    client_for(client, secretary)
    url = reverse("secretariat:import_dossiers", args=[award_round.code])
    preview = client.post(url, {"file": upload(xlsx([row(), row(title="Bánh pía lá dứa")]))})
    assert preview.status_code == 200
    assert "Bánh pía lá dứa" in preview.content.decode()
    assert not Dossier.objects.exists()
    token = preview.context["confirm_form"].initial["token"]
    assert len(stashed_files()) == 1

    response = client.post(
        reverse("secretariat:import_dossiers_confirm", args=[award_round.code]),
        {"token": token},
        follow=True,
    )

    assert Dossier.objects.filter(award_round=award_round).count() == 2
    assert "Imported: 2 new and 0 changed dossier(s)." in response.content.decode()
    assert stashed_files() == []


def test_upload_with_a_bad_row_shows_row_and_column_and_offers_no_confirmation(
    client, award_round, commune, secretary
):
    client_for(client, secretary)
    url = reverse("secretariat:import_dossiers", args=[award_round.code])
    response = client.post(
        url,
        {
            "file": upload(
                xlsx([row(), row(title="Nón", commune="00000", number="3600777777", name="Nón lá")])
            )
        },
    )
    page = response.content.decode()
    assert response.context["confirm_form"] is None
    assert "No current commune or ward has the code “00000”." in page
    assert "Commune or ward code" in page
    assert response.context["report"].problems[0].row == 3
    assert stashed_files() == []
    assert not Dossier.objects.exists()


def test_confirm_without_a_preview_writes_nothing(client, award_round, secretary):
    client_for(client, secretary)
    response = client.post(
        reverse("secretariat:import_dossiers_confirm", args=[award_round.code]),
        {"token": "0" * 32},
        follow=True,
    )
    assert "no longer waiting for confirmation" in response.content.decode()
    assert not Dossier.objects.exists()


def test_cancel_forgets_the_uploaded_file(client, award_round, commune, secretary):
    client_for(client, secretary)
    client.post(
        reverse("secretariat:import_dossiers", args=[award_round.code]),
        {"file": upload(xlsx([row()]))},
    )
    assert len(stashed_files()) == 1
    client.post(reverse("secretariat:import_dossiers_cancel", args=[award_round.code]))
    assert stashed_files() == []
    assert not Dossier.objects.exists()


def test_upload_of_a_non_xlsx_name_is_refused_by_the_form(client, award_round, secretary):
    client_for(client, secretary)
    response = client.post(
        reverse("secretariat:import_dossiers", args=[award_round.code]),
        {"file": upload(b"a,b", name="danh-sach.csv")},
    )
    assert "Upload an Excel file (.xlsx)." in response.content.decode()


def test_template_has_vietnamese_headers_an_example_and_a_guide(
    client, award_round, commune, secretary
):
    client_for(client, secretary)
    response = client.get(reverse("secretariat:import_dossiers_template", args=[award_round.code]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet, guide = book.worksheets
    headers = [cell.value for cell in sheet[1]]
    assert headers[:5] == [
        "Mã đợt bình chọn",
        "Mã hồ sơ",
        "Tên sản phẩm",
        "Nhóm sản phẩm",
        "Mã số đăng ký kinh doanh",
    ]
    assert "Trạng thái" not in headers
    example = dict(zip(headers, [cell.value for cell in sheet[2]], strict=True))
    assert (example["Mã đợt bình chọn"], example["Mã xã/phường"]) == ("tinh-2026", "26041")
    guide_rows = [tuple(r) for r in guide.iter_rows(values_only=True)]
    assert ("26041", "Phường Trấn Biên") in guide_rows
    assert (
        "2",
        "Group 2: Processed agricultural, forestry, aquatic products and food",
    ) in guide_rows


def test_the_filled_template_imports(award_round, commune):
    book = openpyxl.load_workbook(
        io.BytesIO(imports.dossier_template_xlsx(award_round=award_round))
    )
    buffer = io.BytesIO()
    book.remove(book.worksheets[1])
    book.save(buffer)
    report = imports.import_dossiers(
        award_round=award_round, data=buffer.getvalue(), by=None, dry_run=False
    )
    assert report.written, report.problems
    assert Dossier.objects.get().title == "Bình gốm men lam Biên Hòa"


def test_bulk_export_downloads_the_rounds_dossiers(client, award_round, secretary):
    DossierFactory(award_round=award_round, title="Bình gốm men lam")
    client_for(client, secretary)
    response = client.get(reverse("secretariat:export_dossiers", args=[award_round.code]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell for r in sheet.iter_rows(values_only=True) for cell in r]
    assert "Bình gốm men lam" in values
    assert "attachment" in response["Content-Disposition"]


def dossier_page_urls(award_round):
    code = award_round.code
    return [
        ("get", reverse("secretariat:import_dossiers", args=[code])),
        ("get", reverse("secretariat:import_dossiers_template", args=[code])),
        ("get", reverse("secretariat:export_dossiers", args=[code])),
        ("post", reverse("secretariat:import_dossiers_confirm", args=[code])),
        ("post", reverse("secretariat:import_dossiers_cancel", args=[code])),
    ]


@pytest.mark.parametrize("persona", ["other_secretariat", "applicant"])
def test_import_pages_are_404_for_others(client, award_round, persona):
    user = (
        SecretaryFactory(agency=AgencyFactory())
        if persona == "other_secretariat"
        else DossierFactory(award_round=award_round, state=S.SUBMITTED).owner
    )
    client_for(client, user)
    for method, url in dossier_page_urls(award_round):
        assert getattr(client, method)(url).status_code == 404, url


def test_import_pages_send_anonymous_visitors_to_login(client, award_round):
    for method, url in dossier_page_urls(award_round):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_import_page_opens_for_the_round_secretariat(client, award_round, secretary):
    client_for(client, secretary)
    response = client.get(reverse("secretariat:import_dossiers", args=[award_round.code]))
    assert response.status_code == 200
    assert award_round.name in response.content.decode()


# --- administrative units -------------------------------------------------------------------

UNIT_HEADERS = list(import_resources.UNIT_VI_HEADERS.values())


def test_unit_import_for_the_system_administrator(client):
    client_for(client, UserFactory(is_superuser=True, is_staff=True))
    data = xlsx(
        [["75", "Đồng Nai", "province", "", "south", "01/07/2025", "", ""],
         ["26041", "Phường Trấn Biên", "ward", "75", "", "01/07/2025", "", ""]],
        headers=UNIT_HEADERS,
    )  # fmt: skip
    preview = client.post(reverse("secretariat:import_units"), {"file": upload(data)})
    assert not AdminUnit.objects.exists()
    token = preview.context["confirm_form"].initial["token"]
    client.post(reverse("secretariat:import_units_confirm"), {"token": token})
    assert AdminUnit.objects.get(code="26041").parent.code == "75"


def test_unit_import_with_a_bad_row_writes_nothing(client):
    client_for(client, UserFactory(is_superuser=True, is_staff=True))
    data = xlsx(
        [["75", "Đồng Nai", "province", "", "south", "", "", ""],
         ["26044", "Phường Tam Hiệp", "ward", "99", "", "", "", ""]],
        headers=UNIT_HEADERS,
    )  # fmt: skip
    response = client.post(reverse("secretariat:import_units"), {"file": upload(data)})
    [problem] = response.context["report"].problems
    assert (problem.row, problem.column) == (3, "Parent unit code")
    assert response.context["confirm_form"] is None
    assert not AdminUnit.objects.exists()


@pytest.mark.parametrize("persona", ["secretariat", "staff"])
def test_unit_import_pages_are_404_for_everyone_but_the_administrator(client, persona):
    user = (
        SecretaryFactory(agency=AgencyFactory())
        if persona == "secretariat"
        else UserFactory(is_staff=True)
    )
    client_for(client, user)
    assert client.get(reverse("secretariat:import_units")).status_code == 404
    assert client.get(reverse("secretariat:import_units_template")).status_code == 404
    assert client.post(reverse("secretariat:import_units_confirm")).status_code == 404
