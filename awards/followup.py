"""Following a dossier once it is filed: submit once, receipts, the timeline, withdraw.

The state changes themselves go through ``awards.workflow.run_transition``; this module
adds what the applicant's side needs around it: a submission that happens once however
often the button is pressed, the reads for the receipt and status pages, and the plain
words that tell an applicant what happens next.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from awards.enums import EDITABLE_STATES, DossierState
from awards.errors import TransitionRefused
from awards.models import Dossier, DossierRevision
from awards.workflow import run_transition, transition_label, transition_meta

S = DossierState

#: Salt of the one-time submission token (a signed "revisions seen when the form was drawn").
SUBMISSION_TOKEN_SALT = "awards.followup.submit"

#: Transitions whose note is written for the applicant (the reason or the list to supplement).
APPLICANT_NOTES = ("return_for_supplement", "reject", "disqualify", "revoke")

#: What happens next, per state, in words for the applicant.
NEXT_STEPS = {
    S.DRAFT: _(
        "Your dossier is not submitted yet. Complete every step, then press “Submit” "
        "before registration closes."
    ),
    S.SUBMITTED: _(
        "The secretariat is checking your dossier. If something is missing they will return "
        "it to you with a written list; otherwise they will accept it."
    ),
    S.RETURNED: _(
        "The secretariat has returned your dossier. Add or correct the items they listed, "
        "then submit it again before the deadline."
    ),
    S.ACCEPTED: _(
        "Your dossier has been accepted. It now waits for the council to evaluate it; "
        "you do not need to do anything."
    ),
    S.IN_SCORING: _(
        "The jury is scoring your product. You will be told the result once the council "
        "has decided."
    ),
    S.SCORED: _("Scoring is finished. The council is deciding on the results."),
    S.RECOGNISED: _(
        "Congratulations! Your product has been recognised. The certificate is issued "
        "with the recognition decision."
    ),
    S.NOT_RECOGNISED: _(
        "Your product was not recognised in this round. You may take part again in a later round."
    ),
    S.IN_CONSULTATION: _(
        "Your dossier is published for public comment. The council votes after the comment "
        "period ends."
    ),
    S.VOTING: _("The council is voting on your dossier by secret ballot."),
    S.APPROVED: _(
        "The council has approved your dossier. It goes on to the next council or to the "
        "final decision."
    ),
    S.NOT_APPROVED: _("The council did not approve your dossier in this round."),
    S.AWARDED: _("Congratulations! The title has been awarded to you."),
    S.REVOKED: _("The recognition was revoked. The reason is shown in the history below."),
    S.WITHDRAWN: _("You withdrew this dossier. It takes no further part in the round."),
    S.REJECTED: _(
        "The secretariat rejected this dossier. The reason is shown in the history below."
    ),
    S.DISQUALIFIED: _("This dossier was disqualified. The reason is shown in the history below."),
}


def next_step(state):
    return NEXT_STEPS.get(state, "")


# --- submit once -------------------------------------------------------------------------


@dataclass(frozen=True)
class SubmitOutcome:
    dossier: Dossier
    revision: DossierRevision
    #: True when an earlier request had already made this submission (nothing new happened).
    already: bool = False


def submission_token(dossier, *, revisions=None):
    """A one-time token for the submit form: which submission the form was drawn for."""
    if revisions is None:
        revisions = dossier.revisions.count()
    return signing.dumps({"d": dossier.pk, "r": revisions}, salt=SUBMISSION_TOKEN_SALT)


def revisions_seen(token, *, dossier):
    """The revision count a submit form was drawn at, or None for a missing or foreign token."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=SUBMISSION_TOKEN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("d") != dossier.pk:
        return None
    seen = data.get("r")
    return seen if isinstance(seen, int) else None


def _latest_revision(dossier):
    return dossier.revisions.order_by("-number").first()


def _earlier_submission(*, dossier, by, seen):
    """The revision an earlier request already made for this form, or None.

    A submission counts as already made when a revision newer than the form exists, or
    when the dossier sits submitted and its latest revision was filed by ``by``.
    """
    latest = _latest_revision(dossier)
    if latest is None:
        return None
    if seen is not None and latest.number > seen:
        return latest
    if dossier.state == S.SUBMITTED and latest.submitted_by_id == by.pk:
        return latest
    return None


def submit_once(*, dossier, by, token=None):
    """Submit (from draft) or resubmit (from returned) ``dossier`` for ``by``, exactly once.

    Steps: lock the dossier row (SELECT … FOR UPDATE where the database supports it) →
    if an earlier request already made this submission, return it with ``already=True`` →
    otherwise run ``submit``/``resubmit`` (guards included) → return the new revision.
    A request that loses the race on a database without row locks is refused by the
    state lock of the transition; when that refusal only means "someone (the same person)
    submitted a moment ago", it is answered as already submitted too.
    Raises ``TransitionRefused`` with the reasons when the submission is not possible.
    """
    seen = revisions_seen(token, dossier=dossier)
    try:
        with transaction.atomic():
            locked = (
                Dossier.objects.select_for_update(of=("self",))
                .select_related("award_round__rule_set")
                .get(pk=dossier.pk)
            )
            earlier = _earlier_submission(dossier=locked, by=by, seen=seen)
            if earlier is not None:
                return SubmitOutcome(dossier=locked, revision=earlier, already=True)
            action = "resubmit" if locked.state == S.RETURNED else "submit"
            fresh = run_transition(dossier=locked, action=action, by=by)
            return SubmitOutcome(dossier=fresh, revision=_latest_revision(fresh))
    except TransitionRefused:
        current = Dossier.objects.get(pk=dossier.pk)
        earlier = _earlier_submission(dossier=current, by=by, seen=seen)
        if earlier is None:
            raise
        return SubmitOutcome(dossier=current, revision=earlier, already=True)


# --- withdraw ----------------------------------------------------------------------------


def withdraw_once(*, dossier, by):
    """Withdraw ``dossier`` for ``by``; a second request for a withdrawn dossier is a no-op.

    Returns ``(dossier, already)``. Raises ``TransitionRefused`` when withdrawing is no
    longer possible (scoring or voting has started, or a decision was taken).
    """
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("award_round")
            .get(pk=dossier.pk)
        )
        if locked.state == S.WITHDRAWN:
            return locked, True
        return run_transition(dossier=locked, action="withdraw", by=by), False


def may_withdraw(dossier):
    """True while the state machine still allows the owner to withdraw (no query)."""
    return transition_meta("withdraw").has_transition(dossier.state)


def may_submit(dossier):
    return dossier.state in EDITABLE_STATES


def submit_action(dossier):
    return "resubmit" if dossier.state == S.RETURNED else "submit"


def refusal_headline(error):
    """The refusal's message without the problems appended to it (they are listed apart)."""
    message = error.message
    tail = " ".join(error.problems)
    if error.problems and message.endswith(tail):
        return message[: -len(tail)].strip()
    return message


# --- reads for the pages -----------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: object
    action: str
    label: str
    source: str
    source_label: str
    target: str
    target_label: str
    note: str


def _state_label(state):
    return S(state).label if state in S.values else state


def timeline(dossier):
    """The dossier's transitions, oldest first, with labels; notes only where meant for the
    applicant (returns, rejections, disqualification, revocation). One query."""
    return [
        TimelineEntry(
            at=log.at,
            action=log.name,
            label=transition_label(log.name),
            source=log.source,
            source_label=_state_label(log.source),
            target=log.target,
            target_label=_state_label(log.target),
            note=log.note if log.name in APPLICANT_NOTES else "",
        )
        for log in dossier.transitions.order_by("at", "pk")
    ]


def last_return(entries):
    """The latest return-for-supplement entry of a timeline, or None."""
    returns = [entry for entry in entries if entry.action == "return_for_supplement"]
    return returns[-1] if returns else None


def revisions_of(dossier):
    """The dossier's submissions, newest first, each with its document count. One query."""
    return dossier.revisions.annotate(document_count=Count("documents")).order_by("-number")


def get_revision(dossier, number=None):
    """Revision ``number`` of ``dossier`` (the latest when None); raises DoesNotExist."""
    revisions = dossier.revisions.all()
    if number is None:
        revision = revisions.order_by("-number").first()
        if revision is None:
            raise DossierRevision.DoesNotExist
        return revision
    return revisions.get(number=number)


def receipt_documents(revision):
    """The documents of one submission in checklist order, with their checklist item."""
    return revision.documents.select_related("requirement").order_by(
        "requirement__order", "requirement__code", "original_name", "pk"
    )


def receipt_filename(dossier, revision):
    """``phieu-tiep-nhan-<code>-lan-<n>.pdf`` (ASCII, safe in a Content-Disposition)."""
    ascii_code = unicodedata.normalize("NFKD", dossier.code).encode("ascii", "ignore").decode()
    code = re.sub(r"[^A-Za-z0-9_]+", "-", ascii_code).strip("-") or str(dossier.pk)
    return f"phieu-tiep-nhan-{code}-lan-{revision.number}.pdf"
