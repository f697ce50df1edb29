"""Private document and photo views: who may read, and how the file is sent."""

import pytest
from django.urls import reverse

from awards.models import Document
from scoring.enums import PanelKind
from tests.awards.factories_portal import image_bytes, login, pdf_bytes, upload
from tests.factories import (
    AgencyFactory,
    DossierFactory,
    PanelFactory,
    PanelMemberFactory,
    SecretaryFactory,
    UserFactory,
    add_document,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier():
    return DossierFactory()


def document_url(dossier):
    return reverse("portal:document_file", args=[dossier.documents.get().pk])


def fetch(client, url):
    """GET a file view and read the whole stream (which closes the file), as a browser does."""
    response = client.get(url)
    response.body = b"".join(response.streaming_content) if response.streaming else b""
    return response


def stored(field):
    with field.open("rb") as handle:
        return handle.read()


# --- who may read ------------------------------------------------------------------------


def owner(dossier):
    return dossier.owner


def round_secretary(dossier):
    return SecretaryFactory(agency=dossier.award_round.organiser)


def jury_member(dossier):
    panel = PanelFactory(award_round=dossier.award_round, kind=PanelKind.JURY, name="Ban giám khảo")
    return PanelMemberFactory(panel=panel).user


def council_member(dossier):
    return PanelMemberFactory(panel=PanelFactory(award_round=dossier.award_round)).user


def sysadmin(dossier):
    return UserFactory(is_superuser=True, is_staff=True)


def other_applicant(dossier):
    return DossierFactory(files=False).owner


def other_agency_secretary(dossier):
    return SecretaryFactory(agency=AgencyFactory())


def other_round_jury_member(dossier):
    return PanelMemberFactory(panel=PanelFactory(kind=PanelKind.JURY)).user


def inactive_secretary(dossier):
    user = round_secretary(dossier)
    user.agency_memberships.update(active=False)
    return user


@pytest.mark.parametrize("persona", [owner, round_secretary, jury_member, council_member, sysadmin])
def test_document_is_served_to_people_of_the_round(client, dossier, persona):
    login(client, persona(dossier))

    response = fetch(client, document_url(dossier))

    assert response.status_code == 200
    assert response.body == stored(dossier.documents.get().file)


@pytest.mark.parametrize(
    "persona",
    [other_applicant, other_agency_secretary, other_round_jury_member, inactive_secretary],
)
@pytest.mark.parametrize("name", ["document_file", "photo_file", "photo_thumb"])
def test_files_are_404_for_everyone_else(client, dossier, persona, name):
    login(client, persona(dossier))
    target = dossier.documents.get() if name == "document_file" else dossier.photos.first()

    response = fetch(client, reverse(f"portal:{name}", args=[target.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["document_file", "photo_file", "photo_thumb"])
def test_files_are_404_for_anonymous_visitors(client, dossier, name):
    target = dossier.documents.get() if name == "document_file" else dossier.photos.first()

    response = fetch(client, reverse(f"portal:{name}", args=[target.pk]))

    assert response.status_code == 404


def test_unknown_document_is_404(client, dossier):
    login(client, dossier.owner)

    assert fetch(client, reverse("portal:document_file", args=[999999])).status_code == 404


def test_superseded_document_stays_readable_for_the_owner(client, dossier):
    login(client, dossier.owner)
    old = dossier.documents.get()
    client.post(
        reverse("portal:document_upload", args=[dossier.pk, old.requirement_id]),
        {"file": upload(pdf_bytes(), "moi.pdf")},
    )
    old.refresh_from_db()

    response = fetch(client, reverse("portal:document_file", args=[old.pk]))

    assert old.superseded_at is not None
    assert response.status_code == 200


# --- how the file is sent ----------------------------------------------------------------


def test_document_headers_inline_nosniff_sameorigin_private(client, dossier):
    login(client, dossier.owner)

    response = fetch(client, document_url(dossier))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="giay-phep.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_document_name_with_vietnamese_and_quotes_is_encoded_safely(client, dossier):
    login(client, dossier.owner)
    requirement = dossier.documents.get().requirement
    document = add_document(dossier, requirement, name='Giấy "phép"\r\n.pdf')
    Document.objects.exclude(pk=document.pk).update(superseded_at=document.uploaded_at)

    response = fetch(client, reverse("portal:document_file", args=[document.pk]))

    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline; ")
    assert "filename*=utf-8''" in disposition
    assert "\r" not in disposition and "\n" not in disposition


def test_document_with_an_unexpected_type_is_downloaded_not_shown(client, dossier):
    login(client, dossier.owner)
    Document.objects.filter(dossier=dossier).update(content_type="text/html")

    response = fetch(client, document_url(dossier))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_photo_and_thumbnail_are_jpeg_inline(client):
    dossier = DossierFactory(files=False)
    login(client, dossier.owner)

    client.post(
        reverse("portal:photo_upload", args=[dossier.pk]),
        {"photos": [upload(image_bytes("PNG", size=(800, 600)), "anh.png")]},
    )
    photo = dossier.photos.get()

    image = fetch(client, reverse("portal:photo_file", args=[photo.pk]))
    thumb = fetch(client, reverse("portal:photo_thumb", args=[photo.pk]))

    assert image["Content-Type"] == "image/jpeg" and thumb["Content-Type"] == "image/jpeg"
    assert image["Content-Disposition"].startswith("inline;")
    assert image["X-Content-Type-Options"] == "nosniff"
    assert "private" in image["Cache-Control"]
    assert image.body == stored(photo.image)
    assert thumb.body == stored(photo.thumbnail)


def test_thumbnail_falls_back_to_the_photo_when_missing(client, dossier):
    login(client, dossier.owner)
    photo = dossier.photos.first()  # tests.factories.add_photo stores no thumbnail

    response = fetch(client, reverse("portal:photo_thumb", args=[photo.pk]))

    assert response.status_code == 200
    assert response.body == stored(photo.image)


def test_missing_file_on_disk_is_404(client, dossier):
    login(client, dossier.owner)
    document = dossier.documents.get()
    document.file.storage.delete(document.file.name)

    assert fetch(client, document_url(dossier)).status_code == 404


def test_file_views_refuse_post(client, dossier):
    login(client, dossier.owner)

    assert client.post(document_url(dossier)).status_code == 405
