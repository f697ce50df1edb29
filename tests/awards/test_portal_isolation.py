"""Two applicants never see or change each other's dossiers, files or photos.

Every URL of the portal namespace is listed here; a test fails when a new one is added
without being covered.
"""

import pytest
from django.urls import reverse

from awards import urls_portal
from awards.models import Document, Dossier, Photo
from tests.awards.factories_portal import image_bytes, login, pdf_bytes, upload
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db

#: URL name -> which objects its arguments name (besides the dossier).
DOSSIER_URLS = {
    "dossier": (),
    "facts": (),
    "documents": (),
    "document_upload": ("requirement",),
    "document_remove": ("document",),
    "photos": (),
    "photo_upload": (),
    "photo_update": ("photo",),
    "photo_move": ("photo",),
    "photo_delete": ("photo",),
    "declarations": (),
    "review": (),
}
FILE_URLS = {"document_file": "document", "photo_file": "photo", "photo_thumb": "photo"}
OPEN_URLS = {"rounds", "start"}


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def victim():
    return DossierFactory(title="Hồ sơ của người khác")


@pytest.fixture
def intruder(client):
    dossier = DossierFactory(title="Hồ sơ của tôi")
    login(client, dossier.owner)
    return dossier


def objects_of(dossier):
    return {
        "requirement": dossier.required_documents().get(code="registration"),
        "document": dossier.documents.first(),
        "photo": dossier.photos.first(),
    }


def dossier_url(name, dossier, objects):
    args = [dossier.pk, *[objects[kind].pk for kind in DOSSIER_URLS[name]]]
    return reverse(f"portal:{name}", args=args)


def post_data(name, objects):
    photo = objects["photo"]
    return {
        "seen": "2000-01-01T00:00:00+00:00",
        "title": "Bị sửa",
        "declare_own_production": "",
        "direction": "down",
        f"p{photo.pk}-caption": "Bị sửa",
        f"p{photo.pk}-position": "3",
        "file": upload(pdf_bytes(), "x.pdf"),
        "photos": [upload(image_bytes("JPEG"), "x.jpg")],
    }


def snapshot():
    return (
        list(Dossier.objects.order_by("pk").values_list("pk", "title", "declarations", "state")),
        list(Document.objects.order_by("pk").values_list("pk", "superseded_at")),
        list(Photo.objects.order_by("pk").values_list("pk", "order", "caption")),
    )


def test_every_portal_url_is_covered_here():
    declared = {pattern.name for pattern in urls_portal.urlpatterns}

    assert declared == set(DOSSIER_URLS) | set(FILE_URLS) | OPEN_URLS


@pytest.mark.parametrize("name", sorted(DOSSIER_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_applicants_dossier_urls_are_404(client, victim, intruder, name, method):
    objects = objects_of(victim)
    before = snapshot()

    response = getattr(client, method)(
        dossier_url(name, victim, objects), post_data(name, objects) if method == "post" else None
    )

    assert response.status_code in (404, 405)
    if response.status_code == 405:
        assert method == "get"
    else:
        assert "Hồ sơ của người khác" not in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("name", [name for name, kinds in sorted(DOSSIER_URLS.items()) if kinds])
def test_another_applicants_objects_through_my_dossier_url_are_404(client, victim, intruder, name):
    """My dossier id with someone else's document, photo or checklist item in the URL."""
    objects = objects_of(victim)
    url = reverse(
        f"portal:{name}", args=[intruder.pk, *[objects[kind].pk for kind in DOSSIER_URLS[name]]]
    )
    before = snapshot()

    response = client.post(url, post_data(name, objects))

    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(FILE_URLS))
def test_another_applicants_files_are_404(client, victim, intruder, name):
    target = objects_of(victim)[FILE_URLS[name]]

    response = client.get(reverse(f"portal:{name}", args=[target.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", sorted(FILE_URLS))
def test_my_own_files_are_served(client, intruder, name):
    target = objects_of(intruder)[FILE_URLS[name]]

    response = client.get(reverse(f"portal:{name}", args=[target.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content)


@pytest.mark.parametrize("name", sorted(DOSSIER_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_dossier_urls_send_anonymous_visitors_to_sign_in(client, victim, name, method):
    objects = objects_of(victim)
    before = snapshot()

    response = getattr(client, method)(dossier_url(name, victim, objects))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(FILE_URLS))
def test_files_are_404_for_anonymous_visitors(client, victim, name):
    target = objects_of(victim)[FILE_URLS[name]]

    response = client.get(reverse(f"portal:{name}", args=[target.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", sorted(DOSSIER_URLS))
def test_my_own_dossier_urls_answer(client, intruder, name):
    objects = objects_of(intruder)
    url = dossier_url(name, intruder, objects)

    response = client.get(url)

    assert response.status_code in (200, 302, 405)
    if response.status_code == 200:
        assert "Hồ sơ của tôi" in response.content.decode()
