"""Plan versus result: the round's target from the annual industrial-promotion plan against
what the decision recognised, in the sentence provinces put in their annual report::

    Kế hoạch: 20 sản phẩm. Thực hiện: 32 sản phẩm, vượt chỉ tiêu 12 sản phẩm (đạt 160%).
    Kinh phí thực hiện: 1.200.000.000 đồng.

The sentence is an official-report literal (Vietnamese), like the documents in
``awards.official_documents``. The round stores the target (``target_count``) and the planned
budget (``budget``); it has no field for the money actually spent, so the spend is passed in
(the page asks for it) and falls back to the planned budget.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from awards import pdf
from awards.enums import DossierState
from awards.models import Certificate
from awards.official_documents import issuing_body_lines, place_of

S = DossierState


@dataclass
class PlanReport:
    award_round: object
    unit: str
    target: int | None
    achieved: int
    budget: Decimal | None
    spent: Decimal | None

    @property
    def difference(self):
        return None if self.target is None else self.achieved - self.target

    @property
    def percent(self):
        if not self.target:
            return None
        value = Decimal(self.achieved * 100) / Decimal(self.target)
        return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)

    @property
    def text(self):
        unit = self.unit
        parts = []
        if self.target is not None:
            parts.append(f"Kế hoạch: {pdf.format_number(self.target)} {unit}.")
        done = f"Thực hiện: {pdf.format_number(self.achieved)} {unit}"
        if self.target is not None:
            if self.difference > 0:
                done += (
                    f", vượt chỉ tiêu {pdf.format_number(self.difference)} {unit}"
                    f" (đạt {pdf.format_number(self.percent)}%)"
                )
            else:
                done += f", đạt {pdf.format_number(self.percent)}% kế hoạch"
        parts.append(done + ".")
        if self.spent is not None:
            parts.append(f"Kinh phí thực hiện: {pdf.format_number(self.spent)} đồng.")
        return " ".join(parts)


def achieved_count(award_round):
    """Recognitions of the round: certificates of its decision (a product set counts once);
    without certificates, the honoured dossiers."""
    count = Certificate.objects.filter(decision__award_round=award_round).count()
    if count:
        return count
    states = [S.AWARDED] if award_round.is_artisan else [S.RECOGNISED]
    return award_round.dossiers.filter(state__in=states).count()


def plan_report(*, award_round, spent=None):
    """The plan-versus-result figures of ``award_round`` (``spent`` defaults to the budget)."""
    return PlanReport(
        award_round=award_round,
        unit="người" if award_round.is_artisan else "sản phẩm",
        target=award_round.target_count,
        achieved=achieved_count(award_round),
        budget=award_round.budget,
        spent=spent if spent is not None else award_round.budget,
    )


def _rows(report):
    return [
        ("Chỉ tiêu", "Kế hoạch", "Thực hiện", "Chênh lệch", "Tỷ lệ đạt (%)"),
        (
            f"Số {report.unit} được công nhận",
            report.target,
            report.achieved,
            report.difference,
            report.percent,
        ),
        ("Kinh phí (đồng)", report.budget, report.spent, None, None),
    ]


def plan_report_xlsx(report):
    book = Workbook()
    sheet = book.active
    sheet.title = "Kế hoạch - thực hiện"
    sheet.append([report.award_round.name])
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    for index, row in enumerate(_rows(report)):
        sheet.append(["" if v is None else (int(v) if isinstance(v, Decimal) else v) for v in row])
        if index == 0:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    sheet.append([])
    sheet.append([report.text])
    sheet.column_dimensions["A"].width = 36
    for letter in "BCDE":
        sheet.column_dimensions[letter].width = 18
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plan_report_pdf(report):
    award_round = report.award_round
    flow = pdf.official_header(
        issuing_body_lines=issuing_body_lines(award_round),
        number_line="",
        place=place_of(award_round),
        date=None,
    )
    flow += [
        pdf.para("BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH", "title"),
        pdf.para(award_round.name, "subtitle"),
        pdf.para(report.text),
        Spacer(1, 4 * mm),
    ]
    header, *rows = _rows(report)
    flow.append(
        pdf.grid_table(
            header,
            [[c if isinstance(c, str) else pdf.format_number(c) for c in row] for row in rows],
            col_widths=[56 * mm, 28 * mm, 28 * mm, 24 * mm, 24 * mm],
        )
    )
    return pdf.build_pdf(flow, title="Báo cáo kế hoạch - thực hiện")
