"""The secretariat's landing page (its rounds) and the intake queue of one round."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from awards import intake
from awards.exports import XLSX_CONTENT_TYPE, intake_workbook
from awards.forms.intake import IntakeFilterForm
from awards.views.secretariat import round_for_secretariat


@require_GET
@login_required
def landing(request):
    if not intake.may_use_secretariat(request.user):
        raise Http404
    rounds = intake.secretariat_rounds(user=request.user)
    return render(request, "secretariat/intake_rounds.html", {"rounds": rounds})


def _filters(request, award_round):
    form = IntakeFilterForm(
        request.GET or None,
        award_round=award_round,
        localities=intake.locality_choices(award_round),
    )
    return form, form.filters()


@require_GET
@login_required
def queue(request, code):
    award_round = round_for_secretariat(request, code)
    form, filters = _filters(request, award_round)
    counts = intake.queue_counts(award_round=award_round, filters=filters)
    page = intake.page_of(
        award_round=award_round, filters=filters, counts=counts, page=request.GET.get("page")
    )
    context = {
        "award_round": award_round,
        "form": form,
        "filters": filters,
        "counts": counts,
        "chips": counts.chips(filters.state),
        "page": page,
        "now": timezone.now(),
        "overdue": intake.OVERDUE,
    }
    return render(request, "secretariat/intake_queue.html", context)


@require_GET
@login_required
def export(request, code):
    """The filtered list (every page) as an xlsx file."""
    award_round = round_for_secretariat(request, code)
    _form, filters = _filters(request, award_round)
    content = intake_workbook(
        award_round=award_round,
        dossiers=intake.filtered_dossiers(award_round=award_round, filters=filters),
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"ho-so-{award_round.code}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["Cache-Control"] = "private, no-store"
    return response
