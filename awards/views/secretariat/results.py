"""The end of a round: proposed list, approval, decision, documents, certificates,
nomination to the next level, and the plan-versus-result report.

Thin views: find the round (404 unless the person is its secretariat — or, where said, its
council chair), parse the form, call a service in ``awards.decisions`` /
``awards.nominations`` and redirect with a message. Files are built on request.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards import access, certificates, decisions, nominations, official_documents, plan_report
from awards.enums import DossierState
from awards.errors import DomainError
from awards.exports import XLSX_CONTENT_TYPE
from awards.models import AwardRound, Certificate, Dossier, ListEntry

PDF = "application/pdf"
ZIP = "application/zip"


def round_for_results(request, code, *, chair=True):
    """The round if the person is its secretariat (or, with ``chair``, its council chair)."""
    award_round = get_object_or_404(
        AwardRound.objects.select_related("organiser", "rule_set", "parent", "unit"), code=code
    )
    allowed = access.is_round_secretariat(request.user, award_round) or (
        chair and access.is_round_chair(request.user, award_round)
    )
    if not allowed:
        raise Http404
    return award_round


def _back(code, anchor=""):
    response = redirect("secretariat:results", code=code)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _run(request, action, success):
    """Call ``action``; a domain refusal becomes an error message, success a message."""
    try:
        result = action()
    except DomainError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, success)
    return result


def _file(data, content_type, filename):
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def results(request, code):
    award_round = round_for_results(request, code)
    result_list = decisions.result_list_of(award_round)
    entries = []
    if result_list is not None:
        entries = list(
            ListEntry.objects.filter(result_list=result_list)
            .select_related("dossier__facility", "dossier__artisan", "merged_into__dossier")
            .order_by("position")
        )
    decision = decisions.decision_of(award_round)
    context = {
        "award_round": award_round,
        "result_list": result_list,
        "entries": entries,
        "decision": decision,
        "problems": decisions.scoring_open_problems(award_round),
        "is_secretariat": access.is_round_secretariat(request.user, award_round),
        "may_approve": decisions.may_approve(request.user, award_round),
        "editable": result_list is not None and result_list.approved_at is None,
        "certificates": (
            list(
                Certificate.objects.filter(decision=decision)
                .select_related("dossier")
                .order_by("number")
            )
            if decision
            else []
        ),
        "today": datetime.date.today().isoformat(),
    }
    return render(request, "secretariat/results.html", context)


@require_POST
@login_required
def prepare(request, code):
    award_round = round_for_results(request, code, chair=False)
    _run(
        request,
        lambda: decisions.prepare_list(award_round=award_round, by=request.user),
        _("The proposed list was prepared from the sealed result."),
    )
    return _back(code, "list")


@require_POST
@login_required
def entry(request, code, pk):
    award_round = round_for_results(request, code)
    item = get_object_or_404(ListEntry, pk=pk, result_list__award_round=award_round)
    included = request.POST.get("included") == "1"
    _run(
        request,
        lambda: decisions.set_entry(
            entry=item, included=included, reason=request.POST.get("reason", ""), by=request.user
        ),
        _("The entry was updated."),
    )
    return _back(code, f"entry-{pk}")


@require_POST
@login_required
def merge(request, code):
    award_round = round_for_results(request, code)
    ids = [int(v) for v in request.POST.getlist("entries") if v.isdigit()]
    picked = list(ListEntry.objects.filter(pk__in=ids, result_list__award_round=award_round))
    _run(
        request,
        lambda: decisions.merge_entries(
            entries=picked, set_name=request.POST.get("set_name", ""), by=request.user
        ),
        _("The entries were merged into a product set."),
    )
    return _back(code, "list")


@require_POST
@login_required
def unmerge(request, code, pk):
    award_round = round_for_results(request, code)
    item = get_object_or_404(ListEntry, pk=pk, result_list__award_round=award_round)
    _run(
        request,
        lambda: decisions.unmerge_entry(entry=item, by=request.user),
        _("The product set was dissolved."),
    )
    return _back(code, "list")


@require_POST
@login_required
def approve(request, code):
    award_round = round_for_results(request, code)
    _run(
        request,
        lambda: decisions.approve_list(award_round=award_round, by=request.user),
        _("The list is approved."),
    )
    return _back(code, "list")


def _date(text):
    try:
        return datetime.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


@require_POST
@login_required
def decide(request, code):
    award_round = round_for_results(request, code, chair=False)
    _run(
        request,
        lambda: decisions.record_decision(
            award_round=award_round,
            number=request.POST.get("number", ""),
            signed_on=_date(request.POST.get("signed_on")),
            signer_name=request.POST.get("signer_name", ""),
            signer_title=request.POST.get("signer_title", ""),
            by=request.user,
        ),
        _("The decision was recorded and the certificates were issued."),
    )
    return _back(code, "decision")


DOWNLOADS = {
    "result-list.xlsx": (official_documents.result_list_xlsx, XLSX_CONTENT_TYPE),
    "result-list.pdf": (official_documents.result_list_pdf, PDF),
    "score-summary.xlsx": (official_documents.score_summary_xlsx, XLSX_CONTENT_TYPE),
    "score-summary.pdf": (official_documents.score_summary_pdf, PDF),
    "draft-decision.pdf": (official_documents.draft_decision_pdf, PDF),
    "certificates.zip": (certificates.certificates_zip, ZIP),
}


@require_GET
@login_required
def download(request, code, name):
    award_round = round_for_results(request, code)
    if name not in DOWNLOADS:
        raise Http404
    build, content_type = DOWNLOADS[name]
    return _file(build(award_round), content_type, f"{award_round.code}-{name}")


@require_GET
@login_required
def certificate(request, code, pk):
    award_round = round_for_results(request, code)
    item = get_object_or_404(certificates.certificates_of_round(award_round), pk=pk)
    return _file(certificates.certificate_pdf(item), PDF, certificates.certificate_filename(item))


@login_required
def nominate(request, code):
    award_round = round_for_results(request, code, chair=False)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("dossiers") if v.isdigit()]
        picked = list(Dossier.objects.filter(pk__in=ids, award_round=award_round))
        created = _run(
            request,
            lambda: nominations.nominate(award_round=award_round, dossiers=picked, by=request.user),
            _("The dossiers were nominated to the next level."),
        )
        if created is not None:
            return redirect("secretariat:results_nominate", code=code)
    quota, used, remaining = nominations.quota_status(award_round)
    context = {
        "award_round": award_round,
        "candidates": nominations.candidates(award_round),
        "quota": quota,
        "used": used,
        "remaining": remaining,
    }
    return render(request, "secretariat/results_nominate.html", context)


def _spent(request):
    try:
        value = Decimal((request.GET.get("spent") or "").replace(".", "").replace(",", ""))
    except InvalidOperation:
        return None
    return value if value >= 0 else None


@require_GET
@login_required
def plan(request, code):
    award_round = round_for_results(request, code)
    report = plan_report.plan_report(award_round=award_round, spent=_spent(request))
    export = request.GET.get("export")
    if export == "xlsx":
        return _file(plan_report.plan_report_xlsx(report), XLSX_CONTENT_TYPE, f"{code}-plan.xlsx")
    if export == "pdf":
        return _file(plan_report.plan_report_pdf(report), PDF, f"{code}-plan.pdf")
    spent = request.GET.get("spent", "")
    return render(
        request,
        "secretariat/results_plan.html",
        {"award_round": award_round, "report": report, "spent": spent},
    )


@require_POST
@login_required
def revoke(request, code, pk):
    award_round = round_for_results(request, code, chair=False)
    dossier = get_object_or_404(
        Dossier, pk=pk, award_round=award_round,
        state__in=[DossierState.RECOGNISED, DossierState.AWARDED],
    )  # fmt: skip
    _run(
        request,
        lambda: decisions.revoke_recognition(
            dossier=dossier, reason=request.POST.get("reason", ""), by=request.user
        ),
        _("The recognition was revoked."),
    )
    return _back(code, "decision")
