"""The judge workspace: my rounds, my dossiers, one dossier with its score sheet.

Thin views: find the user's assignment (else 404 — a dossier not assigned to them, or one they
declared a conflict with, does not exist for them), call a service from ``scoring.sheets`` or
``scoring.conflicts``, render. The live check (htmx) validates the typed points without saving
and answers with the feedback parts of the same templates the page uses.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.errors import DomainError
from scoring import judging
from scoring.conflicts import declare_conflict
from scoring.enums import SheetStatus
from scoring.sheet_layout import criteria_groups, layout_from_post, layout_from_sheet
from scoring.sheets import (
    SheetInvalid,
    StaleSheet,
    get_or_start_sheet,
    save_draft,
    scoring_is_open,
    scoring_problems,
    sheet_version,
    submit_sheet,
)


def _assignment_or_404(request, pk, *, detail=False):
    assignment = judging.assignment_or_none(user=request.user, dossier_pk=pk, detail=detail)
    if assignment is None:
        raise Http404
    return assignment


def _dossier_url(dossier):
    return reverse("scoring:judge_dossier", args=[dossier.pk])


@login_required
@require_GET
def judge_home(request):
    rounds = list(judging.judge_rounds(user=request.user))
    return render(request, "scoring/judge_home.html", {"rounds": rounds})


@login_required
@require_GET
def judge_round(request, code):
    award_round = judging.judge_round_or_none(user=request.user, code=code)
    if award_round is None:
        raise Http404
    rows = judging.judge_assignments(user=request.user, award_round=award_round)
    return render(
        request,
        "scoring/judge_round.html",
        {
            "award_round": award_round,
            "rows": rows,
            "progress": judging.progress_of(rows),
            "submitted": SheetStatus.SUBMITTED,
        },
    )


def _page_context(request, assignment, *, layout=None, sheet=None, groups=None):
    dossier, member = assignment.dossier, assignment.member
    if sheet is None:
        sheet = judging.own_sheet(member=member, dossier=dossier)
    groups = groups if groups is not None else criteria_groups(dossier.award_round.rule_set)
    if layout is None:
        layout = layout_from_sheet(groups, sheet)
    open_now = scoring_is_open(dossier=dossier)
    editable = open_now and (sheet is None or sheet.status == SheetStatus.DRAFT)
    show_others = judging.may_see_other_scores(dossier=dossier, sheet=sheet)
    reopenings = list(sheet.reopenings.all()) if sheet is not None else []
    return {
        "assignment": assignment,
        "dossier": dossier,
        "award_round": dossier.award_round,
        "member": member,
        "sheet": sheet,
        "layout": layout,
        "editable": editable,
        "scoring_open": open_now,
        "closed_reasons": scoring_problems(dossier=dossier),
        "version": sheet_version(sheet),
        "last_reopening": reopenings[-1] if reopenings else None,
        "photos": list(dossier.photos.all()),
        "documents": list(dossier.documents.current().select_related("requirement")),
        "show_others": show_others,
        "may_declare_conflict": not judging.scoring_closed(dossier=dossier),
        "others": judging.other_sheets(dossier=dossier, member=member) if show_others else [],
    }


@login_required
@require_GET
def judge_dossier(request, pk):
    assignment = _assignment_or_404(request, pk, detail=True)
    return render(request, "scoring/judge_dossier.html", _page_context(request, assignment))


@login_required
@require_POST
def judge_sheet_check(request, pk):
    """htmx: check the typed points, answer with the subtotals, total and line messages."""
    assignment = _assignment_or_404(request, pk)
    groups = criteria_groups(assignment.dossier.award_round.rule_set)
    layout = layout_from_post(groups, request.POST)
    return render(request, "scoring/judge_sheet_feedback.html", {"layout": layout})


@login_required
@require_POST
def judge_sheet_save(request, pk):
    """Save the draft; with ``action=submit`` go on to the confirmation when it is complete."""
    assignment = _assignment_or_404(request, pk)
    dossier, member = assignment.dossier, assignment.member
    groups = criteria_groups(dossier.award_round.rule_set)
    layout = layout_from_post(groups, request.POST)
    points = {row.criterion.pk: row.value for row in layout.rows}
    try:
        sheet = get_or_start_sheet(member=member, dossier=dossier)
        sheet = save_draft(
            sheet=sheet,
            points=points,
            comment=request.POST.get("comment", ""),
            by=request.user,
            expected_updated_at=request.POST.get("version") or None,
        )
    except SheetInvalid as error:
        messages.error(request, error.message)
        layout = layout_from_post(groups, request.POST, errors=error.field_errors)
        context = _page_context(request, assignment, layout=layout, groups=groups)
        return render(request, "scoring/judge_dossier.html", context, status=422)
    except StaleSheet as error:
        typed = "; ".join(f"{row.criterion.code}: {row.value}" for row in layout.rows if row.value)
        messages.error(request, error.message)
        if typed:
            messages.info(request, _("Your unsaved entries were: %(typed)s") % {"typed": typed})
        return redirect(f"{_dossier_url(dossier)}#sheet")
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(f"{_dossier_url(dossier)}#sheet")

    if request.POST.get("action") != "submit":
        messages.success(request, _("Draft saved. You can come back and finish it later."))
        return redirect(f"{_dossier_url(dossier)}#sheet")
    saved = layout_from_sheet(groups, sheet)
    missing = [row for row in saved.rows if row.points is None]
    if missing:
        names = "; ".join(f"{row.criterion.code}. {row.criterion.name}" for row in missing)
        messages.error(
            request,
            _("Draft saved, but the sheet is not complete. Give points for: %(criteria)s.")
            % {"criteria": names},
        )
        for row in missing:
            row.error = _("Give points for this criterion before submitting.")
        context = _page_context(request, assignment, layout=saved, sheet=sheet, groups=groups)
        return render(request, "scoring/judge_dossier.html", context, status=422)
    return redirect("scoring:judge_sheet_submit", pk=dossier.pk)


@login_required
@require_http_methods(["GET", "POST"])
def judge_sheet_submit(request, pk):
    """Confirm and submit: the page shows the points once more; POST locks the sheet."""
    assignment = _assignment_or_404(request, pk)
    dossier, member = assignment.dossier, assignment.member
    sheet = judging.own_sheet(member=member, dossier=dossier)
    if sheet is None or sheet.status != SheetStatus.DRAFT:
        return redirect(f"{_dossier_url(dossier)}#sheet")
    if request.method == "POST":
        try:
            submit_sheet(
                sheet=sheet, by=request.user, expected_updated_at=request.POST.get("version")
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(f"{_dossier_url(dossier)}#sheet")
        messages.success(request, _("Score sheet submitted. It is now locked."))
        return redirect(f"{_dossier_url(dossier)}#sheet")
    groups = criteria_groups(dossier.award_round.rule_set)
    return render(
        request,
        "scoring/judge_submit.html",
        {
            "dossier": dossier,
            "award_round": dossier.award_round,
            "sheet": sheet,
            "layout": layout_from_sheet(groups, sheet),
            "version": sheet_version(sheet),
        },
    )


@login_required
@require_POST
def judge_conflict(request, pk):
    """Declare a conflict of interest: the dossier leaves the judge's list for good."""
    assignment = _assignment_or_404(request, pk)
    try:
        declare_conflict(
            member=assignment.member,
            dossier=assignment.dossier,
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(f"{_dossier_url(assignment.dossier)}#conflict")
    messages.success(
        request,
        _("Conflict of interest recorded. Dossier %(code)s was removed from your list.")
        % {"code": assignment.dossier.code},
    )
    return redirect("scoring:judge_round", code=assignment.dossier.award_round.code)
