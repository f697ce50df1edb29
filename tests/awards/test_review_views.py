"""The review page, its actions and the printable request, through the views."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards import review
from awards.enums import DossierState
from awards.models import (
    DocumentVerdict,
    Dossier,
    DossierTransition,
    RoundEvent,
    SupplementRequest,
    Verdict,
)
from awards.workflow import announcements_muted, run_transition
from tests.awards.factories_followup import replace_document
from tests.awards.factories_intake import fresh, login, office
from tests.factories import (
    PDF_BYTES,
    AgencyFactory,
    SecretaryFactory,
    UserFactory,
    add_document,
)

pytestmark = pytest.mark.django_db

S = DossierState


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def desk():
    return office()


def items(dossier):
    return {r.code: r for r in dossier.required_documents()}


def page(response):
    return response.content.decode()


def seen(dossier):
    dossier = fresh(dossier)
    return dossier.state_changed_at.isoformat()


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def follow_messages(client, response):
    """The flash messages shown on the page a redirect leads to."""
    assert response.status_code == 302
    return [str(m) for m in client.get(response.url).context["messages"]]


def mark(desk, dossier, code, verdict, note=""):
    return review.set_verdict(
        dossier=dossier, requirement=items(dossier)[code], verdict=verdict, note=note,
        by=desk.secretary,
    )  # fmt: skip


# --- who may open what -----------------------------------------------------------------


def urls_for(dossier, supplement, requirement):
    """(method, url) of every secretariat address about this dossier."""
    code = dossier.award_round.code
    return [
        ("get", reverse("secretariat:intake", args=[code])),
        ("get", reverse("secretariat:intake_export", args=[code])),
        ("get", reverse("secretariat:review", args=[dossier.pk])),
        ("post", reverse("secretariat:verdict", args=[dossier.pk, requirement.pk])),
        ("get", reverse("secretariat:return", args=[dossier.pk])),
        ("post", reverse("secretariat:return", args=[dossier.pk])),
        ("post", reverse("secretariat:accept", args=[dossier.pk])),
        ("post", reverse("secretariat:reject", args=[dossier.pk])),
        ("post", reverse("secretariat:disqualify", args=[dossier.pk])),
        ("post", reverse("secretariat:paper", args=[dossier.pk])),
        ("get", reverse("secretariat:request_print", args=[supplement.pk])),
    ]


def returned_with_request(desk):
    """Another dossier of the round, returned with a request (for the print page)."""
    return review.return_for_supplement(
        dossier=desk.dossier(), by=desk.secretary, extra_items=["Ảnh mặt sau"]
    )


@pytest.mark.parametrize("who", ["other_secretariat", "applicant", "stranger"])
def test_every_secretariat_url_is_404_for_outsiders_and_changes_nothing(client, desk, who):
    dossier = desk.dossier()
    supplement = returned_with_request(desk)
    user = {
        "other_secretariat": SecretaryFactory(agency=AgencyFactory()),
        "applicant": dossier.owner,
        "stranger": UserFactory(),
    }[who]
    login(client, user)
    data = {"reason": "Vi phạm", "reasons": ["ip"], "deadline": "2099-01-01", "seen": seen(dossier)}

    for method, url in urls_for(dossier, supplement, items(dossier)["registration"]):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (who, method, url)

    assert fresh(dossier).state == S.SUBMITTED
    assert fresh(dossier).paper_received_at is None
    assert not DocumentVerdict.objects.filter(dossier=dossier).exists()


def test_every_secretariat_url_sends_anonymous_visitors_to_login(client, desk):
    dossier = desk.dossier()
    supplement = returned_with_request(desk)

    for method, url in urls_for(dossier, supplement, items(dossier)["registration"]):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_every_secretariat_url_opens_for_the_rounds_secretary(client, desk):
    dossier = desk.dossier()
    supplement = returned_with_request(desk)
    login(client, desk.secretary)

    for method, url in urls_for(dossier, supplement, items(dossier)["registration"]):
        response = getattr(client, method)(url)
        assert response.status_code in (200, 302), url


def test_review_of_a_draft_is_404_even_for_the_secretary(client, desk):
    draft = desk.dossier(state=S.DRAFT)
    login(client, desk.secretary)

    assert client.get(reverse("secretariat:review", args=[draft.pk])).status_code == 404


# --- the review page -------------------------------------------------------------------


def test_review_page_shows_facts_documents_inline_photos_and_timeline(client, desk):
    dossier = desk.dossier(description="Bình gốm thủ công, men lam truyền thống.")
    # an image answering a checklist item is shown as <img>, a PDF in a frame
    image = add_document(dossier, items(dossier)["quality"], name="chung-nhan.png")
    type(image).objects.filter(pk=image.pk).update(content_type="image/png")
    login(client, desk.secretary)

    response = client.get(reverse("secretariat:review", args=[dossier.pk]))

    html = page(response)
    assert dossier.facility.name in html
    assert "Bình gốm thủ công, men lam truyền thống." in html
    pdf = dossier.documents.get(requirement__code="registration")
    assert f'<object data="{reverse("portal:document_file", args=[pdf.pk])}"' in html
    assert f'<img src="{reverse("portal:document_file", args=[image.pk])}"' in html
    for photo in dossier.photos.all():
        assert reverse("portal:photo_thumb", args=[photo.pk]) in html
    assert "Submit" in html  # the timeline's first transition
    assert "Accept the dossier" in html


def test_review_page_file_links_open_for_the_secretary(client, desk):
    dossier = desk.dossier()
    login(client, desk.secretary)
    pdf = dossier.documents.get(requirement__code="registration")

    response = client.get(reverse("portal:document_file", args=[pdf.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_review_page_shows_what_changed_since_the_last_submission(client, desk):
    dossier = desk.dossier()
    mark(desk, dossier, "registration", Verdict.INVALID, note="Bản chụp mờ")
    review.return_for_supplement(dossier=dossier, by=desk.secretary)
    replace_document(dossier, code="registration", content=b"%PDF-1.4 ro net", name="ro-net.pdf")
    add_document(dossier, items(dossier)["quality"], content=b"%PDF-1.4 cl", name="chat-luong.pdf")
    Dossier.objects.filter(pk=dossier.pk).update(title="Bình gốm men lam (bản mới)")
    run_transition(dossier=fresh(dossier), action="resubmit", by=dossier.owner)
    login(client, desk.secretary)

    response = client.get(reverse("secretariat:review", args=[dossier.pk]))

    diff = response.context["diff"]
    changes = {change.name: change for change in diff.documents}
    assert changes["Giấy chứng nhận đăng ký kinh doanh"].status == "replaced"
    assert changes["Giấy chứng nhận đăng ký kinh doanh"].after == ["ro-net.pdf"]
    assert changes["Giấy chứng nhận chất lượng"].status == "added"
    assert [(f.before, f.after) for f in diff.facts] == [
        (dossier.title, "Bình gốm men lam (bản mới)")
    ]
    html = page(response)
    assert "What changed since the last submission" in html
    assert "ro-net.pdf" in html
    assert "New file since the verdict" in html


def test_review_page_without_second_submission_has_no_diff(client, desk):
    dossier = desk.dossier()
    login(client, desk.secretary)

    response = client.get(reverse("secretariat:review", args=[dossier.pk]))

    assert response.context["diff"] is None


def test_review_page_query_count_does_not_grow_with_history(client, desk):
    dossier = desk.dossier()
    login(client, desk.secretary)
    url = reverse("secretariat:review", args=[dossier.pk])

    def one_more_round_trip():
        mark(desk, fresh(dossier), "registration", Verdict.MISSING)
        review.return_for_supplement(dossier=fresh(dossier), by=desk.secretary)
        run_transition(dossier=fresh(dossier), action="resubmit", by=dossier.owner)

    counted = []
    for trips in (1, 3):
        while fresh(dossier).revisions.count() < trips + 1:
            one_more_round_trip()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        counted.append(len(captured))

    assert counted[0] == counted[1]


# --- verdicts through the page ---------------------------------------------------------


def verdict_data(requirement, verdict, note="", version=review.NO_VERDICT_YET):
    prefix = f"item{requirement.pk}"
    return {f"{prefix}-verdict": verdict, f"{prefix}-note": note, f"{prefix}-version": version}


def test_verdict_form_saves_and_htmx_gets_the_box_back(client, desk):
    dossier = desk.dossier()
    registration = items(dossier)["registration"]
    login(client, desk.secretary)
    url = reverse("secretariat:verdict", args=[dossier.pk, registration.pk])

    response = client.post(
        url, verdict_data(registration, "invalid", "Bản chụp mờ"), HTTP_HX_REQUEST="true"
    )

    saved = DocumentVerdict.objects.get(dossier=dossier, requirement=registration)
    assert (saved.verdict, saved.note, saved.by) == ("invalid", "Bản chụp mờ", desk.secretary)
    html = page(response)
    assert html.lstrip().startswith(f'<div class="sec-verdict" id="verdict-{registration.pk}">')
    assert "Verdict saved." in html
    assert saved.at.isoformat() in html  # the new version for the next save
    # the decision box follows the verdicts (htmx out-of-band swap)
    assert '<section class="sec-section sec-card" id="actions"' in html
    assert 'hx-swap-oob="true"' in html
    assert "Marked invalid: Giấy chứng nhận đăng ký kinh doanh" in html


def test_stale_verdict_form_is_refused_with_a_message(client, desk):
    dossier = desk.dossier()
    registration = items(dossier)["registration"]
    drawn = mark(desk, dossier, "registration", Verdict.MISSING)
    colleague = SecretaryFactory(agency=desk.award_round.organiser)
    review.set_verdict(
        dossier=dossier, requirement=registration, verdict=Verdict.VALID, by=colleague,
        expected_at=drawn.at,
    )  # fmt: skip
    login(client, desk.secretary)
    url = reverse("secretariat:verdict", args=[dossier.pk, registration.pk])

    htmx = client.post(
        url,
        verdict_data(registration, "invalid", "Sai", version=drawn.at.isoformat()),
        HTTP_HX_REQUEST="true",
    )
    plain = client.post(url, verdict_data(registration, "invalid", "Sai", drawn.at.isoformat()))

    assert DocumentVerdict.objects.get(dossier=dossier).verdict == Verdict.VALID
    assert "Someone else changed the verdict" in page(htmx)
    assert any("Someone else changed the verdict" in m for m in follow_messages(client, plain))


def test_verdict_for_an_item_of_another_round_is_404(client, desk):
    dossier = desk.dossier()
    foreign = items(office().dossier())["registration"]
    login(client, desk.secretary)

    response = client.post(
        reverse("secretariat:verdict", args=[dossier.pk, foreign.pk]),
        verdict_data(foreign, "valid"),
    )

    assert response.status_code == 404


# --- return for supplement -------------------------------------------------------------


def test_return_page_lists_the_items_marked_and_a_default_deadline(client, desk):
    dossier = desk.dossier()
    mark(desk, dossier, "registration", Verdict.MISSING)
    login(client, desk.secretary)

    response = client.get(reverse("secretariat:return", args=[dossier.pk]))

    html = page(response)
    assert "Giấy chứng nhận đăng ký kinh doanh" in html
    expected = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    assert f'value="{expected}"' in html


def test_return_with_two_missing_items_through_the_page(client, desk):
    dossier = desk.dossier()
    mark(desk, dossier, "registration", Verdict.MISSING)
    mark(desk, dossier, "quality", Verdict.MISSING, note="Cần bản còn hiệu lực")
    login(client, desk.secretary)
    deadline = timezone.localdate() + datetime.timedelta(days=7)

    response = client.post(
        reverse("secretariat:return", args=[dossier.pk]),
        {"deadline": deadline.isoformat(), "message": "Xin cảm ơn.", "seen": seen(dossier)},
    )

    dossier = fresh(dossier)
    assert dossier.state == S.RETURNED
    local_deadline = timezone.localtime(dossier.supplement_deadline)
    assert (local_deadline.date(), local_deadline.hour) == (deadline, 23)
    request = SupplementRequest.objects.get(dossier=dossier)
    assert len(request.items) == 2
    log = DossierTransition.objects.get(dossier=dossier, name="return_for_supplement")
    assert "Giấy chứng nhận đăng ký kinh doanh" in log.note
    assert "Giấy chứng nhận chất lượng" in log.note
    assert any("2 item" in m for m in follow_messages(client, response))


def test_return_without_items_is_refused_on_the_page(client, desk):
    dossier = desk.dossier()
    login(client, desk.secretary)

    response = client.post(
        reverse("secretariat:return", args=[dossier.pk]),
        {
            "deadline": timezone.localdate().isoformat(),
            "extra_items": "  \n ",
            "seen": seen(dossier),
        },
    )

    assert response.status_code == 200
    assert any("at least one item" in m for m in messages_of(response))
    assert fresh(dossier).state == S.SUBMITTED
    assert not SupplementRequest.objects.exists()


def test_return_with_a_deadline_in_the_past_shows_the_field_error(client, desk):
    dossier = desk.dossier()
    mark(desk, dossier, "registration", Verdict.MISSING)
    login(client, desk.secretary)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = client.post(
        reverse("secretariat:return", args=[dossier.pk]),
        {"deadline": yesterday.isoformat(), "seen": seen(dossier)},
    )

    assert "today or later" in page(response)
    assert fresh(dossier).state == S.SUBMITTED


# --- accept, reject, disqualify, paper -------------------------------------------------


def test_accept_through_the_page(client, desk):
    dossier = desk.dossier()
    login(client, desk.secretary)

    response = client.post(
        reverse("secretariat:accept", args=[dossier.pk]), {"seen": seen(dossier)}
    )

    assert fresh(dossier).state == S.ACCEPTED
    assert "The dossier was accepted." in follow_messages(client, response)


def test_action_from_a_stale_page_is_refused_and_nothing_is_overwritten(client, desk):
    dossier = desk.dossier()
    drawn = seen(dossier)
    colleague = SecretaryFactory(agency=desk.award_round.organiser)
    review.return_for_supplement(dossier=dossier, by=colleague, extra_items=["Ảnh mặt sau"])
    login(client, desk.secretary)

    accept = client.post(reverse("secretariat:accept", args=[dossier.pk]), {"seen": drawn})
    accept_messages = follow_messages(client, accept)
    reject = client.post(
        reverse("secretariat:reject", args=[dossier.pk]), {"seen": drawn, "reason": "Không đạt"}
    )
    reject_messages = follow_messages(client, reject)

    assert fresh(dossier).state == S.RETURNED
    for shown in (accept_messages, reject_messages):
        assert any("Someone else changed this dossier" in m for m in shown)
    assert DossierTransition.objects.filter(dossier=dossier).count() == 2  # submit, return


def test_second_return_of_the_same_dossier_is_refused(client, desk):
    dossier = desk.dossier()
    mark(desk, dossier, "registration", Verdict.MISSING)
    drawn = seen(dossier)
    review.return_for_supplement(dossier=dossier, by=desk.secretary)
    login(client, desk.secretary)

    response = client.post(
        reverse("secretariat:return", args=[dossier.pk]),
        {"deadline": timezone.localdate().isoformat(), "seen": drawn},
    )

    assert any("Someone else changed this dossier" in m for m in follow_messages(client, response))
    assert SupplementRequest.objects.count() == 1


def test_reject_needs_a_reason_on_the_page(client, desk):
    dossier = desk.dossier()
    login(client, desk.secretary)
    url = reverse("secretariat:reject", args=[dossier.pk])

    empty = client.post(url, {"seen": seen(dossier), "reason": ""})
    assert fresh(dossier).state == S.SUBMITTED
    assert follow_messages(client, empty)

    client.post(url, {"seen": seen(dossier), "reason": "Sản phẩm không thuộc nhóm"})
    assert fresh(dossier).state == S.REJECTED
    assert DossierTransition.objects.get(name="reject").note == "Sản phẩm không thuộc nhóm"


def test_disqualify_with_quick_reasons_and_details(client, desk):
    dossier = desk.dossier()
    login(client, desk.secretary)
    url = reverse("secretariat:disqualify", args=[dossier.pk])

    nothing = client.post(url, {"seen": seen(dossier)})
    assert fresh(dossier).state == S.SUBMITTED
    assert any("Choose a reason" in m for m in follow_messages(client, nothing))

    client.post(
        url,
        {"seen": seen(dossier), "reasons": ["ip", "one_off"], "reason": "Mẫu mã của cơ sở khác"},
    )
    note = DossierTransition.objects.get(name="disqualify").note
    assert fresh(dossier).state == S.DISQUALIFIED
    assert "Violation of intellectual property rights" in note
    assert "One-off piece" in note
    assert "Mẫu mã của cơ sở khác" in note


def test_paper_received_through_the_page_shows_on_the_timeline(client, desk):
    dossier = desk.dossier()
    login(client, desk.secretary)
    day = timezone.localdate() - datetime.timedelta(days=1)

    client.post(reverse("secretariat:paper", args=[dossier.pk]), {"received_on": day.isoformat()})

    assert timezone.localtime(fresh(dossier).paper_received_at).date() == day
    assert RoundEvent.objects.filter(action=review.PAPER_RECEIVED).count() == 1
    html = page(client.get(reverse("secretariat:review", args=[dossier.pk])))
    assert "Paper set received" in html
    assert f"Received {day:%d/%m/%Y}" in html


# --- printable request -----------------------------------------------------------------


def test_printable_request_has_motto_issuer_dossier_items_deadline_and_signature(client, desk):
    dossier = desk.dossier()
    mark(desk, dossier, "registration", Verdict.MISSING)
    mark(desk, dossier, "quality", Verdict.INVALID, note="Hết hiệu lực")
    request = review.return_for_supplement(
        dossier=dossier, by=desk.secretary, extra_items=["Ảnh mặt sau"], message="Trân trọng."
    )
    login(client, desk.secretary)

    html = page(client.get(reverse("secretariat:request_print", args=[request.pk])))

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html
    assert "Độc lập - Tự do - Hạnh phúc" in html
    assert "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI" in html
    assert desk.award_round.organiser.name in html
    assert dossier.code in html and dossier.facility.name in html
    rows = re.findall(r"<tr>\s*<td>(\d+)</td>\s*<td>([^<]+)</td>", html)
    assert [name for _n, name in rows] == [
        "Giấy chứng nhận đăng ký kinh doanh",
        "Giấy chứng nhận chất lượng",
        "Ảnh mặt sau",
    ]
    assert "Hết hiệu lực" in html
    assert timezone.localtime(request.deadline).strftime("%d/%m/%Y") in html
    assert str(desk.secretary) in html
    assert "data-print" in html


def test_review_page_catches_up_a_request_answered_without_announcement(client, desk):
    dossier = desk.dossier()
    mark(desk, dossier, "registration", Verdict.MISSING)
    request = review.return_for_supplement(dossier=dossier, by=desk.secretary)
    with announcements_muted():  # as when history is replayed: no receiver runs
        run_transition(dossier=fresh(dossier), action="resubmit", by=dossier.owner)
    login(client, desk.secretary)

    html = page(client.get(reverse("secretariat:review", args=[dossier.pk])))

    request.refresh_from_db()
    resubmitted = DossierTransition.objects.get(dossier=dossier, name="resubmit")
    assert request.answered_at == resubmitted.at
    assert "Answered" in html
