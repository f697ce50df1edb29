"""Round control: open and close registration, open and close scoring, remind judges.

Plain functions with keyword-only arguments and no ``request``. Each checks that ``by`` is
the round's secretariat, runs in one transaction with the round's row locked (two
secretaries pressing the same button: the second sees the first one's result), refuses
with a ``DomainError`` a person can read, and writes a ``RoundEvent`` (who, when, what).
E-mails leave only after the commit. ``awards`` never imports ``scoring`` at module level:
the scoring services are imported inside the functions.
"""

import functools
import logging
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import access
from awards.enums import DossierState
from awards.errors import DomainError, TransitionRefused
from awards.mail import send_mail_from_template
from awards.models import AwardRound, Dossier, RoundEvent
from awards.round_progress import is_sealed, round_progress, scoring_state
from awards.workflow import run_transition

logger = logging.getLogger(__name__)

REGISTRATION_OPENED = "registration_opened"
REGISTRATION_CLOSED = "registration_closed"
SCORING_OPENED = "scoring_opened"
SCORING_CLOSED = "scoring_closed"
SCORING_DEADLINE_CHANGED = "scoring_deadline_changed"
REMINDERS_SENT = "judge_reminders_sent"


class MissingSheets(DomainError):
    """Closing scoring while sheets are missing needs an explicit confirmation."""

    def __init__(self, message, *, missing, judges):
        super().__init__(message)
        self.missing = missing
        self.judges = judges


def _when(moment):
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def _require_secretariat(by, award_round):
    if not access.is_round_secretariat(by, award_round):
        raise DomainError(_("Only the round's secretariat can do this."))


def _locked(award_round):
    return AwardRound.objects.select_for_update().get(pk=award_round.pk)


def _log(*, award_round, action, by, note="", **data):
    return RoundEvent.objects.create(
        award_round=award_round, action=action, by=by, note=note, data=data
    )


def _iso(moment):
    return moment.isoformat() if moment else None


def _copy_dates(target, source):
    """Keep the caller's round object in step with the saved row."""
    for name in ("registration_opens", "registration_closes", "scoring_opens", "scoring_closes"):
        setattr(target, name, getattr(source, name))


# --- registration -------------------------------------------------------------------------


def open_registration(*, award_round, by, closes=None, now=None):
    """Open registration now, until ``closes`` (or the closing date already set).

    1. Refuse once scoring has opened.
    2. Refuse a closing moment that is not in the future, asking for a new one.
    3. Already open: only a new closing moment is recorded (the opening stays).
    4. Otherwise set the opening to now and the closing as chosen; log it.
    """
    _require_secretariat(by, award_round)
    with transaction.atomic():
        current = _locked(award_round)
        now = now or timezone.now()
        if current.scoring_opens is not None:
            raise DomainError(_("Scoring has opened: registration cannot be opened again."))
        new_closes = closes or current.registration_closes
        if new_closes <= now:
            raise DomainError(
                _(
                    "The closing date (%(when)s) has passed. Give a new closing date in the "
                    "future to open registration."
                )
                % {"when": _when(new_closes)}
            )
        was_open = current.registration_is_open(now)
        if was_open and closes is None:
            raise DomainError(
                _("Registration is already open until %(when)s.")
                % {"when": _when(current.registration_closes)}
            )
        previous = {
            "previous_opens": _iso(current.registration_opens),
            "previous_closes": _iso(current.registration_closes),
        }
        if not was_open:
            current.registration_opens = now
        current.registration_closes = new_closes
        current.save(update_fields=["registration_opens", "registration_closes"])
        event = _log(
            award_round=current, action=REGISTRATION_OPENED, by=by,
            opens=_iso(current.registration_opens), closes=_iso(new_closes),
            extended=was_open, **previous,
        )  # fmt: skip
    _copy_dates(award_round, current)
    return event


def close_registration(*, award_round, by, now=None):
    """Close registration now: refused when it is not open; logged."""
    _require_secretariat(by, award_round)
    with transaction.atomic():
        current = _locked(award_round)
        now = now or timezone.now()
        if now < current.registration_opens:
            raise DomainError(
                _("Registration has not opened yet (it opens on %(when)s).")
                % {"when": _when(current.registration_opens)}
            )
        if now > current.registration_closes:
            raise DomainError(
                _("Registration is already closed (since %(when)s).")
                % {"when": _when(current.registration_closes)}
            )
        previous_closes = current.registration_closes
        current.registration_closes = now
        current.save(update_fields=["registration_closes"])
        submitted = (
            Dossier.objects.filter(award_round=current).exclude(state=DossierState.DRAFT).count()
        )
        drafts = Dossier.objects.filter(award_round=current, state=DossierState.DRAFT).count()
        event = _log(
            award_round=current, action=REGISTRATION_CLOSED, by=by, closes=_iso(now),
            previous_closes=_iso(previous_closes), submitted=submitted, drafts=drafts,
        )  # fmt: skip
    _copy_dates(award_round, current)
    return event


# --- scoring --------------------------------------------------------------------------------


def _require_future_scoring_close(closes, *, now):
    if closes is not None and closes <= now:
        raise DomainError(
            _(
                "The scoring closing date (%(when)s) has passed. Give a new closing date in "
                "the future."
            )
            % {"when": _when(closes)}
        )


def _admission_approval(award_round):
    try:
        from scoring.panels import admission_approved
    except ImportError:  # pragma: no cover - the panels service ships with the scoring app
        return None
    return admission_approved(award_round=award_round)


def _assign_if_empty(*, award_round, by):
    """Create the assignments of every jury that has none yet; return how many were added."""
    from scoring.enums import PanelKind
    from scoring.models import Assignment, Panel

    try:
        from scoring.assignments import assign
    except ImportError:  # pragma: no cover
        return 0
    added = 0
    for jury in Panel.objects.filter(award_round=award_round, kind=PanelKind.JURY):
        if not Assignment.objects.filter(member__panel=jury).exists():
            added += assign(panel=jury, by=by)
    return added


@dataclass(frozen=True)
class ScoringOpened:
    event: RoundEvent
    moved: int
    assignments_added: int


def open_scoring(*, award_round, by, closes=None, now=None):
    """Move the admitted dossiers to scoring.

    1. Refuse for rounds decided by ballot, while registration is open, without the
       council's approval of the admission list, without a jury, with a scoring closing
       moment in the past, or once scoring was closed.
    2. Every accepted dossier on the approved list moves to ``in_scoring`` through the
       workflow (``open_scoring``), all in this one transaction: one refusal undoes all.
    3. Set ``scoring_opens`` (first time) and ``scoring_closes`` when given.
    4. A jury without any assignment gets them (everyone / by group, as the jury is set).
    5. Log the event with the moved dossiers.
    Running it again after a new approval moves the newly admitted dossiers.
    """
    from scoring.enums import PanelKind
    from scoring.models import Panel

    _require_secretariat(by, award_round)
    if not award_round.is_product:
        raise DomainError(
            _("This round is decided by the council's secret ballot; it has no scoring.")
        )
    with transaction.atomic():
        current = _locked(award_round)
        now = now or timezone.now()
        if current.registration_is_open(now):
            raise DomainError(_("Registration is still open. Close registration first."))
        if is_sealed(current):
            raise DomainError(_("Scoring of this round is closed."))
        approval = _admission_approval(current)
        if approval is None:
            raise DomainError(
                _(
                    "The council has not approved the list of dossiers admitted to scoring. "
                    "Record the council's approval on the panels page first."
                )
            )
        if not Panel.objects.filter(award_round=current, kind=PanelKind.JURY).exists():
            raise DomainError(_("The round has no jury yet. Set up the jury first."))
        _require_future_scoring_close(closes or current.scoring_closes, now=now)
        admitted = set(approval.data.get("dossier_ids", []))
        dossiers = list(
            Dossier.objects.filter(
                award_round=current, state=DossierState.ACCEPTED, pk__in=admitted
            ).order_by("code")
        )
        if not dossiers:
            raise DomainError(
                _("No accepted dossier on the approved list is waiting to be scored.")
                if current.scoring_opens is None
                else _("Scoring is already open and every admitted dossier is in scoring.")
            )
        moved = []
        with access.roles_remembered():
            for dossier in dossiers:
                try:
                    run_transition(dossier=dossier, action="open_scoring", by=by)
                except TransitionRefused as error:
                    raise DomainError(
                        _(
                            "Dossier %(code)s cannot move to scoring: %(reason)s Nothing was "
                            "changed."
                        )
                        % {"code": dossier.code, "reason": error.message}
                    ) from error
                moved.append(dossier.pk)
        fields = []
        if current.scoring_opens is None:
            current.scoring_opens = now
            fields.append("scoring_opens")
        if closes is not None:
            current.scoring_closes = closes
            fields.append("scoring_closes")
        if fields:
            current.save(update_fields=fields)
        added = _assign_if_empty(award_round=current, by=by)
        event = _log(
            award_round=current, action=SCORING_OPENED, by=by, dossier_ids=moved,
            moved=len(moved), not_moved=len(admitted) - len(moved), assignments_added=added,
            approval=approval.pk, scoring_closes=_iso(current.scoring_closes),
        )  # fmt: skip
    _copy_dates(award_round, current)
    return ScoringOpened(event=event, moved=len(moved), assignments_added=added)


def change_scoring_deadline(*, award_round, by, closes, now=None):
    """Set when scoring closes (for example to give late judges more time); logged.

    Refused before scoring opens, once the results are sealed, and for a past moment.
    """
    _require_secretariat(by, award_round)
    with transaction.atomic():
        current = _locked(award_round)
        now = now or timezone.now()
        if current.scoring_opens is None:
            raise DomainError(_("Scoring has not opened yet."))
        if is_sealed(current):
            raise DomainError(_("Scoring of this round is closed."))
        if closes is None:
            raise DomainError(_("Give the new scoring closing date."))
        _require_future_scoring_close(closes, now=now)
        previous = current.scoring_closes
        current.scoring_closes = closes
        current.save(update_fields=["scoring_closes"])
        event = _log(
            award_round=current, action=SCORING_DEADLINE_CHANGED, by=by,
            closes=_iso(closes), previous_closes=_iso(previous),
        )  # fmt: skip
    _copy_dates(award_round, current)
    return event


def missing_sheets(award_round):
    """(number of sheets missing, [(judge name, missing count)]) for the confirmation.

    The seal's own count when the seal is installed (what it will record), else the
    progress board's.
    """
    try:
        from scoring.seal import missing_sheets as seal_missing_sheets
    except ImportError:  # pragma: no cover - the seal ships with the scoring app
        progress = round_progress(award_round=award_round)
        return progress.missing, [(row.name, row.missing) for row in progress.judges_with_missing]
    missing = seal_missing_sheets(award_round=award_round)
    per_judge = Counter(sheet.judge for sheet in missing)
    return len(missing), sorted(per_judge.items())


def close_scoring(*, award_round, by, confirm_missing=False):
    """Close scoring and seal the results (through ``scoring.seal.close_scoring``).

    1. Count the missing sheets; when some are missing and ``confirm_missing`` is not
       given, refuse with ``MissingSheets`` (how many and whose) so the page can ask.
    2. Delegate the closing and sealing; the seal keeps who confirmed the missing sheets.
    3. Log the event with the snapshot, the missing sheets and who confirmed them.
    """
    _require_secretariat(by, award_round)
    try:
        from scoring.seal import close_scoring as seal_close_scoring
    except ImportError as error:
        raise DomainError(_("Closing scoring is not available yet.")) from error
    missing, judges = missing_sheets(award_round)
    if missing and not confirm_missing:
        raise MissingSheets(
            _(
                "%(count)d score sheet(s) are still missing. Confirm that scoring closes "
                "without them."
            )
            % {"count": missing},
            missing=missing,
            judges=judges,
        )
    with transaction.atomic():
        _locked(award_round)
        snapshot = seal_close_scoring(
            award_round=award_round, by=by, confirm_missing=bool(confirm_missing)
        )
        event = _log(
            award_round=award_round, action=SCORING_CLOSED, by=by,
            snapshot=getattr(snapshot, "pk", None), missing_sheets=missing,
            missing_by_judge=[{"judge": name, "missing": count} for name, count in judges],
            missing_confirmed_by=by.pk if missing else None,
            missing_confirmed_by_name=by.display_name if missing else "",
        )  # fmt: skip
    award_round.refresh_from_db()
    return event


# --- reminders ------------------------------------------------------------------------------


def judge_workspace_link(award_round):
    path = reverse("scoring:judge_round", args=[award_round.code])
    return settings.SITE_URL.rstrip("/") + path


def _items(missing_dossiers):
    return "\n".join(
        f"{index}. {code} – {title}" if title else f"{index}. {code}"
        for index, (code, title) in enumerate(missing_dossiers, start=1)
    )


def send_judge_reminder(*, award_round, judge, link):
    """E-mail one judge the list of their missing sheets (template ``judge_reminder``)."""
    return send_mail_from_template(
        code="judge_reminder",
        to=[judge.email],
        award_round=award_round,
        context={
            "recipient_name": judge.name,
            "count": judge.missing,
            "items": _items(judge.missing_dossiers),
            "deadline": _when(award_round.scoring_closes),
            "link": link,
        },
    )


def send_reminders(*, award_round, by):
    """Remind every judge who has sheets missing, by e-mail after the commit.

    1. Refuse unless scoring is open, or when no sheet is missing.
    2. Log who is reminded (judge, address, how many sheets) in one ``RoundEvent``.
    3. After commit, send each judge the ``judge_reminder`` e-mail listing their dossiers
       and the link to their scoring page. Judges without an e-mail address are logged as
       not reachable.
    """
    _require_secretariat(by, award_round)
    with transaction.atomic():
        current = _locked(award_round)
        if scoring_state(current) != "open":
            raise DomainError(_("Reminders can be sent only while scoring is open."))
        judges = round_progress(award_round=current).judges_with_missing
        if not judges:
            raise DomainError(_("Every judge has submitted all their sheets."))
        reachable = [judge for judge in judges if judge.email]
        event = _log(
            award_round=current, action=REMINDERS_SENT, by=by,
            recipients=[
                {"member": j.member_id, "user": j.user_id, "name": j.name, "email": j.email,
                 "missing": j.missing}
                for j in reachable
            ],
            unreachable=[{"member": j.member_id, "name": j.name} for j in judges if not j.email],
        )  # fmt: skip
        link = judge_workspace_link(current)
        for judge in reachable:
            transaction.on_commit(
                functools.partial(send_judge_reminder, award_round=current, judge=judge, link=link)
            )
    return event
