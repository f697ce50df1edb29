import pytest
from django.utils import translation

from awards.errors import DomainError
from scoring.conflicts import (
    conflicted_dossier_ids,
    declare_conflict,
    excluded_sheet_filter,
    is_conflicted,
)
from scoring.enums import SheetStatus
from scoring.models import Assignment, Conflict, ScoreLine, ScoreSheet
from scoring.sheets import get_or_start_sheet, reopen_sheet, save_draft, submit_sheet
from tests.factories import (
    ArtisanDossierFactory,
    AwardRoundFactory,
    DossierFactory,
    PanelMemberFactory,
    UserFactory,
)
from tests.scoring.factories_sheets import add_dossier, add_judge, scoring_scene

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in their English source form."""
    with translation.override("en"):
        yield


def _submitted_sheet(scene, member=None):
    member = member or scene.judge
    sheet = get_or_start_sheet(member=member, dossier=scene.dossier)
    save_draft(sheet=sheet, points=scene.full_points(), comment="", by=member.user)
    return submit_sheet(sheet=sheet, by=member.user)


def test_declare_conflict_removes_assignment_and_draft_sheet():
    scene = scoring_scene()
    sheet = get_or_start_sheet(member=scene.judge, dossier=scene.dossier)
    save_draft(sheet=sheet, points=scene.points(**{"1.1": "10"}), comment="", by=scene.user)

    conflict = declare_conflict(
        member=scene.judge, dossier=scene.dossier, reason="Người nhà của chủ cơ sở", by=scene.user
    )

    assert conflict.reason == "Người nhà của chủ cơ sở"
    assert conflict.declared_by == scene.user
    assert not Assignment.objects.filter(member=scene.judge, dossier=scene.dossier).exists()
    assert not ScoreSheet.objects.filter(pk=sheet.pk).exists()
    assert conflicted_dossier_ids(member=scene.judge) == {scene.dossier.pk}


def test_declare_conflict_keeps_submitted_sheet_but_excludes_it():
    scene = scoring_scene()
    colleague = add_judge(scene)
    mine = _submitted_sheet(scene)
    theirs = _submitted_sheet(scene, colleague)

    declare_conflict(member=scene.judge, dossier=scene.dossier, reason="Đã tư vấn", by=scene.user)

    assert ScoreSheet.objects.get(pk=mine.pk).status == SheetStatus.SUBMITTED
    countable = ScoreSheet.objects.exclude(excluded_sheet_filter())
    assert list(countable.values_list("pk", flat=True)) == [theirs.pk]
    lines = ScoreLine.objects.exclude(excluded_sheet_filter(prefix="sheet__"))
    assert set(lines.values_list("sheet_id", flat=True)) == {theirs.pk}


def test_declare_conflict_keeps_a_reopened_sheet():
    scene = scoring_scene()
    sheet = _submitted_sheet(scene)
    reopen_sheet(sheet=sheet, by=scene.secretary, reason="Sai điểm 1.1")

    declare_conflict(member=scene.judge, dossier=scene.dossier, reason="Người nhà", by=scene.user)

    assert ScoreSheet.objects.filter(pk=sheet.pk, status=SheetStatus.DRAFT).exists()
    assert ScoreSheet.objects.filter(pk=sheet.pk).filter(excluded_sheet_filter()).exists()


def test_declare_conflict_with_facility_covers_its_dossiers_in_the_round():
    scene = scoring_scene()
    same_facility = add_dossier(scene, facility=scene.dossier.facility)
    other = add_dossier(scene)

    declare_conflict(
        member=scene.judge, facility=scene.dossier.facility, reason="Cổ đông", by=scene.user
    )

    assert conflicted_dossier_ids(member=scene.judge) == {scene.dossier.pk, same_facility.pk}
    remaining = Assignment.objects.filter(member=scene.judge).values_list("dossier_id", flat=True)
    assert list(remaining) == [other.pk]
    assert is_conflicted(member=scene.judge, dossier=same_facility)
    assert not is_conflicted(member=scene.judge, dossier=other)


def test_artisan_conflict_does_not_catch_product_dossiers():
    scene = scoring_scene()
    artisan_dossier = ArtisanDossierFactory()

    Conflict.objects.create(member=scene.judge, artisan=artisan_dossier.artisan, reason="Thầy dạy")

    assert conflicted_dossier_ids(member=scene.judge) == set()
    assert not ScoreSheet.objects.filter(excluded_sheet_filter()).exists()


def test_conflict_recorded_by_secretariat_hides_the_dossier():
    scene = scoring_scene()

    declare_conflict(
        member=scene.judge,
        dossier=scene.dossier,
        reason="Báo cáo của tổ thư ký",
        by=scene.secretary,
    )

    conflict = Conflict.objects.get(member=scene.judge)
    assert conflict.declared_by == scene.secretary


def test_declare_conflict_requires_a_reason():
    scene = scoring_scene()

    with pytest.raises(DomainError, match="reason"):
        declare_conflict(member=scene.judge, dossier=scene.dossier, reason="   ", by=scene.user)

    assert not Conflict.objects.exists()
    assert Assignment.objects.filter(member=scene.judge).exists()


def test_declare_conflict_refuses_someone_else():
    scene = scoring_scene()
    outsider = UserFactory()

    with pytest.raises(DomainError):
        declare_conflict(member=scene.judge, dossier=scene.dossier, reason="x", by=outsider)

    assert not Conflict.objects.exists()


def test_declare_conflict_refuses_a_dossier_of_another_round():
    scene = scoring_scene()
    elsewhere = DossierFactory(award_round=AwardRoundFactory())

    with pytest.raises(DomainError, match="round"):
        declare_conflict(member=scene.judge, dossier=elsewhere, reason="x", by=scene.user)


def test_declare_conflict_twice_keeps_one_row():
    scene = scoring_scene()

    first = declare_conflict(member=scene.judge, dossier=scene.dossier, reason="a", by=scene.user)
    second = declare_conflict(member=scene.judge, dossier=scene.dossier, reason="b", by=scene.user)

    assert first.pk == second.pk
    assert Conflict.objects.count() == 1


def test_conflicted_dossier_ids_ignore_other_seats():
    scene = scoring_scene()
    other_member = PanelMemberFactory(panel=scene.jury)
    Conflict.objects.create(member=other_member, dossier=scene.dossier, reason="x")

    assert conflicted_dossier_ids(member=scene.judge) == set()
    assert conflicted_dossier_ids(member=other_member) == {scene.dossier.pk}
