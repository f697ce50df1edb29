from decimal import Decimal

import pytest

from awards.plan_report import plan_report, plan_report_pdf, plan_report_xlsx
from tests.awards.factories_results import decided_round
from tests.awards.readback import pdf_text, squeezed, xlsx_cells

pytestmark = pytest.mark.django_db

PRODUCTS = [("Bình gốm", 91), ("Nón lá", 85), ("Mứt dừa", 80), ("Đũa tre", 60)]


def test_plan_report_above_target_states_the_excess_and_the_spend():
    scene = decided_round(products=PRODUCTS, target_count=2, budget=Decimal("1200000000"))

    report = plan_report(award_round=scene.round)

    assert report.text == (
        "Kế hoạch: 2 sản phẩm. Thực hiện: 3 sản phẩm, vượt chỉ tiêu 1 sản phẩm (đạt 150%). "
        "Kinh phí thực hiện: 1.200.000.000 đồng."
    )


def test_plan_report_below_target_states_the_share_reached():
    scene = decided_round(products=PRODUCTS, target_count=20)

    report = plan_report(award_round=scene.round, spent=Decimal("350500000"))

    assert report.text == (
        "Kế hoạch: 20 sản phẩm. Thực hiện: 3 sản phẩm, đạt 15% kế hoạch. "
        "Kinh phí thực hiện: 350.500.000 đồng."
    )


def test_plan_report_exports_read_back():
    scene = decided_round(products=PRODUCTS, target_count=2, budget=Decimal("90000000"))
    report = plan_report(award_round=scene.round)

    rows = xlsx_cells(plan_report_xlsx(report))
    text = pdf_text(plan_report_pdf(report))

    assert ["Số sản phẩm được công nhận", 2, 3, 1, 150] in rows
    assert [report.text] in rows
    assert squeezed("vượt chỉ tiêu 1 sản phẩm (đạt 150%)") in squeezed(text)
    assert "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH" in text
