"""Conflicts of interest: declaring them, and finding who is conflicted with what.

A conflict ties a panel seat to a dossier, to a facility (every dossier it enters) or to an
artisan (every dossier about that person). A conflicted member never sees or scores the
dossiers concerned, and any sheet they submitted before declaring stays in the database but
is left out of every aggregate: the filters below let one query exclude such sheets.

Reads for other modules:

- ``conflicted_dossier_ids(member=...)`` — the set of dossier ids of the member's round the
  member is conflicted with, directly or through the dossier's facility or artisan;
- ``excluded_sheet_filter(prefix="")`` — an ``Exists`` expression, true for sheets whose member
  is conflicted with the sheet's dossier. ``ScoreSheet.objects.exclude(excluded_sheet_filter())``
  keeps the countable sheets; on score lines use ``prefix="sheet__"``;
- ``member_dossier_conflict(member=..., dossier=...)`` — the same Exists for any queryset whose
  rows carry a member and a dossier (assignments use the defaults).
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from awards import access
from awards.errors import DomainError
from awards.models import Dossier
from awards.text import nfc
from scoring.enums import SheetStatus
from scoring.models import Assignment, Conflict, ScoreSheet


def _matches_dossier(dossier_ref):
    """Conflict rows that concern the dossier ``dossier_ref`` points at (an OuterRef path).

    ``dossier_ref`` is the path to the dossier in the outer query ("dossier", "sheet__dossier"
    or "pk" for a Dossier queryset). A NULL facility or artisan never matches (SQL NULL = NULL
    is not true), so a product dossier is not caught by an artisan conflict and vice versa.
    """
    prefix = "" if dossier_ref == "pk" else f"{dossier_ref}__"
    return (
        Q(dossier=OuterRef(dossier_ref))
        | Q(facility=OuterRef(f"{prefix}facility"))
        | Q(artisan=OuterRef(f"{prefix}artisan"))
    )


def member_dossier_conflict(*, member="member", dossier="dossier"):
    """``Exists``: the outer row's member (path) is conflicted with its dossier (path)."""
    return Exists(
        Conflict.objects.filter(member=OuterRef(member)).filter(_matches_dossier(dossier))
    )


def excluded_sheet_filter(prefix=""):
    """``Exists``: the sheet's member declared a conflict with the sheet's dossier.

    For ScoreSheet querysets use the default; for ScoreLine querysets ``prefix="sheet__"``.
    Aggregation excludes these sheets (``.exclude(excluded_sheet_filter())``), never counting
    them as zero.
    """
    return member_dossier_conflict(member=f"{prefix}member", dossier=f"{prefix}dossier")


def counted_sheet_filter(prefix=""):
    """``Q``: a sheet that counts by its own columns: submitted, with a total, not flagged
    ``excluded``. Add ``.exclude(excluded_sheet_filter(prefix))`` to catch a conflict that is
    not flagged yet. ``prefix="sheet__"`` for ScoreLine querysets."""
    return Q(
        **{
            f"{prefix}status": SheetStatus.SUBMITTED,
            f"{prefix}total__isnull": False,
            f"{prefix}excluded": False,
        }
    )


def conflicted_sheets(*, award_round):
    """The round's sheets whose judge is conflicted with the dossier, flagged or not; None when
    the round has no conflict at all (then it costs one small query).

    Only the sheets of members with at least one conflict are examined."""
    members = list(
        Conflict.objects.filter(member__panel__award_round=award_round)
        .values_list("member_id", flat=True)
        .distinct()
    )
    if not members:
        return None
    return ScoreSheet.objects.filter(member_id__in=members).filter(excluded_sheet_filter())


#: Alias kept for readers who look for the Q-style name.
conflict_exists_q = excluded_sheet_filter


def dossier_conflict_filter(*, member):
    """``Exists`` for Dossier querysets: ``member`` is conflicted with the outer dossier."""
    return Exists(Conflict.objects.filter(member=member).filter(_matches_dossier("pk")))


def conflicted_dossier_ids(*, member):
    """Ids of the dossiers of ``member``'s round that ``member`` is conflicted with (one query)."""
    return set(
        Dossier.objects.filter(award_round__panels__members=member)
        .filter(dossier_conflict_filter(member=member))
        .values_list("pk", flat=True)
    )


def is_conflicted(*, member, dossier):
    """True when ``member`` declared a conflict with ``dossier`` or its facility or artisan."""
    target = Q(dossier=dossier)
    if dossier.facility_id:
        target |= Q(facility_id=dossier.facility_id)
    if dossier.artisan_id:
        target |= Q(artisan_id=dossier.artisan_id)
    return Conflict.objects.filter(member=member).filter(target).exists()


def _refresh_tallies(*, dossier_ids):
    from scoring.tally import refresh_tallies  # the tally module reads this one

    refresh_tallies(dossier_ids=dossier_ids)


def _may_record(*, member, by):
    if by is not None and by.pk == member.user_id:
        return True
    return access.is_round_secretariat(by, member.panel.award_round)


@transaction.atomic
def declare_conflict(*, member, dossier=None, facility=None, artisan=None, reason, by):
    """Record that ``member`` is conflicted with a dossier, a facility or an artisan.

    Steps: check the reason and the target (a dossier must belong to the member's round);
    check that ``by`` is the member or the round's secretariat; create the Conflict (a second
    declaration of the same target returns the first); remove the member's assignments for the
    affected dossiers of the round; delete the member's draft sheets for them that were never
    submitted; flag the member's submitted sheets on them ``excluded`` and refresh the affected
    dossiers' tallies. Sheets submitted at least
    once (also those reopened for correction) are kept as evidence and left out of aggregation
    (``excluded`` and ``excluded_sheet_filter``).
    """
    reason = nfc(reason)
    if not reason:
        raise DomainError(_("Give the reason for the conflict of interest."))
    if dossier is None and facility is None and artisan is None:
        raise DomainError(_("Name the dossier, facility or artisan the conflict concerns."))
    award_round = member.panel.award_round
    if dossier is not None and dossier.award_round_id != award_round.pk:
        raise DomainError(_("This dossier is not in the round of this panel seat."))
    if not _may_record(member=member, by=by):
        raise DomainError(_("Only the member or the round's secretariat may record this conflict."))

    conflict = Conflict.objects.filter(
        member=member, dossier=dossier, facility=facility, artisan=artisan
    ).first()
    if conflict is None:
        conflict = Conflict.objects.create(
            member=member, dossier=dossier, facility=facility, artisan=artisan,
            reason=reason, declared_by=by,
        )  # fmt: skip

    target = Q(pk__in=[])
    if dossier is not None:
        target |= Q(pk=dossier.pk)
    if facility is not None:
        target |= Q(facility=facility)
    if artisan is not None:
        target |= Q(artisan=artisan)
    affected = Dossier.objects.filter(award_round=award_round).filter(target).values("pk")
    Assignment.objects.filter(member=member, dossier__in=affected).delete()
    ScoreSheet.objects.filter(
        member=member,
        dossier__in=affected,
        status=SheetStatus.DRAFT,
        submitted_at__isnull=True,
    ).delete()
    ScoreSheet.objects.filter(
        member=member, dossier__in=affected, status=SheetStatus.SUBMITTED, excluded=False
    ).update(excluded=True)
    _refresh_tallies(dossier_ids=list(affected.values_list("pk", flat=True)))
    return conflict


def refresh_exclusions(*, award_round):
    """Set ``ScoreSheet.excluded`` from the conflicts for every sheet of ``award_round``.

    A data fix for conflicts recorded without ``declare_conflict`` (or before the flag
    existed): one UPDATE flags the sheets whose member is conflicted with their dossier,
    one UPDATE clears the flag where no conflict remains; then every dossier tally of the
    round is rebuilt. Returns (flagged, cleared).
    """
    sheets = ScoreSheet.objects.filter(dossier__award_round=award_round)
    conflicted = excluded_sheet_filter()
    flagged = sheets.filter(conflicted, excluded=False).update(excluded=True)
    cleared = sheets.filter(~conflicted, excluded=True).update(excluded=False)
    from scoring.tally import rebuild_round  # the tally module reads this one

    rebuild_round(award_round=award_round)
    return flagged, cleared
