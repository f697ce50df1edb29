import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from awards.enums import DossierState
from awards.models import RoundEvent, User
from scoring import assignments
from scoring.enums import AssignmentMode, PanelKind, SeatRole
from scoring.models import Assignment, Conflict, Panel, PanelMember, ScoreSheet
from tests.factories import DossierFactory, UserFactory
from tests.scoring.factories_panels import (
    applicant,
    client_for,
    judge,
    other_secretary,
    panel_round,
    sheet,
)

S = DossierState
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def scene():
    return panel_round()


def page_urls(scene):
    member = judge(scene.jury)
    code = scene.code
    return [
        reverse("scoring:panels", args=[code]),
        reverse("scoring:panel_detail", args=[code, scene.council.pk]),
        reverse("scoring:panel_assignments", args=[code, scene.jury.pk]),
        reverse("scoring:member_assignments", args=[code, scene.jury.pk, member.pk]),
        reverse("scoring:admission", args=[code]),
        reverse("scoring:panel_conflicts", args=[code]),
    ]


# --- permissions ----------------------------------------------------------------------------


def test_every_panel_page_opens_for_the_round_secretariat(scene):
    client = client_for(scene.secretary)
    for url in page_urls(scene):
        response = client.get(url)
        assert response.status_code == 200, url
        assert scene.award_round.name in response.content.decode(), url


@pytest.mark.parametrize(
    "persona", ["other_secretariat", "applicant", "jury_member", "council_member"]
)
def test_every_secretariat_panel_page_is_404_for_others(scene, persona):
    user = {
        "other_secretariat": other_secretary,
        "applicant": applicant,
        "jury_member": lambda: judge(scene.jury).user,
        "council_member": lambda: judge(scene.council).user,
    }[persona]()
    client = client_for(user)
    for url in page_urls(scene):
        assert client.get(url).status_code == 404, url


def test_every_panel_page_sends_anonymous_visitors_to_login(scene):
    client = client_for()
    for url in page_urls(scene):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login")), url


def test_member_actions_are_404_for_another_agencys_secretariat(scene):
    member = judge(scene.council)
    client = client_for(other_secretary())
    code, panel = scene.code, scene.council.pk
    posts = [
        (reverse("scoring:panels", args=[code]), {"kind": "jury", "name": "X", "assignment_mode": "everyone"}),
        (reverse("scoring:panel_member_add", args=[code, panel]), {"user": member.user.pk, "role": "chair"}),
        (reverse("scoring:panel_member_invite", args=[code, panel]), {"email": "x@example.vn", "full_name": "X", "role": "member"}),
        (reverse("scoring:panel_member_change", args=[code, panel, member.pk]), {f"m{member.pk}-role": "chair"}),
        (reverse("scoring:panel_member_remove", args=[code, panel, member.pk]), {}),
        (reverse("scoring:panel_assignments", args=[code, scene.jury.pk]), {"action": "assign"}),
    ]  # fmt: skip
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    member.refresh_from_db()
    assert member.role == SeatRole.MEMBER
    assert Panel.objects.count() == 2
    assert not User.objects.filter(email="x@example.vn").exists()


def test_admission_page_opens_for_the_council_chair(scene):
    chair = judge(scene.council, role=SeatRole.CHAIR).user
    DossierFactory(award_round=scene.award_round, state=S.ACCEPTED, title="Bánh pía Sóc Trăng")
    response = client_for(chair).get(reverse("scoring:admission", args=[scene.code]))
    assert response.status_code == 200
    assert "Bánh pía Sóc Trăng" in response.content.decode()
    assert response.context["is_chair"] is True


def test_assignments_page_of_a_council_is_404(scene):
    url = reverse("scoring:panel_assignments", args=[scene.code, scene.council.pk])
    assert client_for(scene.secretary).get(url).status_code == 404


def test_panel_of_another_round_is_404(scene):
    other = panel_round()
    url = reverse("scoring:panel_detail", args=[scene.code, other.council.pk])
    assert client_for(scene.secretary).get(url).status_code == 404


# --- panels and members ---------------------------------------------------------------------


def test_creating_a_panel_from_the_page(scene):
    response = client_for(scene.secretary).post(
        reverse("scoring:panels", args=[scene.code]),
        {"kind": "jury", "name": "Ban giám khảo thứ hai", "established_by": "QĐ 5", "assignment_mode": "by_group"},
        follow=True,
    )  # fmt: skip
    panel = Panel.objects.get(name="Ban giám khảo thứ hai")
    assert (panel.kind, panel.assignment_mode, panel.award_round) == (
        PanelKind.JURY, AssignmentMode.BY_GROUP, scene.award_round,
    )  # fmt: skip
    assert response.redirect_chain[-1][0] == reverse(
        "scoring:panel_detail", args=[scene.code, panel.pk]
    )


def test_member_list_shows_roles_chair_first(scene):
    judge(scene.council, name="Bùi Thành Viên")
    judge(scene.council, role=SeatRole.CHAIR, name="Võ Chủ Tịch")
    judge(scene.council, role=SeatRole.SECRETARY, name="An Thư Ký")
    response = client_for(scene.secretary).get(
        reverse("scoring:panel_detail", args=[scene.code, scene.council.pk])
    )
    names = [str(m.user) for m in response.context["members"]]
    assert names == ["Võ Chủ Tịch", "Bùi Thành Viên", "An Thư Ký"]
    assert "Chair" in response.content.decode()


def test_search_on_the_member_page_is_accent_insensitive(scene):
    UserFactory(full_name="Hoàng Thị Đào")
    response = client_for(scene.secretary).get(
        reverse("scoring:panel_detail", args=[scene.code, scene.council.pk]), {"q": "hoang thi dao"}
    )
    assert [str(u) for u in response.context["found"]] == ["Hoàng Thị Đào"]
    assert "Add to the panel" in response.content.decode()


def test_adding_a_found_user_seats_them(scene):
    user = UserFactory()
    response = client_for(scene.secretary).post(
        reverse("scoring:panel_member_add", args=[scene.code, scene.council.pk]),
        {"user": user.pk, "role": "vice_chair"},
        follow=True,
    )
    assert PanelMember.objects.get(panel=scene.council, user=user).role == SeatRole.VICE_CHAIR
    assert "now sits on" in response.content.decode()


def test_adding_a_second_chair_shows_the_refusal(scene):
    judge(scene.council, role=SeatRole.CHAIR, name="Chủ Tịch Một")
    response = client_for(scene.secretary).post(
        reverse("scoring:panel_member_add", args=[scene.code, scene.council.pk]),
        {"user": UserFactory().pk, "role": "chair"},
        follow=True,
    )
    assert "already has a chair (Chủ Tịch Một)" in response.content.decode()
    assert PanelMember.objects.filter(panel=scene.council).count() == 1


def test_inviting_by_email_creates_the_account_and_sends_the_link(
    scene, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(scene.secretary).post(
            reverse("scoring:panel_member_invite", args=[scene.code, scene.jury.pk]),
            {"email": "giamkhao@example.vn", "full_name": "Giám Khảo Mới", "role": "member", "product_groups": ["1", "2"]},
            follow=True,
        )  # fmt: skip
    member = PanelMember.objects.get(panel=scene.jury, user__email="giamkhao@example.vn")
    assert member.product_groups == ["1", "2"]
    assert "an e-mail has been sent to giamkhao@example.vn" in response.content.decode()
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_changing_a_seat_from_the_page(scene):
    member = judge(scene.jury)
    client_for(scene.secretary).post(
        reverse("scoring:panel_member_change", args=[scene.code, scene.jury.pk, member.pk]),
        {f"m{member.pk}-role": "vice_chair", f"m{member.pk}-title": "Viện Cơ khí", f"m{member.pk}-product_groups": ["3"]},
    )  # fmt: skip
    member.refresh_from_db()
    assert (member.role, member.title, member.product_groups) == (
        "vice_chair",
        "Viện Cơ khí",
        ["3"],
    )


def test_removing_a_member_without_sheets(scene):
    member = judge(scene.jury)
    client_for(scene.secretary).post(
        reverse("scoring:panel_member_remove", args=[scene.code, scene.jury.pk, member.pk])
    )
    assert not PanelMember.objects.filter(pk=member.pk).exists()


def test_removing_a_member_with_a_submitted_sheet_is_refused_with_a_message(scene):
    member = judge(scene.jury)
    sheet(member, DossierFactory(award_round=scene.award_round, state=S.IN_SCORING), submitted=True)
    response = client_for(scene.secretary).post(
        reverse("scoring:panel_member_remove", args=[scene.code, scene.jury.pk, member.pk]),
        follow=True,
    )
    assert "cannot be removed" in response.content.decode()
    assert PanelMember.objects.filter(pk=member.pk).exists()


# --- admission ------------------------------------------------------------------------------


def test_secretariat_records_the_approval_for_the_chair(scene):
    judge(scene.council, role=SeatRole.CHAIR, name="Lý Chủ Tịch")
    accepted = DossierFactory(award_round=scene.award_round, state=S.ACCEPTED)
    url = reverse("scoring:admission", args=[scene.code])
    page = client_for(scene.secretary).get(url).content.decode()
    assert "on behalf of the council chair, Lý Chủ Tịch" in page
    response = client_for(scene.secretary).post(url, {"note": "Biên bản họp ngày 5/5"}, follow=True)
    event = RoundEvent.objects.get(action="admission_approved")
    assert event.data["dossier_ids"] == [accepted.pk]
    assert event.data["on_behalf_of_chair"] is True
    assert "Recorded by the secretariat on behalf of Lý Chủ Tịch" in response.content.decode()


def test_chair_approves_the_list_from_the_page(scene):
    chair = judge(scene.council, role=SeatRole.CHAIR).user
    DossierFactory(award_round=scene.award_round, state=S.ACCEPTED)
    client_for(chair).post(reverse("scoring:admission", args=[scene.code]), {"note": ""})
    event = RoundEvent.objects.get(action="admission_approved")
    assert (event.by, event.data["on_behalf_of_chair"]) == (chair, False)


def test_admission_page_flags_dossiers_accepted_after_the_approval(scene):
    chair = judge(scene.council, role=SeatRole.CHAIR).user
    DossierFactory(award_round=scene.award_round, state=S.ACCEPTED)
    client_for(chair).post(reverse("scoring:admission", args=[scene.code]))
    DossierFactory(award_round=scene.award_round, state=S.ACCEPTED)
    response = client_for(scene.secretary).get(reverse("scoring:admission", args=[scene.code]))
    assert response.context["not_on_list"] == 1
    assert "accepted after the approval" in response.content.decode()


# --- assignments ----------------------------------------------------------------------------


def test_assign_button_materialises_the_assignments(scene):
    member = judge(scene.jury)
    d = DossierFactory(award_round=scene.award_round, state=S.IN_SCORING)
    response = client_for(scene.secretary).post(
        reverse("scoring:panel_assignments", args=[scene.code, scene.jury.pk]),
        {"action": "assign"},
        follow=True,
    )
    assert Assignment.objects.filter(member=member, dossier=d).exists()
    assert "1 new assignment(s) made." in response.content.decode()


def test_mode_form_changes_the_mode(scene):
    client_for(scene.secretary).post(
        reverse("scoring:panel_assignments", args=[scene.code, scene.jury.pk]),
        {"action": "mode", "mode": "by_hand"},
    )
    scene.jury.refresh_from_db()
    assert scene.jury.assignment_mode == AssignmentMode.BY_HAND


def _load_page_queries(scene, judges, dossiers):
    members = [judge(scene.jury) for _ in range(judges)]
    files = [
        DossierFactory(award_round=scene.award_round, state=S.IN_SCORING) for _ in range(dossiers)
    ]
    assignments.assign(panel=scene.jury, by=scene.secretary)
    sheet(members[0], files[0], submitted=True)
    client = client_for(scene.secretary)
    url = reverse("scoring:panel_assignments", args=[scene.code, scene.jury.pk])
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(response.context["members"]) == judges
    return len(queries)


def test_load_page_query_count_does_not_grow_with_members_and_dossiers():
    small = _load_page_queries(panel_round(), 1, 1)
    large = _load_page_queries(panel_round(), 6, 9)
    assert small == large


def test_member_page_assigns_by_hand_and_unassigns(scene):
    member = judge(scene.jury)
    d1, d2 = (DossierFactory(award_round=scene.award_round, state=S.IN_SCORING) for _ in range(2))
    url = reverse("scoring:member_assignments", args=[scene.code, scene.jury.pk, member.pk])
    client = client_for(scene.secretary)
    client.post(url, {"action": "add", "dossiers": [d1.pk, d2.pk]})
    assert set(member.assignments.values_list("dossier_id", flat=True)) == {d1.pk, d2.pk}
    client.post(url, {"action": "remove", "dossier": d1.pk})
    assert set(member.assignments.values_list("dossier_id", flat=True)) == {d2.pk}


def test_member_page_refuses_to_unassign_a_submitted_sheet(scene):
    member = judge(scene.jury)
    d = DossierFactory(award_round=scene.award_round, state=S.IN_SCORING)
    Assignment.objects.create(member=member, dossier=d)
    sheet(member, d, submitted=True)
    url = reverse("scoring:member_assignments", args=[scene.code, scene.jury.pk, member.pk])
    response = client_for(scene.secretary).post(
        url, {"action": "remove", "dossier": d.pk}, follow=True
    )
    assert "already submitted a score sheet" in response.content.decode()
    assert member.assignments.filter(dossier=d).exists()


# --- conflicts ------------------------------------------------------------------------------


def test_recording_a_conflict_removes_assignment_and_draft_and_hides_the_dossier(scene):
    member = judge(scene.jury)
    d = DossierFactory(award_round=scene.award_round, state=S.IN_SCORING)
    Assignment.objects.create(member=member, dossier=d)
    sheet(member, d)
    judge_client = client_for(member.user)
    judge_url = reverse("scoring:judge_dossier", args=[d.pk])
    assert judge_client.get(judge_url).status_code == 200

    response = client_for(scene.secretary).post(
        reverse("scoring:panel_conflicts", args=[scene.code]),
        {"member": member.pk, "dossier_code": d.code, "reason": "Vợ của chủ cơ sở"},
        follow=True,
    )

    conflict = Conflict.objects.get(member=member)
    assert (conflict.dossier, conflict.declared_by) == (d, scene.secretary)
    assert not Assignment.objects.filter(member=member, dossier=d).exists()
    assert not ScoreSheet.objects.filter(member=member, dossier=d).exists()
    assert judge_client.get(judge_url).status_code == 404
    assert "Vợ của chủ cơ sở" in response.content.decode()


def test_recording_a_conflict_with_an_applicant_covers_its_dossiers(scene):
    member = judge(scene.jury)
    first = DossierFactory(award_round=scene.award_round, state=S.IN_SCORING)
    second = DossierFactory(
        award_round=scene.award_round, state=S.IN_SCORING, facility=first.facility
    )
    other = DossierFactory(award_round=scene.award_round, state=S.IN_SCORING)
    assignments.assign(panel=scene.jury, by=scene.secretary)
    client_for(scene.secretary).post(
        reverse("scoring:panel_conflicts", args=[scene.code]),
        {"member": member.pk, "applicant": f"f{first.facility.pk}", "reason": "Cổ đông"},
    )
    assert set(member.assignments.values_list("dossier_id", flat=True)) == {other.pk}
    from scoring.conflicts import conflicted_dossier_ids

    assert conflicted_dossier_ids(member=member) == {first.pk, second.pk}


def test_recording_a_conflict_with_an_unknown_dossier_code_says_so(scene):
    member = judge(scene.jury)
    response = client_for(scene.secretary).post(
        reverse("scoring:panel_conflicts", args=[scene.code]),
        {"member": member.pk, "dossier_code": "KHONG-CO", "reason": "x"},
        follow=True,
    )
    assert "No dossier of this round has the code “KHONG-CO”." in response.content.decode()
    assert not Conflict.objects.exists()


def test_conflict_form_refuses_a_member_of_another_round(scene):
    stranger = judge(panel_round().jury)
    d = DossierFactory(award_round=scene.award_round, state=S.IN_SCORING)
    response = client_for(scene.secretary).post(
        reverse("scoring:panel_conflicts", args=[scene.code]),
        {"member": stranger.pk, "dossier_code": d.code, "reason": "x"},
    )
    assert response.context["form"].errors["member"]
    assert not Conflict.objects.exists()
