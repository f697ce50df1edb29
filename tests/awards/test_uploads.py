import hashlib
import io
import struct
import unicodedata
import zlib

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageCms, PngImagePlugin
from pypdf import PdfWriter
from reportlab.pdfgen import canvas

from awards.uploads import (
    UploadRejected,
    inspect_document,
    process_photo,
    safe_original_name,
)

MIB = 1024 * 1024


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in their English source form, whatever the catalogue holds."""
    with translation.override("en"):
        yield


# --- building files in memory ------------------------------------------------------------


def pdf_bytes(pages=1):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number in range(pages):
        pdf.drawString(72, 720, f"Giấy chứng nhận đăng ký hộ kinh doanh — trang {number + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def image_bytes(fmt="PNG", size=(40, 30), mode="RGB", color=(200, 30, 30), **save_options):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def upload(content, name="tep.pdf"):
    return SimpleUploadedFile(name, content)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width, height):
    """A real 1-bit PNG of width × height pixels, all black, built row by row.

    The pixel data compresses about 1000:1, so a 20000 × 20000 image (400 million pixels)
    takes a few dozen KB on disk and is built here without holding the raw rows in memory.
    """
    row = b"\x00" + bytes((width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def jpeg_with_private_metadata(size=(100, 50), orientation=None):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.ImageDescription] = "GPS nha rieng cua chu co so"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (10.0, 57.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (106.0, 50.0, 30.0)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return image_bytes(
        "JPEG", size=size, exif=exif, icc_profile=icc, comment=b"chu so huu: Nguyen Van A"
    )


def assert_no_metadata(content):
    assert b"Exif" not in content
    assert b"GPS" not in content
    assert b"PhoneMaker" not in content
    assert b"Nguyen Van A" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert not image.getexif()
        assert "icc_profile" not in image.info
        assert "exif" not in image.info
        assert "comment" not in image.info


# --- safe_original_name ------------------------------------------------------------------


def test_safe_original_name_drops_path_traversal():
    assert safe_original_name("../../settings.py") == "settings.py"


def test_safe_original_name_drops_windows_path():
    assert safe_original_name("C:\\tmp\\x.pdf") == "x.pdf"


def test_safe_original_name_normalises_vietnamese_to_nfc():
    assert safe_original_name("Gia\u0302\u0301y phe\u0301p.pdf") == "Giấy phép.pdf"


def test_safe_original_name_turns_unusual_spaces_into_plain_spaces():
    assert safe_original_name("Giấy\u00a0phép\u2028kinh doanh.pdf") == "Giấy phép kinh doanh.pdf"


def test_safe_original_name_drops_control_and_direction_characters():
    assert safe_original_name("hoa\x00don\n.pdf") == "hoadon.pdf"
    # U+202E makes "hoa-don\u202efdp.exe" display as "hoa-donexe.pdf".
    assert safe_original_name("hoa-don\u202efdp.exe") == "hoa-donfdp.exe"


def test_safe_original_name_caps_length_and_keeps_extension():
    name = safe_original_name("a" * 500 + ".pdf")
    assert len(name) == 200
    assert name.endswith("a.pdf")


@pytest.mark.parametrize("name", ["", None, "   ", "../..", "uploads/", "\x00\x01", "."])
def test_safe_original_name_falls_back_when_nothing_is_left(name):
    assert safe_original_name(name) == "tep-tai-len"


@given(st.text(max_size=400))
def test_safe_original_name_is_always_one_harmless_component(name):
    result = safe_original_name(name)
    assert result
    assert len(result) <= 200
    assert "/" not in result and "\\" not in result
    assert result not in {".", ".."}
    assert unicodedata.is_normalized("NFC", result)
    assert all(ch.isprintable() or ch == " " for ch in result)


# --- documents: PDF ----------------------------------------------------------------------


def test_inspect_document_accepts_valid_pdf_unchanged():
    content = pdf_bytes(pages=2)

    checked = inspect_document(upload=upload(content, "../giay phep.pdf"), accepted_kinds=["pdf"])

    assert checked.content == content
    assert checked.kind == "pdf"
    assert checked.extension == "pdf"
    assert checked.content_type == "application/pdf"
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.original_name == "giay phep.pdf"


def test_inspect_document_content_file_has_only_a_neutral_name():
    checked = inspect_document(upload=upload(pdf_bytes(), "../../x.py"), accepted_kinds=["pdf"])

    content_file = checked.as_content_file()

    assert content_file.name == "upload.pdf"
    assert content_file.read() == checked.content


def test_inspect_document_rejects_broken_pdf():
    with pytest.raises(UploadRejected) as caught:
        inspect_document(upload=upload(b"%PDF-1.4 garbage"), accepted_kinds=["pdf"])

    assert caught.value.code == "invalid_pdf"
    assert "not a valid PDF" in str(caught.value)


def test_inspect_document_rejects_pdf_without_pages():
    buffer = io.BytesIO()
    PdfWriter().write(buffer)

    with pytest.raises(UploadRejected) as caught:
        inspect_document(upload=upload(buffer.getvalue()), accepted_kinds=["pdf"])

    assert caught.value.code == "invalid_pdf"
    assert "not a valid PDF" in str(caught.value)


def test_inspect_document_rejects_password_protected_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("mat-khau", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)

    with pytest.raises(UploadRejected) as caught:
        inspect_document(upload=upload(buffer.getvalue()), accepted_kinds=["pdf"])

    assert caught.value.code == "pdf_encrypted"
    assert "password" in str(caught.value)


# --- documents: size and kind ------------------------------------------------------------


def test_inspect_document_rejects_empty_file():
    with pytest.raises(UploadRejected) as caught:
        inspect_document(upload=upload(b""), accepted_kinds=["pdf"])

    assert caught.value.code == "empty"
    assert "empty" in str(caught.value)


def test_inspect_document_rejects_file_over_the_limit(settings):
    settings.UPLOAD_MAX_DOCUMENT_BYTES = 1 * MIB
    content = pdf_bytes() + b"\n%" + b"x" * MIB

    with pytest.raises(UploadRejected) as caught:
        inspect_document(upload=upload(content), accepted_kinds=["pdf"])

    assert caught.value.code == "too_large"
    assert "too large" in str(caught.value)
    assert "1 MB" in str(caught.value)


def test_inspect_document_accepts_file_at_the_limit(settings):
    content = pdf_bytes()
    settings.UPLOAD_MAX_DOCUMENT_BYTES = len(content)

    checked = inspect_document(upload=upload(content), accepted_kinds=["pdf"])

    assert checked.size == len(content)


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,  # Windows .exe
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 100,  # zip / docx
        "Tôi cam đoan các thông tin trên là đúng sự thật.".encode(),  # plain text
        b"<html><script>alert(1)</script></html>",
    ],
    ids=["exe", "zip", "text", "html"],
)
def test_inspect_document_rejects_content_that_is_not_a_document(content):
    with pytest.raises(UploadRejected) as caught:
        inspect_document(upload=upload(content, "giay-phep.pdf"), accepted_kinds=["pdf", "jpg"])

    assert caught.value.code == "unsupported_kind"
    assert "not accepted" in str(caught.value)
    assert "PDF, JPG" in str(caught.value)


def test_inspect_document_rejects_png_named_pdf_where_only_pdf_is_accepted():
    with pytest.raises(UploadRejected) as caught:
        inspect_document(upload=upload(image_bytes("PNG"), "giay-phep.pdf"), accepted_kinds=["pdf"])

    assert caught.value.code == "kind_not_accepted"
    assert "accepts only PDF" in str(caught.value)
    assert "PNG" in str(caught.value)


def test_inspect_document_accepts_png_named_pdf_where_png_is_accepted():
    checked = inspect_document(
        upload=upload(image_bytes("PNG"), "giay-phep.pdf"), accepted_kinds=["pdf", "png"]
    )

    assert checked.kind == "png"
    assert checked.extension == "png"
    assert checked.content_type == "image/png"
    assert checked.original_name == "giay-phep.pdf"
    with Image.open(io.BytesIO(checked.content)) as image:
        assert image.format == "PNG"
        assert image.size == (40, 30)


def test_inspect_document_treats_jpeg_and_jpg_as_one_kind():
    checked = inspect_document(
        upload=upload(image_bytes("JPEG"), "anh.JPEG"), accepted_kinds=["JPEG"]
    )

    assert checked.kind == "jpg"
    assert checked.content_type == "image/jpeg"


def test_inspect_document_rejects_webp_as_a_document():
    with pytest.raises(UploadRejected) as caught:
        inspect_document(upload=upload(image_bytes("WEBP"), "anh.png"), accepted_kinds=["png"])

    assert caught.value.code == "unsupported_kind"
    assert "not accepted" in str(caught.value)


def test_inspect_document_with_no_kinds_listed_accepts_every_supported_kind():
    checked = inspect_document(upload=upload(image_bytes("PNG")), accepted_kinds=[])

    assert checked.kind == "png"


# --- documents: images -------------------------------------------------------------------


def test_inspect_document_reencodes_jpeg_without_metadata():
    original = jpeg_with_private_metadata()
    assert b"Exif" in original and b"GPS" in original

    checked = inspect_document(upload=upload(original, "scan.jpg"), accepted_kinds=["jpg"])

    assert_no_metadata(checked.content)
    assert checked.sha256 == hashlib.sha256(checked.content).hexdigest()
    assert checked.size == len(checked.content)


def test_inspect_document_reencodes_png_without_text_or_exif_chunks():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Nguyen Van A")
    info.add_itxt("GPS", "10.95, 106.84")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    original = image_bytes("PNG", pnginfo=info, exif=exif)
    assert b"tEXt" in original and b"eXIf" in original

    checked = inspect_document(upload=upload(original, "scan.png"), accepted_kinds=["png"])

    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP"):
        assert chunk not in checked.content
    assert_no_metadata(checked.content)


def test_inspect_document_turns_jpeg_upright_from_exif_orientation():
    original = jpeg_with_private_metadata(size=(100, 50), orientation=6)

    checked = inspect_document(upload=upload(original, "scan.jpg"), accepted_kinds=["jpg"])

    with Image.open(io.BytesIO(checked.content)) as image:
        assert image.size == (50, 100)


def test_inspect_document_rejects_truncated_jpeg():
    content = image_bytes("JPEG", size=(400, 300))[:600]

    with pytest.raises(UploadRejected) as caught:
        inspect_document(upload=upload(content, "scan.jpg"), accepted_kinds=["jpg"])

    assert caught.value.code == "invalid_image"
    assert "not a valid image" in str(caught.value)


def test_inspect_document_rejects_png_with_bad_checksum():
    content = bytearray(image_bytes("PNG"))
    content[-20] ^= 0xFF  # inside the IDAT chunk, so its CRC no longer matches

    with pytest.raises(UploadRejected) as caught:
        inspect_document(upload=upload(bytes(content), "scan.png"), accepted_kinds=["png"])

    assert caught.value.code == "invalid_image"
    assert "not a valid image" in str(caught.value)


# --- decompression bombs -----------------------------------------------------------------


@pytest.mark.parametrize(
    "size",
    [(20000, 20000), (10000, 10000), (8000, 6000)],
    ids=["over-pillow-error", "in-pillow-warning-zone", "over-our-limit-only"],
)
def test_inspect_document_rejects_image_with_too_many_pixels(size):
    content = bomb_png(*size)
    assert len(content) < 200_000
    limit_before = Image.MAX_IMAGE_PIXELS

    with pytest.raises(UploadRejected) as caught:
        inspect_document(upload=upload(content, "scan.png"), accepted_kinds=["png"])

    assert caught.value.code == "too_many_pixels"
    assert "too many pixels" in str(caught.value)
    assert "40 million" in str(caught.value)
    assert limit_before == Image.MAX_IMAGE_PIXELS


def test_process_photo_rejects_image_with_too_many_pixels():
    with pytest.raises(UploadRejected) as caught:
        process_photo(upload=upload(bomb_png(20000, 20000), "anh.png"))

    assert caught.value.code == "too_many_pixels"
    assert "too many pixels" in str(caught.value)


def test_process_photo_respects_lowered_pixel_limit(settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 10_000

    with pytest.raises(UploadRejected) as caught:
        process_photo(upload=upload(image_bytes("JPEG", size=(200, 100)), "anh.jpg"))

    assert caught.value.code == "too_many_pixels"
    assert "0.01 million" in str(caught.value)


# --- photos ------------------------------------------------------------------------------


def test_process_photo_strips_exif_gps_and_colour_profile():
    original = jpeg_with_private_metadata()

    photo = process_photo(upload=upload(original, "IMG_0001.JPG"))

    assert_no_metadata(photo.image_bytes)
    assert_no_metadata(photo.thumbnail_bytes)
    assert photo.sha256 == hashlib.sha256(photo.image_bytes).hexdigest()
    assert photo.original_name == "IMG_0001.JPG"


def test_process_photo_applies_exif_orientation():
    original = jpeg_with_private_metadata(size=(100, 50), orientation=6)

    photo = process_photo(upload=upload(original, "IMG_0002.JPG"))

    assert (photo.width, photo.height) == (50, 100)
    with Image.open(io.BytesIO(photo.image_bytes)) as image:
        assert image.size == (50, 100)


def test_process_photo_shrinks_large_photo_and_makes_small_thumbnail():
    original = image_bytes("JPEG", size=(3000, 1200))

    photo = process_photo(upload=upload(original, "gom.jpg"))

    assert (photo.width, photo.height) == (2560, 1024)
    with Image.open(io.BytesIO(photo.image_bytes)) as image:
        assert image.format == "JPEG"
        assert image.size == (2560, 1024)
    with Image.open(io.BytesIO(photo.thumbnail_bytes)) as thumbnail:
        assert thumbnail.format == "JPEG"
        assert max(thumbnail.size) <= 320
        assert thumbnail.size == (320, 128)


def test_process_photo_keeps_small_photo_size():
    photo = process_photo(upload=upload(image_bytes("PNG", size=(300, 200)), "nho.png"))

    assert (photo.width, photo.height) == (300, 200)
    with Image.open(io.BytesIO(photo.thumbnail_bytes)) as thumbnail:
        assert thumbnail.size == (300, 200)


def test_process_photo_puts_transparent_png_on_white():
    original = image_bytes("PNG", size=(60, 60), mode="RGBA", color=(0, 0, 0, 0))

    photo = process_photo(upload=upload(original, "cat-nen.png"))

    with Image.open(io.BytesIO(photo.image_bytes)) as image:
        assert image.format == "JPEG"
        assert image.mode == "RGB"
        assert min(image.getpixel((30, 30))) >= 250


def test_process_photo_accepts_webp():
    photo = process_photo(upload=upload(image_bytes("WEBP", size=(80, 60)), "anh.webp"))

    assert (photo.width, photo.height) == (80, 60)
    assert photo.image_file().name == "photo.jpg"
    assert photo.thumbnail_file().name == "thumbnail.jpg"


def test_process_photo_rejects_pdf():
    with pytest.raises(UploadRejected) as caught:
        process_photo(upload=upload(pdf_bytes(), "anh.jpg"))

    assert caught.value.code == "unsupported_kind"
    assert "not accepted as a photo" in str(caught.value)


def test_process_photo_rejects_empty_file():
    with pytest.raises(UploadRejected) as caught:
        process_photo(upload=upload(b"", "anh.jpg"))

    assert "empty" in str(caught.value)


def test_process_photo_rejects_file_over_the_photo_limit(settings):
    settings.UPLOAD_MAX_PHOTO_BYTES = MIB // 2
    content = image_bytes("JPEG") + b"\x00" * MIB

    with pytest.raises(UploadRejected) as caught:
        process_photo(upload=upload(content, "anh.jpg"))

    assert caught.value.code == "too_large"
    assert "0.5 MB" in str(caught.value)


# --- use from a form ---------------------------------------------------------------------


class DocumentForm(forms.Form):
    file = forms.FileField()

    def clean_file(self):
        return inspect_document(upload=self.cleaned_data["file"], accepted_kinds=["pdf"])


def test_upload_rejected_shows_as_a_form_field_error():
    assert issubclass(UploadRejected, ValidationError)
    form = DocumentForm(data={}, files={"file": upload(b"MZ\x90\x00", "giay-phep.pdf")})

    assert not form.is_valid()
    assert "not accepted" in form.errors["file"][0]
