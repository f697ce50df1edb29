"""The secretariat's completeness review: verdicts, the supplement request and the decisions.

Every state change goes through ``awards.workflow.run_transition`` (its guards, its state
lock and its log); these services add what the secretariat's side needs around it: the
verdict per checklist item with an optimistic version check, the one written request that
lists everything missing (one-stop rule), and the paper set's arrival, which is logged as
a round event and is not a state change.

E-mails: the applicant is told about a return, an acceptance, a rejection or a
disqualification by ``awards.notifications`` (it listens to the transition signal and
sends after the commit), so nothing here sends mail itself.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from awards import access
from awards.enums import DossierState
from awards.errors import DomainError
from awards.models import (
    DocumentVerdict,
    Dossier,
    DossierTransition,
    RoundEvent,
    SupplementRequest,
    Verdict,
)
from awards.text import nfc
from awards.workflow import dossier_transitioned, run_transition

S = DossierState

#: ``expected_at`` for a verdict form drawn while the item had no verdict yet.
NO_VERDICT_YET = "new"
#: States in which the secretariat records verdicts (the dossier is being checked).
REVIEW_STATES = (S.SUBMITTED, S.RETURNED)
#: Verdicts that put an item on the supplement request.
TO_SUPPLEMENT = (Verdict.MISSING, Verdict.INVALID)
#: Days the applicant gets to supplement, unless the secretariat sets another deadline.
DEFAULT_SUPPLEMENT_DAYS = 10
#: RoundEvent.action of "the paper set arrived".
PAPER_RECEIVED = "paper_received"


class StaleVerdict(DomainError):
    """The verdict changed since the form was drawn; ``current`` is the verdict now (or None)."""

    def __init__(self, message, *, current=None):
        super().__init__(message)
        self.current = current


def _when(value):
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _ensure_secretariat(dossier, by):
    if not access.is_round_secretariat(by, dossier.award_round):
        raise DomainError(_("Only the secretariat of this round may do this."))


def default_deadline(now=None):
    """End of the local day ``DEFAULT_SUPPLEMENT_DAYS`` days from now."""
    today = timezone.localdate(now)
    return end_of_day(today + datetime.timedelta(days=DEFAULT_SUPPLEMENT_DAYS))


def end_of_day(day):
    """23:59:59 local time of ``day`` (deadlines given as a date mean the whole day)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


# --- verdicts --------------------------------------------------------------------------


def _stale(requirement, current):
    if current is None:
        return StaleVerdict(
            _(
                "Someone else removed the verdict on “%(item)s” a moment ago. "
                "Your change was not saved; check the item and save again."
            )
            % {"item": requirement.name}
        )
    return StaleVerdict(
        _(
            "Someone else changed the verdict on “%(item)s” a moment ago (now “%(verdict)s”, "
            "by %(by)s at %(when)s). Your change was not saved; check it and save again."
        )
        % {
            "item": requirement.name,
            "verdict": current.get_verdict_display(),
            "by": current.by or _("unknown"),
            "when": _when(current.at),
        },
        current=current,
    )


def set_verdict(*, dossier, requirement, verdict, note="", by, expected_at=None):
    """Record the secretariat's verdict on one checklist item and return it.

    Steps: ``by`` is the round's secretariat → the dossier is under review → the item is on
    its checklist → the verdict is known (an invalid item needs a note saying what is
    wrong) → compare-and-set: with ``expected_at`` (the ``at`` the form was drawn with, or
    ``NO_VERDICT_YET``) the row is written only if nobody changed it since; a stale save
    raises ``StaleVerdict`` and changes nothing. ``expected_at=None`` skips the check.
    """
    _ensure_secretariat(dossier, by)
    if dossier.state not in REVIEW_STATES:
        raise DomainError(
            _("Verdicts can be changed only while the dossier is being checked (now “%(state)s”).")
            % {"state": S(dossier.state).label}
        )
    if not dossier.required_documents().filter(pk=requirement.pk).exists():
        raise DomainError(_("This item is not on the checklist of this dossier."))
    if verdict not in Verdict.values:
        raise DomainError(_("Choose valid, missing or invalid."))
    note = nfc(note)
    if verdict == Verdict.INVALID and not note:
        raise DomainError(
            _("Say what is wrong with “%(item)s” so the applicant can correct it.")
            % {"item": requirement.name}
        )
    values = {"verdict": verdict, "note": note, "by": by, "at": timezone.now()}
    rows = DocumentVerdict.objects.filter(dossier=dossier, requirement=requirement)
    with transaction.atomic():
        if expected_at is None:
            saved, _created = DocumentVerdict.objects.update_or_create(
                dossier=dossier, requirement=requirement, defaults=values
            )
            return saved
        if expected_at == NO_VERDICT_YET:
            try:
                with transaction.atomic():
                    return DocumentVerdict.objects.create(
                        dossier=dossier, requirement=requirement, **values
                    )
            except IntegrityError:
                raise _stale(requirement, rows.select_related("by").first()) from None
        if rows.filter(at=expected_at).update(**values) != 1:
            raise _stale(requirement, rows.select_related("by").first())
        return rows.select_related("by").get()


# --- return for supplement -------------------------------------------------------------


def _request_items(dossier, items):
    """The checklist part of the request: the chosen items plus every item whose verdict
    is missing or invalid (one-stop: nothing may be left out), in checklist order."""
    verdicts = {
        v.requirement_id: v
        for v in DocumentVerdict.objects.filter(dossier=dossier).select_related("requirement")
    }
    checklist = list(dossier.required_documents())
    on_checklist = {r.pk for r in checklist}
    chosen = {getattr(item, "pk", item) for item in (items or ())}
    unknown = chosen - on_checklist
    if unknown:
        raise DomainError(_("An item of the request is not on the checklist of this dossier."))
    listed = []
    for requirement in checklist:
        verdict = verdicts.get(requirement.pk)
        to_supplement = verdict is not None and verdict.verdict in TO_SUPPLEMENT
        if requirement.pk in chosen and verdict is not None and not to_supplement:
            raise DomainError(
                _("“%(item)s” is marked valid; change its verdict before asking for it again.")
                % {"item": requirement.name}
            )
        if to_supplement or requirement.pk in chosen:
            listed.append(
                {
                    "requirement": requirement.code,
                    "requirement_id": requirement.pk,
                    "name": requirement.name,
                    "verdict": verdict.verdict if verdict else Verdict.MISSING,
                    "note": verdict.note if verdict else "",
                }
            )
    return listed


def _extra_items(extra_items):
    texts = [nfc(text) for text in (extra_items or ())]
    return [
        {"requirement": "", "requirement_id": None, "name": text, "verdict": "", "note": ""}
        for text in texts
        if text
    ]


def render_request(items, message=""):
    """The written list as the applicant reads it (numbered), then the message."""
    lines = []
    for number, item in enumerate(items, start=1):
        text = item["name"]
        if item.get("verdict"):
            text = f"{text} — {Verdict(item['verdict']).label}"
        if item.get("note"):
            text = f"{text}: {item['note']}"
        lines.append(f"{number}. {text}")
    written = "\n".join(lines)
    message = nfc(message)
    return f"{written}\n\n{message}" if message else written


def return_for_supplement(*, dossier, by, items=None, extra_items=(), deadline=None, message=""):
    """Return ``dossier`` to the applicant with ONE written request and return the request.

    Steps: ``by`` is the round's secretariat → the list is built: every checklist item
    marked missing or invalid (plus any other item chosen in ``items``), then the free-text
    ``extra_items``; an empty list is refused → the deadline (default: end of the day,
    ``DEFAULT_SUPPLEMENT_DAYS`` ahead) must lie in the future → in one transaction the
    ``return_for_supplement`` transition runs with the rendered list as its note (the
    applicant's e-mail quotes it) and the SupplementRequest is stored, linked to the log row.
    """
    _ensure_secretariat(dossier, by)
    deadline = deadline or default_deadline()
    if deadline <= timezone.now():
        raise DomainError(_("The deadline must be in the future."))
    with transaction.atomic():
        listed = _request_items(dossier, items) + _extra_items(extra_items)
        if not listed:
            raise DomainError(
                _(
                    "A return needs at least one item: mark the missing or invalid documents "
                    "in the checklist, or write what else is needed."
                )
            )
        with translation.override(settings.LANGUAGE_CODE):
            note = render_request(listed, message)
        dossier = run_transition(
            dossier=dossier, action="return_for_supplement", by=by, note=note, deadline=deadline
        )
        log = (
            DossierTransition.objects.filter(dossier=dossier, name="return_for_supplement")
            .order_by("-at", "-pk")
            .first()
        )
        return SupplementRequest.objects.create(
            dossier=dossier, items=listed, message=nfc(message), deadline=deadline,
            created_by=by, created_at=log.at, transition=log,
        )  # fmt: skip


@receiver(dossier_transitioned, dispatch_uid="awards.review.mark_request_answered")
def mark_request_answered(sender, *, dossier, log, **kwargs):
    """A resubmission answers the open supplement request."""
    if log.name == "resubmit":
        SupplementRequest.objects.filter(dossier=dossier, answered_at__isnull=True).update(
            answered_at=log.at
        )


# --- decisions -------------------------------------------------------------------------


def items_to_supplement(dossier):
    """Checklist items currently marked missing or invalid, in checklist order."""
    return list(
        DocumentVerdict.objects.filter(dossier=dossier, verdict__in=TO_SUPPLEMENT)
        .select_related("requirement")
        .order_by("requirement__order", "requirement__code")
    )


def accept(*, dossier, by):
    """Accept a submitted dossier (the workflow's guards apply).

    Refused while a checklist item is marked missing or invalid: the dossier should be
    returned for supplement, or the verdict corrected, first.
    """
    _ensure_secretariat(dossier, by)
    open_items = items_to_supplement(dossier)
    if open_items:
        raise DomainError(
            _(
                "Some checklist items are marked missing or invalid: %(items)s. Return the "
                "dossier for supplement or correct the verdicts first."
            )
            % {"items": "; ".join(v.requirement.name for v in open_items)}
        )
    return run_transition(dossier=dossier, action="accept", by=by)


def _reasoned(action, *, dossier, by, reason):
    _ensure_secretariat(dossier, by)
    reason = nfc(reason)
    if not reason:
        raise DomainError(_("Write the reason; the applicant receives it."))
    return run_transition(dossier=dossier, action=action, by=by, note=reason)


def reject(*, dossier, by, reason):
    """Reject a submitted or returned dossier; the reason goes to the applicant."""
    return _reasoned("reject", dossier=dossier, by=by, reason=reason)


def disqualify(*, dossier, by, reason):
    """Disqualify a dossier (IP or food-safety violation, one-off piece…) with a reason."""
    return _reasoned("disqualify", dossier=dossier, by=by, reason=reason)


# --- the paper set ---------------------------------------------------------------------


def record_paper_received(*, dossier, by, at=None):
    """Record that the paper set of ``dossier`` arrived (not a state change).

    Steps: ``by`` is the round's secretariat → the dossier has been submitted → the time
    (default now) is not in the future → the date is written only if none was recorded
    (a second secretary gets a message) → a RoundEvent logs who recorded it and when.
    Returns the dossier with ``paper_received_at`` set.
    """
    _ensure_secretariat(dossier, by)
    if dossier.state == S.DRAFT:
        raise DomainError(_("The dossier has not been submitted yet."))
    now = timezone.now()
    at = at or now
    if at > now:
        raise DomainError(_("The paper set cannot arrive in the future."))
    with transaction.atomic():
        updated = Dossier.objects.filter(pk=dossier.pk, paper_received_at__isnull=True).update(
            paper_received_at=at, updated_at=now
        )
        if not updated:
            recorded = Dossier.objects.values_list("paper_received_at", flat=True).get(
                pk=dossier.pk
            )
            raise DomainError(
                _("The paper set was already recorded as received on %(when)s.")
                % {"when": _when(recorded)}
            )
        RoundEvent.objects.create(
            award_round_id=dossier.award_round_id, action=PAPER_RECEIVED, by=by, at=now,
            note=dossier.code,
            data={"dossier": dossier.pk, "code": dossier.code, "received_at": at.isoformat()},
        )  # fmt: skip
    dossier.paper_received_at = at
    return dossier
