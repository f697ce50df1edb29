"""Score sheets: start, save as draft, submit (the sheet locks), reopen, and the content hash.

Every function takes keyword arguments, runs in one transaction and raises
``awards.errors.DomainError`` (or its subclass ``SheetInvalid`` carrying one message per
criterion) with sentences a person can read. Points are Decimals with at most two decimal
places; a criterion not scored yet is NULL, never zero.

The rules for a value (``scoring.points``) and the canonical content and its hash
(``scoring.sheet_content``) live in their own modules and are re-exported here.

Who may act: the sheet's judge saves and submits; the round's secretariat may do the same on
the judge's behalf (paper sheets), and only the secretariat reopens a submitted sheet.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from awards import access
from awards.enums import DossierState
from awards.errors import DomainError
from awards.models import Criterion
from awards.text import nfc
from scoring.conflicts import is_conflicted
from scoring.enums import SheetStatus
from scoring.models import Assignment, ScoreLine, ScoreLineChange, ScoreSheet, SheetReopening

# Re-exported: the points rules and the canonical hash are part of this module's interface.
from scoring.points import (  # noqa: F401
    POINT_PLACES,
    POINT_STEP,
    clean_points,
    display_points,
    format_points,
    parse_points,
)
from scoring.services import recompute_total
from scoring.sheet_content import (  # noqa: F401
    CANONICAL_VERSION,
    canonical_content,
    canonical_sheet_content,
    hash_content,
    sheet_hash,
)
from scoring.tally import refresh_tallies


class SheetInvalid(DomainError):
    """Some points are not acceptable; ``field_errors`` maps criterion id to a message."""

    def __init__(self, message, *, field_errors):
        super().__init__(message, problems=list(field_errors.values()))
        self.field_errors = dict(field_errors)


class StaleSheet(DomainError):
    """The sheet changed since the page was loaded (another tab, device or person)."""


# --- reads --------------------------------------------------------------------------------


def leaf_criteria(rule_set):
    """The criteria scored on a sheet: those without children, in sheet order (one query)."""
    leaves = Criterion.objects.filter(rule_set=rule_set, children__isnull=True).select_related(
        "parent"
    )
    return sorted(leaves, key=sheet_order)


def sheet_order(criterion):
    """Sort key: the group's order and code, then the criterion's own (groups without
    sub-criteria are scored directly and sort as their own group)."""
    group = criterion.parent or criterion
    own = (0, "") if criterion.parent_id is None else (criterion.order, criterion.code)
    return (group.order, group.code, *own)


def sheet_is_editable(sheet):
    return sheet is None or sheet.status == SheetStatus.DRAFT


def scoring_problems(*, dossier, at=None):
    """Sentences saying why ``dossier`` cannot be scored now (empty when scoring is open)."""
    at = at or timezone.now()
    problems = []
    if dossier.state != DossierState.IN_SCORING:
        problems.append(
            _("The dossier is not in scoring (it is “%(state)s”).")
            % {"state": DossierState(dossier.state).label}
        )
    closes = dossier.award_round.scoring_closes
    if closes is not None and at > closes:
        problems.append(
            _("Scoring closed on %(when)s.")
            % {"when": timezone.localtime(closes).strftime("%d/%m/%Y %H:%M")}
        )
    return problems


def scoring_is_open(*, dossier, at=None):
    return not scoring_problems(dossier=dossier, at=at)


def _require_scoring_open(dossier, action):
    problems = scoring_problems(dossier=dossier)
    if problems:
        raise DomainError(f"{action} {' '.join(problems)}", problems=problems)


def _require_judge_or_secretariat(sheet, by):
    if by is not None and by.pk == sheet.member.user_id:
        return
    if access.is_round_secretariat(by, sheet.dossier.award_round):
        return
    raise DomainError(_("Only the judge or the round's secretariat may change this sheet."))


def sheet_version(sheet):
    """The optimistic-lock token a form carries: the sheet's last change, ISO 8601."""
    return sheet.updated_at.isoformat() if sheet is not None else ""


def _check_version(sheet, expected_updated_at):
    if expected_updated_at in (None, ""):
        return
    expected = expected_updated_at
    if isinstance(expected, str):
        expected = parse_datetime(expected)
    if expected is None or expected != sheet.updated_at:
        raise StaleSheet(
            _(
                "This sheet was changed elsewhere (another tab, device or person) after you "
                "opened it. Nothing was saved; reload the page to see the current points."
            )
        )


# --- services -----------------------------------------------------------------------------


def _locked(sheet):
    """The sheet re-read under a row lock, with member, dossier and round."""
    return (
        ScoreSheet.objects.select_for_update(of=("self",))
        .select_related("member__panel", "dossier__award_round")
        .get(pk=sheet.pk)
    )


@transaction.atomic
def get_or_start_sheet(*, member, dossier):
    """Return ``member``'s sheet for ``dossier``, creating it with one empty line per criterion.

    Steps: refuse a dossier of another round, one not assigned to the member or one the member
    is conflicted with; get or create the sheet (a concurrent creation is caught by the unique
    constraint and the existing sheet returned); add a NULL line, with the criterion's maximum
    copied, for every leaf criterion of the round's rule set that has none yet (only while the
    sheet is a draft).
    """
    if dossier.award_round_id != member.panel.award_round_id:
        raise DomainError(_("This dossier is not in the round of this panel seat."))
    if not Assignment.objects.filter(member=member, dossier=dossier).exists():
        raise DomainError(_("This dossier is not assigned to this judge."))
    if is_conflicted(member=member, dossier=dossier):
        raise DomainError(_("The judge declared a conflict of interest with this dossier."))
    sheet = ScoreSheet.objects.filter(member=member, dossier=dossier).first()
    if sheet is None:
        try:
            with transaction.atomic():
                sheet = ScoreSheet.objects.create(member=member, dossier=dossier)
        except IntegrityError:
            sheet = ScoreSheet.objects.get(member=member, dossier=dossier)
    if sheet.status == SheetStatus.DRAFT:
        present = set(sheet.lines.values_list("criterion_id", flat=True))
        ScoreLine.objects.bulk_create(
            [
                ScoreLine(sheet=sheet, criterion=c, max_points=c.max_points, points=None)
                for c in leaf_criteria(dossier.award_round.rule_set)
                if c.pk not in present
            ],
            ignore_conflicts=True,
        )
    return sheet


@transaction.atomic
def save_draft(*, sheet, points, comment, by, expected_updated_at=None):
    """Save points and comment on a draft sheet and return the fresh sheet.

    Steps: lock the sheet; check that ``by`` is its judge or the round's secretariat, that it
    is still a draft, that scoring is open and that nobody saved it since
    ``expected_updated_at`` (when given); validate every value (numeric, not negative, not
    above the criterion's maximum, two decimals at most) and refuse the whole save with one
    message per criterion if any is wrong; write the changed lines; when the sheet had been
    submitted before (it was reopened), record each changed line's old and new points against
    the latest reopening; store the comment, who entered it, and the recomputed total.
    ``points`` maps criterion id to a Decimal, a string or None; criteria not named keep their
    points.
    """
    sheet = _locked(sheet)
    _require_judge_or_secretariat(sheet, by)
    if sheet.status != SheetStatus.DRAFT:
        raise DomainError(
            _("This sheet has been submitted and is locked. Ask the secretariat to reopen it.")
        )
    _require_scoring_open(sheet.dossier, _("The sheet cannot be saved."))
    _check_version(sheet, expected_updated_at)

    lines = list(sheet.lines.select_related("criterion"))
    cleaned, errors = clean_points(points, maxima={ln.criterion_id: ln.max_points for ln in lines})
    if errors:
        raise SheetInvalid(
            _("Some points are not acceptable; nothing was saved."), field_errors=errors
        )

    changed = [
        ln for ln in lines if ln.criterion_id in cleaned and cleaned[ln.criterion_id] != ln.points
    ]
    if changed and sheet.submitted_at is not None:
        reopening = sheet.reopenings.order_by("-at", "-pk").first()
        now = timezone.now()
        ScoreLineChange.objects.bulk_create(
            ScoreLineChange(
                sheet=sheet,
                criterion_id=ln.criterion_id,
                old_points=ln.points,
                new_points=cleaned[ln.criterion_id],
                reopening=reopening,
                changed_by=by,
                changed_at=now,
            )
            for ln in changed
        )
    for line in changed:
        line.points = cleaned[line.criterion_id]
    if changed:
        ScoreLine.objects.bulk_update(changed, ["points"])

    sheet.comment = nfc(comment)
    sheet.entered_by = by
    sheet.save(update_fields=["comment", "entered_by", "updated_at"])
    recompute_total(sheet=sheet)
    return sheet


@transaction.atomic
def submit_sheet(*, sheet, by, expected_updated_at=None):
    """Submit (lock) a draft sheet and return it.

    Steps: lock the sheet; check ``by`` (the judge or the round's secretariat), that the sheet
    is a draft, that scoring is open (the dossier is in scoring and the round's closing time
    has not passed), that nobody changed it since ``expected_updated_at`` (when given) and
    that the judge has not declared a conflict with the dossier; refuse
    when any criterion has no points, naming each one; set status, submission time and the
    total (``recompute_total``); store the SHA-256 of the canonical content (``sheet_hash``).
    """
    sheet = _locked(sheet)
    _require_judge_or_secretariat(sheet, by)
    if sheet.status != SheetStatus.DRAFT:
        raise DomainError(_("This sheet has already been submitted."))
    _require_scoring_open(sheet.dossier, _("The sheet cannot be submitted."))
    _check_version(sheet, expected_updated_at)
    if is_conflicted(member=sheet.member, dossier=sheet.dossier):
        raise DomainError(_("The judge declared a conflict of interest with this dossier."))
    lines = sorted(
        sheet.lines.select_related("criterion__parent"), key=lambda ln: sheet_order(ln.criterion)
    )
    missing = [ln.criterion for ln in lines if ln.points is None]
    if not lines or missing:
        names = [f"{c.code}. {c.name}" for c in missing]
        raise DomainError(
            _("The sheet is not complete. Give points for: %(criteria)s.")
            % {"criteria": "; ".join(names) or _("every criterion")},
            problems=names,
        )
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at = timezone.now()
    sheet.save(update_fields=["status", "submitted_at", "updated_at"])
    recompute_total(sheet=sheet)
    sheet.content_hash = sheet_hash(sheet, lines=lines)
    sheet.save(update_fields=["content_hash", "updated_at"])
    return sheet


@transaction.atomic
def reopen_sheet(*, sheet, by, reason):
    """Reopen a submitted sheet for correction and return the SheetReopening.

    Steps: require a written reason; lock the sheet; check that ``by`` is the round's
    secretariat, that the sheet is submitted and that scoring is still open (a reopened sheet
    must be submittable again); record the reopening with the total before; set the sheet back
    to draft and take it out of the dossier's tally. ``submitted_at`` and ``content_hash`` keep the last submission's values until the
    judge submits again; from now on every changed line is kept with its old and new points.
    """
    reason = nfc(reason)
    if not reason:
        raise DomainError(_("Give the reason for reopening the sheet."))
    sheet = _locked(sheet)
    if not access.is_round_secretariat(by, sheet.dossier.award_round):
        raise DomainError(_("Only the round's secretariat may reopen a submitted sheet."))
    if sheet.status != SheetStatus.SUBMITTED:
        raise DomainError(_("Only a submitted sheet can be reopened."))
    _require_scoring_open(sheet.dossier, _("The sheet cannot be reopened."))
    reopening = SheetReopening.objects.create(
        sheet=sheet, reason=reason, by=by, previous_total=sheet.total
    )
    sheet.status = SheetStatus.DRAFT
    sheet.save(update_fields=["status", "updated_at"])
    refresh_tallies(dossier_ids=[sheet.dossier_id])
    transaction.on_commit(lambda: _mail_sheet_reopened(reopening))
    return reopening


def _mail_sheet_reopened(reopening):
    """Tell the judge their sheet is open for correction (editable template, outbox row)."""
    from django.conf import settings
    from django.urls import reverse

    from awards.mail import send_mail_from_template

    judge, dossier = reopening.sheet.member.user, reopening.sheet.dossier
    if not judge.email:
        return
    link = settings.SITE_URL.rstrip("/") + reverse("scoring:judge_dossier", args=[dossier.pk])
    send_mail_from_template(
        code="sheet_reopened",
        to=[judge.email],
        award_round=dossier.award_round,
        dossier=dossier,
        context={
            "recipient_name": judge.display_name,
            "dossier_code": dossier.code,
            "dossier_title": dossier.title,
            "round_name": dossier.award_round.name,
            "reason": reopening.reason,
            "link": link,
        },
    )
