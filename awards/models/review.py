"""The secretariat's completeness review: verdicts per checklist item and supplement requests."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    VALID = "valid", _("Valid")
    MISSING = "missing", _("Missing")
    INVALID = "invalid", _("Invalid")


class DocumentVerdict(models.Model):
    """The secretariat's current verdict on one checklist item of one dossier."""

    dossier = models.ForeignKey(
        "awards.Dossier", models.CASCADE, related_name="verdicts", verbose_name=_("dossier")
    )
    requirement = models.ForeignKey(
        "awards.DocumentRequirement", models.PROTECT, related_name="verdicts",
        verbose_name=_("checklist item"),
    )  # fmt: skip
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("checklist verdict")
        verbose_name_plural = _("checklist verdicts")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "requirement"], name="verdict_one_per_item")
        ]

    def __str__(self):
        return f"{self.dossier.code} · {self.requirement}: {self.get_verdict_display()}"


class SupplementRequest(models.Model):
    """One written request listing everything missing or invalid, with a deadline (one-stop rule)."""

    dossier = models.ForeignKey(
        "awards.Dossier", models.CASCADE, related_name="supplement_requests",
        verbose_name=_("dossier"),
    )  # fmt: skip
    items = models.JSONField(
        _("items"), default=list,
        help_text=_('[{"requirement": "code", "name": "…", "verdict": "missing", "note": "…"}]'),
    )  # fmt: skip
    message = models.TextField(_("message to the applicant"), blank=True)
    deadline = models.DateTimeField(_("deadline"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("requested by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    transition = models.OneToOneField(
        "awards.DossierTransition", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("transition"),
    )  # fmt: skip
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")
        ordering = ["dossier", "-created_at"]

    def __str__(self):
        return f"{self.dossier.code} · {self.created_at:%d/%m/%Y}"
