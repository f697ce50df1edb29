"""Helpers for the follow-up tests: dossiers moved through the real workflow service."""

from django.utils import timezone

from awards.models import Dossier
from awards.workflow import run_transition
from tests.factories import DossierFactory, SecretaryFactory, add_document


def login(client, user):
    """force_login with the user as stored (the factory's password lives on the instance only)."""
    user.refresh_from_db()
    client.force_login(user)


def secretary_of(dossier):
    return SecretaryFactory(agency=dossier.award_round.organiser)


def submitted_dossier(factory=DossierFactory, **kwargs):
    """A dossier submitted once through run_transition (revision 1, one log row)."""
    dossier = factory(**kwargs)
    return run_transition(dossier=dossier, action="submit", by=dossier.owner)


def returned_dossier(*, note, deadline=None, factory=DossierFactory, **kwargs):
    """A dossier submitted once, then returned by the round's secretariat with ``note``."""
    dossier = submitted_dossier(factory=factory, **kwargs)
    run_transition(
        dossier=dossier, action="return_for_supplement", by=secretary_of(dossier), note=note,
        deadline=deadline,
    )  # fmt: skip
    return Dossier.objects.get(pk=dossier.pk)


def replace_document(dossier, *, code, content, name):
    """What the editor does when a file is replaced: the old one is superseded, kept."""
    requirement = dossier.required_documents().get(code=code)
    dossier.documents.current().filter(requirement=requirement).update(superseded_at=timezone.now())
    return add_document(dossier, requirement, content=content, name=name)
