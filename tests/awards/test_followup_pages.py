"""Receipt, receipt PDF, status page with timeline, returned dossier, withdraw, my dossiers."""

import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from awards.enums import DossierState
from awards.models import Dossier
from awards.workflow import run_transition
from tests.awards.factories_followup import (
    login,
    returned_dossier,
    secretary_of,
    submitted_dossier,
)
from tests.factories import ArtisanDossierFactory, DossierFactory, FacilityFactory

pytestmark = pytest.mark.django_db

S = DossierState


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def page(response):
    return response.content.decode()


def local(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


# --- receipt -----------------------------------------------------------------------------


def test_receipt_shows_code_round_time_revision_and_each_document_checksum(client):
    dossier = submitted_dossier()
    revision = dossier.revisions.get()
    documents = list(revision.documents.select_related("requirement"))
    login(client, dossier.owner)

    html = page(client.get(reverse("followup:receipt", args=[dossier.pk])))

    assert dossier.code in html
    assert dossier.award_round.name in html
    assert local(revision.submitted_at) in html
    assert "Submission number" in html
    assert documents
    for document in documents:
        assert document.sha256 in html
        assert document.original_name in html
        assert document.requirement.name in html
    assert reverse("followup:receipt_pdf", args=[dossier.pk]) + "?revision=1" in html


def test_receipt_of_unsubmitted_dossier_is_404(client):
    dossier = DossierFactory()
    login(client, dossier.owner)

    assert client.get(reverse("followup:receipt", args=[dossier.pk])).status_code == 404
    assert client.get(reverse("followup:receipt_pdf", args=[dossier.pk])).status_code == 404


@pytest.mark.parametrize("revision", ["2", "abc", "-1"])
def test_receipt_of_unknown_revision_is_404(client, revision):
    dossier = submitted_dossier()
    login(client, dossier.owner)

    response = client.get(reverse("followup:receipt", args=[dossier.pk]), {"revision": revision})

    assert response.status_code == 404


def test_receipt_pdf_downloads_with_filename_and_checksums(client):
    dossier = submitted_dossier()
    document = dossier.revisions.get().documents.first()
    login(client, dossier.owner)

    response = client.get(reverse("followup:receipt_pdf", args=[dossier.pk]), {"revision": 1})

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="phieu-tiep-nhan-{dossier.code}-lan-1.pdf"' in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert dossier.code in text
    assert document.sha256[:32] in text


def test_receipt_page_of_artisan_dossier_shows_candidate(client):
    dossier = submitted_dossier(factory=ArtisanDossierFactory)
    login(client, dossier.owner)

    document = dossier.revisions.get().documents.get()

    html = page(client.get(reverse("followup:receipt", args=[dossier.pk])))

    assert dossier.artisan.full_name in html
    assert document.sha256 in html


# --- status ------------------------------------------------------------------------------


def test_status_of_submitted_dossier_explains_next_step_and_lists_revision(client):
    dossier = submitted_dossier()
    login(client, dossier.owner)

    html = page(client.get(reverse("followup:status", args=[dossier.pk])))

    assert "The secretariat is checking your dossier." in html
    assert "Submitted" in html
    assert "Submission 1," in html
    assert reverse("followup:receipt", args=[dossier.pk]) + "?revision=1" in html
    assert reverse("followup:withdraw", args=[dossier.pk]) in html


def test_status_timeline_shows_transitions_with_dates_labels_and_notes(client):
    dossier = returned_dossier(note="Thiếu giấy chứng nhận chất lượng")
    secretary = secretary_of(dossier)
    run_transition(
        dossier=Dossier.objects.get(pk=dossier.pk), action="reject", by=secretary,
        note="Sản phẩm không do cơ sở tự sản xuất",
    )  # fmt: skip
    logs = list(dossier.transitions.order_by("at", "pk"))
    login(client, dossier.owner)

    html = page(client.get(reverse("followup:status", args=[dossier.pk])))

    assert [log.name for log in logs] == ["submit", "return_for_supplement", "reject"]
    for label in ("Submit", "Return for supplement", "Reject"):
        assert f"<strong>{label}</strong>" in html
    for log in logs:
        assert local(log.at) in html
    assert "Draft → Submitted" in html
    assert "Submitted → Returned for supplement" in html
    assert "Thiếu giấy chứng nhận chất lượng" in html
    assert "Sản phẩm không do cơ sở tự sản xuất" in html
    assert "The secretariat rejected this dossier." in html


def test_status_timeline_hides_internal_notes_of_other_steps(client):
    dossier = submitted_dossier()
    run_transition(
        dossier=dossier, action="accept", by=secretary_of(dossier), note="Ghi chú nội bộ"
    )
    login(client, dossier.owner)

    html = page(client.get(reverse("followup:status", args=[dossier.pk])))

    assert "<strong>Accept</strong>" in html
    assert "Ghi chú nội bộ" not in html


def test_status_of_returned_dossier_shows_list_deadline_edit_and_resubmit(client):
    deadline = timezone.now() + datetime.timedelta(days=10)
    dossier = returned_dossier(
        note="1. Giấy chứng nhận đăng ký bị mờ\n2. Thiếu ảnh mặt sau", deadline=deadline
    )
    login(client, dossier.owner)

    html = page(client.get(reverse("followup:status", args=[dossier.pk])))

    assert "What the secretariat asks you to add or correct" in html
    assert "1. Giấy chứng nhận đăng ký bị mờ<br>2. Thiếu ảnh mặt sau" in html
    assert "Deadline to submit again: <strong><time" in html
    assert local(deadline) in html
    assert 'action="' + reverse("followup:submit", args=[dossier.pk]) + '"' in html
    assert ">Resubmit<" in html


def test_status_of_draft_offers_submit_and_no_history(client):
    dossier = DossierFactory()
    login(client, dossier.owner)

    html = page(client.get(reverse("followup:status", args=[dossier.pk])))

    assert "Your dossier is not submitted yet." in html
    assert ">Submit<" in html
    assert "the dossier has not been submitted" in html


def test_status_of_accepted_dossier_has_no_submit_button(client):
    dossier = DossierFactory(state=S.IN_SCORING)
    login(client, dossier.owner)

    html = page(client.get(reverse("followup:status", args=[dossier.pk])))

    assert "The jury is scoring your product." in html
    assert reverse("followup:submit", args=[dossier.pk]) not in html
    assert reverse("followup:withdraw", args=[dossier.pk]) not in html


# --- withdraw ----------------------------------------------------------------------------


def test_withdraw_get_asks_for_confirmation_and_changes_nothing(client):
    dossier = DossierFactory(state=S.ACCEPTED)
    login(client, dossier.owner)

    html = page(client.get(reverse("followup:withdraw", args=[dossier.pk])))

    assert "Are you sure you want to withdraw this dossier?" in html
    assert "You cannot undo this." in html
    assert Dossier.objects.get(pk=dossier.pk).state == S.ACCEPTED


def test_withdraw_from_accepted_works_and_is_logged(client):
    dossier = DossierFactory(state=S.ACCEPTED)
    login(client, dossier.owner)

    response = client.post(reverse("followup:withdraw", args=[dossier.pk]), follow=True)

    dossier.refresh_from_db()
    assert dossier.state == S.WITHDRAWN
    assert list(dossier.transitions.values_list("name", "by")) == [("withdraw", dossier.owner_id)]
    assert "Your dossier has been withdrawn." in page(response)
    assert "You withdrew this dossier." in page(response)


def test_withdraw_twice_is_one_withdrawal(client):
    dossier = DossierFactory(state=S.SUBMITTED)
    login(client, dossier.owner)

    client.post(reverse("followup:withdraw", args=[dossier.pk]))
    response = client.post(reverse("followup:withdraw", args=[dossier.pk]), follow=True)

    assert dossier.transitions.count() == 1
    assert "This dossier had already been withdrawn." in page(response)


def test_withdraw_in_scoring_is_refused_with_message(client):
    dossier = DossierFactory(state=S.IN_SCORING)
    login(client, dossier.owner)

    get_html = page(client.get(reverse("followup:withdraw", args=[dossier.pk])))
    post_html = page(client.post(reverse("followup:withdraw", args=[dossier.pk])))

    message = "“Withdraw” is not possible while the dossier is “In scoring”."
    assert message in get_html
    assert message in post_html
    assert "Yes, withdraw the dossier" not in post_html
    assert Dossier.objects.get(pk=dossier.pk).state == S.IN_SCORING
    assert not dossier.transitions.exists()


# --- my dossiers -------------------------------------------------------------------------


def test_my_dossiers_lists_own_dossiers_in_vietnamese_order_with_links(client):
    facility = FacilityFactory()
    titles = ["Đũa tre", "Bình gốm", "Dép cói"]
    dossiers = [DossierFactory(facility=facility, title=title, files=False) for title in titles]
    foreign = DossierFactory(title="Ấm trà của người khác", files=False)
    login(client, facility.owner)

    html = page(client.get(reverse("followup:my_dossiers")))

    positions = [html.index(title) for title in ("Bình gốm", "Dép cói", "Đũa tre")]
    assert positions == sorted(positions)
    assert foreign.title not in html
    for dossier in dossiers:
        assert reverse("followup:status", args=[dossier.pk]) in html
    assert "badge--draft" in html


def test_my_dossiers_empty_state(client):
    facility = FacilityFactory()
    login(client, facility.owner)

    html = page(client.get(reverse("followup:my_dossiers")))

    assert "You have no dossiers yet." in html


def _count_list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("followup:my_dossiers"))
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_my_dossiers_query_count_does_not_grow_with_rows(client):
    facility = FacilityFactory()
    DossierFactory(facility=facility, files=False)
    login(client, facility.owner)
    one_row = _count_list_queries(client)
    DossierFactory(facility=facility, files=False, state=S.SUBMITTED)
    DossierFactory(facility=facility, files=False, state=S.RETURNED)

    three_rows = _count_list_queries(client)

    assert three_rows == one_row


def test_status_query_count_does_not_grow_with_history(client):
    dossier = returned_dossier(note="Thiếu ảnh")
    login(client, dossier.owner)
    with CaptureQueriesContext(connection) as short_history:
        client.get(reverse("followup:status", args=[dossier.pk]))
    run_transition(dossier=Dossier.objects.get(pk=dossier.pk), action="resubmit", by=dossier.owner)
    run_transition(
        dossier=Dossier.objects.get(pk=dossier.pk), action="return_for_supplement",
        by=secretary_of(dossier), note="Thiếu thêm",
    )  # fmt: skip

    with CaptureQueriesContext(connection) as long_history:
        client.get(reverse("followup:status", args=[dossier.pk]))

    assert len(long_history.captured_queries) == len(short_history.captured_queries)
