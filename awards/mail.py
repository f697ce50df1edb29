"""The one function that sends e-mail: editable templates, the outbox, never a crash.

``send_mail_from_template`` is called by every sender, always after the transaction
committed (``transaction.on_commit``), so a rolled-back step mails nothing. It renders the
secretariat's ``MailTemplate`` for the code (the built-in file template while the row is
missing), sends it with django.core.mail and writes an ``OutboundMail`` row, sent or failed.

Edited templates are rendered by a small sandboxed engine: plain text (no HTML escaping),
the default tags and filters but no ``include``, ``extends``, ``load`` or ``debug``, and a
context of plain values only (strings, numbers, formatted dates), never model objects.
"""

import datetime
import logging
import re
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import (
    Context,
    Engine,
    Library,
    TemplateSyntaxError,
    defaultfilters,
    defaulttags,
)
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from awards import access
from awards.errors import DomainError
from awards.mail_catalogue import MAIL_KINDS, kind_of, sample_values
from awards.models import MailTemplate, OutboundMail

logger = logging.getLogger(__name__)

#: Tags an edited template may not use: they read files, load code or dump the context.
FORBIDDEN_TAGS = {"load", "debug", "csrf_token", "url", "include", "extends", "block", "ssi"}
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
DATE_FORMAT = "%d/%m/%Y"
_DROP = object()


class TemplateTextError(ValueError):
    """An edited subject or body that cannot be used; ``str(error)`` says why."""


def _engine():
    library = Library()
    library.tags = {k: v for k, v in defaulttags.register.tags.items() if k not in FORBIDDEN_TAGS}
    library.filters = dict(defaultfilters.register.filters)
    engine = Engine(autoescape=False, loaders=[("django.template.loaders.locmem.Loader", {})])
    engine.template_builtins = [library]
    return engine


MAIL_ENGINE = _engine()


# --- plain values -------------------------------------------------------------------------


def plain_value(value):
    """``value`` as something a template may print, or ``_DROP`` for objects."""
    if isinstance(value, Promise):
        return str(value)
    if value is None:
        return ""  # an empty placeholder prints nothing, never "None"
    if isinstance(value, (str, int, float, Decimal)):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, (list, tuple)):
        items = [plain_value(item) for item in value]
        return _DROP if any(item is _DROP for item in items) else items
    return _DROP


def plain_context(context, *, dossier=None, award_round=None):
    """The values an edited template sees: the round's and dossier's basics, then ``context``
    without its objects."""
    values = {"site_url": settings.SITE_URL.rstrip("/")}
    award_round = award_round or (dossier.award_round if dossier is not None else None)
    if award_round is not None:
        values["round_name"] = award_round.name
        values["organiser_name"] = str(award_round.organiser)
    if dossier is not None:
        values["dossier_code"] = dossier.code
        values["dossier_title"] = dossier.title
    for key, value in (context or {}).items():
        converted = plain_value(value)
        if converted is not _DROP:
            values[key] = converted
    return values


# --- rendering ----------------------------------------------------------------------------


def compile_text(text):
    """Compile edited template text; raise ``TemplateTextError`` with the engine's message."""
    try:
        return MAIL_ENGINE.from_string(text)
    except TemplateSyntaxError as error:
        raise TemplateTextError(str(error)) from error


def render_text(text, values):
    """Render edited template text with plain ``values``; errors become ``TemplateTextError``."""
    template = compile_text(text)
    try:
        return template.render(Context(values, autoescape=False))
    except Exception as error:  # a broken edit must never crash the sender
        raise TemplateTextError(str(error)) from error


def one_line(text):
    return " ".join((text or "").split())


def render_edited(template, values):
    """(subject, body) of a ``MailTemplate`` row."""
    subject = one_line(render_text(template.subject, values))
    body = render_text(template.body, values).strip() + "\n"
    return subject, body


def render_fallback(kind, context):
    """(subject, body) from the built-in file template of ``kind`` (rich context allowed)."""
    full = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    text = render_to_string(kind.fallback_template, full)
    if kind.fallback_subject is None:
        subject, _newline, body = text.strip().partition("\n")
    else:
        subject, body = kind.fallback_subject(full), text
    return one_line(subject), body.strip() + "\n"


def validate_template_text(*, subject, body, code=""):
    """Refuse subject/body text that does not compile or render with sample values.

    Returns the (subject, body) of the preview. Raises ``TemplateTextError`` naming the part.
    """
    rendered = []
    for label, text in ((_("Subject"), subject), (_("Body"), body)):
        try:
            rendered.append(render_text(text, sample_values(code)))
        except TemplateTextError as error:
            raise TemplateTextError(f"{label}: {error}") from error
    subject_text, body_text = rendered
    if not one_line(subject_text):
        raise TemplateTextError(_("The subject is empty once rendered."))
    return one_line(subject_text), body_text.strip() + "\n"


PLACEHOLDER_PATTERN = re.compile(r"{{\s*([A-Za-z_]\w*)")


def unknown_placeholders(*, code, subject, body):
    """Names written as ``{{ name }}`` that the e-mail ``code`` does not provide (typos)."""
    kind = kind_of(code)
    known = set(kind.placeholders if kind else ()) | {"site_url"}
    found = PLACEHOLDER_PATTERN.findall(f"{subject}\n{body}")
    return sorted({name for name in found if name not in known})


def preview(*, subject, body, code=""):
    """What an edited template looks like with the sample values (validates it first)."""
    return validate_template_text(subject=subject, body=body, code=code)


def render_mail(*, code, context, dossier=None, award_round=None):
    """(subject, body) for ``code``: the edited row, else the file template.

    An edited row that fails to render (a bad edit slipped through) is logged and the
    built-in text is used, so the person still gets their e-mail.
    """
    kind = kind_of(code)
    template = MailTemplate.objects.filter(code=code).first()
    if template is not None:
        values = plain_context(context, dossier=dossier, award_round=award_round)
        try:
            return render_edited(template, values)
        except TemplateTextError:
            logger.exception("E-mail template %s does not render; using the built-in text", code)
    if kind is None:
        raise LookupError(f"No e-mail template for code {code!r}")
    full = dict(context)
    if dossier is not None:
        full.setdefault("dossier", dossier)
        full.setdefault("award_round", dossier.award_round)
    if award_round is not None:
        full.setdefault("award_round", award_round)
    return render_fallback(kind, full)


# --- sending ------------------------------------------------------------------------------


def _recipients(to):
    if isinstance(to, str):
        to = [to]
    return [address for address in (to or []) if address]


def send_mail_from_template(*, code, to, context, award_round=None, dossier=None, attachments=()):
    """Render the e-mail ``code`` for ``to``, send it and record it in the outbox.

    Steps: drop empty addresses (none left: nothing is sent, None returned) → render
    subject and body (edited row, else file template) → build the message with its
    ``(filename, content, mimetype)`` attachments → send → write an ``OutboundMail`` row,
    ``sent``, or ``failed`` with the error. A failure to render or to send is logged and
    recorded, never raised: the caller's work is already committed. Returns the row.
    Call it after commit (``transaction.on_commit``).
    """
    recipients = _recipients(to)
    if not recipients:
        logger.info("E-mail %s not sent: no recipient address", code)
        return None
    award_round = award_round or (dossier.award_round if dossier is not None else None)
    status, error, subject, body = OutboundMail.Status.SENT, "", "", ""
    try:
        subject, body = render_mail(
            code=code, context=context, dossier=dossier, award_round=award_round
        )
        message = EmailMessage(subject=subject, body=body, to=recipients)
        for filename, content, mimetype in attachments:
            message.attach(filename, content, mimetype)
        message.send()
    except Exception as exc:  # SMTP down, bad address, broken template: record, never raise
        logger.exception("Could not send e-mail %s to %s", code, ", ".join(recipients))
        status, error = OutboundMail.Status.FAILED, f"{type(exc).__name__}: {exc}"
    return OutboundMail.objects.create(
        template_code=code,
        to=", ".join(recipients)[:255],
        subject=subject[:255] or code,
        body=body,
        attachments=[
            {"filename": filename, "mimetype": mimetype, "size": len(content)}
            for filename, content, mimetype in attachments
        ],
        award_round=award_round,
        dossier=dossier,
        status=status,
        error=error,
    )


# --- the catalogue in the database ----------------------------------------------------------


def seed_mail_templates(*, reset=False):
    """Create the missing ``MailTemplate`` rows from the catalogue; return (created, reset).

    Idempotent. A row that exists keeps the secretariat's subject and body; only its list
    of placeholders follows the code. With ``reset`` every row gets the seeded text back.
    """
    created = overwritten = 0
    existing = {
        t.code: t for t in MailTemplate.objects.filter(code__in=[k.code for k in MAIL_KINDS])
    }
    for kind in MAIL_KINDS:
        template = existing.get(kind.code)
        if template is None:
            MailTemplate.objects.create(
                code=kind.code, name=kind.name, subject=kind.subject, body=kind.body,
                placeholders=list(kind.placeholders),
            )  # fmt: skip
            created += 1
        elif reset:
            template.name, template.subject, template.body = kind.name, kind.subject, kind.body
            template.placeholders = list(kind.placeholders)
            template.save()
            overwritten += 1
        elif template.placeholders != list(kind.placeholders):
            template.placeholders = list(kind.placeholders)
            template.save(update_fields=["placeholders"])
    return created, overwritten


def may_edit_mail_templates(user):
    """System administrators and secretariat staff (any active agency membership)."""
    if not (user and user.is_authenticated):
        return False
    return access.is_sysadmin(user) or user.agency_memberships.filter(active=True).exists()


def _editable_kind(code, by):
    if not may_edit_mail_templates(by):
        raise DomainError(_("Only secretariat staff and system administrators edit e-mails."))
    kind = kind_of(code)
    if kind is None:
        raise DomainError(_("The system sends no e-mail with this code."))
    return kind


def save_mail_template(*, code, subject, body, by, expected_updated_at=None):
    """Store the secretariat's subject and body for the e-mail ``code``.

    1. Only secretariat staff and system administrators edit; the code must be known.
    2. Refuse text that does not compile or render with the sample values (the error says
       where).
    3. Lock the row; refuse when someone saved it since the form was drawn
       (``expected_updated_at``; None means the form saw no row yet).
    4. Create or update the row; return it.
    """
    kind = _editable_kind(code, by)
    subject, body = (subject or "").strip(), (body or "").replace("\r\n", "\n").strip() + "\n"
    try:
        validate_template_text(subject=subject, body=body, code=code)
    except TemplateTextError as error:
        raise DomainError(_("The template cannot be used: %(error)s") % {"error": error}) from error
    with transaction.atomic():
        template = MailTemplate.objects.select_for_update().filter(code=code).first()
        seen = template.updated_at if template is not None else None
        if seen != expected_updated_at:
            raise DomainError(
                _(
                    "Someone else saved this e-mail a moment ago. Nothing was saved; reload "
                    "the page to see their version."
                )
            )
        if template is None:
            template = MailTemplate(code=code, name=kind.name, placeholders=list(kind.placeholders))
        template.subject, template.body = subject, body
        template.save()
    logger.info("E-mail template %s edited by user %s", code, by.pk)
    return template


def restore_mail_template(*, code, by):
    """Put the built-in Vietnamese text of ``code`` back (the edit is lost); return the row."""
    kind = _editable_kind(code, by)
    with transaction.atomic():
        template, _created = MailTemplate.objects.select_for_update().get_or_create(
            code=code,
            defaults={"name": kind.name, "subject": kind.subject, "body": kind.body},
        )
        template.name, template.subject, template.body = kind.name, kind.subject, kind.body
        template.placeholders = list(kind.placeholders)
        template.save()
    logger.info("E-mail template %s restored to the built-in text by user %s", code, by.pk)
    return template
