"""Scoring progress of a round: sheets per judge and per dossier, who is late.

Reads only, each a fixed number of aggregate queries whatever the number of judges and
dossiers. A sheet counts when the judge is assigned the dossier, has no conflict with it,
and the dossier is still in the round (not withdrawn, rejected or disqualified): the same
rule as the judge's own workspace. ``awards`` does not import ``scoring`` at module level,
so the scoring models are imported inside the functions.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from awards.enums import DossierState

#: Scoring counts as late this long before it closes (and after) when sheets are missing.
LATE_WINDOW = datetime.timedelta(days=2)
#: Dossiers in these states left the round: their sheets are no longer expected.
GONE_STATES = (DossierState.WITHDRAWN, DossierState.REJECTED, DossierState.DISQUALIFIED)


@dataclass
class JudgeRow:
    member_id: int
    user_id: int
    name: str
    email: str
    panel: str
    assigned: int
    submitted: int
    last_activity: datetime.datetime | None
    late: bool = False
    missing_dossiers: list = field(default_factory=list)

    @property
    def missing(self):
        return self.assigned - self.submitted


@dataclass
class DossierRow:
    dossier_id: int
    code: str
    title: str
    state: str
    expected: int
    submitted: int
    missing_judges: list = field(default_factory=list)

    @property
    def missing(self):
        return self.expected - self.submitted


@dataclass
class RoundProgress:
    judges: list
    dossiers: list
    scoring_closes: datetime.datetime | None
    late_window_reached: bool

    @property
    def expected(self):
        return sum(row.assigned for row in self.judges)

    @property
    def submitted(self):
        return sum(row.submitted for row in self.judges)

    @property
    def missing(self):
        return self.expected - self.submitted

    @property
    def judges_with_missing(self):
        return [row for row in self.judges if row.missing > 0]

    @property
    def late_judges(self):
        return [row for row in self.judges if row.late]


def counted_assignments(award_round):
    """Assignments of the round's juries whose sheet is expected (no conflict, still in)."""
    from scoring.conflicts import member_dossier_conflict
    from scoring.enums import PanelKind
    from scoring.models import Assignment

    return (
        Assignment.objects.filter(
            member__panel__award_round=award_round, member__panel__kind=PanelKind.JURY
        )
        .exclude(member_dossier_conflict())
        .exclude(dossier__state__in=GONE_STATES)
    )


def _submitted_sheet():
    """``Exists``: the outer assignment's judge submitted a sheet for its dossier."""
    from scoring.enums import SheetStatus
    from scoring.models import ScoreSheet

    return Exists(
        ScoreSheet.objects.filter(
            member=OuterRef("member"), dossier=OuterRef("dossier"), status=SheetStatus.SUBMITTED
        )
    )


def _count_of(queryset, field_name):
    counted = (
        queryset.filter(**{field_name: OuterRef("pk")})
        .order_by()
        .values(field_name)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def late_window_reached(award_round, *, now=None):
    """True when scoring closes within two days, or has closed."""
    closes = award_round.scoring_closes
    now = now or timezone.now()
    return closes is not None and now >= closes - LATE_WINDOW


def missing_pairs(award_round):
    """(member id, dossier id, judge name, dossier code, dossier title) of every expected
    sheet not yet submitted, in one query."""
    return list(
        counted_assignments(award_round)
        .exclude(_submitted_sheet())
        .order_by("dossier__code", "member__user__full_name", "member_id")
        .values_list(
            "member_id",
            "dossier_id",
            "member__user__full_name",
            "member__user__username",
            "dossier__code",
            "dossier__title",
        )
    )


def judge_rows(award_round):
    """Every scoring seat of the round's juries with assigned/submitted counts and the time
    of its latest sheet change (one query)."""
    from scoring.enums import PanelKind
    from scoring.models import PanelMember, ScoreSheet

    counted = counted_assignments(award_round)
    last_change = (
        ScoreSheet.objects.filter(member=OuterRef("pk"))
        .order_by()
        .values("member")
        .annotate(last=Max("updated_at"))
        .values("last")
    )
    members = (
        PanelMember.objects.filter(panel__award_round=award_round, panel__kind=PanelKind.JURY)
        .annotate(
            assigned=_count_of(counted, "member"),
            submitted=_count_of(counted.filter(_submitted_sheet()), "member"),
            last_activity=Subquery(last_change),
        )
        .filter(assigned__gt=0)
        .order_by("user__full_name", "user__username", "pk")
        .values(
            "pk",
            "user_id",
            "user__full_name",
            "user__username",
            "user__email",
            "panel__name",
            "assigned",
            "submitted",
            "last_activity",
        )
    )
    return [
        JudgeRow(
            member_id=row["pk"],
            user_id=row["user_id"],
            name=row["user__full_name"] or row["user__username"],
            email=row["user__email"] or "",
            panel=row["panel__name"],
            assigned=row["assigned"],
            submitted=row["submitted"],
            last_activity=row["last_activity"],
        )
        for row in members
    ]


def dossier_rows(award_round):
    """Every dossier of the round with expected sheets, with expected/submitted counts
    (one query)."""
    from awards.models import Dossier

    counted = counted_assignments(award_round)
    dossiers = (
        Dossier.objects.filter(award_round=award_round)
        .annotate(
            expected=_count_of(counted, "dossier"),
            submitted=_count_of(counted.filter(_submitted_sheet()), "dossier"),
        )
        .filter(expected__gt=0)
        .order_by("code")
        .values("pk", "code", "title", "state", "expected", "submitted")
    )
    return [
        DossierRow(
            dossier_id=row["pk"],
            code=row["code"],
            title=row["title"],
            state=row["state"],
            expected=row["expected"],
            submitted=row["submitted"],
        )
        for row in dossiers
    ]


def round_progress(*, award_round, now=None):
    """Per judge and per dossier progress, missing names filled in, late judges flagged.

    Three queries: judges, dossiers, missing (judge, dossier) pairs.
    """
    judges = judge_rows(award_round)
    dossiers = dossier_rows(award_round)
    by_member = {row.member_id: row for row in judges}
    by_dossier = {row.dossier_id: row for row in dossiers}
    for member_id, dossier_id, full_name, username, code, title in missing_pairs(award_round):
        if member_id in by_member:
            by_member[member_id].missing_dossiers.append((code, title))
        if dossier_id in by_dossier:
            by_dossier[dossier_id].missing_judges.append(full_name or username)
    reached = late_window_reached(award_round, now=now)
    for row in judges:
        row.late = reached and row.missing > 0
    return RoundProgress(
        judges=judges,
        dossiers=dossiers,
        scoring_closes=award_round.scoring_closes,
        late_window_reached=reached,
    )


# --- the control page -----------------------------------------------------------------------


def is_sealed(award_round):
    """True once the round's scoring results were frozen and sealed."""
    from scoring.models import ResultSnapshot

    return ResultSnapshot.objects.filter(award_round=award_round).exists()


def scoring_state(award_round, *, now=None, sealed=None):
    """ "not_opened", "open" or "closed" (results sealed, or the closing moment passed)."""
    now = now or timezone.now()
    if award_round.scoring_opens is None:
        return "not_opened"
    if sealed if sealed is not None else is_sealed(award_round):
        return "closed"
    if award_round.scoring_closes is not None and award_round.scoring_closes <= now:
        return "closed"
    return "open"


@dataclass
class RoundOverview:
    registration_open: bool
    registration_upcoming: bool
    scoring_state: str
    state_counts: dict
    admission_approval: object
    juries: int
    assignments: int
    sealed: bool
    admitted_waiting: int = 0

    @property
    def total(self):
        return sum(self.state_counts.values())

    def count(self, state):
        return self.state_counts.get(state, 0)


def round_overview(*, award_round, now=None):
    """What the control page shows about the round's state (a fixed number of queries)."""
    from awards.models import Dossier, RoundEvent
    from scoring.enums import PanelKind
    from scoring.models import Panel

    now = now or timezone.now()
    counts = dict(
        Dossier.objects.filter(award_round=award_round)
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
    )
    approval = (
        RoundEvent.objects.filter(award_round=award_round, action="admission_approved")
        .select_related("by")
        .order_by("-at", "-pk")
        .first()
    )
    sealed = is_sealed(award_round)
    admitted = approval.data.get("dossier_ids", []) if approval is not None else []
    waiting = (
        Dossier.objects.filter(
            award_round=award_round, state=DossierState.ACCEPTED, pk__in=admitted
        ).count()
        if admitted
        else 0
    )
    return RoundOverview(
        registration_open=award_round.registration_is_open(now),
        registration_upcoming=now < award_round.registration_opens,
        scoring_state=scoring_state(award_round, now=now, sealed=sealed),
        state_counts=counts,
        admission_approval=approval,
        juries=Panel.objects.filter(award_round=award_round, kind=PanelKind.JURY).count(),
        assignments=counted_assignments(award_round).count(),
        sealed=sealed,
        admitted_waiting=waiting,
    )
