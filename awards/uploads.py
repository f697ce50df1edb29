"""Safety checks for files that applicants upload: dossier documents and product photos.

A file is judged by its content, never by its name or the browser's content type: a PDF
must parse as a PDF, an image must be opened and verified by Pillow. Images are decoded,
capped in pixels before any pixel is decoded (decompression bombs), and re-encoded without
metadata (EXIF, GPS, XMP, ICC, comments, text chunks), so what is stored is what was checked.
Stored names are random (see ``private_upload_to`` / ``photo_upload_to``); the name the
applicant gave is kept only for display, cleaned by ``safe_original_name``.
"""

import hashlib
import io
import unicodedata
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext
from PIL import Image, ImageOps

from awards.text import nfc

FALLBACK_NAME = "tep-tai-len"
MAX_NAME_LENGTH = 200
PHOTO_MAX_SIDE = 2560
THUMBNAIL_MAX_SIDE = 320
JPEG_QUALITY = 85

DOCUMENT_KINDS = ("pdf", "jpg", "png")
PHOTO_KINDS = ("jpg", "png", "webp")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}
_KIND_ALIASES = {"jpeg": "jpg", "jpe": "jpg"}
_PILLOW_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
_MEBIBYTE = 1024 * 1024


class UploadRejected(ValidationError):
    """An uploaded file that cannot be accepted; the message tells the person why.

    A ``ValidationError`` so that a form can show it on the file field as it is;
    ``str(error)`` is the message with its parameters filled in.
    """

    def __init__(self, message, *, code, params=None):
        super().__init__(message, code=code, params=params)

    def __str__(self):
        return self.messages[0]


@dataclass(frozen=True)
class CheckedFile:
    """A document that passed the checks; ``content`` is exactly what is to be stored."""

    content: bytes
    kind: str
    content_type: str
    size: int
    sha256: str
    original_name: str
    extension: str

    def as_content_file(self):
        """The content for ``FieldFile.save``; ``upload_to`` replaces the name by a random one."""
        return ContentFile(self.content, name=f"upload.{self.extension}")


@dataclass(frozen=True)
class ProcessedPhoto:
    """A product photo re-encoded as JPEG without metadata, with its thumbnail."""

    image_bytes: bytes
    thumbnail_bytes: bytes
    width: int
    height: int
    sha256: str
    original_name: str

    def image_file(self):
        return ContentFile(self.image_bytes, name="photo.jpg")

    def thumbnail_file(self):
        return ContentFile(self.thumbnail_bytes, name="thumbnail.jpg")


def safe_original_name(name):
    """Return a display-safe version of an uploaded file's name.

    Steps: keep the last path component (``/`` and ``\\`` both separate), NFC-normalise,
    drop control, invisible format, private-use and unassigned characters (e.g. the
    right-to-left override U+202E, which makes "hoa-don<U+202E>fdp.exe" display as
    "hoa-donexe.pdf"), turn every kind of space or line separator into a plain space, cap at
    200 characters keeping the extension, and fall back to "tep-tai-len" when nothing usable
    (or only dots) is left.
    """
    text = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    text = nfc("".join(_name_character(ch) for ch in text))
    if len(text) > MAX_NAME_LENGTH:
        stem, dot, extension = text.rpartition(".")
        if dot and stem and 0 < len(extension) <= 10:
            text = stem[: MAX_NAME_LENGTH - len(extension) - 1].rstrip() + "." + extension
        else:
            text = text[:MAX_NAME_LENGTH].rstrip()
    if not text.strip("."):
        return FALLBACK_NAME
    return text


def _name_character(ch):
    category = unicodedata.category(ch)
    if category.startswith("C"):  # control, format, surrogate, private use, unassigned
        return ""
    if category.startswith("Z"):  # no-break spaces, line and paragraph separators
        return " "
    return ch


def normalise_kinds(kinds):
    """Lower-case kinds without dots, "jpeg" as "jpg", duplicates dropped, order kept."""
    result = []
    for kind in kinds or ():
        value = str(kind).strip().lower().lstrip(".")
        value = _KIND_ALIASES.get(value, value)
        if value and value not in result:
            result.append(value)
    return result


def inspect_document(*, upload, accepted_kinds):
    """Check an uploaded dossier document and return what is to be stored.

    Steps, in order: reject an empty file; reject a file over
    ``settings.UPLOAD_MAX_DOCUMENT_BYTES``; find the real kind from the content (PDF, JPEG
    or PNG; the name is ignored) and reject anything else; reject a kind the checklist item
    does not accept; a PDF must parse and have at least one page; an image must pass
    Pillow's verification and the pixel cap, and is re-encoded in its own format without
    metadata. An empty ``accepted_kinds`` means every supported kind (PDF, JPG, PNG).
    """
    accepted = [kind for kind in normalise_kinds(accepted_kinds) if kind in DOCUMENT_KINDS]
    if not accepted:
        accepted = list(DOCUMENT_KINDS)
    content = _read_within_limit(upload, settings.UPLOAD_MAX_DOCUMENT_BYTES)
    kind = _detect_kind(content)
    if kind not in DOCUMENT_KINDS:
        raise UploadRejected(
            gettext(
                "This kind of file is not accepted; accepted: %(kinds)s. "
                "The content of the file is not a PDF, JPG or PNG, whatever its name says."
            ),
            code="unsupported_kind",
            params={"kinds": _kinds_display(accepted)},
        )
    if kind not in accepted:
        raise UploadRejected(
            gettext("This item accepts only %(kinds)s files, but the uploaded file is a %(kind)s."),
            code="kind_not_accepted",
            params={"kinds": _kinds_display(accepted), "kind": kind.upper()},
        )
    if kind == "pdf":
        _check_pdf(content)
        stored = content
    else:
        image = _open_image(content, kind)
        stored = _encode_document_image(image, kind)
    return CheckedFile(
        content=stored,
        kind=kind,
        content_type=CONTENT_TYPES[kind],
        size=len(stored),
        sha256=hashlib.sha256(stored).hexdigest(),
        original_name=safe_original_name(upload.name),
        extension=kind,
    )


def process_photo(*, upload):
    """Check a product photo and return it re-encoded, with a thumbnail.

    Steps, in order: reject an empty file; reject a file over
    ``settings.UPLOAD_MAX_PHOTO_BYTES``; accept only JPEG, PNG or WebP content; verify it
    with Pillow and enforce the pixel cap before decoding; turn it upright from its EXIF
    orientation; flatten it to RGB on white; shrink it so the longest side is at most
    2560 px; encode it as JPEG (quality 85) with no EXIF, GPS, XMP or ICC data; make a
    thumbnail whose longest side is at most 320 px.
    """
    content = _read_within_limit(upload, settings.UPLOAD_MAX_PHOTO_BYTES)
    kind = _detect_kind(content)
    if kind not in PHOTO_KINDS:
        raise UploadRejected(
            gettext(
                "This kind of file is not accepted as a photo; accepted: %(kinds)s. "
                "The content of the file is not an image in one of these formats."
            ),
            code="unsupported_kind",
            params={"kinds": "JPG, PNG, WebP"},
        )
    image = _open_image(content, kind, draft_side=PHOTO_MAX_SIDE)
    image = _upright(image)
    image = _to_srgb(image)
    image = _flatten_to_rgb(image)
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE), Image.Resampling.LANCZOS)
    thumbnail = image.copy()
    thumbnail.thumbnail((THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE), Image.Resampling.LANCZOS)
    image_bytes = _encode_jpeg(image)
    return ProcessedPhoto(
        image_bytes=image_bytes,
        thumbnail_bytes=_encode_jpeg(thumbnail),
        width=image.width,
        height=image.height,
        sha256=hashlib.sha256(image_bytes).hexdigest(),
        original_name=safe_original_name(upload.name),
    )


# --- reading and recognising -------------------------------------------------------------


def _read_within_limit(upload, limit):
    """Read the whole upload, never more than ``limit + 1`` bytes into memory."""
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise _too_large(limit)
    if hasattr(upload, "seek"):
        upload.seek(0)
    content = upload.read(limit + 1) or b""
    if not content:
        raise UploadRejected(gettext("The file is empty."), code="empty")
    if len(content) > limit:
        raise _too_large(limit)
    return content


def _too_large(limit):
    return UploadRejected(
        gettext("The file is too large; the limit is %(limit)s MB."),
        code="too_large",
        params={"limit": _short_number(limit / _MEBIBYTE)},
    )


def _short_number(value):
    """20.0 -> "20", 0.5 -> "0.5" (with the active language's decimal separator)."""
    value = round(value, 2)
    if value == int(value):
        return str(int(value))
    return number_format(value)


def _detect_kind(content):
    """The real kind from the first bytes, or None; the declared name plays no part."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "webp"
    return None


def _kinds_display(kinds):
    return ", ".join(kind.upper() for kind in kinds)


# --- PDF ---------------------------------------------------------------------------------


def _check_pdf(content):
    """The PDF must parse (leniently, as viewers do), open without a password, have a page."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    invalid = UploadRejected(
        gettext("The file is not a valid PDF: it is damaged or incomplete."),
        code="invalid_pdf",
    )
    try:
        # pypdf reports recoverable damage as warnings; the page count decides, not they.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(content), strict=False)
            page_count = len(reader.pages)
    except FileNotDecryptedError:
        raise UploadRejected(
            gettext("The PDF is protected by a password; please upload a copy without a password."),
            code="pdf_encrypted",
        ) from None
    except Exception:
        # Any failure to parse untrusted bytes (pypdf raises many kinds) means "not a PDF".
        raise invalid from None
    if page_count < 1:
        raise invalid


# --- images ------------------------------------------------------------------------------


def _too_many_pixels(limit):
    return UploadRejected(
        gettext(
            "The image has too many pixels; the limit is %(limit)s million pixels. "
            "Please upload a smaller image."
        ),
        code="too_many_pixels",
        params={"limit": _short_number(limit / 1_000_000)},
    )


def _open_image(content, kind, *, draft_side=None):
    """Open, verify and decode an image of the given kind, refusing decompression bombs.

    Only the Pillow plugin for the detected format is tried, so no other decoder ever sees
    the bytes. The pixel count is compared with ``settings.UPLOAD_MAX_IMAGE_PIXELS`` before
    any pixel is decoded; Pillow's own bomb warning is raised as an error only inside this
    function, so ``Image.MAX_IMAGE_PIXELS`` and other code are left alone.
    """
    limit = settings.UPLOAD_MAX_IMAGE_PIXELS
    formats = [_PILLOW_FORMATS[kind]]
    invalid = UploadRejected(
        gettext("The file is not a valid image: it is damaged or incomplete."),
        code="invalid_image",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=formats) as probe:
                if probe.width * probe.height > limit:
                    raise _too_many_pixels(limit)
                probe.verify()
            image = Image.open(io.BytesIO(content), formats=formats)
            if image.width * image.height > limit:
                raise _too_many_pixels(limit)
            if draft_side and kind == "jpg":
                # Let the JPEG decoder scale down by 1/2, 1/4 or 1/8 while decoding.
                image.draft("RGB", (draft_side, draft_side))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(limit) from None
    except UploadRejected:
        raise
    except Exception:
        # Pillow raises OSError, SyntaxError, ValueError, EOFError, struct.error and more
        # for damaged input; for untrusted bytes they all mean the same thing.
        raise invalid from None
    return image


def _upright(image):
    """Apply the EXIF orientation; a damaged EXIF block leaves the image as it is."""
    try:
        return ImageOps.exif_transpose(image)
    except Exception:
        return image


def _to_srgb(image):
    """Convert from an embedded colour profile to sRGB, since the profile is dropped."""
    icc_profile = image.info.get("icc_profile")
    if not icc_profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        from PIL import ImageCms

        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        target = ImageCms.createProfile("sRGB")
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, target, outputMode=output_mode)
    except Exception:
        # A damaged or unusual profile only costs colour accuracy, not the upload.
        return image


def _has_transparency(image):
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def _flatten_to_rgb(image):
    """RGB with transparent areas on white (a cut-out product photo stays white, not black)."""
    if _has_transparency(image):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        # 16-bit and float greyscale: scale to 8 bits instead of clipping.
        image = image.point(lambda value: value / 256).convert("L")
    return image.convert("RGB")


def _strip_metadata(image):
    """A copy whose ``info`` keeps only transparency, so no encoder can copy metadata."""
    clean = image.copy()
    transparency = image.info.get("transparency")
    clean.info = {} if transparency is None else {"transparency": transparency}
    return clean


def _encode_jpeg(image):
    buffer = io.BytesIO()
    _strip_metadata(image).save(
        buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True
    )
    return buffer.getvalue()


def _encode_document_image(image, kind):
    """Re-encode a document image in its own format, upright and without metadata."""
    image = _to_srgb(_upright(image))
    if kind == "png":
        buffer = io.BytesIO()
        _strip_metadata(image).save(buffer, format="PNG")
        return buffer.getvalue()
    if image.mode not in ("L", "RGB"):
        image = _flatten_to_rgb(image)
    return _encode_jpeg(image)
