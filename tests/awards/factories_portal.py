"""Helpers for the applicant portal's tests: files built in memory, signing in, page text."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from reportlab.pdfgen import canvas

from tests.factories import UserFactory


def login(client, user):
    """force_login with the user as stored (UserFactory sets the password on the instance
    only, and a session hash from that would not match the database row)."""
    user.refresh_from_db()
    client.force_login(user)
    return user


def signed_in(client, user=None):
    return login(client, user or UserFactory())


def html(response):
    return response.content.decode()


def pdf_bytes(pages=1):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number in range(pages):
        pdf.drawString(72, 720, f"Giấy chứng nhận đăng ký hộ kinh doanh — trang {number + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def image_bytes(fmt="PNG", size=(40, 30), color=(200, 30, 30), **options):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt, **options)
    return buffer.getvalue()


def jpeg_with_gps(size=(120, 90)):
    """A JPEG carrying EXIF with a camera model and a GPS position."""
    image = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[0x0110] = "Điện thoại thử nghiệm"  # camera model
    exif[0x8825] = {1: "N", 2: (10.0, 57.0, 0.0), 3: "E", 4: (106.0, 49.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width=20000, height=20000):
    """A real 1-bit PNG of width × height black pixels: a few dozen KB, 400 million pixels."""
    row = b"\x00" + bytes((width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def upload(content, name="giay-phep.pdf", content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


#: A Windows program: the "MZ" header and the DOS stub text.
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"This program cannot be run in DOS mode.\r\n" * 4
