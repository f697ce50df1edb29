import datetime
import zipfile
from io import BytesIO

import pytest

from awards import certificates
from awards.models import Certificate
from tests.awards.factories_results import decided_round
from tests.awards.readback import pdf_text, squeezed

pytestmark = pytest.mark.django_db

PRODUCTS = [("Bình gốm men lam Biên Hòa", 91), ("Nón lá Gò Găng", 80), ("Đũa tre", 60)]


def test_certificate_pdf_reads_back_with_diacritics_motto_validity_and_qr_url(settings):
    settings.SITE_URL = "https://vinhdanh.example.vn"
    scene = decided_round(products=PRODUCTS, code_prefix="SPDN")
    certificate = Certificate.objects.get(number="SPDN/2025/001")

    text = pdf_text(certificates.certificate_pdf(certificate))

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "GIẤY CHỨNG NHẬN" in text
    assert "SẢN PHẨM CÔNG NGHIỆP NÔNG THÔN TIÊU BIỂU CẤP TỈNH" in text
    assert "Bình gốm men lam Biên Hòa" in text
    assert "Số: SPDN/2025/001" in text
    assert "31/12/2028" in text
    assert "123/QĐ-UBND ngày 15/12/2025" in text
    assert "Võ Văn Phi" in text
    url = f"https://vinhdanh.example.vn/registry/verify/{certificate.token}/"
    assert url in squeezed(text)
    assert scene.decision.certificates.count() == 2


def test_certificate_valid_until_follows_the_rule_set_end_of_fourth_year():
    decided_round(products=PRODUCTS, signed_on=datetime.date(2025, 12, 30))

    certificate = Certificate.objects.order_by("number").first()

    assert certificate.valid_until == datetime.date(2028, 12, 31)
    assert certificate.status_on(datetime.date(2028, 12, 31)) == "valid"
    assert certificate.status_on(datetime.date(2029, 1, 1)) == "expired"


def test_certificates_zip_holds_one_pdf_per_certificate():
    scene = decided_round(products=PRODUCTS, code_prefix="KH")

    archive = zipfile.ZipFile(BytesIO(certificates.certificates_zip(scene.round)))

    assert sorted(archive.namelist()) == [
        "giay-chung-nhan-KH-2025-001.pdf",
        "giay-chung-nhan-KH-2025-002.pdf",
    ]
    assert "Nón lá Gò Găng" in pdf_text(archive.read("giay-chung-nhan-KH-2025-002.pdf"))
