import pytest
from django.utils import timezone

from awards import selectors
from awards.enums import DossierState, Role
from awards.models import AgencyMembership
from scoring.enums import PanelKind, SeatRole, SheetStatus
from scoring.models import ScoreSheet
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

pytestmark = pytest.mark.django_db

S = DossierState


def test_open_rounds_excludes_closed_round():
    open_round = AwardRoundFactory()
    AwardRoundFactory(closed=True)

    assert list(selectors.open_rounds()) == [open_round]


def test_open_rounds_orders_closest_deadline_first():
    later = AwardRoundFactory(registration_closes=timezone.now() + timezone.timedelta(days=40))
    sooner = AwardRoundFactory(registration_closes=timezone.now() + timezone.timedelta(days=5))

    assert list(selectors.open_rounds()) == [sooner, later]


def test_applicant_dossiers_excludes_another_applicants_dossier():
    mine = DossierFactory(files=False)
    DossierFactory(files=False)

    assert list(selectors.applicant_dossiers(user=mine.owner)) == [mine]


def test_applicant_dossiers_includes_dossier_of_owned_facility_without_account_link():
    facility = FacilityFactory()
    dossier = DossierFactory(facility=facility, owner=None, files=False)

    assert list(selectors.applicant_dossiers(user=facility.owner)) == [dossier]


def test_secretariat_section_counts_states_of_own_agency_rounds_only():
    agency = AgencyFactory()
    secretary = SecretaryFactory(agency=agency)
    own_round = AwardRoundFactory(organiser=agency)
    for state in (S.SUBMITTED, S.SUBMITTED, S.RETURNED, S.ACCEPTED):
        DossierFactory(award_round=own_round, state=state, files=False)
    other_round = AwardRoundFactory()
    DossierFactory(award_round=other_round, state=S.SUBMITTED, files=False)

    section = selectors.secretariat_section(user=secretary)

    assert [s.award_round for s in section.rounds] == [own_round]
    summary = section.rounds[0]
    assert [(c.state, c.count) for c in summary.state_counts] == [
        (S.SUBMITTED, 2),
        (S.RETURNED, 1),
        (S.ACCEPTED, 1),
    ]
    assert (summary.total, section.submitted, section.returned, section.accepted) == (4, 2, 1, 1)


def test_secretariat_section_ignores_inactive_membership():
    agency = AgencyFactory()
    secretary = UserFactory()
    AgencyMembership.objects.create(user=secretary, agency=agency, active=False)
    AwardRoundFactory(organiser=agency)

    assert selectors.home_sections(user=secretary).secretariat is None


def test_panel_seats_count_dossiers_in_scoring_and_my_submitted_sheets():
    award_round = AwardRoundFactory()
    seat = PanelMemberFactory(panel=PanelFactory(award_round=award_round, kind=PanelKind.JURY))
    colleague = PanelMemberFactory(panel=seat.panel)
    scoring = [
        DossierFactory(award_round=award_round, state=S.IN_SCORING, files=False) for _ in range(3)
    ]
    DossierFactory(award_round=award_round, state=S.ACCEPTED, files=False)
    DossierFactory(state=S.IN_SCORING, files=False)  # another round
    submitted = {"status": SheetStatus.SUBMITTED, "submitted_at": timezone.now()}
    ScoreSheet.objects.create(dossier=scoring[0], member=seat, **submitted)
    ScoreSheet.objects.create(dossier=scoring[1], member=seat)  # still a draft
    ScoreSheet.objects.create(dossier=scoring[0], member=colleague, **submitted)

    [row] = selectors.panel_seats(user=seat.user)

    assert (row.in_scoring, row.sheets_submitted) == (3, 1)


def test_panel_seats_count_dossiers_waiting_for_the_council():
    award_round = AwardRoundFactory()
    seat = PanelMemberFactory(panel=PanelFactory(award_round=award_round), role=SeatRole.CHAIR)
    DossierFactory(award_round=award_round, state=S.SCORED, files=False)
    DossierFactory(award_round=award_round, state=S.IN_SCORING, files=False)

    [row] = selectors.panel_seats(user=seat.user)

    assert (row.awaiting_council, row.in_scoring, row.sheets_submitted) == (1, 1, 0)


def test_home_sections_new_account_gets_applicant_section():
    user = UserFactory()
    open_round = AwardRoundFactory()

    sections = selectors.home_sections(user=user)

    assert sections.roles == [Role.APPLICANT]
    assert sections.applicant.dossiers == []
    assert sections.applicant.open_rounds == [open_round]
    assert sections.secretariat is None and sections.panels is None and sections.sysadmin is None


def test_home_sections_council_chair_and_jury_member_hold_three_roles():
    user = UserFactory()
    PanelMemberFactory(user=user, role=SeatRole.CHAIR)
    PanelMemberFactory(user=user, panel=PanelFactory(kind=PanelKind.JURY))

    sections = selectors.home_sections(user=user)

    assert sections.roles == [Role.COUNCIL_MEMBER, Role.JURY_MEMBER, Role.CHAIR]
    assert sections.applicant is None
    assert len(sections.panels) == 2


def test_home_sections_secretary_who_also_applies_gets_both_sections():
    dossier = DossierFactory(files=False)
    agency = AgencyFactory()
    AgencyMembership.objects.create(user=dossier.owner, agency=agency)

    sections = selectors.home_sections(user=dossier.owner)

    assert sections.roles == [Role.APPLICANT, Role.SECRETARIAT]
    assert sections.applicant.dossiers == [dossier]
    assert sections.secretariat.agencies == [agency]


def test_home_sections_superuser_gets_counts():
    admin = UserFactory(is_superuser=True, is_staff=True)
    DossierFactory(files=False)

    sections = selectors.home_sections(user=admin)

    assert sections.roles == [Role.SYSADMIN]
    assert (sections.sysadmin.rounds, sections.sysadmin.dossiers) == (1, 1)
    assert sections.sysadmin.users == 2  # the admin and the dossier's applicant
