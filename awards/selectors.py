"""Reads for the landing and home pages.

Each function runs a fixed number of queries, however many rounds, dossiers or seats there
are: counts come from one grouped query or from annotations, never from a loop.
The scoring app's models are looked up by name (``apps.get_model``) because ``awards`` never
imports ``scoring`` at module level.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from awards import access
from awards.enums import ARTISAN_STATES, PRODUCT_STATES, DossierState, Role
from awards.models import AgencyMembership, Artisan, AwardRound, Dossier, Facility, User

#: How many of the secretariat's most recent rounds the home page summarises.
SECRETARIAT_ROUNDS_SHOWN = 10
#: How many of an applicant's dossiers the home page lists (most recently changed first).
APPLICANT_DOSSIERS_SHOWN = 50


def open_rounds(*, at=None):
    """Rounds taking registrations now, the closest deadline first."""
    return (
        AwardRound.objects.open_for_registration(at)
        .select_related("organiser")
        .order_by("registration_closes", "name")
    )


@dataclass
class ApplicantSection:
    dossiers: list
    has_more: bool
    open_rounds: list


@dataclass
class StateCount:
    state: str
    label: str
    count: int


@dataclass
class RoundSummary:
    award_round: AwardRound
    state_counts: list
    total: int
    submitted: int
    returned: int
    accepted: int


@dataclass
class SecretariatSection:
    agencies: list
    rounds: list
    submitted: int
    returned: int
    accepted: int


@dataclass
class SysadminSection:
    users: int
    rounds: int
    dossiers: int


@dataclass
class HomeSections:
    """What /home/ shows: one section per role the user holds (None where they hold none)."""

    roles: list = field(default_factory=list)
    applicant: ApplicantSection | None = None
    secretariat: SecretariatSection | None = None
    panels: list | None = None
    sysadmin: SysadminSection | None = None


def _count_subquery(queryset, group_by):
    """A correlated COUNT(*) of ``queryset`` usable as an annotation; 0 when nothing matches."""
    counted = (
        queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")[:1]
    )  # fmt: skip
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _holdings(*, user):
    """One query: which kinds of things the user owns or belongs to."""
    panel_member = apps.get_model("scoring", "PanelMember")
    me = OuterRef("pk")
    return (
        User.objects.filter(pk=user.pk)
        .annotate(
            owns_facility=Exists(Facility.objects.filter(owner=me)),
            owns_artisan=Exists(Artisan.objects.filter(owner=me)),
            owns_dossier=Exists(Dossier.objects.filter(owner=me)),
            in_agency=Exists(AgencyMembership.objects.filter(user=me, active=True)),
            has_seat=Exists(panel_member.objects.filter(user=me)),
        )
        .values("owns_facility", "owns_artisan", "owns_dossier", "in_agency", "has_seat")
        .get()
    )


def applicant_dossiers(*, user):
    """Dossiers the user owns, directly or through their facility or artisan record."""
    owned = Q(owner=user) | Q(facility__owner=user) | Q(artisan__owner=user)
    return (
        Dossier.objects.filter(owned).select_related("award_round").order_by("-updated_at", "-pk")
    )


def applicant_section(*, user):
    dossiers = list(applicant_dossiers(user=user)[: APPLICANT_DOSSIERS_SHOWN + 1])
    return ApplicantSection(
        dossiers=dossiers[:APPLICANT_DOSSIERS_SHOWN],
        has_more=len(dossiers) > APPLICANT_DOSSIERS_SHOWN,
        open_rounds=list(open_rounds()),
    )


def secretariat_section(*, user):
    """The user's agencies, their recent rounds, and dossier counts per state per round.

    Three queries: memberships, rounds, and one grouped count over all the rounds' dossiers.
    """
    memberships = AgencyMembership.objects.filter(user=user, active=True).select_related("agency")
    agencies = [m.agency for m in memberships]
    rounds = list(
        AwardRound.objects.filter(organiser__in=[a.pk for a in agencies])
        .select_related("organiser")
        .order_by("-registration_opens", "name")[:SECRETARIAT_ROUNDS_SHOWN]
    )
    counts = defaultdict(dict)
    rows = (
        Dossier.objects.filter(award_round__in=[r.pk for r in rounds])
        .order_by()
        .values_list("award_round_id", "state")
        .annotate(n=Count("pk"))
    )
    for round_id, state, n in rows:
        counts[round_id][state] = n

    summaries = []
    for award_round in rounds:
        by_state = counts[award_round.pk]
        order = ARTISAN_STATES if award_round.is_artisan else PRODUCT_STATES
        summaries.append(
            RoundSummary(
                award_round=award_round,
                state_counts=[
                    StateCount(state=s.value, label=s.label, count=by_state[s.value])
                    for s in order
                    if by_state.get(s.value)
                ],
                total=sum(by_state.values()),
                submitted=by_state.get(DossierState.SUBMITTED, 0),
                returned=by_state.get(DossierState.RETURNED, 0),
                accepted=by_state.get(DossierState.ACCEPTED, 0),
            )
        )
    return SecretariatSection(
        agencies=agencies,
        rounds=summaries,
        submitted=sum(s.submitted for s in summaries),
        returned=sum(s.returned for s in summaries),
        accepted=sum(s.accepted for s in summaries),
    )


def panel_seats(*, user):
    """The user's council and jury seats, each annotated with the work waiting for it.

    ``in_scoring``: the round's dossiers being scored (what a jury member works on);
    ``sheets_submitted``: this seat's submitted score sheets;
    ``awaiting_council``: the round's dossiers waiting for the council (scored or voting).
    """
    from scoring.enums import SheetStatus

    panel_member = apps.get_model("scoring", "PanelMember")
    score_sheet = apps.get_model("scoring", "ScoreSheet")
    award_round = OuterRef("panel__award_round")
    return list(
        panel_member.objects.filter(user=user)
        .select_related("panel__award_round__organiser")
        .annotate(
            in_scoring=_count_subquery(
                Dossier.objects.filter(award_round=award_round, state=DossierState.IN_SCORING),
                "award_round",
            ),
            awaiting_council=_count_subquery(
                Dossier.objects.filter(
                    award_round=award_round,
                    state__in=[DossierState.SCORED, DossierState.VOTING],
                ),
                "award_round",
            ),
            sheets_submitted=_count_subquery(
                score_sheet.objects.filter(member=OuterRef("pk"), status=SheetStatus.SUBMITTED),
                "member",
            ),
        )
        .order_by("-panel__award_round__registration_opens", "panel__kind", "panel__name")
    )


def seat_roles(seats):
    """The Role values that a list of seats gives (jury member, council member, chair)."""
    from scoring.enums import PanelKind, SeatRole

    roles = set()
    for seat in seats:
        if seat.panel.kind == PanelKind.JURY:
            roles.add(Role.JURY_MEMBER)
        else:
            roles.add(Role.COUNCIL_MEMBER)
            if seat.role == SeatRole.CHAIR:
                roles.add(Role.CHAIR)
    return roles


def sysadmin_section():
    return SysadminSection(
        users=User.objects.count(),
        rounds=AwardRound.objects.count(),
        dossiers=Dossier.objects.count(),
    )


def home_sections(*, user):
    """Everything /home/ shows for ``user``, one section per role they hold.

    Steps: find what the user owns and belongs to (one query); then build the applicant,
    secretariat, panel and administrator sections that apply. A user who holds no role yet
    (a new account) sees the applicant section, which tells them how to start.
    """
    held = _holdings(user=user)
    sections = HomeSections()
    roles = set()
    if held["in_agency"]:
        roles.add(Role.SECRETARIAT)
        sections.secretariat = secretariat_section(user=user)
    if held["has_seat"]:
        sections.panels = panel_seats(user=user)
        roles |= seat_roles(sections.panels)
    if access.is_sysadmin(user):
        roles.add(Role.SYSADMIN)
        sections.sysadmin = sysadmin_section()
    owns_something = held["owns_facility"] or held["owns_artisan"] or held["owns_dossier"]
    if owns_something or not roles:
        roles.add(Role.APPLICANT)
        sections.applicant = applicant_section(user=user)
    sections.roles = [role for role in Role if role in roles]
    return sections
