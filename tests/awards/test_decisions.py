import datetime

import pytest

from awards import decisions
from awards.enums import DossierState
from awards.errors import DomainError, TransitionRefused
from awards.models import Certificate, Decision, DossierTransition, ListEntry, ResultList
from tests.awards.factories_results import decided_round, same_facility, scored_round
from tests.factories import DossierFactory, UserFactory


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read the English source messages; the Vietnamese ones are tested elsewhere."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

S = DossierState
PRODUCTS = [("Nón lá Gò Găng", 72), ("Bình gốm men lam", 91), ("Đũa tre", 65), ("Mứt dừa", 80)]


def test_prepare_list_orders_passing_dossiers_by_rank_and_proposes_them():
    scene = scored_round(products=PRODUCTS)

    result_list = decisions.prepare_list(award_round=scene.round, by=scene.secretary)

    entries = list(result_list.entries.select_related("dossier").order_by("position"))
    assert [e.dossier.title for e in entries] == [
        "Bình gốm men lam", "Mứt dừa", "Nón lá Gò Găng", "Đũa tre",
    ]  # fmt: skip
    assert [e.proposed for e in entries] == [True, True, True, False]
    assert [e.included for e in entries] == [True, True, True, False]
    assert str(entries[0].score) == "91.00"


def test_prepare_list_while_scoring_open_is_refused_and_writes_nothing():
    scene = scored_round(products=PRODUCTS, seal=False)
    DossierFactory(award_round=scene.round, state=S.IN_SCORING)

    with pytest.raises(DomainError) as refused:
        decisions.prepare_list(award_round=scene.round, by=scene.secretary)

    assert "Scoring is still open" in str(refused.value)
    assert "no frozen result" in str(refused.value)
    assert not ResultList.objects.exists()


def test_prepare_list_by_an_outsider_is_refused():
    scene = scored_round(products=PRODUCTS)

    with pytest.raises(DomainError):
        decisions.prepare_list(award_round=scene.round, by=UserFactory())

    assert not ResultList.objects.exists()


def test_approve_list_while_a_dossier_is_back_in_scoring_is_refused():
    scene = scored_round(products=PRODUCTS)
    decisions.prepare_list(award_round=scene.round, by=scene.secretary)
    DossierFactory(award_round=scene.round, state=S.IN_SCORING)

    with pytest.raises(DomainError) as refused:
        decisions.approve_list(award_round=scene.round, by=scene.chair)

    assert "Scoring is still open: 1 dossier is in scoring." in str(refused.value)
    assert ResultList.objects.get().approved_at is None


def test_approve_list_without_a_snapshot_is_refused():
    scene = scored_round(products=PRODUCTS)
    decisions.prepare_list(award_round=scene.round, by=scene.secretary)
    scene.round.snapshots.all().delete()

    with pytest.raises(DomainError, match="no frozen result"):
        decisions.approve_list(award_round=scene.round, by=scene.chair)

    assert ResultList.objects.get().approved_at is None


def test_approve_list_by_the_chair_records_who_and_when():
    scene = scored_round(products=PRODUCTS)
    decisions.prepare_list(award_round=scene.round, by=scene.secretary)

    result_list = decisions.approve_list(award_round=scene.round, by=scene.chair)

    assert result_list.approved_by == scene.chair
    assert result_list.approved_at is not None


def test_set_entry_against_the_proposal_needs_a_reason():
    scene = scored_round(products=PRODUCTS)
    result_list = decisions.prepare_list(award_round=scene.round, by=scene.secretary)
    failing = result_list.entries.get(proposed=False)

    with pytest.raises(DomainError, match="reason"):
        decisions.set_entry(entry=failing, included=True, reason="  ", by=scene.chair)
    failing.refresh_from_db()
    assert failing.included is False

    decisions.set_entry(
        entry=failing, included=True, reason="Sản phẩm đặc thù của địa phương", by=scene.chair
    )
    failing.refresh_from_db()
    assert failing.included is True
    assert failing.reason == "Sản phẩm đặc thù của địa phương"


def test_merge_entries_of_one_facility_into_a_product_set():
    facility = same_facility()
    scene = scored_round(products=[("Bình gốm", 90), ("Chậu gốm", 85)], facility=facility)
    result_list = decisions.prepare_list(award_round=scene.round, by=scene.secretary)
    entries = list(result_list.entries.order_by("position"))

    lead = decisions.merge_entries(entries=entries, set_name="Bộ gốm Tân Vạn", by=scene.secretary)

    assert lead.pk == entries[0].pk
    assert lead.set_name == "Bộ gốm Tân Vạn"
    assert ListEntry.objects.get(pk=entries[1].pk).merged_into_id == lead.pk


def test_merge_entries_of_different_facilities_is_refused():
    scene = scored_round(products=[("Bình gốm", 90), ("Chậu gốm", 85)])
    result_list = decisions.prepare_list(award_round=scene.round, by=scene.secretary)

    with pytest.raises(DomainError, match="same facility"):
        decisions.merge_entries(
            entries=list(result_list.entries.all()), set_name="Bộ gốm", by=scene.secretary
        )

    assert not ListEntry.objects.filter(merged_into__isnull=False).exists()


def test_record_decision_moves_every_dossier_and_numbers_certificates_per_round():
    scene = decided_round(products=PRODUCTS, code_prefix="SPDN")

    states = {d.title: d.state for d in scene.dossiers}
    assert states == {
        "Nón lá Gò Găng": S.RECOGNISED, "Bình gốm men lam": S.RECOGNISED,
        "Đũa tre": S.NOT_RECOGNISED, "Mứt dừa": S.RECOGNISED,
    }  # fmt: skip
    certificates = list(Certificate.objects.order_by("number").select_related("dossier"))
    assert [(c.number, c.dossier.title) for c in certificates] == [
        ("SPDN/2025/001", "Bình gốm men lam"),
        ("SPDN/2025/002", "Mứt dừa"),
        ("SPDN/2025/003", "Nón lá Gò Găng"),
    ]
    assert {c.valid_until for c in certificates} == {datetime.date(2028, 12, 31)}
    assert {c.issued_on for c in certificates} == {datetime.date(2025, 12, 15)}
    log = DossierTransition.objects.filter(name="recognise")
    assert log.count() == 3
    assert "123/QĐ-UBND" in log.first().note


def test_record_decision_twice_is_refused_and_changes_nothing():
    scene = decided_round(products=PRODUCTS)

    with pytest.raises(DomainError, match="already recorded"):
        decisions.record_decision(
            award_round=scene.round, number="999/QĐ-UBND", signed_on=datetime.date(2026, 1, 5),
            signer_name="Người khác", by=scene.secretary,
        )  # fmt: skip

    assert list(Decision.objects.values_list("number", flat=True)) == ["123/QĐ-UBND"]
    assert Certificate.objects.count() == 3


def test_record_decision_before_approval_is_refused_and_writes_nothing():
    scene = scored_round(products=PRODUCTS)
    decisions.prepare_list(award_round=scene.round, by=scene.secretary)

    with pytest.raises(DomainError, match="approved"):
        decisions.record_decision(
            award_round=scene.round, number="1/QĐ", signed_on=datetime.date(2025, 12, 1),
            signer_name="Võ Văn Phi", by=scene.secretary,
        )  # fmt: skip

    assert not Decision.objects.exists()
    assert set(scene.round.dossiers.values_list("state", flat=True)) == {S.SCORED}


def test_record_decision_with_a_taken_certificate_number_rolls_back():
    decided_round(products=PRODUCTS, code_prefix="TRUNG")
    scene = scored_round(products=[("Chổi đót", 88)], code_prefix="TRUNG")
    decisions.prepare_list(award_round=scene.round, by=scene.secretary)
    decisions.approve_list(award_round=scene.round, by=scene.secretary)

    with pytest.raises(DomainError, match="TRUNG/2025/001"):
        decisions.record_decision(
            award_round=scene.round, number="5/QĐ", signed_on=datetime.date(2025, 12, 20),
            signer_name="Võ Văn Phi", by=scene.secretary,
        )  # fmt: skip

    assert not Decision.objects.filter(award_round=scene.round).exists()
    assert scene.round.dossiers.get().state == S.SCORED


def test_record_decision_keeps_a_product_set_on_one_certificate():
    facility = same_facility()
    scene = scored_round(products=[("Bình gốm", 90), ("Chậu gốm", 85)], facility=facility)
    result_list = decisions.prepare_list(award_round=scene.round, by=scene.secretary)
    decisions.merge_entries(
        entries=list(result_list.entries.all()), set_name="Bộ gốm Tân Vạn", by=scene.secretary
    )
    decisions.approve_list(award_round=scene.round, by=scene.chair)

    decisions.record_decision(
        award_round=scene.round, number="7/QĐ", signed_on=datetime.date(2025, 12, 1),
        signer_name="Võ Văn Phi", by=scene.secretary,
    )  # fmt: skip

    assert set(scene.round.dossiers.values_list("state", flat=True)) == {S.RECOGNISED}
    assert Certificate.objects.count() == 1
    member = scene.round.dossiers.get(title="Chậu gốm")
    assert decisions.dossier_certificate(member).number.endswith("/001")


def test_revoke_recognition_revokes_the_certificate_with_the_reason():
    scene = decided_round(products=PRODUCTS)
    dossier = scene.round.dossiers.get(title="Mứt dừa")

    decisions.revoke_recognition(
        dossier=dossier, reason="Vi phạm an toàn thực phẩm", by=scene.secretary
    )

    dossier.refresh_from_db()
    certificate = Certificate.objects.get(dossier=dossier)
    assert dossier.state == S.REVOKED
    assert certificate.status_on(datetime.date(2026, 1, 1)) == "revoked"
    assert certificate.revoke_reason == "Vi phạm an toàn thực phẩm"


def test_revoke_recognition_without_a_reason_is_refused():
    scene = decided_round(products=PRODUCTS)
    dossier = scene.round.dossiers.get(title="Mứt dừa")

    with pytest.raises(TransitionRefused):
        decisions.revoke_recognition(dossier=dossier, reason="", by=scene.secretary)

    assert Certificate.objects.get(dossier=dossier).revoked_at is None
