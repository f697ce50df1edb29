from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.enums import FacilityType
from awards.text import fold, nfc, vi_sort_key


def mask_identity(number):
    """Show only the last three digits of an identity number: ``*********123``."""
    number = (number or "").strip()
    if len(number) <= 3:
        return "*" * len(number)
    return "*" * (len(number) - 3) + number[-3:]


class Facility(models.Model):
    """A rural industrial facility that enters products (cơ sở công nghiệp nông thôn)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="facilities", verbose_name=_("account"),
    )  # fmt: skip
    facility_type = models.CharField(_("type"), max_length=30, choices=FacilityType.choices)
    name = models.CharField(_("name"), max_length=255)
    registration_number = models.CharField(
        _("business registration or tax number"), max_length=20, unique=True
    )
    unit = models.ForeignKey(
        "awards.AdminUnit", models.PROTECT, related_name="facilities",
        verbose_name=_("commune or ward"),
    )  # fmt: skip
    street_address = models.CharField(_("street address"), max_length=255, blank=True)
    representative = models.CharField(_("representative"), max_length=150)
    representative_title = models.CharField(
        _("representative's position"), max_length=100, blank=True
    )
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    name_sort = models.CharField(max_length=1000, editable=False, db_index=True)
    name_folded = models.CharField(max_length=255, editable=False)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["name_sort"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.name_sort = vi_sort_key(self.name)
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class Artisan(models.Model):
    """A person who may be honoured with an artisan title."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="artisans", verbose_name=_("account"),
    )  # fmt: skip
    full_name = models.CharField(_("full name"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    identity_number = models.CharField(
        _("citizen identity number"), max_length=12, blank=True,
        help_text=_("Stored for the dossier; shown masked on screens."),
    )  # fmt: skip
    craft = models.CharField(_("craft"), max_length=150)
    craft_since_year = models.PositiveSmallIntegerField(
        _("practising the craft since"), null=True, blank=True
    )
    unit = models.ForeignKey(
        "awards.AdminUnit", models.PROTECT, related_name="artisans",
        verbose_name=_("commune or ward"),
    )  # fmt: skip
    street_address = models.CharField(_("street address"), max_length=255, blank=True)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    name_sort = models.CharField(max_length=500, editable=False, db_index=True)
    name_folded = models.CharField(max_length=150, editable=False)

    class Meta:
        verbose_name = _("artisan")
        verbose_name_plural = _("artisans")
        ordering = ["name_sort"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = nfc(self.full_name)
        self.name_sort = vi_sort_key(self.full_name)
        self.name_folded = fold(self.full_name)
        super().save(*args, **kwargs)

    @property
    def masked_identity_number(self):
        return mask_identity(self.identity_number)
