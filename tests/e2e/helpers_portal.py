"""Shared steps of the applicant journeys: realistic rounds, small valid files, sign-up.

The pages are in Vietnamese (the browser asks for vi-VN): labels are matched through
``t()``, which reads the same catalogue the server uses, or through stable ids and names.
"""

import datetime
import hashlib
import re
from io import BytesIO, StringIO
from urllib.parse import urlsplit

from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from PIL import Image
from playwright.sync_api import expect
from reportlab.pdfgen import canvas

from awards.models import AdminUnit, RuleSet
from awards.services import create_round
from tests.factories import AgencyFactory

DONG_NAI = "75"


def t(text):
    """The page's words for an English source string (the browser asks for Vietnamese)."""
    with translation.override("vi"):
        return translation.gettext(text)


# --- data --------------------------------------------------------------------------------


def load_presets():
    """Administrative units, rule-set presets and mail templates, as ``make run`` loads them."""
    call_command("load_presets", stdout=StringIO())
    return AdminUnit.objects.get(code=DONG_NAI)


def open_round(*, preset_code, province, **fields):
    """A round held in ``province`` with its own copy of the latest preset, open now."""
    now = timezone.now()
    agency = AgencyFactory(name="Sở Công Thương tỉnh Đồng Nai", unit=province)
    return create_round(
        preset=RuleSet.objects.latest_preset(preset_code),
        organiser=agency,
        unit=province,
        year=now.year,
        registration_opens=now - datetime.timedelta(days=2),
        registration_closes=now + datetime.timedelta(days=20),
        **fields,
    )


# --- files -------------------------------------------------------------------------------


def write_pdf(path, *lines):
    """A small, valid one-page PDF (reportlab) with ``lines`` of text."""
    buffer = BytesIO()
    document = canvas.Canvas(buffer)
    for n, line in enumerate(lines):
        document.drawString(72, 760 - 18 * n, line)
    document.showPage()
    document.save()
    path.write_bytes(buffer.getvalue())
    return path


def write_jpeg(path, colour, size=(640, 480)):
    """A small colour JPEG (Pillow) with a lighter band, so it is not a flat square."""
    image = Image.new("RGB", size, colour)
    band = Image.new("RGB", (size[0], size[1] // 4), tuple(min(255, c + 80) for c in colour))
    image.paste(band, (0, size[1] // 3))
    image.save(path, "JPEG", quality=85)
    return path


def sha256_of(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- pages -------------------------------------------------------------------------------


def assert_no_horizontal_overflow(page):
    """Nothing sticks out to the right of the viewport (no sideways scrolling on a phone)."""
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"page is {widths[0]} px wide in a {widths[1]} px viewport"


def register(page, live_server, *, full_name, email, phone, password, profile_kind):
    """Fill the registration form and land on "check your mailbox"."""
    page.goto(f"{live_server.url}/accounts/register/")
    expect(page.locator("h1")).to_have_text(t("Create an account"))
    page.fill("#id_full_name", full_name)
    page.fill("#id_email", email)
    page.fill("#id_phone", phone)
    page.check(f"input[name=profile_kind][value={profile_kind}]")
    page.fill("#id_password1", password)
    page.fill("#id_password2", password)
    page.get_by_role("button", name=t("Create my account")).click()
    expect(page).to_have_url(re.compile(r"/accounts/register/done/$"))
    expect(page.locator("main")).to_contain_text(email)


def open_verification_link(page, live_server, email):
    """Read the confirmation e-mail from the locmem outbox and open its link."""
    messages = [m for m in mail.outbox if email in m.to]
    assert len(messages) == 1, [m.subject for m in mail.outbox]
    match = re.search(r"https?://\S+/accounts/verify/\S+", messages[0].body)
    assert match, messages[0].body
    link = urlsplit(match.group(0))
    page.goto(f"{live_server.url}{link.path}" + (f"?{link.query}" if link.query else ""))
    expect(page.locator(".message--success")).to_have_text(
        t("Thank you, your e-mail address is confirmed.")
    )
    return messages[0]


def choose_unit(page, *, province, commune):
    """Pick the province; htmx reloads the commune list; then pick the commune."""
    page.select_option("#id_province", label=province)
    expect(page.locator("#id_unit option", has_text=commune)).to_have_count(1)
    page.select_option("#id_unit", label=commune)


def upload_document(page, requirement, path):
    """Upload one file into a checklist slot and wait for the page to show it."""
    slot = page.locator(f"#item-{requirement.pk}")
    slot.locator(f"#file-{requirement.pk}").set_input_files(str(path))
    slot.get_by_role("button", name=t("Upload"), exact=True).click()
    expect(page.locator(f"#item-{requirement.pk} .doc-file a")).to_have_text(path.name)


def submit_from_panel(page):
    """Press the submit button of the completeness panel (it asks for confirmation)."""
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".completeness--ready").get_by_role("button", name=t("Submit the dossier")).click()
    expect(page).to_have_url(re.compile(r"/receipt/\?revision=1$"))
    expect(page.locator("h1")).to_have_text(t("Receipt"))


def snap(page, shot, name):
    """A full-page screenshot from the top (the sticky completeness panel then sits where it
    belongs instead of following the last scroll position)."""
    page.evaluate("() => window.scrollTo(0, 0)")
    return shot(page, name)
