"""E-mails to the applicant after each transition (awards.notifications)."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from awards import notifications
from awards.enums import DossierState
from awards.models import Dossier, User
from awards.workflow import dossier_transitioned, run_transition
from tests.awards.factories_followup import returned_dossier, secretary_of, submitted_dossier
from tests.factories import ArtisanDossierFactory, DossierFactory

pytestmark = pytest.mark.django_db

S = DossierState
SITE = "https://vinhdanh.example.vn"


@pytest.fixture(autouse=True)
def _english_and_site(settings):
    settings.LANGUAGE_CODE = "en"
    settings.SITE_URL = SITE + "/"


def test_receiver_is_registered_on_the_workflow_signal():
    try:
        was_connected = dossier_transitioned.disconnect(dispatch_uid="awards.notifications")
    finally:
        notifications.connect()
    assert was_connected


def test_submit_mail_is_the_receipt_with_checksums_and_pdf(django_capture_on_commit_callbacks):
    dossier = DossierFactory(title="Gốm & Sứ <Biên Hòa>")

    with django_capture_on_commit_callbacks(execute=True):
        run_transition(dossier=dossier, action="submit", by=dossier.owner)

    [message] = mail.outbox
    revision = dossier.revisions.get()
    assert message.to == [dossier.owner.email]
    assert message.subject == f"Receipt: dossier {dossier.code} was received"
    assert "Gốm & Sứ <Biên Hòa>" in message.body  # plain text: no HTML escaping
    assert dossier.award_round.name in message.body
    for document in revision.documents.all():
        assert document.sha256 in message.body
    assert f"{SITE}/portal/dossiers/{dossier.pk}/receipt/?revision=1" in message.body
    assert f"{SITE}/portal/dossiers/{dossier.pk}/status/" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (f"phieu-tiep-nhan-{dossier.code}-lan-1.pdf", "application/pdf")
    assert content.startswith(b"%PDF")


def test_return_mail_contains_the_note_and_the_deadline(django_capture_on_commit_callbacks):
    dossier = submitted_dossier()
    deadline = timezone.now() + datetime.timedelta(days=10)
    note = "1. Giấy chứng nhận đăng ký bị mờ\n2. Thiếu ảnh mặt sau sản phẩm"

    with django_capture_on_commit_callbacks(execute=True):
        run_transition(
            dossier=dossier, action="return_for_supplement", by=secretary_of(dossier),
            note=note, deadline=deadline,
        )  # fmt: skip

    [message] = mail.outbox
    assert message.subject == f"Dossier {dossier.code}: please add what is missing"
    assert note in message.body
    assert timezone.localtime(deadline).strftime("%d/%m/%Y %H:%M") in message.body
    assert SITE in message.body
    assert message.attachments == []


def test_return_mail_without_deadline_asks_to_resubmit_soon(django_capture_on_commit_callbacks):
    dossier = submitted_dossier()

    with django_capture_on_commit_callbacks(execute=True):
        run_transition(
            dossier=dossier, action="return_for_supplement", by=secretary_of(dossier),
            note="Thiếu ảnh",
        )  # fmt: skip

    assert "Please submit your dossier again as soon as you can." in mail.outbox[0].body


def test_resubmit_mail_is_a_receipt_of_revision_two(django_capture_on_commit_callbacks):
    dossier = returned_dossier(note="Thiếu ảnh")

    with django_capture_on_commit_callbacks(execute=True):
        run_transition(dossier=dossier, action="resubmit", by=dossier.owner)

    [message] = mail.outbox
    assert "(submission 2)" in message.subject
    assert message.attachments[0][0] == f"phieu-tiep-nhan-{dossier.code}-lan-2.pdf"


STATUS_CASES = [
    # (factory, state before, action, by secretary?, note, subject start)
    (DossierFactory, S.SUBMITTED, "accept", True, "", "Dossier {code} was accepted"),
    (DossierFactory, S.SUBMITTED, "reject", True, "Không tự sản xuất", "Dossier {code} was rejected"),
    (DossierFactory, S.SUBMITTED, "withdraw", False, "", "Dossier {code} was withdrawn"),
    (DossierFactory, S.ACCEPTED, "disqualify", True, "Vi phạm", "Dossier {code} was disqualified"),
    (DossierFactory, S.SCORED, "recognise", True, "", "Congratulations: dossier {code} was recognised"),
    (DossierFactory, S.SCORED, "not_recognise", True, "", "Result of dossier {code}"),
    (ArtisanDossierFactory, S.VOTING, "approve", True, "", "Dossier {code} was approved by the council"),
    (ArtisanDossierFactory, S.VOTING, "not_approve", True, "", "Result of dossier {code}"),
    (ArtisanDossierFactory, S.APPROVED, "award", True, "", "Congratulations: the title was awarded"),
    (DossierFactory, S.RECOGNISED, "revoke", True, "Gian lận", "Recognition of dossier {code} was revoked"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("factory", "state", "action", "by_secretary", "note", "subject"),
    STATUS_CASES,
    ids=[case[2] for case in STATUS_CASES],
)
def test_status_change_mail_is_sent_once_to_the_applicant(
    django_capture_on_commit_callbacks, factory, state, action, by_secretary, note, subject
):
    dossier = factory(state=state)
    by = secretary_of(dossier) if by_secretary else dossier.owner

    with django_capture_on_commit_callbacks(execute=True):
        run_transition(dossier=dossier, action=action, by=by, note=note)

    [message] = mail.outbox
    assert message.to == [dossier.owner.email]
    assert message.subject.startswith(subject.format(code=dossier.code))
    assert dossier.code in message.body
    assert f"{SITE}/portal/dossiers/{dossier.pk}/status/" in message.body
    if note:
        assert f"Reason given: {note}" in message.body


def test_internal_steps_send_no_mail(django_capture_on_commit_callbacks):
    dossier = DossierFactory(state=S.ACCEPTED)

    with django_capture_on_commit_callbacks(execute=True):
        run_transition(dossier=dossier, action="open_scoring", by=secretary_of(dossier))

    assert Dossier.objects.get(pk=dossier.pk).state == S.IN_SCORING
    assert mail.outbox == []


def test_accept_note_is_not_mailed(django_capture_on_commit_callbacks):
    dossier = DossierFactory(state=S.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        run_transition(
            dossier=dossier, action="accept", by=secretary_of(dossier), note="Ghi chú nội bộ"
        )

    assert "Ghi chú nội bộ" not in mail.outbox[0].body


def test_rolled_back_transition_sends_no_mail(django_capture_on_commit_callbacks):
    dossier = DossierFactory()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        run_transition(dossier=dossier, action="submit", by=dossier.owner)
        transaction.set_rollback(True)

    assert Dossier.objects.get(pk=dossier.pk).state == S.DRAFT
    assert mail.outbox == []


def test_applicant_without_email_gets_no_mail_and_the_step_stands(
    django_capture_on_commit_callbacks,
):
    dossier = DossierFactory()
    User.objects.filter(pk=dossier.owner_id).update(email=None)
    dossier.owner.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        run_transition(dossier=dossier, action="submit", by=dossier.owner)

    assert Dossier.objects.get(pk=dossier.pk).state == S.SUBMITTED
    assert mail.outbox == []


def test_mail_server_failure_is_logged_and_does_not_undo_the_step(
    settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.awards.test_followup_notifications.BrokenBackend"
    dossier = DossierFactory()

    with django_capture_on_commit_callbacks(execute=True):
        run_transition(dossier=dossier, action="submit", by=dossier.owner)

    assert Dossier.objects.get(pk=dossier.pk).state == S.SUBMITTED
    assert "Could not e-mail dossier" in caplog.text


class BrokenBackend:
    """An e-mail backend whose server is down."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_send_dossier_mail_renders_subject_line_and_attachments():
    dossier = DossierFactory()

    message = notifications.send_dossier_mail(
        dossier=dossier, template="accept", context={"status_url": f"{SITE}/x/"},
        attachments=[("a.txt", "hello", "text/plain")],
    )  # fmt: skip

    assert message.subject == f"Dossier {dossier.code} was accepted"
    assert "\n" not in message.subject
    assert message.body.startswith(f"Dear {dossier.owner.display_name},")
    assert mail.outbox[0].attachments == [("a.txt", "hello", "text/plain")]
