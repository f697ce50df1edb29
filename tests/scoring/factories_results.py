"""Builders for result tests: a round in scoring, judges, dossiers and hand-written sheets.

``RuleSetFactory`` gives two criterion groups: "1" (60 = 1.1: 30 + 1.2: 30) and "2"
(40 = 2.1: 20 + 2.2: 20). ``score`` writes a sheet from its two group subtotals, split
evenly over the two sub-criteria of each group, so a test reads like the hand computation.
"""

import datetime
import itertools
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone

from awards.enums import DossierState
from awards.models import RuleSet
from scoring.enums import PanelKind, SeatRole, SheetStatus
from scoring.models import ScoreLine, ScoreSheet
from scoring.services import recompute_total
from tests.factories import (
    AwardRoundFactory,
    DossierFactory,
    PanelFactory,
    PanelMemberFactory,
    SecretaryFactory,
    UserFactory,
)

_clock = itertools.count(1)
CENT = Decimal("0.01")


@dataclass
class ResultScene:
    award_round: object
    jury: object
    judges: list
    secretary: object
    dossiers: list = field(default_factory=list)

    def leaves(self):
        return {c.code: c for c in self.award_round.rule_set.criteria.filter(parent__isnull=False)}


def results_round(*, judges=3, names=None, **rule_fields):
    """A product round with a jury of ``judges`` members (named Giám khảo A, B, …)."""
    award_round = AwardRoundFactory(
        scoring_opens=timezone.now() - datetime.timedelta(days=3),
    )
    if rule_fields:
        RuleSet.objects.filter(pk=award_round.rule_set_id).update(**rule_fields)
        award_round.rule_set.refresh_from_db()
    secretary = SecretaryFactory(agency=award_round.organiser)
    jury = PanelFactory(award_round=award_round, kind=PanelKind.JURY, name="Ban giám khảo")
    names = names or [f"Giám khảo {chr(65 + i)}" for i in range(judges)]
    members = [PanelMemberFactory(panel=jury, user=UserFactory(full_name=name)) for name in names]
    return ResultScene(award_round=award_round, jury=jury, judges=members, secretary=secretary)


def add_council(scene, *, role=SeatRole.MEMBER, name="Ủy viên hội đồng"):
    council = PanelFactory(award_round=scene.award_round, kind=PanelKind.COUNCIL)
    return PanelMemberFactory(panel=council, role=role, user=UserFactory(full_name=name))


def add_dossier(scene, *, state=DossierState.IN_SCORING, **fields):
    dossier = DossierFactory(award_round=scene.award_round, state=state, files=False, **fields)
    scene.dossiers.append(dossier)
    return dossier


def _halves(value):
    value = Decimal(value)
    first = (value / 2).quantize(CENT, rounding=ROUND_DOWN)
    return first, value - first


def score(member, dossier, group1, group2=None, *, submitted=True, at=None):
    """A sheet of ``member`` on ``dossier`` with group subtotals ``group1`` (≤ 60) and
    ``group2`` (≤ 40); given one figure, it is the total (split 60 % / 40 %)."""
    if group2 is None:
        total = Decimal(group1)
        group1 = (total * Decimal("0.6")).quantize(CENT, rounding=ROUND_DOWN)
        group2 = total - group1
    moment = at or timezone.now() + datetime.timedelta(seconds=next(_clock))
    sheet = ScoreSheet.objects.create(
        dossier=dossier,
        member=member,
        status=SheetStatus.SUBMITTED if submitted else SheetStatus.DRAFT,
        submitted_at=moment if submitted else None,
        entered_by=member.user,
    )
    leaves = {c.code: c for c in dossier.award_round.rule_set.criteria.filter(parent__isnull=False)}
    values = dict(zip(["1.1", "1.2"], _halves(group1), strict=True))
    values.update(zip(["2.1", "2.2"], _halves(group2), strict=True))
    ScoreLine.objects.bulk_create(
        ScoreLine(
            sheet=sheet, criterion=leaves[code], points=points, max_points=leaves[code].max_points
        )
        for code, points in values.items()
    )
    recompute_total(sheet=sheet)
    return sheet


def draft(member, dossier, group1):
    """A draft sheet with group 2 not scored yet (NULL lines)."""
    sheet = ScoreSheet.objects.create(dossier=dossier, member=member, status=SheetStatus.DRAFT)
    leaves = {c.code: c for c in dossier.award_round.rule_set.criteria.filter(parent__isnull=False)}
    first, second = _halves(group1)
    ScoreLine.objects.bulk_create(
        [
            ScoreLine(sheet=sheet, criterion=leaves["1.1"], points=first, max_points=30),
            ScoreLine(sheet=sheet, criterion=leaves["1.2"], points=second, max_points=30),
            ScoreLine(sheet=sheet, criterion=leaves["2.1"], points=None, max_points=20),
            ScoreLine(sheet=sheet, criterion=leaves["2.2"], points=None, max_points=20),
        ]
    )
    recompute_total(sheet=sheet)
    return sheet
