"""Reads for the judge workspace: my rounds, my assigned dossiers, one assignment, peers' scores.

A judge sees a dossier only through an Assignment of one of their seats, never when they
declared a conflict with it (directly or through its facility or artisan), and never once it
left the round (withdrawn, rejected, disqualified). Each list is one query.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from awards.enums import DossierState
from awards.models import AwardRound
from scoring.conflicts import excluded_sheet_filter, member_dossier_conflict
from scoring.enums import PanelKind, SheetStatus
from scoring.models import Assignment, PanelMember, ScoreSheet

#: Dossiers in these states have left the round: judges no longer see them.
HIDDEN_STATES = (DossierState.WITHDRAWN, DossierState.REJECTED, DossierState.DISQUALIFIED)
#: States after scoring has been closed for a dossier.
SCORED_STATES = (
    DossierState.SCORED,
    DossierState.RECOGNISED,
    DossierState.NOT_RECOGNISED,
    DossierState.REVOKED,
)


def visible_assignments(*, user):
    """The user's assignments a judge may open (not conflicted, dossier still in the round)."""
    return (
        Assignment.objects.filter(member__user=user)
        .exclude(member_dossier_conflict())
        .exclude(dossier__state__in=HIDDEN_STATES)
    )


def _own_sheet(field):
    return Subquery(
        ScoreSheet.objects.filter(member=OuterRef("member"), dossier=OuterRef("dossier")).values(
            field
        )[:1]
    )


def _count(queryset):
    """A correlated COUNT of ``queryset`` (already narrowed to one round) for an annotation."""
    counted = (
        queryset.order_by()
        .values("member__panel__award_round")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def judge_rounds(*, user):
    """Rounds where the user sits on a jury (or has dossiers to score), with progress counts.

    One query; ``assigned`` and ``submitted`` count the user's visible assignments and those
    with a submitted sheet.
    """
    seats = PanelMember.objects.filter(user=user, panel__award_round=OuterRef("pk")).filter(
        Q(panel__kind=PanelKind.JURY) | Exists(Assignment.objects.filter(member=OuterRef("pk")))
    )
    mine = visible_assignments(user=user).filter(member__panel__award_round=OuterRef("pk"))
    submitted = mine.filter(
        Exists(
            ScoreSheet.objects.filter(
                member=OuterRef("member"),
                dossier=OuterRef("dossier"),
                status=SheetStatus.SUBMITTED,
            )
        )
    )
    return (
        AwardRound.objects.filter(Exists(seats))
        .select_related("organiser")
        .annotate(assigned=_count(mine), submitted=_count(submitted))
        .order_by("-year", "name")
    )


def judge_round_or_none(*, user, code):
    """The round ``code`` if the user holds a seat in it, else None."""
    return (
        AwardRound.objects.filter(code=code, panels__members__user=user)
        .select_related("rule_set")
        .distinct()
        .first()
    )


@dataclass
class Progress:
    submitted: int
    total: int

    @property
    def percent(self):
        return round(100 * self.submitted / self.total) if self.total else 0


def judge_assignments(*, user, award_round):
    """The user's visible assignments in ``award_round`` with their own sheet's status (one query).

    Each row carries ``sheet_status`` (None: not started), ``sheet_total`` and
    ``sheet_reopened`` (a draft that had been submitted before).
    """
    return list(
        visible_assignments(user=user)
        .filter(member__panel__award_round=award_round)
        .select_related("dossier__facility", "dossier__artisan")
        .annotate(
            sheet_status=_own_sheet("status"),
            sheet_total=_own_sheet("total"),
            sheet_submitted_at=_own_sheet("submitted_at"),
        )
        .order_by("dossier__code", "pk")
    )


def progress_of(rows):
    return Progress(
        submitted=sum(1 for row in rows if row.sheet_status == SheetStatus.SUBMITTED),
        total=len(rows),
    )


def assignment_or_none(*, user, dossier_pk, detail=False):
    """The user's visible assignment of dossier ``dossier_pk``, or None.

    Loads the seat and the round's rule set; with ``detail`` also the organiser and the
    facility or artisan with their units, for the dossier page (the save and check endpoints
    stay light).
    """
    related = ["member__panel", "member__user", "dossier__award_round__rule_set"]
    if detail:
        related += [
            "dossier__award_round__organiser",
            "dossier__facility__unit__parent",
            "dossier__artisan__unit__parent",
        ]
    return (
        visible_assignments(user=user)
        .filter(dossier_id=dossier_pk)
        .select_related(*related)
        .order_by("pk")
        .first()
    )


def own_sheet(*, member, dossier):
    return (
        ScoreSheet.objects.filter(member=member, dossier=dossier)
        .prefetch_related("lines", "reopenings")
        .first()
    )


def scoring_closed(*, dossier, at=None):
    """True once scoring is over for ``dossier`` (closed by state or by the round's deadline)."""
    if dossier.state in SCORED_STATES:
        return True
    closes = dossier.award_round.scoring_closes
    return closes is not None and (at or timezone.now()) > closes


def may_see_other_scores(*, dossier, sheet):
    """Judges see colleagues' scores after scoring closes, or, where the round allows it,
    once their own sheet is submitted."""
    if scoring_closed(dossier=dossier):
        return True
    own_submitted = sheet is not None and sheet.status == SheetStatus.SUBMITTED
    return dossier.award_round.scores_visible_after_own_sheet and own_submitted


def other_sheets(*, dossier, member):
    """Colleagues' submitted, countable sheets for ``dossier`` (conflicted ones left out)."""
    return list(
        ScoreSheet.objects.filter(dossier=dossier, status=SheetStatus.SUBMITTED)
        .exclude(member=member)
        .exclude(excluded_sheet_filter())
        .select_related("member__user")
        .order_by("member__user__full_name", "member_id")
    )
