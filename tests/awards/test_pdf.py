"""PDF building blocks and the submission receipt: Vietnamese text survives, facts appear."""

import datetime
import unicodedata
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from awards.documents import issuing_body_lines, receipt_pdf
from awards.enums import Level
from awards.models import Agency, DocumentRequirement
from awards.pdf import (
    build_pdf,
    date_line,
    format_date,
    format_datetime,
    format_file_size,
    format_number,
    official_header,
    para,
    register_fonts,
)
from awards.workflow import run_transition
from tests.factories import ArtisanDossierFactory, DossierFactory, SecretaryFactory, add_document

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def pdf_text(pdf):
    """All pages' text, NFC, with runs of whitespace collapsed to one space."""
    reader = PdfReader(BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def squeezed(text):
    return "".join(text.split())


def submit(dossier):
    return run_transition(dossier=dossier, action="submit", by=dossier.owner)


def product_requirements(dossier):
    return list(dossier.required_documents().order_by("order"))


# --- building blocks -------------------------------------------------------------------------


def test_official_header_renders_motto_body_number_and_date_line():
    flowables = official_header(
        issuing_body_lines=["ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG NAI"],
        number_line="Số: 123/QĐ-UBND",
        place="Đồng Nai",
        date=datetime.date(2026, 11, 22),
    )
    text = pdf_text(build_pdf(flowables, title="Quyết định"))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ỦY BAN NHÂN DÂN" in text
    assert "TỈNH ĐỒNG NAI" in text
    assert "Số: 123/QĐ-UBND" in text
    assert "Đồng Nai, ngày 22 tháng 11 năm 2026" in text


def test_date_line_pads_days_below_10_and_months_below_3():
    assert date_line("Đồng Nai", datetime.date(2026, 2, 5)) == "Đồng Nai, ngày 05 tháng 02 năm 2026"
    assert date_line("Huế", datetime.date(2026, 3, 9)) == "Huế, ngày 09 tháng 3 năm 2026"


def test_date_line_of_a_datetime_uses_vietnam_time():
    late_evening_utc = datetime.datetime(2026, 11, 21, 18, 0, tzinfo=UTC)
    assert date_line("Đồng Nai", late_evening_utc) == "Đồng Nai, ngày 22 tháng 11 năm 2026"


def test_date_line_without_place_or_date_leaves_blanks():
    assert date_line("", datetime.date(2026, 11, 22)) == "Ngày 22 tháng 11 năm 2026"
    assert date_line("Đồng Nai", None).startswith("Đồng Nai, ngày ")


def test_format_date_and_datetime_in_vietnam_time():
    moment = datetime.datetime(2026, 11, 21, 17, 30, tzinfo=UTC)
    assert format_datetime(moment) == "00:30 22/11/2026"
    assert format_date(moment) == "22/11/2026"
    assert format_date(datetime.date(2026, 1, 5)) == "05/01/2026"
    assert format_date(None) == format_datetime(None) == ""


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, 0, "0"),
        (999, 0, "999"),
        (1234567, 0, "1.234.567"),
        (Decimal("1234.5"), 1, "1.234,5"),
        (-70000, 0, "-70.000"),
        (None, 0, ""),
    ],
)
def test_format_number_uses_vietnamese_separators(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_format_file_size_reads_for_people():
    assert format_file_size(512) == "512 B"
    assert format_file_size(12_595) == "12,3 KB"
    assert format_file_size(3 * 1024 * 1024 // 2) == "1,5 MB"


def test_register_fonts_is_idempotent():
    register_fonts()
    register_fonts()
    text = pdf_text(build_pdf([para("Gốm Biên Hòa")], title="x"))
    assert "Gốm Biên Hòa" in text


def test_para_escapes_markup_and_normalises_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Bánh pía & <đặc biệt>")
    text = pdf_text(build_pdf([para(decomposed)], title="x"))
    assert "Bánh pía & <đặc biệt>" in text


def test_build_pdf_numbers_pages_and_embeds_no_standard_font():
    pdf = build_pdf([para(f"Dòng {n}") for n in range(120)], title="Dài", author="Tổ thư ký")
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) > 1
    assert "Trang 2" in reader.pages[1].extract_text()
    assert reader.metadata.title == "Dài"
    assert reader.metadata.author == "Tổ thư ký"
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].get_object().values()
    }
    assert not any("Helvetica" in name or "Times" in name for name in fonts)


# --- issuing body -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("issuing_body", "name", "expected"),
    [
        ("ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI", "", ["ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG NAI"]),
        (
            "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
            "",
            ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"],
        ),
        ("BỘ CÔNG THƯƠNG", "", ["BỘ CÔNG THƯƠNG"]),
        ("UBND TỈNH ĐỒNG NAI\nSỞ CÔNG THƯƠNG", "", ["UBND TỈNH ĐỒNG NAI", "SỞ CÔNG THƯƠNG"]),
        ("", "Sở Công Thương tỉnh Đồng Nai", ["SỞ CÔNG THƯƠNG", "TỈNH ĐỒNG NAI"]),
    ],
)
def test_issuing_body_lines_split_before_the_locality(issuing_body, name, expected):
    agency = Agency(name=name, issuing_body=issuing_body)
    assert issuing_body_lines(agency) == expected


# --- receipt ----------------------------------------------------------------------------------


def test_receipt_shows_header_code_product_documents_and_checksums():
    dossier = DossierFactory(title="Bình gốm men lam Biên Hòa", code="DN26-0001")
    quality = product_requirements(dossier)[1]
    add_document(dossier, quality, content=b"%PDF-1.4 chat luong", name="chứng-nhận-ISO.pdf")
    dossier = submit(dossier)
    revision = dossier.revisions.get()

    pdf = receipt_pdf(dossier=dossier, revision=revision)

    text = pdf_text(pdf)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ỦY BAN NHÂN DÂN" in text
    assert "TỈNH ĐỒNG NAI" in text
    assert "PHIẾU TIẾP NHẬN HỒ SƠ" in text
    assert "Mã hồ sơ: DN26-0001" in text
    assert dossier.award_round.name in text
    assert "Bình gốm men lam Biên Hòa" in text
    assert dossier.facility.name in text
    assert dossier.facility.registration_number in text
    assert format_datetime(revision.submitted_at) in text
    assert "Lần nộp: 1" in text
    assert "Số ảnh đã nộp: 3" in text
    assert "Phiếu này được tạo tự động bởi hệ thống VinhDanh." in text
    documents = list(revision.documents.select_related("requirement"))
    assert len(documents) == 2
    for document in documents:
        assert document.requirement.name in text
        assert document.sha256 in squeezed(text)
    assert "chứng-nhận-ISO.pdf" in squeezed(text)


def test_receipt_of_small_dossier_is_one_pdf_page():
    dossier = submit(DossierFactory())

    pdf = receipt_pdf(dossier=dossier, revision=dossier.revisions.get())

    assert pdf.startswith(b"%PDF")
    assert len(PdfReader(BytesIO(pdf)).pages) == 1


def test_receipt_dates_the_header_with_the_submission_day():
    dossier = submit(DossierFactory())
    revision = dossier.revisions.get()
    revision.submitted_at = datetime.datetime(2026, 11, 21, 18, 15, tzinfo=UTC)

    text = pdf_text(receipt_pdf(dossier=dossier, revision=revision))

    assert "Đồng Nai, ngày 22 tháng 11 năm 2026" in text
    assert "01:15 22/11/2026" in text


def test_receipt_of_artisan_shows_identity_number_only_masked():
    dossier = submit(ArtisanDossierFactory(artisan__full_name="Nguyễn Thị Hồng Nhung"))
    artisan = dossier.artisan

    text = pdf_text(receipt_pdf(dossier=dossier, revision=dossier.revisions.get()))

    assert "Nguyễn Thị Hồng Nhung" in text
    assert artisan.masked_identity_number in text
    assert artisan.masked_identity_number.endswith("234")
    assert artisan.identity_number not in squeezed(text)
    assert "mã số thuế" not in text


def test_receipt_of_resubmission_shows_second_revision_and_its_documents():
    dossier = submit(DossierFactory())
    secretary = SecretaryFactory(agency=dossier.award_round.organiser)
    run_transition(
        dossier=dossier, action="return_for_supplement", by=secretary, note="Thiếu giấy phép"
    )
    quality = product_requirements(dossier)[1]
    added = add_document(dossier, quality, content=b"bo sung", name="bo-sung.pdf")
    dossier = run_transition(dossier=dossier, action="resubmit", by=dossier.owner)
    second = dossier.revisions.get(number=2)

    text = pdf_text(receipt_pdf(dossier=dossier, revision=second))

    assert "Lần nộp: 2" in text
    assert added.sha256 in squeezed(text)


def test_receipt_lists_documents_of_its_revision_only():
    dossier = submit(DossierFactory())
    first = dossier.revisions.get()
    later = add_document(
        dossier, product_requirements(dossier)[1], content=b"sau khi nop", name="sau.pdf"
    )

    text = squeezed(pdf_text(receipt_pdf(dossier=dossier, revision=first)))

    assert later.sha256 not in text
    assert "sau.pdf" not in text


def test_receipt_escapes_names_typed_by_people():
    dossier = submit(DossierFactory(title="Bánh pía & bánh in <Sóc Trăng>"))

    text = pdf_text(receipt_pdf(dossier=dossier, revision=dossier.revisions.get()))

    assert "Bánh pía & bánh in <Sóc Trăng>" in text


def test_receipt_with_20_documents_renders_under_a_second():
    dossier = DossierFactory()
    rule_set = dossier.award_round.rule_set
    for index in range(18):
        requirement = DocumentRequirement.objects.create(
            rule_set=rule_set, level=Level.PROVINCE, code=f"extra-{index}",
            name=f"Tài liệu bổ sung số {index + 1} về chất lượng sản phẩm", mandatory=False,
            accepted_kinds=["pdf"], order=10 + index,
        )  # fmt: skip
        add_document(
            dossier, requirement, content=f"tài liệu {index}".encode(),
            name=f"tai-lieu-bo-sung-so-{index + 1:02d}-ban-sao-chung-thuc.pdf",
        )  # fmt: skip
    add_document(dossier, product_requirements(dossier)[1], content=b"x", name="chat-luong.pdf")
    dossier = submit(dossier)
    revision = dossier.revisions.get()
    assert revision.documents.count() == 20

    pdf = receipt_pdf(dossier=dossier, revision=revision)

    text = pdf_text(pdf)
    for document in revision.documents.select_related("requirement"):
        assert document.sha256 in squeezed(text)
        assert document.requirement.name in text
    assert f"Trang {len(PdfReader(BytesIO(pdf)).pages)}" in text
