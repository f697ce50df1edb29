"""Private files: dossier documents and photos, streamed only to people who may read them.

Who may read: the dossier's owner, the round's secretariat, members of the round's panels
and the system administrator (``awards.access.roles_in_round``). Everyone else, signed in
or not, gets 404, so a guessed id reveals nothing. Files are never linked by MEDIA_URL.
Responses are inline (a PDF previews in a same-origin frame), carry the cleaned original
name, forbid content sniffing and are not kept in shared caches.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from awards import access
from awards.enums import Role
from awards.models import Document, Photo
from awards.uploads import CONTENT_TYPES, safe_original_name

#: Roles in the dossier's round that may read its files (besides the owner).
READER_ROLES = {
    Role.SECRETARIAT,
    Role.SYSADMIN,
    Role.JURY_MEMBER,
    Role.COUNCIL_MEMBER,
    Role.CHAIR,
}
#: Content types the checks in awards.uploads can produce; anything else is downloaded.
INLINE_TYPES = set(CONTENT_TYPES.values())


def may_read_dossier_files(user, dossier):
    if access.is_dossier_owner(user, dossier):
        return True
    return bool(access.roles_in_round(user, dossier.award_round) & READER_ROLES)


def _readable(queryset, request, pk):
    obj = get_object_or_404(queryset.select_related("dossier__award_round"), pk=pk)
    if not may_read_dossier_files(request.user, obj.dossier):
        raise Http404
    return obj


def _stream(stored, *, content_type, filename, max_age):
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    inline = content_type in INLINE_TYPES
    response = FileResponse(
        handle,
        content_type=content_type if inline else "application/octet-stream",
        as_attachment=not inline,
        filename=safe_original_name(filename),
    )
    response["X-Content-Type-Options"] = "nosniff"
    if max_age:
        patch_cache_control(response, private=True, max_age=max_age)
    else:
        patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


@require_GET
@xframe_options_sameorigin
def document_file(request, pk):
    document = _readable(Document.objects.all(), request, pk)
    return _stream(
        document.file,
        content_type=document.content_type,
        filename=document.original_name,
        max_age=0,
    )


def _photo_name(photo, suffix=""):
    return f"{photo.dossier.code}-{photo.order or photo.pk}{suffix}.jpg"


@require_GET
@xframe_options_sameorigin
def photo_file(request, pk):
    photo = _readable(Photo.objects.all(), request, pk)
    return _stream(photo.image, content_type="image/jpeg", filename=_photo_name(photo), max_age=300)


@require_GET
@xframe_options_sameorigin
def photo_thumbnail(request, pk):
    """The thumbnail, or the photo itself for photos stored before thumbnails existed."""
    photo = _readable(Photo.objects.all(), request, pk)
    stored = photo.thumbnail or photo.image
    return _stream(
        stored, content_type="image/jpeg", filename=_photo_name(photo, "-thumb"), max_age=300
    )
