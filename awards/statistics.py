"""Figures for the secretariat: dossiers by group, locality, level and year, pass rates and
judge participation, over the rounds a person runs.

Every figure is one aggregate query (seven in all), whatever the number of rounds and
dossiers. ``awards`` does not import ``scoring`` at module level, so the scoring models are
imported inside ``judge_participation``.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce, Concat
from django.utils.translation import gettext as _

from awards import access
from awards.enums import DossierState, Level, ProductGroup, Title
from awards.models import AwardRound, Dossier

S = DossierState
#: Dossiers that reached a result: the pass rate is passed / assessed.
PASSED_STATES = (S.RECOGNISED, S.APPROVED, S.AWARDED, S.REVOKED)
ASSESSED_STATES = (*PASSED_STATES, S.NOT_RECOGNISED, S.NOT_APPROVED)
#: Dossiers that left the round: their sheets are no longer expected.
GONE_STATES = (S.WITHDRAWN, S.REJECTED, S.DISQUALIFIED)


@dataclass
class Row:
    """One line of a table and its bar: ``entered`` dossiers, ``assessed``, ``passed``."""

    key: object
    label: str
    entered: int = 0
    assessed: int = 0
    passed: int = 0
    bar: int = 0  # width of the bar in percent of the largest row
    passed_bar: int = 0  # width of its passed part, same scale

    @property
    def pass_rate(self):
        return round(100 * self.passed / self.assessed) if self.assessed else None


@dataclass
class Participation:
    key: int
    label: str
    expected: int = 0
    submitted: int = 0

    @property
    def rate(self):
        return round(100 * self.submitted / self.expected) if self.expected else None


def rounds_for(user):
    """Rounds whose secretariat ``user`` is (every round for the system administrator)."""
    if access.is_sysadmin(user):
        return AwardRound.objects.all()
    if not (user and user.is_authenticated):
        return AwardRound.objects.none()
    agencies = user.agency_memberships.filter(active=True).values("agency_id")
    return AwardRound.objects.filter(organiser_id__in=agencies)


def _counts():
    return {
        "entered": Count("pk"),
        "assessed": Count("pk", filter=Q(state__in=ASSESSED_STATES)),
        "passed": Count("pk", filter=Q(state__in=PASSED_STATES)),
    }


def _scale(rows):
    top = max((row.entered for row in rows), default=0)
    for row in rows:
        row.bar = round(100 * row.entered / top) if top else 0
        row.passed_bar = round(100 * row.passed / top) if top else 0
    return rows


def _rows(queryset, key, label_of, *, order_by_count=False):
    rows = [
        Row(key=item[key], label=label_of(item[key]), **{k: item[k] for k in _counts()})
        for item in queryset.values(key).annotate(**_counts()).order_by(key)
    ]
    if order_by_count:
        rows.sort(key=lambda row: (-row.entered, row.label))
    return _scale(rows)


def _label(choices, empty):
    labels = dict(choices)

    def label_of(value):
        return str(labels.get(value, value)) if value else str(empty)

    return label_of


def round_statistics(*, rounds, year=None, level=None):
    """Figures over ``rounds`` (a queryset), narrowed to a year and a level."""
    if year:
        rounds = rounds.filter(year=year)
    if level:
        rounds = rounds.filter(level=level)
    dossiers = Dossier.objects.filter(award_round__in=rounds.values("pk")).exclude(state=S.DRAFT)
    groups = _rows(
        dossiers.annotate(group_key=Concat("product_group", "title_sought")).exclude(group_key=""),
        "group_key",
        _label([*ProductGroup.choices, *Title.choices], _("Not given")),
    )
    localities = _rows(
        dossiers.annotate(locality=Coalesce("facility__unit__name", "artisan__unit__name")),
        "locality",
        lambda value: value or _("Not given"),
        order_by_count=True,
    )
    levels = _rows(dossiers, "award_round__level", _label(Level.choices, _("Not given")))
    years = _rows(dossiers, "award_round__year", lambda value: str(value))
    round_names = dict(rounds.values_list("pk", "name"))
    per_round = _rows(dossiers, "award_round", lambda value: round_names.get(value, str(value)))
    totals = Row(key="all", label=_("All rounds"))
    for row in levels:
        totals.entered += row.entered
        totals.assessed += row.assessed
        totals.passed += row.passed
    return {
        "totals": totals,
        "groups": groups,
        "localities": localities,
        "levels": levels,
        "years": years,
        "rounds": per_round,
        "participation": judge_participation(rounds=rounds, names=round_names),
    }


def judge_participation(*, rounds, names):
    """Sheets submitted / sheets expected per round (one query).

    A sheet is expected for each assignment of a jury seat, unless the judge declared a
    conflict with the dossier or the dossier left the round.
    """
    from scoring.conflicts import member_dossier_conflict
    from scoring.enums import PanelKind, SheetStatus
    from scoring.models import Assignment, ScoreSheet

    submitted = ScoreSheet.objects.filter(
        member=OuterRef("member"), dossier=OuterRef("dossier"), status=SheetStatus.SUBMITTED
    )
    rows = (
        Assignment.objects.filter(
            member__panel__award_round__in=rounds.values("pk"),
            member__panel__kind=PanelKind.JURY,
        )
        .exclude(member_dossier_conflict())
        .exclude(dossier__state__in=GONE_STATES)
        .annotate(done=Exists(submitted))
        .values("member__panel__award_round")
        .annotate(expected=Count("pk"), submitted=Count("pk", filter=Q(done=True)))
        .order_by("member__panel__award_round")
    )
    return [
        Participation(
            key=row["member__panel__award_round"],
            label=names.get(row["member__panel__award_round"], ""),
            expected=row["expected"],
            submitted=row["submitted"],
        )
        for row in rows
    ]


def year_choices(rounds):
    return list(rounds.order_by("-year").values_list("year", flat=True).distinct())
