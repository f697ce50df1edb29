"""The end of a round in a browser.

The secretary prepares the proposed list from the sealed result and approves it (recording
the chair's approval), records the decision, downloads the result list (xlsx) and a
certificate (PDF) and reads both back, then nominates two recognised products to the
national round within the quota; a visitor then checks the certificate by its number on
the public registry (and a forged number is not found). Screenshots: test-artifacts/results-*.png.
"""

import re
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from playwright.sync_api import expect

from awards.enums import DossierState, Level
from awards.models import Decision
from tests.awards.factories_results import scored_round
from tests.awards.readback import pdf_text, xlsx_text
from tests.factories import AgencyFactory, AwardRoundFactory, SecretaryFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Thu-ky-2026!"


def t(text):
    with translation.override("vi"):
        return translation.gettext(text)


@pytest.fixture
def scene():
    ministry = AgencyFactory(name="Bộ Công Thương", issuing_body="BỘ CÔNG THƯƠNG", unit=None)
    national = AwardRoundFactory(
        organiser=ministry, level=Level.NATIONAL, unit=None, code_prefix="QG",
        name="Bình chọn sản phẩm CNNT tiêu biểu cấp quốc gia 2026",
    )  # fmt: skip
    SecretaryFactory(agency=ministry)
    province = AgencyFactory(name="Trung tâm Khuyến công Đồng Nai")
    built = scored_round(
        products=[
            ("Bình gốm men lam Biên Hòa", 91), ("Nón lá Gò Găng", 86),
            ("Mứt dừa Bến Tre", 78), ("Đũa tre Trảng Bom", 61),
        ],
        organiser=province, parent=national, quota=2, code_prefix="SPDN",
        name="Bình chọn sản phẩm CNNT tiêu biểu tỉnh Đồng Nai 2025",
    )  # fmt: skip
    secretary = built.secretary
    secretary.username = "thuky"
    secretary.set_password(PASSWORD)
    secretary.save()
    built.national = national
    return built


def log_in(page, live_server, next_url):
    page.goto(f"{live_server.url}/login/?next={next_url}")
    page.fill("input[name=username]", "thuky")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(next_url) + r"(#.*)?$"))


def download(page, locator, tmp_path):
    with page.expect_download() as info:
        locator.click()
    target = Path(tmp_path) / info.value.suggested_filename
    info.value.save_as(target)
    return target.read_bytes()


def test_list_decision_documents_and_nomination(page, live_server, shot, scene, tmp_path):
    results_url = f"/secretariat/rounds/{scene.round.code}/results/"
    log_in(page, live_server, results_url)
    shot(page, "results-1-start")

    # Prepare the proposed list from the sealed result, then approve it.
    page.get_by_role("button", name=t("Prepare the proposed list")).click()
    rows = page.locator("#list tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("Bình gốm men lam Biên Hòa")
    expect(rows.last).to_contain_text(t("Not proposed"))
    shot(page, "results-2-proposed-list")
    page.get_by_role("button", name=t("Approve the list")).click()
    expect(page.locator("#decision form")).to_be_visible()

    # Record the decision: dossiers move, certificates are issued.
    page.fill("#decision-number", "123/QĐ-UBND")
    page.fill("#decision-date", "2025-12-15")
    page.fill("#decision-signer", "Võ Văn Phi")
    page.fill("#decision-title", "Phó Chủ tịch")
    page.get_by_role("button", name=t("Record the decision")).click()
    expect(page.locator("#documents table tbody tr")).to_have_count(3)
    expect(page.locator("#documents")).to_contain_text("SPDN/2025/001")
    shot(page, "results-3-decision")
    assert Decision.objects.get().number == "123/QĐ-UBND"
    states = sorted(scene.round.dossiers.values_list("state", flat=True))
    assert states.count(DossierState.RECOGNISED) == 3

    # Download the result list and one certificate, and read them back.
    listing = download(page, page.get_by_role("link", name=t("Result list (xlsx)")), tmp_path)
    listing_text = xlsx_text(listing)
    assert "Bình gốm men lam Biên Hòa" in listing_text
    assert "SPDN/2025/001" in listing_text
    assert "(Kèm theo Quyết định số 123/QĐ-UBND ngày 15/12/2025" in listing_text
    certificate = download(
        page, page.get_by_role("link", name=t("Certificate (PDF)")).first, tmp_path
    )
    certificate_text = pdf_text(certificate)
    assert "GIẤY CHỨNG NHẬN" in certificate_text
    assert "Bình gốm men lam Biên Hòa" in certificate_text
    assert "31/12/2028" in certificate_text

    # Nominate two products to the national round (quota 2).
    page.get_by_role("link", name=t("Nominate to the next level")).click()
    expect(page.locator(".res-quota")).to_contain_text("2")
    shot(page, "results-4-nominate")
    page.get_by_label("Bình gốm men lam Biên Hòa").check()
    page.get_by_label("Nón lá Gò Găng").check()
    page.get_by_role("button", name=t("Nominate the ticked dossiers")).click()
    expect(page.locator("tbody .sec-tag--good")).to_have_count(2)
    shot(page, "results-5-nominated")
    titles = sorted(scene.national.dossiers.values_list("title", flat=True))
    assert titles == ["Bình gốm men lam Biên Hòa", "Nón lá Gò Găng"]

    # The same page on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{results_url}")
    shot(page, "results-6-phone")

    # A visitor (not signed in) checks the certificate by its number on the public registry.
    try:
        verify_url = reverse("registry:verify")
    except NoReverseMatch:
        pytest.skip("registry:verify does not exist yet: visitor verification not exercised")
    visitor = page.context.browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}
    )
    public = visitor.new_page()
    public.goto(f"{live_server.url}{verify_url}")
    public.fill("input[name=number]", "SPDN/2025/001")
    public.get_by_role("button", name=t("Check")).click()
    verdict = public.locator("#verify-result")
    expect(verdict).to_contain_text(t("Valid certificate"))
    expect(verdict).to_contain_text("Bình gốm men lam Biên Hòa")
    expect(verdict).to_contain_text("123/QĐ-UBND")
    shot(public, "results-7-visitor-verifies")
    public.fill("input[name=number]", "SPDN/2025/999")
    public.get_by_role("button", name=t("Check")).click()
    expect(public.locator("#verify-result")).to_contain_text(t("Certificate not found"))
    visitor.close()
