from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.enums import PROVINCIAL_KINDS, Region, UnitKind
from awards.text import fold, nfc, vi_sort_key


class AdminUnitQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
        )

    def current(self):
        return self.filter(valid_to__isnull=True)

    def provinces(self):
        return self.filter(kind__in=PROVINCIAL_KINDS)


class AdminUnit(models.Model):
    """A province, district, commune or ward, with the dates it existed.

    Vietnam merged provinces and abolished districts on 1/7/2025; old units stay for old
    rounds and certificates, each pointing at its successor.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent unit"),
    )  # fmt: skip
    region = models.CharField(_("region"), max_length=10, choices=Region.choices, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="predecessors",
        verbose_name=_("successor unit"),
    )  # fmt: skip
    name_sort = models.CharField(max_length=400, editable=False, db_index=True)
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["name_sort"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="adminunit_valid_range",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.name_sort = vi_sort_key(self.name)
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def is_current(self):
        return self.valid_to is None

    @property
    def province(self):
        """The provincial unit this unit lies in (itself for a province)."""
        unit = self
        while unit is not None and unit.kind not in PROVINCIAL_KINDS:
            unit = unit.parent
        return unit

    def current_successor(self):
        """Follow successor links to the unit in force today (itself when still current)."""
        unit, seen = self, set()
        while unit.successor_id and unit.pk not in seen:
            seen.add(unit.pk)
            unit = unit.successor
        return unit
