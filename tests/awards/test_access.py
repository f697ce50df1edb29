"""Roles in a round, and remembering them during one bulk operation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards import access
from awards.enums import Role
from awards.models import AgencyMembership
from tests.factories import AwardRoundFactory, SecretaryFactory

pytestmark = pytest.mark.django_db


def queries(function):
    with CaptureQueriesContext(connection) as captured:
        result = function()
    return result, len(captured)


def test_roles_are_read_once_inside_a_bulk_block_and_afresh_outside():
    award_round = AwardRoundFactory()
    secretary = SecretaryFactory(agency=award_round.organiser)

    def ask():
        return access.roles_in_round(secretary, award_round)

    with access.roles_remembered():
        first, spent = queries(ask)
        again, spent_again = queries(ask)
        assert first == again == {Role.SECRETARIAT}
        assert spent > 0 and spent_again == 0
        again.add(Role.CHAIR)  # callers get a copy: the remembered roles stay as read
        assert ask() == {Role.SECRETARIAT}

    AgencyMembership.objects.filter(user=secretary).update(active=False)
    assert ask() == set()  # outside the block nothing was remembered


def test_nested_blocks_start_afresh_and_restore_the_outer_memory():
    award_round = AwardRoundFactory()
    secretary = SecretaryFactory(agency=award_round.organiser)
    with access.roles_remembered():
        access.roles_in_round(secretary, award_round)
        with access.roles_remembered():
            _roles, spent = queries(lambda: access.roles_in_round(secretary, award_round))
            assert spent > 0
        _roles, spent = queries(lambda: access.roles_in_round(secretary, award_round))
        assert spent == 0
