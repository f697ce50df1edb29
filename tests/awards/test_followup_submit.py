"""Submitting a dossier from the portal: once, with reasons when refused, and resubmitting."""

import datetime
import hashlib
import threading

import pytest
from django.core import mail
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from awards import followup
from awards.enums import DossierState
from awards.models import Dossier, DossierRevision, DossierTransition
from awards.workflow import run_transition
from tests.awards.factories_followup import (
    login,
    replace_document,
    returned_dossier,
    secretary_of,
    submitted_dossier,
)
from tests.factories import AwardRoundFactory, DossierFactory, add_document

pytestmark = pytest.mark.django_db

S = DossierState


@pytest.fixture(autouse=True)
def _english(settings):
    """Assert on the English source strings, whatever the Vietnamese catalogue says."""
    settings.LANGUAGE_CODE = "en"


def submit_url(dossier):
    return reverse("followup:submit", args=[dossier.pk])


def token_for(dossier):
    return followup.submission_token(Dossier.objects.get(pk=dossier.pk))


def test_submit_once_moves_to_submitted_with_one_revision_and_one_receipt_mail(
    client, django_capture_on_commit_callbacks
):
    dossier = DossierFactory()
    login(client, dossier.owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(dossier), {"token": token_for(dossier)})

    dossier.refresh_from_db()
    assert dossier.state == S.SUBMITTED
    assert response.status_code == 302
    assert response["Location"] == reverse("followup:receipt", args=[dossier.pk]) + "?revision=1"
    assert list(dossier.revisions.values_list("number", flat=True)) == [1]
    assert list(dossier.transitions.values_list("name", flat=True)) == ["submit"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [dossier.owner.email]
    assert dossier.code in message.subject
    [(filename, content, mimetype)] = message.attachments
    assert filename == f"phieu-tiep-nhan-{dossier.code}-lan-1.pdf"
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF")


def test_submit_success_page_says_submitted(client, django_capture_on_commit_callbacks):
    dossier = DossierFactory()
    login(client, dossier.owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(dossier), {"token": token_for(dossier)}, follow=True)

    page = response.content.decode()
    assert "Your dossier has been submitted." in page
    assert dossier.code in page


def test_submit_double_post_with_same_token_submits_once(
    client, django_capture_on_commit_callbacks
):
    dossier = DossierFactory()
    login(client, dossier.owner)
    token = token_for(dossier)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(submit_url(dossier), {"token": token})
        second = client.post(submit_url(dossier), {"token": token}, follow=True)

    assert DossierRevision.objects.filter(dossier=dossier).count() == 1
    assert DossierTransition.objects.filter(dossier=dossier).count() == 1
    assert len(mail.outbox) == 1
    assert second.redirect_chain[-1][0] == reverse("followup:receipt", args=[dossier.pk])
    page = second.content.decode()
    assert "already been submitted, so nothing was sent twice" in page
    assert "Submission number" in page


def test_submit_double_post_without_token_submits_once(client, django_capture_on_commit_callbacks):
    dossier = DossierFactory()
    login(client, dossier.owner)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(submit_url(dossier))
        client.post(submit_url(dossier))

    assert Dossier.objects.get(pk=dossier.pk).state == S.SUBMITTED
    assert dossier.revisions.count() == 1
    assert dossier.transitions.count() == 1
    assert len(mail.outbox) == 1


def test_submit_stale_form_after_return_does_not_resubmit_again(client):
    """A resubmit click lands twice while the secretariat returned the dossier in between:
    the second request (drawn for revision 1) must not make a third submission."""
    dossier = returned_dossier(note="Thiếu giấy chứng nhận chất lượng")
    login(client, dossier.owner)
    stale = token_for(dossier)
    client.post(submit_url(dossier), {"token": stale})
    run_transition(
        dossier=Dossier.objects.get(pk=dossier.pk), action="return_for_supplement",
        by=secretary_of(dossier), note="Ảnh chưa rõ",
    )  # fmt: skip

    response = client.post(submit_url(dossier), {"token": stale})

    dossier.refresh_from_db()
    assert dossier.state == S.RETURNED
    assert dossier.revisions.count() == 2
    assert response["Location"] == reverse("followup:receipt", args=[dossier.pk])


def test_submit_refused_for_missing_mandatory_document_shows_problem_and_keeps_draft(client):
    dossier = DossierFactory(files=False)
    login(client, dossier.owner)

    response = client.post(submit_url(dossier), {"token": token_for(dossier)})

    page = response.content.decode()
    assert "“Submit” is not possible yet." in page
    assert "The dossier is missing: Giấy chứng nhận đăng ký kinh doanh" in page
    assert "The dossier needs at least 3 colour photos of the product (now 0)." in page
    assert "Nothing was changed." in page
    dossier.refresh_from_db()
    assert dossier.state == S.DRAFT
    assert not dossier.revisions.exists()
    assert not dossier.transitions.exists()
    assert mail.outbox == []


def test_submit_after_registration_deadline_refused_with_message(client):
    dossier = DossierFactory(award_round=AwardRoundFactory(closed=True))
    login(client, dossier.owner)

    response = client.post(submit_url(dossier), {"token": token_for(dossier)})

    assert "Registration for this round closed at" in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).state == S.DRAFT
    assert not dossier.revisions.exists()


def test_submit_in_accepted_state_refused_with_message(client):
    dossier = DossierFactory(state=S.ACCEPTED)
    login(client, dossier.owner)

    response = client.post(submit_url(dossier), {"token": token_for(dossier)})

    assert "“Submit” is not possible while the dossier is “Accepted”." in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).state == S.ACCEPTED


def test_submit_get_redirects_to_status_without_submitting(client):
    dossier = DossierFactory()
    login(client, dossier.owner)

    response = client.get(submit_url(dossier))

    assert response["Location"] == reverse("followup:status", args=[dossier.pk])
    assert Dossier.objects.get(pk=dossier.pk).state == S.DRAFT


def test_resubmit_creates_revision_two_and_keeps_revision_one_documents(
    client, django_capture_on_commit_callbacks
):
    dossier = returned_dossier(
        note="Giấy chứng nhận đăng ký kinh doanh bị mờ",
        deadline=timezone.now() + datetime.timedelta(days=7),
    )
    first_documents = list(dossier.revisions.get(number=1).documents.all())
    new_content = b"%PDF-1.4\n% clearer scan\n%%EOF\n"
    new_document = replace_document(
        dossier, code="registration", content=new_content, name="giay-phep-ro.pdf"
    )
    login(client, dossier.owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(dossier), {"token": token_for(dossier)})

    dossier.refresh_from_db()
    assert dossier.state == S.SUBMITTED
    assert dossier.supplement_deadline is None
    assert response["Location"].endswith("?revision=2")
    assert list(dossier.transitions.values_list("name", flat=True)) == [
        "submit", "return_for_supplement", "resubmit",
    ]  # fmt: skip
    assert list(dossier.revisions.get(number=1).documents.all()) == first_documents
    assert list(dossier.revisions.get(number=2).documents.all()) == [new_document]
    assert all(d.file.storage.exists(d.file.name) for d in first_documents)
    old_receipt = client.get(
        reverse("followup:receipt", args=[dossier.pk]), {"revision": 1}
    ).content.decode()
    new_receipt = client.get(reverse("followup:receipt", args=[dossier.pk])).content.decode()
    assert first_documents[0].sha256 in old_receipt
    assert hashlib.sha256(new_content).hexdigest() in new_receipt
    assert first_documents[0].sha256 not in new_receipt
    assert [m.subject for m in mail.outbox] == [
        f"Receipt: dossier {dossier.code} was received again (submission 2)"
    ]


def test_resubmit_after_supplement_deadline_refused(client):
    dossier = returned_dossier(
        note="Bổ sung ảnh", deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    login(client, dossier.owner)

    response = client.post(submit_url(dossier), {"token": token_for(dossier)})

    assert "The deadline for the supplement passed at" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == S.RETURNED
    assert dossier.revisions.count() == 1


# --- the service and the form tag --------------------------------------------------------


def test_submit_once_token_of_another_dossier_is_ignored():
    dossier, other = DossierFactory(), DossierFactory()
    foreign = followup.submission_token(other, revisions=5)

    outcome = followup.submit_once(dossier=dossier, by=dossier.owner, token=foreign)

    assert outcome.already is False
    assert outcome.revision.number == 1


def test_submit_once_tampered_token_is_ignored():
    dossier = DossierFactory()

    assert followup.revisions_seen("not-a-token", dossier=dossier) is None
    assert followup.revisions_seen(followup.submission_token(dossier), dossier=dossier) == 0


def test_submit_once_for_already_submitted_dossier_returns_latest_revision():
    dossier = submitted_dossier()

    outcome = followup.submit_once(dossier=dossier, by=dossier.owner)

    assert outcome.already is True
    assert outcome.revision == dossier.revisions.get(number=1)
    assert dossier.transitions.count() == 1


def test_submit_form_tag_carries_token_only_while_editable():
    draft = DossierFactory()
    accepted = DossierFactory(state=S.ACCEPTED)
    template = Template("{% load followup %}{% submit_form dossier %}")
    request = RequestFactory().get("/")

    draft_html = template.render(Context({"dossier": draft, "request": request}))
    accepted_html = template.render(Context({"dossier": accepted, "request": request}))

    assert 'name="token"' in draft_html
    assert submit_url(draft) in draft_html
    assert ">Submit<" in draft_html
    assert accepted_html.strip() == ""


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks (SELECT FOR UPDATE) need PostgreSQL"
)
def test_submit_once_concurrent_requests_make_one_submission():
    dossier = DossierFactory()
    token = followup.submission_token(dossier)
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def worker():
        from django.db import connections

        try:
            barrier.wait()
            mine = Dossier.objects.get(pk=dossier.pk)
            outcomes.append(followup.submit_once(dossier=mine, by=dossier.owner, token=token))
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(outcome.already for outcome in outcomes) == [False, True]
    assert dossier.revisions.count() == 1
    assert dossier.transitions.count() == 1


def test_submit_keeps_document_added_before_submission_in_revision():
    dossier = DossierFactory()
    optional = dossier.required_documents().get(code="quality")
    extra = add_document(dossier, optional, name="chat-luong.pdf")

    outcome = followup.submit_once(dossier=dossier, by=dossier.owner)

    assert extra in outcome.revision.documents.all()
