"""The editor in a real browser at phone width: uploads with progress, no sideways scroll.

Playwright drives Debian's Chromium (see tests/e2e/conftest.py for the same setup);
skipped where Chromium is missing. Screenshots land in test-artifacts/portal-*.png.
"""

from pathlib import Path

import pytest
from django.urls import reverse

from awards.models import Document
from tests.awards.factories_portal import image_bytes, pdf_bytes
from tests.factories import DossierFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
        "viewport": {"width": 390, "height": 844},
    }


@pytest.fixture
def signed_in_page(page, live_server, client):
    """A browser page signed in as the owner of a fresh product dossier."""
    dossier = DossierFactory(files=False, description="")
    dossier.owner.refresh_from_db()
    client.force_login(dossier.owner)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    return page, dossier, live_server.url


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"portal-{name}.png"), full_page=True)


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_editor_at_phone_width_uploads_with_progress(signed_in_page, tmp_path):
    page, dossier, base = signed_in_page
    pdf = tmp_path / "giay-phep-kinh-doanh.pdf"
    pdf.write_bytes(pdf_bytes())
    photos = []
    for index in range(3):
        path = tmp_path / f"anh-{index + 1}.jpg"
        path.write_bytes(image_bytes("JPEG", size=(1200, 900), color=(180, 60 + 40 * index, 40)))
        photos.append(str(path))

    page.goto(base + reverse("portal:rounds"))
    page.click(".round-rules__details summary")
    assert no_sideways_scroll(page)
    shot(page, "rounds")

    page.goto(base + reverse("portal:facts", args=[dossier.pk]))
    assert no_sideways_scroll(page)
    shot(page, "facts")
    page.fill("#id_description", "Bình gốm men lam, vẽ tay.")
    page.fill("#id_annual_revenue", "1.250.000.000")
    page.click("button[name=continue]")
    page.wait_for_url("**/documents/")
    shot(page, "facts-saved-documents")

    requirement = dossier.required_documents().get(code="registration")
    slot = page.locator(f"#item-{requirement.pk}")
    slot.locator("input[type=file]").set_input_files(str(pdf))
    slot.locator("button[type=submit]").first.click()
    page.locator(f"#item-{requirement.pk} .doc-file a").wait_for()
    assert "cho thành phần" in page.locator(".message--success").inner_text()
    assert Document.objects.filter(dossier=dossier).count() == 1
    assert "giay-phep-kinh-doanh.pdf" in page.content()
    assert no_sideways_scroll(page)
    shot(page, "documents-uploaded")

    page.goto(base + reverse("portal:photos", args=[dossier.pk]))
    page.set_input_files("#photo-files", photos)
    page.click(".upload-form button[type=submit]")
    page.wait_for_selector(".photo-item >> nth=2")
    assert dossier.photos.count() == 3
    # Thumbnails load after the page; wait for them (fails by timeout if one is broken).
    page.wait_for_function(
        "Array.from(document.querySelectorAll('.photo-item img'))"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )
    assert no_sideways_scroll(page)
    shot(page, "photos")

    page.goto(base + reverse("portal:declarations", args=[dossier.pk]))
    page.check("input[name=declare_own_production]")
    page.click("button[name=continue]")
    page.wait_for_url("**/review/")
    assert no_sideways_scroll(page)
    shot(page, "review-ready")
    assert page.locator(".completeness--ready").count() == 1


def test_oversized_file_is_refused_in_the_browser_before_sending(
    signed_in_page, tmp_path, settings
):
    page, dossier, base = signed_in_page
    settings.UPLOAD_MAX_DOCUMENT_BYTES = 1024
    big = tmp_path / "qua-lon.pdf"
    big.write_bytes(pdf_bytes(3) + b"%" * 4096)

    page.goto(base + reverse("portal:documents", args=[dossier.pk]))
    requirement = dossier.required_documents().get(code="registration")
    slot = page.locator(f"#item-{requirement.pk}")
    slot.locator("input[type=file]").set_input_files(str(big))
    slot.locator("button[type=submit]").first.click()

    error = slot.locator(".upload-error")
    error.wait_for(state="visible")
    assert "MB" in error.inner_text()
    assert not Document.objects.filter(dossier=dossier).exists()
    shot(page, "documents-too-large")
