"""Public consultation of an artisan round: open the window, take comments, resolve them.

The window's length comes from the round's rule set, in calendar days or in working days
(weekends and ``Holiday`` rows skipped; see ``awards.rulesets.consultation_closes``).
Comments are stored exactly as typed (NFC-normalised): markup is harmless because every
page escapes it on output, and nothing is stripped behind the writer's back.
Voting can start only once the window has closed: the workflow guard ``consultation_over``
refuses it before, with a sentence saying until when.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from awards.enums import DossierState
from awards.errors import DomainError
from awards.models import AwardRound, ConsultationComment, Dossier, Holiday
from awards.rulesets import consultation_closes
from awards.text import nfc
from awards.uploads import inspect_document
from awards.workflow import run_transition

#: Longest comment accepted, in characters (a long letter; more belongs in a signed scan).
COMMENT_MAX_CHARS = 10_000
NAME_MAX_CHARS = 150
ADDRESS_MAX_CHARS = 255
SCAN_KINDS = ("pdf", "jpg", "png")
_PHONE = re.compile(r"^\+?[0-9][0-9 .\-]{6,18}[0-9]$")


def _date(value):
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def holidays_from(day):
    return set(Holiday.objects.filter(day__gte=day).values_list("day", flat=True))


def window_for(*, award_round, opens):
    """(opens, closes) of a consultation of ``award_round`` starting on ``opens``."""
    rule_set = award_round.rule_set
    closes = consultation_closes(rule_set=rule_set, opens=opens, holidays=holidays_from(opens))
    return opens, closes


def is_open(award_round, today=None):
    today = today or timezone.localdate()
    opens, closes = award_round.consultation_opens, award_round.consultation_closes
    return bool(opens and closes and opens <= today <= closes)


def open_rounds(today=None):
    """Rounds whose public consultation runs today, soonest closing first."""
    today = today or timezone.localdate()
    return AwardRound.objects.filter(
        consultation_opens__lte=today, consultation_closes__gte=today
    ).order_by("consultation_closes", "name")


def candidates(award_round):
    """The candidates published for comment, in Vietnamese order."""
    return (
        Dossier.objects.filter(award_round=award_round, state=DossierState.IN_CONSULTATION)
        .select_related("artisan__unit__parent")
        .order_by("title_sort", "code")
    )


def open_consultation(*, award_round, by, opens=None):
    """Publish the round's accepted dossiers for public comment.

    Steps: check the round (artisan family, consultation at its level, not yet opened, at
    least one accepted dossier); compute the window from the rule set and the holidays;
    store it on the round; run ``open_consultation`` on every accepted dossier — all in one
    transaction, so a refused dossier leaves nothing half-opened. Returns the number of
    dossiers published.
    """
    rule_set = award_round.rule_set
    if not award_round.is_artisan:
        raise DomainError(_("Public consultation is only for artisan rounds."))
    if not rule_set.has_consultation_at(award_round.level):
        raise DomainError(_("This level has no public consultation in its rule set."))
    if award_round.consultation_opens:
        raise DomainError(
            _("The public consultation of this round was already opened on %(date)s.")
            % {"date": _date(award_round.consultation_opens)}
        )
    opens = opens or timezone.localdate()
    if opens < timezone.localdate():
        raise DomainError(_("The consultation cannot start in the past."))
    opens, closes = window_for(award_round=award_round, opens=opens)
    with transaction.atomic():
        claimed = AwardRound.objects.filter(
            pk=award_round.pk, consultation_opens__isnull=True
        ).update(consultation_opens=opens, consultation_closes=closes)
        if not claimed:
            raise DomainError(
                _("Someone else opened this consultation a moment ago. Reload the page.")
            )
        award_round.consultation_opens, award_round.consultation_closes = opens, closes
        dossiers = list(
            Dossier.objects.select_for_update()
            .filter(award_round=award_round, state=DossierState.ACCEPTED)
            .order_by("pk")
        )
        if not dossiers:
            raise DomainError(_("No accepted dossier is waiting for the public consultation."))
        for dossier in dossiers:
            dossier.award_round = award_round
            run_transition(dossier=dossier, action="open_consultation", by=by)
    return len(dossiers)


def open_voting(*, award_round, by):
    """Move every dossier in consultation to the vote, all or none.

    The workflow refuses while the window runs (guard ``consultation_over``); its message is
    raised as it is. Returns the number of dossiers moved.
    """
    with transaction.atomic():
        dossiers = list(
            Dossier.objects.select_for_update()
            .filter(award_round=award_round, state=DossierState.IN_CONSULTATION)
            .order_by("pk")
        )
        if not dossiers:
            raise DomainError(_("No dossier is in public consultation."))
        for dossier in dossiers:
            dossier.award_round = award_round
            run_transition(dossier=dossier, action="open_voting", by=by)
    return len(dossiers)


def _clean(value):
    return nfc(str(value or ""))


def comment_problems(*, name, phone, address, content):
    """Field name → message for every field that cannot be accepted."""
    problems = {}
    if not name:
        problems["name"] = _("Please give your full name.")
    elif len(name) > NAME_MAX_CHARS:
        problems["name"] = _("The name may be at most %(max)d characters long.") % {
            "max": NAME_MAX_CHARS
        }
    if not _PHONE.match(phone or ""):
        problems["phone"] = _(
            "Please give a phone number we can call back, e.g. 0251 3822 123 or +84 251 3822 123."
        )
    if not address:
        problems["address"] = _("Please give your address.")
    elif len(address) > ADDRESS_MAX_CHARS:
        problems["address"] = _("The address may be at most %(max)d characters long.") % {
            "max": ADDRESS_MAX_CHARS
        }
    if not content:
        problems["content"] = _("Please write your comment.")
    elif len(content) > COMMENT_MAX_CHARS:
        problems["content"] = _(
            "A comment may be at most %(max)s characters long; yours has %(count)s. "
            "Please shorten it, or send the full text as a signed scan."
        ) % {
            "max": formats.number_format(COMMENT_MAX_CHARS, force_grouping=True),
            "count": formats.number_format(len(content), force_grouping=True),
        }
    return problems


def submit_comment(
    *, award_round, name, phone, address, content, dossier=None, signed_scan=None, now=None
):
    """Record a public comment on ``award_round`` (optionally about one candidate).

    Steps: the window must be open today; the candidate, if named, must be published in
    this round; the fields are NFC-normalised and checked (lengths, a callable phone
    number); a signed scan must pass ``awards.uploads.inspect_document`` (PDF, JPG, PNG);
    then the comment is saved as typed. Raises ``ValidationError`` (a dict per field, or
    one message) and saves nothing when anything is wrong.
    """
    now = now or timezone.now()
    if not is_open(award_round, timezone.localdate(now)):
        raise ValidationError(_("The public consultation of this round is not open."))
    if dossier is not None and (
        dossier.award_round_id != award_round.pk or dossier.state != DossierState.IN_CONSULTATION
    ):
        raise ValidationError({"dossier": _("This candidate is not in the public consultation.")})
    name, phone, address, content = (_clean(v) for v in (name, phone, address, content))
    problems = comment_problems(name=name, phone=phone, address=address, content=content)
    checked = None
    if signed_scan is not None:
        try:
            checked = inspect_document(upload=signed_scan, accepted_kinds=SCAN_KINDS)
        except ValidationError as error:
            problems["signed_scan"] = error.messages[0]
    if problems:
        raise ValidationError(problems)
    comment = ConsultationComment(
        award_round=award_round,
        dossier=dossier,
        name=name,
        phone=phone,
        address=address,
        content=content,
        created_at=now,
    )
    with transaction.atomic():
        if checked is not None:
            upload = checked.as_content_file()
            comment.signed_scan.save(upload.name, upload, save=False)
        comment.save()
    return comment


def resolve_comment(*, comment, resolution, by, seen=None):
    """Record how the secretariat handled ``comment``.

    ``seen`` is the resolution time the secretary's page showed; when someone else recorded
    a resolution in between, nothing is saved and ``DomainError`` says so.
    """
    resolution = _clean(resolution)
    if not resolution:
        raise ValidationError({"resolution": _("Write how the comment was resolved.")})
    if len(resolution) > COMMENT_MAX_CHARS:
        raise ValidationError(
            {
                "resolution": _("The resolution may be at most %(max)s characters long.")
                % {"max": formats.number_format(COMMENT_MAX_CHARS, force_grouping=True)}
            }
        )
    with transaction.atomic():
        current = ConsultationComment.objects.select_for_update().get(pk=comment.pk)
        stamp = current.resolved_at.isoformat() if current.resolved_at else ""
        if seen is not None and seen != stamp:
            raise DomainError(
                _(
                    "Someone else recorded a resolution for this comment a moment ago. "
                    "Nothing was saved; reload the page and check again."
                )
            )
        current.resolution = resolution
        current.resolved_by = by
        current.resolved_at = timezone.now()
        current.save(update_fields=["resolution", "resolved_by", "resolved_at"])
    return current


def days_left(award_round, today=None):
    today = today or timezone.localdate()
    if not award_round.consultation_closes:
        return None
    return max((award_round.consultation_closes - today).days, 0)


__all__ = [
    "COMMENT_MAX_CHARS",
    "candidates",
    "days_left",
    "is_open",
    "open_consultation",
    "open_rounds",
    "open_voting",
    "resolve_comment",
    "submit_comment",
    "window_for",
]
