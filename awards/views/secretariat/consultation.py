"""The secretariat's side of a public consultation: open it, read and resolve comments,
then open the vote once the window has closed.

Thin views: 404 unless the person is the round's secretariat; services in
``awards.consultation`` do the work and explain refusals.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards import access, consultation
from awards.enums import DossierState
from awards.errors import DomainError
from awards.forms.public import OpenConsultationForm, ResolutionForm
from awards.models import ConsultationComment
from awards.views.secretariat import round_for_secretariat

COMMENTS_PER_PAGE = 30


def _comment_for_secretariat(request, pk):
    comment = get_object_or_404(
        ConsultationComment.objects.select_related("award_round", "dossier"), pk=pk
    )
    if not access.is_round_secretariat(request.user, comment.award_round):
        raise Http404
    return comment


def _stamp(comment):
    return comment.resolved_at.isoformat() if comment.resolved_at else ""


@login_required
@require_GET
def overview(request, code):
    award_round = round_for_secretariat(request, code)
    comments = award_round.consultation_comments.select_related("dossier", "resolved_by").order_by(
        "-created_at", "-pk"
    )
    page = Paginator(comments, COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    for comment in page:
        comment.form = ResolutionForm(
            initial={"resolution": comment.resolution, "seen": _stamp(comment)},
            prefix=f"c{comment.pk}",
        )
    counts = {
        state: award_round.dossiers.filter(state=state).count()
        for state in (DossierState.ACCEPTED, DossierState.IN_CONSULTATION, DossierState.VOTING)
    }
    rule_set = award_round.rule_set
    return render(
        request,
        "secretariat/consultation.html",
        {
            "award_round": award_round,
            "page_obj": page,
            "counts": counts,
            "has_consultation": award_round.is_artisan
            and rule_set.has_consultation_at(award_round.level),
            "is_open": consultation.is_open(award_round),
            "is_over": award_round.consultation_is_over(),
            "open_form": OpenConsultationForm(initial={"opens": timezone.localdate()}),
            "unresolved": award_round.consultation_comments.filter(
                resolved_at__isnull=True
            ).count(),
        },
    )


@login_required
@require_POST
def open_window(request, code):
    award_round = round_for_secretariat(request, code)
    form = OpenConsultationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the day the consultation opens."))
        return redirect("secretariat:consultation", code=code)
    try:
        count = consultation.open_consultation(
            award_round=award_round, by=request.user, opens=form.cleaned_data["opens"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The list of %(count)d candidates is published for comment until %(date)s.")
            % {"count": count, "date": award_round.consultation_closes.strftime("%d/%m/%Y")},
        )
    return redirect("secretariat:consultation", code=code)


@login_required
@require_POST
def open_voting(request, code):
    award_round = round_for_secretariat(request, code)
    try:
        count = consultation.open_voting(award_round=award_round, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(count)d candidates are now open for the vote.") % {"count": count}
        )
    return redirect("secretariat:consultation", code=code)


@login_required
@require_POST
def resolve(request, pk):
    comment = _comment_for_secretariat(request, pk)
    form = ResolutionForm(request.POST, prefix=f"c{comment.pk}")
    target = redirect("secretariat:consultation", code=comment.award_round.code)
    if not form.is_valid():
        messages.error(request, _("Write how the comment was resolved."))
        return target
    try:
        consultation.resolve_comment(
            comment=comment,
            resolution=form.cleaned_data["resolution"],
            by=request.user,
            seen=form.cleaned_data["seen"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The resolution of the comment by %(name)s was recorded.") % {"name": comment.name},
        )
    return target


@login_required
@require_GET
def signed_scan(request, pk):
    comment = _comment_for_secretariat(request, pk)
    if not comment.signed_scan:
        raise Http404
    try:
        handle = comment.signed_scan.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = comment.signed_scan.name.rsplit(".", 1)[-1].lower()
    content_type = {"pdf": "application/pdf", "png": "image/png"}.get(extension, "image/jpeg")
    response = FileResponse(
        handle, content_type=content_type, filename=f"y-kien-{comment.pk}.{extension}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response
