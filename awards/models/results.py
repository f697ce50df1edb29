"""What a round ends in: the approved list, the decision, certificates, public comments."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def verification_token():
    return secrets.token_urlsafe(12)


class ResultList(models.Model):
    """The proposed list of a round, prepared from the sealed snapshot, approved by the chair."""

    award_round = models.OneToOneField(
        "awards.AwardRound", models.CASCADE, related_name="result_list", verbose_name=_("round")
    )
    snapshot_id = models.PositiveBigIntegerField(
        _("result snapshot"), null=True, blank=True,
        help_text=_("The sealed result snapshot the list was prepared from."),
    )  # fmt: skip
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("prepared by"),
    )  # fmt: skip
    prepared_at = models.DateTimeField(_("prepared at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("approved by"),
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("result list")
        verbose_name_plural = _("result lists")

    def __str__(self):
        return str(self.award_round)


class ListEntry(models.Model):
    """One dossier on the proposed list; the chair may include or exclude it, with a reason."""

    result_list = models.ForeignKey(
        ResultList, models.CASCADE, related_name="entries", verbose_name=_("result list")
    )
    dossier = models.ForeignKey(
        "awards.Dossier", models.CASCADE, related_name="list_entries", verbose_name=_("dossier")
    )
    position = models.PositiveIntegerField(_("position"))
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    proposed = models.BooleanField(_("proposed by the jury"), default=True)
    included = models.BooleanField(_("on the approved list"), default=True)
    reason = models.TextField(_("reason for the change"), blank=True)
    merged_into = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="merged_entries",
        verbose_name=_("merged into the product set of"),
    )  # fmt: skip
    set_name = models.CharField(_("product set name"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        ordering = ["result_list", "position"]
        constraints = [
            models.UniqueConstraint(fields=["result_list", "dossier"], name="listentry_unique"),
        ]

    def __str__(self):
        return f"{self.position}. {self.dossier}"


class Decision(models.Model):
    """The recognition (or award) decision that ends a round: number, date, signer."""

    award_round = models.OneToOneField(
        "awards.AwardRound", models.PROTECT, related_name="decision", verbose_name=_("round")
    )
    number = models.CharField(_("decision number"), max_length=60)
    signed_on = models.DateField(_("signed on"))
    signer_name = models.CharField(_("signed by"), max_length=150)
    signer_title = models.CharField(_("signer's position"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.number


class Certificate(models.Model):
    """A certificate issued with a decision; validity follows the round's rule set."""

    dossier = models.OneToOneField(
        "awards.Dossier", models.PROTECT, related_name="certificate", verbose_name=_("dossier")
    )
    decision = models.ForeignKey(
        Decision, models.PROTECT, related_name="certificates", verbose_name=_("decision")
    )
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    token = models.CharField(
        _("verification code"), max_length=32, unique=True, default=verification_token
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["number"]

    def __str__(self):
        return self.number

    def status_on(self, day):
        """``"revoked"``, ``"expired"`` or ``"valid"`` on ``day``."""
        if self.revoked_at is not None:
            return "revoked"
        if self.valid_until is not None and day > self.valid_until:
            return "expired"
        return "valid"


class ConsultationComment(models.Model):
    """A comment sent by anyone during a round's public consultation, and how it was resolved."""

    award_round = models.ForeignKey(
        "awards.AwardRound", models.CASCADE, related_name="consultation_comments",
        verbose_name=_("round"),
    )  # fmt: skip
    dossier = models.ForeignKey(
        "awards.Dossier", models.CASCADE, null=True, blank=True, related_name="consultation_comments",
        verbose_name=_("about the candidate"),
    )  # fmt: skip
    name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone number"), max_length=20)
    address = models.CharField(_("address"), max_length=255)
    content = models.TextField(_("comment"))
    signed_scan = models.FileField(
        _("signed scan"), upload_to="private/consultation/%Y/%m/", max_length=255, blank=True
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    resolution = models.TextField(_("how it was resolved"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("resolved by"),
    )  # fmt: skip
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("public comment")
        verbose_name_plural = _("public comments")
        ordering = ["award_round", "-created_at"]

    def __str__(self):
        return f"{self.name}: {self.content[:40]}"


class Holiday(models.Model):
    """A public holiday: not a working day when consultation periods are counted."""

    day = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.name}"
