"""The artisan path of a decision: approved candidates at the top council are awarded."""

import datetime

import pytest

from awards.decisions import approve_list, prepare_list, record_decision
from awards.enums import DossierState
from scoring.enums import PanelKind, SeatRole
from tests.factories import (
    ArtisanDossierFactory,
    AwardRoundFactory,
    PanelFactory,
    PanelMemberFactory,
    SecretaryFactory,
)

pytestmark = pytest.mark.django_db
S = DossierState


def test_decision_at_the_top_council_awards_the_approved_candidates_only():
    award_round = AwardRoundFactory(artisan=True, closed=True)  # provincial titles: one level
    approved = [ArtisanDossierFactory(award_round=award_round, state=S.APPROVED) for _ in range(2)]
    refused = ArtisanDossierFactory(award_round=award_round, state=S.NOT_APPROVED)
    secretary = SecretaryFactory(agency=award_round.organiser)
    council = PanelFactory(award_round=award_round, kind=PanelKind.COUNCIL)
    chair = PanelMemberFactory(panel=council, role=SeatRole.CHAIR).user

    result_list = prepare_list(award_round=award_round, by=secretary)
    assert {e.dossier_id for e in result_list.entries.filter(included=True)} == {
        d.pk for d in approved
    }
    approve_list(award_round=award_round, by=chair)
    decision = record_decision(
        award_round=award_round, number="77/QĐ-UBND", signed_on=datetime.date(2026, 11, 20),
        signer_name="Trần Văn Ký", by=secretary,
    )  # fmt: skip

    for dossier in approved:
        dossier.refresh_from_db()
        assert dossier.state == S.AWARDED
        assert dossier.certificate.decision == decision
        assert dossier.transitions.last().name == "award"
    refused.refresh_from_db()
    assert refused.state == S.NOT_APPROVED
    assert not hasattr(refused, "certificate") or refused.certificate is None
