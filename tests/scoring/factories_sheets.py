"""Builders for score-sheet tests: a round in scoring with a jury, judges and assignments.

``RuleSetFactory`` gives two groups: "1" (60 = 1.1: 30 + 1.2: 30) and "2" (40 = 2.1: 20 +
2.2: 20), so a full sheet has four lines.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from awards.enums import DossierState
from scoring.enums import PanelKind
from scoring.models import Assignment
from tests.factories import (
    AwardRoundFactory,
    DossierFactory,
    PanelFactory,
    PanelMemberFactory,
    SecretaryFactory,
    UserFactory,
)


@dataclass
class Scene:
    award_round: object
    jury: object
    judge: object  # PanelMember
    dossier: object
    secretary: object

    @property
    def user(self):
        return self.judge.user

    def leaves(self):
        return {c.code: c for c in self.award_round.rule_set.criteria.filter(parent__isnull=False)}

    def points(self, **by_code):
        """``points(**{"1.1": "25"})`` → {criterion id: value} for the named codes."""
        leaves = self.leaves()
        return {leaves[code].pk: value for code, value in by_code.items()}

    def full_points(self, values=("25", "20.5", "15", "10.25")):
        codes = ["1.1", "1.2", "2.1", "2.2"]
        return self.points(**dict(zip(codes, values, strict=True)))


def scoring_scene(*, state=DossierState.IN_SCORING, scoring_closes=None, **round_fields):
    """A product round with a jury of one judge, one assigned dossier in ``state``."""
    if scoring_closes is None:
        scoring_closes = timezone.now() + datetime.timedelta(days=5)
    award_round = AwardRoundFactory(scoring_closes=scoring_closes, **round_fields)
    secretary = SecretaryFactory(agency=award_round.organiser)
    jury = PanelFactory(award_round=award_round, kind=PanelKind.JURY, name="Ban giám khảo")
    judge = PanelMemberFactory(panel=jury, title="Chuyên gia")
    dossier = DossierFactory(award_round=award_round, state=state)
    Assignment.objects.create(member=judge, dossier=dossier)
    return Scene(
        award_round=award_round, jury=jury, judge=judge, dossier=dossier, secretary=secretary
    )


def add_judge(scene, **user_fields):
    """Another judge on the same jury, assigned the scene's dossier."""
    member = PanelMemberFactory(panel=scene.jury, user=UserFactory(**user_fields))
    Assignment.objects.create(member=member, dossier=scene.dossier)
    return member


def add_dossier(scene, **fields):
    dossier = DossierFactory(award_round=scene.award_round, state=DossierState.IN_SCORING, **fields)
    Assignment.objects.create(member=scene.judge, dossier=dossier)
    return dossier


def dec(value):
    return Decimal(value)
