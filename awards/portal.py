"""The applicant portal's services: editing a dossier step by step, and what is missing.

Plain functions with keyword-only arguments. Each refuses with ``awards.errors.DomainError``
(or ``awards.uploads.UploadRejected``, a ``ValidationError``) carrying a sentence for the
applicant, and then has changed nothing: rows are written in one transaction, and files
written to storage before a failed transaction are deleted again.
Open rounds and starting a dossier live in ``awards.portal_rounds``.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import guards
from awards.enums import CheckKind, DossierState
from awards.errors import DomainError
from awards.models import Document, Dossier, Photo
from awards.text import nfc
from awards.uploads import UploadRejected, inspect_document, process_photo, safe_original_name

#: The editor's steps, in the order the applicant meets them.
STEP_FACTS = "facts"
STEP_DOCUMENTS = "documents"
STEP_PHOTOS = "photos"
STEP_DECLARATIONS = "declarations"
STEP_REVIEW = "review"
STEPS = (STEP_FACTS, STEP_DOCUMENTS, STEP_PHOTOS, STEP_DECLARATIONS, STEP_REVIEW)

#: Most photos one dossier may hold (a technical cap, not a rule of any round).
MAX_PHOTOS_PER_DOSSIER = 30

PRODUCT_FACTS = [
    "title", "is_product_set", "product_group", "description", "raw_materials",
    "production_capacity", "annual_revenue", "jobs", "markets", "standards",
]  # fmt: skip
ARTISAN_FACTS = [
    "title_sought", "craft", "years_in_craft", "works", "works_count", "prizes",
    "trainees_count", "titles_held",
]  # fmt: skip
TEXT_FACTS = {
    "title", "description", "raw_materials", "production_capacity", "standards", "craft",
    "works", "prizes", "titles_held",
}  # fmt: skip


class StaleDossier(DomainError):
    """The dossier changed after the form was drawn; ``dossier`` is the current version."""

    def __init__(self, message, *, dossier):
        super().__init__(message)
        self.dossier = dossier


def not_editable_message(dossier):
    return _("This dossier is “%(state)s” and can no longer be changed. Nothing was saved.") % {
        "state": DossierState(dossier.state).label
    }


def ensure_editable(dossier):
    """Raise ``DomainError`` unless the applicant may still change ``dossier``."""
    if not dossier.is_editable:
        raise DomainError(not_editable_message(dossier))


def _lock(dossier):
    """The dossier's row, locked until the end of the transaction, and still editable.

    Locking keeps an edit from slipping in while a submission runs: whichever comes second
    sees the other's result.
    """
    locked = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
    ensure_editable(locked)
    return locked


# --- facts -----------------------------------------------------------------------------


def fact_fields(dossier):
    return ARTISAN_FACTS if dossier.award_round.is_artisan else PRODUCT_FACTS


def changed_facts(*, dossier, values):
    """Names of the facts whose stored value differs from ``values``."""
    return [
        name
        for name in fact_fields(dossier)
        if name in values and getattr(dossier, name) != values[name]
    ]


def save_facts(*, dossier, values, seen_updated_at):
    """Save the facts step as a draft and return the fresh dossier.

    Steps: lock the row and check it is still editable → refuse with ``StaleDossier`` when
    it changed since the form was drawn (``seen_updated_at``), so nobody's input is
    silently overwritten → copy the facts of the dossier's kind (text NFC-normalised) → save.
    """
    with transaction.atomic():
        locked = _lock(dossier)
        if seen_updated_at is None or locked.updated_at != seen_updated_at:
            raise StaleDossier(
                _(
                    "Someone changed this dossier after you opened the page. Nothing was "
                    "saved. Your input is kept below: check it against the current "
                    "information and save again."
                ),
                dossier=locked,
            )
        if locked.award_round.is_artisan:
            titles = locked.award_round.titles or []
            if values.get("title_sought") and values["title_sought"] not in titles:
                raise DomainError(_("Choose one of the titles this round considers."))
        for name in fact_fields(locked):
            if name not in values:
                continue
            value = values[name]
            if name in TEXT_FACTS:
                value = nfc(value)
            setattr(locked, name, value)
        locked.save()
    return locked


# --- documents -------------------------------------------------------------------------


def _delete_files(*files):
    for stored in files:
        if stored:
            stored.storage.delete(stored.name)


def attach_document(*, dossier, requirement, upload, by):
    """Store ``upload`` as the current file of one checklist item and return the Document.

    Steps, in order: the dossier must be editable and the item on its checklist → the file
    is checked by content (``inspect_document``: empty, size, real kind, kinds accepted by
    the item, PDF parses, image verified and re-encoded) → the checked bytes are written
    under a random name → in one transaction the item's current file, if any, is marked
    superseded (kept, never deleted) and the new Document row is created.
    """
    ensure_editable(dossier)
    if not dossier.required_documents().filter(pk=requirement.pk).exists():
        raise DomainError(_("This item is not on the checklist of this dossier."))
    checked = inspect_document(upload=upload, accepted_kinds=requirement.accepted_kinds)
    now = timezone.now()
    document = Document(
        dossier=dossier,
        requirement=requirement,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
        uploaded_at=now,
    )
    content = checked.as_content_file()
    document.file.save(content.name, content, save=False)
    try:
        with transaction.atomic():
            _lock(dossier)
            Document.objects.filter(
                dossier=dossier, requirement=requirement, superseded_at__isnull=True
            ).update(superseded_at=now)
            document.save()
    except BaseException:
        _delete_files(document.file)
        raise
    return document


def remove_document(*, document):
    """Take a file off its checklist item. It is kept as superseded, never deleted."""
    with transaction.atomic():
        _lock(document.dossier)
        updated = Document.objects.filter(pk=document.pk, superseded_at__isnull=True).update(
            superseded_at=timezone.now()
        )
    if not updated:
        raise DomainError(_("This file had already been replaced or removed."))


# --- photos ----------------------------------------------------------------------------


def add_photos(*, dossier, uploads):
    """Add several product photos at once and return the new Photo rows.

    Steps, in order: the dossier must be editable and stay within the photo cap → every
    file is checked and re-encoded without metadata (``process_photo``); if any one is
    refused, none is saved and the message names that file → the images and thumbnails
    are written under random names → the rows are created in one transaction, ordered
    after the existing photos.
    """
    ensure_editable(dossier)
    uploads = list(uploads)
    if not uploads:
        raise DomainError(_("Choose at least one photo to upload."))
    existing = dossier.photos.count()
    if existing + len(uploads) > MAX_PHOTOS_PER_DOSSIER:
        raise DomainError(
            _("A dossier can hold at most %(max)d photos; it has %(have)d now. Nothing was saved.")
            % {"max": MAX_PHOTOS_PER_DOSSIER, "have": existing}
        )
    processed = []
    for upload in uploads:
        try:
            processed.append(process_photo(upload=upload))
        except UploadRejected as error:
            raise DomainError(
                _(
                    "Photo “%(name)s”: %(problem)s No photo was saved; choose the photos again without this file."
                )
                % {"name": error_name(upload), "problem": str(error)}
            ) from None
    photos = []
    try:
        for item in processed:
            photo = Photo(dossier=dossier, sha256=item.sha256)
            photos.append(photo)
            photo.image.save("photo.jpg", item.image_file(), save=False)
            photo.thumbnail.save("thumbnail.jpg", item.thumbnail_file(), save=False)
        with transaction.atomic():
            locked = _lock(dossier)
            last = locked.photos.aggregate(last=Max("order"))["last"] or 0
            for offset, photo in enumerate(photos, start=1):
                photo.order = last + offset
                photo.save()
    except BaseException:
        for photo in photos:
            _delete_files(photo.image, photo.thumbnail)
        raise
    return photos


def error_name(upload):
    return safe_original_name(getattr(upload, "name", ""))


def _renumber(photos):
    for position, photo in enumerate(photos, start=1):
        photo.order = position
    Photo.objects.bulk_update(photos, ["order"])


def update_photo(*, photo, caption=None, position=None):
    """Change a photo's caption and/or move it to ``position`` (1 = first); renumber 1..n."""
    with transaction.atomic():
        _lock(photo.dossier)
        if caption is not None:
            photo.caption = nfc(caption)
            photo.save(update_fields=["caption"])
        if position is not None:
            photos = [p for p in photo.dossier.photos.order_by("order", "pk") if p.pk != photo.pk]
            index = min(max(position, 1), len(photos) + 1) - 1
            photos.insert(index, photo)
            _renumber(photos)
    return photo


def move_photo(*, photo, direction):
    """Swap a photo with its neighbour ("up" = earlier, "down" = later); renumber 1..n."""
    if direction not in ("up", "down"):
        raise DomainError(_("Unknown direction."))
    with transaction.atomic():
        _lock(photo.dossier)
        photos = list(photo.dossier.photos.order_by("order", "pk"))
        index = next(i for i, p in enumerate(photos) if p.pk == photo.pk)
        target = index - 1 if direction == "up" else index + 1
        if 0 <= target < len(photos):
            photos[index], photos[target] = photos[target], photos[index]
        _renumber(photos)


def delete_photo(*, photo):
    """Delete a photo; its files are removed once the deletion is committed."""
    with transaction.atomic():
        _lock(photo.dossier)
        files = (photo.image, photo.thumbnail)
        remaining = list(photo.dossier.photos.exclude(pk=photo.pk).order_by("order", "pk"))
        photo.delete()
        _renumber(remaining)
        transaction.on_commit(lambda: _delete_files(*files))


# --- declarations ----------------------------------------------------------------------


def applicable_checks(dossier):
    """The rule set's eligibility checks that apply to ``dossier`` (its title, if any)."""
    return [
        check
        for check in dossier.award_round.rule_set.eligibility_checks.all()
        if not check.title or check.title == dossier.title_sought
    ]


def save_declarations(*, dossier, declared):
    """Record which statements the applicant declares (codes in ``declared``) as a draft."""
    with transaction.atomic():
        locked = _lock(dossier)
        codes = {
            check.code for check in applicable_checks(locked) if check.kind == CheckKind.DECLARATION
        }
        values = {k: v for k, v in (locked.declarations or {}).items() if k not in codes}
        values.update({code: True for code in declared if code in codes})
        locked.declarations = values
        locked.save(update_fields=["declarations", "updated_at"])
    return locked


# --- completeness ----------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing still missing before the dossier can be submitted, and where to fix it."""

    message: str
    step: str = ""

    def __str__(self):
        return self.message


def completeness_by_step(*, dossier):
    """What still stands in the way of (re)submitting, each with the step that fixes it.

    The same guards as the submit and resubmit transitions, asked for their sentences:
    the time window (registration for a draft, the supplement deadline for a returned
    dossier), the facts, the mandatory documents, the photos and the eligibility checks.
    """
    if dossier.state == DossierState.RETURNED:
        window = guards.supplement_deadline_not_passed
    else:
        window = guards.registration_window_open
    checks = [
        (window, ""),
        (guards.facts_complete, STEP_FACTS),
        (guards.mandatory_documents_present, STEP_DOCUMENTS),
        (guards.enough_photos, STEP_PHOTOS),
        (guards.eligible, STEP_DECLARATIONS),
    ]
    return [
        Problem(message=str(message), step=step)
        for condition, step in checks
        for message in condition.problems(dossier)
    ]


def completeness(*, dossier):
    """One sentence per thing still missing before submitting; empty when ready."""
    return [problem.message for problem in completeness_by_step(dossier=dossier)]


def step_is_done(problems, step):
    return not any(problem.step == step for problem in problems)


def seen_stamp(value):
    """The dossier's ``updated_at`` as the facts form carries it (exact, with microseconds)."""
    return value.isoformat() if value else ""


def parse_stamp(text):
    try:
        return datetime.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
