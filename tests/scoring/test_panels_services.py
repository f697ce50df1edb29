import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils import translation
from django.utils.http import urlsafe_base64_decode

from awards.enums import DossierState
from awards.errors import DomainError
from awards.models import RoundEvent, User
from scoring import panels
from scoring.enums import PanelKind, SeatRole
from scoring.models import Assignment, PanelMember, ScoreSheet
from tests.factories import DossierFactory, PanelMemberFactory, UserFactory
from tests.scoring.factories_panels import judge, panel_round, sheet

S = DossierState
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- panels and seats -----------------------------------------------------------------------


def test_create_panel_logs_it_on_the_round():
    scene = panel_round()
    panel = panels.create_panel(
        award_round=scene.award_round, kind=PanelKind.JURY, name="  Ban giám khảo 2026 ",
        established_by="QĐ 12/QĐ-UBND ngày 2/3/2026", by=scene.secretary,
    )  # fmt: skip
    assert (panel.name, panel.kind, panel.assignment_mode) == (
        "Ban giám khảo 2026", PanelKind.JURY, "everyone",
    )  # fmt: skip
    event = RoundEvent.objects.get(action="panel_created")
    assert (event.by, event.data["panel"]) == (scene.secretary, panel.pk)


def test_create_panel_without_name_is_refused():
    scene = panel_round()
    with pytest.raises(DomainError, match="name"):
        panels.create_panel(
            award_round=scene.award_round, kind=PanelKind.JURY, name=" ", by=scene.secretary
        )


def test_add_member_seats_the_user_and_tells_them(django_capture_on_commit_callbacks):
    scene = panel_round()
    user = UserFactory(full_name="Lê Thị Hoa", job_title="Sở Công Thương")
    with django_capture_on_commit_callbacks(execute=True):
        member = panels.add_member(
            panel=scene.council, user=user, role=SeatRole.VICE_CHAIR, by=scene.secretary
        )
    assert (member.role, member.title) == (SeatRole.VICE_CHAIR, "Sở Công Thương")
    [message] = mail.outbox
    assert message.to == [user.email]
    assert "Hội đồng" in message.subject
    assert RoundEvent.objects.filter(action="panel_member_added", data__user=user.pk).exists()


def test_add_member_twice_is_refused():
    scene = panel_round()
    member = judge(scene.council)
    with pytest.raises(DomainError, match="already sits"):
        panels.add_member(panel=scene.council, user=member.user, by=scene.secretary)
    assert PanelMember.objects.filter(panel=scene.council).count() == 1


def test_add_member_refuses_a_second_chair():
    scene = panel_round()
    judge(scene.council, role=SeatRole.CHAIR, name="Phạm Văn Chủ Tịch")
    with pytest.raises(DomainError, match="already has a chair \\(Phạm Văn Chủ Tịch\\)"):
        panels.add_member(
            panel=scene.council, user=UserFactory(), role=SeatRole.CHAIR, by=scene.secretary
        )
    assert PanelMember.objects.filter(panel=scene.council, role=SeatRole.CHAIR).count() == 1


def test_a_chair_on_the_jury_does_not_block_the_councils_chair():
    scene = panel_round()
    judge(scene.jury, role=SeatRole.CHAIR)
    member = panels.add_member(
        panel=scene.council, user=UserFactory(), role=SeatRole.CHAIR, by=scene.secretary
    )
    assert member.role == SeatRole.CHAIR


def test_change_member_to_chair_refused_while_another_chairs():
    scene = panel_round()
    judge(scene.council, role=SeatRole.CHAIR)
    member = judge(scene.council)
    with pytest.raises(DomainError, match="one chair"):
        panels.change_member(member=member, role=SeatRole.CHAIR, by=scene.secretary)
    member.refresh_from_db()
    assert member.role == SeatRole.MEMBER


def test_change_member_keeps_the_chair_when_saving_the_chair_itself():
    scene = panel_round()
    chair = judge(scene.council, role=SeatRole.CHAIR)
    panels.change_member(member=chair, role=SeatRole.CHAIR, title="Phó Chủ tịch UBND", by=None)
    chair.refresh_from_db()
    assert (chair.role, chair.title) == (SeatRole.CHAIR, "Phó Chủ tịch UBND")


def test_change_member_refuses_an_unknown_product_group():
    scene = panel_round()
    member = judge(scene.jury)
    with pytest.raises(DomainError, match="Unknown product group: 7"):
        panels.change_member(member=member, product_groups=["1", "7"], by=scene.secretary)


# --- invitations ----------------------------------------------------------------------------


def test_invite_member_creates_an_account_and_mails_a_set_password_link(
    django_capture_on_commit_callbacks,
):
    scene = panel_round()
    with django_capture_on_commit_callbacks(execute=True):
        member = panels.invite_member(
            email=" Chuyen.Gia@Example.vn ", full_name="Trần Văn Chuyên", panel=scene.jury,
            role=SeatRole.MEMBER, invited_by=scene.secretary, product_groups=["2"],
        )  # fmt: skip
    user = member.user
    assert (user.email, user.username, user.is_active, user.has_usable_password()) == (
        "chuyen.gia@example.vn", "chuyen.gia@example.vn", True, False,
    )  # fmt: skip
    assert member.product_groups == ["2"]
    [message] = mail.outbox
    assert message.to == ["chuyen.gia@example.vn"]
    link = next(line for line in message.body.splitlines() if "/password/reset/" in line)
    uid, token = link.rstrip("/").split("/")[-2:]
    assert urlsafe_base64_decode(uid).decode() == str(user.pk)
    assert default_token_generator.check_token(user, token)
    assert RoundEvent.objects.filter(action="panel_member_invited").count() == 1


def test_invite_member_with_a_known_address_seats_that_account(
    django_capture_on_commit_callbacks,
):
    scene = panel_round()
    existing = UserFactory(email="hoa@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        member = panels.invite_member(
            email="HOA@example.vn", full_name="", panel=scene.council, role=SeatRole.MEMBER,
            invited_by=scene.secretary,
        )  # fmt: skip
    assert member.user == existing
    assert User.objects.filter(email__iexact="hoa@example.vn").count() == 1
    assert "/password/reset/" not in mail.outbox[0].body


def test_invite_member_with_an_inactive_account_is_refused():
    scene = panel_round()
    UserFactory(email="chua-xac-nhan@example.vn", is_active=False)
    with pytest.raises(DomainError, match="not active"):
        panels.invite_member(
            email="chua-xac-nhan@example.vn", full_name="", panel=scene.jury,
            role=SeatRole.MEMBER, invited_by=scene.secretary,
        )  # fmt: skip
    assert not PanelMember.objects.exists()


def test_invite_member_with_a_bad_address_creates_nothing():
    scene = panel_round()
    with pytest.raises(DomainError, match="valid e-mail"):
        panels.invite_member(
            email="khong-phai-email", full_name="A", panel=scene.jury, role=SeatRole.MEMBER,
            invited_by=scene.secretary,
        )  # fmt: skip
    assert not User.objects.filter(username="khong-phai-email").exists()


def test_invite_member_as_a_second_chair_creates_no_account():
    scene = panel_round()
    judge(scene.council, role=SeatRole.CHAIR)
    with pytest.raises(DomainError, match="one chair"):
        panels.invite_member(
            email="moi@example.vn", full_name="Người Mới", panel=scene.council,
            role=SeatRole.CHAIR, invited_by=scene.secretary,
        )  # fmt: skip
    assert not User.objects.filter(email="moi@example.vn").exists()


# --- removal --------------------------------------------------------------------------------


def test_remove_member_deletes_the_seat_its_assignments_and_drafts():
    scene = panel_round()
    member = judge(scene.jury)
    dossier = DossierFactory(award_round=scene.award_round, state=S.IN_SCORING)
    Assignment.objects.create(member=member, dossier=dossier)
    sheet(member, dossier)
    panels.remove_member(member=member, by=scene.secretary)
    assert not PanelMember.objects.filter(pk=member.pk).exists()
    assert not Assignment.objects.exists() and not ScoreSheet.objects.exists()
    assert RoundEvent.objects.filter(action="panel_member_removed").exists()


def test_remove_member_with_a_submitted_sheet_is_refused():
    scene = panel_round()
    member = judge(scene.jury, name="Đỗ Văn Giám")
    sheet(member, DossierFactory(award_round=scene.award_round, state=S.IN_SCORING), submitted=True)
    with pytest.raises(DomainError, match="Đỗ Văn Giám has already submitted 1 score sheet"):
        panels.remove_member(member=member, by=scene.secretary)
    assert PanelMember.objects.filter(pk=member.pk).exists()


# --- user search ----------------------------------------------------------------------------


def test_search_users_ignores_accents_and_case():
    wanted = UserFactory(full_name="Nguyễn Văn Đức")
    UserFactory(full_name="Trần Thị Hoa")
    assert panels.search_users(text="nguyen van duc") == [wanted]
    assert panels.search_users(text="ĐỨC") == [wanted]


def test_search_users_matches_email_and_leaves_out_seated_and_inactive_users():
    scene = panel_round()
    seated = judge(scene.jury).user
    seated.email = "giamkhao@so-ct.vn"
    seated.save()
    free = UserFactory(email="giamkhao2@so-ct.vn")
    UserFactory(email="giamkhao3@so-ct.vn", is_active=False)
    assert panels.search_users(text="so-ct", exclude_panel=scene.jury) == [free]


# --- admission list -------------------------------------------------------------------------


def test_approve_admission_by_the_chair_stores_the_accepted_dossiers():
    scene = panel_round()
    chair = judge(scene.council, role=SeatRole.CHAIR).user
    accepted = DossierFactory(award_round=scene.award_round, state=S.ACCEPTED)
    DossierFactory(award_round=scene.award_round, state=S.SUBMITTED)
    assert panels.admission_approved(award_round=scene.award_round) is None
    event = panels.approve_admission(award_round=scene.award_round, by=chair)
    assert panels.admission_approved(award_round=scene.award_round) == event
    assert (event.action, event.by, event.data["dossier_ids"]) == (
        "admission_approved", chair, [accepted.pk],
    )  # fmt: skip
    assert event.data["on_behalf_of_chair"] is False


def test_approve_admission_by_the_secretariat_notes_it_acts_for_the_chair():
    scene = panel_round()
    judge(scene.council, role=SeatRole.CHAIR, name="Phạm Chủ Tịch")
    DossierFactory(award_round=scene.award_round, state=S.ACCEPTED)
    event = panels.approve_admission(
        award_round=scene.award_round, by=scene.secretary, note="Biên bản họp 5/5/2026"
    )
    assert event.data["on_behalf_of_chair"] is True
    assert event.data["chair_name"] == "Phạm Chủ Tịch"
    assert event.note == "Biên bản họp 5/5/2026"


def test_approve_admission_by_the_secretariat_without_a_note_is_refused():
    scene = panel_round()
    DossierFactory(award_round=scene.award_round, state=S.ACCEPTED)
    with pytest.raises(DomainError, match="note the meeting"):
        panels.approve_admission(award_round=scene.award_round, by=scene.secretary)
    assert panels.admission_approved(award_round=scene.award_round) is None


def test_approve_admission_by_a_council_member_is_refused():
    scene = panel_round()
    member = judge(scene.council).user
    DossierFactory(award_round=scene.award_round, state=S.ACCEPTED)
    with pytest.raises(DomainError, match="Only the council chair"):
        panels.approve_admission(award_round=scene.award_round, by=member, note="x")


def test_approve_admission_of_an_empty_list_is_refused():
    scene = panel_round()
    chair = PanelMemberFactory(panel=scene.council, role=SeatRole.CHAIR).user
    with pytest.raises(DomainError, match="No accepted dossier"):
        panels.approve_admission(award_round=scene.award_round, by=chair)


def test_admission_approved_returns_the_latest_approval():
    scene = panel_round()
    chair = judge(scene.council, role=SeatRole.CHAIR).user
    first = DossierFactory(award_round=scene.award_round, state=S.ACCEPTED)
    panels.approve_admission(award_round=scene.award_round, by=chair)
    second = DossierFactory(award_round=scene.award_round, state=S.ACCEPTED)
    latest = panels.approve_admission(award_round=scene.award_round, by=chair)
    assert panels.admission_approved(award_round=scene.award_round) == latest
    assert panels.admitted_dossier_ids(award_round=scene.award_round) == {first.pk, second.pk}
