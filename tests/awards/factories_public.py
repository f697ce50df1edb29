"""Helpers for the public registry, consultation and statistics tests: rounds with a
recorded decision, published dossiers with certificates, and an artisan round ready for
public consultation."""

import datetime

from awards.enums import DossierState, Level
from awards.models import Certificate, Decision
from tests.factories import (
    AgencyFactory,
    ArtisanDossierFactory,
    AwardRoundFactory,
    DossierFactory,
    SecretaryFactory,
)

S = DossierState


def decided_round(*, number="123/QĐ-UBND", signed_on=datetime.date(2026, 6, 15), **kwargs):
    """A round with its recognition decision recorded."""
    award_round = AwardRoundFactory(**kwargs)
    Decision.objects.create(
        award_round=award_round,
        number=number,
        signed_on=signed_on,
        signer_name="Nguyễn Văn Chủ Tịch",
        signer_title="Phó Chủ tịch UBND tỉnh",
    )
    return award_round


def published(
    award_round,
    *,
    certificate=None,
    issued_on=datetime.date(2026, 6, 15),
    valid_until=datetime.date(2029, 12, 31),
    state=S.RECOGNISED,
    factory=DossierFactory,
    **kwargs,
):
    """A dossier of ``award_round`` in ``state`` with a certificate numbered ``certificate``."""
    dossier = factory(award_round=award_round, state=state, **kwargs)
    if certificate:
        Certificate.objects.create(
            dossier=dossier,
            decision=award_round.decision,
            number=certificate,
            issued_on=issued_on,
            valid_until=valid_until,
        )
    return dossier


def consultation_office(*, day_kind="working", days=15):
    """An artisan round (province level, consultation in the rule set) and its secretary."""
    agency = AgencyFactory()
    award_round = AwardRoundFactory(artisan=True, organiser=agency, closed=True)
    rule_set = award_round.rule_set
    rule_set.consultation_days = days
    rule_set.consultation_day_kind = day_kind
    rule_set.consultation_levels = [Level.PROVINCE]
    rule_set.save()
    return award_round, SecretaryFactory(agency=agency)


def accepted_candidates(award_round, count=2, **kwargs):
    return [
        ArtisanDossierFactory(award_round=award_round, state=S.ACCEPTED, **kwargs)
        for _ in range(count)
    ]
