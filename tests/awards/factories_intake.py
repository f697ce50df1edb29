"""Helpers for the intake and review tests: a round with its secretary, dossiers moved
through the real workflow service, and the people who must not see them."""

from dataclasses import dataclass

from awards.models import Dossier
from awards.workflow import run_transition
from tests.factories import (
    AgencyFactory,
    AwardRoundFactory,
    DossierFactory,
    FacilityFactory,
    SecretaryFactory,
    UserFactory,
)


def login(client, user):
    """force_login with the user as stored (axes makes client.login unusable in tests)."""
    user.refresh_from_db()
    client.force_login(user)


@dataclass
class Office:
    """A round of one agency, with a secretary of that agency."""

    award_round: object
    secretary: object

    def dossier(self, *, state=None, **kwargs):
        """A dossier of this round; ``state=None`` submits it through the workflow."""
        if state is None:
            dossier = DossierFactory(award_round=self.award_round, **kwargs)
            return run_transition(dossier=dossier, action="submit", by=dossier.owner)
        return DossierFactory(award_round=self.award_round, state=state, **kwargs)


def office(**round_kwargs):
    agency = AgencyFactory()
    award_round = AwardRoundFactory(organiser=agency, **round_kwargs)
    return Office(award_round=award_round, secretary=SecretaryFactory(agency=agency))


def outsiders(dossier):
    """People who must get 404: another agency's secretary, an applicant, the owner of
    another dossier."""
    other_agency = AgencyFactory()
    return {
        "other_secretariat": SecretaryFactory(agency=other_agency),
        "applicant": dossier.owner,
        "stranger": UserFactory(),
    }


def fresh(dossier):
    return Dossier.objects.get(pk=dossier.pk)


def facility_in(commune, name):
    return FacilityFactory(unit=commune, name=name)
