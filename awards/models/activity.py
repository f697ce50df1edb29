"""Round-level activity log, editable e-mail templates and the outbox."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RoundEvent(models.Model):
    """Something the secretariat or council did to a whole round (opened scoring, sent reminders…)."""

    award_round = models.ForeignKey(
        "awards.AwardRound", models.CASCADE, related_name="events", verbose_name=_("round")
    )
    action = models.CharField(_("action"), max_length=60)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("by"),
    )  # fmt: skip
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("round event")
        verbose_name_plural = _("round events")
        ordering = ["award_round", "-at", "-pk"]
        indexes = [models.Index(fields=["award_round", "action"], name="roundevent_round_action")]

    def __str__(self):
        return f"{self.award_round} · {self.action}"


class MailTemplate(models.Model):
    """An editable e-mail: subject and body are Django template text with {{ placeholders }}."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    placeholders = models.JSONField(_("available placeholders"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("e-mail template")
        verbose_name_plural = _("e-mail templates")
        ordering = ["code"]

    def __str__(self):
        return self.name


class OutboundMail(models.Model):
    """Every e-mail the system sent (or failed to send), for the outbox view."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    template_code = models.CharField(_("template"), max_length=60, blank=True)
    to = models.CharField(_("to"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    award_round = models.ForeignKey(
        "awards.AwardRound", models.SET_NULL, null=True, blank=True, related_name="mails",
        verbose_name=_("round"),
    )  # fmt: skip
    dossier = models.ForeignKey(
        "awards.Dossier", models.SET_NULL, null=True, blank=True, related_name="mails",
        verbose_name=_("dossier"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SENT
    )
    error = models.TextField(_("error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("outbox")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["award_round", "sent_at"], name="mail_round_sent")]

    def __str__(self):
        return f"{self.to}: {self.subject}"
