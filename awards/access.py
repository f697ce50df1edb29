"""Who may do what: small named predicates, reused by transitions, views and templates.

A person's rights depend on the round and the organising unit they belong to: secretariat
staff act for their agency's rounds, council and jury members for their panel's round. Other
apps add roles through ``register_role_provider`` (the scoring app reports panel seats), so
this module never imports them.
"""

import contextvars
from contextlib import contextmanager

from awards.enums import Role

_role_providers = []
#: (user id, round id) → roles, while ``roles_remembered`` is active; None otherwise.
_remembered = contextvars.ContextVar("remembered_roles", default=None)


@contextmanager
def roles_remembered():
    """Within this block a person's roles in a round are read once, then remembered.

    For bulk operations of one person in one transaction (closing scoring moves 2,000
    dossiers, each transition asks who may act): without it every dossier costs the same
    membership and panel-seat queries again. Outside such a block nothing is remembered.
    """
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def register_role_provider(provider):
    """Add ``provider(user, award_round) -> set[Role]``; called once from an AppConfig.ready."""
    if provider not in _role_providers:
        _role_providers.append(provider)


def is_sysadmin(user):
    return bool(user and user.is_authenticated and user.is_superuser)


def is_agency_secretariat(user, agency_id):
    if not (user and user.is_authenticated):
        return False
    return user.agency_memberships.filter(agency_id=agency_id, active=True).exists()


def roles_in_round(user, award_round):
    """Every role ``user`` holds in ``award_round`` (empty for anonymous users)."""
    if not (user and user.is_authenticated):
        return set()
    remembered = _remembered.get()
    key = (user.pk, award_round.pk)
    if remembered is not None and key in remembered:
        return set(remembered[key])
    roles = set()
    if is_sysadmin(user):
        roles.add(Role.SYSADMIN)
    if is_agency_secretariat(user, award_round.organiser_id):
        roles.add(Role.SECRETARIAT)
    for provider in _role_providers:
        roles |= set(provider(user, award_round))
    if remembered is not None:
        remembered[key] = frozenset(roles)
    return roles


def is_round_secretariat(user, award_round):
    """Secretariat of the organising unit; the system administrator may stand in."""
    return bool(roles_in_round(user, award_round) & {Role.SECRETARIAT, Role.SYSADMIN})


def is_round_chair(user, award_round):
    return Role.CHAIR in roles_in_round(user, award_round)


def is_dossier_owner(user, dossier):
    return bool(user and user.is_authenticated and dossier.owner_id == user.pk)


# Transition permissions: django-fsm calls permission(instance, user).


def owner_may_act(dossier, user):
    return is_dossier_owner(user, dossier)


def secretariat_may_act(dossier, user):
    return is_round_secretariat(user, dossier.award_round)


def chair_or_secretariat_may_act(dossier, user):
    roles = roles_in_round(user, dossier.award_round)
    return bool(roles & {Role.CHAIR, Role.SECRETARIAT, Role.SYSADMIN})


def sending_or_receiving_secretariat_may_act(dossier, user):
    """A nominated dossier is handed over by the lower round's or taken in by this round's secretariat."""
    if secretariat_may_act(dossier, user):
        return True
    return dossier.source_id is not None and is_round_secretariat(user, dossier.source.award_round)
