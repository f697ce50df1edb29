"""The photos step: several at once, thumbnails, no metadata, captions, order, delete."""

import io
import json
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from awards.enums import DossierState
from awards.models import Photo
from awards.portal import MAX_PHOTOS_PER_DOSSIER
from tests.awards.factories_portal import (
    EXE_BYTES,
    bomb_png,
    html,
    image_bytes,
    jpeg_with_gps,
    login,
    upload,
)
from tests.factories import ArtisanDossierFactory, DossierFactory, add_photo

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


def post_photos(client, dossier, *files, **extra):
    return client.post(
        reverse("portal:photo_upload", args=[dossier.pk]), {"photos": list(files)}, **extra
    )


def message_after(client, response):
    return html(client.get(response["Location"]))


def orders(dossier):
    return list(dossier.photos.order_by("order", "pk").values_list("caption", flat=True))


def captioned(dossier, *captions):
    photos = []
    for index, caption in enumerate(captions):
        photo = add_photo(dossier, index)
        photo.caption = caption
        photo.order = index + 1
        photo.save()
        photos.append(photo)
    return photos


# --- upload ------------------------------------------------------------------------------


def test_photo_multi_upload_creates_photos_with_thumbnails_and_no_exif(client, dossier):
    files = [
        upload(jpeg_with_gps(), "IMG_0001.jpg"),
        upload(image_bytes("PNG", size=(900, 600)), "san-pham.png"),
        upload(image_bytes("WEBP", size=(50, 50)), "chi-tiet.webp"),
    ]

    response = post_photos(client, dossier, *files)

    photos = list(dossier.photos.order_by("order"))
    assert len(photos) == 3
    assert [p.order for p in photos] == [1, 2, 3]
    for photo in photos:
        with Image.open(photo.image.path) as image:
            assert image.format == "JPEG"
            assert not image.getexif()
            assert "exif" not in image.info
        with Image.open(photo.thumbnail.path) as thumb:
            assert max(thumb.size) <= 320
        assert photo.sha256
        assert photo.image.name.startswith("photos/")
    assert b"GPS" not in Path(photos[0].image.path).read_bytes()
    assert "3 photos added." in message_after(client, response)


def test_photo_upload_appends_after_existing_photos(client, dossier):
    captioned(dossier, "Một", "Hai")

    post_photos(client, dossier, upload(image_bytes("JPEG"), "ba.jpg"))

    assert list(dossier.photos.order_by("order").values_list("order", flat=True)) == [1, 2, 3]


def test_photos_page_shows_thumbnails_through_the_private_view(client, dossier, settings):
    photo = add_photo(dossier)

    page = html(client.get(reverse("portal:photos", args=[dossier.pk])))

    assert reverse("portal:photo_thumb", args=[photo.pk]) in page
    assert reverse("portal:photo_file", args=[photo.pk]) in page
    assert "/" + settings.MEDIA_URL not in page
    assert 'multiple accept="image/jpeg,image/png,image/webp"' in page
    assert "This round asks for at least 3 colour photos of the product. You have 1." in page


def test_artisan_photos_are_optional(client):
    dossier = ArtisanDossierFactory(files=False)
    login(client, dossier.owner)

    page = html(client.get(reverse("portal:photos", args=[dossier.pk])))

    assert "Photos are optional" in page


def test_photo_upload_by_script_answers_json(client, dossier):
    response = post_photos(
        client,
        dossier,
        upload(image_bytes("JPEG"), "a.jpg"),
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )

    assert json.loads(response.content)["redirect"] == reverse("portal:photos", args=[dossier.pk])
    assert dossier.photos.count() == 1


# --- bad photos --------------------------------------------------------------------------


def assert_no_photo_saved(client, dossier, response, expected, before=0):
    assert Photo.objects.filter(dossier=dossier).count() == before
    assert expected in message_after(client, response)


def test_photo_bomb_is_refused(client, dossier):
    response = post_photos(client, dossier, upload(bomb_png(), "khong-lo.png"))

    assert_no_photo_saved(client, dossier, response, "The image has too many pixels")


def test_one_bad_photo_saves_none_and_names_the_file(client, dossier, settings):
    response = post_photos(
        client,
        dossier,
        upload(image_bytes("JPEG"), "tot.jpg"),
        upload(EXE_BYTES, "anh-dep.jpg"),
    )

    assert_no_photo_saved(client, dossier, response, "Photo “anh-dep.jpg”: This kind of file")
    stored = list((Path(settings.MEDIA_ROOT) / "photos").rglob("*.jpg"))
    assert stored == []


def test_empty_photo_is_refused(client, dossier):
    response = post_photos(client, dossier, upload(b"", "rong.jpg"))

    assert_no_photo_saved(client, dossier, response, "The file is empty.")


def test_oversized_photo_is_refused(client, dossier, settings):
    settings.UPLOAD_MAX_PHOTO_BYTES = 500

    response = post_photos(client, dossier, upload(image_bytes("PNG", size=(300, 300)), "to.png"))

    assert_no_photo_saved(client, dossier, response, "The file is too large")


def test_damaged_photo_is_refused(client, dossier):
    broken = image_bytes("JPEG", size=(200, 200))[:200]

    response = post_photos(client, dossier, upload(broken, "hong.jpg"))

    assert_no_photo_saved(client, dossier, response, "The file is not a valid image")


def test_upload_without_photos_asks_for_one(client, dossier):
    response = client.post(reverse("portal:photo_upload", args=[dossier.pk]), {})

    assert_no_photo_saved(client, dossier, response, "Choose at least one photo to upload.")


def test_photo_cap_refuses_the_whole_batch(client, dossier, monkeypatch):
    monkeypatch.setattr("awards.portal.MAX_PHOTOS_PER_DOSSIER", 2)
    add_photo(dossier)

    response = post_photos(
        client, dossier, upload(image_bytes("JPEG"), "a.jpg"), upload(image_bytes("JPEG"), "b.jpg")
    )

    assert_no_photo_saved(client, dossier, response, "at most 2 photos", before=1)
    assert MAX_PHOTOS_PER_DOSSIER >= 3


def test_photo_upload_after_submission_is_refused(client):
    dossier = DossierFactory(state=S.SUBMITTED)
    login(client, dossier.owner)

    response = post_photos(client, dossier, upload(image_bytes("JPEG"), "muon.jpg"))

    assert_no_photo_saved(client, dossier, response, "can no longer be changed", before=3)


# --- caption, order, delete --------------------------------------------------------------


def test_photo_caption_is_saved(client, dossier):
    (photo,) = captioned(dossier, "")

    client.post(
        reverse("portal:photo_update", args=[dossier.pk, photo.pk]),
        {f"p{photo.pk}-caption": "Bình gốm nhìn từ trên", f"p{photo.pk}-position": "1"},
    )

    photo.refresh_from_db()
    assert photo.caption == "Bình gốm nhìn từ trên"


def test_photo_move_up_and_down_reorders(client, dossier):
    one, _two, three = captioned(dossier, "Một", "Hai", "Ba")

    client.post(reverse("portal:photo_move", args=[dossier.pk, three.pk]), {"direction": "up"})
    assert orders(dossier) == ["Một", "Ba", "Hai"]

    client.post(reverse("portal:photo_move", args=[dossier.pk, one.pk]), {"direction": "down"})
    assert orders(dossier) == ["Ba", "Một", "Hai"]
    assert list(dossier.photos.order_by("order").values_list("order", flat=True)) == [1, 2, 3]


def test_photo_move_beyond_the_ends_changes_nothing(client, dossier):
    one, two = captioned(dossier, "Một", "Hai")

    client.post(reverse("portal:photo_move", args=[dossier.pk, one.pk]), {"direction": "up"})
    client.post(reverse("portal:photo_move", args=[dossier.pk, two.pk]), {"direction": "down"})

    assert orders(dossier) == ["Một", "Hai"]


def test_photo_position_number_moves_it(client, dossier):
    *_, three = captioned(dossier, "Một", "Hai", "Ba")

    client.post(
        reverse("portal:photo_update", args=[dossier.pk, three.pk]),
        {f"p{three.pk}-caption": "Ba", f"p{three.pk}-position": "1"},
    )

    assert orders(dossier) == ["Ba", "Một", "Hai"]


def test_photo_delete_removes_the_row_and_renumbers(client, dossier):
    post_photos(
        client,
        dossier,
        upload(image_bytes("JPEG"), "a.jpg"),
        upload(image_bytes("JPEG"), "b.jpg"),
    )
    first, second = dossier.photos.order_by("order")

    response = client.post(reverse("portal:photo_delete", args=[dossier.pk, first.pk]))

    second.refresh_from_db()
    assert not Photo.objects.filter(pk=first.pk).exists()
    assert second.order == 1
    assert "The photo has been deleted." in message_after(client, response)


def test_photo_delete_removes_the_stored_files(client, dossier, django_capture_on_commit_callbacks):
    post_photos(client, dossier, upload(image_bytes("JPEG"), "a.jpg"))
    photo = dossier.photos.get()
    paths = [Path(photo.image.path), Path(photo.thumbnail.path)]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:photo_delete", args=[dossier.pk, photo.pk]))

    assert not any(path.exists() for path in paths)


@pytest.mark.parametrize("action", ["photo_update", "photo_move", "photo_delete"])
def test_photo_changes_after_submission_are_refused(client, action):
    dossier = DossierFactory(state=S.SUBMITTED)
    login(client, dossier.owner)
    photo = dossier.photos.order_by("order").last()
    before = list(dossier.photos.values_list("pk", "order", "caption"))

    response = client.post(
        reverse(f"portal:{action}", args=[dossier.pk, photo.pk]),
        {"direction": "up", f"p{photo.pk}-caption": "Sửa", f"p{photo.pk}-position": "1"},
    )

    assert list(dossier.photos.values_list("pk", "order", "caption")) == before
    assert "can no longer be changed" in message_after(client, response)


def test_photo_of_another_dossier_is_404_even_for_its_own_dossier_url(client, dossier):
    foreign = add_photo(DossierFactory(files=False))

    response = client.post(reverse("portal:photo_delete", args=[dossier.pk, foreign.pk]))

    assert response.status_code == 404
    assert Photo.objects.filter(pk=foreign.pk).exists()


def test_photo_image_bytes_are_a_clean_jpeg(client, dossier):
    post_photos(client, dossier, upload(jpeg_with_gps(), "gps.jpg"))
    photo = dossier.photos.get()

    with Image.open(io.BytesIO(Path(photo.image.path).read_bytes())) as image:
        assert image.format == "JPEG"
        assert image.info.get("exif") is None
