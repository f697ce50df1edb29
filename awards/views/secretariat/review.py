"""The review page of one dossier and the secretariat's actions on it.

Thin views: find the dossier (404 unless the person is the round's secretariat), parse the
form, call a service in ``awards.review`` and redirect with a message. Every action form
carries the moment the dossier's state last changed; when someone else acted in between,
the action is refused and nothing is saved. Verdict forms carry the verdict's version.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards import access, review, review_page
from awards.enums import DossierState
from awards.errors import DomainError, TransitionRefused
from awards.forms.review import (
    DisqualifyForm,
    PaperForm,
    RejectForm,
    ReturnForm,
    VerdictForm,
    verdict_version,
)
from awards.models import DocumentRequirement, SupplementRequest
from awards.views.secretariat import dossier_for_secretariat
from awards.workflow import available_actions, check_transition

#: The actions this page offers, in the order of its buttons.
PAGE_ACTIONS = ("accept", "return_for_supplement", "reject", "disqualify")


def _review_dossier(request, pk):
    return dossier_for_secretariat(request, pk, review_page.review_queryset())


def _review_url(dossier, anchor=""):
    url = reverse("secretariat:review", args=[dossier.pk])
    return f"{url}#{anchor}" if anchor else url


def seen_stamp(dossier):
    """What an action form carries: when the dossier's state last changed."""
    return dossier.state_changed_at.isoformat() if dossier.state_changed_at else ""


def _changed_meanwhile(request, dossier):
    """Refuse (message, True) when the dossier changed state since the page was drawn."""
    if request.POST.get("seen", "") == seen_stamp(dossier):
        return False
    messages.error(
        request,
        _(
            "Someone else changed this dossier a moment ago (it is now “%(state)s”). "
            "Nothing was saved; reload the page and check again."
        )
        % {"state": DossierState(dossier.state).label},
    )
    return True


def _verdict_form(row):
    verdict = row.verdict
    initial = {"version": verdict_version(verdict)}
    if verdict is not None:
        initial.update(verdict=verdict.verdict, note=verdict.note)
    return VerdictForm(initial=initial, prefix=f"item{row.requirement.pk}")


def _accept_problems(dossier, user):
    """Why accepting is not possible now (empty when it is)."""
    problems = [
        _("Marked %(verdict)s: %(item)s")
        % {"verdict": v.get_verdict_display().lower(), "item": v.requirement.name}
        for v in review.items_to_supplement(dossier)
    ]
    try:
        check_transition(dossier=dossier, action="accept", by=user)
    except TransitionRefused as error:
        problems += error.problems or [error.message]
    return problems


def _actions_context(dossier, user):
    """What the decision box needs: the actions open to ``user`` and why "Accept" may not be."""
    actions = [a for a in available_actions(dossier=dossier, user=user) if a in PAGE_ACTIONS]
    return {
        "actions": actions,
        "accept_problems": _accept_problems(dossier, user) if "accept" in actions else [],
        "seen": seen_stamp(dossier),
        "reject_form": RejectForm(),
        "disqualify_form": DisqualifyForm(),
    }


@require_GET
@login_required
def dossier(request, pk):
    dossier = _review_dossier(request, pk)
    rows = review_page.checklist(dossier)
    for row in rows:
        row.form = _verdict_form(row)
    revisions = review_page.revisions(dossier)
    timeline = review_page.timeline(dossier)
    context = {
        **_actions_context(dossier, request.user),
        "dossier": dossier,
        "award_round": dossier.award_round,
        "applicant": dossier.applicant,
        "facts": review_page.fact_rows(dossier),
        "declarations": review_page.declaration_rows(dossier),
        "rows": rows,
        "under_review": dossier.state in review.REVIEW_STATES,
        "photos": list(dossier.photos.all()),
        "revisions": revisions,
        "diff": review_page.revision_diff(revisions),
        "timeline": timeline,
        "requests": review_page.supplement_requests(dossier, timeline),
        "paper_form": PaperForm(),
    }
    return render(request, "secretariat/review_dossier.html", context)


@require_POST
@login_required
def verdict(request, pk, requirement_pk):
    """Save one item's verdict; htmx gets the item's verdict box back, others a redirect."""
    dossier = dossier_for_secretariat(request, pk)
    requirement = get_object_or_404(
        DocumentRequirement.objects.filter(rule_set_id=dossier.award_round.rule_set_id),
        pk=requirement_pk,
    )
    form = VerdictForm(request.POST, prefix=f"item{requirement.pk}")
    error, saved, stale = "", False, False
    if form.is_valid():
        try:
            review.set_verdict(
                dossier=dossier,
                requirement=requirement,
                verdict=form.cleaned_data["verdict"],
                note=form.cleaned_data["note"],
                by=request.user,
                expected_at=form.cleaned_data["version"],
            )
            saved = True
        except review.StaleVerdict as refusal:
            error, stale = refusal.message, True
        except DomainError as refusal:
            error = refusal.message
    else:
        error = " ".join(text for texts in form.errors.values() for text in texts)
    if not request.headers.get("HX-Request"):
        if saved:
            messages.success(request, _("Verdict saved: %(item)s") % {"item": requirement.name})
        else:
            messages.error(request, error)
        return redirect(_review_url(dossier, f"item-{requirement.pk}"))
    row = review_page.checklist_row(dossier, requirement)
    # After a save or a stale refusal the box shows the verdict now in force (and its new
    # version); after any other refusal it keeps what was typed, next to the error.
    row.form = _verdict_form(row) if saved or stale else form
    context = {
        **_actions_context(dossier, request.user),
        "oob": True,
        "dossier": dossier,
        "row": row,
        "under_review": dossier.state in review.REVIEW_STATES,
        "verdict_error": error,
        "verdict_saved": saved,
    }
    return render(request, "secretariat/review_verdict.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def return_for_supplement(request, pk):
    """GET: the request as it will be sent (items, deadline, message); POST: return."""
    dossier = _review_dossier(request, pk)
    if request.method == "POST":
        if _changed_meanwhile(request, dossier):
            return redirect(_review_url(dossier))
        form = ReturnForm(request.POST)
        if form.is_valid():
            try:
                supplement = review.return_for_supplement(
                    dossier=dossier,
                    by=request.user,
                    items=None,
                    extra_items=form.extra_item_lines(),
                    deadline=form.cleaned_data["deadline"],
                    message=form.cleaned_data["message"],
                )
            except DomainError as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(
                    request,
                    _("The dossier was returned with a request listing %(count)d item(s).")
                    % {"count": len(supplement.items)},
                )
                return redirect(_review_url(dossier, "requests"))
    else:
        form = ReturnForm(initial={"deadline": timezone.localdate(review.default_deadline())})
    context = {
        "dossier": dossier,
        "award_round": dossier.award_round,
        "items": review.items_to_supplement(dossier),
        "form": form,
        "seen": seen_stamp(dossier),
        "allowed": "return_for_supplement" in available_actions(dossier=dossier, user=request.user),
    }
    return render(request, "secretariat/review_return.html", context)


def _act(request, dossier, run, success):
    if _changed_meanwhile(request, dossier):
        return redirect(_review_url(dossier))
    try:
        run()
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, success)
    return redirect(_review_url(dossier))


@require_POST
@login_required
def accept(request, pk):
    dossier = _review_dossier(request, pk)
    return _act(
        request,
        dossier,
        lambda: review.accept(dossier=dossier, by=request.user),
        _("The dossier was accepted."),
    )


def _reasoned(request, pk, form_class, service, success):
    dossier = _review_dossier(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        errors = [message for messages_ in form.errors.values() for message in messages_]
        messages.error(request, " ".join(errors))
        return redirect(_review_url(dossier, "actions"))
    return _act(
        request,
        dossier,
        lambda: service(dossier=dossier, by=request.user, reason=form.reason_text()),
        success,
    )


@require_POST
@login_required
def reject(request, pk):
    return _reasoned(request, pk, RejectForm, review.reject, _("The dossier was rejected."))


@require_POST
@login_required
def disqualify(request, pk):
    return _reasoned(
        request, pk, DisqualifyForm, review.disqualify, _("The dossier was disqualified.")
    )


@require_POST
@login_required
def paper_received(request, pk):
    dossier = _review_dossier(request, pk)
    form = PaperForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("received_on", [])))
        return redirect(_review_url(dossier, "paper"))
    try:
        review.record_paper_received(
            dossier=dossier, by=request.user, at=form.cleaned_data["received_on"]
        )
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The arrival of the paper set was recorded."))
    return redirect(_review_url(dossier, "paper"))


@require_GET
@login_required
def request_print(request, pk):
    """The supplement request as an A4 document with the national motto block."""
    supplement = get_object_or_404(
        SupplementRequest.objects.select_related(
            "dossier__award_round__organiser__unit",
            "dossier__award_round__unit",
            "dossier__facility__unit__parent",
            "dossier__artisan__unit__parent",
            "created_by",
        ),
        pk=pk,
    )
    dossier = supplement.dossier
    if not access.is_round_secretariat(request.user, dossier.award_round):
        raise Http404
    context = {
        "request_obj": supplement,
        "dossier": dossier,
        "award_round": dossier.award_round,
        "agency": dossier.award_round.organiser,
        "applicant": dossier.applicant,
        "place": review_page.place_name(dossier.award_round),
    }
    return render(request, "secretariat/review_request_print.html", context)
