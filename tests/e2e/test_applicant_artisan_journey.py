"""An artisan files a "Skilled Worker" dossier on a phone (390 × 844).

Registers as an artisan, opens the confirmation link from the e-mail, fills the artisan
profile (province, then commune through htmx), starts a dossier in the open round of the
real "provincial-title-dongnai" rule set, fills craft, years, works and people taught
(the minimum conditions turn "met"), uploads the three mandatory documents, submits and
reads the receipt. Every page is checked for sideways scrolling at 390 px.
Screenshots: test-artifacts/artisan-*.png.
"""

import re

import pytest
from playwright.sync_api import expect

from awards.enums import DossierState, Family, Level, Title
from awards.models import Dossier
from tests.e2e.helpers_portal import (
    assert_no_horizontal_overflow,
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

EMAIL = "tran.thi.may@example.vn"
PASSWORD = "May-Tre-Dan-2026!"
ARTISAN = "Trần Thị Mây"


@pytest.fixture
def title_round(transactional_db):
    province = load_presets()
    return open_round(
        preset_code="provincial-title-dongnai",
        province=province,
        code="danh-hieu-dong-nai-2026",
        code_prefix="DH26",
        name="Xét tặng danh hiệu Nghệ nhân, Thợ giỏi tỉnh Đồng Nai năm 2026",
        family=Family.PROVINCIAL_TITLE,
        level=Level.PROVINCE,
        titles=[Title.PROVINCIAL_ARTISAN, Title.SKILLED_WORKER, Title.CRAFT_BRINGER],
    )


@pytest.fixture
def files(tmp_path):
    return {
        "application": write_pdf(tmp_path / "don-de-nghi.pdf", "Don de nghi xet tang Tho gioi"),
        "achievement_report": write_pdf(
            tmp_path / "bao-cao-thanh-tich.pdf", "Bao cao thanh tich", "Xac nhan UBND xa"
        ),
        "works_photos": write_jpeg(tmp_path / "gio-may-tre-dan.jpg", (120, 90, 40)),
    }


def phone_check(page, shot, name):
    assert_no_horizontal_overflow(page)
    snap(page, shot, name)


def test_artisan_registers_and_submits_a_title_dossier_on_a_phone(
    page, live_server, shot, title_round, files
):
    page.set_viewport_size({"width": 390, "height": 844})

    # 1. Register as an artisan and confirm the address from the e-mail.
    register(
        page,
        live_server,
        full_name=ARTISAN,
        email=EMAIL,
        phone="0987 654 321",
        password=PASSWORD,
        profile_kind="artisan",
    )
    phone_check(page, shot, "artisan-01-registered")
    open_verification_link(page, live_server, EMAIL)

    # 2. The link leads to the artisan profile form.
    expect(page).to_have_url(re.compile(r"/accounts/profile/artisans/new/$"))
    page.fill("#id_full_name", ARTISAN)
    page.fill("#id_birth_year", "1968")
    page.fill("#id_identity_number", "075168001234")
    page.fill("#id_craft", "Mây tre đan")
    page.fill("#id_craft_since_year", "1990")
    choose_unit(page, province="Đồng Nai", commune="Xã Bình Minh")
    page.fill("#id_street_address", "Ấp Tân Bắc")
    page.fill("#id_workplace", "Làng nghề mây tre đan Tân Triều")
    phone_check(page, shot, "artisan-02-profile-form")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    card = page.locator(".profile-card")
    expect(card.locator("h3")).to_have_text(ARTISAN)
    expect(card).to_contain_text("*********234")
    expect(card).to_contain_text("Xã Bình Minh, Đồng Nai")
    phone_check(page, shot, "artisan-03-profile")

    # 3. The open round, with the titles it considers.
    page.goto(f"{live_server.url}/portal/rounds/")
    round_card = page.locator(f"#round-{title_round.code}")
    expect(round_card.locator("h2")).to_have_text(title_round.name)
    expect(round_card).to_contain_text(t("Skilled Worker"))
    phone_check(page, shot, "artisan-04-open-rounds")
    round_card.get_by_role("button", name=t("Start a dossier")).click()

    # 4. Start: the only profile is preselected; the title is chosen.
    expect(page.locator("h1")).to_have_text(t("Start a dossier"))
    expect(page.locator("input[name=record]")).to_be_checked()
    page.get_by_label(t("Skilled Worker"), exact=True).check()
    phone_check(page, shot, "artisan-05-start")
    page.get_by_role("button", name=t("Start the dossier")).click()
    expect(page).to_have_url(re.compile(r"/portal/dossiers/\d+/facts/$"))
    dossier = Dossier.objects.get(owner__email=EMAIL)
    assert (dossier.code, dossier.title_sought) == ("DH26-0001", Title.SKILLED_WORKER)

    # 5. Facts: craft, years, works and people taught.
    expect(page.locator("#id_title_sought")).to_have_value(Title.SKILLED_WORKER)
    page.fill("#id_craft", "Mây tre đan")
    page.fill("#id_years_in_craft", "34")
    page.fill("#id_works", "Giỏ mây đan hoa văn (2015); bộ bàn ghế mây (2019); đèn tre (2022).")
    page.fill("#id_works_count", "12")
    page.fill("#id_prizes", "Giải Ba hội thi tay nghề tỉnh Đồng Nai (2018).")
    page.fill("#id_trainees_count", "25")
    page.fill("#id_titles_held", "")
    phone_check(page, shot, "artisan-06-facts")
    page.get_by_role("button", name=t("Save and continue")).click()

    # 6. Documents: the three mandatory items for a Skilled Worker.
    expect(page).to_have_url(re.compile(r"/portal/dossiers/\d+/documents/$"))
    dossier.refresh_from_db()
    assert (dossier.years_in_craft, dossier.works_count, dossier.trainees_count) == (34, 12, 25)
    mandatory = [r for r in dossier.required_documents() if r.mandatory]
    assert sorted(r.code for r in mandatory) == [
        "achievement_report",
        "application",
        "works_photos",
    ]
    for requirement in mandatory:
        upload_document(page, requirement, files[requirement.code])
    phone_check(page, shot, "artisan-07-documents")

    # 7. Declarations step: no statement to tick, the two minimum conditions are met.
    page.goto(f"{live_server.url}/portal/dossiers/{dossier.pk}/declarations/")
    expect(page.locator(".minima li.minima--met")).to_have_count(2)
    phone_check(page, shot, "artisan-08-conditions")

    # 8. Review, submit, receipt.
    page.goto(f"{live_server.url}/portal/dossiers/{dossier.pk}/review/")
    expect(page.locator(".completeness--ready h2")).to_have_text(t("Ready to submit"))
    expect(page.locator(".review-facts")).to_contain_text(t("Skilled Worker"))
    phone_check(page, shot, "artisan-09-review-ready")
    submit_from_panel(page)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED
    receipt = page.locator(".followup-receipt")
    expect(receipt.locator(".facts")).to_contain_text(dossier.code)
    rows = receipt.locator("table.followup-documents tbody tr")
    expect(rows).to_have_count(3)
    for document in dossier.documents.current().select_related("requirement"):
        row = rows.filter(has_text=document.requirement.name)
        expect(row.locator("code.checksum")).to_have_text(document.sha256)
    # The PDFs are stored as sent; the photo is re-encoded without metadata.
    stored = {d.requirement.code: d.sha256 for d in dossier.documents.current()}
    assert stored["application"] == sha256_of(files["application"])
    assert stored["works_photos"] != sha256_of(files["works_photos"])
    phone_check(page, shot, "artisan-10-receipt")

    # 9. The status page tells where the dossier stands, with the submission in the history.
    receipt.get_by_role("link", name=t("Status and history")).click()
    expect(page.locator(".timeline__item")).to_have_count(1)
    expect(page.locator(".followup-state .badge")).to_have_text(t(DossierState.SUBMITTED.label))
    phone_check(page, shot, "artisan-11-status")
