"""Editable e-mail templates and the one sending function (awards.mail)."""

import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction

from awards import mail as mail_service
from awards.enums import DossierState
from awards.errors import DomainError
from awards.mail_catalogue import MAIL_KINDS
from awards.models import Dossier, MailTemplate, OutboundMail
from awards.workflow import run_transition
from tests.awards.factories_followup import secretary_of, submitted_dossier
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.django_db

S = DossierState
SITE = "https://vinhdanh.example.vn"


@pytest.fixture(autouse=True)
def _english_and_site(settings):
    settings.LANGUAGE_CODE = "en"
    settings.SITE_URL = SITE + "/"


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


# --- seeding ----------------------------------------------------------------------------------


def test_seeding_creates_every_template_once():
    first = mail_service.seed_mail_templates()
    second = mail_service.seed_mail_templates()

    codes = set(MailTemplate.objects.values_list("code", flat=True))
    assert first == (len(MAIL_KINDS), 0)
    assert second == (0, 0)
    assert codes == {kind.code for kind in MAIL_KINDS}
    assert {
        "dossier_submit", "dossier_return_for_supplement", "dossier_accept", "dossier_reject",
        "dossier_withdraw", "dossier_disqualify", "dossier_recognise", "dossier_not_recognise",
        "dossier_approve", "dossier_not_approve", "dossier_award", "dossier_revoke",
        "account_verification", "account_invite", "panel_invitation", "judge_reminder",
    } <= codes  # fmt: skip


def test_seeded_templates_are_vietnamese_and_render_with_sample_values():
    mail_service.seed_mail_templates()

    for template in MailTemplate.objects.all():
        subject, body = mail_service.preview(
            subject=template.subject, body=template.body, code=template.code
        )
        assert subject and "{{" not in subject and "{{" not in body
        assert template.placeholders
    returned = MailTemplate.objects.get(code="dossier_return_for_supplement")
    assert "bổ sung" in returned.subject
    assert "{{ items }}" in returned.body and "{{ deadline }}" in returned.body


def test_seeding_keeps_an_edited_template_and_reset_restores_it():
    mail_service.seed_mail_templates()
    MailTemplate.objects.filter(code="dossier_accept").update(subject="Đã sửa {{ dossier_code }}")

    call_command("load_mail_templates", stdout=StringIO())
    kept = MailTemplate.objects.get(code="dossier_accept").subject
    call_command("load_mail_templates", "--reset", stdout=StringIO())
    restored = MailTemplate.objects.get(code="dossier_accept").subject

    assert kept == "Đã sửa {{ dossier_code }}"
    assert restored == "Hồ sơ {{ dossier_code }} đã được chấp nhận"


def test_load_presets_seeds_the_templates():
    call_command("load_presets", stdout=StringIO())

    assert MailTemplate.objects.count() == len(MAIL_KINDS)


# --- sending ------------------------------------------------------------------------------------


def test_transition_mail_uses_the_edited_template_and_is_recorded(
    django_capture_on_commit_callbacks,
):
    mail_service.seed_mail_templates()
    MailTemplate.objects.filter(code="dossier_return_for_supplement").update(
        subject="Bổ sung hồ sơ {{ dossier_code }} trước {{ deadline }}",
        body="Kính gửi {{ applicant_name }}: cần bổ sung\n{{ items }}\nSửa tại {{ link }}",
    )
    dossier = submitted_dossier(title="Gốm & Sứ <Biên Hòa>")
    note = "1. Giấy chứng nhận đăng ký bị mờ\n2. Thiếu ảnh mặt sau"

    with django_capture_on_commit_callbacks(execute=True):
        run_transition(
            dossier=dossier, action="return_for_supplement", by=secretary_of(dossier), note=note
        )

    [message] = mail.outbox
    row = OutboundMail.objects.get(template_code="dossier_return_for_supplement")
    assert message.subject == f"Bổ sung hồ sơ {dossier.code} trước"
    assert message.body.startswith(f"Kính gửi {dossier.owner.display_name}: cần bổ sung\n{note}")
    assert f"{SITE}/portal/" in message.body
    assert (row.to, row.subject, row.body) == (dossier.owner.email, message.subject, message.body)
    assert (row.status, row.dossier, row.award_round) == (
        OutboundMail.Status.SENT, dossier, dossier.award_round,
    )  # fmt: skip


def test_receipt_mail_from_the_seeded_template_lists_checksums_and_keeps_the_pdf(
    django_capture_on_commit_callbacks,
):
    mail_service.seed_mail_templates()
    dossier = DossierFactory()

    with django_capture_on_commit_callbacks(execute=True):
        run_transition(dossier=dossier, action="submit", by=dossier.owner)

    [message] = mail.outbox
    row = OutboundMail.objects.get()
    assert message.subject == f"Phiếu tiếp nhận: đã nhận hồ sơ {dossier.code}"
    for document in dossier.revisions.get().documents.all():
        assert document.sha256 in message.body
    assert "lần nộp thứ 1" in message.body
    assert message.attachments[0][2] == "application/pdf"
    assert row.attachments[0]["mimetype"] == "application/pdf"


def test_missing_row_falls_back_to_the_file_template(django_capture_on_commit_callbacks):
    dossier = DossierFactory(state=S.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        run_transition(dossier=dossier, action="accept", by=secretary_of(dossier))

    row = OutboundMail.objects.get()
    assert row.subject == f"Dossier {dossier.code} was accepted"
    assert row.status == OutboundMail.Status.SENT


def test_mail_server_failure_is_recorded_as_failed_and_the_transition_stands(
    settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.awards.test_mail.FailingBackend"
    mail_service.seed_mail_templates()
    dossier = DossierFactory(state=S.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        run_transition(dossier=dossier, action="accept", by=secretary_of(dossier))

    row = OutboundMail.objects.get()
    assert Dossier.objects.get(pk=dossier.pk).state == S.ACCEPTED
    assert row.status == OutboundMail.Status.FAILED
    assert "SMTPServerDisconnected" in row.error
    assert row.subject == f"Hồ sơ {dossier.code} đã được chấp nhận"
    assert "Could not send e-mail dossier_accept" in caplog.text


def test_rolled_back_transition_sends_and_records_nothing(django_capture_on_commit_callbacks):
    mail_service.seed_mail_templates()
    dossier = DossierFactory(state=S.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        run_transition(dossier=dossier, action="accept", by=secretary_of(dossier))
        transaction.set_rollback(True)

    assert Dossier.objects.get(pk=dossier.pk).state == S.SUBMITTED
    assert mail.outbox == []
    assert not OutboundMail.objects.exists()


def test_edited_template_cannot_reach_model_objects():
    mail_service.seed_mail_templates()
    MailTemplate.objects.filter(code="dossier_accept").update(
        body="[{{ dossier.owner.password }}][{{ award_round.pk }}][{{ dossier_code }}]"
    )
    dossier = DossierFactory(state=S.ACCEPTED)

    row = mail_service.send_mail_from_template(
        code="dossier_accept", to=["a@example.vn"], context={"dossier": dossier}, dossier=dossier
    )

    assert row.body == f"[][][{dossier.code}]\n"


def test_template_that_fails_at_send_time_falls_back_to_the_built_in_text():
    MailTemplate.objects.create(
        code="dossier_accept", name="x", subject="{% include 'base.html' %}", body="x"
    )
    dossier = DossierFactory(state=S.ACCEPTED)

    row = mail_service.send_mail_from_template(
        code="dossier_accept", to="a@example.vn", context={}, dossier=dossier
    )

    assert row.status == OutboundMail.Status.SENT
    assert row.subject == f"Dossier {dossier.code} was accepted"


def test_no_recipient_sends_nothing():
    assert mail_service.send_mail_from_template(code="dossier_accept", to=[""], context={}) is None
    assert mail.outbox == []


# --- editing ------------------------------------------------------------------------------------


def test_save_refuses_invalid_template_syntax_with_the_error():
    secretary = UserFactory(is_superuser=True)

    with pytest.raises(DomainError) as refused:
        mail_service.save_mail_template(
            code="dossier_accept", subject="Hồ sơ {% if dossier_code %}", body="x", by=secretary
        )

    assert "Subject" in refused.value.message
    assert "endif" in refused.value.message
    assert not MailTemplate.objects.exists()


@pytest.mark.parametrize("text", ["{% load static %}", "{% include 'base.html' %}", "{% debug %}"])
def test_save_refuses_tags_that_read_files_or_dump_the_context(text):
    with pytest.raises(DomainError):
        mail_service.save_mail_template(
            code="dossier_accept", subject="x", body=text, by=UserFactory(is_superuser=True)
        )


def test_unknown_placeholders_are_named():
    unknown = mail_service.unknown_placeholders(
        code="dossier_accept", subject="{{ dossier_code }}", body="{{ dosier_title }} {{ note }}"
    )

    assert unknown == ["dosier_title"]


def test_save_refuses_a_stale_form():
    admin = UserFactory(is_superuser=True)
    saved = mail_service.save_mail_template(code="dossier_accept", subject="A", body="B", by=admin)

    with pytest.raises(DomainError) as refused:
        mail_service.save_mail_template(
            code="dossier_accept", subject="C", body="D", by=admin, expected_updated_at=None
        )

    assert "Someone else saved" in refused.value.message
    assert MailTemplate.objects.get(pk=saved.pk).subject == "A"


def test_applicant_cannot_edit_templates():
    with pytest.raises(DomainError):
        mail_service.save_mail_template(
            code="dossier_accept", subject="A", body="B", by=UserFactory()
        )
