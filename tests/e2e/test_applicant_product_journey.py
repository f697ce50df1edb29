"""A facility files a product dossier from scratch, on a desktop screen (1280 px).

Registers through the form, opens the confirmation link from the e-mail, fills the facility
profile (province, then commune through htmx), picks the open provincial round of the real
"product-tt26" rule set, fills the facts, uploads the three mandatory documents and three
photos at once, ticks the declarations, watches the completeness panel turn ready, submits,
reads the receipt (dossier code, SHA-256 of each file) and downloads the receipt PDF.
Screenshots: test-artifacts/product-*.png.
"""

import re
from io import BytesIO

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from awards.enums import DossierState, Family, Level
from awards.models import Dossier
from tests.e2e.helpers_portal import (
    choose_unit,
    load_presets,
    open_round,
    open_verification_link,
    register,
    sha256_of,
    snap,
    submit_from_panel,
    t,
    upload_document,
    write_jpeg,
    write_pdf,
)

pytestmark = pytest.mark.e2e

EMAIL = "htx.gomtanvan@example.vn"
PASSWORD = "Gom-Tan-Van-2026!"
PRODUCT = "Bình gốm men lam Biên Hòa"


@pytest.fixture
def product_round(transactional_db):
    province = load_presets()
    return open_round(
        preset_code="product-tt26",
        province=province,
        code="cnnt-dong-nai-2026",
        code_prefix="DN26",
        name="Bình chọn sản phẩm CNNT tiêu biểu tỉnh Đồng Nai năm 2026",
        family=Family.PRODUCT,
        level=Level.PROVINCE,
    )


@pytest.fixture
def files(tmp_path):
    return {
        "registration_form": write_pdf(
            tmp_path / "phieu-dang-ky.pdf", "Phieu dang ky tham gia binh chon", PRODUCT
        ),
        "business_registration": write_pdf(
            tmp_path / "giay-chung-nhan-dkkd.pdf", "Giay chung nhan dang ky HTX 3600123456"
        ),
        "product_description": write_pdf(
            tmp_path / "thuyet-minh-san-pham.pdf", "Ban thuyet minh san pham", PRODUCT
        ),
        "photos": [
            write_jpeg(tmp_path / "binh-gom-mat-truoc.jpg", (32, 84, 160)),
            write_jpeg(tmp_path / "binh-gom-mat-sau.jpg", (40, 110, 90)),
            write_jpeg(tmp_path / "lo-nung.jpg", (150, 70, 40)),
        ],
    }


def test_facility_registers_fills_and_submits_a_product_dossier(
    page, live_server, shot, product_round, files
):
    page.set_viewport_size({"width": 1280, "height": 900})

    # 1. Register as a facility and confirm the address from the e-mail.
    register(
        page,
        live_server,
        full_name="Nguyễn Văn Gốm",
        email=EMAIL,
        phone="0912 345 678",
        password=PASSWORD,
        profile_kind="facility",
    )
    snap(page, shot, "product-01-registered")
    verification = open_verification_link(page, live_server, EMAIL)
    assert "Xin chào Nguyễn Văn Gốm" in verification.body

    # 2. The link leads straight to the facility profile form.
    expect(page).to_have_url(re.compile(r"/accounts/profile/facilities/new/$"))
    page.select_option("#id_facility_type", "cooperative")
    page.fill("#id_name", "Hợp tác xã Gốm Tân Vạn")
    page.fill("#id_registration_number", "3600123456")
    page.fill("#id_representative", "Nguyễn Văn Gốm")
    page.fill("#id_representative_title", "Giám đốc")
    page.fill("#id_phone", "0912345678")
    choose_unit(page, province="Đồng Nai", commune="Phường Trấn Biên")
    page.fill("#id_street_address", "12 đường Bùi Hữu Nghĩa, khu phố Tân Vạn")
    snap(page, shot, "product-02-facility-form")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    expect(page.locator(".profile-card h3")).to_have_text("Hợp tác xã Gốm Tân Vạn")
    expect(page.locator(".profile-card")).to_contain_text("Phường Trấn Biên, Đồng Nai")

    # 3. The open rounds list shows the provincial round with what it asks for.
    page.locator("header").get_by_role("link", name=t("Open rounds")).click()
    card = page.locator(f"#round-{product_round.code}")
    expect(card.locator("h2")).to_have_text(product_round.name)
    card.locator("summary").click()
    expect(card.locator(".checklist li")).to_have_count(6)
    snap(page, shot, "product-03-open-rounds")
    card.get_by_role("button", name=t("Start a dossier")).click()

    # 4. Start the dossier: the only facility is preselected, the product named.
    expect(page.locator("h1")).to_have_text(t("Start a dossier"))
    expect(page.locator("input[name=record]")).to_be_checked()
    page.fill("#id_title", PRODUCT)
    page.get_by_role("button", name=t("Start the dossier")).click()
    expect(page).to_have_url(re.compile(r"/portal/dossiers/\d+/facts/$"))
    dossier = Dossier.objects.get(owner__email=EMAIL)
    assert dossier.code == "DN26-0001"
    expect(page.locator("h1")).to_contain_text(dossier.code)
    expect(page.locator(".completeness")).to_contain_text(t("Still missing"))

    # 5. Facts.
    expect(page.locator("#id_title")).to_have_value(PRODUCT)
    page.check("input[name=is_product_set][value='0']")
    page.select_option("#id_product_group", "1")
    page.fill(
        "#id_description",
        "Bình gốm men lam vẽ tay, nung ở 1.250 °C theo kỹ thuật gốm Biên Hòa truyền thống.",
    )
    page.fill("#id_raw_materials", "Đất sét Tân Vạn, men tro trấu tự pha.")
    page.fill("#id_production_capacity", "2.000 sản phẩm mỗi năm")
    page.fill("#id_annual_revenue", "1.250.000.000")
    page.fill("#id_jobs", "18")
    page.check("input[name=markets][value=local]")
    page.check("input[name=markets][value=export]")
    page.fill("#id_standards", "TCVN 7452:2004")
    snap(page, shot, "product-04-facts")
    page.get_by_role("button", name=t("Save and continue")).click()

    # 6. Documents: the three mandatory items of the provincial checklist.
    expect(page).to_have_url(re.compile(r"/portal/dossiers/\d+/documents/$"))
    expect(page.locator(".message--success")).to_have_text(t("The information has been saved."))
    dossier.refresh_from_db()
    assert (dossier.product_group, dossier.annual_revenue, dossier.jobs) == ("1", 1250000000, 18)
    assert sorted(dossier.markets) == ["export", "local"]
    mandatory = [r for r in dossier.required_documents() if r.mandatory]
    assert sorted(r.code for r in mandatory) == [
        "business_registration",
        "product_description",
        "registration_form",
    ]
    for requirement in mandatory:
        upload_document(page, requirement, files[requirement.code])
    expect(page.locator(".completeness")).not_to_contain_text(mandatory[0].name)
    snap(page, shot, "product-05-documents")
    page.get_by_role("button", name=t("Continue to the photos")).click()

    # 7. Three photos chosen at once.
    expect(page.locator("h2").first).to_have_text(t("Photos"))
    page.set_input_files("#photo-files", [str(path) for path in files["photos"]])
    page.get_by_role("button", name=t("Upload the photos")).click()
    expect(page.locator(".photo-item")).to_have_count(3)
    expect(page.locator(".photo-item img").first).to_be_visible()
    first = page.locator(".photo-item").first
    first.locator("input[name$=caption]").fill("Bình gốm nhìn từ phía trước")
    first.get_by_role("button", name=t("Save"), exact=True).click()
    expect(page.locator(".message--success")).to_have_text(t("The photo has been updated."))
    snap(page, shot, "product-06-photos")
    page.get_by_role("button", name=t("Continue to the declarations")).click()

    # 8. Declarations: the panel turns "ready" once all three are ticked.
    boxes = page.locator("form input[type=checkbox][name^=declare_]")
    expect(boxes).to_have_count(3)
    for n in range(3):
        boxes.nth(n).check()
    page.get_by_role("button", name=t("Save and continue")).click()
    expect(page).to_have_url(re.compile(r"/portal/dossiers/\d+/review/$"))
    panel = page.locator(".completeness--ready")
    expect(panel.locator("h2")).to_have_text(t("Ready to submit"))
    expect(page.locator(".review-documents li")).to_have_count(3)
    snap(page, shot, "product-07-review-ready")

    # 9. Submit and read the receipt.
    submit_from_panel(page)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED
    assert dossier.revisions.count() == 1
    receipt = page.locator(".followup-receipt")
    expect(receipt.locator(".facts")).to_contain_text(dossier.code)
    expect(receipt.locator(".facts")).to_contain_text(product_round.name)
    rows = receipt.locator("table.followup-documents tbody tr")
    expect(rows).to_have_count(3)
    for requirement in mandatory:
        # PDFs are stored as sent, so the receipt's checksum is the one of the file on disk.
        expected = sha256_of(files[requirement.code])
        row = rows.filter(has_text=requirement.name)
        expect(row.locator("code.checksum")).to_have_text(expected)
        expect(row.locator(".followup-filename")).to_have_text(files[requirement.code].name)
    snap(page, shot, "product-08-receipt")

    # 10. The receipt PDF downloads and names the dossier.
    link = page.get_by_role("button", name=t("Download receipt (PDF)"))
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert "attachment" in response.headers["content-disposition"]
    assert response.body().startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.body())).pages)
    assert dossier.code in text
    assert sha256_of(files["registration_form"]) in text.replace("\n", "")

    # 11. The same receipt went out by e-mail, with the PDF attached.
    receipts = [m for m in mail.outbox if EMAIL in m.to and m.attachments]
    assert len(receipts) == 1
    filename, content, mimetype = receipts[0].attachments[0]
    assert (filename[-4:], mimetype, content[:4]) == (".pdf", "application/pdf", b"%PDF")
    assert dossier.code in receipts[0].body
