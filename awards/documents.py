"""Official PDF documents built from the models (receipts; later decisions and certificates).

The documents are Vietnamese administrative papers: their fixed wording is Vietnamese
document content, not interface text, so it is written here as Vietnamese literals.
"""

import re

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from awards.pdf import (
    CONTENT_WIDTH,
    build_pdf,
    clean,
    facts_table,
    format_datetime,
    format_file_size,
    format_number,
    grid_table,
    official_header,
    para,
    styles,
)

RECEIPT_TITLE = "PHIẾU TIẾP NHẬN HỒ SƠ"
RECEIPT_NOTE = (
    "Phiếu này được tạo tự động bởi hệ thống VinhDanh. "
    "Mã kiểm tra SHA-256 giúp đối chiếu tệp đã nộp."
)

# Where the issuing body's second line starts: "ỦY BAN NHÂN DÂN / TỈNH ĐỒNG NAI".
_UNIT_WORDS = re.compile(r"\s+(?=(?:TỈNH|THÀNH PHỐ|XÃ|PHƯỜNG|ĐẶC KHU)(?:\s|$))")


def issuing_body_lines(agency):
    """The issuing body of ``agency`` as header lines, split before the locality.

    An explicit line break in ``Agency.issuing_body`` wins; otherwise the text is split once
    before "TỈNH" / "THÀNH PHỐ" (or "XÃ" / "PHƯỜNG" / "ĐẶC KHU" for commune rounds). Without
    an issuing body the agency's name is used, in capitals as the layout requires.
    """
    text = clean(agency.issuing_body) or clean(agency.name).upper()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1:
        return lines
    parts = _UNIT_WORDS.split(text, maxsplit=1)
    return [part.strip() for part in parts if part.strip()]


def _place(agency):
    """The place name of the date line: the organiser's province (or commune) name."""
    unit = agency.unit
    return unit.name if unit is not None else ""


def _checksum(sha256):
    """The 64-hex checksum in two lines of 32, so the narrow column stays tidy."""
    value = clean(sha256)
    return "\n".join(value[i : i + 32] for i in range(0, len(value), 32))


def receipt_pdf(*, dossier, revision):
    """The receipt (phiếu tiếp nhận) for one submission ``revision`` of ``dossier``.

    Steps: official header (organiser's issuing body, dossier code, submission date) →
    title → the dossier's facts as submitted (round, code, name, applicant, time, revision
    number) → the submitted documents with their SHA-256 → photo count → closing note.
    """
    s = styles()
    award_round = dossier.award_round
    organiser = award_round.organiser
    code_line = f"Mã hồ sơ: {dossier.code}"
    name = (revision.facts or {}).get("title") or dossier.title

    story = official_header(
        issuing_body_lines=issuing_body_lines(organiser),
        number_line=code_line,
        place=_place(organiser),
        date=revision.submitted_at,
    )
    story.append(para(RECEIPT_TITLE, s["title"]))

    rows = [("Đợt bình chọn, xét tặng:", award_round.name), ("Mã hồ sơ:", dossier.code)]
    if dossier.artisan_id:
        artisan = dossier.artisan
        rows += [
            ("Họ và tên ứng viên:", name or artisan.full_name),
            ("Số định danh cá nhân:", artisan.masked_identity_number or "—"),
        ]
    else:
        rows.append(("Tên sản phẩm:", name))
        if dossier.facility_id:
            facility = dossier.facility
            rows += [
                ("Cơ sở đăng ký:", facility.name),
                ("Mã số đăng ký/mã số thuế:", facility.registration_number),
            ]
    rows += [
        ("Thời điểm nộp:", format_datetime(revision.submitted_at)),
        ("Lần nộp:", str(revision.number)),
    ]
    story += [facts_table(rows), Spacer(1, 4 * mm)]

    documents = revision.documents.select_related("requirement").order_by(
        "requirement__order", "requirement__code", "original_name", "pk"
    )
    story.append(para("Thành phần hồ sơ đã nộp", s["subtitle"]))
    table_rows = [
        [
            para(str(index), s["table_cell_center"]),
            para(document.requirement.name, s["table_cell"]),
            para(document.original_name, s["table_cell_code"]),
            para(format_file_size(document.size), s["table_cell_right"]),
            para(_checksum(document.sha256), s["checksum"]),
        ]
        for index, document in enumerate(documents, start=1)
    ]
    widths = [10 * mm, 50 * mm, 35 * mm, 18 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    header = ["STT", "Thành phần hồ sơ", "Tên tệp", "Dung lượng", "Mã kiểm tra SHA-256"]
    if table_rows:
        story.append(grid_table(header, table_rows, col_widths=widths))
    else:
        story.append(para("Không có tệp đính kèm.", s["normal"]))

    photo_count = revision.facts.get("photo_count", dossier.photos.count())
    story += [
        Spacer(1, 3 * mm),
        para(f"Số ảnh đã nộp: {format_number(photo_count)}", s["normal"]),
        Spacer(1, 4 * mm),
        para(RECEIPT_NOTE, s["note"]),
    ]
    return build_pdf(story, title=f"{RECEIPT_TITLE} {dossier.code}")
