import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from awards.enums import DossierState, ProductGroup
from awards.errors import DomainError
from awards.models import RoundEvent
from scoring import assignments, panels
from scoring.conflicts import declare_conflict
from scoring.enums import AssignmentMode, SeatRole
from scoring.models import Assignment
from tests.factories import DossierFactory
from tests.scoring.factories_panels import judge, panel_round, sheet

S = DossierState
G = ProductGroup
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def pairs(panel):
    return set(
        Assignment.objects.filter(member__panel=panel).values_list("member_id", "dossier_id")
    )


def dossier(scene, state=S.IN_SCORING, group=G.HANDICRAFT, **fields):
    return DossierFactory(award_round=scene.award_round, state=state, product_group=group, **fields)


# --- everyone -------------------------------------------------------------------------------


def test_assign_everyone_gives_every_scoring_seat_every_dossier_in_scoring():
    scene = panel_round()
    a, b = judge(scene.jury), judge(scene.jury, role=SeatRole.CHAIR)
    secretary_seat = judge(scene.jury, role=SeatRole.SECRETARY)
    d1, d2 = dossier(scene), dossier(scene, group=G.PROCESSED_FOOD)
    dossier(scene, state=S.SUBMITTED)  # not admitted
    added = assignments.assign(panel=scene.jury, by=scene.secretary)
    assert added == 4
    assert pairs(scene.jury) == {(a.pk, d1.pk), (a.pk, d2.pk), (b.pk, d1.pk), (b.pk, d2.pk)}
    assert not Assignment.objects.filter(member=secretary_seat).exists()
    assert RoundEvent.objects.get(action="dossiers_assigned").data["added"] == 4


def test_assign_is_idempotent():
    scene = panel_round()
    judge(scene.jury)
    dossier(scene)
    assignments.assign(panel=scene.jury, by=scene.secretary)
    again = assignments.assign(panel=scene.jury, by=scene.secretary)
    assert again == 0
    assert Assignment.objects.count() == 1


def test_assign_takes_accepted_dossiers_only_once_the_admission_list_is_approved():
    scene = panel_round()
    member = judge(scene.jury)
    chair = judge(scene.council, role=SeatRole.CHAIR).user
    accepted = dossier(scene, state=S.ACCEPTED)
    assert assignments.assign(panel=scene.jury, by=scene.secretary) == 0
    panels.approve_admission(award_round=scene.award_round, by=chair)
    late = dossier(scene, state=S.ACCEPTED)  # accepted after the approval: not admitted
    assignments.assign(panel=scene.jury, by=scene.secretary)
    assert pairs(scene.jury) == {(member.pk, accepted.pk)}
    assert late.pk not in {d for _m, d in pairs(scene.jury)}


def test_assign_leaves_out_conflicted_pairs():
    scene = panel_round()
    clean, conflicted = judge(scene.jury), judge(scene.jury)
    d1, d2 = dossier(scene), dossier(scene)
    declare_conflict(
        member=conflicted, facility=d2.facility, reason="Người nhà", by=scene.secretary
    )
    assignments.assign(panel=scene.jury, by=scene.secretary)
    assert pairs(scene.jury) == {(clean.pk, d1.pk), (clean.pk, d2.pk), (conflicted.pk, d1.pk)}


def test_assign_to_a_council_is_refused():
    scene = panel_round()
    judge(scene.council)
    dossier(scene)
    with pytest.raises(DomainError, match="jury"):
        assignments.assign(panel=scene.council, by=scene.secretary)
    assert not Assignment.objects.exists()


# --- by product group -----------------------------------------------------------------------


def test_assign_by_group_follows_each_members_groups():
    scene = panel_round()
    assignments.set_mode(panel=scene.jury, mode=AssignmentMode.BY_GROUP, by=scene.secretary)
    crafts = judge(scene.jury, groups=["1"])
    food_and_tools = judge(scene.jury, groups=["2", "3"])
    nothing = judge(scene.jury)
    vase = dossier(scene, group=G.HANDICRAFT)
    cake = dossier(scene, group=G.PROCESSED_FOOD)
    plough = dossier(scene, group=G.MACHINERY)
    dossier(scene, group=G.OTHER)
    assignments.assign(panel=scene.jury, by=scene.secretary)
    assert pairs(scene.jury) == {
        (crafts.pk, vase.pk),
        (food_and_tools.pk, cake.pk),
        (food_and_tools.pk, plough.pk),
    }
    assert not Assignment.objects.filter(member=nothing).exists()
    assert RoundEvent.objects.filter(action="assignment_mode_changed").exists()


# --- by hand --------------------------------------------------------------------------------


def test_assign_by_hand_mode_adds_nothing_automatically():
    scene = panel_round()
    assignments.set_mode(panel=scene.jury, mode=AssignmentMode.BY_HAND, by=scene.secretary)
    judge(scene.jury)
    dossier(scene)
    assert assignments.assign(panel=scene.jury, by=scene.secretary) == 0
    assert not Assignment.objects.exists()


def test_assign_by_hand_gives_the_chosen_dossiers():
    scene = panel_round()
    member = judge(scene.jury)
    d1, d2, d3 = dossier(scene), dossier(scene), dossier(scene)
    added = assignments.assign_by_hand(member=member, dossiers=[d1, d3], by=scene.secretary)
    again = assignments.assign_by_hand(member=member, dossiers=[d1], by=scene.secretary)
    assert (added, again) == (2, 0)
    assert pairs(scene.jury) == {(member.pk, d1.pk), (member.pk, d3.pk)}
    assert d2.pk not in {d for _m, d in pairs(scene.jury)}


def test_assign_by_hand_refuses_a_conflicted_dossier_naming_it():
    scene = panel_round()
    member = judge(scene.jury, name="Vũ Văn Xung")
    ok, clash = dossier(scene), dossier(scene)
    declare_conflict(member=member, dossier=clash, reason="Cổ đông", by=scene.secretary)
    with pytest.raises(
        DomainError, match=f"Vũ Văn Xung has a conflict of interest with {clash.code}"
    ):
        assignments.assign_by_hand(member=member, dossiers=[ok, clash], by=scene.secretary)
    assert not Assignment.objects.exists()


def test_assign_by_hand_refuses_a_dossier_not_admitted():
    scene = panel_round()
    member = judge(scene.jury)
    submitted = dossier(scene, state=S.SUBMITTED)
    with pytest.raises(DomainError, match=submitted.code):
        assignments.assign_by_hand(member=member, dossiers=[submitted], by=scene.secretary)


def test_assign_by_hand_refuses_the_jury_secretary():
    scene = panel_round()
    member = judge(scene.jury, role=SeatRole.SECRETARY)
    with pytest.raises(DomainError, match="secretary"):
        assignments.assign_by_hand(member=member, dossiers=[dossier(scene)], by=scene.secretary)


# --- unassign -------------------------------------------------------------------------------


def test_unassign_removes_the_assignment_and_a_draft_sheet():
    scene = panel_round()
    member = judge(scene.jury)
    d = dossier(scene)
    Assignment.objects.create(member=member, dossier=d)
    sheet(member, d)
    assert assignments.unassign(member=member, dossier=d, by=scene.secretary) is True
    assert not Assignment.objects.exists()
    assert not member.sheets.exists()


def test_unassign_after_a_submitted_sheet_is_refused():
    scene = panel_round()
    member = judge(scene.jury)
    d = dossier(scene)
    Assignment.objects.create(member=member, dossier=d)
    sheet(member, d, submitted=True)
    with pytest.raises(DomainError, match="already submitted a score sheet"):
        assignments.unassign(member=member, dossier=d, by=scene.secretary)
    assert Assignment.objects.filter(member=member, dossier=d).exists()


# --- load per member ------------------------------------------------------------------------


def _load_scene(judges, dossiers):
    scene = panel_round()
    members = [judge(scene.jury) for _ in range(judges)]
    files = [dossier(scene) for _ in range(dossiers)]
    assignments.assign(panel=scene.jury, by=scene.secretary)
    for member in members:
        sheet(member, files[0], submitted=True)
    declare_conflict(member=members[-1], dossier=files[-1], reason="Họ hàng", by=scene.secretary)
    return scene, members, files


def test_load_per_member_counts_assigned_submitted_and_conflicts():
    scene, members, _files = _load_scene(2, 3)
    load = {m.pk: (m.assigned_count, m.submitted_count, m.draft_count, m.conflict_count) for m in
            assignments.load_per_member(panel=scene.jury)}  # fmt: skip
    assert load == {members[0].pk: (3, 1, 0, 0), members[1].pk: (2, 1, 0, 1)}


def test_load_per_member_is_one_query_whatever_the_size():
    small, _m, _f = _load_scene(1, 1)
    large, _m, _f = _load_scene(5, 8)
    counts = []
    for scene in (small, large):
        with CaptureQueriesContext(connection) as queries:
            rows = list(assignments.load_per_member(panel=scene.jury))
        counts.append(len(queries))
        assert rows
    assert counts == [1, 1]


def test_member_assignments_show_the_sheet_status():
    scene = panel_round()
    member = judge(scene.jury)
    done, started, fresh = dossier(scene), dossier(scene), dossier(scene)
    assignments.assign(panel=scene.jury, by=scene.secretary)
    sheet(member, done, submitted=True)
    sheet(member, started)
    status = {a.dossier_id: a.sheet_status for a in assignments.member_assignments(member=member)}
    assert status == {done.pk: "submitted", started.pk: "draft", fresh.pk: None}
