import datetime
import hashlib
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation

from awards.enums import DossierState
from awards.errors import DomainError
from awards.models import AwardRound, Criterion
from scoring.enums import SheetStatus
from scoring.models import Assignment, Conflict, ScoreLine, ScoreLineChange, ScoreSheet
from scoring.sheets import (
    SheetInvalid,
    StaleSheet,
    canonical_sheet_content,
    get_or_start_sheet,
    reopen_sheet,
    save_draft,
    sheet_hash,
    sheet_version,
    submit_sheet,
)
from tests.factories import DossierFactory, UserFactory
from tests.scoring.factories_sheets import add_judge, scoring_scene

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in their English source form."""
    with translation.override("en"):
        yield


def _points_of(sheet):
    lines = ScoreLine.objects.filter(sheet=sheet).select_related("criterion")
    return {line.criterion.code: line.points for line in lines}


def _started(scene):
    return get_or_start_sheet(member=scene.judge, dossier=scene.dossier)


def _filled(scene):
    sheet = _started(scene)
    return save_draft(sheet=sheet, points=scene.full_points(), comment="Tốt", by=scene.user)


# --- starting --------------------------------------------------------------------------------


def test_get_or_start_sheet_creates_an_empty_line_per_sub_criterion():
    scene = scoring_scene()

    sheet = _started(scene)

    lines = list(sheet.lines.select_related("criterion").order_by("criterion__code"))
    assert [line.criterion.code for line in lines] == ["1.1", "1.2", "2.1", "2.2"]
    assert [line.max_points for line in lines] == [30, 30, 20, 20]
    assert all(line.points is None for line in lines)
    assert sheet.status == SheetStatus.DRAFT
    assert sheet.total is None


def test_get_or_start_sheet_twice_returns_the_same_sheet():
    scene = scoring_scene()

    first = _started(scene)
    second = _started(scene)

    assert first.pk == second.pk
    assert ScoreLine.objects.filter(sheet=first).count() == 4


def test_get_or_start_sheet_scores_a_group_without_sub_criteria_directly():
    scene = scoring_scene()
    Criterion.objects.create(
        rule_set=scene.award_round.rule_set, code="3", name="Khác", max_points=5, order=3
    )

    sheet = _started(scene)

    assert "3" in _points_of(sheet)


def test_get_or_start_sheet_refuses_an_unassigned_dossier():
    scene = scoring_scene()
    other = DossierFactory(award_round=scene.award_round, state=DossierState.IN_SCORING)

    with pytest.raises(DomainError, match="not assigned"):
        get_or_start_sheet(member=scene.judge, dossier=other)

    assert not ScoreSheet.objects.exists()


def test_get_or_start_sheet_refuses_a_conflicted_dossier():
    scene = scoring_scene()
    Conflict.objects.create(member=scene.judge, facility=scene.dossier.facility, reason="x")

    with pytest.raises(DomainError, match="conflict"):
        _started(scene)


# --- saving a draft -----------------------------------------------------------------------


def test_save_draft_stores_points_comment_and_total():
    scene = scoring_scene()

    sheet = _filled(scene)

    sheet.refresh_from_db()
    assert _points_of(sheet) == {
        "1.1": Decimal("25"), "1.2": Decimal("20.5"), "2.1": Decimal("15"), "2.2": Decimal("10.25")
    }  # fmt: skip
    assert sheet.total == Decimal("70.75")
    assert sheet.comment == "Tốt"
    assert sheet.entered_by == scene.user
    assert sheet.status == SheetStatus.DRAFT


def test_save_draft_leaves_total_empty_while_a_criterion_is_missing():
    scene = scoring_scene()
    sheet = _started(scene)

    save_draft(sheet=sheet, points=scene.points(**{"1.1": "10"}), comment="", by=scene.user)

    sheet.refresh_from_db()
    assert sheet.total is None
    assert _points_of(sheet)["1.2"] is None


def test_save_draft_accepts_a_decimal_comma_and_clears_with_empty():
    scene = scoring_scene()
    sheet = _filled(scene)

    save_draft(
        sheet=sheet, points=scene.points(**{"1.1": "7,5", "1.2": ""}), comment="", by=scene.user
    )

    points = _points_of(sheet)
    assert points["1.1"] == Decimal("7.50")
    assert points["1.2"] is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("30.01", "At most 30 points."),
        ("31", "At most 30 points."),
        ("-1", "Points cannot be negative."),
        ("-0.01", "Points cannot be negative."),
        ("mười", "Enter a number."),
        ("7.5.1", "Enter a number."),
        ("NaN", "Enter a number."),
        ("Infinity", "Enter a number."),
        ("7.125", "Use at most two decimal places."),
        ("0.001", "Use at most two decimal places."),
    ],
)
def test_save_draft_refuses_bad_points_and_saves_nothing(value, message):
    scene = scoring_scene()
    sheet = _filled(scene)
    before = _points_of(sheet)
    good_and_bad = scene.points(**{"1.1": value, "2.1": "1"})

    with pytest.raises(SheetInvalid) as refused:
        save_draft(sheet=sheet, points=good_and_bad, comment="đổi", by=scene.user)

    criterion_id = scene.leaves()["1.1"].pk
    assert refused.value.field_errors == {criterion_id: message}
    assert _points_of(sheet) == before
    sheet.refresh_from_db()
    assert sheet.comment == "Tốt"


def test_save_draft_accepts_the_maximum_and_zero():
    scene = scoring_scene()
    sheet = _started(scene)

    save_draft(
        sheet=sheet, points=scene.points(**{"1.1": "30", "1.2": "0"}), comment="", by=scene.user
    )

    assert _points_of(sheet)["1.1"] == Decimal("30")
    assert _points_of(sheet)["1.2"] == Decimal("0")


def test_save_draft_refuses_a_criterion_not_on_the_sheet():
    scene = scoring_scene()
    sheet = _started(scene)

    with pytest.raises(SheetInvalid):
        save_draft(sheet=sheet, points={999999: "1"}, comment="", by=scene.user)


def test_save_draft_refuses_a_stale_save():
    scene = scoring_scene()
    sheet = _filled(scene)
    opened_version = sheet_version(sheet)
    save_draft(sheet=sheet, points=scene.points(**{"1.1": "1"}), comment="other tab", by=scene.user)

    with pytest.raises(StaleSheet):
        save_draft(
            sheet=sheet,
            points=scene.points(**{"1.1": "2"}),
            comment="",
            by=scene.user,
            expected_updated_at=opened_version,
        )

    assert _points_of(sheet)["1.1"] == Decimal("1")


def test_save_draft_with_the_current_version_succeeds():
    scene = scoring_scene()
    sheet = _filled(scene)

    save_draft(
        sheet=sheet, points=scene.points(**{"1.1": "3"}), comment="", by=scene.user,
        expected_updated_at=sheet_version(ScoreSheet.objects.get(pk=sheet.pk)),
    )  # fmt: skip

    assert _points_of(sheet)["1.1"] == Decimal("3")


def test_save_draft_refuses_someone_who_is_neither_judge_nor_secretariat():
    scene = scoring_scene()
    colleague = add_judge(scene)
    sheet = _started(scene)

    for intruder in (UserFactory(), colleague.user):
        with pytest.raises(DomainError, match="Only the judge"):
            save_draft(sheet=sheet, points=scene.full_points(), comment="", by=intruder)

    assert _points_of(sheet)["1.1"] is None


def test_secretariat_may_enter_a_paper_sheet_on_behalf_of_the_judge():
    scene = scoring_scene()
    sheet = _started(scene)

    save_draft(sheet=sheet, points=scene.full_points(), comment="", by=scene.secretary)

    sheet.refresh_from_db()
    assert sheet.entered_by == scene.secretary
    assert sheet.total == Decimal("70.75")


def test_save_draft_refuses_a_submitted_sheet():
    scene = scoring_scene()
    sheet = submit_sheet(sheet=_filled(scene), by=scene.user)

    with pytest.raises(DomainError, match="locked"):
        save_draft(sheet=sheet, points=scene.points(**{"1.1": "1"}), comment="", by=scene.user)


def test_save_draft_refuses_after_scoring_closed():
    scene = scoring_scene()
    sheet = _started(scene)
    AwardRound.objects.filter(pk=scene.award_round.pk).update(
        scoring_closes=timezone.now() - datetime.timedelta(minutes=1)
    )

    with pytest.raises(DomainError, match="Scoring closed"):
        save_draft(sheet=sheet, points=scene.full_points(), comment="", by=scene.user)


# --- submitting ---------------------------------------------------------------------------


def test_submit_sheet_locks_it_with_total_time_and_hash():
    scene = scoring_scene()
    sheet = _filled(scene)

    submitted = submit_sheet(sheet=sheet, by=scene.user)

    stored = ScoreSheet.objects.get(pk=sheet.pk)
    assert stored.status == SheetStatus.SUBMITTED
    assert stored.submitted_at is not None
    assert stored.total == Decimal("70.75")
    assert len(stored.content_hash) == 64
    assert stored.content_hash == sheet_hash(stored) == submitted.content_hash


def test_submit_sheet_refuses_an_incomplete_sheet_naming_the_missing_criteria():
    scene = scoring_scene()
    sheet = _started(scene)
    save_draft(
        sheet=sheet, points=scene.points(**{"1.1": "10", "2.1": "5"}), comment="", by=scene.user
    )

    with pytest.raises(DomainError) as refused:
        submit_sheet(sheet=sheet, by=scene.user)

    assert "1.2. Tiêu chí 1.2" in refused.value.message
    assert "2.2. Tiêu chí 2.2" in refused.value.message
    assert "1.1." not in refused.value.message
    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.DRAFT


@pytest.mark.parametrize("state", [DossierState.SCORED, DossierState.ACCEPTED])
def test_submit_sheet_refuses_when_the_dossier_is_not_in_scoring(state):
    scene = scoring_scene()
    sheet = _filled(scene)
    type(scene.dossier).objects.filter(pk=scene.dossier.pk).update(state=state)

    with pytest.raises(DomainError, match="not in scoring"):
        submit_sheet(sheet=sheet, by=scene.user)

    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.DRAFT


def test_submit_sheet_refuses_after_the_round_closing_time():
    scene = scoring_scene()
    sheet = _filled(scene)
    AwardRound.objects.filter(pk=scene.award_round.pk).update(
        scoring_closes=timezone.now() - datetime.timedelta(seconds=1)
    )

    with pytest.raises(DomainError, match="Scoring closed"):
        submit_sheet(sheet=sheet, by=scene.user)

    assert ScoreSheet.objects.get(pk=sheet.pk).submitted_at is None


def test_submit_sheet_refuses_a_conflicted_judge():
    scene = scoring_scene()
    sheet = _filled(scene)
    Conflict.objects.create(member=scene.judge, dossier=scene.dossier, reason="x")

    with pytest.raises(DomainError, match="conflict"):
        submit_sheet(sheet=sheet, by=scene.user)


def test_submit_sheet_twice_is_refused():
    scene = scoring_scene()
    sheet = submit_sheet(sheet=_filled(scene), by=scene.user)

    with pytest.raises(DomainError, match="already"):
        submit_sheet(sheet=sheet, by=scene.user)


# --- reopening and corrections ------------------------------------------------------------


def test_reopen_sheet_needs_a_reason():
    scene = scoring_scene()
    sheet = submit_sheet(sheet=_filled(scene), by=scene.user)

    with pytest.raises(DomainError, match="reason"):
        reopen_sheet(sheet=sheet, by=scene.secretary, reason=" ")

    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.SUBMITTED


def test_reopen_sheet_is_for_the_secretariat_only():
    scene = scoring_scene()
    sheet = submit_sheet(sheet=_filled(scene), by=scene.user)

    with pytest.raises(DomainError, match="secretariat"):
        reopen_sheet(sheet=sheet, by=scene.user, reason="Tôi muốn sửa")

    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.SUBMITTED


def test_reopen_sheet_records_the_reason_and_previous_total(django_capture_on_commit_callbacks):
    scene = scoring_scene()
    scene.user.email = "giamkhao@example.vn"
    scene.user.save()
    sheet = submit_sheet(sheet=_filled(scene), by=scene.user)

    with django_capture_on_commit_callbacks(execute=True):
        reopening = reopen_sheet(sheet=sheet, by=scene.secretary, reason="Cộng sai nhóm 2")

    stored = ScoreSheet.objects.get(pk=sheet.pk)
    assert stored.status == SheetStatus.DRAFT
    assert stored.submitted_at is not None
    assert reopening.previous_total == Decimal("70.75")
    assert reopening.by == scene.secretary
    assert reopening.reason == "Cộng sai nhóm 2"
    assert [m.to for m in mail.outbox] == [["giamkhao@example.vn"]]
    assert "Cộng sai nhóm 2" in mail.outbox[0].body


def test_reopen_refuses_a_draft_sheet():
    scene = scoring_scene()
    sheet = _filled(scene)

    with pytest.raises(DomainError, match="submitted"):
        reopen_sheet(sheet=sheet, by=scene.secretary, reason="x")


def test_corrections_after_reopening_keep_old_and_new_values():
    scene = scoring_scene()
    sheet = submit_sheet(sheet=_filled(scene), by=scene.user)
    first_hash = sheet.content_hash
    reopening = reopen_sheet(sheet=sheet, by=scene.secretary, reason="Sai điểm 1.1")

    save_draft(
        sheet=sheet, points=scene.points(**{"1.1": "27", "1.2": "20.5"}), comment="Tốt",
        by=scene.user,
    )  # fmt: skip
    resubmitted = submit_sheet(sheet=sheet, by=scene.user)

    changes = list(ScoreLineChange.objects.filter(sheet=sheet).select_related("criterion"))
    assert [(c.criterion.code, c.old_points, c.new_points) for c in changes] == [
        ("1.1", Decimal("25.00"), Decimal("27"))
    ]
    assert changes[0].reopening == reopening
    assert changes[0].changed_by == scene.user
    assert resubmitted.total == Decimal("72.75")
    assert resubmitted.content_hash != first_hash
    assert resubmitted.content_hash == sheet_hash(ScoreSheet.objects.get(pk=sheet.pk))


def test_draft_saves_before_the_first_submission_record_no_corrections():
    scene = scoring_scene()
    sheet = _filled(scene)

    save_draft(sheet=sheet, points=scene.points(**{"1.1": "1"}), comment="", by=scene.user)

    assert not ScoreLineChange.objects.exists()


# --- canonical content and hash ----------------------------------------------------------


def test_canonical_sheet_content_has_the_documented_form():
    scene = scoring_scene()
    sheet = submit_sheet(sheet=_filled(scene), by=scene.user)
    ScoreSheet.objects.filter(pk=sheet.pk).update(
        submitted_at=datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)
    )
    stored = ScoreSheet.objects.get(pk=sheet.pk)
    ids = sorted(stored.lines.values_list("criterion_id", "points"))
    points = {cid: f"{p:.2f}" for cid, p in ids}

    text = canonical_sheet_content(stored)

    lines = ",".join(f'{{"criterion":{cid},"points":"{points[cid]}"}}' for cid, _ in ids)
    expected = (
        f'{{"comment":"Tốt","dossier":{scene.dossier.pk},"lines":[{lines}],'
        f'"member":{scene.judge.pk},"sheet":{sheet.pk},'
        f'"submitted_at":"2026-03-01T09:30:00.000000Z","total":"70.75","v":1}}'
    )
    assert text == expected
    assert sheet_hash(stored) == hashlib.sha256(expected.encode("utf-8")).hexdigest()
    assert '"points":"25.00"' in text and '"points":"10.25"' in text


def test_sheet_hash_detects_a_row_changed_in_the_database():
    scene = scoring_scene()
    sheet = submit_sheet(sheet=_filled(scene), by=scene.user)
    line = ScoreLine.objects.filter(sheet=sheet).first()

    ScoreLine.objects.filter(pk=line.pk).update(points=line.points - 1)

    assert sheet_hash(ScoreSheet.objects.get(pk=sheet.pk)) != sheet.content_hash


def test_sheet_hash_uses_prefetched_lines_without_queries(django_assert_num_queries):
    scene = scoring_scene()
    submit_sheet(sheet=_filled(scene), by=scene.user)
    sheets = list(ScoreSheet.objects.prefetch_related("lines"))

    with django_assert_num_queries(0):
        hashes = [sheet_hash(sheet) for sheet in sheets]

    assert hashes == [sheets[0].content_hash]


def test_removing_an_assignment_does_not_lose_a_submitted_sheet():
    scene = scoring_scene()
    sheet = submit_sheet(sheet=_filled(scene), by=scene.user)

    Assignment.objects.filter(member=scene.judge).delete()

    assert ScoreSheet.objects.filter(pk=sheet.pk, status=SheetStatus.SUBMITTED).exists()
