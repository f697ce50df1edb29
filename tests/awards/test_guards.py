"""Each guard refuses with a sentence that names what is wrong."""

import datetime

import pytest
from django.utils import timezone

from awards.enums import DossierState
from awards.errors import TransitionRefused
from awards.models import Photo
from awards.workflow import run_transition
from tests.factories import (
    ArtisanDossierFactory,
    AwardRoundFactory,
    DossierFactory,
    SecretaryFactory,
)

pytestmark = pytest.mark.django_db


def refusal(dossier, action, by, note=""):
    with pytest.raises(TransitionRefused) as caught:
        run_transition(dossier=dossier, action=action, by=by, note=note)
    dossier.refresh_from_db()
    return caught.value


def test_submit_refused_after_registration_closed_names_the_deadline():
    dossier = DossierFactory(award_round=AwardRoundFactory(closed=True))
    error = refusal(dossier, "submit", dossier.owner)
    assert "Vòng này đã hết hạn đăng ký lúc" in str(error)
    assert dossier.state == DossierState.DRAFT
    assert not dossier.transitions.exists()


def test_submit_refused_before_registration_opens():
    award_round = AwardRoundFactory(
        registration_opens=timezone.now() + datetime.timedelta(days=2),
        registration_closes=timezone.now() + datetime.timedelta(days=9),
    )
    dossier = DossierFactory(award_round=award_round)
    error = refusal(dossier, "submit", dossier.owner)
    assert error.problems and len(error.problems) == 1


def test_submit_refused_without_mandatory_document_names_it():
    dossier = DossierFactory(files=False)
    error = refusal(dossier, "submit", dossier.owner)
    assert "Hồ sơ còn thiếu: Giấy chứng nhận đăng ký kinh doanh" in error.problems
    assert not any("Giấy chứng nhận chất lượng" in p for p in error.problems), "optional item"


def test_submit_refused_with_two_photos_for_a_product():
    dossier = DossierFactory()
    Photo.objects.filter(dossier=dossier).first().delete()
    error = refusal(dossier, "submit", dossier.owner)
    assert any("3" in p and "2" in p for p in error.problems)


def test_submit_refused_when_declaration_missing():
    dossier = DossierFactory(declarations={})
    error = refusal(dossier, "submit", dossier.owner)
    assert any("Sản phẩm do cơ sở tự sản xuất" in p for p in error.problems)


def test_submit_refused_when_product_facts_missing():
    dossier = DossierFactory(product_group="", description="")
    error = refusal(dossier, "submit", dossier.owner)
    assert len(error.problems) == 1
    assert "nhóm sản phẩm" in error.problems[0]
    assert "mô tả sản phẩm" in error.problems[0]


def test_artisan_submit_refused_below_minimum_years():
    dossier = ArtisanDossierFactory(years_in_craft=3)
    error = refusal(dossier, "submit", dossier.owner)
    assert any("5 năm" in p for p in error.problems)


def test_artisan_minimum_for_other_title_does_not_apply():
    dossier = ArtisanDossierFactory(years_in_craft=3, title_sought="craft_bringer")
    run_transition(dossier=dossier, action="submit", by=dossier.owner)
    assert dossier.state == DossierState.SUBMITTED


def test_all_problems_are_listed_at_once():
    dossier = DossierFactory(files=False, declarations={})
    error = refusal(dossier, "submit", dossier.owner)
    assert len(error.problems) == 3  # document, photos, declaration


def test_resubmit_refused_after_supplement_deadline():
    dossier = DossierFactory(state=DossierState.RETURNED)
    dossier.supplement_deadline = timezone.now() - datetime.timedelta(hours=1)
    dossier.save()
    error = refusal(dossier, "resubmit", dossier.owner)
    assert len(error.problems) == 1
    assert dossier.state == DossierState.RETURNED


def test_resubmit_allowed_after_registration_closed_within_deadline():
    dossier = DossierFactory(
        state=DossierState.RETURNED, award_round=AwardRoundFactory(closed=True)
    )
    dossier.supplement_deadline = timezone.now() + datetime.timedelta(days=3)
    dossier.save()
    run_transition(dossier=dossier, action="resubmit", by=dossier.owner)
    assert dossier.state == DossierState.SUBMITTED
    assert dossier.supplement_deadline is None


def test_open_voting_refused_while_consultation_runs():
    dossier = ArtisanDossierFactory(state=DossierState.IN_CONSULTATION)
    dossier.award_round.consultation_opens = timezone.localdate()
    dossier.award_round.consultation_closes = timezone.localdate() + datetime.timedelta(days=14)
    dossier.award_round.save()
    secretary = SecretaryFactory(agency=dossier.award_round.organiser)
    error = refusal(dossier, "open_voting", secretary)
    assert len(error.problems) == 1
    assert dossier.state == DossierState.IN_CONSULTATION


def test_open_voting_direct_when_rule_set_has_no_consultation():
    dossier = ArtisanDossierFactory(state=DossierState.ACCEPTED)
    dossier.award_round.rule_set.consultation_levels = []
    dossier.award_round.rule_set.save()
    secretary = SecretaryFactory(agency=dossier.award_round.organiser)
    run_transition(dossier=dossier, action="open_voting", by=secretary)
    assert dossier.state == DossierState.VOTING


def test_award_refused_below_the_top_council():
    dossier = ArtisanDossierFactory(state=DossierState.APPROVED)
    rule_set = dossier.award_round.rule_set
    rule_set.levels = ["province", "ministry", "state"]
    rule_set.save()
    secretary = SecretaryFactory(agency=dossier.award_round.organiser)
    error = refusal(dossier, "award", secretary)
    assert len(error.problems) == 1
    assert dossier.state == DossierState.APPROVED


def test_product_action_refused_on_artisan_dossier():
    dossier = ArtisanDossierFactory(state=DossierState.ACCEPTED)
    secretary = SecretaryFactory(agency=dossier.award_round.organiser)
    error = refusal(dossier, "open_scoring", secretary)
    assert len(error.problems) == 1
