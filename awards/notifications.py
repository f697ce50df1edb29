"""E-mails to the applicant when their dossier changes state.

``on_dossier_transitioned`` listens to ``awards.workflow.dossier_transitioned``, which is sent
only after the transition's transaction committed, so a rolled-back step mails nothing.
Every e-mail goes through ``send_dossier_mail``: issue 4 swaps it for editable templates
and an outbox without touching the callers.

Templates: ``templates/emails/dossier_<action>.txt``; the first line is the subject, the
rest the body. They are rendered in the applicant's language (Vietnamese by default), and
links are absolute (``settings.SITE_URL``).
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from awards.documents import receipt_pdf
from awards.followup import APPLICANT_NOTES, get_revision, receipt_documents, receipt_filename
from awards.workflow import dossier_transitioned, transition_label

logger = logging.getLogger(__name__)

#: Transitions that e-mail the applicant; each has templates/emails/dossier_<action>.txt.
MAILED_ACTIONS = (
    "submit", "resubmit", "return_for_supplement", "accept", "reject", "withdraw",
    "disqualify", "recognise", "not_recognise", "approve", "not_approve", "award", "revoke",
)  # fmt: skip
#: Transitions whose e-mail carries the receipt PDF of the new revision.
RECEIPT_ACTIONS = ("submit", "resubmit")


def connect():
    """Register the receiver (called once from ``AwardsConfig.ready``)."""
    dossier_transitioned.connect(on_dossier_transitioned, dispatch_uid="awards.notifications")


def on_dossier_transitioned(sender, *, dossier, log, by, **kwargs):
    """Mail the applicant about ``log``; a mail failure is logged, never undoes the step."""
    if log.name not in MAILED_ACTIONS:
        return
    try:
        notify_transition(dossier=dossier, log=log)
    except Exception:
        # The transition is committed already; an unreachable mail server must not turn
        # the applicant's successful submission into an error page.
        logger.exception("Could not e-mail dossier %s about %s", dossier.pk, log.name)


def absolute_url(name, *args, query=""):
    return f"{settings.SITE_URL.rstrip('/')}{reverse(name, args=args)}{query}"


def editor_url(dossier):
    """The editor's address; the status page while the editor's URL is not mounted."""
    try:
        return absolute_url("portal:dossier", dossier.pk)
    except NoReverseMatch:
        return absolute_url("followup:status", dossier.pk)


def notify_transition(*, dossier, log):
    """Build the context and attachments of the e-mail for ``log`` and send it."""
    context = {
        "log": log,
        "action_label": transition_label(log.name),
        # Only the notes written for the applicant (reasons, the supplement list).
        "note": log.note if log.name in APPLICANT_NOTES else "",
        "deadline": dossier.supplement_deadline,
        "status_url": absolute_url("followup:status", dossier.pk),
        "editor_url": editor_url(dossier),
    }
    attachments = ()
    if log.name in RECEIPT_ACTIONS:
        revision = get_revision(dossier)
        query = f"?revision={revision.number}"
        context.update(
            revision=revision,
            documents=list(receipt_documents(revision)),
            receipt_url=absolute_url("followup:receipt", dossier.pk, query=query),
        )
        attachments = (
            (
                receipt_filename(dossier, revision),
                receipt_pdf(dossier=dossier, revision=revision),
                "application/pdf",
            ),
        )
    return send_dossier_mail(
        dossier=dossier, template=log.name, context=context, attachments=attachments
    )


def mail_language(user):
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def send_dossier_mail(*, dossier, template, context, attachments=()):
    """Render ``emails/dossier_<template>.txt`` for the dossier's owner and send it.

    Steps: find the recipient (no owner or no e-mail: nothing is sent, None returned) →
    render in the owner's language with the dossier, round and site address → split the
    subject (first line) from the body → attach ``(filename, content, mimetype)`` items →
    send. Returns the sent ``EmailMessage``.
    """
    owner = dossier.owner
    if owner is None or not owner.email:
        logger.info("Dossier %s has no applicant e-mail; %s not sent", dossier.pk, template)
        return None
    full_context = {
        "dossier": dossier,
        "award_round": dossier.award_round,
        "applicant_name": owner.display_name,
        "site_url": settings.SITE_URL.rstrip("/"),
        **context,
    }
    with translation.override(mail_language(owner)):
        text = render_to_string(f"emails/dossier_{template}.txt", full_context)
    subject, _newline, body = text.strip().partition("\n")
    message = EmailMessage(
        subject=" ".join(subject.split()), body=body.strip() + "\n", to=[owner.email]
    )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
    return message
