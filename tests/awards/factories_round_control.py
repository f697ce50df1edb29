"""Builders for round-control tests: a product round ready for scoring, judges and sheets."""

import datetime
from dataclasses import dataclass, field

from django.test import Client
from django.utils import timezone

from awards.enums import DossierState
from scoring.enums import PanelKind, SheetStatus
from scoring.models import Assignment, ScoreSheet
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
        user.refresh_from_db()
        client.force_login(user)
    return client


def other_secretary():
    """Secretariat staff of another organising unit."""
    return SecretaryFactory(agency=AgencyFactory())


@dataclass
class ScoringRound:
    award_round: object
    secretary: object
    council: object
    jury: object
    judges: list = field(default_factory=list)
    dossiers: list = field(default_factory=list)

    @property
    def code(self):
        return self.award_round.code


def scoring_round(*, dossiers=2, judges=2, state=DossierState.ACCEPTED, **round_fields):
    """A product round whose registration has closed, with a council, a jury of ``judges``
    named judges and ``dossiers`` dossiers in ``state`` (nothing approved or assigned)."""
    round_fields.setdefault("closed", True)
    award_round = AwardRoundFactory(**round_fields)
    scene = ScoringRound(
        award_round=award_round,
        secretary=SecretaryFactory(agency=award_round.organiser, full_name="Thư ký Lan"),
        council=PanelFactory(award_round=award_round, kind=PanelKind.COUNCIL, name="Hội đồng"),
        jury=PanelFactory(award_round=award_round, kind=PanelKind.JURY, name="Ban giám khảo"),
    )
    for index in range(judges):
        add_judge(scene, name=f"Giám khảo {chr(ord('A') + index)}")
    for index in range(dossiers):
        scene.dossiers.append(
            DossierFactory(
                award_round=award_round,
                state=state,
                code=f"{award_round.code_prefix}-{index + 1:04d}",
            )
        )
    return scene


def add_judge(scene, *, name, email=None):
    user = UserFactory(full_name=name)
    if email is not None:
        user.email = email or None
        user.save(update_fields=["email"])
    member = PanelMemberFactory(panel=scene.jury, user=user)
    scene.judges.append(member)
    return member


def approve(scene):
    """Record the council's approval of the admission list (the secretariat, on behalf)."""
    from scoring.panels import approve_admission

    return approve_admission(
        award_round=scene.award_round, by=scene.secretary, note="Biên bản họp hội đồng số 01"
    )


def in_scoring(*, dossiers=2, judges=2, closes_in=datetime.timedelta(days=5), **round_fields):
    """A round in scoring: dossiers in scoring, every judge assigned every dossier."""
    scene = scoring_round(
        dossiers=dossiers, judges=judges, state=DossierState.IN_SCORING, **round_fields
    )
    now = timezone.now()
    award_round = scene.award_round
    award_round.scoring_opens = now - datetime.timedelta(days=1)
    award_round.scoring_closes = now + closes_in if closes_in is not None else None
    award_round.save(update_fields=["scoring_opens", "scoring_closes"])
    for judge in scene.judges:
        for dossier in scene.dossiers:
            Assignment.objects.create(member=judge, dossier=dossier)
    return scene


def submit_sheet(judge, dossier, *, at=None):
    return ScoreSheet.objects.create(
        member=judge,
        dossier=dossier,
        status=SheetStatus.SUBMITTED,
        submitted_at=at or timezone.now(),
    )


def draft_sheet(judge, dossier):
    return ScoreSheet.objects.create(member=judge, dossier=dossier, status=SheetStatus.DRAFT)
