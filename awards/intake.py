"""Reads for the secretariat's intake: the rounds it runs and the queue of one round.

Every function runs a fixed number of queries, however many dossiers a round holds:
counts per state come from one grouped query (which also gives the paginator its total),
the page is one query with the applicant and their commune joined, and the list of
communes for the filter is one query.

Drafts are the applicant's unfinished work: the secretariat sees how many there are, but
they are neither listed nor counted in the queue.
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from awards import access
from awards.enums import ARTISAN_STATES, PRODUCT_STATES, DossierState
from awards.models import AdminUnit, AgencyMembership, Artisan, AwardRound, Dossier, Facility

S = DossierState

#: Dossiers per page of the intake queue.
PAGE_SIZE = 50
#: The pseudo-state of the filter chips: returned dossiers whose supplement deadline passed.
OVERDUE = "overdue"
#: Sort keys of the queue and the ORDER BY each one means (the code breaks ties).
SORTS = {
    "title": ("title_sort", "code"),
    "-title": ("-title_sort", "-code"),
    "code": ("code",),
    "-code": ("-code",),
    "submitted": ("submitted_at", "code"),
    "-submitted": ("-submitted_at", "-code"),
}
DEFAULT_SORT = "title"
#: States whose chip shows even when no dossier is in them (the secretariat's daily work).
ALWAYS_SHOWN = (S.SUBMITTED, S.RETURNED, S.ACCEPTED)


def states_of(award_round):
    """The states a dossier of this round can take, in lifecycle order."""
    return ARTISAN_STATES if award_round.is_artisan else PRODUCT_STATES


def queue_states(award_round):
    """States listed in the queue: every state but draft."""
    return [state for state in states_of(award_round) if state != S.DRAFT]


# --- the secretariat's rounds ----------------------------------------------------------


@dataclass
class RoundQueue:
    """One round on the secretariat landing page, with its dossiers counted per state."""

    award_round: AwardRound
    counts: dict
    overdue: int = 0

    @property
    def state_counts(self):
        return [
            (state, self.counts[state])
            for state in states_of(self.award_round)
            if self.counts.get(state)
        ]

    @property
    def drafts(self):
        return self.counts.get(S.DRAFT, 0)

    @property
    def total(self):
        """Dossiers in the queue (drafts excluded)."""
        return sum(n for state, n in self.counts.items() if state != S.DRAFT)

    @property
    def waiting(self):
        return self.counts.get(S.SUBMITTED, 0)


def secretariat_rounds(*, user):
    """The rounds ``user`` runs as secretariat (every round for the system administrator),
    newest first, each with its counts per state. Two or three queries in all."""
    rounds = AwardRound.objects.select_related("organiser").order_by("-registration_opens", "name")
    if not access.is_sysadmin(user):
        agencies = AgencyMembership.objects.filter(user=user, active=True).values("agency_id")
        rounds = rounds.filter(organiser__in=agencies)
    rounds = list(rounds)
    counts = {r.pk: {} for r in rounds}
    overdue = dict.fromkeys(counts, 0)
    rows = (
        Dossier.objects.filter(award_round__in=list(counts))
        .order_by()
        .values_list("award_round_id", "state")
        .annotate(n=Count("pk"), late=Count("pk", filter=_overdue_q()))
    )
    for round_id, state, n, late in rows:
        counts[round_id][state] = n
        overdue[round_id] += late
    return [RoundQueue(award_round=r, counts=counts[r.pk], overdue=overdue[r.pk]) for r in rounds]


def may_use_secretariat(user):
    """True for active secretariat staff of some unit and for the system administrator."""
    if access.is_sysadmin(user):
        return True
    return bool(
        user.is_authenticated and AgencyMembership.objects.filter(user=user, active=True).exists()
    )


# --- the queue of one round ------------------------------------------------------------


@dataclass
class QueueFilters:
    """What the intake queue is narrowed to; empty values mean "any"."""

    q: str = ""
    state: str = ""
    group: str = ""
    unit: int | None = None
    submitted_from: datetime.date | None = None
    submitted_to: datetime.date | None = None
    sort: str = DEFAULT_SORT

    @property
    def active(self):
        return bool(
            self.q
            or self.state
            or self.group
            or self.unit
            or self.submitted_from
            or self.submitted_to
        )


def _overdue_q(now=None):
    now = now or timezone.now()
    return Q(state=S.RETURNED, supplement_deadline__lt=now)


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _narrowed(award_round, filters, *, drafts=False):
    """The round's listed dossiers with every filter applied except the state."""
    qs = Dossier.objects.filter(award_round=award_round)
    if not drafts:
        qs = qs.exclude(state=S.DRAFT)
    if filters.q:
        qs = qs.search(filters.q)
    if filters.group:
        qs = qs.filter(product_group=filters.group)
    if filters.unit:
        # A round's applicants are all facilities (product) or all people (artisan titles).
        applicant = "artisan" if award_round.is_artisan else "facility"
        qs = qs.filter(**{f"{applicant}__unit_id": filters.unit})
    if filters.submitted_from:
        qs = qs.filter(submitted_at__gte=_start_of(filters.submitted_from))
    if filters.submitted_to:
        next_day = filters.submitted_to + datetime.timedelta(days=1)
        qs = qs.filter(submitted_at__lt=_start_of(next_day))
    return qs


def _with_state(qs, state, now=None):
    if state == OVERDUE:
        return qs.filter(_overdue_q(now))
    if state:
        return qs.filter(state=state)
    return qs


def filtered_dossiers(*, award_round, filters):
    """The queue for ``filters``, ordered, with the applicant and its commune joined."""
    qs = _with_state(_narrowed(award_round, filters), filters.state)
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    return qs.select_related("facility__unit", "artisan__unit").order_by(*order)


@dataclass
class StateChip:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class QueueCounts:
    """Counts of the narrowed queue (search, group, commune, dates applied) per state."""

    by_state: dict
    overdue: int
    drafts: int = 0
    states: list = field(default_factory=list)

    @property
    def total(self):
        return sum(self.by_state.values())

    def count_for(self, state):
        if state == OVERDUE:
            return self.overdue
        if state:
            return self.by_state.get(state, 0)
        return self.total

    def chips(self, selected):
        """ "All", then the intake states (always), then any other state that has dossiers
        or is selected; "overdue" follows "returned"."""
        chips = [StateChip("", _("All"), self.total, not selected)]
        for state in self.states:
            count = self.by_state.get(state, 0)
            if not (count or state in ALWAYS_SHOWN or selected == state):
                continue
            chips.append(StateChip(state, S(state).label, count, selected == state))
            if state == S.RETURNED:
                chips.append(
                    StateChip(
                        OVERDUE, _("Overdue (deadline passed)"), self.overdue, selected == OVERDUE
                    )
                )
        return chips


def queue_counts(*, award_round, filters):
    """One grouped query: dossiers per state, the overdue returns, and the drafts."""
    rows = (
        _narrowed(award_round, filters, drafts=True)
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"), late=Count("pk", filter=_overdue_q()))
    )
    by_state, overdue = {}, 0
    for state, n, late in rows:
        by_state[state] = n
        overdue += late
    drafts = by_state.pop(S.DRAFT, 0)
    return QueueCounts(
        by_state=by_state, overdue=overdue, drafts=drafts, states=queue_states(award_round)
    )


class CountedPaginator(Paginator):
    """A paginator told its total, which the grouped count query has already produced."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def page_of(*, award_round, filters, counts, page):
    """The requested page ("last" for the last one; out-of-range numbers are clamped).

    Two queries whatever the page: the page's ids from a narrow ordered query (SQLite and
    PostgreSQL sort and skip small rows cheaply, even at the last page of 10,000), then
    those dossiers with their applicant and commune joined.
    """
    ordered = filtered_dossiers(award_round=award_round, filters=filters)
    paginator = CountedPaginator(ordered, PAGE_SIZE, count=counts.count_for(filters.state))
    number = paginator.num_pages if page == "last" else page
    current = paginator.get_page(number)
    bottom = (current.number - 1) * paginator.per_page
    ids = list(ordered.values_list("pk", flat=True)[bottom : bottom + paginator.per_page])
    rows = ordered.model.objects.select_related("facility__unit", "artisan__unit").in_bulk(ids)
    current.object_list = [rows[pk] for pk in ids if pk in rows]
    return current


def locality_choices(award_round):
    """(id, name) of every commune or ward where an applicant of the round lives. One query."""
    applicants = Artisan if award_round.is_artisan else Facility
    living_here = applicants.objects.filter(dossiers__award_round=award_round).values("unit_id")
    units = AdminUnit.objects.filter(pk__in=living_here).order_by("name_sort")
    return list(units.values_list("pk", "name"))
