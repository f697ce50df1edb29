"""Public pages, no login: the registry, product pages, certificate checks, consultation.

Thin views over ``awards.registry`` and ``awards.consultation``. Anything not published
(no decision yet, not honoured, revoked) answers 404, like an id that never existed.
"""

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from awards import consultation, registry
from awards.forms.public import CommentForm, VerifyForm
from awards.models import AwardRound

PER_PAGE = 24


@require_GET
def index(request):
    filters = registry.RegistryFilters.from_query(request.GET)
    page = Paginator(registry.registry_entries(filters), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "public/registry.html",
        {"page_obj": page, "filters": filters, **registry.filter_choices()},
    )


@require_GET
def detail(request, pk):
    dossier = registry.registry_entry(pk)
    if dossier is None:
        raise Http404
    return render(
        request,
        "public/registry_detail.html",
        {"dossier": dossier, "steps": registry.public_lineage(dossier), "photos": dossier.ordered},
    )


def _photo_response(stored, name):
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg", filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=3600)
    return response


@require_GET
def photo(request, pk):
    found = registry.public_photo(pk)
    if found is None:
        raise Http404
    return _photo_response(found.image, f"photo-{found.pk}.jpg")


@require_GET
def photo_thumbnail(request, pk):
    found = registry.public_photo(pk)
    if found is None:
        raise Http404
    return _photo_response(found.thumbnail or found.image, f"photo-{found.pk}-thumb.jpg")


@require_GET
def verify(request):
    form = VerifyForm(request.GET or None)
    result, searched = None, False
    if form.is_bound:
        searched = True
        if form.is_valid():
            result = registry.verify_number(form.cleaned_data["number"])
    return render(
        request,
        "public/registry_verify.html",
        {"form": form, "result": result, "searched": searched},
    )


@require_GET
def verify_token(request, token):
    result = registry.verify_token(token)
    return render(
        request,
        "public/registry_verify.html",
        {"form": VerifyForm(), "result": result, "searched": True, "by_token": True},
        status=200 if result else 404,
    )


@require_GET
def consultation_index(request):
    return render(
        request,
        "public/consultation_index.html",
        {"rounds": consultation.open_rounds().select_related("organiser")},
    )


@require_http_methods(["GET", "POST"])
def consultation_round(request, code):
    award_round = get_object_or_404(
        AwardRound.objects.select_related("organiser"),
        code=code,
        consultation_opens__isnull=False,
    )
    candidates = consultation.candidates(award_round)
    is_open = consultation.is_open(award_round)
    form = CommentForm(candidates=candidates)
    status, too_large = 200, ""
    if request.method == "POST" and is_open:
        try:
            form = CommentForm(request.POST, request.FILES, candidates=candidates)
            bound = form.is_valid()
        except RequestDataTooBig:
            # Django refuses to read a body this large; say so instead of a bare 400.
            form = CommentForm(candidates=candidates)
            too_large = _(
                "What you sent is too large (more than 5 MB). A comment may be at most "
                "10,000 characters long; send longer texts as a signed scan."
            )
            bound, status = False, 413
        if bound:
            data = form.cleaned_data
            try:
                consultation.submit_comment(
                    award_round=award_round,
                    dossier=data["dossier"],
                    name=data["name"],
                    phone=data["phone"],
                    address=data["address"],
                    content=data["content"],
                    signed_scan=data["signed_scan"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(
                    request,
                    _("Thank you. Your comment was received; the secretariat will consider it."),
                )
                return redirect("registry:consultation_round", code=award_round.code)
        elif status == 200:
            status = 400
    return render(
        request,
        "public/consultation_round.html",
        {
            "award_round": award_round,
            "candidates": candidates,
            "form": form,
            "is_open": is_open,
            "too_large": too_large,
            "days_left": consultation.days_left(award_round),
        },
        status=status,
    )
