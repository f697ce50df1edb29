from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.enums import AgencyKind


class Agency(models.Model):
    """An organising unit: a Department of Industry and Trade, a promotion centre, the ministry."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=AgencyKind.choices)
    unit = models.ForeignKey(
        "awards.AdminUnit", models.PROTECT, null=True, blank=True, related_name="agencies",
        verbose_name=_("administrative unit"),
    )  # fmt: skip
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("superior body"),
    )  # fmt: skip
    issuing_body = models.CharField(
        _("issuing body on official documents"), max_length=200, blank=True,
        help_text=_("For example: ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI"),
    )  # fmt: skip
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="awards.AgencyMembership", related_name="agencies",
        verbose_name=_("secretariat staff"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("organising unit")
        verbose_name_plural = _("organising units")
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name


class AgencyMembership(models.Model):
    """A user working in an agency's secretariat: they run that agency's rounds."""

    agency = models.ForeignKey(
        Agency, models.CASCADE, related_name="memberships", verbose_name=_("organising unit")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="agency_memberships",
        verbose_name=_("user"),
    )  # fmt: skip
    position = models.CharField(_("position"), max_length=120, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("secretariat membership")
        verbose_name_plural = _("secretariat memberships")
        constraints = [
            models.UniqueConstraint(fields=["agency", "user"], name="agencymembership_unique")
        ]

    def __str__(self):
        return f"{self.user} @ {self.agency}"
