"""The dossier state machine as a full (state × action × role) table, for both families.

EXPECTED is written out by hand from domain.md §6: it is the specification, not a copy of
the implementation. Every combination not listed must be refused with a readable reason.
"""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from awards.enums import ARTISAN_STATES, PRODUCT_STATES, DossierState
from awards.errors import TransitionRefused
from awards.workflow import action_names, run_transition
from scoring.enums import PanelKind, SeatRole
from tests.factories import (
    AgencyFactory,
    ArtisanDossierFactory,
    DossierFactory,
    PanelFactory,
    PanelMemberFactory,
    SecretaryFactory,
    UserFactory,
)

S = DossierState
OWNER = {"owner"}
SEC = {"secretariat", "sysadmin"}
CHAIR_OR_SEC = SEC | {"chair"}
ROLES = [
    "owner",
    "other_applicant",
    "secretariat",
    "other_secretariat",
    "jury_member",
    "council_member",
    "chair",
    "sysadmin",
]

COMMON = {
    S.DRAFT: {"submit": (S.SUBMITTED, OWNER), "withdraw": (S.WITHDRAWN, OWNER)},
    S.SUBMITTED: {
        "return_for_supplement": (S.RETURNED, SEC),
        "accept": (S.ACCEPTED, SEC),
        "reject": (S.REJECTED, SEC),
        "withdraw": (S.WITHDRAWN, OWNER),
        "disqualify": (S.DISQUALIFIED, SEC),
    },
    S.RETURNED: {
        "resubmit": (S.SUBMITTED, OWNER),
        "reject": (S.REJECTED, SEC),
        "withdraw": (S.WITHDRAWN, OWNER),
        "disqualify": (S.DISQUALIFIED, SEC),
    },
}
EXPECTED = {
    "product": {
        **COMMON,
        S.ACCEPTED: {
            "open_scoring": (S.IN_SCORING, SEC),
            "withdraw": (S.WITHDRAWN, OWNER),
            "disqualify": (S.DISQUALIFIED, SEC),
        },
        S.IN_SCORING: {"close_scoring": (S.SCORED, SEC), "disqualify": (S.DISQUALIFIED, SEC)},
        S.SCORED: {
            "recognise": (S.RECOGNISED, CHAIR_OR_SEC),
            "not_recognise": (S.NOT_RECOGNISED, CHAIR_OR_SEC),
            "disqualify": (S.DISQUALIFIED, SEC),
        },
        S.RECOGNISED: {"revoke": (S.REVOKED, CHAIR_OR_SEC)},
    },
    "artisan": {
        **COMMON,
        S.ACCEPTED: {
            "open_consultation": (S.IN_CONSULTATION, SEC),
            "withdraw": (S.WITHDRAWN, OWNER),
            "disqualify": (S.DISQUALIFIED, SEC),
        },
        S.IN_CONSULTATION: {"open_voting": (S.VOTING, SEC), "disqualify": (S.DISQUALIFIED, SEC)},
        S.VOTING: {
            "approve": (S.APPROVED, CHAIR_OR_SEC),
            "not_approve": (S.NOT_APPROVED, CHAIR_OR_SEC),
            "disqualify": (S.DISQUALIFIED, SEC),
        },
        S.APPROVED: {"award": (S.AWARDED, SEC), "disqualify": (S.DISQUALIFIED, SEC)},
        S.AWARDED: {"revoke": (S.REVOKED, CHAIR_OR_SEC)},
    },
}
CASES = [("product", state) for state in PRODUCT_STATES] + [
    ("artisan", state) for state in ARTISAN_STATES
]


def people_around(dossier):
    award_round = dossier.award_round
    jury = PanelFactory(award_round=award_round, kind=PanelKind.JURY, name="Ban giám khảo")
    council = PanelFactory(award_round=award_round, kind=PanelKind.COUNCIL)
    return {
        "owner": dossier.owner,
        "other_applicant": UserFactory(),
        "secretariat": SecretaryFactory(agency=award_round.organiser),
        "other_secretariat": SecretaryFactory(agency=AgencyFactory()),
        "jury_member": PanelMemberFactory(panel=jury, role=SeatRole.CHAIR).user,
        "council_member": PanelMemberFactory(panel=council).user,
        "chair": PanelMemberFactory(panel=council, role=SeatRole.CHAIR).user,
        "sysadmin": UserFactory(is_superuser=True, is_staff=True),
    }


def attempt(dossier_pk, model, action, user):
    """Run ``action`` inside a savepoint that is always rolled back; return the new state."""
    with transaction.atomic():
        dossier = model.objects.get(pk=dossier_pk)
        try:
            run_transition(dossier=dossier, action=action, by=user, note="Lý do ghi rõ")
            outcome = dossier.state
        except TransitionRefused as refused:
            assert str(refused), "a refusal must explain itself"
            outcome = None
        transaction.set_rollback(True)
    return outcome


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize(("family", "state"), CASES)
def test_transition_table_matches_specification(family, state):
    factory = DossierFactory if family == "product" else ArtisanDossierFactory
    dossier = factory(state=state)
    # Guards that depend on the calendar are satisfied here; they have their own tests.
    dossier.award_round.consultation_opens = timezone.localdate() - datetime.timedelta(days=20)
    dossier.award_round.consultation_closes = timezone.localdate() - datetime.timedelta(days=2)
    dossier.award_round.save()
    people = people_around(dossier)
    expected = EXPECTED[family].get(state, {})
    mismatches = []
    for action in action_names():
        target, allowed_roles = expected.get(action, (None, set()))
        for role in ROLES:
            want = target if role in allowed_roles else None
            got = attempt(dossier.pk, type(dossier), action, people[role])
            if got != want:
                mismatches.append(f"{state} --{action}--> as {role}: expected {want}, got {got}")
    assert mismatches == []


@pytest.mark.django_db
def test_every_expected_action_exists_on_the_machine():
    names = set(action_names())
    for family_table in EXPECTED.values():
        for actions in family_table.values():
            assert set(actions) <= names
