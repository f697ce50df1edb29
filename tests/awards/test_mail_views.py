"""Outbox pages and the e-mail template editor."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import mail as mail_service
from awards.models import MailTemplate, OutboundMail
from tests.awards.factories_round_control import client_for, other_secretary
from tests.factories import AwardRoundFactory, DossierFactory, SecretaryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def outbox_url(award_round):
    return reverse("secretariat:outbox", args=[award_round.code])


def sent(award_round, *, n=1, code="dossier_accept", status=OutboundMail.Status.SENT, **fields):
    return [
        OutboundMail.objects.create(
            award_round=award_round,
            template_code=code,
            to=f"nguoi{i}@example.vn",
            subject=f"Tiêu đề {code} {i}",
            body=f"Nội dung thư số {i}",
            status=status,
            **fields,
        )
        for i in range(n)
    ]


# --- outbox -------------------------------------------------------------------------------------


def test_round_outbox_lists_what_was_sent_with_the_body():
    award_round = AwardRoundFactory()
    dossier = DossierFactory(award_round=award_round)
    sent(award_round, dossier=dossier)
    sent(AwardRoundFactory(), code="judge_reminder")  # another round's mail
    secretary = SecretaryFactory(agency=award_round.organiser)

    response = client_for(secretary).get(outbox_url(award_round))

    text = response.content.decode()
    assert "nguoi0@example.vn" in text
    assert "Nội dung thư số 0" in text
    assert dossier.code in text
    assert "Tiêu đề judge_reminder" not in text


def test_round_outbox_filters_by_template_and_status():
    award_round = AwardRoundFactory()
    sent(award_round, code="dossier_accept")
    sent(award_round, code="judge_reminder", status=OutboundMail.Status.FAILED, error="SMTP down")
    secretary = SecretaryFactory(agency=award_round.organiser)
    client = client_for(secretary)

    by_template = client.get(outbox_url(award_round), {"template": "judge_reminder"})
    by_status = client.get(outbox_url(award_round), {"status": "sent"})

    assert "Tiêu đề judge_reminder" in by_template.content.decode()
    assert "Tiêu đề dossier_accept" not in by_template.content.decode()
    assert "SMTP down" in by_template.content.decode()
    assert "Tiêu đề dossier_accept" in by_status.content.decode()
    assert "Tiêu đề judge_reminder" not in by_status.content.decode()


def test_round_outbox_is_404_for_another_agencys_secretariat():
    award_round = AwardRoundFactory()
    sent(award_round)

    response = client_for(other_secretary()).get(outbox_url(award_round))

    assert response.status_code == 404


def test_global_outbox_is_for_system_administrators_only():
    sent(None, code="account_verification")
    secretary = SecretaryFactory(agency=AwardRoundFactory().organiser)

    denied = client_for(secretary).get(reverse("secretariat:outbox_all"))
    allowed = client_for(UserFactory(is_superuser=True)).get(reverse("secretariat:outbox_all"))

    assert denied.status_code == 404
    assert "Tiêu đề account_verification" in allowed.content.decode()


def test_outbox_is_paginated_with_a_flat_query_count():
    small, large = AwardRoundFactory(), AwardRoundFactory()
    sent(small, n=1, dossier=DossierFactory(award_round=small))
    sent(large, n=40, dossier=DossierFactory(award_round=large))

    def count(award_round, **query):
        client = client_for(SecretaryFactory(agency=award_round.organiser))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(outbox_url(award_round), query)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    small_count, _text = count(small)
    large_count, first_page = count(large)
    last_count, last_page = count(large, page=2)
    assert small_count == large_count == last_count
    assert "E-mails 1–25 of 40" in first_page
    assert "E-mails 26–40 of 40" in last_page


# --- the template editor ------------------------------------------------------------------------


def editor_url(code="dossier_accept"):
    return reverse("secretariat:mail_template", args=[code])


def test_editor_lists_every_email_for_secretariat_staff():
    mail_service.seed_mail_templates()
    secretary = SecretaryFactory(agency=AwardRoundFactory().organiser)

    response = client_for(secretary).get(reverse("secretariat:mail_templates"))

    text = response.content.decode()
    assert "Nhắc giám khảo nộp phiếu chấm điểm" in text
    assert editor_url("judge_reminder") in text


def test_editor_is_404_for_applicants_and_judges():
    applicant = DossierFactory().owner

    listing = client_for(applicant).get(reverse("secretariat:mail_templates"))
    editing = client_for(applicant).post(
        editor_url(), {"subject": "x", "body": "y", "version": "new", "action": "save"}
    )

    assert (listing.status_code, editing.status_code) == (404, 404)
    assert not MailTemplate.objects.exists()


def test_editor_shows_the_placeholders():
    secretary = SecretaryFactory(agency=AwardRoundFactory().organiser)

    response = client_for(secretary).get(editor_url("dossier_return_for_supplement"))

    text = response.content.decode()
    assert "{{ items }}" in text and "{{ deadline }}" in text
    assert "The list of items" in text


def test_editor_preview_renders_sample_data_without_saving():
    mail_service.seed_mail_templates()
    secretary = SecretaryFactory(agency=AwardRoundFactory().organiser)
    template = MailTemplate.objects.get(code="dossier_accept")

    response = client_for(secretary).post(
        editor_url(),
        {
            "subject": "Hồ sơ {{ dossier_code }} xong",
            "body": "Chào {{ applicant_name }}",
            "version": template.updated_at.isoformat(),
            "action": "preview",
        },
    )

    text = response.content.decode()
    assert "Hồ sơ DN26-0001 xong" in text
    assert "Chào Cơ sở Gốm Biên Hòa Tư Ba" in text
    assert MailTemplate.objects.get(code="dossier_accept").subject == template.subject


def test_editor_saves_a_valid_template():
    secretary = SecretaryFactory(agency=AwardRoundFactory().organiser)

    response = client_for(secretary).post(
        editor_url(),
        {
            "subject": "Hồ sơ {{ dossier_code }} đã được nhận",
            "body": "Kính gửi {{ applicant_name }}",
            "version": "new",
            "action": "save",
        },
        follow=True,
    )

    template = MailTemplate.objects.get(code="dossier_accept")
    assert template.subject == "Hồ sơ {{ dossier_code }} đã được nhận"
    assert "The e-mail was saved." in response.content.decode()


def test_editor_refuses_invalid_syntax_with_the_error_message():
    mail_service.seed_mail_templates()
    secretary = SecretaryFactory(agency=AwardRoundFactory().organiser)
    template = MailTemplate.objects.get(code="dossier_accept")

    response = client_for(secretary).post(
        editor_url(),
        {
            "subject": "Hồ sơ",
            "body": "{% for x in items %}không đóng",
            "version": template.updated_at.isoformat(),
            "action": "save",
        },
    )

    text = response.content.decode()
    assert "Unclosed tag" in text
    assert "endfor" in text
    assert MailTemplate.objects.get(code="dossier_accept").body == template.body


def test_editor_restore_puts_the_built_in_text_back():
    mail_service.seed_mail_templates()
    MailTemplate.objects.filter(code="dossier_accept").update(subject="Đã sửa")

    client_for(UserFactory(is_superuser=True)).post(editor_url(), {"action": "restore"})

    assert MailTemplate.objects.get(code="dossier_accept").subject == (
        "Hồ sơ {{ dossier_code }} đã được chấp nhận"
    )
