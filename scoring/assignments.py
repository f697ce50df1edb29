"""Which jury member scores which dossier.

Three modes (``Panel.assignment_mode``): everyone scores everything (the default), by
product group (``PanelMember.product_groups``), or by hand. ``assign`` materialises the
rows for the first two; it only adds what is missing, so running it again is harmless and
hand-made additions survive. A conflicted member is never assigned the dossier.

Plain functions with keyword-only arguments; refusals raise ``DomainError``.
"""

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from awards.enums import DossierState
from awards.errors import DomainError
from awards.models import Dossier, RoundEvent
from scoring.conflicts import conflicted_dossier_ids
from scoring.enums import AssignmentMode, PanelKind, SeatRole, SheetStatus
from scoring.models import Assignment, Conflict, PanelMember, ScoreSheet
from scoring.panels import admitted_dossier_ids

#: Seats that score: the jury's secretary keeps the papers and scores nothing.
SCORING_ROLES = (SeatRole.CHAIR, SeatRole.VICE_CHAIR, SeatRole.MEMBER)


def assignable_dossiers(*, award_round):
    """Dossiers a judge may be given: in scoring, or accepted and on the approved list."""
    admitted = admitted_dossier_ids(award_round=award_round)
    return Dossier.objects.filter(award_round=award_round).filter(
        Q(state=DossierState.IN_SCORING) | Q(state=DossierState.ACCEPTED, pk__in=admitted)
    )


def scoring_members(panel):
    return PanelMember.objects.filter(panel=panel, role__in=SCORING_ROLES).select_related("user")


def _require_jury(panel):
    if panel.kind != PanelKind.JURY:
        raise DomainError(_("Dossiers are assigned to the members of a jury, not of a council."))


def set_mode(*, panel, mode, by):
    """Change how ``panel`` assigns dossiers; existing assignments stay until removed."""
    _require_jury(panel)
    if mode not in AssignmentMode.values:
        raise DomainError(_("Choose how dossiers are assigned."))
    if mode != panel.assignment_mode:
        panel.assignment_mode = mode
        panel.save(update_fields=["assignment_mode"])
        RoundEvent.objects.create(
            award_round=panel.award_round, action="assignment_mode_changed", by=by,
            data={"panel": panel.pk, "mode": mode},
        )  # fmt: skip
    return panel


def _wanted_pairs(panel, dossiers):
    """(member, dossier id) pairs the panel's mode asks for, conflicts left out."""
    mode = panel.assignment_mode
    if mode == AssignmentMode.BY_HAND:
        return []
    dossier_groups = list(dossiers.values_list("pk", "product_group"))
    pairs = []
    for member in scoring_members(panel):
        conflicted = conflicted_dossier_ids(member=member)
        groups = set(member.product_groups or [])
        for dossier_id, group in dossier_groups:
            if dossier_id in conflicted:
                continue
            if mode == AssignmentMode.BY_GROUP and group not in groups:
                continue
            pairs.append((member, dossier_id))
    return pairs


def assign(*, panel, by):
    """Create the assignments ``panel``'s mode asks for and return how many were added.

    1. Only a jury is assigned dossiers; by hand, nothing is added automatically.
    2. Take the assignable dossiers (in scoring, or accepted on the approved list).
    3. Pair them with the scoring seats by the mode, leaving out every conflict.
    4. Insert the missing pairs (existing ones untouched) and log the run.
    """
    _require_jury(panel)
    with transaction.atomic():
        pairs = _wanted_pairs(panel, assignable_dossiers(award_round=panel.award_round))
        existing = set(
            Assignment.objects.filter(member__panel=panel).values_list("member_id", "dossier_id")
        )
        new = [
            Assignment(member=member, dossier_id=dossier_id, assigned_by=by)
            for member, dossier_id in pairs
            if (member.pk, dossier_id) not in existing
        ]
        Assignment.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
        RoundEvent.objects.create(
            award_round=panel.award_round, action="dossiers_assigned", by=by,
            data={"panel": panel.pk, "mode": panel.assignment_mode, "added": len(new)},
        )  # fmt: skip
    return len(new)


def assign_by_hand(*, member, dossiers, by):
    """Give ``member`` the chosen dossiers (those already assigned are kept as they are).

    Refuses a seat that does not score, a dossier that is not assignable in the round, and
    a dossier the member has a conflict with, naming the codes.
    """
    panel = member.panel
    _require_jury(panel)
    if member.role not in SCORING_ROLES:
        raise DomainError(_("The jury's secretary does not score dossiers."))
    dossiers = list(dossiers)
    allowed = set(
        assignable_dossiers(award_round=panel.award_round)
        .filter(pk__in=[d.pk for d in dossiers])
        .values_list("pk", flat=True)
    )
    refused = [d.code for d in dossiers if d.pk not in allowed]
    if refused:
        raise DomainError(
            _(
                "These dossiers are neither in scoring nor on the approved admission list: "
                "%(codes)s."
            )
            % {"codes": ", ".join(refused)}
        )
    conflicted = conflicted_dossier_ids(member=member)
    clashing = [d.code for d in dossiers if d.pk in conflicted]
    if clashing:
        raise DomainError(
            _("%(name)s has a conflict of interest with %(codes)s.")
            % {"name": member.user, "codes": ", ".join(clashing)}
        )
    with transaction.atomic():
        existing = set(
            Assignment.objects.filter(member=member).values_list("dossier_id", flat=True)
        )
        new = [
            Assignment(member=member, dossier=d, assigned_by=by)
            for d in dossiers
            if d.pk not in existing
        ]
        Assignment.objects.bulk_create(new, ignore_conflicts=True)
        if new:
            RoundEvent.objects.create(
                award_round=panel.award_round, action="dossiers_assigned_by_hand", by=by,
                data={"panel": panel.pk, "member": member.pk, "dossier_ids": [a.dossier_id for a in new]},
            )  # fmt: skip
    return len(new)


def unassign(*, member, dossier, by):
    """Take ``dossier`` away from ``member``; refused once their sheet is submitted.

    A draft sheet the member had started (never submitted) is deleted with the assignment;
    a sheet submitted once, even if reopened since, keeps the assignment on the record.
    """
    sheet = ScoreSheet.objects.filter(member=member, dossier=dossier).first()
    if sheet is not None and (sheet.status == SheetStatus.SUBMITTED or sheet.submitted_at):
        raise DomainError(
            _("%(name)s has already submitted a score sheet for %(code)s; the assignment stays.")
            % {"name": member.user, "code": dossier.code}
        )
    with transaction.atomic():
        deleted, _detail = Assignment.objects.filter(member=member, dossier=dossier).delete()
        if sheet is not None:
            sheet.delete()
        if deleted:
            RoundEvent.objects.create(
                award_round=member.panel.award_round, action="dossier_unassigned", by=by,
                data={"panel": member.panel_id, "member": member.pk, "dossier": dossier.pk},
            )  # fmt: skip
    return bool(deleted)


def _count(queryset, field):
    """A correlated COUNT(*) of ``queryset`` rows whose ``field`` is the outer row."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def load_per_member(*, panel):
    """Each seat of ``panel`` with ``assigned_count``, ``submitted_count``, ``draft_count``
    and ``conflict_count``.

    One query whatever the number of members and dossiers (correlated counts, no joins
    that multiply rows).
    """
    from scoring.panels import members_of

    return members_of(panel).annotate(
        assigned_count=_count(Assignment.objects.all(), "member"),
        submitted_count=_count(ScoreSheet.objects.filter(status=SheetStatus.SUBMITTED), "member"),
        draft_count=_count(ScoreSheet.objects.filter(status=SheetStatus.DRAFT), "member"),
        conflict_count=_count(Conflict.objects.all(), "member"),
    )


def member_assignments(*, member):
    """The dossiers ``member`` is assigned, with the status of their sheet (or None)."""
    sheet_status = ScoreSheet.objects.filter(member=member, dossier=OuterRef("dossier")).values(
        "status"
    )[:1]
    return (
        Assignment.objects.filter(member=member)
        .select_related("dossier__facility", "dossier__artisan")
        .annotate(sheet_status=Subquery(sheet_status))
        .order_by("dossier__title_sort", "dossier__code")
    )
