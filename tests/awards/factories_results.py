"""Rounds whose scoring is closed and sealed, for the decision, certificate and nomination tests.

``scored_round`` builds a round with a jury of two judges, dossiers in "scored" with submitted
sheets, and a ResultSnapshot whose rows have the keys of ``scoring.ranking.result_as_json``.
``decided_round`` goes on through the services: list prepared, approved, decision recorded.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from awards import decisions
from awards.enums import DossierState, Level
from scoring.enums import PanelKind, SeatRole
from scoring.models import ResultSnapshot, ScoreSheet
from tests.factories import (
    AgencyFactory,
    AwardRoundFactory,
    DossierFactory,
    FacilityFactory,
    PanelFactory,
    PanelMemberFactory,
    SecretaryFactory,
    UserFactory,
)


def snapshot_row(dossier, official, rank):
    text = f"{Decimal(official):.2f}"
    return {
        "dossier": dossier.pk, "code": dossier.code, "title": dossier.title,
        "product_group": dossier.product_group, "rank": rank, "group_rank": rank, "n": 2,
        "required": 2, "mean": text, "median": text, "sd": "0.00", "min": text, "max": text,
        "group_means": {"1": f"{Decimal(official) * 6 / 10:.2f}", "2": f"{Decimal(official) * 4 / 10:.2f}"},
        "official": text, "raw_official": text, "normalised": None, "quorum_reached": True,
        "passed": Decimal(official) >= 70, "band": None, "disagreement": False, "far_judges": [],
    }  # fmt: skip


def scored_round(
    *, products, level=Level.PROVINCE, parent=None, quota=None, year=2025, organiser=None,
    facility=None, seal=True, **round_fields,
):  # fmt: skip
    """``products``: [(title, score)] — each a dossier in "scored" with two judges' sheets."""
    organiser = organiser or AgencyFactory()
    award_round = AwardRoundFactory(
        organiser=organiser, level=level, parent=parent, year=year, closed=True, **round_fields
    )
    if quota is not None:
        award_round.rule_set.nomination_quota = quota
        award_round.rule_set.save(update_fields=["nomination_quota"])
    secretary = SecretaryFactory(agency=organiser)
    council = PanelFactory(award_round=award_round, kind=PanelKind.COUNCIL, name="Hội đồng")
    chair = PanelMemberFactory(panel=council, role=SeatRole.CHAIR, user=UserFactory(full_name="Chủ tịch Hội đồng")).user  # fmt: skip
    jury = PanelFactory(award_round=award_round, kind=PanelKind.JURY, name="Ban giám khảo")
    judges = [
        PanelMemberFactory(panel=jury, user=UserFactory(full_name=name))
        for name in ("Giám khảo Phạm Đức", "Giám khảo Lê Hằng")
    ]
    dossiers, rows = [], []
    ranked = sorted(products, key=lambda p: -p[1])
    for title, score in products:
        dossier = DossierFactory(
            award_round=award_round, title=title, state=DossierState.SCORED,
            **({"facility": facility, "owner": facility.owner} if facility else {}),
        )  # fmt: skip
        for offset, judge in zip((Decimal("1"), Decimal("-1")), judges, strict=True):
            ScoreSheet.objects.create(
                dossier=dossier, member=judge, status="submitted", total=Decimal(score) + offset,
                submitted_at=timezone.now(),
            )  # fmt: skip
        dossiers.append(dossier)
        rows.append(snapshot_row(dossier, score, ranked.index((title, score)) + 1))
    if seal:
        ResultSnapshot.objects.create(
            award_round=award_round, created_by=secretary, chain_head="ab" * 32, results=rows
        )
    return SimpleNamespace(
        round=award_round, secretary=secretary, chair=chair, dossiers=dossiers, judges=judges
    )


def decided_round(*, signed_on=datetime.date(2025, 12, 15), number="123/QĐ-UBND", **kwargs):
    scene = scored_round(**kwargs)
    decisions.prepare_list(award_round=scene.round, by=scene.secretary)
    decisions.approve_list(award_round=scene.round, by=scene.chair)
    scene.decision = decisions.record_decision(
        award_round=scene.round, number=number, signed_on=signed_on,
        signer_name="Võ Văn Phi", signer_title="Phó Chủ tịch", by=scene.secretary,
    )  # fmt: skip
    for dossier in scene.dossiers:
        dossier.refresh_from_db()
    return scene


def same_facility():
    return FacilityFactory(name="Hợp tác xã Gốm Tân Vạn")


def seal_existing(*, award_round, scores, by):
    """Put existing dossiers of ``award_round`` in "scored" (tests only) and seal their scores.

    ``scores``: {dossier: score}. Mirrors what ``scoring.seal.close_scoring`` leaves behind.
    """
    from awards.models import Dossier

    ranked = sorted(scores.items(), key=lambda item: -item[1])
    rows = []
    for dossier, score in scores.items():
        Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.SCORED)
        rank = [d.pk for d, _s in ranked].index(dossier.pk) + 1
        rows.append(snapshot_row(dossier, score, rank))
    return ResultSnapshot.objects.create(
        award_round=award_round, created_by=by, chain_head="cd" * 32, results=rows
    )


def decide(*, award_round, by, number, signed_on):
    decisions.prepare_list(award_round=award_round, by=by)
    decisions.approve_list(award_round=award_round, by=by)
    return decisions.record_decision(
        award_round=award_round, number=number, signed_on=signed_on, signer_name="Võ Văn Phi",
        by=by,
    )  # fmt: skip
