"""The public registry in a phone-sized browser (390 px), without logging in.

A visitor follows the menu link to the registry, searches without accents ("gom bien hoa"),
opens the product and sees its facility and its lineage (province → national), then checks
the certificate by its number, and a forged number. Screenshots: test-artifacts/registry-*.png.
"""

import datetime

import pytest
from django.utils import translation
from playwright.sync_api import expect

from awards.enums import Level
from tests.awards.factories_public import decided_round, published
from tests.factories import CommuneFactory, FacilityFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def t(text):
    """The page's words: the browser asks for Vietnamese (see conftest's browser context)."""
    with translation.override("vi"):
        return translation.gettext(text)


@pytest.fixture
def scene():
    facility = FacilityFactory(
        name="Hợp tác xã Gốm Tân Vạn", unit=CommuneFactory(name="Phường Trấn Biên")
    )
    province_round = decided_round(
        level=Level.PROVINCE, year=2025, number="2345/QĐ-UBND", name="Bình chọn tỉnh Đồng Nai 2025"
    )
    national_round = decided_round(
        level=Level.NATIONAL, year=2026, number="678/QĐ-BCT", name="Bình chọn cấp quốc gia 2026"
    )
    lower = published(
        province_round,
        title="Gốm Biên Hòa men lam",
        facility=facility,
        certificate="15/2025/GCN-UBND",
    )
    upper = published(
        national_round,
        title="Gốm Biên Hòa men lam",
        facility=facility,
        source=lower,
        certificate="07/2026/GCN-BCT",
        issued_on=datetime.date(2026, 6, 15),
        valid_until=datetime.date(2029, 12, 31),
    )
    for title in ("Đũa tre Trảng Bom", "Nón lá Tân Phú"):
        published(province_round, title=title, facility=FacilityFactory(name=f"Hộ {title}"))
    return upper


def test_visitor_searches_opens_product_and_verifies_certificate(page, live_server, shot, scene):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=t("Public registry"), exact=True).first.click()
    expect(page.locator(".reg-item")).to_have_count(4)

    page.locator("input[name=q]").fill("gom bien hoa")
    page.get_by_role("button", name=t("Show")).click()
    items = page.locator(".reg-item")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("Gốm Biên Hòa men lam")
    expect(page.locator(".reg-item__photo").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "registry-search")

    items.filter(has_text="07/2026/GCN-BCT").locator("a").click()
    expect(page.locator("h1")).to_have_text("Gốm Biên Hòa men lam")
    expect(page.locator("body")).to_contain_text("Hợp tác xã Gốm Tân Vạn")
    lineage = page.locator(".reg-lineage li")
    expect(lineage).to_have_count(2)
    expect(lineage.first).to_contain_text("2345/QĐ-UBND")
    expect(lineage.nth(1)).to_contain_text("678/QĐ-BCT")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "registry-product")

    page.get_by_role("link", name=t("Public registry")).last.click()
    page.get_by_role("link", name=t("Check a certificate")).click()
    page.locator("input[name=number]").fill("07/2026/GCN-BCT")
    page.get_by_role("button", name=t("Check")).click()
    verdict = page.locator("#verify-result")
    expect(verdict).to_have_class("reg-verdict reg-verdict--valid")
    expect(verdict).to_contain_text("Hợp tác xã Gốm Tân Vạn")
    expect(verdict).to_contain_text("31/12/2029")
    shot(page, "registry-verify-valid")

    page.locator("input[name=number]").fill("99/2026/GCN-GIA")
    page.get_by_role("button", name=t("Check")).click()
    expect(page.locator("#verify-result")).to_have_class("reg-verdict reg-verdict--unknown")
    shot(page, "registry-verify-forged")
