"""The documents and photos steps of the dossier editor: upload, replace, remove, order.

Uploads are sent by a normal form post, or by awards/static/js/uploads.js with a progress
bar; the script's requests get JSON telling it which page to show next.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from awards import portal
from awards.errors import DomainError
from awards.forms.dossiers import (
    ACCEPT_BY_KIND,
    PHOTO_ACCEPT,
    DocumentUploadForm,
    PhotoEditForm,
    PhotoUploadForm,
)
from awards.models import Document, Photo
from awards.portal import STEP_DOCUMENTS, STEP_PHOTOS
from awards.uploads import normalise_kinds
from awards.views import portal as shared

# --- documents -------------------------------------------------------------------------


def _accept_attribute(kinds):
    kinds = normalise_kinds(kinds) or ["pdf", "jpg", "png"]
    return ",".join(ACCEPT_BY_KIND[kind] for kind in kinds if kind in ACCEPT_BY_KIND)


@login_required
def documents(request, pk):
    dossier = shared.own_dossier(request, pk)
    files_by_item = {}
    for document in dossier.documents.order_by("-uploaded_at", "-pk"):
        files_by_item.setdefault(document.requirement_id, []).append(document)
    slots = []
    for requirement in dossier.required_documents():
        files = files_by_item.get(requirement.pk, [])
        current = next((d for d in files if d.superseded_at is None), None)
        slots.append(
            {
                "requirement": requirement,
                "current": current,
                "earlier": [d for d in files if d is not current],
                "accept": _accept_attribute(requirement.accepted_kinds),
            }
        )
    return shared.render_step(
        request,
        dossier,
        STEP_DOCUMENTS,
        "portal/editor/documents.html",
        {
            "slots": slots,
            "max_document_bytes": settings.UPLOAD_MAX_DOCUMENT_BYTES,
            "max_document_mb": shared.megabytes(settings.UPLOAD_MAX_DOCUMENT_BYTES),
        },
    )


@login_required
@require_POST
def document_upload(request, pk, requirement_pk):
    dossier = shared.own_dossier(request, pk)
    requirement = get_object_or_404(dossier.required_documents(), pk=requirement_pk)
    refused = shared.refused_when_locked(request, dossier, STEP_DOCUMENTS)
    if refused:
        return refused
    url = shared.step_url(STEP_DOCUMENTS, dossier) + f"#item-{requirement.pk}"
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, f"{requirement.name}: {form.errors['file'][0]}")
        return shared.answer(request, url, ok=False)
    try:
        document = portal.attach_document(
            dossier=dossier,
            requirement=requirement,
            upload=form.cleaned_data["file"],
            by=request.user,
        )
    except (DomainError, ValidationError) as error:
        messages.error(request, f"{requirement.name}: {shared.error_text(error)}")
        return shared.answer(request, url, ok=False)
    messages.success(
        request,
        _("“%(name)s” has been saved for: %(item)s.")
        % {"name": document.original_name, "item": requirement.name},
    )
    return shared.answer(request, url)


@login_required
@require_POST
def document_remove(request, pk, document_pk):
    dossier = shared.own_dossier(request, pk)
    document = get_object_or_404(
        Document.objects.filter(dossier=dossier).select_related("requirement"), pk=document_pk
    )
    refused = shared.refused_when_locked(request, dossier, STEP_DOCUMENTS)
    if refused:
        return refused
    document.dossier = dossier
    try:
        portal.remove_document(document=document)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("“%(name)s” was taken off the dossier. It stays in the dossier's history.")
            % {"name": document.original_name},
        )
    return redirect(shared.step_url(STEP_DOCUMENTS, dossier) + f"#item-{document.requirement_id}")


# --- photos ----------------------------------------------------------------------------


@login_required
def photos(request, pk):
    dossier = shared.own_dossier(request, pk)
    photo_list = list(dossier.photos.order_by("order", "pk"))
    rows = [
        {
            "photo": photo,
            "form": PhotoEditForm(
                initial={"caption": photo.caption, "position": n}, prefix=f"p{photo.pk}"
            ),
        }
        for n, photo in enumerate(photo_list, start=1)
    ]
    return shared.render_step(
        request,
        dossier,
        STEP_PHOTOS,
        "portal/editor/photos.html",
        {
            "rows": rows,
            "photo_count": len(photo_list),
            "min_photos": dossier.award_round.rule_set.min_photos
            if dossier.award_round.is_product
            else 0,
            "photo_accept": PHOTO_ACCEPT,
            "max_photo_bytes": settings.UPLOAD_MAX_PHOTO_BYTES,
            "max_photo_mb": shared.megabytes(settings.UPLOAD_MAX_PHOTO_BYTES),
            "max_photos": portal.MAX_PHOTOS_PER_DOSSIER,
        },
    )


def _own_photo(dossier, photo_pk):
    photo = get_object_or_404(Photo.objects.filter(dossier=dossier), pk=photo_pk)
    photo.dossier = dossier
    return photo


@login_required
@require_POST
def photo_upload(request, pk):
    dossier = shared.own_dossier(request, pk)
    refused = shared.refused_when_locked(request, dossier, STEP_PHOTOS)
    if refused:
        return refused
    url = shared.step_url(STEP_PHOTOS, dossier)
    form = PhotoUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form.errors["photos"][0])
        return shared.answer(request, url, ok=False)
    try:
        added = portal.add_photos(dossier=dossier, uploads=form.cleaned_data["photos"])
    except (DomainError, ValidationError) as error:
        messages.error(request, shared.error_text(error))
        return shared.answer(request, url, ok=False)
    messages.success(
        request,
        ngettext(
            "%(count)d photo added. Add a caption so the jury knows what it shows.",
            "%(count)d photos added. Add a caption to each so the jury knows what they show.",
            len(added),
        )
        % {"count": len(added)},
    )
    return shared.answer(request, url)


@login_required
@require_POST
def photo_update(request, pk, photo_pk):
    dossier = shared.own_dossier(request, pk)
    photo = _own_photo(dossier, photo_pk)
    refused = shared.refused_when_locked(request, dossier, STEP_PHOTOS)
    if refused:
        return refused
    form = PhotoEditForm(request.POST, prefix=f"p{photo.pk}")
    if not form.is_valid():
        messages.error(request, _("The position must be a whole number from 1."))
        return redirect(shared.step_url(STEP_PHOTOS, dossier))
    try:
        portal.update_photo(
            photo=photo,
            caption=form.cleaned_data["caption"],
            position=form.cleaned_data["position"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The photo has been updated."))
    return redirect(shared.step_url(STEP_PHOTOS, dossier) + f"#photo-{photo.pk}")


@login_required
@require_POST
def photo_move(request, pk, photo_pk):
    dossier = shared.own_dossier(request, pk)
    photo = _own_photo(dossier, photo_pk)
    refused = shared.refused_when_locked(request, dossier, STEP_PHOTOS)
    if refused:
        return refused
    try:
        portal.move_photo(photo=photo, direction=request.POST.get("direction", ""))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(shared.step_url(STEP_PHOTOS, dossier) + f"#photo-{photo.pk}")


@login_required
@require_POST
def photo_delete(request, pk, photo_pk):
    dossier = shared.own_dossier(request, pk)
    photo = _own_photo(dossier, photo_pk)
    refused = shared.refused_when_locked(request, dossier, STEP_PHOTOS)
    if refused:
        return refused
    try:
        portal.delete_photo(photo=photo)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The photo has been deleted."))
    return redirect(shared.step_url(STEP_PHOTOS, dossier))
