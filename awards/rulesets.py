"""Rule sets as data: validation, copying a preset into a round, and derived dates."""

import calendar
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.enums import DayKind, ValidityKind
from awards.models import Criterion, RuleSet

COPIED_FIELDS = [
    "code", "version", "name", "family", "legal_basis", "levels", "evaluation_mode",
    "pass_mark", "aggregation_method", "quorum_ratio", "quorum_min_sheets", "vote_quorum_pct",
    "vote_approval_pct", "vote_denominator", "nomination_quota", "bands", "tie_breaks",
    "disagreement_threshold", "official_result_normalised", "certificate_validity_kind",
    "certificate_validity_value", "consultation_days", "consultation_day_kind",
    "consultation_levels", "min_photos", "notes",
]  # fmt: skip


def criteria_problems(rule_set):
    """Sentences naming every criterion group whose sub-criteria do not sum to its maximum."""
    problems = []
    criteria = list(rule_set.criteria.all())
    children = {}
    for criterion in criteria:
        if criterion.parent_id:
            children.setdefault(criterion.parent_id, []).append(criterion)
    for group in (c for c in criteria if c.parent_id is None):
        subs = children.get(group.pk, [])
        total = sum((c.max_points for c in subs), start=0)
        if subs and total != group.max_points:
            problems.append(
                _("Group “%(group)s”: sub-criteria sum to %(total)s, not %(max)s.")
                % {"group": group.name, "total": total, "max": group.max_points}
            )
    return problems


def validate_rule_set(rule_set):
    """Raise ``ValidationError`` listing every inconsistency of ``rule_set``."""
    problems = criteria_problems(rule_set)
    minima = []
    for index, band in enumerate(rule_set.bands or []):
        if not isinstance(band, dict) or "label" not in band or "min" not in band:
            problems.append(_("Band %(n)d needs a label and a minimum.") % {"n": index + 1})
        elif isinstance(band["min"], bool) or not isinstance(band["min"], int | float | Decimal):
            # JSON edited by hand may hold "90": report it instead of failing on the sort below.
            problems.append(_("Band %(n)d: the minimum must be a number.") % {"n": index + 1})
        else:
            minima.append(band["min"])
    if minima != sorted(minima, reverse=True):
        problems.append(_("Bands must be listed from the highest minimum down."))
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def copy_rule_set(*, preset):
    """Deep-copy ``preset`` (criteria tree, checklist, eligibility checks) for a new round."""
    copy = RuleSet.objects.create(
        is_preset=False, copied_from=preset, **{f: getattr(preset, f) for f in COPIED_FIELDS}
    )
    new_ids = {}
    for criterion in preset.criteria.order_by("parent_id", "order", "pk"):
        if criterion.parent_id is None:
            new = Criterion.objects.create(
                rule_set=copy, code=criterion.code, name=criterion.name,
                description=criterion.description, max_points=criterion.max_points,
                order=criterion.order,
            )  # fmt: skip
            new_ids[criterion.pk] = new.pk
    Criterion.objects.bulk_create(
        Criterion(
            rule_set=copy,
            parent_id=new_ids[c.parent_id],
            code=c.code,
            name=c.name,
            description=c.description,
            max_points=c.max_points,
            order=c.order,
        )
        for c in preset.criteria.filter(parent__isnull=False)
    )
    for relation in ("requirements", "eligibility_checks"):
        manager = getattr(preset, relation)
        model = manager.model
        rows = []
        for item in manager.all():
            item.pk = None
            item.rule_set = copy
            rows.append(item)
        model.objects.bulk_create(rows)
    return copy


def certificate_valid_until(*, rule_set, issued_on):
    """Last day a certificate issued on ``issued_on`` is valid, or None when it never expires.

    End-of-year rule: valid to 31 December of year N counting the issue year as year one
    (products: N = 4, so a certificate issued in 2025 is valid to 31/12/2028).
    Months rule: valid through the day before the same date N months later (31/03/2025 +
    36 months → 30/03/2028); when that month has no such date (31/01 + 1 month), the period
    ends on the last day of that month (28/02), as the Civil Code counts months.
    """
    kind, value = rule_set.certificate_validity_kind, rule_set.certificate_validity_value
    if kind == ValidityKind.END_OF_YEAR:
        return datetime.date(issued_on.year + value - 1, 12, 31)
    if kind == ValidityKind.MONTHS:
        month_index = issued_on.month - 1 + value
        year, month = issued_on.year + month_index // 12, month_index % 12 + 1
        last_day = calendar.monthrange(year, month)[1]
        if issued_on.day > last_day:
            return datetime.date(year, month, last_day)
        return datetime.date(year, month, issued_on.day) - datetime.timedelta(days=1)
    return None


def add_days(*, start, days, kind, holidays=()):
    """The date ``days`` calendar or working days after ``start`` (weekends and holidays skipped)."""
    if kind == DayKind.CALENDAR:
        return start + datetime.timedelta(days=days)
    current, counted = start, 0
    holidays = set(holidays)
    while counted < days:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            counted += 1
    return current


def consultation_closes(*, rule_set, opens, holidays=()):
    """Closing date of a public consultation that opens on ``opens`` (day one)."""
    if not rule_set.consultation_days:
        return None
    if rule_set.consultation_day_kind == DayKind.CALENDAR:
        return opens + datetime.timedelta(days=rule_set.consultation_days - 1)
    holidays = set(holidays)  # read once: a generator would be empty on the second pass
    first = opens
    while first.weekday() >= 5 or first in holidays:
        first += datetime.timedelta(days=1)
    return add_days(
        start=first, days=rule_set.consultation_days - 1, kind=DayKind.WORKING, holidays=holidays
    )
