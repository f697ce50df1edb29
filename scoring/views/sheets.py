"""Secretariat side of score sheets: a sheet's history, and reopening it for a correction.

Only the secretariat of the sheet's round sees these pages; everyone else gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards import access
from awards.errors import DomainError
from scoring.enums import SheetStatus
from scoring.models import ScoreSheet
from scoring.sheet_layout import criteria_groups, layout_from_sheet
from scoring.sheets import reopen_sheet, scoring_is_open


def _sheet_for_secretariat(request, pk):
    sheet = get_object_or_404(
        ScoreSheet.objects.select_related(
            "dossier__award_round__rule_set", "member__user", "member__panel", "entered_by"
        ),
        pk=pk,
    )
    if not access.is_round_secretariat(request.user, sheet.dossier.award_round):
        raise Http404
    return sheet


def _history_context(sheet, *, reason="", reason_error=""):
    reopenings = list(
        sheet.reopenings.select_related("by").prefetch_related(
            "changes__criterion", "changes__changed_by"
        )
    )
    loose_changes = list(
        sheet.line_changes.filter(reopening__isnull=True).select_related("criterion", "changed_by")
    )
    groups = criteria_groups(sheet.dossier.award_round.rule_set)
    return {
        "sheet": sheet,
        "dossier": sheet.dossier,
        "award_round": sheet.dossier.award_round,
        "layout": layout_from_sheet(groups, sheet),
        "reopenings": reopenings,
        "loose_changes": loose_changes,
        "may_reopen": sheet.status == SheetStatus.SUBMITTED
        and scoring_is_open(dossier=sheet.dossier),
        "reason": reason,
        "reason_error": reason_error,
    }


@login_required
@require_GET
def sheet_history(request, pk):
    sheet = _sheet_for_secretariat(request, pk)
    return render(request, "scoring/judge_sheet_history.html", _history_context(sheet))


@login_required
@require_POST
def sheet_reopen(request, pk):
    sheet = _sheet_for_secretariat(request, pk)
    reason = request.POST.get("reason", "")
    try:
        reopen_sheet(sheet=sheet, by=request.user, reason=reason)
    except DomainError as error:
        context = _history_context(sheet, reason=reason, reason_error=error.message)
        return render(request, "scoring/judge_sheet_history.html", context, status=422)
    messages.success(
        request,
        _("The sheet was reopened. The judge can correct it and submit it again."),
    )
    return redirect("scoring:sheet_history", pk=sheet.pk)
