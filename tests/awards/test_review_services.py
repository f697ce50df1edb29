"""awards.review: verdicts, the supplement request, accept/reject/disqualify, the paper set."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from awards import review
from awards.enums import DossierState
from awards.errors import DomainError, TransitionRefused
from awards.models import (
    DocumentVerdict,
    Dossier,
    DossierTransition,
    RoundEvent,
    SupplementRequest,
    Verdict,
)
from awards.workflow import run_transition
from tests.awards.factories_intake import fresh, office
from tests.factories import SecretaryFactory, UserFactory, add_document

pytestmark = pytest.mark.django_db

S = DossierState


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def desk():
    return office()


def items(dossier):
    """The dossier's checklist items by code (registration: mandatory, quality: optional)."""
    return {r.code: r for r in dossier.required_documents()}


# --- verdicts --------------------------------------------------------------------------


def test_set_verdict_creates_one_verdict_with_who_and_when(desk):
    dossier = desk.dossier()
    registration = items(dossier)["registration"]

    saved = review.set_verdict(
        dossier=dossier, requirement=registration, verdict=Verdict.MISSING, note="",
        by=desk.secretary, expected_at=review.NO_VERDICT_YET,
    )  # fmt: skip

    assert (saved.verdict, saved.by, saved.dossier) == (Verdict.MISSING, desk.secretary, dossier)
    assert timezone.now() - saved.at < datetime.timedelta(seconds=5)


def test_set_verdict_updates_the_same_row_with_the_current_version(desk):
    dossier = desk.dossier()
    registration = items(dossier)["registration"]
    first = review.set_verdict(
        dossier=dossier, requirement=registration, verdict=Verdict.MISSING, by=desk.secretary,
        expected_at=review.NO_VERDICT_YET,
    )  # fmt: skip

    second = review.set_verdict(
        dossier=dossier, requirement=registration, verdict=Verdict.VALID, note="ok",
        by=desk.secretary, expected_at=first.at,
    )  # fmt: skip

    assert DocumentVerdict.objects.filter(dossier=dossier).count() == 1
    assert (second.pk, second.verdict, second.note) == (first.pk, Verdict.VALID, "ok")
    assert second.at > first.at


def test_stale_verdict_is_refused_and_keeps_the_other_secretarys_verdict(desk):
    dossier = desk.dossier()
    registration = items(dossier)["registration"]
    colleague = SecretaryFactory(agency=desk.award_round.organiser)
    drawn = review.set_verdict(
        dossier=dossier, requirement=registration, verdict=Verdict.MISSING, by=desk.secretary,
    )  # fmt: skip
    review.set_verdict(
        dossier=dossier, requirement=registration, verdict=Verdict.INVALID, note="Bản mờ",
        by=colleague, expected_at=drawn.at,
    )  # fmt: skip

    with pytest.raises(review.StaleVerdict) as caught:
        review.set_verdict(
            dossier=dossier, requirement=registration, verdict=Verdict.VALID,
            by=desk.secretary, expected_at=drawn.at,
        )  # fmt: skip

    kept = DocumentVerdict.objects.get(dossier=dossier)
    assert (kept.verdict, kept.note, kept.by) == (Verdict.INVALID, "Bản mờ", colleague)
    assert "Someone else changed the verdict" in caught.value.message
    assert caught.value.current == kept


def test_verdict_created_meanwhile_refuses_a_form_drawn_without_verdict(desk):
    dossier = desk.dossier()
    registration = items(dossier)["registration"]
    review.set_verdict(
        dossier=dossier, requirement=registration, verdict=Verdict.VALID, by=desk.secretary
    )

    with pytest.raises(review.StaleVerdict):
        review.set_verdict(
            dossier=dossier, requirement=registration, verdict=Verdict.MISSING,
            by=desk.secretary, expected_at=review.NO_VERDICT_YET,
        )  # fmt: skip

    assert DocumentVerdict.objects.get(dossier=dossier).verdict == Verdict.VALID


def test_invalid_verdict_needs_a_note(desk):
    dossier = desk.dossier()

    with pytest.raises(DomainError, match="Say what is wrong"):
        review.set_verdict(
            dossier=dossier, requirement=items(dossier)["registration"],
            verdict=Verdict.INVALID, note="  ", by=desk.secretary,
        )  # fmt: skip

    assert not DocumentVerdict.objects.exists()


def test_verdict_by_another_agencys_secretary_is_refused(desk):
    dossier = desk.dossier()
    outsider = SecretaryFactory(agency=office().award_round.organiser)

    with pytest.raises(DomainError):
        review.set_verdict(
            dossier=dossier, requirement=items(dossier)["registration"],
            verdict=Verdict.VALID, by=outsider,
        )  # fmt: skip

    assert not DocumentVerdict.objects.exists()


def test_verdict_on_an_accepted_dossier_is_refused(desk):
    dossier = desk.dossier(state=S.ACCEPTED)

    with pytest.raises(DomainError, match="being checked"):
        review.set_verdict(
            dossier=dossier, requirement=items(dossier)["registration"],
            verdict=Verdict.VALID, by=desk.secretary,
        )  # fmt: skip


# --- return for supplement -------------------------------------------------------------


def mark(desk, dossier, code, verdict, note=""):
    return review.set_verdict(
        dossier=dossier, requirement=items(dossier)[code], verdict=verdict, note=note,
        by=desk.secretary,
    )  # fmt: skip


def test_return_with_two_missing_items_creates_one_request_listing_both(desk):
    dossier = desk.dossier()
    mark(desk, dossier, "registration", Verdict.MISSING)
    mark(desk, dossier, "quality", Verdict.INVALID, note="Giấy chứng nhận hết hạn")
    deadline = review.default_deadline()

    request = review.return_for_supplement(
        dossier=dossier, by=desk.secretary, items=None, extra_items=["Ảnh mặt sau sản phẩm", " "],
        deadline=deadline, message="Xin bổ sung trong hạn.",
    )  # fmt: skip

    dossier = fresh(dossier)
    assert dossier.state == S.RETURNED
    assert dossier.supplement_deadline == deadline
    assert SupplementRequest.objects.filter(dossier=dossier).count() == 1
    assert [item["name"] for item in request.items] == [
        "Giấy chứng nhận đăng ký kinh doanh",
        "Giấy chứng nhận chất lượng",
        "Ảnh mặt sau sản phẩm",
    ]
    assert [item["verdict"] for item in request.items] == ["missing", "invalid", ""]
    log = DossierTransition.objects.get(dossier=dossier, name="return_for_supplement")
    assert request.transition == log
    assert "1. Giấy chứng nhận đăng ký kinh doanh" in log.note
    assert "2. Giấy chứng nhận chất lượng" in log.note
    assert "Giấy chứng nhận hết hạn" in log.note
    assert "3. Ảnh mặt sau sản phẩm" in log.note
    assert log.note.endswith("Xin bổ sung trong hạn.")
    assert (request.created_by, request.message) == (desk.secretary, "Xin bổ sung trong hạn.")


def test_return_e_mails_the_applicant_once_with_the_list(desk, django_capture_on_commit_callbacks):
    dossier = desk.dossier()
    mark(desk, dossier, "registration", Verdict.MISSING)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        review.return_for_supplement(dossier=dossier, by=desk.secretary)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [dossier.owner.email]
    assert "Giấy chứng nhận đăng ký kinh doanh" in mail.outbox[0].body


def test_return_without_any_item_is_refused_and_changes_nothing(desk):
    dossier = desk.dossier()
    mark(desk, dossier, "registration", Verdict.VALID)

    with pytest.raises(DomainError, match="at least one item"):
        review.return_for_supplement(
            dossier=dossier, by=desk.secretary, items=None, extra_items=["  ", ""],
            deadline=review.default_deadline(), message="Không có gì",
        )  # fmt: skip

    assert fresh(dossier).state == S.SUBMITTED
    assert not SupplementRequest.objects.exists()
    assert not DossierTransition.objects.filter(name="return_for_supplement").exists()


def test_return_with_a_past_deadline_is_refused(desk):
    dossier = desk.dossier()
    mark(desk, dossier, "registration", Verdict.MISSING)

    with pytest.raises(DomainError, match="future"):
        review.return_for_supplement(
            dossier=dossier, by=desk.secretary,
            deadline=timezone.now() - datetime.timedelta(minutes=1),
        )  # fmt: skip

    assert fresh(dossier).state == S.SUBMITTED


def test_return_cannot_leave_out_an_item_marked_missing(desk):
    dossier = desk.dossier()
    mark(desk, dossier, "registration", Verdict.MISSING)
    mark(desk, dossier, "quality", Verdict.MISSING)

    request = review.return_for_supplement(
        dossier=dossier, by=desk.secretary, items=[items(dossier)["quality"]]
    )

    assert [item["requirement"] for item in request.items] == ["registration", "quality"]


def test_default_deadline_is_end_of_local_day_ten_days_ahead():
    now = timezone.make_aware(datetime.datetime(2026, 3, 5, 9, 30))

    deadline = timezone.localtime(review.default_deadline(now))

    assert (deadline.date(), deadline.hour, deadline.minute) == (datetime.date(2026, 3, 15), 23, 59)


def test_resubmission_marks_the_request_answered(desk, django_capture_on_commit_callbacks):
    dossier = desk.dossier()
    mark(desk, dossier, "registration", Verdict.MISSING)
    request = review.return_for_supplement(dossier=dossier, by=desk.secretary)

    with django_capture_on_commit_callbacks(execute=True):
        run_transition(dossier=fresh(dossier), action="resubmit", by=dossier.owner)

    request.refresh_from_db()
    resubmitted = DossierTransition.objects.get(dossier=dossier, name="resubmit")
    assert request.answered_at == resubmitted.at


# --- accept, reject, disqualify --------------------------------------------------------


def test_accept_moves_a_checked_dossier_to_accepted(desk):
    dossier = desk.dossier()
    mark(desk, dossier, "registration", Verdict.VALID)

    accepted = review.accept(dossier=dossier, by=desk.secretary)

    assert fresh(accepted).state == S.ACCEPTED
    assert DossierTransition.objects.get(dossier=dossier, name="accept").by == desk.secretary


def test_accept_is_refused_while_an_item_is_marked_missing(desk):
    dossier = desk.dossier()
    mark(desk, dossier, "registration", Verdict.MISSING)

    with pytest.raises(DomainError, match="marked missing or invalid"):
        review.accept(dossier=dossier, by=desk.secretary)

    assert fresh(dossier).state == S.SUBMITTED


def test_accept_runs_the_workflow_guards(desk):
    dossier = desk.dossier()
    dossier.photos.all().delete()

    with pytest.raises(TransitionRefused, match="photo"):
        review.accept(dossier=fresh(dossier), by=desk.secretary)

    assert fresh(dossier).state == S.SUBMITTED


@pytest.mark.parametrize("service", [review.reject, review.disqualify])
def test_reject_and_disqualify_need_a_reason(desk, service):
    dossier = desk.dossier()

    with pytest.raises(DomainError, match="reason"):
        service(dossier=dossier, by=desk.secretary, reason="   ")

    assert fresh(dossier).state == S.SUBMITTED


@pytest.mark.parametrize(
    ("service", "target"),
    [(review.reject, S.REJECTED), (review.disqualify, S.DISQUALIFIED)],
)
def test_reject_and_disqualify_log_the_reason(desk, service, target):
    dossier = desk.dossier()

    service(dossier=dossier, by=desk.secretary, reason="Vi phạm sở hữu trí tuệ")

    log = DossierTransition.objects.filter(dossier=dossier).latest("at")
    assert (fresh(dossier).state, log.note, log.by) == (
        target,
        "Vi phạm sở hữu trí tuệ",
        desk.secretary,
    )


def test_applicant_cannot_accept_their_own_dossier(desk):
    dossier = desk.dossier()

    with pytest.raises(DomainError):
        review.accept(dossier=dossier, by=dossier.owner)

    assert fresh(dossier).state == S.SUBMITTED


def test_concurrent_accept_after_return_is_refused_and_return_kept(desk):
    dossier = desk.dossier()
    colleague = SecretaryFactory(agency=desk.award_round.organiser)
    seen_by_colleague = Dossier.objects.get(pk=dossier.pk)  # drawn before the return
    mark(desk, dossier, "quality", Verdict.VALID)
    review.return_for_supplement(dossier=dossier, by=desk.secretary, extra_items=["Ảnh mới"])

    with pytest.raises(TransitionRefused, match="Someone else changed this dossier"):
        review.accept(dossier=seen_by_colleague, by=colleague)

    assert fresh(dossier).state == S.RETURNED
    assert not DossierTransition.objects.filter(name="accept").exists()
    assert SupplementRequest.objects.count() == 1


def test_concurrent_return_after_accept_is_refused_and_creates_no_request(desk):
    dossier = desk.dossier()
    colleague = SecretaryFactory(agency=desk.award_round.organiser)
    seen_by_colleague = Dossier.objects.get(pk=dossier.pk)
    review.accept(dossier=dossier, by=desk.secretary)

    with pytest.raises(TransitionRefused, match="Someone else changed this dossier"):
        review.return_for_supplement(
            dossier=seen_by_colleague, by=colleague, extra_items=["Ảnh mới"]
        )

    assert fresh(dossier).state == S.ACCEPTED
    assert not SupplementRequest.objects.exists()


# --- the paper set ---------------------------------------------------------------------


def test_paper_received_is_recorded_with_a_round_event(desk):
    dossier = desk.dossier()

    review.record_paper_received(dossier=dossier, by=desk.secretary)

    dossier = fresh(dossier)
    assert timezone.now() - dossier.paper_received_at < datetime.timedelta(seconds=5)
    assert dossier.state == S.SUBMITTED
    event = RoundEvent.objects.get(action=review.PAPER_RECEIVED)
    assert (event.award_round, event.by, event.data["dossier"]) == (
        desk.award_round,
        desk.secretary,
        dossier.pk,
    )


def test_paper_received_twice_is_refused_with_the_first_date(desk):
    dossier = desk.dossier()
    earlier = timezone.now() - datetime.timedelta(days=2)
    review.record_paper_received(dossier=dossier, by=desk.secretary, at=earlier)

    with pytest.raises(DomainError, match="already recorded"):
        review.record_paper_received(dossier=fresh(dossier), by=desk.secretary)

    assert fresh(dossier).paper_received_at == earlier
    assert RoundEvent.objects.count() == 1


def test_paper_received_in_the_future_or_for_a_draft_is_refused(desk):
    dossier = desk.dossier()
    draft = desk.dossier(state=S.DRAFT)

    with pytest.raises(DomainError, match="future"):
        review.record_paper_received(
            dossier=dossier, by=desk.secretary, at=timezone.now() + datetime.timedelta(days=1)
        )
    with pytest.raises(DomainError, match="not been submitted"):
        review.record_paper_received(dossier=draft, by=desk.secretary)
    with pytest.raises(DomainError):
        review.record_paper_received(dossier=dossier, by=UserFactory())

    assert not Dossier.objects.filter(paper_received_at__isnull=False).exists()


def test_new_file_after_a_verdict_is_flagged_for_a_second_look(desk):
    from awards import review_page

    dossier = desk.dossier()
    verdict = mark(desk, dossier, "registration", Verdict.INVALID, note="Bản mờ")
    add_document(dossier, items(dossier)["registration"], content=b"%PDF-1.4 new", name="moi.pdf")

    rows = {row.requirement.code: row for row in review_page.checklist(dossier)}

    assert rows["registration"].verdict == verdict
    assert rows["registration"].changed_since_verdict is True
    assert rows["quality"].changed_since_verdict is False
