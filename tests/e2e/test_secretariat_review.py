"""The return-for-supplement loop in a browser.

A secretary marks two checklist items missing and returns the submitted dossier with one
written request (and looks at the printable copy); the applicant signs in through the login
form (django-axes on), reads the request on the status page, uploads the two documents in
the editor and resubmits; the secretary sees what changed since the last submission, marks
the items valid and accepts. Screenshots: test-artifacts/secretariat-*.png.
"""

import re
from io import BytesIO

import pytest
from django.utils import translation
from playwright.sync_api import expect
from reportlab.pdfgen import canvas

from awards.enums import DossierState
from awards.models import Dossier, SupplementRequest
from awards.workflow import run_transition
from tests.factories import (
    AgencyFactory,
    AwardRoundFactory,
    CommuneFactory,
    DossierFactory,
    FacilityFactory,
    SecretaryFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SECRETARY_PASSWORD = "Thu-ky-2026!"
APPLICANT_PASSWORD = "Co-so-gom-2026!"


def t(text):
    """The page's words: the browser asks for Vietnamese (see conftest's browser context)."""
    with translation.override("vi"):
        return translation.gettext(text)


def pdf_bytes(text):
    buffer = BytesIO()
    document = canvas.Canvas(buffer)
    document.drawString(72, 720, text)
    document.showPage()
    document.save()
    return buffer.getvalue()


@pytest.fixture
def scene():
    agency = AgencyFactory(name="Trung tâm Khuyến công Đồng Nai")
    award_round = AwardRoundFactory(
        organiser=agency, name="Bình chọn sản phẩm CNNT tiêu biểu tỉnh Đồng Nai 2026"
    )
    secretary = SecretaryFactory(agency=agency, username="thuky", full_name="Lê Thị Thư Ký")
    secretary.set_password(SECRETARY_PASSWORD)
    secretary.save()
    applicant = UserFactory(username="cosogom", full_name="Nguyễn Văn Gốm")
    applicant.set_password(APPLICANT_PASSWORD)
    applicant.save()
    facility = FacilityFactory(
        owner=applicant,
        name="Hợp tác xã Gốm Tân Vạn",
        unit=CommuneFactory(name="Phường Trấn Biên"),
    )
    dossier = DossierFactory(
        award_round=award_round,
        facility=facility,
        owner=applicant,
        title="Bình gốm men lam Biên Hòa",
    )
    dossier = run_transition(dossier=dossier, action="submit", by=applicant)
    for title in ("Nón lá bài thơ", "Đũa tre Trảng Bom"):
        other = DossierFactory(award_round=award_round, title=title)
        run_transition(dossier=other, action="submit", by=other.owner)
    return dossier


def log_in(page, live_server, username, password, next_url):
    page.goto(f"{live_server.url}/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(next_url) + r"(#.*)?$"))


def log_out(page):
    page.locator("header").get_by_role("button", name=t("Log out")).click()


def set_verdict(page, requirement, label, note=""):
    box = page.locator(f"#verdict-{requirement.pk}")
    box.get_by_label(t(label), exact=True).check()
    if note:
        box.locator("textarea").fill(note)
    box.get_by_role("button").click()
    expect(page.locator(f"#verdict-{requirement.pk} .message--success")).to_be_visible()


def test_return_resubmit_and_accept(page, live_server, shot, scene):
    dossier = scene
    items = {r.code: r for r in dossier.required_documents()}
    page.on("dialog", lambda dialog: dialog.accept())

    # The secretary finds the dossier in the queue (accent-free search) and opens it.
    log_in(page, live_server, "thuky", SECRETARY_PASSWORD, "/secretariat/")
    shot(page, "secretariat-landing")
    page.click(f"text={dossier.award_round.name}")
    expect(page.locator("h1")).to_have_text(t("Intake queue"))
    shot(page, "secretariat-queue")
    page.fill("input[name=q]", "binh gom tran bien")
    page.click("form[role=search] button[type=submit]")
    expect(page.locator("table.sec-queue tbody tr")).to_have_count(1)
    page.click("text=Bình gốm men lam Biên Hòa")
    expect(page.locator("h1")).to_have_text("Bình gốm men lam Biên Hòa")

    # Two items are missing: the certified registration copy and the quality certificate.
    set_verdict(page, items["registration"], "Missing", "Cần bản sao có chứng thực.")
    set_verdict(page, items["quality"], "Missing")
    expect(page.locator("#actions button[type=submit]").first).to_be_disabled()
    shot(page, "secretariat-review")

    page.get_by_role("button", name=t("Return for supplement…")).click()
    expect(page.locator("main form ol li")).to_have_count(2)
    page.fill("textarea[name=message]", "Xin bổ sung hai giấy tờ trên trong hạn.")
    page.get_by_role("button", name=t("Return the dossier with this request")).click()
    expect(page.locator(".badge").first).to_have_text(t("Returned for supplement"))
    assert SupplementRequest.objects.get(dossier=dossier).items[1]["name"] == (
        "Giấy chứng nhận chất lượng"
    )

    page.get_by_role("link", name=t("Printable request")).click()
    expect(page.locator(".official h1")).to_be_visible()
    shot(page, "secretariat-request-print")
    page.emulate_media(media="print")
    shot(page, "secretariat-request-print-a4")
    page.emulate_media(media="screen")
    log_out(page)

    # The applicant reads the request, uploads the two files and resubmits.
    status_url = f"/portal/dossiers/{dossier.pk}/status/"
    log_in(page, live_server, "cosogom", APPLICANT_PASSWORD, status_url)
    returned = page.locator(".followup-returned")
    expect(returned).to_contain_text("Giấy chứng nhận đăng ký kinh doanh")
    expect(returned).to_contain_text("Giấy chứng nhận chất lượng")
    expect(returned).to_contain_text("Xin bổ sung hai giấy tờ trên trong hạn.")
    shot(page, "secretariat-applicant-status")

    page.goto(f"{live_server.url}/portal/dossiers/{dossier.pk}/documents/")
    for code, name in (("registration", "ban-sao-chung-thuc.pdf"), ("quality", "chat-luong.pdf")):
        slot = page.locator(f"#item-{items[code].pk}")
        slot.locator("input[type=file]").set_input_files(
            {"name": name, "mimeType": "application/pdf", "buffer": pdf_bytes(name)}
        )
        slot.locator("form.upload-form button[type=submit]").click()
        expect(page.locator(f"#item-{items[code].pk} .doc-file a")).to_have_text(name)
    page.goto(f"{live_server.url}{status_url}")
    page.locator(".followup-returned form.followup-submit button").click()
    expect(page).to_have_url(re.compile(r"/receipt/"))
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.SUBMITTED
    log_out(page)

    # The secretary sees what changed, marks both items valid and accepts.
    review_url = f"/secretariat/dossiers/{dossier.pk}/"
    log_in(page, live_server, "thuky", SECRETARY_PASSWORD, review_url)
    changes = page.locator("#changes")
    expect(changes).to_contain_text("ban-sao-chung-thuc.pdf")
    expect(changes).to_contain_text("chat-luong.pdf")
    expect(page.locator(f"#item-{items['registration'].pk}")).to_contain_text(
        t("New file since the verdict")
    )
    shot(page, "secretariat-review-changes")
    set_verdict(page, items["registration"], "Valid")
    set_verdict(page, items["quality"], "Valid")
    accept = page.get_by_role("button", name=t("Accept the dossier"))
    expect(accept).to_be_enabled()
    accept.click()
    expect(page.locator(".messages")).to_contain_text(t("The dossier was accepted."))
    expect(page.locator(".sec-head .badge")).to_have_text(t("Accepted"))
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.ACCEPTED
    assert SupplementRequest.objects.get(dossier=dossier).answered_at is not None
    shot(page, "secretariat-accepted")

    # The same pages on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/secretariat/rounds/{dossier.award_round.code}/dossiers/")
    shot(page, "secretariat-queue-390")
    page.goto(f"{live_server.url}{review_url}")
    shot(page, "secretariat-review-390")
