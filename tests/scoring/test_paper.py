from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from awards.enums import DossierState
from awards.errors import DomainError
from awards.models import RoundEvent
from scoring.conflicts import declare_conflict
from scoring.enums import SheetStatus
from scoring.models import Assignment, ScoreSheet
from scoring.paper import (
    HEADER_ROW,
    PaperImportInvalid,
    export_workbook,
    import_paper_sheet,
    read_paper_sheet,
)
from scoring.sheets import get_or_start_sheet, save_draft, submit_sheet
from tests.factories import DossierFactory, PanelMemberFactory
from tests.scoring.factories_paper import FIRST, HEADERS
from tests.scoring.factories_paper import filled_sheet as _filled
from tests.scoring.factories_paper import paper_row as _row
from tests.scoring.factories_sheets import add_dossier, scoring_scene

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _book(data):
    return load_workbook(BytesIO(data))


def _errors(preview):
    return [(e.row, e.column, e.message) for e in preview.errors]


# --- export ----------------------------------------------------------------------------------


def test_export_has_round_judge_date_and_criterion_headers_with_their_max():
    scene = scoring_scene()
    scene.judge.user.full_name = "Lê Văn Giám Khảo"
    scene.judge.user.save()

    sheet = _book(export_workbook(member=scene.judge)).worksheets[0]

    assert sheet["A1"].value == scene.award_round.name
    assert "Lê Văn Giám Khảo" in sheet["A2"].value and "Chuyên gia" in sheet["A2"].value
    assert sheet["A3"].value.startswith("Date: ") and "/" in sheet["A3"].value
    assert [c.value for c in sheet[HEADER_ROW]][: len(HEADERS)] == HEADERS


def test_export_lists_only_the_judges_assigned_dossiers():
    scene = scoring_scene()
    second = add_dossier(scene)
    DossierFactory(award_round=scene.award_round, state=DossierState.IN_SCORING)

    sheet = _book(export_workbook(member=scene.judge)).worksheets[0]

    codes = [sheet.cell(row=r, column=1).value for r in range(FIRST, sheet.max_row + 1)]
    assert codes == sorted([scene.dossier.code, second.code])


def test_export_without_assignments_lists_dossiers_in_scoring_except_conflicts():
    scene = scoring_scene()
    judge = PanelMemberFactory(panel=scene.jury)
    conflicted = DossierFactory(award_round=scene.award_round, state=DossierState.IN_SCORING)
    DossierFactory(award_round=scene.award_round, state=DossierState.ACCEPTED)
    declare_conflict(member=judge, dossier=conflicted, reason="Người nhà", by=scene.secretary)

    sheet = _book(export_workbook(member=judge)).worksheets[0]

    codes = [sheet.cell(row=r, column=1).value for r in range(FIRST, sheet.max_row + 1)]
    assert codes == [scene.dossier.code]


def test_export_point_cells_are_validated_unlocked_and_the_header_protected():
    scene = scoring_scene()

    sheet = _book(export_workbook(member=scene.judge)).worksheets[0]

    checks = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    check = checks[f"C{FIRST}"]
    assert (check.type, check.operator, check.formula1, check.formula2) == (
        "decimal", "between", "0", "30.00",
    )  # fmt: skip
    assert checks[f"E{FIRST}"].formula2 == "20.00"
    assert sheet.protection.sheet is True
    assert sheet.cell(row=HEADER_ROW, column=3).protection.locked is True
    assert sheet.cell(row=FIRST, column=1).protection.locked is True
    assert sheet.cell(row=FIRST, column=3).protection.locked is False
    assert sheet.cell(row=FIRST, column=7).protection.locked is False


# --- dry run: every bad input named by row and column --------------------------------------


def test_read_a_correct_sheet_gives_rows_and_no_error():
    scene = scoring_scene()

    preview = read_paper_sheet(member=scene.judge, data=_filled(scene.judge, [_row(scene.dossier)]))

    assert preview.ok
    row = preview.rows[0]
    assert (row.row, row.dossier, row.comment) == (FIRST, scene.dossier, "Đẹp, tinh xảo")
    assert sorted(row.points.values()) == [
        Decimal("10.25"),
        Decimal("15"),
        Decimal("20.5"),
        Decimal("25"),
    ]
    assert not ScoreSheet.objects.exists()


def test_read_unknown_dossier_code_refused_with_row_and_column():
    scene = scoring_scene()
    row = _row(scene.dossier)
    row[0] = "KHONG-CO"

    preview = read_paper_sheet(member=scene.judge, data=_filled(scene.judge, [row]))

    assert _errors(preview) == [(FIRST, "A", "No dossier with the code KHONG-CO in this round.")]


def test_read_dossier_not_assigned_to_the_judge_refused():
    scene = scoring_scene()
    other = DossierFactory(award_round=scene.award_round, state=DossierState.IN_SCORING)

    preview = read_paper_sheet(member=scene.judge, data=_filled(scene.judge, [_row(other)]))

    assert _errors(preview) == [
        (FIRST, "A", f"Dossier {other.code} is not assigned to this judge.")
    ]


def test_read_conflicted_dossier_refused():
    scene = scoring_scene()
    data = _filled(scene.judge, [_row(scene.dossier)])
    declare_conflict(
        member=scene.judge, dossier=scene.dossier, reason="Họ hàng", by=scene.secretary
    )

    preview = read_paper_sheet(member=scene.judge, data=data)

    assert [(r, c) for r, c, _m in _errors(preview)] == [(FIRST, "A")]
    assert "conflict of interest" in preview.errors[0].message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (31, "At most 30 points."),
        (-1, "Points cannot be negative."),
        (7.125, "Use at most two decimal places."),
        (None, "No points given."),
        ("abc", "The cell holds text (“abc”), not a number."),
        (True, "The cell holds a yes/no value, not a number."),
    ],
)
def test_read_bad_point_cell_refused_with_row_and_column(value, message):
    scene = scoring_scene()
    second = add_dossier(scene)
    rows = [_row(scene.dossier), _row(second)]
    rows[1][3] = value  # column D: 1.2 (max 30)

    preview = read_paper_sheet(member=scene.judge, data=_filled(scene.judge, rows))

    assert _errors(preview) == [(FIRST + 1, "D", message)]
    assert preview.errors[0].header == "1.2 (max 30)"
    assert f"Row {FIRST + 1}, column D (1.2 (max 30))" in str(preview.errors[0])


def test_read_numeric_text_with_a_comma_is_accepted():
    scene = scoring_scene()
    row = _row(scene.dossier)
    row[2] = "7,5"

    preview = read_paper_sheet(member=scene.judge, data=_filled(scene.judge, [row]))

    assert preview.ok
    assert Decimal("7.5") in preview.rows[0].points.values()


def test_read_duplicate_code_refused_naming_the_first_row():
    scene = scoring_scene()

    preview = read_paper_sheet(
        member=scene.judge, data=_filled(scene.judge, [_row(scene.dossier), _row(scene.dossier)])
    )

    assert _errors(preview) == [
        (FIRST + 1, "A", f"Dossier {scene.dossier.code} appears twice (first in row {FIRST}).")
    ]


def test_read_missing_code_refused():
    scene = scoring_scene()
    row = _row(scene.dossier)
    row[0] = None

    preview = read_paper_sheet(member=scene.judge, data=_filled(scene.judge, [row]))

    assert _errors(preview) == [(FIRST, "A", "The dossier code is missing.")]


def test_read_reports_every_problem_at_once():
    scene = scoring_scene()
    second = add_dossier(scene)
    first_row, second_row = _row(scene.dossier), _row(second)
    first_row[2], second_row[5] = 40, "x"

    preview = read_paper_sheet(
        member=scene.judge, data=_filled(scene.judge, [first_row, second_row])
    )

    assert [(r, c) for r, c, _m in _errors(preview)] == [(FIRST, "C"), (FIRST + 1, "F")]
    assert not preview.rows or len(preview.rows) == 0


def test_read_dossier_with_a_submitted_sheet_refused():
    scene = scoring_scene()
    sheet = get_or_start_sheet(member=scene.judge, dossier=scene.dossier)
    save_draft(sheet=sheet, points=scene.full_points(), comment="", by=scene.user)
    submit_sheet(sheet=sheet, by=scene.user)

    preview = read_paper_sheet(member=scene.judge, data=_filled(scene.judge, [_row(scene.dossier)]))

    assert "already submitted" in preview.errors[0].message


def test_read_dossier_not_in_scoring_refused():
    scene = scoring_scene(state=DossierState.SCORED)

    preview = read_paper_sheet(member=scene.judge, data=_filled(scene.judge, [_row(scene.dossier)]))

    assert (preview.errors[0].row, preview.errors[0].column) == (FIRST, "A")
    assert "not in scoring" in preview.errors[0].message


def test_read_file_exported_for_another_judge_refused():
    scene = scoring_scene()
    other = PanelMemberFactory(panel=scene.jury)
    Assignment.objects.create(member=other, dossier=scene.dossier)

    preview = read_paper_sheet(member=scene.judge, data=_filled(other, [_row(scene.dossier)]))

    assert "another judge" in preview.errors[0].message


def test_read_a_file_that_is_not_a_workbook_refused():
    scene = scoring_scene()

    preview = read_paper_sheet(member=scene.judge, data=b"not a spreadsheet at all")

    assert [e.message for e in preview.errors] == ["This is not an Excel workbook (.xlsx)."]


def test_read_a_workbook_missing_a_criterion_column_refused():
    scene = scoring_scene()
    workbook = Workbook()
    sheet = workbook.active
    for column, text in enumerate(
        ["Code", "Name", "1.1 (max 30)", "1.2 (max 30)", "2.1", "Note"], 1
    ):
        sheet.cell(row=HEADER_ROW, column=column, value=text)
    buffer = BytesIO()
    workbook.save(buffer)

    preview = read_paper_sheet(member=scene.judge, data=buffer.getvalue())

    assert [e.message for e in preview.errors] == ["The column for criterion 2.2 is missing."]


# --- confirm: all or nothing, entered by the secretary ---------------------------------------


def test_import_saves_and_submits_sheets_entered_by_the_secretary():
    scene = scoring_scene()
    second = add_dossier(scene)
    data = _filled(scene.judge, [_row(scene.dossier), _row(second, points=(30, 30, 20, 20))])

    sheets = import_paper_sheet(member=scene.judge, data=data, by=scene.secretary)

    assert len(sheets) == 2
    stored = {s.dossier_id: s for s in ScoreSheet.objects.all()}
    assert stored[scene.dossier.pk].total == Decimal("70.75")
    assert stored[second.pk].total == Decimal("100")
    for sheet in stored.values():
        assert sheet.status == SheetStatus.SUBMITTED
        assert sheet.entered_by == scene.secretary
        assert sheet.member == scene.judge
        assert len(sheet.content_hash) == 64
    assert stored[scene.dossier.pk].comment == "Đẹp, tinh xảo"
    event = RoundEvent.objects.get(action="paper_sheets_imported")
    assert event.by == scene.secretary and event.data["member"] == scene.judge.pk


def test_import_with_one_bad_row_writes_nothing():
    scene = scoring_scene()
    second = add_dossier(scene)
    bad = _row(second)
    bad[4] = 21  # 2.1 (max 20)

    with pytest.raises(PaperImportInvalid) as refusal:
        import_paper_sheet(
            member=scene.judge, data=_filled(scene.judge, [_row(scene.dossier), bad]),
            by=scene.secretary,
        )  # fmt: skip

    assert [(e.row, e.column) for e in refusal.value.errors] == [(FIRST + 1, "E")]
    assert not ScoreSheet.objects.exists()
    assert not RoundEvent.objects.filter(action="paper_sheets_imported").exists()


def test_import_by_someone_outside_the_secretariat_refused():
    scene = scoring_scene()

    with pytest.raises(DomainError, match="secretariat"):
        import_paper_sheet(
            member=scene.judge, data=_filled(scene.judge, [_row(scene.dossier)]), by=scene.user
        )

    assert not ScoreSheet.objects.exists()


def test_import_for_a_judge_without_assignments_assigns_the_scored_dossiers():
    scene = scoring_scene()
    judge = PanelMemberFactory(panel=scene.jury)

    import_paper_sheet(member=judge, data=_filled(judge, [_row(scene.dossier)]), by=scene.secretary)

    assert Assignment.objects.filter(member=judge, dossier=scene.dossier).exists()
    sheet = ScoreSheet.objects.get(member=judge)
    assert (sheet.status, sheet.entered_by) == (SheetStatus.SUBMITTED, scene.secretary)


def test_import_over_a_draft_the_judge_started_keeps_one_sheet():
    scene = scoring_scene()
    sheet = get_or_start_sheet(member=scene.judge, dossier=scene.dossier)
    save_draft(sheet=sheet, points=scene.points(**{"1.1": "3"}), comment="", by=scene.user)

    import_paper_sheet(
        member=scene.judge, data=_filled(scene.judge, [_row(scene.dossier)]), by=scene.secretary
    )

    sheet = ScoreSheet.objects.get()
    assert (sheet.status, sheet.total, sheet.entered_by) == (
        SheetStatus.SUBMITTED, Decimal("70.75"), scene.secretary,
    )  # fmt: skip
