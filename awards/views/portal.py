"""The applicant's pages: open rounds, starting a dossier, and the step-by-step editor.

Thin views: parse the input, find the applicant's own dossier (another person's gives 404),
call a service in ``awards.portal``, and render or redirect with a message. A dossier that
is no longer a draft or returned is shown read-only and every change is refused.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from awards import guards, portal, portal_rounds
from awards.enums import CheckKind
from awards.errors import DomainError
from awards.followup import submission_token
from awards.forms.dossiers import (
    DeclarationsForm,
    RoundFilterForm,
    StartDossierForm,
    facts_form_class,
    facts_initial,
    format_vnd,
)
from awards.models import AwardRound, Dossier
from awards.portal import (
    STEP_DECLARATIONS,
    STEP_DOCUMENTS,
    STEP_FACTS,
    STEP_PHOTOS,
    STEP_REVIEW,
    STEPS,
)

STEP_LABELS = {
    STEP_FACTS: gettext_lazy("Information"),
    STEP_DOCUMENTS: gettext_lazy("Documents"),
    STEP_PHOTOS: gettext_lazy("Photos"),
    STEP_DECLARATIONS: gettext_lazy("Declarations"),
    STEP_REVIEW: gettext_lazy("Check and submit"),
}
STEP_URLS = {
    STEP_FACTS: "portal:facts",
    STEP_DOCUMENTS: "portal:documents",
    STEP_PHOTOS: "portal:photos",
    STEP_DECLARATIONS: "portal:declarations",
    STEP_REVIEW: "portal:review",
}


# --- rounds ----------------------------------------------------------------------------


@login_required
def rounds(request):
    filter_form = RoundFilterForm(request.GET or None)
    filters = filter_form.filters() if request.GET else {}
    open_rounds = [
        {"award_round": award_round, "rules": portal_rounds.round_rules(award_round)}
        for award_round in portal_rounds.open_rounds_for(user=request.user, **filters)
    ]
    return render(
        request,
        "portal/rounds.html",
        {"filter_form": filter_form, "open_rounds": open_rounds, "filtered": any(filters.values())},
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request, code):
    award_round = get_object_or_404(
        AwardRound.objects.select_related("organiser", "unit"), code=code
    )
    records = portal_rounds.applicant_records(user=request.user, award_round=award_round)
    window = guards.registration_window_open.problems(Dossier(award_round=award_round))
    form = None
    if records and not window:
        form = StartDossierForm(
            request.POST if request.method == "POST" else None,
            award_round=award_round,
            records=records,
        )
    if request.method == "POST":
        if window:
            messages.error(request, window[0])
        elif form is not None and form.is_valid():
            record = form.cleaned_data["record"]
            try:
                dossier = portal_rounds.start_dossier(
                    award_round=award_round,
                    user=request.user,
                    facility=None if award_round.is_artisan else record,
                    artisan=record if award_round.is_artisan else None,
                    title=form.cleaned_data.get("title", ""),
                    title_sought=form.cleaned_data.get("title_sought", ""),
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("Your dossier %(code)s has been created as a draft. Fill in each step.")
                    % {"code": dossier.code},
                )
                return redirect("portal:facts", pk=dossier.pk)
    return render(
        request,
        "portal/start.html",
        {
            "award_round": award_round,
            "form": form,
            "window_problem": window[0] if window else "",
            "has_records": bool(records),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- editor helpers --------------------------------------------------------------------


def own_dossier(request, pk):
    queryset = Dossier.objects.owned_by(request.user).select_related(
        "award_round__rule_set", "award_round__organiser", "facility", "artisan"
    )
    return get_object_or_404(queryset, pk=pk)


def step_url(step, dossier):
    return reverse(STEP_URLS[step], args=[dossier.pk])


def is_xhr(request):
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def answer(request, url, *, ok=True):
    """Redirect, or tell the upload script where to go (it cannot follow a redirect itself
    without consuming the message the next page shows)."""
    if is_xhr(request):
        return JsonResponse({"ok": ok, "redirect": url}, status=200 if ok else 400)
    return redirect(url)


def refused_when_locked(request, dossier, step):
    """The response refusing a change to a dossier that can no longer be edited, or None."""
    if dossier.is_editable:
        return None
    messages.error(request, portal.not_editable_message(dossier))
    return answer(request, step_url(step, dossier), ok=False)


def render_step(request, dossier, step, template, context=None, status=200):
    """Render one editor step with the step links, progress and completeness panel."""
    problems = portal.completeness_by_step(dossier=dossier)
    steps = [
        {
            "name": name,
            "label": STEP_LABELS[name],
            "url": step_url(name, dossier),
            "current": name == step,
            "done": not problems if name == STEP_REVIEW else portal.step_is_done(problems, name),
        }
        for name in STEPS
    ]
    parts = [s for s in steps if s["name"] != STEP_REVIEW]
    problem_links = [
        {"message": p.message, "url": step_url(p.step, dossier) if p.step else ""} for p in problems
    ]
    submit_token = ""
    if not problems and dossier.is_editable:
        submit_token = submission_token(dossier)
    base = {
        "dossier": dossier,
        "award_round": dossier.award_round,
        "step": step,
        "steps": steps,
        "step_number": STEPS.index(step) + 1,
        "step_count": len(STEPS),
        "parts_done": sum(1 for s in parts if s["done"]),
        "parts_total": len(parts),
        "problems": problems,
        "problem_links": problem_links,
        "ready": not problems,
        "read_only": not dossier.is_editable,
        "submit_token": submit_token,
    }
    base.update(context or {})
    return render(request, template, base, status=status)


def megabytes(size):
    return portal_rounds.format_number(Decimal(size) / (1024 * 1024))


def error_text(error):
    if isinstance(error, DomainError):
        return error.message
    return " ".join(error.messages)


@login_required
def dossier_home(request, pk):
    dossier = own_dossier(request, pk)
    return redirect("portal:facts", pk=dossier.pk)


# --- facts -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def facts(request, pk):
    dossier = own_dossier(request, pk)
    form_class = facts_form_class(dossier)
    if request.method == "GET":
        form = form_class(
            initial=facts_initial(dossier), dossier=dossier, read_only=not dossier.is_editable
        )
        return render_step(request, dossier, STEP_FACTS, "portal/editor/facts.html", {"form": form})

    refused = refused_when_locked(request, dossier, STEP_FACTS)
    if refused:
        return refused
    form = form_class(request.POST, dossier=dossier)
    context = {"form": form}
    if not form.is_valid():
        messages.error(request, _("Some answers need correcting; see the marked fields."))
        return render_step(request, dossier, STEP_FACTS, "portal/editor/facts.html", context, 400)
    try:
        dossier = portal.save_facts(
            dossier=dossier, values=form.facts(), seen_updated_at=form.cleaned_data["seen"]
        )
    except portal.StaleDossier as error:
        current = error.dossier
        changed = portal.changed_facts(dossier=current, values=form.facts())
        data = request.POST.copy()
        data["seen"] = portal.seen_stamp(current.updated_at)
        form = form_class(data, dossier=current)
        form.is_valid()
        messages.error(request, error.message)
        context = {
            "form": form,
            "changed_labels": [str(form.fields[name].label) for name in changed],
        }
        return render_step(request, current, STEP_FACTS, "portal/editor/facts.html", context, 409)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("portal:facts", pk=dossier.pk)
    messages.success(request, _("The information has been saved."))
    if "continue" in request.POST:
        return redirect("portal:documents", pk=dossier.pk)
    return redirect("portal:facts", pk=dossier.pk)


# --- declarations ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def declarations(request, pk):
    dossier = own_dossier(request, pk)
    checks = portal.applicable_checks(dossier)
    statements = [c for c in checks if c.kind == CheckKind.DECLARATION]
    minima = []
    for check in checks:
        if check.kind == CheckKind.MINIMUM:
            current = getattr(dossier, check.field, None) if check.field else None
            minima.append(
                {
                    "label": check.label,
                    "minimum": portal_rounds.format_number(check.minimum),
                    "current": current,
                    "met": current is not None
                    and check.minimum is not None
                    and current >= check.minimum,
                }
            )
    if request.method == "POST":
        refused = refused_when_locked(request, dossier, STEP_DECLARATIONS)
        if refused:
            return refused
        form = DeclarationsForm(request.POST, checks=statements, declarations={})
        if form.is_valid():
            try:
                portal.save_declarations(dossier=dossier, declared=form.declared())
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Your declarations have been saved."))
                if "continue" in request.POST:
                    return redirect("portal:review", pk=dossier.pk)
            return redirect("portal:declarations", pk=dossier.pk)
    form = DeclarationsForm(
        checks=statements, declarations=dossier.declarations, read_only=not dossier.is_editable
    )
    return render_step(
        request,
        dossier,
        STEP_DECLARATIONS,
        "portal/editor/declarations.html",
        {"form": form, "minima": minima},
    )


# --- review ----------------------------------------------------------------------------


@login_required
def review(request, pk):
    dossier = own_dossier(request, pk)
    current = list(
        dossier.documents.current().select_related("requirement").order_by("requirement__order")
    )
    return render_step(
        request,
        dossier,
        STEP_REVIEW,
        "portal/editor/review.html",
        {
            "current_documents": current,
            "photo_count": dossier.photos.count(),
            "revenue": format_vnd(dossier.annual_revenue),
        },
    )
