"""Building one demo dossier: its files, then its path through the real workflow.

Every state change goes through ``awards.workflow.run_transition`` (guards, permissions,
log, revisions). The workflow stamps "now"; afterwards the log row and the dossier's dates
are moved back to the moment the step happened in the round's calendar, so the history
reads like a real round.
"""

import contextlib
import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from awards.demo import media
from awards.demo.timeline import at
from awards.models import Document, Dossier, DossierTransition, Photo
from awards.text import fold
from awards.workflow import run_transition


def vietnamese_date(day, place="Đồng Nai"):
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


@contextlib.contextmanager
def registration_open(award_round, now):
    """Open the round's registration around ``now`` for a moment, then restore its dates.

    The submit guard checks the window; demo rounds whose registration has closed still need
    dossiers that were submitted in time.
    """
    opens, closes = award_round.registration_opens, award_round.registration_closes
    if opens <= now <= closes:
        yield
        return
    window = {
        "registration_opens": now - datetime.timedelta(days=1),
        "registration_closes": now + datetime.timedelta(days=1),
    }
    type(award_round).objects.filter(pk=award_round.pk).update(**window)
    for name, value in window.items():
        setattr(award_round, name, value)
    try:
        yield
    finally:
        type(award_round).objects.filter(pk=award_round.pk).update(
            registration_opens=opens, registration_closes=closes
        )
        award_round.registration_opens, award_round.registration_closes = opens, closes


def add_documents(*, dossier, by, when, issuer, lines, optional=(), only=None):
    """One generated PDF per mandatory checklist item, plus the optional items named.

    ``only`` (checklist codes) limits the upload to those items: an unfinished draft.
    """
    requirements = [
        req
        for req in dossier.required_documents()
        if (req.mandatory or req.code in optional) and (only is None or req.code in only)
    ]
    for requirement in requirements:
        data = media.document_pdf(
            heading=requirement.name,
            issuer=issuer,
            lines=[f"Hồ sơ: {dossier.code}", *lines],
            place_date=vietnamese_date(timezone.localtime(when).date()),
        )
        name = f"{slugify(fold(requirement.name))[:60] or 'tai-lieu'}.pdf"
        document = Document(
            dossier=dossier, requirement=requirement, original_name=name,
            content_type="application/pdf", size=len(data), sha256=media.sha256(data),
            uploaded_by=by, uploaded_at=when,
        )  # fmt: skip
        document.file.save(name, ContentFile(data), save=True)


def add_photos(*, dossier, photos, when):
    """Photo rows from ``photos``: a list of (caption, JPEG bytes)."""
    for order, (caption, data) in enumerate(photos):
        photo = Photo(
            dossier=dossier, caption=caption, order=order, sha256=media.sha256(data),
            uploaded_at=when,
        )  # fmt: skip
        photo.image.save("anh.jpg", ContentFile(data), save=False)
        photo.thumbnail.save("anh-nho.jpg", ContentFile(media.thumbnail(data)), save=False)
        photo.save()


def walk(*, dossier, steps, now):
    """Run each (action, moment, actor, note, params) step through the workflow, then date it."""
    with registration_open(dossier.award_round, now):
        for action, moment, actor, note, params in steps:
            run_transition(dossier=dossier, action=action, by=actor, note=note, **params)
            _backdate(dossier, action, moment)
    return dossier


def _backdate(dossier, action, moment):
    log = dossier.transitions.order_by("-pk").first()
    DossierTransition.objects.filter(pk=log.pk).update(at=moment)
    fields = {"state_changed_at": moment}
    if action == "submit":
        fields.update(submitted_at=moment, last_submitted_at=moment)
    elif action == "resubmit":
        fields["last_submitted_at"] = moment
    elif action == "accept":
        # The paper set reaches the secretariat by post a little before acceptance.
        fields["paper_received_at"] = max(
            moment - datetime.timedelta(days=1), dossier.last_submitted_at or moment
        )
    if action in ("submit", "resubmit"):
        revision = dossier.revisions.order_by("-number").first()
        type(revision).objects.filter(pk=revision.pk).update(submitted_at=moment)
    Dossier.objects.filter(pk=dossier.pk).update(**fields)
    for name, value in fields.items():
        setattr(dossier, name, value)


def backdate_creation(dossier, moment):
    Dossier.objects.filter(pk=dossier.pk).update(created_at=moment)
    dossier.created_at = moment


def supplement_deadline(now, days=10):
    return at(timezone.localdate(now) + datetime.timedelta(days=days), 17, 0)
