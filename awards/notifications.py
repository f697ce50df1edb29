"""E-mails to the applicant when their dossier changes state.

``on_dossier_transitioned`` listens to ``awards.workflow.dossier_transitioned``, which is sent
only after the transition's transaction committed, so a rolled-back step mails nothing.
Every e-mail goes through ``send_dossier_mail``, which hands it to
``awards.mail.send_mail_from_template``: the secretariat's editable template
``dossier_<action>`` when it exists, else ``templates/emails/dossier_<action>.txt`` (first
line the subject, rendered in the applicant's language), recorded in the outbox. Links are
absolute (``settings.SITE_URL``).
"""

import logging

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from awards.documents import receipt_pdf
from awards.followup import APPLICANT_NOTES, get_revision, receipt_documents, receipt_filename
from awards.mail import send_mail_from_template
from awards.models import OutboundMail
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
    # Plain values for the editable templates (which never see model objects).
    context["link"] = (
        context["editor_url"] if log.name == "return_for_supplement" else context["status_url"]
    )
    if log.name == "return_for_supplement":
        context["items"] = log.note
    attachments = ()
    if log.name in RECEIPT_ACTIONS:
        revision = get_revision(dossier)
        query = f"?revision={revision.number}"
        context.update(
            revision=revision,
            documents=list(receipt_documents(revision)),
            receipt_url=absolute_url("followup:receipt", dossier.pk, query=query),
            submitted_at=revision.submitted_at,
            submission_number=revision.number,
        )
        context["document_list"] = document_list(context["documents"])
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


def document_list(documents):
    """The received documents as text lines with their checksums (for editable templates)."""
    lines = [
        f"{index}. {document.requirement.name}: {document.original_name} "
        f"({filesizeformat(document.size)})\n   SHA-256: {document.sha256}"
        for index, document in enumerate(documents, start=1)
    ]
    return "\n".join(lines) or "—"


def send_dossier_mail(*, dossier, template, context, attachments=()):
    """E-mail the dossier's owner the template ``dossier_<template>`` and return the outbox row.

    Steps: find the recipient (no owner or no e-mail: nothing is sent, None returned) →
    add the applicant's name → render and send through ``awards.mail`` in the owner's
    language (file templates only; edited templates are Vietnamese) with the
    ``(filename, content, mimetype)`` attachments. A failure is logged and recorded in the
    outbox as failed; it is never raised.
    """
    owner = dossier.owner
    if owner is None or not owner.email:
        logger.info("Dossier %s has no applicant e-mail; %s not sent", dossier.pk, template)
        return None
    full_context = {"applicant_name": owner.display_name, **context}
    with translation.override(mail_language(owner)):
        outbound = send_mail_from_template(
            code=f"dossier_{template}", to=[owner.email], context=full_context,
            dossier=dossier, attachments=attachments,
        )  # fmt: skip
    if outbound is not None and outbound.status == OutboundMail.Status.FAILED:
        logger.error(
            "Could not e-mail dossier %s about %s: %s", dossier.pk, template, outbound.error
        )
    return outbound
