import pytest

from awards import decisions, official_documents
from awards.models import Certificate
from tests.awards.factories_results import decided_round, same_facility, scored_round
from tests.awards.readback import pdf_text, squeezed, xlsx_cells, xlsx_text

pytestmark = pytest.mark.django_db

PRODUCTS = [("Bình gốm men lam Biên Hòa", 91), ("Nón lá Gò Găng", 80), ("Đũa tre", 60)]


def test_result_list_xlsx_reads_back_with_columns_certificates_and_counts():
    scene = decided_round(products=PRODUCTS, code_prefix="SPDN")

    data = official_documents.result_list_xlsx(scene.round)

    text = xlsx_text(data)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI" in text
    assert "(Kèm theo Quyết định số 123/QĐ-UBND ngày 15/12/2025" in text
    rows = xlsx_cells(data)
    header = next(r for r in rows if r and r[0] == "STT")
    assert header == [
        "STT", "Tên sản phẩm/bộ sản phẩm", "Nhóm sản phẩm", "Tên cơ sở", "Địa chỉ",
        "Số giấy chứng nhận", "Ghi chú",
    ]  # fmt: skip
    body = [r for r in rows if r and r[0] in (1, 2)]
    assert [(r[0], r[1], r[5]) for r in body] == [
        (1, "Bình gốm men lam Biên Hòa", "SPDN/2025/001"),
        (2, "Nón lá Gò Găng", "SPDN/2025/002"),
    ]
    assert body[0][2] == "Thủ công mỹ nghệ"
    assert "Đồng Nai" in body[0][4]
    assert ["Thủ công mỹ nghệ", 2] in rows
    assert ["Tổng cộng", 2] in rows
    assert "Đũa tre" not in text


def test_result_list_pdf_reads_back_with_vietnamese_text():
    scene = decided_round(products=PRODUCTS, code_prefix="SPDN")

    text = pdf_text(official_documents.result_list_pdf(scene.round))

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: 123/QĐ-UBND" in text
    assert "ngày 15 tháng 12 năm 2025" in text
    assert squeezed("DANH SÁCH SẢN PHẨM CÔNG NGHIỆP NÔNG THÔN TIÊU BIỂU") in squeezed(text)
    assert "BìnhgốmmenlamBiênHòa" in squeezed(text)
    assert "SPDN/2025/001" in squeezed(text)
    assert "Số lượng theo địa phương" in text


def test_result_list_names_the_dossiers_of_a_product_set_once():
    facility = same_facility()
    scene = scored_round(products=[("Bình gốm", 90), ("Chậu gốm", 85)], facility=facility)
    result_list = decisions.prepare_list(award_round=scene.round, by=scene.secretary)
    decisions.merge_entries(
        entries=list(result_list.entries.all()), set_name="Bộ gốm Tân Vạn", by=scene.secretary
    )

    rows = official_documents.result_rows(scene.round)

    assert [(r.number, r.name) for r in rows] == [(1, "Bộ gốm Tân Vạn")]
    assert "Bộ sản phẩm gồm: Bình gốm; Chậu gốm" in rows[0].note


def test_score_summary_xlsx_has_per_judge_totals_means_result_and_the_seal():
    scene = decided_round(products=PRODUCTS)

    data = official_documents.score_summary_xlsx(scene.round)

    rows = xlsx_cells(data)
    header = next(r for r in rows if r and r[0] == "STT")
    assert "GK1 Giám khảo Phạm Đức" in header
    assert "GK2 Giám khảo Lê Hằng" in header
    first = next(r for r in rows if r and r[0] == 1)
    assert first[2] == "Bình gốm men lam Biên Hòa"
    assert "92,00" in first and "90,00" in first and "91,00" in first
    assert first[-2:] == ["Đạt", "Đề nghị công nhận"]
    last = next(r for r in rows if r and r[0] == 3)
    assert last[-2:] == ["Không đạt", "Không đề nghị"]
    text = xlsx_text(data)
    assert "ab" * 32 in text
    assert "TRƯỞNG BAN GIÁM KHẢO" in text and "THƯ KÝ" in text


def test_score_summary_pdf_reads_back_with_judges_result_and_chain_head():
    scene = decided_round(products=PRODUCTS)

    text = pdf_text(official_documents.score_summary_pdf(scene.round))

    assert "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM" in text
    assert "GK1: Giám khảo Phạm Đức" in text
    assert "Khôngđạt" in squeezed(text)
    assert "ab" * 32 in squeezed(text)
    assert "TRƯỞNG BAN GIÁM KHẢO" in text


def test_draft_decision_pdf_before_and_after_the_decision():
    scene = scored_round(products=PRODUCTS)
    decisions.prepare_list(award_round=scene.round, by=scene.secretary)

    draft = pdf_text(official_documents.draft_decision_pdf(scene.round))

    assert "DỰ THẢO" in draft
    assert squeezed("Công nhận 2 sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh năm 2025") in (
        squeezed(draft)
    )
    decided = decided_round(products=PRODUCTS, code_prefix="QD")
    final = pdf_text(official_documents.draft_decision_pdf(decided.round))
    assert "DỰ THẢO" not in final
    assert "Số: 123/QĐ-UBND" in final
    assert "31/12/2028" in final
    assert "Võ Văn Phi" in final


def test_result_list_xlsx_holds_all_2000_rows():
    rows = [
        official_documents.ResultRow(
            number=n,
            name=f"Sản phẩm số {n}",
            category="Thủ công mỹ nghệ",
            applicant=f"Cơ sở {n}",
            address="Xã Phước Tân, Đồng Nai",
            locality="Xã Phước Tân",
            certificate=f"SP/2025/{n:04d}",
        )
        for n in range(1, 2001)
    ]
    scene = decided_round(products=PRODUCTS)

    data = official_documents.result_list_xlsx(scene.round, rows=rows)

    assert len([r for r in xlsx_cells(data) if r and isinstance(r[0], int)]) == 2000
    assert Certificate.objects.count() == 2
