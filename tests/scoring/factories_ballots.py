"""Builders for ballot tests: an artisan round with a council, candidates in voting and a
secretary of the organising agency."""

from dataclasses import dataclass, field
from decimal import Decimal

from awards.enums import DossierState
from scoring.enums import PanelKind, SeatRole
from tests.factories import (
    ArtisanDossierFactory,
    AwardRoundFactory,
    PanelFactory,
    PanelMemberFactory,
    SecretaryFactory,
    UserFactory,
)


@dataclass
class BallotScene:
    award_round: object
    council: object
    members: list  # PanelMember, the chair first
    candidates: list  # Dossier in voting
    secretary: object
    minute_taker: object = None  # the council's secretary seat (does not vote)
    extra: dict = field(default_factory=dict)

    @property
    def chair(self):
        return self.members[0]


def ballot_scene(
    *, listed=10, candidates=1, quorum="75", approval="80", denominator="listed", **round_fields
):
    """An artisan round whose rule set votes with ``quorum`` % / ``approval`` % of ``denominator``.

    The council has ``listed`` voting seats (the first is the chair) and a secretary seat;
    ``candidates`` dossiers are in "voting".
    """
    award_round = AwardRoundFactory(artisan=True, **round_fields)
    rule_set = award_round.rule_set
    rule_set.vote_quorum_pct = None if quorum is None else Decimal(quorum)
    rule_set.vote_approval_pct = None if approval is None else Decimal(approval)
    rule_set.vote_denominator = denominator
    rule_set.save()
    secretary = SecretaryFactory(agency=award_round.organiser)
    council = PanelFactory(
        award_round=award_round, kind=PanelKind.COUNCIL, name="Hội đồng xét tặng"
    )
    members = [
        PanelMemberFactory(
            panel=council,
            role=SeatRole.CHAIR if index == 0 else SeatRole.MEMBER,
            user=UserFactory(full_name=f"Thành viên Hội đồng {index + 1:02d}"),
        )
        for index in range(listed)
    ]
    minute_taker = PanelMemberFactory(
        panel=council, role=SeatRole.SECRETARY, user=UserFactory(full_name="Thư ký Hội đồng")
    )
    dossiers = [
        ArtisanDossierFactory(award_round=award_round, state=DossierState.VOTING)
        for _ in range(candidates)
    ]
    return BallotScene(
        award_round=award_round, council=council, members=members, candidates=dossiers,
        secretary=secretary, minute_taker=minute_taker,
    )  # fmt: skip
