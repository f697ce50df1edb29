"""Builders for the panel pages: a round with its secretariat and the usual outsiders."""

from dataclasses import dataclass

from django.test import Client

from awards.enums import DossierState
from scoring.enums import PanelKind, SeatRole, SheetStatus
from scoring.models import ScoreSheet
from tests.factories import (
    AgencyFactory,
    AwardRoundFactory,
    DossierFactory,
    PanelFactory,
    PanelMemberFactory,
    SecretaryFactory,
    UserFactory,
)


def client_for(user=None):
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


@dataclass
class Round:
    award_round: object
    secretary: object
    council: object
    jury: object

    @property
    def code(self):
        return self.award_round.code


def panel_round(**round_fields):
    """A product round with its secretary, an empty council and an empty jury."""
    award_round = AwardRoundFactory(**round_fields)
    return Round(
        award_round=award_round,
        secretary=SecretaryFactory(agency=award_round.organiser),
        council=PanelFactory(award_round=award_round, kind=PanelKind.COUNCIL, name="Hội đồng"),
        jury=PanelFactory(award_round=award_round, kind=PanelKind.JURY, name="Ban giám khảo"),
    )


def other_secretary():
    """Secretariat staff of another organising unit."""
    return SecretaryFactory(agency=AgencyFactory())


def applicant():
    return DossierFactory(state=DossierState.SUBMITTED).owner


def judge(panel, *, role=SeatRole.MEMBER, groups=(), name=None):
    user = UserFactory(full_name=name) if name else UserFactory()
    return PanelMemberFactory(panel=panel, user=user, role=role, product_groups=list(groups))


def sheet(member, dossier, *, submitted=False):
    from django.utils import timezone

    return ScoreSheet.objects.create(
        member=member,
        dossier=dossier,
        status=SheetStatus.SUBMITTED if submitted else SheetStatus.DRAFT,
        submitted_at=timezone.now() if submitted else None,
    )
