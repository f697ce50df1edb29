"""Certificate PDFs (one per certificate, with a QR code to the public verification page)
and the zip of all certificates of a round.

The QR code holds ``SITE_URL`` + the public verification URL of the certificate's token
(route ``registry:verify_token``, built by the public registry; until that route exists the
path ``/registry/verify/<token>/`` is used, which is what it will answer). The certificate's
fixed texts are Vietnamese document literals, like the motto block.
"""

import zipfile
from io import BytesIO

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from awards import pdf
from awards.models import Certificate
from awards.official_documents import (
    LEVEL_NAMES,
    TITLE_NAMES,
    address_of,
    category_of,
    issuing_body_lines,
    place_of,
)

VI = {
    "title": "GIẤY CHỨNG NHẬN",
    "product": "SẢN PHẨM CÔNG NGHIỆP NÔNG THÔN TIÊU BIỂU {level}",
    "product_label": "Tên sản phẩm",
    "set_label": "Tên bộ sản phẩm",
    "group_label": "Nhóm sản phẩm",
    "facility_label": "Cơ sở sản xuất",
    "person_label": "Chứng nhận ông/bà",
    "title_label": "Danh hiệu",
    "address_label": "Địa chỉ",
    "decision_label": "Theo Quyết định số",
    "decision_value": "{number} ngày {date}",
    "valid_label": "Có giá trị đến ngày",
    "no_expiry": "Không thời hạn",
    "number_line": "Số: {number}",
    "verify": "Tra cứu giấy chứng nhận tại: {url}",
}


def verification_path(token):
    try:
        return reverse("registry:verify_token", args=[token])
    except NoReverseMatch:
        return f"/registry/verify/{token}/"


def verification_url(certificate):
    return settings.SITE_URL.rstrip("/") + verification_path(certificate.token)


def _qr(url, size=32 * mm):
    """The QR flowable draws straight on the canvas (the widget builds 600 shapes: 2× slower)."""
    return QrCode(url, width=size, height=size, qrLevel="M")


def _url_style():
    return ParagraphStyle("certificate_url", parent=pdf.styles()["normal"], fontSize=8, leading=10, wordWrap="CJK")  # fmt: skip


def _build(flowables, *, title):
    """One A4 page without the page-number footer, in the serif family only.

    Every embedded font costs subsetting time; leaving the sans family out keeps one
    certificate well under 200 ms.
    """
    pdf.register_fonts()
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=pdf.PAGE_SIZE, leftMargin=pdf.MARGIN_LEFT,
        rightMargin=pdf.MARGIN_RIGHT, topMargin=pdf.MARGIN_TOP, bottomMargin=pdf.MARGIN_BOTTOM,
        title=pdf.clean(title), author="VinhDanh", creator="VinhDanh", lang="vi",
        initialFontName=pdf.SERIF, initialFontSize=12,
    )  # fmt: skip
    doc.build(list(flowables))
    return buffer.getvalue()


def certificates_of_round(award_round):
    return (
        Certificate.objects.filter(decision__award_round=award_round)
        .select_related(
            "decision__award_round__organiser",
            "decision__award_round__unit__parent",
            "decision__award_round__rule_set",
            "dossier__facility__unit__parent__parent",
            "dossier__artisan__unit__parent__parent",
        )
        .order_by("number")
    )


def _set_name(certificate):
    entry = certificate.dossier.list_entries.filter(set_name__gt="").first()
    return entry.set_name if entry else ""


def certificate_pdf(certificate):
    """One certificate on an A4 page: motto block, what is certified, validity, QR code."""
    decision = certificate.decision
    award_round = decision.award_round
    dossier = certificate.dossier
    level = LEVEL_NAMES.get(award_round.level, "").upper()
    flow = pdf.official_header(
        issuing_body_lines=issuing_body_lines(award_round),
        number_line=VI["number_line"].format(number=certificate.number),
        place=place_of(award_round),
        date=certificate.issued_on,
    )
    flow += [Spacer(1, 8 * mm), pdf.para(VI["title"], "title")]
    decided = VI["decision_value"].format(
        number=decision.number, date=pdf.format_date(decision.signed_on)
    )
    valid = pdf.format_date(certificate.valid_until) if certificate.valid_until else VI["no_expiry"]
    if award_round.is_artisan:
        flow.append(pdf.para(TITLE_NAMES.get(dossier.title_sought, "").upper(), "subtitle"))
        facts = [
            (VI["person_label"], dossier.title),
            (VI["title_label"], category_of(dossier)),
            (VI["address_label"], address_of(dossier.artisan)),
        ]
    else:
        flow.append(pdf.para(VI["product"].format(level=level), "subtitle"))
        set_name = _set_name(certificate)
        facts = [
            (VI["set_label"] if set_name else VI["product_label"], set_name or dossier.title),
            (VI["group_label"], category_of(dossier)),
            (VI["facility_label"], pdf.clean(dossier.facility or "")),
            (VI["address_label"], address_of(dossier.facility)),
        ]
    facts += [(VI["decision_label"], decided), (VI["valid_label"], valid)]
    flow += [Spacer(1, 6 * mm), pdf.facts_table(facts, label_width=50 * mm), Spacer(1, 10 * mm)]
    url = verification_url(certificate)
    signer = Table(
        [
            [
                _qr(url),
                [
                    pdf.para((decision.signer_title or "CHỦ TỊCH").upper(), "header_body"),
                    Spacer(1, 18 * mm),
                    pdf.para(decision.signer_name, "header_body"),
                ],
            ]
        ],
        colWidths=[pdf.CONTENT_WIDTH / 2, pdf.CONTENT_WIDTH / 2],
    )
    signer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    flow += [signer, Spacer(1, 2 * mm), pdf.para(VI["verify"].format(url=url), _url_style())]
    return _build(flow, title=f"{VI['title']} {certificate.number}")


def certificate_filename(certificate):
    return f"giay-chung-nhan-{certificate.number.replace('/', '-')}.pdf"


def certificates_zip(award_round):
    """Every certificate of the round as one zip (one PDF each, named by number)."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates_of_round(award_round):
            archive.writestr(certificate_filename(certificate), certificate_pdf(certificate))
    return buffer.getvalue()
