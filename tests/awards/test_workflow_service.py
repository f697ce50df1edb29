"""run_transition: log rows, notes, revisions, staleness, after-commit announcements."""

import pytest
from django.db import transaction

from awards.enums import DossierState
from awards.errors import TransitionRefused
from awards.models import Dossier, DossierTransition
from awards.workflow import (
    announcements_muted,
    available_actions,
    dossier_transitioned,
    run_transition,
)
from tests.factories import DossierFactory, SecretaryFactory

pytestmark = pytest.mark.django_db


def test_transition_writes_log_row_with_who_when_from_to_note():
    dossier = DossierFactory(state=DossierState.SUBMITTED)
    secretary = SecretaryFactory(agency=dossier.award_round.organiser)
    run_transition(
        dossier=dossier, action="return_for_supplement", by=secretary, note="Thiếu giấy phép"
    )
    log = DossierTransition.objects.get(dossier=dossier)
    assert (log.name, log.source, log.target) == ("return_for_supplement", "submitted", "returned")
    assert log.by == secretary
    assert log.note == "Thiếu giấy phép"
    assert log.at == Dossier.objects.get(pk=dossier.pk).state_changed_at


def test_refused_transition_writes_nothing():
    dossier = DossierFactory(state=DossierState.SUBMITTED)
    with pytest.raises(TransitionRefused):
        run_transition(dossier=dossier, action="accept", by=dossier.owner)
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.SUBMITTED
    assert not DossierTransition.objects.exists()


@pytest.mark.parametrize("action", ["return_for_supplement", "reject", "disqualify"])
def test_steps_that_need_a_reason_refuse_an_empty_note(action):
    dossier = DossierFactory(state=DossierState.SUBMITTED)
    secretary = SecretaryFactory(agency=dossier.award_round.organiser)
    with pytest.raises(TransitionRefused) as caught:
        run_transition(dossier=dossier, action=action, by=secretary, note="   ")
    assert caught.value.message
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.SUBMITTED


def test_unknown_action_is_refused():
    dossier = DossierFactory()
    with pytest.raises(TransitionRefused):
        run_transition(dossier=dossier, action="delete", by=dossier.owner)


def test_stale_concurrent_transition_is_refused_and_first_wins():
    dossier = DossierFactory(state=DossierState.SUBMITTED)
    secretary_a = SecretaryFactory(agency=dossier.award_round.organiser)
    secretary_b = SecretaryFactory(agency=dossier.award_round.organiser)
    seen_by_a = Dossier.objects.get(pk=dossier.pk)
    seen_by_b = Dossier.objects.get(pk=dossier.pk)
    run_transition(dossier=seen_by_a, action="accept", by=secretary_a)
    with pytest.raises(TransitionRefused) as caught:
        run_transition(
            dossier=seen_by_b, action="return_for_supplement", by=secretary_b, note="Thiếu"
        )
    assert caught.value.message
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.state == DossierState.ACCEPTED
    assert fresh.supplement_deadline is None
    assert list(fresh.transitions.values_list("name", flat=True)) == ["accept"]


def test_each_submission_is_a_revision_and_old_documents_are_kept():
    dossier = DossierFactory()
    secretary = SecretaryFactory(agency=dossier.award_round.organiser)
    run_transition(dossier=dossier, action="submit", by=dossier.owner)
    first_docs = set(dossier.revisions.get(number=1).documents.values_list("pk", flat=True))
    run_transition(dossier=dossier, action="return_for_supplement", by=secretary, note="Bổ sung")
    dossier.documents.update(superseded_at=dossier.state_changed_at)
    from tests.factories import add_document

    add_document(dossier, dossier.required_documents().get(code="registration"))
    run_transition(dossier=dossier, action="resubmit", by=dossier.owner)
    assert dossier.revisions.count() == 2
    second_docs = set(dossier.revisions.get(number=2).documents.values_list("pk", flat=True))
    assert first_docs and second_docs and first_docs.isdisjoint(second_docs)
    assert dossier.documents.count() == len(first_docs) + len(second_docs)


def test_announcement_is_sent_only_after_commit():
    dossier = DossierFactory()
    received = []

    def receiver(sender, dossier, log, by, **kwargs):
        received.append(log.name)

    dossier_transitioned.connect(receiver)
    try:
        with transaction.atomic():
            run_transition(dossier=dossier, action="submit", by=dossier.owner)
            assert received == []
            transaction.set_rollback(True)
        assert received == []
    finally:
        dossier_transitioned.disconnect(receiver)


def test_announcement_after_commit(django_capture_on_commit_callbacks):
    dossier = DossierFactory()
    received = []

    def receiver(sender, dossier, log, by, **kwargs):
        received.append(log.target)

    dossier_transitioned.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run_transition(dossier=dossier, action="submit", by=dossier.owner)
        assert received == ["submitted"]
    finally:
        dossier_transitioned.disconnect(receiver)


def test_available_actions_for_owner_and_secretariat():
    dossier = DossierFactory(state=DossierState.SUBMITTED)
    secretary = SecretaryFactory(agency=dossier.award_round.organiser)
    assert available_actions(dossier=dossier, user=dossier.owner) == ["withdraw"]
    assert set(available_actions(dossier=dossier, user=secretary)) == {
        "accept",
        "disqualify",
        "reject",
        "return_for_supplement",
    }


def test_state_field_cannot_be_assigned_directly():
    dossier = DossierFactory()
    with pytest.raises(AttributeError):
        dossier.state = DossierState.RECOGNISED


def test_muted_transitions_announce_nothing_even_after_commit(django_capture_on_commit_callbacks):
    muted, audible = DossierFactory(), DossierFactory()
    received = []

    def receiver(sender, dossier, log, by, **kwargs):
        received.append(dossier.pk)

    dossier_transitioned.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            with announcements_muted():
                run_transition(dossier=muted, action="submit", by=muted.owner)
            run_transition(dossier=audible, action="submit", by=audible.owner)
        assert received == [audible.pk]
    finally:
        dossier_transitioned.disconnect(receiver)


def test_nominated_dossier_is_received_by_the_lower_round_secretariat():
    lower = DossierFactory(state=DossierState.RECOGNISED)
    nominated = DossierFactory(
        source=lower, files=False, owner=lower.owner, facility=lower.facility
    )
    sender = SecretaryFactory(agency=lower.award_round.organiser)
    with pytest.raises(TransitionRefused):
        run_transition(dossier=nominated, action="receive_nomination", by=nominated.owner)
    run_transition(dossier=nominated, action="receive_nomination", by=sender)
    assert nominated.state == DossierState.SUBMITTED
    assert nominated.revisions.count() == 1


def test_ordinary_draft_cannot_be_received_as_a_nomination():
    dossier = DossierFactory()
    secretary = SecretaryFactory(agency=dossier.award_round.organiser)
    with pytest.raises(TransitionRefused) as caught:
        run_transition(dossier=dossier, action="receive_nomination", by=secretary)
    assert caught.value.problems
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.DRAFT
