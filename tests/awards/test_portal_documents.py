"""The documents step: one upload slot per checklist item, replace, remove, bad files."""

import hashlib
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from awards.enums import DossierState, Title
from awards.models import Document, DocumentRequirement
from tests.awards.factories_portal import (
    EXE_BYTES,
    html,
    image_bytes,
    login,
    pdf_bytes,
    upload,
)
from tests.factories import PDF_BYTES, ArtisanDossierFactory, DossierFactory, add_document

pytestmark = pytest.mark.django_db
S = DossierState


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def dossier(client):
    dossier = DossierFactory(files=False)
    login(client, dossier.owner)
    return dossier


def item(dossier, code="registration"):
    return dossier.required_documents().get(code=code)


def upload_url(dossier, requirement):
    return reverse("portal:document_upload", args=[dossier.pk, requirement.pk])


def post_file(client, dossier, requirement, content, name="giay-phep.pdf", **extra):
    return client.post(upload_url(dossier, requirement), {"file": upload(content, name)}, **extra)


def message_after(client, response):
    return html(client.get(response["Location"]))


# --- the checklist page ------------------------------------------------------------------


def test_documents_page_shows_one_slot_per_item_with_badges_and_accept(client, dossier):
    page = html(client.get(reverse("portal:documents", args=[dossier.pk])))

    assert page.count('class="doc-slot"') == 2
    assert "Giấy chứng nhận đăng ký kinh doanh" in page
    assert "Giấy chứng nhận chất lượng" in page
    assert "Required" in page and "Optional" in page
    assert 'accept=".pdf,application/pdf,.jpg,.jpeg,image/jpeg,.png,image/png"' in page
    assert 'accept=".pdf,application/pdf"' in page
    assert "No file yet." in page


def test_documents_page_shows_title_specific_items_only_for_that_title(client):
    dossier = ArtisanDossierFactory(files=False)
    login(client, dossier.owner)
    rule_set = dossier.award_round.rule_set
    DocumentRequirement.objects.create(
        rule_set=rule_set, level=dossier.award_round.level, code="people",
        name="Thành tích Nghệ nhân Nhân dân", accepted_kinds=["pdf"], title=Title.PEOPLES_ARTISAN,
    )  # fmt: skip

    page = html(client.get(reverse("portal:documents", args=[dossier.pk])))

    assert "Thành tích Nghệ nhân Nhân dân" not in page


def test_documents_page_never_links_media_urls(client, dossier, settings):
    add_document(dossier, item(dossier))

    page = html(client.get(reverse("portal:documents", args=[dossier.pk])))

    assert "/" + settings.MEDIA_URL not in page
    assert "private/" not in page
    assert reverse("portal:document_file", args=[dossier.documents.get().pk]) in page


# --- upload, replace, remove -------------------------------------------------------------


def test_document_upload_stores_checksum_and_random_name(client, dossier, settings):
    content = pdf_bytes()

    response = post_file(client, dossier, item(dossier), content, name="Giấy phép kinh doanh.pdf")

    document = Document.objects.get()
    assert response.status_code == 302
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.content_type == "application/pdf"
    assert document.original_name == "Giấy phép kinh doanh.pdf"
    assert document.uploaded_by == dossier.owner
    assert re.fullmatch(r"private/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", document.file.name)
    assert Path(document.file.path).read_bytes() == content
    page = message_after(client, response)
    assert (
        "“Giấy phép kinh doanh.pdf” has been saved for: Giấy chứng nhận đăng ký kinh doanh." in page
    )
    assert "Giấy phép kinh doanh.pdf" in page


def test_document_upload_accepts_a_phone_photo_of_the_paper(client, dossier):
    post_file(client, dossier, item(dossier), image_bytes("JPEG"), name="IMG_2031.JPG")

    document = Document.objects.get()
    assert document.content_type == "image/jpeg"
    assert document.file.name.endswith(".jpg")


def test_document_replace_keeps_the_old_file_superseded(client, dossier):
    requirement = item(dossier)
    post_file(client, dossier, requirement, pdf_bytes(1), name="cu.pdf")
    old = Document.objects.get()

    post_file(client, dossier, requirement, pdf_bytes(2), name="moi.pdf")

    old.refresh_from_db()
    current = Document.objects.current().get()
    assert Document.objects.count() == 2
    assert old.superseded_at is not None
    assert Path(old.file.path).exists()
    assert current.original_name == "moi.pdf"
    page = html(client.get(reverse("portal:documents", args=[dossier.pk])))
    assert "1 earlier file" in page and "cu.pdf" in page


def test_document_remove_supersedes_and_keeps_the_file(client, dossier):
    document = add_document(dossier, item(dossier))

    response = client.post(reverse("portal:document_remove", args=[dossier.pk, document.pk]))

    document.refresh_from_db()
    assert document.superseded_at is not None
    assert Path(document.file.path).exists()
    assert not dossier.documents.current().exists()
    assert "was taken off the dossier" in message_after(client, response)


def test_document_remove_twice_says_it_was_already_removed(client, dossier):
    document = add_document(dossier, item(dossier))
    url = reverse("portal:document_remove", args=[dossier.pk, document.pk])
    client.post(url)

    response = client.post(url)

    assert "This file had already been replaced or removed." in message_after(client, response)


def test_document_upload_by_script_answers_json_with_the_next_page(client, dossier):
    response = post_file(
        client, dossier, item(dossier), pdf_bytes(), HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )

    answer = json.loads(response.content)
    assert response.status_code == 200
    assert answer["redirect"].startswith(reverse("portal:documents", args=[dossier.pk]))
    assert "has been saved for" in html(client.get(answer["redirect"]))
    assert Document.objects.count() == 1


def test_document_upload_by_script_reports_a_refusal_as_json(client, dossier):
    response = post_file(
        client, dossier, item(dossier), b"", HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )

    assert response.status_code == 400
    assert "The file is empty." in html(client.get(json.loads(response.content)["redirect"]))


def test_returned_dossier_accepts_a_replacement(client):
    dossier = DossierFactory(state=S.RETURNED)
    login(client, dossier.owner)

    post_file(client, dossier, item(dossier), pdf_bytes(), name="bo-sung.pdf")

    assert dossier.documents.current().get().original_name == "bo-sung.pdf"
    assert dossier.documents.count() == 2


# --- bad input ---------------------------------------------------------------------------


def assert_refused(client, response, expected, before=0):
    assert Document.objects.count() == before
    page = message_after(client, response)
    assert expected in page
    return page


def test_document_of_a_kind_the_item_does_not_accept_is_refused(client, dossier):
    quality = item(dossier, "quality")  # PDF only

    response = post_file(client, dossier, quality, image_bytes("PNG"), name="chung-nhan.png")

    assert_refused(
        client, response, "This item accepts only PDF files, but the uploaded file is a PNG."
    )


def test_renamed_exe_is_refused(client, dossier):
    response = post_file(client, dossier, item(dossier), EXE_BYTES, name="giay-phep.pdf")

    assert_refused(client, response, "The content of the file is not a PDF, JPG or PNG")


def test_oversized_document_is_refused(client, dossier, settings):
    settings.UPLOAD_MAX_DOCUMENT_BYTES = 1024

    response = post_file(client, dossier, item(dossier), pdf_bytes(3) + b"%" * 2048)

    assert_refused(client, response, "The file is too large; the limit is")


def test_empty_document_is_refused(client, dossier):
    response = post_file(client, dossier, item(dossier), b"", name="rong.pdf")

    assert_refused(client, response, "The file is empty.")


def test_broken_pdf_is_refused(client, dossier):
    response = post_file(client, dossier, item(dossier), b"%PDF-1.7\n garbage without pages")

    assert_refused(client, response, "The file is not a valid PDF: it is damaged or incomplete.")


def test_pdf_without_pages_is_refused(client, dossier):
    response = post_file(client, dossier, item(dossier), PDF_BYTES)

    assert_refused(client, response, "The file is not a valid PDF")


def test_path_traversal_name_is_stored_under_a_random_name(client, dossier, settings):
    response = post_file(client, dossier, item(dossier), pdf_bytes(), name="../../settings.py")

    document = Document.objects.get()
    stored = Path(document.file.path).resolve()
    assert stored.is_relative_to((Path(settings.MEDIA_ROOT) / "private").resolve())
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored.name)
    assert document.original_name == "settings.py"
    assert "settings.py" in message_after(client, response)


def test_upload_without_a_file_asks_for_one(client, dossier):
    response = client.post(upload_url(dossier, item(dossier)), {})

    assert_refused(client, response, "Choose a file to upload.")


def test_upload_for_an_item_of_another_round_is_404(client, dossier):
    foreign = DossierFactory(files=False)
    requirement = item(foreign)

    response = post_file(client, dossier, requirement, pdf_bytes())

    assert response.status_code == 404
    assert not Document.objects.exists()


@pytest.mark.parametrize("state", [S.SUBMITTED, S.ACCEPTED, S.REJECTED])
def test_upload_after_submission_is_refused(client, state):
    dossier = DossierFactory(state=state)
    login(client, dossier.owner)
    before = Document.objects.count()

    response = post_file(client, dossier, item(dossier), pdf_bytes())

    assert_refused(client, response, "can no longer be changed. Nothing was saved.", before)


def test_remove_after_submission_is_refused(client):
    dossier = DossierFactory(state=S.SUBMITTED)
    login(client, dossier.owner)
    document = dossier.documents.get()

    response = client.post(reverse("portal:document_remove", args=[dossier.pk, document.pk]))

    document.refresh_from_db()
    assert document.superseded_at is None
    assert "can no longer be changed" in message_after(client, response)


def test_submitted_dossier_documents_page_has_no_upload_forms(client):
    dossier = DossierFactory(state=S.SUBMITTED)
    login(client, dossier.owner)

    page = html(client.get(reverse("portal:documents", args=[dossier.pk])))

    assert 'type="file"' not in page
    assert "giay-phep.pdf" in page
