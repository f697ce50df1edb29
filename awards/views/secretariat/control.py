"""Round control: the control page with its actions and event log, and the progress board.

Thin views: find the round (404 unless the person is its secretariat), parse the form, call
a service in ``awards.rounds_control`` and redirect with a message.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards import rounds_control
from awards.enums import ARTISAN_STATES, PRODUCT_STATES, DossierState
from awards.errors import DomainError
from awards.forms.round_control import (
    CloseScoringForm,
    OpenRegistrationForm,
    OpenScoringForm,
    ScoringDeadlineForm,
)
from awards.models import RoundEvent
from awards.round_progress import round_overview, round_progress
from awards.views.secretariat import round_for_secretariat

EVENTS_PER_PAGE = 30

#: How the event log names the actions of the round (unknown ones show their code).
EVENT_LABELS = {
    rounds_control.REGISTRATION_OPENED: gettext_lazy("Registration opened"),
    rounds_control.REGISTRATION_CLOSED: gettext_lazy("Registration closed"),
    rounds_control.SCORING_OPENED: gettext_lazy("Scoring opened"),
    rounds_control.SCORING_CLOSED: gettext_lazy("Scoring closed"),
    rounds_control.SCORING_DEADLINE_CHANGED: gettext_lazy("Scoring closing date changed"),
    rounds_control.REMINDERS_SENT: gettext_lazy("Reminders sent to judges"),
    "admission_approved": gettext_lazy("Admission list approved"),
    "panel_created": gettext_lazy("Panel set up"),
    "panel_member_added": gettext_lazy("Panel member added"),
    "panel_member_invited": gettext_lazy("Panel member invited"),
    "panel_member_changed": gettext_lazy("Panel member changed"),
    "panel_member_removed": gettext_lazy("Panel member removed"),
    "assignment_mode_changed": gettext_lazy("Assignment mode changed"),
    "dossiers_assigned": gettext_lazy("Dossiers assigned to judges"),
    "dossiers_assigned_by_hand": gettext_lazy("Dossiers assigned by hand"),
    "dossier_unassigned": gettext_lazy("Dossier taken from a judge"),
}


def event_label(action):
    return EVENT_LABELS.get(action, action)


def _moment(text):
    """An ISO moment stored in an event's data, as dd/mm/yyyy hh:mm local time."""
    if not text:
        return ""
    try:
        value = datetime.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return str(text)
    return (
        timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(value) else text
    )


def event_summary(event):
    """One sentence about what the event changed, for the log (empty for other events)."""
    data = event.data or {}
    action = event.action
    if action == rounds_control.REGISTRATION_OPENED:
        return _("Open from %(opens)s until %(closes)s.") % {
            "opens": _moment(data.get("opens")),
            "closes": _moment(data.get("closes")),
        }
    if action == rounds_control.REGISTRATION_CLOSED:
        return _("%(submitted)d dossier(s) submitted, %(drafts)d draft(s) not submitted.") % {
            "submitted": data.get("submitted", 0),
            "drafts": data.get("drafts", 0),
        }
    if action == rounds_control.SCORING_OPENED:
        return _("%(moved)d dossier(s) moved to scoring; %(added)d assignment(s) created.") % {
            "moved": data.get("moved", 0),
            "added": data.get("assignments_added", 0),
        }
    if action == rounds_control.SCORING_DEADLINE_CHANGED:
        return _("Scoring closes on %(when)s.") % {"when": _moment(data.get("closes"))}
    if action == rounds_control.SCORING_CLOSED:
        if data.get("missing_sheets"):
            return _("%(count)d sheet(s) missing at closing, confirmed by %(name)s.") % {
                "count": data["missing_sheets"],
                "name": data.get("missing_confirmed_by_name", ""),
            }
        return _("Every expected sheet was submitted.")
    if action == rounds_control.REMINDERS_SENT:
        return _("Reminded: %(names)s.") % {
            "names": ", ".join(
                f"{r.get('name', '')} ({r.get('missing', 0)})" for r in data.get("recipients", [])
            )
            or "—"
        }
    if action == "admission_approved":
        return _("%(count)d dossier(s) on the list.") % {"count": len(data.get("dossier_ids", []))}
    return ""


def _back(code):
    return redirect("secretariat:control", code=code)


def _refused(request, error):
    messages.error(request, error.message)


def _states(award_round):
    states = ARTISAN_STATES if award_round.is_artisan else PRODUCT_STATES
    return [DossierState(state) for state in states]


@require_GET
@login_required
def control(request, code):
    award_round = round_for_secretariat(request, code)
    overview = round_overview(award_round=award_round)
    events = Paginator(
        RoundEvent.objects.filter(award_round=award_round).select_related("by"),
        EVENTS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    for event in events.object_list:
        event.label = event_label(event.action)
        event.summary = event_summary(event)
    context = {
        "award_round": award_round,
        "overview": overview,
        "state_rows": [(state, overview.count(state)) for state in _states(award_round)],
        "events": events,
        "registration_form": OpenRegistrationForm(),
        "scoring_form": OpenScoringForm(),
        "deadline_form": ScoringDeadlineForm(
            initial={
                "closes": award_round.scoring_closes
                and timezone.localtime(award_round.scoring_closes)
            }
        ),
        "now": timezone.now(),
    }
    return render(request, "secretariat/control.html", context)


def _dated_action(request, code, *, form_class, service, success):
    """Run a round-control ``service`` that takes a closing date from ``form_class``.

    ``success(award_round, result)`` gives the message shown when the service went through.
    """
    award_round = round_for_secretariat(request, code)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the closing date as dd/mm/yyyy hh:mm."))
        return _back(code)
    try:
        result = service(
            award_round=award_round, by=request.user, closes=form.cleaned_data["closes"]
        )
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, success(award_round, result))
    return _back(code)


@require_POST
@login_required
def open_registration(request, code):
    return _dated_action(
        request, code, form_class=OpenRegistrationForm, service=rounds_control.open_registration,
        success=lambda award_round, result: _("Registration is open until %(when)s.")
        % {"when": timezone.localtime(award_round.registration_closes).strftime("%d/%m/%Y %H:%M")},
    )  # fmt: skip


@require_POST
@login_required
def close_registration(request, code):
    award_round = round_for_secretariat(request, code)
    try:
        rounds_control.close_registration(award_round=award_round, by=request.user)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Registration is closed."))
    return _back(code)


@require_POST
@login_required
def open_scoring(request, code):
    return _dated_action(
        request, code, form_class=OpenScoringForm, service=rounds_control.open_scoring,
        success=lambda award_round, result: _(
            "Scoring is open: %(count)d dossier(s) moved to scoring."
        ) % {"count": result.moved},
    )  # fmt: skip


@require_POST
@login_required
def scoring_deadline(request, code):
    return _dated_action(
        request, code, form_class=ScoringDeadlineForm,
        service=rounds_control.change_scoring_deadline,
        success=lambda award_round, result: _("The scoring closing date was changed."),
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def close_scoring(request, code):
    """GET: the confirmation page (how many sheets are missing, whose). POST: close."""
    award_round = round_for_secretariat(request, code)
    form = CloseScoringForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            rounds_control.close_scoring(
                award_round=award_round,
                by=request.user,
                confirm_missing=form.cleaned_data["confirm_missing"],
            )
        except rounds_control.MissingSheets as error:
            messages.error(request, error.message)
        except DomainError as error:
            _refused(request, error)
            return _back(code)
        else:
            messages.success(request, _("Scoring is closed and the results are sealed."))
            return _back(code)
    missing, judges = rounds_control.missing_sheets(award_round)
    context = {
        "award_round": award_round,
        "overview": round_overview(award_round=award_round),
        "missing": missing,
        "judges": judges,
        "form": form,
    }
    return render(request, "secretariat/control_close_scoring.html", context)


@require_GET
@login_required
def progress(request, code):
    award_round = round_for_secretariat(request, code)
    context = {
        "award_round": award_round,
        "progress": round_progress(award_round=award_round),
        "overview": round_overview(award_round=award_round),
        "now": timezone.now(),
    }
    return render(request, "secretariat/control_progress.html", context)


@require_POST
@login_required
def send_reminders(request, code):
    award_round = round_for_secretariat(request, code)
    try:
        event = rounds_control.send_reminders(award_round=award_round, by=request.user)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("Reminders are being sent to %(count)d judge(s).")
            % {"count": len(event.data["recipients"])},
        )
        if event.data["unreachable"]:
            messages.warning(
                request,
                _("No e-mail address for: %(names)s.")
                % {"names": ", ".join(j["name"] for j in event.data["unreachable"])},
            )
    return redirect("secretariat:progress", code=code)
