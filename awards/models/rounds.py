from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.enums import ARTISAN_FAMILIES, Family, Level


class AwardRoundQuerySet(models.QuerySet):
    def open_for_registration(self, at=None):
        at = at or timezone.now()
        return self.filter(registration_opens__lte=at, registration_closes__gte=at)

    def organised_by(self, agencies):
        return self.filter(organiser__in=agencies)


class AwardRound(models.Model):
    """One award round: a family at a level in a year, run by an organising unit."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    code_prefix = models.CharField(
        _("dossier code prefix"), max_length=12, help_text=_("Dossier codes read PREFIX-0001.")
    )
    name = models.CharField(_("name"), max_length=255)
    family = models.CharField(_("award family"), max_length=30, choices=Family.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    organiser = models.ForeignKey(
        "awards.Agency", models.PROTECT, related_name="rounds", verbose_name=_("organising unit")
    )
    unit = models.ForeignKey(
        "awards.AdminUnit", models.PROTECT, null=True, blank=True, related_name="rounds",
        verbose_name=_("locality"), help_text=_("Empty for regional and national rounds."),
    )  # fmt: skip
    region = models.CharField(_("region"), max_length=10, blank=True)
    rule_set = models.OneToOneField(
        "awards.RuleSet", models.PROTECT, related_name="award_round", verbose_name=_("rule set")
    )
    titles = models.JSONField(
        _("titles considered"), default=list, blank=True,
        help_text=_("For artisan rounds: the titles candidates may apply for."),
    )  # fmt: skip
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("round at the next level"),
    )  # fmt: skip
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    scoring_opens = models.DateTimeField(_("scoring opens"), null=True, blank=True)
    scoring_closes = models.DateTimeField(_("scoring closes"), null=True, blank=True)
    consultation_opens = models.DateField(_("public consultation opens"), null=True, blank=True)
    consultation_closes = models.DateField(_("public consultation closes"), null=True, blank=True)
    target_count = models.PositiveIntegerField(
        _("plan target (recognitions)"), null=True, blank=True
    )
    budget = models.DecimalField(
        _("plan budget (VND)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    scores_visible_after_own_sheet = models.BooleanField(
        _("judges see others' scores once their own sheet is submitted"), default=False,
        help_text=_("Otherwise judges see other judges' scores only after scoring closes."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AwardRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("award round")
        verbose_name_plural = _("award rounds")
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(registration_closes__gt=models.F("registration_opens")),
                name="round_registration_window",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_artisan(self):
        return self.family in ARTISAN_FAMILIES

    @property
    def is_product(self):
        return self.family == Family.PRODUCT

    def registration_is_open(self, at=None):
        at = at or timezone.now()
        return self.registration_opens <= at <= self.registration_closes

    def is_top_level(self):
        """True when no council sits above this round's level in its rule set's chain."""
        return self.rule_set.top_level() == self.level

    def consultation_is_over(self, today=None):
        today = today or timezone.localdate()
        return self.consultation_closes is not None and today > self.consultation_closes
