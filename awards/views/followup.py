"""Applicant pages after filing: my dossiers, submit, receipt, status and withdraw.

Each page looks the dossier up among the signed-in person's own dossiers, so another
applicant's dossier gives 404. State changes go through ``awards.followup`` (which runs
``awards.workflow.run_transition``); refusals are shown with their reasons and change nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from awards import followup
from awards.documents import receipt_pdf as build_receipt_pdf
from awards.enums import DossierState
from awards.errors import TransitionRefused
from awards.models import Dossier, DossierRevision
from awards.workflow import check_transition, transition_label


def _own_dossier(request, pk):
    dossier_qs = Dossier.objects.owned_by(request.user).select_related(
        "award_round__organiser", "facility", "artisan"
    )
    return get_object_or_404(dossier_qs, pk=pk)


def _revision_or_404(dossier, number):
    """The requested submission (``?revision=N``), the latest without one; 404 otherwise."""
    if number in (None, ""):
        number = None
    else:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise Http404 from None
    try:
        return followup.get_revision(dossier, number)
    except DossierRevision.DoesNotExist:
        raise Http404 from None


def _receipt_url(dossier, revision=None):
    url = reverse("followup:receipt", args=[dossier.pk])
    return f"{url}?revision={revision.number}" if revision is not None else url


@login_required
def my_dossiers(request):
    dossiers = Dossier.objects.owned_by(request.user).select_related("award_round").vi_ordered()
    return render(request, "portal/followup/my_dossiers.html", {"dossiers": dossiers})


@login_required
def status(request, pk):
    return _render_status(request, _own_dossier(request, pk))


def _render_status(request, dossier, *, refusal=None):
    entries = followup.timeline(dossier)
    revisions = list(followup.revisions_of(dossier))
    returned = followup.last_return(entries) if dossier.state == DossierState.RETURNED else None
    context = {
        "dossier": dossier,
        "entries": entries,
        "revisions": revisions,
        "returned": returned,
        "next_step": followup.next_step(dossier.state),
        "may_submit": followup.may_submit(dossier),
        "may_withdraw": followup.may_withdraw(dossier),
        "submit_token": followup.submission_token(dossier, revisions=len(revisions)),
        "refusal": refusal,
        "refusal_headline": followup.refusal_headline(refusal) if refusal else "",
    }
    return render(request, "portal/followup/status.html", context)


@login_required
def submit(request, pk):
    """POST: submit or resubmit once; a repeated request lands on the latest receipt."""
    dossier = _own_dossier(request, pk)
    if request.method != "POST":
        return redirect("followup:status", pk=dossier.pk)
    try:
        outcome = followup.submit_once(
            dossier=dossier, by=request.user, token=request.POST.get("token")
        )
    except TransitionRefused as error:
        dossier.refresh_from_db()
        return _render_status(request, dossier, refusal=error)
    if outcome.already:
        messages.info(
            request,
            _(
                "This dossier had already been submitted, so nothing was sent twice. "
                "Here is the receipt of your latest submission."
            ),
        )
        return redirect(_receipt_url(dossier))
    messages.success(
        request,
        _("Your dossier has been submitted. A copy of this receipt was sent to your e-mail."),
    )
    return redirect(_receipt_url(dossier, outcome.revision))


@login_required
def receipt(request, pk):
    dossier = _own_dossier(request, pk)
    revision = _revision_or_404(dossier, request.GET.get("revision"))
    context = {
        "dossier": dossier,
        "revision": revision,
        "title": (revision.facts or {}).get("title") or dossier.title,
        "documents": followup.receipt_documents(revision),
        "revisions": dossier.revisions.order_by("-number").only("number", "submitted_at"),
    }
    return render(request, "portal/followup/receipt.html", context)


@login_required
def receipt_pdf(request, pk):
    dossier = _own_dossier(request, pk)
    revision = _revision_or_404(dossier, request.GET.get("revision"))
    response = HttpResponse(
        build_receipt_pdf(dossier=dossier, revision=revision), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=followup.receipt_filename(dossier, revision)
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def withdraw(request, pk):
    """GET: "Are you sure?" with the consequences; POST: withdraw (refusals explained)."""
    dossier = _own_dossier(request, pk)
    refusal = None
    if request.method == "POST":
        try:
            dossier, already = followup.withdraw_once(dossier=dossier, by=request.user)
        except TransitionRefused as error:
            dossier.refresh_from_db()
            refusal = error
        else:
            if already:
                messages.info(request, _("This dossier had already been withdrawn."))
            else:
                messages.success(request, _("Your dossier has been withdrawn."))
            return redirect("followup:status", pk=dossier.pk)
    elif dossier.state != DossierState.WITHDRAWN:
        try:
            check_transition(dossier=dossier, action="withdraw", by=request.user)
        except TransitionRefused as error:
            refusal = error
    context = {
        "dossier": dossier,
        "refusal": refusal,
        "action_label": transition_label("withdraw"),
    }
    return render(request, "portal/followup/withdraw_confirm.html", context)
