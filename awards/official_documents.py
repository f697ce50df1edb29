"""Official documents of a round's ending: the result list annexed to the decision (xlsx +
PDF), the score summary (xlsx + PDF), the draft decision and the artisan tally sheet (PDF).

These papers carry legal weight and are always written in Vietnamese, in the layout of
Decree 30/2020 (motto block, issuing body, number, place and date): their fixed texts are
document literals collected in ``VI`` below, like the motto in ``awards.pdf``, not UI
strings. Names and figures come from the data, NFC-normalised by ``awards.pdf``.
"""

from collections import Counter
from dataclasses import dataclass, field
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from awards import pdf
from awards.decisions import decision_of, latest_snapshot, result_list_of
from awards.enums import Level
from awards.exports import HEADER_FILL, XLSX_CONTENT_TYPE
from awards.models import ListEntry

__all__ = ["XLSX_CONTENT_TYPE"]

#: Fixed texts of the official papers (Vietnamese by law, not translated).
VI = {
    "stt": "STT",
    "product": "Tên sản phẩm/bộ sản phẩm",
    "candidate": "Họ và tên",
    "group": "Nhóm sản phẩm",
    "title": "Danh hiệu",
    "facility": "Tên cơ sở",
    "address": "Địa chỉ",
    "certificate": "Số giấy chứng nhận",
    "note": "Ghi chú",
    "code": "Mã số",
    "judges": "Điểm của từng thành viên Ban giám khảo",
    "group_means": "Điểm trung bình theo nhóm tiêu chí",
    "mean": "Điểm trung bình",
    "score": "Điểm chính thức",
    "result": "Kết quả",
    "proposal": "Đề xuất",
    "passed": "Đạt",
    "failed": "Không đạt",
    "no_quorum": "Chưa đủ số phiếu",
    "propose": "Đề nghị công nhận",
    "not_propose": "Không đề nghị",
    "set_of": "Bộ sản phẩm gồm: {names}",
    "annex": "PHỤ LỤC",
    "list_title": "DANH SÁCH {what} ĐƯỢC CÔNG NHẬN",
    "list_attached": "(Kèm theo Quyết định số {number} ngày {date} của {body})",
    "list_attached_draft": "(Kèm theo Quyết định số ……… ngày …………)",
    "counts_group": "Số lượng theo nhóm sản phẩm",
    "counts_locality": "Số lượng theo địa phương",
    "total": "Tổng cộng",
    "summary_title": "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM",
    "seal": "Mã niêm phong kết quả (chuỗi băm): {head}",
    "secretary": "THƯ KÝ",
    "jury_head": "TRƯỞNG BAN GIÁM KHẢO",
    "signature_hint": "(Ký, ghi rõ họ tên)",
    "decision_title": "QUYẾT ĐỊNH",
    "decision_about": "Về việc công nhận {what} {level} năm {year}",
    "decision_number": "Số: {number}",
    "draft_mark": "DỰ THẢO",
    "article1": "Điều 1. Công nhận {count} {what} {level} năm {year} (có danh sách kèm theo).",
    "article2": (
        "Điều 2. Giấy chứng nhận có giá trị đến ngày {until}. Các cơ sở, cá nhân có tên tại "
        "Điều 1 được sử dụng danh hiệu theo quy định."
    ),
    "article3": "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
    "pursuant": "Căn cứ kết quả bình chọn của Hội đồng bình chọn {round};",
    "recipients": "Nơi nhận:",
    "signer_default": "CHỦ TỊCH",
    "tally_title": "BIÊN BẢN KIỂM PHIẾU",
    "yes": "Đồng ý",
    "no": "Không đồng ý",
    "abstain": "Không ý kiến",
    "voted": "Số phiếu",
    "approval": "Tỷ lệ đồng ý (%)",
    "approved": "Đạt",
    "not_approved": "Không đạt",
    "present": "Số thành viên có mặt: {present}/{listed}",
    "products": "SẢN PHẨM CÔNG NGHIỆP NÔNG THÔN TIÊU BIỂU",
    "artisans": "NGHỆ NHÂN, THỢ GIỎI",
}

GROUP_NAMES = {
    "1": "Thủ công mỹ nghệ",
    "2": "Chế biến nông, lâm, thủy sản và thực phẩm",
    "3": "Thiết bị, máy móc, dụng cụ và phụ tùng cơ khí",
    "4": "Sản phẩm khác",
}
TITLE_NAMES = {
    "peoples_artisan": "Nghệ nhân Nhân dân",
    "meritorious_artisan": "Nghệ nhân Ưu tú",
    "provincial_artisan": "Nghệ nhân",
    "skilled_worker": "Thợ giỏi",
    "craft_bringer": "Người có công đưa nghề về địa phương",
}
LEVEL_NAMES = {
    Level.COMMUNE: "cấp xã",
    Level.DISTRICT: "cấp huyện",
    Level.PROVINCE: "cấp tỉnh",
    Level.REGION: "cấp khu vực",
    Level.NATIONAL: "cấp quốc gia",
    Level.MINISTRY: "cấp Bộ",
    Level.STATE: "cấp Nhà nước",
}


# --- shared pieces ---------------------------------------------------------------------------


def issuing_body_lines(award_round):
    """``ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI`` → two lines, as official papers set it."""
    body = pdf.clean(award_round.organiser.issuing_body or award_round.organiser.name).upper()
    head = "ỦY BAN NHÂN DÂN"
    if body.startswith(head + " "):
        return [head, body[len(head) + 1 :]]
    return [body]


def place_of(award_round):
    unit = award_round.unit
    if unit is None:
        return "Hà Nội"
    province = unit.province
    return pdf.clean(province.name if province is not None else unit.name)


def address_of(applicant):
    """``street, commune, province`` of a facility or artisan."""
    if applicant is None:
        return ""
    parts = [applicant.street_address]
    unit = applicant.unit
    while unit is not None:
        parts.append(unit.name)
        unit = unit.parent
    return ", ".join(pdf.clean(p) for p in parts if p)


def category_of(dossier):
    if dossier.title_sought:
        return TITLE_NAMES.get(dossier.title_sought, dossier.title_sought)
    return GROUP_NAMES.get(dossier.product_group, dossier.product_group)


def what_of(award_round):
    return VI["artisans"] if award_round.is_artisan else VI["products"]


def _date(value):
    return pdf.format_date(value)


def _score(value):
    return "" if value in (None, "") else pdf.format_number(value, 2)


# --- the result list -------------------------------------------------------------------------


@dataclass
class ResultRow:
    number: int
    name: str
    members: list = field(default_factory=list)
    category: str = ""
    applicant: str = ""
    address: str = ""
    locality: str = ""
    certificate: str = ""
    note: str = ""


ROW_FIELDS = [
    "pk", "position", "proposed", "included", "reason", "set_name", "merged_into_id",
    "dossier__title", "dossier__product_group", "dossier__title_sought",
    "dossier__certificate__number", "dossier__facility__name",
    "dossier__facility__street_address", "dossier__facility__unit__name",
    "dossier__facility__unit__parent__name", "dossier__facility__unit__parent__parent__name",
    "dossier__artisan__street_address", "dossier__artisan__unit__name",
    "dossier__artisan__unit__parent__name", "dossier__artisan__unit__parent__parent__name",
]  # fmt: skip


def _address(row, kind):
    parts = [row[f"dossier__{kind}__street_address"]] + [
        row[f"dossier__{kind}__unit__{hops}name"] for hops in ("", "parent__", "parent__parent__")
    ]
    return ", ".join(pdf.clean(p) for p in parts if p)


def result_rows(award_round):
    """The approved list as rows (a product set once, its dossiers named); 2 queries.

    Plain values, not model instances: 2,000 rows in a fraction of a second.
    """
    result_list = result_list_of(award_round)
    if result_list is None:
        return []
    entries = list(
        ListEntry.objects.filter(result_list=result_list, included=True)
        .order_by("position")
        .values(*ROW_FIELDS)
    )
    members = {}
    for entry in entries:
        if entry["merged_into_id"]:
            members.setdefault(entry["merged_into_id"], []).append(entry["dossier__title"])
    rows = []
    for entry in (e for e in entries if not e["merged_into_id"]):
        kind = "artisan" if entry["dossier__artisan__unit__name"] else "facility"
        title = entry["dossier__title"]
        names = members.get(entry["pk"], [])
        note = entry["reason"] if entry["included"] != entry["proposed"] else ""
        if names:
            note = "; ".join(
                filter(None, [VI["set_of"].format(names="; ".join([title, *names])), note])
            )
        if entry["dossier__title_sought"]:
            category = TITLE_NAMES.get(entry["dossier__title_sought"], "")
        else:
            category = GROUP_NAMES.get(entry["dossier__product_group"], "")
        rows.append(
            ResultRow(
                number=len(rows) + 1,
                name=pdf.clean(entry["set_name"] or title),
                members=names,
                category=category,
                applicant=pdf.clean(entry["dossier__facility__name"]),
                address=_address(entry, kind),
                locality=pdf.clean(entry[f"dossier__{kind}__unit__name"]),
                certificate=entry["dossier__certificate__number"] or "",
                note=pdf.clean(note),
            )
        )
    return rows


def counts(rows):
    """(by category, by locality) as sorted lists of (label, count)."""
    by_category = Counter(r.category for r in rows)
    by_locality = Counter(r.locality for r in rows)
    return sorted(by_category.items()), sorted(by_locality.items())


def _list_caption(award_round):
    decision = decision_of(award_round)
    if decision is None:
        return VI["list_attached_draft"]
    return VI["list_attached"].format(
        number=decision.number,
        date=_date(decision.signed_on),
        body=pdf.clean(award_round.organiser.issuing_body or award_round.organiser.name),
    )


def _list_columns(award_round):
    if award_round.is_artisan:
        return [VI["stt"], VI["candidate"], VI["title"], VI["address"], VI["certificate"], VI["note"]]  # fmt: skip
    return [
        VI["stt"], VI["product"], VI["group"], VI["facility"], VI["address"],
        VI["certificate"], VI["note"],
    ]  # fmt: skip


def _list_values(award_round, row):
    if award_round.is_artisan:
        return [row.number, row.name, row.category, row.address, row.certificate, row.note]
    return [
        row.number, row.name, row.category, row.applicant, row.address, row.certificate, row.note,
    ]  # fmt: skip


def _bold(sheet, value, size=None):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True, size=size) if size else Font(bold=True)
    return cell


def _header(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    return cell


def _workbook_bytes(book):
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _head_rows(sheet, award_round, width):
    body = issuing_body_lines(award_round)
    sheet.append([_bold(sheet, " ".join(body))] + [""] * (width - 3) + [_bold(sheet, pdf.NATIONAL_NAME)])  # fmt: skip
    sheet.append([""] * (width - 2) + [_bold(sheet, pdf.NATIONAL_MOTTO)])
    sheet.append([])


def result_list_xlsx(award_round, rows=None):
    """The result list as xlsx bytes: motto block, title, the table, counts; A4 landscape."""
    rows = result_rows(award_round) if rows is None else rows
    columns = _list_columns(award_round)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    widths = [6, 40, 26, 32, 44, 16, 30] if not award_round.is_artisan else [6, 30, 24, 44, 16, 30]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _head_rows(sheet, award_round, len(columns))
    sheet.append([_bold(sheet, VI["annex"], 13)])
    sheet.append(
        [
            _bold(
                sheet,
                VI["list_title"].format(
                    what=f"{what_of(award_round)} {LEVEL_NAMES.get(award_round.level, '').upper()} NĂM {award_round.year}"
                ),
                13,
            )
        ]
    )
    sheet.append([_list_caption(award_round)])
    sheet.append([])
    sheet.append([_header(sheet, c) for c in columns])
    for row in rows:
        sheet.append(_list_values(award_round, row))
    sheet.append([])
    by_category, by_locality = counts(rows)
    sheet.append([_bold(sheet, VI["counts_group"])])
    for label, count in by_category:
        sheet.append(["", label, count])
    sheet.append([_bold(sheet, VI["counts_locality"])])
    for label, count in by_locality:
        sheet.append(["", label, count])
    sheet.append(["", _bold(sheet, VI["total"]), _bold(sheet, len(rows))])
    return _workbook_bytes(book)


def _header_flowables(award_round, *, number_line, date):
    return pdf.official_header(
        issuing_body_lines=issuing_body_lines(award_round),
        number_line=number_line,
        place=place_of(award_round),
        date=date,
    )


def _counts_table(rows):
    by_category, by_locality = counts(rows)
    data = [[VI["counts_group"], ""]] + [[label, str(n)] for label, n in by_category]
    data += [[VI["counts_locality"], ""]] + [[label, str(n)] for label, n in by_locality]
    data += [[VI["total"], str(len(rows))]]
    return pdf.grid_table(data[0], data[1:], col_widths=[120 * mm, 40 * mm])


def result_list_pdf(award_round, rows=None):
    rows = result_rows(award_round) if rows is None else rows
    decision = decision_of(award_round)
    flow = _header_flowables(
        award_round,
        number_line=f"Số: {decision.number}" if decision else "",
        date=decision.signed_on if decision else None,
    )
    level = LEVEL_NAMES.get(award_round.level, "").upper()
    flow += [
        pdf.para(VI["annex"], "subtitle"),
        pdf.para(
            VI["list_title"].format(what=f"{what_of(award_round)} {level} NĂM {award_round.year}"),
            "title",
        ),
        pdf.para(_list_caption(award_round), "header_date"),
        Spacer(1, 4 * mm),
    ]
    columns = _list_columns(award_round)
    if award_round.is_artisan:
        widths = [10 * mm, 38 * mm, 28 * mm, 44 * mm, 22 * mm, 18 * mm]
    else:
        widths = [9 * mm, 33 * mm, 22 * mm, 28 * mm, 30 * mm, 20 * mm, 18 * mm]
    flow.append(
        pdf.grid_table(
            columns,
            [[str(v) for v in _list_values(award_round, row)] for row in rows],
            col_widths=widths,
        )
    )
    flow += [Spacer(1, 6 * mm), _counts_table(rows)]
    return pdf.build_pdf(flow, title=VI["list_title"].format(what=what_of(award_round)))


# --- the score summary -----------------------------------------------------------------------


@dataclass
class SummaryRow:
    number: int
    code: str
    title: str
    category: str
    applicant: str
    judge_totals: dict
    group_means: dict
    mean: str
    official: str
    result: str
    proposal: str


def score_summary(award_round):
    """(judges [(seat id, label, name)], group codes, rows, chain head) from the snapshot.

    Per-judge totals are the counted sheets' totals (submitted, judge not conflicted).
    """
    from scoring.models import ScoreSheet
    from scoring.selectors import conflicted_sheet_ids, round_seats  # scoring imports awards

    snapshot = latest_snapshot(award_round)
    if snapshot is None:
        return [], [], [], ""
    seats = round_seats(award_round)
    excluded = conflicted_sheet_ids(award_round)
    totals, seat_ids = {}, set()
    sheets = ScoreSheet.objects.filter(
        dossier__award_round=award_round, status="submitted", total__isnull=False
    ).values_list("pk", "dossier_id", "member_id", "total")
    for pk, dossier_id, member_id, total in sheets:
        if pk in excluded:
            continue
        totals.setdefault(dossier_id, {})[member_id] = total
        seat_ids.add(member_id)
    judges = [
        (seat_id, f"GK{index}", seats[seat_id].name if seat_id in seats else "")
        for index, seat_id in enumerate(sorted(seat_ids), start=1)
    ]
    applicants = dict(
        award_round.dossiers.select_related("facility", "artisan").values_list(
            "pk", "facility__name"
        )
    )
    group_codes = []
    rows = []
    ordered = sorted(
        snapshot.results,
        key=lambda r: (r.get("rank") is None, r.get("rank") or 0, r.get("code") or ""),
    )
    for row in ordered:
        for code in row.get("group_means") or {}:
            if code not in group_codes:
                group_codes.append(code)
        passed = row.get("passed")
        result = VI["passed"] if passed else VI["failed"]
        if not row.get("quorum_reached", True):
            result = VI["no_quorum"]
        rows.append(
            SummaryRow(
                number=len(rows) + 1,
                code=row.get("code") or "",
                title=pdf.clean(row.get("title")),
                category=GROUP_NAMES.get(row.get("product_group") or "", ""),
                applicant=pdf.clean(applicants.get(row.get("dossier"))),
                judge_totals={
                    seat: _score(total)
                    for seat, total in totals.get(row.get("dossier"), {}).items()
                },
                group_means={c: _score(v) for c, v in (row.get("group_means") or {}).items()},
                mean=_score(row.get("mean")),
                official=_score(row.get("official")),
                result=result,
                proposal=VI["propose"] if passed else VI["not_propose"],
            )
        )
    return judges, group_codes, rows, snapshot.chain_head


def score_summary_xlsx(award_round):
    judges, group_codes, rows, head = score_summary(award_round)
    columns = (
        [VI["stt"], VI["code"], VI["product"], VI["group"], VI["facility"]]
        + [f"{label} {name}" for _seat, label, name in judges]
        + [f"{VI['group_means']} {c}" for c in group_codes]
        + [VI["mean"], VI["score"], VI["result"], VI["proposal"]]
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Tổng hợp")
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.orientation = "landscape"
    for index in range(1, len(columns) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 30 if index in (3, 5) else 14
    _head_rows(sheet, award_round, max(len(columns), 4))
    sheet.append([_bold(sheet, VI["summary_title"], 13)])
    sheet.append([pdf.clean(award_round.name)])
    sheet.append([])
    sheet.append([_header(sheet, c) for c in columns])
    for row in rows:
        sheet.append(
            [row.number, row.code, row.title, row.category, row.applicant]
            + [row.judge_totals.get(seat, "") for seat, _l, _n in judges]
            + [row.group_means.get(c, "") for c in group_codes]
            + [row.mean, row.official, row.result, row.proposal]
        )
    sheet.append([])
    sheet.append([VI["seal"].format(head=head)])
    sheet.append([])
    sheet.append(["", _bold(sheet, VI["secretary"]), "", "", _bold(sheet, VI["jury_head"])])
    sheet.append(["", VI["signature_hint"], "", "", VI["signature_hint"]])
    return _workbook_bytes(book)


def _signature_block(left, right):
    table = Table(
        [
            [pdf.para(left, "header_body"), pdf.para(right, "header_body")],
            [
                pdf.para(VI["signature_hint"], "header_date"),
                pdf.para(VI["signature_hint"], "header_date"),
            ],
        ],
        colWidths=[pdf.CONTENT_WIDTH / 2, pdf.CONTENT_WIDTH / 2],
    )
    table.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return table


def score_summary_pdf(award_round):
    """A4 portrait: per-judge totals in one cell per row (GK1 … with a legend), group means."""
    judges, group_codes, rows, head = score_summary(award_round)
    flow = _header_flowables(award_round, number_line="", date=None)
    flow += [
        pdf.para(VI["summary_title"], "title"),
        pdf.para(award_round.name, "subtitle"),
    ]
    if judges:
        legend = "; ".join(f"{label}: {name}" for _seat, label, name in judges)
        flow.append(pdf.para(legend, "small"))
    flow.append(Spacer(1, 3 * mm))
    table_rows = []
    for row in rows:
        per_judge = "\n".join(
            f"{label}: {row.judge_totals[seat]}"
            for seat, label, _n in judges
            if seat in row.judge_totals
        )
        means = "\n".join(f"{c}: {row.group_means.get(c, '')}" for c in group_codes)
        table_rows.append(
            [
                str(row.number),
                f"{row.code}\n{row.title}\n{row.applicant}",
                per_judge,
                means,
                row.mean,
                row.official,
                row.result,
                row.proposal,
            ]
        )
    flow.append(
        pdf.grid_table(
            [
                VI["stt"],
                VI["product"],
                VI["judges"],
                VI["group_means"],
                VI["mean"],
                VI["score"],
                VI["result"],
                VI["proposal"],
            ],
            [[pdf.para(c, "table_cell") for c in r] for r in table_rows],
            col_widths=[9 * mm, 40 * mm, 27 * mm, 20 * mm, 15 * mm, 15 * mm, 15 * mm, 19 * mm],
        )
    )
    flow += [
        Spacer(1, 3 * mm),
        pdf.para(VI["seal"].format(head=head), "checksum"),
        Spacer(1, 8 * mm),
        _signature_block(VI["secretary"], VI["jury_head"]),
    ]
    return pdf.build_pdf(flow, title=VI["summary_title"])


# --- the draft decision ----------------------------------------------------------------------


def draft_decision_pdf(award_round):
    """The recognition decision as a draft (or as recorded, once the decision exists)."""
    from awards.rulesets import certificate_valid_until

    rows = result_rows(award_round)
    decision = decision_of(award_round)
    level = LEVEL_NAMES.get(award_round.level, "")
    what = what_of(award_round).lower()
    number = decision.number if decision else "……/QĐ-UBND"
    signed_on = decision.signed_on if decision else None
    until = ""
    if signed_on is not None:
        until = _date(certificate_valid_until(rule_set=award_round.rule_set, issued_on=signed_on))
    flow = _header_flowables(award_round, number_line=VI["decision_number"].format(number=number), date=signed_on)  # fmt: skip
    if decision is None:
        flow.append(pdf.para(VI["draft_mark"], "subtitle"))
    flow += [
        pdf.para(VI["decision_title"], "title"),
        pdf.para(
            VI["decision_about"].format(what=what, level=level, year=award_round.year), "subtitle"
        ),
        pdf.para(VI["pursuant"].format(round=award_round.name)),
        pdf.para(
            VI["article1"].format(count=len(rows), what=what, level=level, year=award_round.year)
        ),
        pdf.para(VI["article2"].format(until=until or "……")),
        pdf.para(VI["article3"]),
        Spacer(1, 8 * mm),
    ]
    signer_title = (decision.signer_title if decision else "") or VI["signer_default"]
    signer_name = decision.signer_name if decision else ""
    table = Table(
        [
            [pdf.para(VI["recipients"], "label"), pdf.para(signer_title.upper(), "header_body")],
            ["", pdf.para(signer_name, "header_body")],
        ],
        colWidths=[pdf.CONTENT_WIDTH / 2, pdf.CONTENT_WIDTH / 2],
    )
    flow.append(table)
    return pdf.build_pdf(flow, title=VI["decision_title"])


# --- the artisan tally sheet -----------------------------------------------------------------


def tally_sheet_pdf(box):
    """The tally of a closed secret ballot (``scoring.ballots.tally``) as an official PDF."""
    from scoring.ballots import tally  # scoring imports awards, never the other way at load

    result = tally(box=box)
    award_round = box.panel.award_round
    flow = _header_flowables(award_round, number_line="", date=box.closed_at)
    flow += [
        pdf.para(VI["tally_title"], "title"),
        pdf.para(f"{box.panel.name} — {award_round.name}", "subtitle"),
    ]
    flow.append(pdf.para(VI["present"].format(present=result.present, listed=result.listed)))
    rows = [
        [
            str(number),
            pdf.clean(line.dossier.title),
            str(line.yes),
            str(line.no),
            str(line.abstain),
            pdf.format_number(line.approval_pct or 0, 2),
            VI["approved"] if line.approved else VI["not_approved"],
        ]
        for number, line in enumerate(result.rows, start=1)
    ]
    flow.append(
        pdf.grid_table(
            [
                VI["stt"],
                VI["candidate"],
                VI["yes"],
                VI["no"],
                VI["abstain"],
                VI["approval"],
                VI["result"],
            ],
            rows,
            col_widths=[10 * mm, 52 * mm, 18 * mm, 20 * mm, 20 * mm, 20 * mm, 20 * mm],
        )
    )
    flow += [Spacer(1, 8 * mm), _signature_block(VI["secretary"], "CHỦ TỊCH HỘI ĐỒNG")]
    return pdf.build_pdf(flow, title=VI["tally_title"])
