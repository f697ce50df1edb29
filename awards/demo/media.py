"""Files for the demo: product photos drawn with Pillow and small PDFs drawn with reportlab.

Nothing is downloaded. Photos are a gradient in the colour of the product group, a simple
shape and the product name in Noto Sans (which has every Vietnamese glyph); PDFs embed the
bundled Noto Sans so Vietnamese text shows in any viewer.
"""

import functools
import hashlib
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from awards.text import nfc

FONTS = Path(__file__).resolve().parent.parent / "fonts"
PHOTO_SIZE = (800, 600)
THUMBNAIL_SIZE = (240, 180)

#: (top colour, bottom colour, shape colour) per product group.
GROUP_PALETTES = {
    "1": ((122, 62, 24), (236, 196, 140), (250, 240, 222)),
    "2": ((27, 94, 32), (197, 225, 165), (255, 241, 118)),
    "3": ((13, 71, 161), (179, 212, 245), (236, 239, 241)),
    "4": ((74, 20, 140), (215, 190, 235), (255, 224, 178)),
}
GROUP_LABELS = {
    "1": "THỦ CÔNG MỸ NGHỆ",
    "2": "NÔNG SẢN CHẾ BIẾN",
    "3": "CƠ KHÍ",
    "4": "SẢN PHẨM KHÁC",
}
PHOTO_VIEWS = ("Toàn cảnh sản phẩm", "Chi tiết sản phẩm", "Bao bì, nhãn mác")


def sha256(data):
    return hashlib.sha256(data).hexdigest()


@functools.lru_cache(maxsize=8)
def _font(name, size):
    return ImageFont.truetype(str(FONTS / name), size)


def _wrap(draw, text, font, width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


@functools.lru_cache(maxsize=4)
def _gradient(group):
    top, bottom, _shape = GROUP_PALETTES.get(group, GROUP_PALETTES["4"])
    mask = Image.linear_gradient("L").resize(PHOTO_SIZE)
    return Image.composite(
        Image.new("RGB", PHOTO_SIZE, bottom), Image.new("RGB", PHOTO_SIZE, top), mask
    )


def _draw_shape(draw, group, view, colour):
    """A vase, a package or a machine-like block: enough to tell the photos apart."""
    outline = (60, 40, 30)
    if view == 2:  # packaging: a box with a label
        draw.rounded_rectangle(
            (270, 110, 530, 360), radius=18, fill=colour, outline=outline, width=4
        )
        draw.rectangle((285, 190, 515, 260), fill=(255, 255, 255), outline=outline, width=2)
        label, font = GROUP_LABELS.get(group, ""), _font("NotoSans-Bold.ttf", 17)
        width = draw.textlength(label, font=font)
        draw.text((400 - width / 2, 212), label, font=font, fill=outline)
        return
    if group == "3":
        draw.rounded_rectangle(
            (220, 150, 580, 350), radius=12, fill=colour, outline=outline, width=4
        )
        for x in (290, 400, 510):
            draw.ellipse((x - 38, 300, x + 38, 376), fill=(90, 90, 90), outline=outline, width=3)
        draw.rectangle((520, 90, 560, 150), fill=colour, outline=outline, width=3)
    elif group == "1":
        draw.rectangle((355, 80, 445, 170), fill=colour, outline=outline, width=4)
        draw.ellipse((335, 70, 465, 100), fill=colour, outline=outline, width=3)
        draw.ellipse((290, 150, 510, 370), fill=colour, outline=outline, width=4)
        draw.ellipse((296, 240, 504, 280), outline=outline, width=3)  # a glaze band
    else:
        draw.ellipse((250, 120, 550, 370), fill=colour, outline=outline, width=4)
        draw.ellipse((320, 170, 480, 300), outline=outline, width=3)
    if view == 1:  # detail: a magnifier ring
        draw.ellipse((470, 70, 610, 210), outline=(255, 255, 255), width=8)
        draw.line((590, 190, 650, 250), fill=(255, 255, 255), width=12)


def product_photo(*, title, group, view):
    """JPEG bytes of photo ``view`` (0, 1, 2) of a product, 800×600."""
    image = _gradient(group).copy()
    draw = ImageDraw.Draw(image)
    top, _bottom, colour = GROUP_PALETTES.get(group, GROUP_PALETTES["4"])
    _draw_shape(draw, group, view % 3, colour)
    title_font, caption_font = _font("NotoSans-Bold.ttf", 34), _font("NotoSans-Regular.ttf", 22)
    lines = _wrap(draw, nfc(title), title_font, PHOTO_SIZE[0] - 80)[:3]
    y = 420 if len(lines) < 3 else 400
    draw.rectangle((0, y - 14, PHOTO_SIZE[0], PHOTO_SIZE[1]), fill=tuple(c // 2 for c in top))
    for line in lines:
        width = draw.textlength(line, font=title_font)
        draw.text(((PHOTO_SIZE[0] - width) / 2, y), line, font=title_font, fill=(255, 255, 255))
        y += 44
    caption = f"Ảnh {view + 1}: {PHOTO_VIEWS[view % 3]} · dữ liệu minh họa"
    draw.text((24, PHOTO_SIZE[1] - 36), caption, font=caption_font, fill=(220, 220, 220))
    return _jpeg(image, quality=82)


def thumbnail(jpeg_bytes):
    image = Image.open(BytesIO(jpeg_bytes))
    image.thumbnail(THUMBNAIL_SIZE)
    return _jpeg(image, quality=80)


def _jpeg(image, *, quality):
    buffer = BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


# --- PDF -------------------------------------------------------------------------------------

PDF_FONT, PDF_FONT_BOLD, PDF_FONT = (
    "DemoNotoSans",
    "DemoNotoSans-Bold",
    "DemoNotoSans-Italic",
)


@functools.cache
def _register_pdf_fonts():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in (
        (PDF_FONT, "NotoSans-Regular.ttf"),
        (PDF_FONT_BOLD, "NotoSans-Bold.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))
    return True


def document_pdf(*, heading, issuer, lines, place_date):
    """A one-page A4 PDF with the national motto block, a heading and body lines."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _register_pdf_fonts()
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    width, height = A4
    pdf.setTitle(nfc(heading))
    pdf.setAuthor("VinhDanh – dữ liệu minh họa")
    pdf.setFont(PDF_FONT_BOLD, 10)
    pdf.drawCentredString(width * 0.27, height - 60, nfc(issuer).upper()[:60])
    pdf.drawCentredString(width * 0.68, height - 60, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    pdf.setFont(PDF_FONT_BOLD, 11)
    pdf.drawCentredString(width * 0.68, height - 76, "Độc lập - Tự do - Hạnh phúc")
    pdf.line(width * 0.68 - 75, height - 80, width * 0.68 + 75, height - 80)
    pdf.setFont(PDF_FONT, 10)
    pdf.drawCentredString(width * 0.68, height - 100, nfc(place_date))
    pdf.setFont(PDF_FONT_BOLD, 13)
    y = height - 150
    for line in _wrap_pdf(nfc(heading).upper(), PDF_FONT_BOLD, 13, width - 140):
        pdf.drawCentredString(width / 2, y, line)
        y -= 18
    y -= 16
    pdf.setFont(PDF_FONT, 11)
    for paragraph in lines:
        for line in _wrap_pdf(nfc(paragraph), PDF_FONT, 11, width - 140):
            pdf.drawString(70, y, line)
            y -= 16
        y -= 6
    pdf.setFont(PDF_FONT, 8)
    pdf.drawString(70, 50, "Tài liệu minh họa do lệnh load_demo tạo ra, không có giá trị pháp lý.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _wrap_pdf(text, font, size, width):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines
