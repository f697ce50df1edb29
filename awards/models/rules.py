from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.enums import (
    AggregationMethod,
    CheckKind,
    DayKind,
    EvaluationMode,
    Family,
    Level,
    Title,
    ValidityKind,
    VoteDenominator,
)

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


def default_tie_breaks():
    return ["final_score", "group:1", "group:2", "median", "submitted_at"]


class RuleSetQuerySet(models.QuerySet):
    def presets(self):
        return self.filter(is_preset=True)

    def latest_preset(self, code):
        return self.presets().filter(code=code).order_by("-version").first()


class RuleSet(models.Model):
    """Every rule a round follows, as data.

    Presets (``is_preset``) are versioned templates; a round always gets its own copy, so
    editing a preset never changes a running round.
    """

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=255)
    family = models.CharField(_("award family"), max_length=30, choices=Family.choices)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    is_preset = models.BooleanField(_("preset"), default=False)
    copied_from = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="copies",
        verbose_name=_("copied from preset"),
    )  # fmt: skip
    levels = models.JSONField(
        _("level chain"), default=list,
        help_text=_("Levels from the lowest to the highest, e.g. commune, province, region, national."),
    )  # fmt: skip
    evaluation_mode = models.CharField(
        _("evaluation"), max_length=20, choices=EvaluationMode.choices,
        default=EvaluationMode.SCORE_SHEET,
    )  # fmt: skip
    pass_mark = models.DecimalField(
        _("pass mark"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    aggregation_method = models.CharField(
        _("aggregation method"), max_length=20, choices=AggregationMethod.choices,
        default=AggregationMethod.MEAN,
    )  # fmt: skip
    quorum_ratio = models.DecimalField(
        _("quorum (share of the jury)"), max_digits=5, decimal_places=4,
        default=Decimal("0.6667"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Minimum sheets per dossier as a share of the jury, rounded up."),
    )  # fmt: skip
    quorum_min_sheets = models.PositiveSmallIntegerField(
        _("minimum sheets per dossier"), null=True, blank=True,
        help_text=_("When set, replaces the share above."),
    )  # fmt: skip
    vote_quorum_pct = models.DecimalField(
        _("voting quorum (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT,
    )  # fmt: skip
    vote_approval_pct = models.DecimalField(
        _("approval threshold (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT,
    )  # fmt: skip
    vote_denominator = models.CharField(
        _("approval counted against"), max_length=10, choices=VoteDenominator.choices,
        default=VoteDenominator.LISTED,
    )  # fmt: skip
    nomination_quota = models.PositiveIntegerField(
        _("nomination quota"), null=True, blank=True,
        help_text=_("Most entries sent to the next level; empty for no limit."),
    )  # fmt: skip
    bands = models.JSONField(
        _("prize or star bands"), default=list, blank=True,
        help_text=_('Highest first, e.g. [{"label": "5 sao", "min": 90}, {"label": "4 sao", "min": 70}]'),
    )  # fmt: skip
    tie_breaks = models.JSONField(_("tie-break chain"), default=default_tie_breaks, blank=True)
    disagreement_threshold = models.DecimalField(
        _("disagreement threshold (points)"), max_digits=5, decimal_places=2,
        default=Decimal("20"),
    )  # fmt: skip
    official_result_normalised = models.BooleanField(
        _("official result uses normalised scores"), default=False
    )
    certificate_validity_kind = models.CharField(
        _("certificate validity"), max_length=20, choices=ValidityKind.choices,
        default=ValidityKind.END_OF_YEAR,
    )  # fmt: skip
    certificate_validity_value = models.PositiveSmallIntegerField(
        _("validity length"), default=4,
        help_text=_("Years counting the issue year (end of year) or months."),
    )  # fmt: skip
    consultation_days = models.PositiveSmallIntegerField(
        _("public consultation length"), null=True, blank=True
    )
    consultation_day_kind = models.CharField(
        _("consultation counted in"), max_length=10, choices=DayKind.choices,
        default=DayKind.CALENDAR,
    )  # fmt: skip
    consultation_levels = models.JSONField(
        _("levels with a public consultation"), default=list, blank=True
    )
    min_photos = models.PositiveSmallIntegerField(_("minimum product photos"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RuleSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                condition=models.Q(is_preset=True),
                name="ruleset_preset_version_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(pass_mark__isnull=True)
                | models.Q(pass_mark__gte=0, pass_mark__lte=100),
                name="ruleset_pass_mark_range",
            ),
        ]

    def __str__(self):
        suffix = _("preset") if self.is_preset else _("round copy")
        return f"{self.name} (v{self.version}, {suffix})"

    @property
    def uses_ballot(self):
        return self.evaluation_mode == EvaluationMode.SECRET_BALLOT

    def has_consultation_at(self, level):
        return bool(self.consultation_days) and level in (self.consultation_levels or [])

    def top_level(self):
        return self.levels[-1] if self.levels else None


class Criterion(models.Model):
    """A criterion group (no parent) or a sub-criterion of the score sheet."""

    rule_set = models.ForeignKey(
        RuleSet, models.CASCADE, related_name="criteria", verbose_name=_("rule set")
    )
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children",
        verbose_name=_("criterion group"),
    )  # fmt: skip
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("guidance for judges"), blank=True)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "code"], name="criterion_code_unique"),
            models.CheckConstraint(
                condition=models.Q(max_points__gt=0), name="criterion_max_positive"
            ),
        ]

    def __str__(self):
        return f"{self.code}. {self.name} ({self.max_points})"

    @property
    def is_group(self):
        return self.parent_id is None


class DocumentRequirement(models.Model):
    """One item of the required-document checklist at one level."""

    rule_set = models.ForeignKey(
        RuleSet, models.CASCADE, related_name="requirements", verbose_name=_("rule set")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("explanation"), blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    accepted_kinds = models.JSONField(
        _("accepted file kinds"), default=list, help_text=_('e.g. ["pdf", "jpg", "png"]')
    )
    title = models.CharField(
        _("only for the title"), max_length=30, choices=Title.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "level", "code"], name="requirement_code_unique"
            )
        ]

    def __str__(self):
        return self.name

    def accepted_kinds_display(self):
        return ", ".join(kind.upper() for kind in self.accepted_kinds)


class EligibilityCheck(models.Model):
    """A hard check before a dossier can be submitted or accepted.

    A declaration is a statement the applicant ticks (no IP violation, not a one-off piece);
    a minimum compares a number on the dossier (years in the craft, people taught) with a bar.
    """

    rule_set = models.ForeignKey(
        RuleSet, models.CASCADE, related_name="eligibility_checks", verbose_name=_("rule set")
    )
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=CheckKind.choices)
    label = models.CharField(_("statement or condition"), max_length=300)
    field = models.CharField(
        _("dossier figure"), max_length=40, blank=True,
        help_text=_("For a minimum: years_in_craft, works_count, trainees_count, …"),
    )  # fmt: skip
    minimum = models.DecimalField(
        _("minimum"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    title = models.CharField(
        _("only for the title"), max_length=30, choices=Title.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("eligibility check")
        verbose_name_plural = _("eligibility checks")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "code"], name="eligibility_code_unique")
        ]

    def __str__(self):
        return self.label
